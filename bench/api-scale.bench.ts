// The issue API at scale: 10,000 issues in the store, 200 concurrent keep-alive clients over real HTTP against
// GET /api/v1/issues (all, mine, pending) and GET /api/v1/issues/{id}, each p99 set against /healthz's under the
// same load in the same run; on the embedded store and, with TEST_POSTGRES_URL, on PostgreSQL.
// API_SCALE_PLANS=1 prints the EXPLAIN (ANALYZE) plan of every query the list reads run to stderr.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { serve } from '@hono/node-server';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { drizzle as drizzlePostgres } from 'drizzle-orm/postgres-js';
import postgres from 'postgres';
import type { Db, DbHandle } from '../db/client.ts';
import { openEmbeddedStore } from '../db/open-pglite.ts';
import * as schema from '../db/schema/index.ts';
import { createDrizzleStore } from '../db/store/index.ts';
import { composeService, type Service } from '../src/compose.ts';
import { loadConfig } from '../src/config.ts';
import { silentLogger, systemClock } from '../src/core/ports/clock.ts';
import type { ServiceContext } from '../src/core/services/context.ts';
import { getIssue } from '../src/core/services/get-issue.ts';
import { listIssues } from '../src/core/services/list-issues.ts';
import { type Raw, type Seeded, seed } from './support/api-scale-seed.ts';
import { drive } from './support/http-load.ts';

const ISSUES = Number(process.env.BENCH_API_ISSUES ?? 10_000);
const CLIENTS = Number(process.env.BENCH_API_CLIENTS ?? 200);
const PER_CLIENT = Number(process.env.BENCH_API_REQUESTS_PER_CLIENT ?? 10);
const PLANS = process.env.API_SCALE_PLANS === '1';
/** Which stores to measure: embedded, postgres or both (the default). */
const STORES = (process.env.API_SCALE_STORES ?? 'embedded,postgres').split(',');

const pct = (sorted: number[], p: number) =>
  Math.round(sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]! * 10) / 10;

/** Every SELECT the issue reads run, as the store sends it, with its EXPLAIN (ANALYZE) plan. */
async function readPlans(
  db: (logQuery: (q: string, p: unknown[]) => void) => Db,
  raw: Raw,
  service: Service,
  kind: DbHandle['kind'],
  issueId: number,
) {
  const plans: Record<string, { sql: string; plan: string }[]> = {};
  const list = (input: Record<string, string>) => (ctx: ServiceContext) => listIssues({ ctx, input });
  const cases: [string, string, (ctx: ServiceContext) => Promise<unknown>][] = [
    ['issuesAll', 'dev1@example.com', list({})],
    ['issuesMine', 'dev1@example.com', list({ filter: 'mine' })],
    ['issuesPending', 'dba@example.com', list({ filter: 'pending' })],
    ['issuesPendingProjectOwner', 'owner@example.com', list({ filter: 'pending' })],
    ['issueById', 'dba@example.com', (ctx) => getIssue({ ctx, input: { issueId } })],
  ];
  for (const [name, email, read] of cases) {
    const queries: { sql: string; params: unknown[] }[] = [];
    const store = createDrizzleStore(
      { kind, db: db((sql, params) => queries.push({ sql, params })), close: async () => {} },
      { seal: (s) => s, open: (s) => s, digest: (s) => s },
    );
    const actor = (await service.store.principals.findByEmail(email))!;
    await read({ store, actor, clock: systemClock, logger: silentLogger, requestId: null });
    plans[name] = [];
    for (const q of queries.filter((x) => /^\s*select/i.test(x.sql))) {
      const rows = await raw(`explain (analyze, costs off, timing off) ${q.sql}`, q.params);
      plans[name]!.push({ sql: q.sql, plan: rows.map((r) => String(Object.values(r)[0])).join('\n') });
    }
  }
  return plans;
}

/** Per read: how many queries it sends, the indexes their plans use, and whether any scans a big table whole. */
function planSummary(plans: Awaited<ReturnType<typeof readPlans>>) {
  const big = /Seq Scan on (issues|stages|tasks|approvals|task_runs|issue_events)\b/;
  return Object.fromEntries(
    Object.entries(plans).map(([name, list]) => [
      name,
      {
        queries: list.length,
        indexes: [
          ...new Set(list.flatMap((p) => [...p.plan.matchAll(/using (\w+)/g)].map((m) => m[1]!))),
        ].sort(),
        seqScansOfIssueTables: list.flatMap((p) => p.plan.match(big)?.[0] ?? []),
      },
    ]),
  );
}

async function measure(service: Service, seeded: Seeded) {
  const server = await new Promise<{ port: number; close(): Promise<void> }>((resolve) => {
    const s = serve({ fetch: service.app.fetch, hostname: '127.0.0.1', port: 0 }, (info: AddressInfo) =>
      resolve({
        port: info.port,
        close: () =>
          new Promise<void>((r) => {
            if ('closeAllConnections' in s) s.closeAllConnections();
            s.close(() => r());
          }),
      }),
    );
  });
  try {
    const token = (email: string) => seeded.tokens.get(email)!;
    const readers = [
      'admin',
      'dba',
      'dev',
      'owner',
      ...Array.from({ length: 8 }, (_, i) => `dev${i + 1}`),
    ].map((n) => token(`${n}@example.com`));
    const creators = ['dev', 'owner', ...Array.from({ length: 8 }, (_, i) => `dev${i + 1}`)].map((n) =>
      token(`${n}@example.com`),
    );
    const deciders = ['dba', 'admin', 'owner'].map((n) => token(`${n}@example.com`));
    const span = seeded.lastId - seeded.firstId + 1;
    const plan = (path: (c: number, i: number) => string, from: string[] | null) =>
      Array.from({ length: CLIENTS }, (_, c) =>
        Array.from({ length: PER_CLIENT }, (_, i) => ({
          path: path(c, i),
          token: from ? from[(c + i) % from.length]! : null,
        })),
      );
    const routes: [string, ReturnType<typeof plan>][] = [
      ['healthz', plan(() => '/healthz', null)],
      ['issuesAll', plan(() => '/api/v1/issues', readers)],
      ['issuesMine', plan(() => '/api/v1/issues?filter=mine', creators)],
      ['issuesPending', plan(() => '/api/v1/issues?filter=pending', deciders)],
      // DBAs and workspace owners see every issue; the ids spread over the whole store.
      [
        'issueById',
        plan(
          (c, i) => `/api/v1/issues/${seeded.firstId + ((c * 7919 + i * 104_729) % span)}`,
          deciders.slice(0, 2),
        ),
      ],
    ];
    // A short warm-up of every route: JIT and the database's caches.
    for (const [, r] of routes)
      await drive(
        server.port,
        r.map((x) => x.slice(0, 1)),
      );
    const out: Record<string, Record<string, number>> = {};
    for (const [name, requests] of routes) {
      const { ms, wallMs } = await drive(server.port, requests);
      const sorted = ms.sort((a, b) => a - b);
      out[name] = {
        requests: ms.length,
        p50: pct(sorted, 50),
        p95: pct(sorted, 95),
        p99: pct(sorted, 99),
        perSecond: Math.round((ms.length / wallMs) * 1000),
      };
    }
    const health = out.healthz!.p99!;
    for (const [name, r] of Object.entries(out))
      if (name !== 'healthz') r.ratioToHealthzP99 = Math.round((r.p99! / health) * 10) / 10;
    return out;
  } finally {
    await server.close();
  }
}

async function run(kind: DbHandle['kind'], raw: Raw, service: Service, db: Parameters<typeof readPlans>[0]) {
  const seedStart = performance.now();
  const seeded = await seed(service, raw, ISSUES);
  const seedMs = Math.round(performance.now() - seedStart);
  const routes = await measure(service, seeded);
  const plans = await readPlans(db, raw, service, kind, seeded.firstId + Math.floor(ISSUES / 2));
  if (PLANS)
    for (const [name, list] of Object.entries(plans))
      for (const p of list) process.stderr.write(`\n== ${kind} ${name}\n${p.sql}\n${p.plan}\n`);
  return {
    issues: ISSUES,
    mix: seeded.mix,
    seedMs,
    clients: CLIENTS,
    requestsPerClient: PER_CLIENT,
    routes,
    plans: planSummary(plans),
  };
}

export default async function apiScaleBench(): Promise<Record<string, unknown>> {
  const out: Record<string, unknown> = {};
  if (STORES.includes('embedded')) out.embedded = await embeddedRun();
  if (STORES.includes('postgres')) out.postgres = await postgresRun();
  return out;
}

async function embeddedRun() {
  const dir = mkdtempSync(join(tmpdir(), 'api-scale-bench-'));
  const pglite = openEmbeddedStore(dir);
  const embedded = await composeService(loadConfig({ DATA_DIR: dir, PORT: '0' }), silentLogger, {
    startScheduler: false,
    pglite,
  });
  try {
    const lite = await pglite;
    const raw: Raw = async (text, params) => (await lite.query<Record<string, unknown>>(text, params)).rows;
    return await run(
      'pglite',
      raw,
      embedded,
      (logQuery) => drizzlePglite({ client: lite, schema, logger: { logQuery } }) as unknown as Db,
    );
  } finally {
    await embedded.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

async function postgresRun() {
  const url = process.env.TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  const name = `bench_api_scale_${randomBytes(3).toString('hex')}`;
  const admin = postgres(url, { max: 1, onnotice: () => {} });
  await admin.unsafe(`CREATE DATABASE ${name}`);
  const storeUrl = new URL(url);
  storeUrl.pathname = `/${name}`;
  const pgDir = mkdtempSync(join(tmpdir(), 'api-scale-bench-pg-'));
  const client = postgres(storeUrl.href, { max: 2, onnotice: () => {} });
  try {
    const pg = await composeService(
      loadConfig({
        DATA_DIR: pgDir,
        PORT: '0',
        DATABASE_URL: storeUrl.href,
        DEMO: 'on',
        SECRET_KEY: 'api scale bench secret',
      }),
      silentLogger,
      { startScheduler: false },
    );
    try {
      const raw: Raw = async (text, params) =>
        (await client.unsafe(text, (params ?? []) as never[])) as unknown as Record<string, unknown>[];
      return await run(
        'postgres',
        raw,
        pg,
        (logQuery) => drizzlePostgres({ client, schema, logger: { logQuery } }) as unknown as Db,
      );
    } finally {
      await pg.close();
    }
  } finally {
    await client.end();
    await admin.unsafe(`DROP DATABASE ${name} WITH (FORCE)`);
    await admin.end();
    rmSync(pgDir, { recursive: true, force: true });
  }
}
