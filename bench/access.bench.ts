// Access administration at volume: the audit log read with 20,000 rows (whole log, filtered, a project owner's
// view, the 50th page by cursor), a token-authenticated GET /me, and issuing a token; on the embedded store
// and, when TEST_POSTGRES_URL is set, on PostgreSQL.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import postgres from 'postgres';
import { composeService, type Service } from '../src/compose.ts';
import { loadConfig } from '../src/config.ts';
import { silentLogger } from '../src/core/ports/clock.ts';

const ROWS = Number(process.env.BENCH_AUDIT_ROWS ?? 20_000);
const REQUESTS = Number(process.env.BENCH_ACCESS_REQUESTS ?? 200);

const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return Math.round(s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]! * 100) / 100;
};

async function timed(n: number, fn: (i: number) => Response | Promise<Response>) {
  const ms: number[] = [];
  for (let i = 0; i < n; i++) {
    const t = performance.now();
    const res = await fn(i);
    await res.arrayBuffer();
    if (res.status >= 400) throw new Error(`answered ${res.status}`);
    ms.push(performance.now() - t);
  }
  return { p50: pct(ms, 50), p95: pct(ms, 95), p99: pct(ms, 99) };
}

async function measure(service: Service): Promise<Record<string, unknown>> {
  const token = (email: string) => service.demoTokens!.find((t) => t.email === email)!.token;
  const get = (bearer: string, path: string) =>
    service.app.request(`/api/v1${path}`, { headers: { authorization: `Bearer ${bearer}` } });
  const admin = token('admin@example.com');
  const owner = token('owner@example.com');
  const demo = (await service.store.projects.getByKey('demo'))!;
  const actors = (await service.store.principals.list()).filter((p) => p.kind === 'user');
  const seedStart = performance.now();
  await service.store.transaction(async (tx) => {
    for (let i = 0; i < ROWS; i++) {
      const actor = actors[i % actors.length]!;
      await tx.audit.append({
        actorId: actor.id,
        action: ['issue.approve', 'token.create', 'member.add', 'database.drift_check'][i % 4]!,
        resourceType: i % 4 === 3 ? 'database' : 'project',
        resourceId: `bench-${i}`,
        projectId: i % 3 === 0 ? demo.id : null,
        details: { i },
        requestId: null,
      });
    }
  });
  const seedMs = Math.round(performance.now() - seedStart);
  let cursor: string | null = null;
  for (let page = 0; page < 49; page++) {
    const res = await get(admin, `/audit?limit=50${cursor ? `&cursor=${cursor}` : ''}`);
    cursor = ((await res.json()) as { nextCursor: string | null }).nextCursor;
  }
  const fiftieth = cursor;
  return {
    auditRows: ROWS,
    seedMs,
    requests: REQUESTS,
    auditFirstPageMs: await timed(REQUESTS, () => get(admin, '/audit?limit=50')),
    auditFilteredMs: await timed(REQUESTS, () =>
      get(admin, `/audit?actor=${encodeURIComponent(actors[1]!.email)}&action=token.*&limit=50`),
    ),
    auditProjectOwnerMs: await timed(REQUESTS, () => get(owner, '/audit?limit=50')),
    auditFiftiethPageMs: await timed(REQUESTS, () => get(admin, `/audit?limit=50&cursor=${fiftieth}`)),
    meWithTokenMs: await timed(REQUESTS, () => get(owner, '/me')),
    createTokenMs: await timed(40, (i) =>
      service.app.request('/api/v1/users/dev@example.com/tokens', {
        method: 'POST',
        headers: { authorization: `Bearer ${admin}`, 'content-type': 'application/json' },
        body: JSON.stringify({ name: `bench ${i}` }),
      }),
    ),
  };
}

export default async function accessBench(): Promise<Record<string, unknown>> {
  const out: Record<string, unknown> = {};
  const dir = mkdtempSync(join(tmpdir(), 'access-bench-'));
  const embedded = await composeService(loadConfig({ DATA_DIR: dir, PORT: '0' }), silentLogger, {
    startScheduler: false,
  });
  try {
    out.embedded = await measure(embedded);
  } finally {
    await embedded.close();
    rmSync(dir, { recursive: true, force: true });
  }
  const url = process.env.TEST_POSTGRES_URL;
  if (url) {
    const name = `bench_access_${randomBytes(3).toString('hex')}`;
    const admin = postgres(url, { max: 1, onnotice: () => {} });
    await admin.unsafe(`CREATE DATABASE ${name}`);
    const storeUrl = new URL(url);
    storeUrl.pathname = `/${name}`;
    const pgDir = mkdtempSync(join(tmpdir(), 'access-bench-pg-'));
    const pg = await composeService(
      loadConfig({
        DATA_DIR: pgDir,
        PORT: '0',
        DATABASE_URL: storeUrl.href,
        DEMO: 'on',
        SECRET_KEY: 'access bench secret',
      }),
      silentLogger,
      { startScheduler: false },
    );
    try {
      out.postgres = await measure(pg);
    } finally {
      await pg.close();
      await admin.unsafe(`DROP DATABASE ${name} WITH (FORCE)`);
      await admin.end();
      rmSync(pgDir, { recursive: true, force: true });
    }
  }
  return out;
}
