// /healthz latency of the built service while a 10 s statement runs on an embedded (PGlite) target, against idle,
// and how long a cancel of such a statement takes to be recorded.
import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createPgliteEngineDriver } from '../adapters/engines/pglite/index.ts';

const repoRoot = join(import.meta.dirname, '..');
/** One health check every 20 ms whatever the answers, so a stall shows in every request it holds up. */
const INTERVAL_MS = 20;
const IDLE_MS = 5_000;

type LogEntry = { kind: string; at: string };
type Run = { status: string; log: LogEntry[] };
type Task = { status: string; runs: Run[] };
type Sample = { sentAt: number; ms: number; ok: boolean };

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const srv = createServer().listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
  });
}

async function waitFor<T>(what: string, check: () => Promise<T | null>, timeoutMs = 60_000): Promise<T> {
  const deadline = performance.now() + timeoutMs;
  for (;;) {
    const value = await check().catch(() => null);
    if (value) return value;
    if (performance.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

function summarise(samples: Sample[]) {
  const sorted = samples.map((s) => s.ms).sort((a, b) => a - b);
  const at = (q: number): number => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;
  const round = (n: number): number => Math.round(n * 100) / 100;
  return {
    requests: sorted.length,
    failed: samples.filter((s) => !s.ok).length,
    p50Ms: round(at(0.5)),
    p99Ms: round(at(0.99)),
    maxMs: round(at(1)),
  };
}

/**
 * Sends /healthz every INTERVAL_MS until stopped; resolves each request's send time, latency and whether it was
 * answered 200 (a held-up server can drop kept-alive connections once it runs again).
 */
function startProbing(base: string): { stop(): Promise<Sample[]> } {
  const samples: Sample[] = [];
  const pending = new Set<Promise<void>>();
  const timer = setInterval(() => {
    const sentAt = Date.now();
    const t0 = performance.now();
    const p = fetch(`${base}/healthz`)
      .then(
        async (res) => {
          await res.text();
          samples.push({ sentAt, ms: performance.now() - t0, ok: res.status === 200 });
        },
        () => {
          samples.push({ sentAt, ms: performance.now() - t0, ok: false });
        },
      )
      .finally(() => pending.delete(p));
    pending.add(p);
  }, INTERVAL_MS);
  return {
    async stop() {
      clearInterval(timer);
      await Promise.all(pending);
      return samples;
    },
  };
}

export default async function run(): Promise<Record<string, unknown>> {
  // Measure what `npm start` runs: the bundled server, with the PGlite worker entry it emits.
  const built = spawnSync(process.execPath, ['scripts/ensure-server.mjs'], {
    cwd: repoRoot,
    stdio: 'inherit',
  });
  if (built.status !== 0) throw new Error('could not build the server bundle');
  const dir = mkdtempSync(join(tmpdir(), 'bench-embedded-'));
  const targets = join(dir, 'targets');
  const setup = await createPgliteEngineDriver().connect({ engine: 'pglite', url: targets });
  await setup.createDatabase('shop');
  await setup.close();
  const token = (tag: string) => `bbt_${tag}_${randomBytes(12).toString('hex')}`;
  const tokens = { dev: token('dev'), owner: token('own') };
  writeFileSync(
    join(dir, 'workspace.yaml'),
    [
      'environments:',
      '  - { key: test, review: { template: dev } }',
      'instances:',
      `  - { key: test-db, engine: pglite, environment: test, url: "${targets}" }`,
      'users:',
      '  - { email: dev@example.com, name: Devon Dev, role: developer, tokenEnv: T_DEV }',
      '  - { email: owner@example.com, name: Olivia Owner, role: developer, tokenEnv: T_OWNER }',
      'projects:',
      '  - key: shop',
      '    databases:',
      '      - { instance: test-db, name: shop }',
      '    members:',
      '      - { email: dev@example.com, role: developer }',
      '      - { email: owner@example.com, role: owner }',
      '',
    ].join('\n'),
  );
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const child = spawn(process.execPath, ['dist/server/main.mjs'], {
    cwd: repoRoot,
    env: {
      ...process.env,
      PORT: String(port),
      HOST: '127.0.0.1',
      DATA_DIR: join(dir, 'data'),
      DATABASE_URL: '',
      WORKSPACE_FILE: join(dir, 'workspace.yaml'),
      SECRET_KEY: 'e'.repeat(64),
      LOG_LEVEL: 'warn',
      ROLLOUT_POLL_MS: '50',
      T_DEV: tokens.dev,
      T_OWNER: tokens.owner,
    },
    stdio: 'ignore',
  });
  const api = async <T = unknown>(
    tokenOf: string,
    method: string,
    path: string,
    body?: unknown,
  ): Promise<T> => {
    const res = await fetch(`${base}/api/v1${path}`, {
      method,
      headers: { authorization: `Bearer ${tokenOf}`, 'content-type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const json: unknown = await res.json();
    if (res.status >= 300) throw new Error(`${method} ${path}: ${res.status} ${JSON.stringify(json)}`);
    return json as T;
  };
  const taskOf = async (id: number): Promise<Task> =>
    (await api<{ stages: { tasks: Task[] }[] }>(tokens.owner, 'GET', `/issues/${id}`)).stages[0]!.tasks[0]!;
  /** Creates and approves a 10 s statement; with `waitStart`, resolves once the service logged it as started. */
  const startLongStatement = async (waitStart: boolean): Promise<number> => {
    const created = await api<{ issue: { id: number } }>(tokens.dev, 'POST', '/projects/shop/issues', {
      title: 'A long statement',
      type: 'data',
      statement: 'SELECT pg_sleep(10);',
      targets: [{ database: 'shop' }],
    });
    const id: number = created.issue.id;
    await api(tokens.owner, 'POST', `/issues/${id}/approve`, {});
    if (!waitStart) return id;
    await waitFor('the statement to start', async () => {
      const run = (await taskOf(id)).runs[0];
      return run?.log.some((e) => e.kind === 'statement_started') ? true : null;
    });
    return id;
  };

  try {
    await waitFor('the service to be healthy', async () =>
      (await fetch(`${base}/healthz`)).status === 200 ? true : null,
    );
    const warm = startProbing(base);
    await new Promise((r) => setTimeout(r, 1_000));
    await warm.stop();
    const idleProbe = startProbing(base);
    await new Promise((r) => setTimeout(r, IDLE_MS));
    const idle = await idleProbe.stop();

    // Probing starts before the task does: a service held up by the statement could not even say it started.
    const probing = startProbing(base);
    const running = await startLongStatement(false);
    const task = await waitFor(
      'the statement to finish',
      async () => {
        const t = await taskOf(running);
        return t.status === 'running' || t.status === 'approved' ? null : t;
      },
      120_000,
    );
    const samples = await probing.stop();
    const log = task.runs[0]?.log ?? [];
    const startedAt = Date.parse(log.find((e) => e.kind === 'statement_started')?.at ?? '');
    const finishedAt = Date.parse(log.find((e) => e.kind === 'statement_finished')?.at ?? '');
    const during = samples.filter((x) => x.sentAt >= startedAt && x.sentAt < finishedAt);

    let cancel: Record<string, unknown>;
    try {
      const canceled = await startLongStatement(true);
      const cancelStart = performance.now();
      await api(tokens.dev, 'POST', `/issues/${canceled}/cancel`);
      const afterCancel = await waitFor('the cancel to be recorded', async () => {
        const t = await taskOf(canceled);
        return t.status === 'running' ? null : t;
      });
      cancel = {
        taskStatus: afterCancel.status,
        cancelToRecordedMs: Math.round(performance.now() - cancelStart),
      };
    } catch (err) {
      // A service whose event loop the statement holds only sees the cancel once the statement is over.
      cancel = { error: err instanceof Error ? err.message : String(err) };
    }

    return {
      statement: 'SELECT pg_sleep(10) on an embedded target, run by the bundled service as a task',
      intervalMs: INTERVAL_MS,
      healthz: {
        idle: summarise(idle),
        // Requests sent while the statement ran, and how many of them were answered before it ended.
        duringStatement: summarise(during),
        answeredBeforeStatementEnded: during.filter((x) => x.sentAt + x.ms < finishedAt).length,
        statementMs: finishedAt - startedAt,
        taskStatus: task.status,
      },
      cancel,
    };
  } finally {
    child.kill('SIGTERM');
    await new Promise((r) => child.once('exit', r));
    rmSync(dir, { recursive: true, force: true });
  }
}
