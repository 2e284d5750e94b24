// The whole service over HTTP with chat platforms configured against their loopback fakes, on scratch PostgreSQL targets.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { serve } from '@hono/node-server';
import { composeService, type Service } from '../../src/compose.ts';
import { loadConfig } from '../../src/config.ts';
import { silentLogger } from '../../src/core/ports/clock.ts';
import type { ChatContractKit } from '../contracts/chat-kit.ts';
import {
  apiClient,
  dropTargetDatabase,
  mintTestTokens,
  pollUntil,
  targetQuery,
  tokenEnv,
  workspaceHeadYaml,
} from './workspace-fixture.ts';

export interface ChatHarness {
  service: Service;
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

/**
 * Starts the service (HTTP on 127.0.0.1) configured for every kit's platform fake, with project `shop`
 * bound to each kit's channel, then connects the kits' drivers to it. The kits are closed by their owner.
 */
export async function startChatHarness(options: {
  adminUrl: string;
  kits: ChatContractKit[];
  progressIntervalMs?: number;
}): Promise<ChatHarness> {
  const prefix = `ct${randomBytes(3).toString('hex')}`;
  const envs = ['test', 'prod'];
  const names: Record<string, string> = {};
  for (const env of envs) {
    names[env] = `${prefix}_${env}_shop`;
    await targetQuery('postgres', options.adminUrl, `CREATE DATABASE ${names[env]}`);
  }
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
    ...options.kits.map((k) => `      - { platform: ${k.platform}, channel: "${k.channel}" }`),
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
    ...Object.assign({}, ...options.kits.map((k) => k.env)),
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
  for (const kit of options.kits) await kit.connect(baseUrl);
  return {
    service,
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
      for (const env of envs) await dropTargetDatabase('postgres', options.adminUrl, names[env]!);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
