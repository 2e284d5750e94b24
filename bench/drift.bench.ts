// One drift sweep over 200 databases on the local PostgreSQL server (store on the same server): wall time, cost per
// database, and the store queries each check makes. BENCH_DRIFT_DATABASES and BENCH_DRIFT_CONCURRENCY change the
// size and the checks run at once.
import { randomBytes } from 'node:crypto';
import postgres from 'postgres';
import { openDatabase } from '../db/client.ts';
import { migrateDatabase } from '../db/migrate.ts';
import { createDrizzleStore } from '../db/store/index.ts';
import { DriftWatch } from '../src/core/drift/watch.ts';
import { silentLogger } from '../src/core/ports/clock.ts';
import { createEngineConnector, createEngineRegistry } from '../src/engines.ts';
import { createSecretBox } from '../src/security/secret-box.ts';
import { seedDatabase } from '../tests/support/seed-database.ts';

const DATABASES = Number(process.env.BENCH_DRIFT_DATABASES ?? 200);
const CONCURRENCY = Number(process.env.BENCH_DRIFT_CONCURRENCY ?? 4);
const INTERVAL_MS = 10 * 60_000;

const schemaOf = (i: number) => `
  CREATE TABLE customers (id bigint PRIMARY KEY, email text NOT NULL UNIQUE, created_at timestamptz DEFAULT now());
  CREATE TABLE orders (id bigint PRIMARY KEY, customer_id bigint REFERENCES customers (id), total numeric(12,2));
  CREATE INDEX orders_customer ON orders (customer_id);
  CREATE VIEW big_orders AS SELECT * FROM orders WHERE total > ${i};`;

export default async function driftBench(): Promise<Record<string, unknown>> {
  const adminUrl = process.env.TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  const tag = `bd${randomBytes(3).toString('hex')}`;
  const admin = postgres(adminUrl, { max: 4, onnotice: () => {} });
  const names = Array.from({ length: DATABASES }, (_, i) => `${tag}_${i}`);
  const storeName = `${tag}_store`;
  const at = (name: string) => {
    const u = new URL(adminUrl);
    u.pathname = `/${name}`;
    return u.toString();
  };
  let queries = 0;
  const engines = createEngineConnector(createEngineRegistry());
  let handle: Awaited<ReturnType<typeof openDatabase>> | null = null;
  try {
    await admin.unsafe(`CREATE DATABASE ${storeName}`);
    // Four at a time: CREATE DATABASE copies a template and is the slow part of the setup.
    for (let i = 0; i < names.length; i += 4)
      await Promise.all(names.slice(i, i + 4).map((n) => admin.unsafe(`CREATE DATABASE ${n}`)));
    for (const [i, n] of names.entries()) {
      const c = postgres(at(n), { max: 1, onnotice: () => {} });
      await c.unsafe(schemaOf(i));
      await c.end();
    }
    handle = await openDatabase({ databaseUrl: at(storeName), dataDir: '', onQuery: () => queries++ });
    await migrateDatabase(handle);
    const store = createDrizzleStore(handle, createSecretBox(Buffer.alloc(32, 3)));
    // The first database comes with its instance and project; the others join them.
    const {
      instance,
      project,
      database: first,
    } = await seedDatabase(store, {
      instance: 'pg',
      url: adminUrl,
      database: names[0]!,
    });
    // Each database gets a baseline of its live schema; every tenth is then changed out of band.
    const connection = await engines.connection(instance);
    for (const [i, n] of names.entries()) {
      const database =
        i === 0
          ? first
          : await store.databases.create({
              instanceId: instance.id,
              name: n,
              projectId: project.id,
              source: 'api',
            });
      const schema = await connection.dumpSchema(n);
      const row = await store.history.begin({
        databaseId: database.id,
        issueId: null,
        taskId: null,
        version: null,
        type: 'baseline',
        statement: '-- bench baseline',
        checksum: 'bench',
        schemaBefore: schema,
        approverId: null,
        executorId: null,
      });
      await store.history.finish(row.id, { status: 'done', schemaAfter: schema, error: null, durationMs: 0 });
      if (i % 10 === 0) {
        const c = postgres(at(n), { max: 1, onnotice: () => {} });
        await c.unsafe('ALTER TABLE orders ADD COLUMN note text');
        await c.end();
      }
    }
    let now = Date.now();
    const watch = new DriftWatch({
      store,
      engines,
      clock: { now: () => now },
      logger: silentLogger,
      worker: 'bench',
      intervalMs: INTERVAL_MS,
      timeoutMs: 60_000,
      concurrency: CONCURRENCY,
    });
    await watch.sweep(); // schedules every database one interval from now
    now += INTERVAL_MS + 1;
    const sweeps: Record<string, unknown>[] = [];
    for (const label of ['first (state changes recorded)', 'second (same state, quiet)']) {
      queries = 0;
      const t0 = performance.now();
      const report = await watch.sweep();
      const ms = performance.now() - t0;
      const checks = await Promise.all(
        (await store.databases.list()).map(
          async (d) => (await store.driftStates.history(d.id, { limit: 1 }))[0],
        ),
      );
      const durations = checks.map((c) => c?.durationMs ?? 0).sort((a, b) => a - b);
      sweeps.push({
        sweep: label,
        ...report,
        wallMs: Math.round(ms),
        wallMsPerDatabase: Math.round((ms / DATABASES) * 100) / 100,
        checkMs: {
          p50: durations[Math.floor(durations.length * 0.5)],
          p95: durations[Math.floor(durations.length * 0.95)],
        },
        storeQueries: queries,
        storeQueriesPerCheck: Math.round((queries / Math.max(1, report.checked)) * 100) / 100,
      });
      now += INTERVAL_MS + 1;
    }
    const counts = await store.driftStates.countByStatus();
    return { databases: DATABASES, concurrency: CONCURRENCY, states: counts, sweeps };
  } finally {
    await engines.closeAll();
    await handle?.close();
    for (let i = 0; i < names.length; i += 8)
      await Promise.all(
        names.slice(i, i + 8).map((n) => admin.unsafe(`DROP DATABASE IF EXISTS ${n} WITH (FORCE)`)),
      );
    await admin.unsafe(`DROP DATABASE IF EXISTS ${storeName} WITH (FORCE)`);
    await admin.end();
  }
}
