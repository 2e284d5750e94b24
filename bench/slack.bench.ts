// Slack: ack latency of signed interactions against the service in its own process, and task event -> thread update time.
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { type AddressInfo, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { serve } from '@hono/node-server';
import { composeService } from '../src/compose.ts';
import { loadConfig } from '../src/config.ts';
import { silentLogger } from '../src/core/ports/clock.ts';
import { createSlackDriver, slackSignatureHeaders, startSlackFake } from '../tests/fakes/slack/index.ts';
import { createScratchPostgresDatabase } from '../tests/support/store.ts';
import { createInstantEngine } from './support/instant-engine.ts';

const CLICKS = 1000;
const CONCURRENCY = 50;
const CHANNEL = 'C0BENCH';
const SECRET = 'bench-signing-secret';

const DEV_TOKEN = 'bbt_bench_dev_0123456789abcdef';
const OWN_TOKEN = 'bbt_bench_own_0123456789abcdef';
const repoRoot = join(import.meta.dirname, '..');

const pct = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;

const workspaceYaml =
  `environments:\n  - { key: test }\ninstances:\n  - { key: t, engine: postgres, environment: test, url: "postgres://x@127.0.0.1:1/x" }\n` +
  `users:\n  - { email: dev@example.com, name: Dev, role: developer, tokenEnv: T_DEV }\n  - { email: owner@example.com, name: Owner, role: developer, tokenEnv: T_OWN }\n` +
  `projects:\n  - key: shop\n    databases: [{ instance: t, name: shop }]\n    members:\n      - { email: dev@example.com, role: developer }\n      - { email: owner@example.com, role: owner }\n` +
  `    chat: [{ platform: slack, channel: ${CHANNEL} }]\n`;

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const srv = createServer().listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
  });
}

const waitFor = async <T>(
  check: () => T | undefined | false | Promise<T | undefined | false>,
  ms = 60_000,
) => {
  const deadline = performance.now() + ms;
  for (;;) {
    const v = await check();
    if (v) return v;
    if (performance.now() > deadline) throw new Error('bench: timed out waiting');
    await new Promise((r) => setTimeout(r, 2));
  }
};

const api = (base: string, token: string, path: string, body: unknown) =>
  fetch(`${base}/api/v1${path}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  }).then((r) => r.json() as Promise<{ issue: { id: number } }>);

/** 1,000 signed clicks at 50 concurrent against the built service running in its own process, as Slack sees it. */
async function ackLatency(databaseUrl: string | null): Promise<Record<string, unknown>> {
  const built = spawnSync(process.execPath, ['scripts/ensure-server.mjs'], {
    cwd: repoRoot,
    stdio: 'ignore',
  });
  if (built.status !== 0) throw new Error('could not build the server bundle');
  const dir = mkdtempSync(join(tmpdir(), 'slack-ack-'));
  writeFileSync(join(dir, 'workspace.yaml'), workspaceYaml);
  const fake = await startSlackFake({
    botToken: 'xoxb-bench',
    users: [
      { id: 'U0DEV', name: 'dev', email: 'dev@example.com' },
      { id: 'U0OWN', name: 'own', email: 'owner@example.com' },
    ],
    channels: [{ id: CHANNEL, name: 'bench' }],
  });
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const child = spawn(process.execPath, ['dist/server/main.mjs'], {
    cwd: repoRoot,
    env: {
      ...process.env,
      PORT: String(port),
      HOST: '127.0.0.1',
      DATA_DIR: join(dir, 'data'),
      DATABASE_URL: databaseUrl ?? '',
      WORKSPACE_FILE: join(dir, 'workspace.yaml'),
      SECRET_KEY: 'b'.repeat(64),
      LOG_LEVEL: 'warn',
      SLACK_SIGNING_SECRET: SECRET,
      SLACK_BOT_TOKEN: 'xoxb-bench',
      SLACK_API_URL: fake.apiUrl,
      T_DEV: DEV_TOKEN,
      T_OWN: OWN_TOKEN,
    },
    stdio: 'ignore',
  });
  try {
    await waitFor(() =>
      fetch(`${base}/healthz`).then(
        (r) => r.status === 200,
        () => false,
      ),
    );
    await api(base, DEV_TOKEN, '/projects/shop/issues', {
      title: 'bench',
      type: 'schema',
      statement: 'CREATE TABLE t (id bigint PRIMARY KEY);',
      targets: [{ environment: 'test' }],
    });
    const card = await waitFor(() => fake.state.history(CHANNEL)[0]);
    const slack = createSlackDriver({ targetUrl: `${base}/hooks/slack`, signingSecret: SECRET, fake });
    const click = () =>
      slack.blockAction({ userId: 'U0DEV', channelId: CHANNEL, messageTs: card.ts, actionId: 'approve' });
    // The first click after a start is reported on its own; then the client's connections and code are
    // warmed (50 parallel health checks, 20 clicks answered in full) so the burst measures the service.
    const firstClickMs = (await click()).elapsedMs;
    await Promise.all(Array.from({ length: 50 }, () => fetch(`${base}/healthz`).then((r) => r.text())));
    for (let i = 0; i < 20; i++) await click();
    await waitFor(() => fake.state.ephemerals.length >= 21);
    const warmup = fake.state.ephemerals.length;
    // The developer may not approve: every click goes the whole way (mapping, authorisation, ephemeral answer).
    // Clicks are built beforehand (as Slack's side does) and signed when sent, over kept-alive connections,
    // so the client's own cost stays out of the latency.
    const prepared = Array.from({ length: CLICKS }, () =>
      slack.prepareBlockAction({
        userId: 'U0DEV',
        channelId: CHANNEL,
        messageTs: card.ts,
        actionId: 'approve',
      }),
    );
    const agent = new Agent({ keepAlive: true, maxSockets: CONCURRENCY });
    const target = new URL(`${base}/hooks/slack`);
    const post = (body: string, contentType: string) =>
      new Promise<{ status: number; ms: number }>((resolve, reject) => {
        const headers = {
          'content-type': contentType,
          'content-length': Buffer.byteLength(body),
          ...slackSignatureHeaders(SECRET, Math.floor(Date.now() / 1000), body),
        };
        const t0 = performance.now();
        const req = request(
          { host: target.hostname, port: target.port, path: target.pathname, method: 'POST', headers, agent },
          (res) => {
            res.resume();
            res.on('end', () => resolve({ status: res.statusCode ?? 0, ms: performance.now() - t0 }));
          },
        );
        req.on('error', reject);
        req.end(body);
      });
    // Open the client's connections before the clock starts.
    await Promise.all(
      Array.from(
        { length: CONCURRENCY },
        () =>
          new Promise<void>((resolve, reject) => {
            const req = request(
              { host: target.hostname, port: target.port, path: '/healthz', agent },
              (res) => {
                res.resume();
                res.on('end', () => resolve());
              },
            );
            req.on('error', reject);
            req.end();
          }),
      ),
    );
    const latencies: number[] = [];
    let next = 0;
    let failures = 0;
    const started = performance.now();
    await Promise.all(
      Array.from({ length: CONCURRENCY }, async () => {
        while (next < CLICKS) {
          const one = prepared[next++]!;
          const res = await post(one.body, one.contentType);
          if (res.status !== 200) failures++;
          latencies.push(res.ms);
        }
      }),
    );
    agent.destroy();
    const wallMs = performance.now() - started;
    // Every click is answered to the clicker in the end (the work continues after the ack).
    const answered = await waitFor(
      () => fake.state.ephemerals.length >= warmup + CLICKS && fake.state.ephemerals.length - warmup,
      120_000,
    );
    const allAnsweredMs = performance.now() - started;
    latencies.sort((a, b) => a - b);
    return {
      store: databaseUrl ? 'PostgreSQL' : 'embedded (PGlite)',
      clicks: CLICKS,
      concurrency: CONCURRENCY,
      ackP50Ms: Number(pct(latencies, 50).toFixed(2)),
      ackP99Ms: Number(pct(latencies, 99).toFixed(2)),
      ackMaxMs: Number(latencies.at(-1)!.toFixed(2)),
      firstClickAfterStartMs: Number(firstClickMs.toFixed(2)),
      clicksPerSecond: Math.round(CLICKS / (wallMs / 1000)),
      non200: failures,
      ephemeralAnswers: answered,
      allAnsweredMs: Math.round(allAnsweredMs),
      targetAckP99Ms: 100,
    };
  } finally {
    child.kill('SIGTERM');
    await new Promise((r) => child.once('exit', r));
    await fake.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Time from a task's start event to its first message in the card's thread, in process with a zero-cost engine. */
async function eventToThread(): Promise<Record<string, unknown>> {
  const dir = mkdtempSync(join(tmpdir(), 'slack-bench-'));
  const fake = await startSlackFake({
    botToken: 'xoxb-bench',
    users: [
      { id: 'U0DEV', name: 'dev', email: 'dev@example.com' },
      { id: 'U0OWN', name: 'own', email: 'owner@example.com' },
    ],
    channels: [{ id: CHANNEL, name: 'bench' }],
  });
  writeFileSync(join(dir, 'workspace.yaml'), workspaceYaml);
  const service = await composeService(
    loadConfig({
      DATA_DIR: join(dir, 'data'),
      WORKSPACE_FILE: join(dir, 'workspace.yaml'),
      SECRET_KEY: 'b'.repeat(64),
      ROLLOUT_POLL_MS: '1000',
      SLACK_SIGNING_SECRET: SECRET,
      SLACK_BOT_TOKEN: 'xoxb-bench',
      SLACK_API_URL: fake.apiUrl,
      T_DEV: DEV_TOKEN,
      T_OWN: OWN_TOKEN,
    }),
    silentLogger,
    { engines: { postgres: createInstantEngine().driver } },
  );
  const { server, port } = await new Promise<{ server: ReturnType<typeof serve>; port: number }>(
    (resolve) => {
      const s = serve({ fetch: service.app.fetch, hostname: '127.0.0.1', port: 0 }, (i: AddressInfo) =>
        resolve({ server: s, port: i.port }),
      );
    },
  );
  const base = `http://127.0.0.1:${port}`;
  try {
    const created = await api(base, DEV_TOKEN, '/projects/shop/issues', {
      title: 'bench',
      type: 'schema',
      statement: 'CREATE TABLE t (id bigint PRIMARY KEY);',
      targets: [{ environment: 'test' }],
    });
    const card = await waitFor(() => fake.state.history(CHANNEL)[0]);
    let taskStarted = 0;
    const off = service.events.subscribe((e) => {
      if (e.type === 'task.started' && !taskStarted) taskStarted = performance.now();
    });
    await api(base, OWN_TOKEN, `/issues/${created.issue.id}/approve`, {});
    await waitFor(() => fake.state.thread(CHANNEL, card.ts).length > 0);
    const eventToThreadMs = performance.now() - taskStarted;
    off();
    return { taskEventToThreadMs: Number(eventToThreadMs.toFixed(2)) };
  } finally {
    await new Promise<void>((r) => {
      if ('closeAllConnections' in server) server.closeAllConnections();
      server.close(() => r());
    });
    await service.close();
    await fake.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Acks with the embedded store (the quick start), and with PostgreSQL when TEST_POSTGRES_URL names a server. */
export default async function run(): Promise<Record<string, unknown>> {
  const result: Record<string, unknown> = { embedded: await ackLatency(null) };
  const admin = process.env.TEST_POSTGRES_URL;
  if (admin) {
    const scratch = await createScratchPostgresDatabase(admin, 'bbim_bench');
    try {
      result.postgres = await ackLatency(scratch.url);
    } finally {
      await scratch.drop();
    }
  }
  return { ...result, ...(await eventToThread()) };
}
