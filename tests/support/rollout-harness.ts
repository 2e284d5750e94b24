// Runs the whole service in-process over a workspace whose targets are scratch databases on a real server.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import mysql from 'mysql2/promise';
import postgres from 'postgres';
import { composeService, type Service } from '../../src/compose.ts';
import { loadConfig } from '../../src/config.ts';
import { silentLogger } from '../../src/core/ports/clock.ts';

export type TargetEngine = 'postgres' | 'mysql';

export interface Harness {
  service: Service;
  /** Database name per environment and short name, e.g. names.test.shop. */
  names: Record<string, Record<string, string>>;
  tokens: { dba: string; dev: string; owner: string; dev2: string };
  /** Calls the API as a user. */
  api(token: string, method: string, path: string, body?: unknown): Promise<{ status: number; json: any }>;
  /** Polls an issue until its status is one of `until` (bounded). */
  waitFor(token: string, issueId: number, until: string[], timeoutMs?: number): Promise<any>;
  /** Runs SQL on a target database directly. */
  query(env: string, db: string, sql: string): Promise<unknown[]>;
  close(): Promise<void>;
}

const TOKENS = {
  dba: `bbt_dba_${randomBytes(12).toString('hex')}`,
  dev: `bbt_dev_${randomBytes(12).toString('hex')}`,
  owner: `bbt_own_${randomBytes(12).toString('hex')}`,
  dev2: `bbt_dv2_${randomBytes(12).toString('hex')}`,
};

async function adminQuery(
  engine: TargetEngine,
  url: string,
  sql: string,
  database?: string,
): Promise<unknown[]> {
  if (engine === 'postgres') {
    const client = postgres(url, { max: 1, onnotice: () => {}, ...(database ? { database } : {}) });
    try {
      return [...(await client.unsafe(sql))];
    } finally {
      await client.end();
    }
  }
  const u = new URL(url);
  const conn = await mysql.createConnection({
    host: u.hostname,
    port: Number(u.port || 3306),
    user: decodeURIComponent(u.username),
    password: decodeURIComponent(u.password),
    ...(database ? { database } : {}),
    multipleStatements: true,
  });
  try {
    const [rows] = await conn.query(sql);
    return Array.isArray(rows) ? (rows as unknown[]) : [];
  } finally {
    await conn.end();
  }
}

/** Creates scratch target databases, writes a workspace file and composes the service on an embedded store. */
export async function startRolloutHarness(options: {
  engine: TargetEngine;
  adminUrl: string;
  environments?: string[];
  databases?: string[];
  allowSelfApproval?: boolean;
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
      await adminQuery(options.engine, options.adminUrl, `CREATE DATABASE ${name}`);
    }
  }
  const dir = mkdtempSync(join(tmpdir(), 'rollout-'));
  const lines = [
    'environments:',
    ...envs.map((e) => `  - { key: ${e}, review: { template: ${e === 'prod' ? 'prod' : 'dev'} } }`),
    'instances:',
    ...envs.map(
      (e) => `  - { key: ${e}-db, engine: ${options.engine}, environment: ${e}, url: "${options.adminUrl}" }`,
    ),
    'users:',
    '  - { email: dba@example.com, name: Dana DBA, role: dba, tokenEnv: T_DBA }',
    '  - { email: dev@example.com, name: Devon Dev, role: developer, tokenEnv: T_DEV }',
    '  - { email: dev2@example.com, name: Dee Dev, role: developer, tokenEnv: T_DEV2 }',
    '  - { email: owner@example.com, name: Olivia Owner, role: developer, tokenEnv: T_OWNER }',
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
  const config = loadConfig({
    DATA_DIR: join(dir, 'data'),
    WORKSPACE_FILE: join(dir, 'workspace.yaml'),
    SECRET_KEY: 'rollout harness secret key',
    ROLLOUT_POLL_MS: '50',
    ROLLOUT_CONCURRENCY: '4',
    T_DBA: TOKENS.dba,
    T_DEV: TOKENS.dev,
    T_DEV2: TOKENS.dev2,
    T_OWNER: TOKENS.owner,
  });
  const service = await composeService(config, silentLogger);
  await service.started;
  const api: Harness['api'] = async (token, method, path, body) => {
    const res = await service.app.request(path, {
      method,
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    return { status: res.status, json: await res.json() };
  };
  return {
    service,
    names,
    tokens: TOKENS,
    api,
    async waitFor(token, issueId, until, timeoutMs = 60_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const { json } = await api(token, 'GET', `/api/v1/issues/${issueId}`);
        if (until.includes(json.issue?.status)) return json;
        if (Date.now() > deadline)
          throw new Error(
            `issue ${issueId} is ${json.issue?.status}, not ${until.join('|')}, after ${timeoutMs} ms`,
          );
        await new Promise((r) => setTimeout(r, 50));
      }
    },
    query: (env, db, sql) => adminQuery(options.engine, options.adminUrl, sql, names[env]![db]),
    async close() {
      await service.close();
      const force = options.engine === 'postgres' ? ' WITH (FORCE)' : '';
      for (const env of envs)
        for (const db of dbs)
          await adminQuery(
            options.engine,
            options.adminUrl,
            `DROP DATABASE IF EXISTS ${names[env]![db]}${force}`,
          ).catch(() => {});
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
