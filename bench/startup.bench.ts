// Cold start (empty data dir) and warm start (existing data dir) to /healthz 200, and idle RSS, on the embedded store.
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const repoRoot = join(import.meta.dirname, '..');

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

/** Starts the service, waits for /healthz 200 (at most 60 s), measures, and stops it. */
async function startOnce(dataDir: string, measureIdle: boolean) {
  const port = await freePort();
  const started = performance.now();
  const child = spawn(process.execPath, ['dist/server/main.mjs'], {
    cwd: repoRoot,
    env: {
      ...process.env,
      PORT: String(port),
      HOST: '127.0.0.1',
      DATA_DIR: dataDir,
      LOG_LEVEL: 'warn',
      DATABASE_URL: '',
      WORKSPACE_FILE: '',
    },
    stdio: 'ignore',
  });
  try {
    let readyMs: number | null = null;
    while (performance.now() - started < 60_000) {
      const ok = await fetch(`http://127.0.0.1:${port}/healthz`).then(
        (r) => r.status === 200,
        () => false,
      );
      if (ok) {
        readyMs = performance.now() - started;
        break;
      }
      await new Promise((r) => setTimeout(r, 10));
    }
    if (readyMs === null) throw new Error('service did not become healthy within 60 s');
    let idleRssMb: number | null = null;
    if (measureIdle) {
      await new Promise((r) => setTimeout(r, 2000));
      idleRssMb = rssMb(child.pid!);
    }
    return { readyMs: Math.round(readyMs), idleRssMb };
  } finally {
    child.kill('SIGTERM');
    await new Promise((r) => child.once('exit', r));
  }
}

export default async function run() {
  // Measure what `npm start` runs: the bundled server, built first when its sources changed.
  spawnSync(process.execPath, ['scripts/ensure-server.mjs'], { cwd: repoRoot, stdio: 'inherit' });
  const dataDir = mkdtempSync(join(tmpdir(), 'bench-start-'));
  try {
    const cold = await startOnce(dataDir, false);
    const warm: number[] = [];
    let idleRssMb: number | null = null;
    for (let i = 0; i < 3; i++) {
      const r = await startOnce(dataDir, i === 2);
      warm.push(r.readyMs);
      idleRssMb = r.idleRssMb ?? idleRssMb;
    }
    warm.sort((a, b) => a - b);
    return {
      store: 'pglite',
      coldStartMs: cold.readyMs,
      warmStartMs: { median: warm[1], min: warm[0], max: warm[2], runs: warm.length },
      idleRssMb,
      targets: { warmStartMs: 1500, idleRssMb: 400 },
    };
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}
