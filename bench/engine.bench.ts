// Per-task engine overhead on PostgreSQL: connect, snapshot before, execute, snapshot after, by schema size.
import { randomBytes } from 'node:crypto';
import { createPostgresEngineDriver } from '../adapters/engines/postgres/index.ts';
import type { EngineConnection, InstanceConnection } from '../src/core/ports/engine-driver.ts';

const SIZES = [1, 10, 100] as const;
const ITERATIONS: Record<(typeof SIZES)[number], number> = { 1: 20, 10: 20, 100: 10 };
const PHASES = ['connect', 'snapshotBefore', 'execute', 'snapshotAfter', 'total'] as const;

function schemaScript(tables: number): string {
  const out: string[] = [];
  for (let i = 0; i < tables; i++) {
    out.push(
      `CREATE TABLE t_${i} (id bigint PRIMARY KEY, name text NOT NULL, amount numeric(10,2) DEFAULT 0, created_at timestamptz);`,
      `CREATE INDEX t_${i}_name ON t_${i} (name);`,
    );
  }
  return out.join('\n');
}

function summarise(samples: number[]): { median: number; p95: number } {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q: number): number => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;
  const round = (n: number): number => Math.round(n * 100) / 100;
  return { median: round(at(0.5)), p95: round(at(0.95)) };
}

/** Measures the phases of one task per schema size; skips when no PostgreSQL server answers. */
export default async function run(): Promise<Record<string, unknown>> {
  const url = process.env.TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  const instance: InstanceConnection = { engine: 'postgres', url };
  const driver = createPostgresEngineDriver();
  let admin: EngineConnection;
  try {
    admin = await driver.connect(instance);
  } catch (err) {
    return { skipped: `PostgreSQL unreachable at ${new URL(url).host}: ${(err as Error).message}` };
  }
  const results: Record<string, unknown> = { server: await admin.serverVersion() };
  const created: string[] = [];
  try {
    for (const tables of SIZES) {
      const database = `bench_engine_${tables}_${randomBytes(4).toString('hex')}`;
      await admin.createDatabase(database);
      created.push(database);
      const setup = await admin.execute(schemaScript(tables), { database });
      if (setup.status !== 'done') throw new Error(`schema setup failed for ${tables} tables`);
      const samples: Record<(typeof PHASES)[number], number[]> = {
        connect: [],
        snapshotBefore: [],
        execute: [],
        snapshotAfter: [],
        total: [],
      };
      let snapshotBytes = 0;
      for (let i = 0; i < ITERATIONS[tables]; i++) {
        const t0 = performance.now();
        const conn = await driver.connect(instance);
        const t1 = performance.now();
        const before = await conn.dumpSchema(database);
        const t2 = performance.now();
        const result = await conn.execute('SELECT 1', { database });
        const t3 = performance.now();
        await conn.dumpSchema(database);
        const t4 = performance.now();
        await conn.close();
        if (result.status !== 'done') throw new Error('trivial statement failed');
        snapshotBytes = before.length;
        samples.connect.push(t1 - t0);
        samples.snapshotBefore.push(t2 - t1);
        samples.execute.push(t3 - t2);
        samples.snapshotAfter.push(t4 - t3);
        samples.total.push(t4 - t0);
      }
      results[`tables_${tables}`] = {
        iterations: ITERATIONS[tables],
        snapshotBytes,
        ms: Object.fromEntries(PHASES.map((p) => [p, summarise(samples[p])])),
      };
    }
  } finally {
    for (const name of created) await admin.dropDatabase(name).catch(() => undefined);
    await admin.close();
  }
  return results;
}
