// Rollout scheduling overhead per task (claim, run bookkeeping, history, events) over 1, 100 and 1,000 databases.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import postgres from 'postgres';
import { composeService, type Service } from '../src/compose.ts';
import { loadConfig } from '../src/config.ts';
import { silentLogger } from '../src/core/ports/clock.ts';
import type { EngineDriver } from '../src/core/ports/engine-driver.ts';
import { createScratchPostgresDatabase } from '../tests/support/store.ts';
import { createInstantEngine } from './support/instant-engine.ts';

const SIZES = [1, 100, 1000] as const;
const REAL_TARGETS = 10;
const CONCURRENCY = 8;
const STATEMENT = 'CREATE TABLE t (id bigint PRIMARY KEY);';
const TOKENS = {
  dev: `bbt_dev_${randomBytes(12).toString('hex')}`,
  boss: `bbt_boss_${randomBytes(12).toString('hex')}`,
};

/** One environment, one instance, a developer and a workspace owner, and a project per group of databases. */
function workspaceYaml(instanceUrl: string, projects: Record<string, string[]>): string {
  const blocks = Object.entries(projects).map(
    ([key, names]) => `  - key: ${key}
    databases:
${names.map((n) => `      - { instance: target, name: ${n} }`).join('\n')}
    members:
      - { email: dev@example.com, role: developer }`,
  );
  return `version: 1
environments:
  - { key: test, name: Test }
instances:
  - { key: target, engine: postgres, environment: test, url: "${instanceUrl}" }
users:
  - { email: dev@example.com, name: Dev, role: developer, tokenEnv: BENCH_DEV_TOKEN }
  - { email: boss@example.com, name: Boss, role: owner, tokenEnv: BENCH_BOSS_TOKEN }
projects:
${blocks.join('\n')}
`;
}

async function startService(storeUrl: string, dir: string, yaml: string, driver?: EngineDriver) {
  const file = join(dir, `workspace-${randomBytes(3).toString('hex')}.yaml`);
  writeFileSync(file, yaml);
  const env = {
    DATA_DIR: dir,
    DATABASE_URL: storeUrl,
    WORKSPACE_FILE: file,
    SECRET_KEY: 'b'.repeat(64),
    DEMO: 'off',
    ROLLOUT_CONCURRENCY: String(CONCURRENCY),
    ROLLOUT_POLL_MS: '10',
    BENCH_DEV_TOKEN: TOKENS.dev,
    BENCH_BOSS_TOKEN: TOKENS.boss,
  };
  const started = performance.now();
  const service = await composeService(
    loadConfig(env),
    silentLogger,
    driver ? { engines: { postgres: driver } } : {},
  );
  return { service, bootMs: Math.round(performance.now() - started) };
}

async function request(service: Service, token: string, path: string, body: unknown) {
  const res = await service.app.request(`/api/v1${path}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  const json = (await res.json()) as { issue?: { id: number }; error?: { message: string } };
  if (res.status >= 300) throw new Error(`POST ${path}: ${res.status} ${json.error?.message}`);
  return json;
}

/** Creates an issue over every database of `project`, approves it and times approve -> rollout finished. */
async function rollout(service: Service, project: string, timeoutMs: number) {
  const created = await request(service, TOKENS.dev, `/projects/${project}/issues`, {
    title: `bench ${project}`,
    type: 'schema',
    statement: STATEMENT,
    targets: [{ environment: 'test' }],
  });
  const issueId = created.issue!.id;
  let timer: NodeJS.Timeout | undefined;
  let unsubscribe = () => {};
  const finished = new Promise<string>((resolve, reject) => {
    timer = setTimeout(
      () => reject(new Error(`rollout of ${project} did not finish in ${timeoutMs} ms`)),
      timeoutMs,
    );
    unsubscribe = service.events.subscribe((e) => {
      if (e.type === 'rollout.finished' && e.issueId === issueId) resolve(e.status);
    });
  });
  const started = performance.now();
  try {
    await request(service, TOKENS.boss, `/issues/${issueId}/approve`, {});
    const status = await finished;
    const totalMs = performance.now() - started;
    const runs = await service.store.rollout.runsOfIssue(issueId);
    return { issueId, status, totalMs, runs };
  } finally {
    clearTimeout(timer);
    unsubscribe();
  }
}

const round = (n: number) => Math.round(n * 100) / 100;

/**
 * Median time to load the issue with all its tasks: the runner loads it at the start of each task and again
 * when settling, so it shows how per-task cost grows with the number of tasks in one issue.
 */
async function detailLoadMs(service: Service, issueId: number): Promise<number> {
  const samples: number[] = [];
  for (let i = 0; i < 5; i++) {
    const t = performance.now();
    await service.store.issues.detail(issueId);
    samples.push(performance.now() - t);
  }
  return round(samples.sort((a, b) => a - b)[2]!);
}

function summary(tasks: number, totalMs: number, sqlMs: number) {
  return {
    tasks,
    totalMs: round(totalMs),
    // Wall time per task: what a DBA waits per database.
    perTaskMs: round(totalMs / tasks),
    // Worker-slot time per task: each of the CONCURRENCY slots is busy this long per task, SQL included.
    perTaskSlotMs: round((totalMs * CONCURRENCY) / tasks),
    perTaskSqlMs: round(sqlMs / tasks),
  };
}

/** Rolls a trivial change out through the real scheduler; skipped when no PostgreSQL server answers. */
export default async function run(): Promise<Record<string, unknown>> {
  const serverUrl = process.env.TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  const admin = postgres(serverUrl, { max: 1, onnotice: () => {}, connect_timeout: 5 });
  try {
    await admin`select 1`;
  } catch (err) {
    await admin.end({ timeout: 1 }).catch(() => {});
    return { skipped: `PostgreSQL unreachable at ${new URL(serverUrl).host}: ${(err as Error).message}` };
  }
  const dir = mkdtempSync(join(tmpdir(), 'bench-rollout-'));
  const scratch: { drop(): Promise<void> }[] = [];
  const targets: string[] = [];
  const services: Service[] = [];
  const result: Record<string, unknown> = { concurrency: CONCURRENCY, pollMs: 10, statement: STATEMENT };
  try {
    // Scheduling overhead: a fake engine, so nothing but the scheduler and the store takes time.
    const fakeStore = await createScratchPostgresDatabase(serverUrl, 'bbim_bench_rollout');
    scratch.push(fakeStore);
    const projects: Record<string, string[]> = { warmup: ['w_1'] };
    for (const n of SIZES) projects[`size${n}`] = Array.from({ length: n }, (_, i) => `db_${n}_${i + 1}`);
    const { driver, calls } = createInstantEngine();
    const fake = await startService(fakeStore.url, dir, workspaceYaml(serverUrl, projects), driver);
    services.push(fake.service);
    result.workspaceDatabases = Object.values(projects).flat().length;
    result.bootWithWorkspaceMs = fake.bootMs;
    await rollout(fake.service, 'warmup', 30_000);
    const overhead: Record<string, unknown> = {};
    for (const n of SIZES) {
      const before = { ...calls };
      const r = await rollout(fake.service, `size${n}`, 600_000);
      overhead[String(n)] = {
        status: r.status,
        ...summary(n, r.totalMs, 0),
        runs: r.runs.length,
        issueDetailLoadMs: await detailLoadMs(fake.service, r.issueId),
        engineCalls: {
          execute: calls.execute - before.execute,
          dumpSchema: calls.dumpSchema - before.dumpSchema,
        },
      };
    }
    result.schedulingOverhead = overhead;
    const largest = overhead[String(SIZES[SIZES.length - 1])] as { perTaskMs: number };
    result.target = { perTaskOverheadMs: 10, met: largest.perTaskMs < 10 };
    await fake.service.close();
    services.pop();

    // Real cost: the real PostgreSQL driver on real target databases, store on its own scratch database.
    const realStore = await createScratchPostgresDatabase(serverUrl, 'bbim_bench_rollout');
    scratch.push(realStore);
    const prefix = `bench_rt_${randomBytes(4).toString('hex')}`;
    for (let i = 1; i <= REAL_TARGETS; i++) {
      await admin.unsafe(`create database "${prefix}_${i}"`);
      targets.push(`${prefix}_${i}`);
    }
    const real = await startService(realStore.url, dir, workspaceYaml(serverUrl, { real: targets }));
    services.push(real.service);
    const r = await rollout(real.service, 'real', 120_000);
    const sqlMs = r.runs.reduce((sum, run) => sum + (run.result?.durationMs ?? 0), 0);
    result.realPostgres = {
      status: r.status,
      ...summary(REAL_TARGETS, r.totalMs, sqlMs),
      note: 'slot time includes connecting and two schema snapshots per task; SQL is the statement alone',
    };
    return result;
  } finally {
    for (const s of services) await s.close().catch(() => {});
    for (const name of targets)
      await admin.unsafe(`drop database if exists "${name}" with (force)`).catch(() => {});
    for (const s of scratch) await s.drop().catch(() => {});
    await admin.end({ timeout: 5 }).catch(() => {});
    rmSync(dir, { recursive: true, force: true });
  }
}
