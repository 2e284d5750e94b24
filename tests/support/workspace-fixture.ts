// Pieces every in-process service harness shares: test users and tokens, workspace YAML, target SQL, polling.
import { randomBytes } from 'node:crypto';
import mysql from 'mysql2/promise';
import postgres from 'postgres';

export type TargetEngine = 'postgres' | 'mysql';
export type TestUser = 'dba' | 'dev' | 'dev2' | 'owner';

/** Fresh API tokens for the four test users. */
export function mintTestTokens(): Record<TestUser, string> {
  const token = (tag: string) => `bbt_${tag}_${randomBytes(12).toString('hex')}`;
  return { dba: token('dba'), dev: token('dev'), dev2: token('dv2'), owner: token('own') };
}

/** The env vars the workspace file's `tokenEnv` entries read. */
export const tokenEnv = (tokens: Record<TestUser, string>) => ({
  T_DBA: tokens.dba,
  T_DEV: tokens.dev,
  T_DEV2: tokens.dev2,
  T_OWNER: tokens.owner,
});

/** Workspace YAML for environments (prod reviewed with the prod template), one instance each, and the test users. */
export function workspaceHeadYaml(envs: string[], engine: TargetEngine, url: string): string[] {
  return [
    'environments:',
    ...envs.map((e) => `  - { key: ${e}, review: { template: ${e === 'prod' ? 'prod' : 'dev'} } }`),
    'instances:',
    ...envs.map((e) => `  - { key: ${e}-db, engine: ${engine}, environment: ${e}, url: "${url}" }`),
    'users:',
    '  - { email: dba@example.com, name: Dana DBA, role: dba, tokenEnv: T_DBA }',
    '  - { email: dev@example.com, name: Devon Dev, role: developer, tokenEnv: T_DEV }',
    '  - { email: dev2@example.com, name: Dee Dev, role: developer, tokenEnv: T_DEV2 }',
    '  - { email: owner@example.com, name: Olivia Owner, role: developer, tokenEnv: T_OWNER }',
  ];
}

/** Runs SQL on a target server (optionally in one database) with a short-lived connection. */
export async function targetQuery(
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

/** Drops a scratch target database; PostgreSQL ends its remaining sessions first. */
export const dropTargetDatabase = (engine: TargetEngine, url: string, name: string) =>
  targetQuery(
    engine,
    url,
    `DROP DATABASE IF EXISTS ${name}${engine === 'postgres' ? ' WITH (FORCE)' : ''}`,
  ).catch(() => {});

/** Polls `check` until it returns a truthy value; fails naming `what` after the bound. */
export async function pollUntil<T>(
  what: string | (() => string),
  check: () => T | undefined | null | false | Promise<T | undefined | null | false>,
  timeoutMs = 30_000,
  intervalMs = 25,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > deadline)
      throw new Error(
        `timed out after ${timeoutMs} ms waiting for ${typeof what === 'string' ? what : what()}`,
      );
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}

/** Calls the JSON API as a user through `fetchLike` (the app's in-process request or a real fetch). */
export function apiClient(fetchLike: (path: string, init: RequestInit) => Response | Promise<Response>) {
  return async (
    token: string,
    method: string,
    path: string,
    body?: unknown,
  ): Promise<{ status: number; json: any }> => {
    const res = await fetchLike(path, {
      method,
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    return { status: res.status, json: await res.json() };
  };
}
