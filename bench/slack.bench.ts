// Slack: ack latency of signed interactions against the real HTTP server, and task event -> thread update time.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { serve } from '@hono/node-server';
import { composeService } from '../src/compose.ts';
import { loadConfig } from '../src/config.ts';
import { silentLogger } from '../src/core/ports/clock.ts';
import { createSlackDriver, startSlackFake } from '../tests/fakes/slack/index.ts';
import { createInstantEngine } from './support/instant-engine.ts';

const CLICKS = 1000;
const CONCURRENCY = 50;
const CHANNEL = 'C0BENCH';
const SECRET = 'bench-signing-secret';

const pct = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;

export default async function run(): Promise<Record<string, unknown>> {
  const dir = mkdtempSync(join(tmpdir(), 'slack-bench-'));
  const fake = await startSlackFake({
    botToken: 'xoxb-bench',
    users: [
      { id: 'U0DEV', name: 'dev', email: 'dev@example.com' },
      { id: 'U0OWN', name: 'own', email: 'owner@example.com' },
    ],
    channels: [{ id: CHANNEL, name: 'bench' }],
  });
  writeFileSync(
    join(dir, 'workspace.yaml'),
    `environments:\n  - { key: test }\ninstances:\n  - { key: t, engine: postgres, environment: test, url: "postgres://x@127.0.0.1:1/x" }\n` +
      `users:\n  - { email: dev@example.com, name: Dev, role: developer, tokenEnv: T_DEV }\n  - { email: owner@example.com, name: Owner, role: developer, tokenEnv: T_OWN }\n` +
      `projects:\n  - key: shop\n    databases: [{ instance: t, name: shop }]\n    members:\n      - { email: dev@example.com, role: developer }\n      - { email: owner@example.com, role: owner }\n` +
      `    chat: [{ platform: slack, channel: ${CHANNEL} }]\n`,
  );
  const service = await composeService(
    loadConfig({
      DATA_DIR: join(dir, 'data'),
      WORKSPACE_FILE: join(dir, 'workspace.yaml'),
      SECRET_KEY: 'b'.repeat(64),
      ROLLOUT_POLL_MS: '1000',
      SLACK_SIGNING_SECRET: SECRET,
      SLACK_BOT_TOKEN: 'xoxb-bench',
      SLACK_API_URL: fake.apiUrl,
      T_DEV: 'bbt_bench_dev_0123456789abcdef',
      T_OWN: 'bbt_bench_own_0123456789abcdef',
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
  const api = (token: string, path: string, body: unknown) =>
    fetch(`http://127.0.0.1:${port}/api/v1${path}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    }).then((r) => r.json() as Promise<{ issue: { id: number } }>);
  const waitFor = async <T>(check: () => T | undefined | false) => {
    for (;;) {
      const v = check();
      if (v) return v;
      await new Promise((r) => setTimeout(r, 2));
    }
  };
  try {
    const created = await api('bbt_bench_dev_0123456789abcdef', '/projects/shop/issues', {
      title: 'bench',
      type: 'schema',
      statement: 'CREATE TABLE t (id bigint PRIMARY KEY);',
      targets: [{ environment: 'test' }],
    });
    const card = await waitFor(() => fake.state.history(CHANNEL)[0]);
    const slack = createSlackDriver({
      targetUrl: `http://127.0.0.1:${port}/hooks/slack`,
      signingSecret: SECRET,
      fake,
    });
    // The developer may not approve: every click goes the whole way (mapping, authorisation, ephemeral answer).
    const latencies: number[] = [];
    let next = 0;
    let failures = 0;
    const started = performance.now();
    await Promise.all(
      Array.from({ length: CONCURRENCY }, async () => {
        while (next < CLICKS) {
          next++;
          const res = await slack.blockAction({
            userId: 'U0DEV',
            channelId: CHANNEL,
            messageTs: card.ts,
            actionId: 'approve',
          });
          if (res.status !== 200) failures++;
          latencies.push(res.elapsedMs);
        }
      }),
    );
    const wallMs = performance.now() - started;
    await service.chat.adapters[0]!.drain();
    latencies.sort((a, b) => a - b);

    let taskStarted = 0;
    const off = service.events.subscribe((e) => {
      if (e.type === 'task.started' && !taskStarted) taskStarted = performance.now();
    });
    await api('bbt_bench_own_0123456789abcdef', `/issues/${created.issue.id}/approve`, {});
    await waitFor(() => fake.state.thread(CHANNEL, card.ts).length > 0);
    const eventToThreadMs = performance.now() - taskStarted;
    off();
    return {
      clicks: CLICKS,
      concurrency: CONCURRENCY,
      ackP50Ms: Number(pct(latencies, 50).toFixed(2)),
      ackP99Ms: Number(pct(latencies, 99).toFixed(2)),
      ackMaxMs: Number(latencies.at(-1)!.toFixed(2)),
      clicksPerSecond: Math.round(CLICKS / (wallMs / 1000)),
      non200: failures,
      ephemeralAnswers: fake.state.ephemerals.length,
      taskEventToThreadMs: Number(eventToThreadMs.toFixed(2)),
      targetAckP99Ms: 100,
    };
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
