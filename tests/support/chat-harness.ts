// The whole service over HTTP with chat platforms configured against their loopback fakes, on scratch PostgreSQL targets.
import { randomBytes } from 'node:crypto';
import type { Service } from '../../src/compose.ts';
import type { ChatContractKit } from '../contracts/chat-kit.ts';
import { startService } from './service-fixture.ts';
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
  const running = await startService({
    workspaceLines: lines,
    http: true,
    env: {
      PUBLIC_URL: 'https://bytebase.example.com',
      ...Object.assign({}, ...options.kits.map((k) => k.env)),
      ...tokenEnv(tokens),
    },
    compose: { chatProgressIntervalMs: options.progressIntervalMs ?? 1000 },
  });
  const { service, baseUrl } = running;
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
      await running.close();
      for (const env of envs) await dropTargetDatabase('postgres', options.adminUrl, names[env]!);
    },
  };
}
