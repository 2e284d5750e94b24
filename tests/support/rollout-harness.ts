// Runs the whole service in-process over a workspace whose targets are scratch databases on a real server.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { composeService, type Service } from '../../src/compose.ts';
import { loadConfig } from '../../src/config.ts';
import { silentLogger } from '../../src/core/ports/clock.ts';
import {
  apiClient,
  dropTargetDatabase,
  mintTestTokens,
  pollUntil,
  type TargetEngine,
  type TestUser,
  targetQuery,
  tokenEnv,
  workspaceHeadYaml,
} from './workspace-fixture.ts';

export type { TargetEngine } from './workspace-fixture.ts';

export interface Harness {
  service: Service;
  /** Database name per environment and short name, e.g. names.test.shop. */
  names: Record<string, Record<string, string>>;
  tokens: Record<TestUser, string>;
  /** Calls the API as a user. */
  api(token: string, method: string, path: string, body?: unknown): Promise<{ status: number; json: any }>;
  /** Polls an issue until its status is one of `until` (bounded). */
  waitFor(token: string, issueId: number, until: string[], timeoutMs?: number): Promise<any>;
  /** The scratch database holding the service's own store, when it is on PostgreSQL. */
  storeDatabase: string | null;
  /** Runs SQL on a target database directly. */
  query(env: string, db: string, sql: string): Promise<unknown[]>;
  close(): Promise<void>;
}

const withDatabase = (url: string, database: string) => {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
};

/** Creates scratch target databases, writes a workspace file and composes the service on an embedded store. */
export async function startRolloutHarness(options: {
  engine: TargetEngine;
  adminUrl: string;
  environments?: string[];
  databases?: string[];
  allowSelfApproval?: boolean;
  /** Keep the service's own store in a scratch database on this PostgreSQL server instead of the embedded one. */
  storeUrl?: string;
}): Promise<Harness> {
  const envs = options.environments ?? ['test', 'prod'];
  const dbs = options.databases ?? ['shop', 'inventory'];
  const prefix = `rt${randomBytes(3).toString('hex')}`;
  const names: Harness['names'] = {};
  for (const env of envs) {
    names[env] = {};
    for (const db of dbs) {
      const name = `${prefix}_${env}_${db}`;
      names[env]![db] = name;
      await targetQuery(options.engine, options.adminUrl, `CREATE DATABASE ${name}`);
    }
  }
  const dir = mkdtempSync(join(tmpdir(), 'rollout-'));
  const lines = [
    ...workspaceHeadYaml(envs, options.engine, options.adminUrl),
    'projects:',
    '  - key: shop',
    `    allowSelfApproval: ${options.allowSelfApproval ? 'true' : 'false'}`,
    '    databases:',
    ...envs.flatMap((e) => dbs.map((d) => `      - { instance: ${e}-db, name: ${names[e]![d]} }`)),
    '    members:',
    '      - { email: dev@example.com, role: developer }',
    '      - { email: dev2@example.com, role: developer }',
    '      - { email: owner@example.com, role: owner }',
  ];
  writeFileSync(join(dir, 'workspace.yaml'), `${lines.join('\n')}\n`);
  const tokens = mintTestTokens();
  let storeDb: string | null = null;
  if (options.storeUrl) {
    storeDb = `${prefix}_store`;
    await targetQuery('postgres', options.storeUrl, `CREATE DATABASE ${storeDb}`);
  }
  const storeEnv: Record<string, string> =
    options.storeUrl && storeDb ? { DATABASE_URL: withDatabase(options.storeUrl, storeDb) } : {};
  const config = loadConfig({
    ...storeEnv,
    DATA_DIR: join(dir, 'data'),
    WORKSPACE_FILE: join(dir, 'workspace.yaml'),
    SECRET_KEY: 'rollout harness secret key',
    ROLLOUT_POLL_MS: '50',
    ROLLOUT_CONCURRENCY: '4',
    ...tokenEnv(tokens),
  });
  const service = await composeService(config, silentLogger);
  const api = apiClient((path, init) => service.app.request(path, init));
  return {
    service,
    storeDatabase: storeDb,
    names,
    tokens,
    api,
    async waitFor(token, issueId, until, timeoutMs = 60_000) {
      let status = '?';
      return pollUntil(
        () => `issue ${issueId} to be ${until.join('|')} (it is ${status})`,
        async () => {
          const { json } = await api(token, 'GET', `/api/v1/issues/${issueId}`);
          status = json.issue?.status;
          return until.includes(status) ? json : null;
        },
        timeoutMs,
        50,
      );
    },
    query: (env, db, sql) => targetQuery(options.engine, options.adminUrl, sql, names[env]![db]),
    async close() {
      await service.close();
      for (const env of envs)
        for (const db of dbs) await dropTargetDatabase(options.engine, options.adminUrl, names[env]![db]!);
      if (options.storeUrl && storeDb) await dropTargetDatabase('postgres', options.storeUrl, storeDb);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
