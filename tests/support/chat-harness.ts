// The whole service over HTTP with Slack configured against the loopback fake, on scratch PostgreSQL targets.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { serve } from '@hono/node-server';
import { composeService, type Service } from '../../src/compose.ts';
import { loadConfig } from '../../src/config.ts';
import { silentLogger } from '../../src/core/ports/clock.ts';
import { createSlackDriver, type SlackDriver, type SlackFake, startSlackFake } from '../fakes/slack/index.ts';
import {
  apiClient,
  dropTargetDatabase,
  mintTestTokens,
  pollUntil,
  targetQuery,
  tokenEnv,
  workspaceHeadYaml,
} from './workspace-fixture.ts';

export const CHANNEL = 'C0APPROVALS';
export const SIGNING_SECRET = 'e2e-signing-secret';
export const SLACK_USERS = {
  dba: 'U0DBA',
  dev: 'U0DEV',
  dev2: 'U0DEV2',
  owner: 'U0OWNER',
  stranger: 'U0STRANGER',
  noEmail: 'U0NOEMAIL',
} as const;

export interface ChatHarness {
  service: Service;
  fake: SlackFake;
  slack: SlackDriver;
  baseUrl: string;
  /** Target database names per environment, e.g. names.test. */
  names: Record<string, string>;
  tokens: Record<'dba' | 'dev' | 'owner' | 'dev2', string>;
  /** Runs SQL on the prod target database. */
  query(sql: string): Promise<unknown[]>;
  api(token: string, method: string, path: string, body?: unknown): Promise<{ status: number; json: any }>;
  /** Polls until `check` returns a value (bounded). */
  until<T>(
    what: string,
    check: () => T | undefined | null | false | Promise<T | undefined | null | false>,
    timeoutMs?: number,
  ): Promise<T>;
  close(): Promise<void>;
}

/** Starts the fake, the service (HTTP on 127.0.0.1) and a signed driver aimed at /hooks/slack. */
export async function startChatHarness(options: {
  adminUrl: string;
  progressIntervalMs?: number;
}): Promise<ChatHarness> {
  const prefix = `ct${randomBytes(3).toString('hex')}`;
  const envs = ['test', 'prod'];
  const names: Record<string, string> = {};
  for (const env of envs) {
    names[env] = `${prefix}_${env}_shop`;
    await targetQuery('postgres', options.adminUrl, `CREATE DATABASE ${names[env]}`);
  }
  const fake = await startSlackFake({
    botToken: 'xoxb-e2e',
    users: [
      { id: SLACK_USERS.dba, name: 'dana', realName: 'Dana DBA', email: 'dba@example.com' },
      { id: SLACK_USERS.dev, name: 'devon', realName: 'Devon Dev', email: 'dev@example.com' },
      { id: SLACK_USERS.dev2, name: 'dee', realName: 'Dee Dev', email: 'dev2@example.com' },
      { id: SLACK_USERS.owner, name: 'olivia', realName: 'Olivia Owner', email: 'owner@example.com' },
      { id: SLACK_USERS.stranger, name: 'sam', email: 'sam@elsewhere.example' },
      { id: SLACK_USERS.noEmail, name: 'nemo' },
    ],
    channels: [{ id: CHANNEL, name: 'db-approvals' }],
  });
  const tokens = mintTestTokens();
  const dir = mkdtempSync(join(tmpdir(), 'chat-'));
  const lines = [
    ...workspaceHeadYaml(envs, 'postgres', options.adminUrl),
    'projects:',
    '  - key: shop',
    '    allowSelfApproval: false',
    '    databases:',
    ...envs.map((e) => `      - { instance: ${e}-db, name: ${names[e]} }`),
    '    members:',
    '      - { email: dev@example.com, role: developer }',
    '      - { email: owner@example.com, role: owner }',
    '    chat:',
    `      - { platform: slack, channel: ${CHANNEL} }`,
    '  - key: secret',
    '    members:',
    '      - { email: dev2@example.com, role: owner }',
  ];
  writeFileSync(join(dir, 'workspace.yaml'), `${lines.join('\n')}\n`);
  const config = loadConfig({
    DATA_DIR: join(dir, 'data'),
    WORKSPACE_FILE: join(dir, 'workspace.yaml'),
    SECRET_KEY: 'chat harness secret key',
    PUBLIC_URL: 'https://bytebase.example.com',
    ROLLOUT_POLL_MS: '50',
    SLACK_SIGNING_SECRET: SIGNING_SECRET,
    SLACK_BOT_TOKEN: 'xoxb-e2e',
    SLACK_API_URL: fake.apiUrl,
    ...tokenEnv(tokens),
  });
  const service = await composeService(config, silentLogger, {
    chatProgressIntervalMs: options.progressIntervalMs ?? 1000,
  });
  const { server, port } = await new Promise<{ server: ReturnType<typeof serve>; port: number }>(
    (resolve) => {
      const s = serve({ fetch: service.app.fetch, hostname: '127.0.0.1', port: 0 }, (info: AddressInfo) =>
        resolve({ server: s, port: info.port }),
      );
    },
  );
  const baseUrl = `http://127.0.0.1:${port}`;
  const slack = createSlackDriver({
    targetUrl: `${baseUrl}/hooks/slack`,
    signingSecret: SIGNING_SECRET,
    fake,
  });
  return {
    service,
    fake,
    slack,
    baseUrl,
    names,
    tokens,
    query: (sql) => targetQuery('postgres', options.adminUrl, sql, names.prod),
    api: apiClient((path, init) => fetch(`${baseUrl}${path}`, init)),
    until: (what, check, timeoutMs) => pollUntil(what, check, timeoutMs),
    async close() {
      await new Promise<void>((r) => {
        if ('closeAllConnections' in server) server.closeAllConnections();
        server.close(() => r());
      });
      await service.close();
      await fake.close();
      for (const env of envs) await dropTargetDatabase('postgres', options.adminUrl, names[env]!);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
