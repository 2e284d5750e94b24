// Cold start (empty store) and warm start (existing store) of the bundled service to /healthz 200 and /readyz 200,
// and idle RSS: on the embedded store, and on PostgreSQL (a scratch database on TEST_POSTGRES_URL's server,
// default postgres://postgres@127.0.0.1:5432/postgres; reported as skipped when it cannot be reached).
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createScratchPostgresDatabase } from '../tests/support/store.ts';

const repoRoot = join(import.meta.dirname, '..');
const WARM_RUNS = 5;

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const srv = createServer().listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
  });
}

const rssMb = (pid: number) => {
  const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Math.round(Number(m[1]) / 1024) : null;
};

const status = (url: string) =>
  fetch(url).then(
    (r) => r.status,
    () => 0,
  );

interface StartRun {
  healthzMs: number;
  /** null when the service has no /readyz (404) */
  readyzMs: number | null;
  idleRssMb: number | null;
}

/** Starts the service, waits for /healthz and /readyz 200 (at most 60 s), measures, and stops it. */
async function startOnce(dataDir: string, databaseUrl: string, measureIdle: boolean): Promise<StartRun> {
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const started = performance.now();
  const child = spawn(process.execPath, ['dist/server/main.mjs'], {
    cwd: repoRoot,
    env: {
      ...process.env,
      PORT: String(port),
      HOST: '127.0.0.1',
      DATA_DIR: dataDir,
      LOG_LEVEL: 'warn',
      DATABASE_URL: databaseUrl,
      SECRET_KEY: 'startup bench secret key',
      WORKSPACE_FILE: '',
    },
    stdio: 'ignore',
  });
  try {
    let healthzMs: number | null = null;
    let readyzMs: number | null | undefined;
    while (performance.now() - started < 60_000 && (healthzMs === null || readyzMs === undefined)) {
      if (healthzMs === null && (await status(`${base}/healthz`)) === 200)
        healthzMs = performance.now() - started;
      if (healthzMs !== null) {
        const ready = await status(`${base}/readyz`);
        if (ready === 200) readyzMs = performance.now() - started;
        else if (ready === 404) readyzMs = null;
      }
      if (healthzMs === null || readyzMs === undefined) await new Promise((r) => setTimeout(r, 5));
    }
    if (healthzMs === null || readyzMs === undefined)
      throw new Error('service did not become healthy and ready within 60 s');
    let idleRssMb: number | null = null;
    if (measureIdle) {
      await new Promise((r) => setTimeout(r, 2000));
      idleRssMb = rssMb(child.pid!);
    }
    return {
      healthzMs: Math.round(healthzMs),
      readyzMs: readyzMs === null ? null : Math.round(readyzMs),
      idleRssMb,
    };
  } finally {
    child.kill('SIGTERM');
    await new Promise((r) => child.once('exit', r));
  }
}

const spread = (values: number[]) => {
  const v = [...values].sort((a, b) => a - b);
  return { median: v[Math.floor(v.length / 2)], min: v[0], max: v.at(-1), runs: v.length };
};

/** One cold start, then WARM_RUNS warm starts on the same store. */
async function measure(databaseUrl: string) {
  const dataDir = mkdtempSync(join(tmpdir(), 'bench-start-'));
  try {
    const cold = await startOnce(dataDir, databaseUrl, false);
    const warm: StartRun[] = [];
    for (let i = 0; i < WARM_RUNS; i++) warm.push(await startOnce(dataDir, databaseUrl, i === WARM_RUNS - 1));
    const ready = warm.map((r) => r.readyzMs).filter((ms): ms is number => ms !== null);
    return {
      coldStartMs: { healthz: cold.healthzMs, readyz: cold.readyzMs },
      warmStartMs: {
        healthz: spread(warm.map((r) => r.healthzMs)),
        readyz: ready.length > 0 ? spread(ready) : null,
      },
      idleRssMb: warm.at(-1)!.idleRssMb,
    };
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}

async function measurePostgres() {
  const adminUrl = process.env.TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  let scratch: Awaited<ReturnType<typeof createScratchPostgresDatabase>>;
  try {
    scratch = await createScratchPostgresDatabase(adminUrl, 'bench_startup');
  } catch (err) {
    return { skipped: `no PostgreSQL server at ${adminUrl}: ${(err as Error).message}` };
  }
  try {
    return { store: 'postgres', ...(await measure(scratch.url)), targets: { warmStartMs: 500 } };
  } finally {
    await scratch.drop();
  }
}

export default async function run() {
  // Measure what `npm start` runs: the bundled server, built first when its sources changed.
  spawnSync(process.execPath, ['scripts/ensure-server.mjs'], { cwd: repoRoot, stdio: 'inherit' });
  return {
    embedded: { store: 'pglite', ...(await measure('')), targets: { warmStartMs: 1000, idleRssMb: 400 } },
    postgres: await measurePostgres(),
  };
}
