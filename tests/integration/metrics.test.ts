// GET /metrics: every family in the Prometheus text format, moving when its event happens; METRICS_TOKEN.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type DeliveryContext,
  type OutboxConsumer,
  PermanentDeliveryError,
} from '../../src/core/outbox/consumer.ts';
import { createOutboxWorker } from '../../src/core/outbox/worker.ts';
import { silentLogger, systemClock } from '../../src/core/ports/clock.ts';
import type { Store } from '../../src/core/ports/store.ts';
import { createPrometheusMetrics } from '../../src/metrics/prometheus.ts';
import { createSlackKit, type SlackKit } from '../e2e/kits/slack-kit.ts';
import { type ChatHarness, startChatHarness } from '../support/chat-harness.ts';
import { describeRealDb } from '../support/real-dbs.ts';
import { type RunningService, startService } from '../support/service-fixture.ts';
import { createTestStore, type TestStore } from '../support/store.ts';
import { mintTestTokens, pollUntil, tokenEnv } from '../support/workspace-fixture.ts';

/** The sum of the samples of `name` whose labels include `labels` (0 when there is none). */
function value(text: string, name: string, labels: Record<string, string> = {}): number {
  let sum = 0;
  for (const line of text.split('\n')) {
    const m = /^([a-zA-Z_:][\w:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!m || m[1] !== name) continue;
    const got = Object.fromEntries(
      [...(m[2] ?? '').matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)].map((x) => [x[1], x[2]]),
    );
    if (Object.entries(labels).every(([k, v]) => got[k] === v)) sum += Number(m[3]);
  }
  return sum;
}

const P = 'bytebase_im_';

describeRealDb('postgres', 'metrics of the whole service', (adminUrl) => {
  let h: ChatHarness;
  let kit: SlackKit;
  const scrape = async () => {
    const res = await fetch(`${h.baseUrl}/metrics`);
    expect(res.status).toBe(200);
    return res.text();
  };

  beforeAll(async () => {
    kit = await createSlackKit();
    h = await startChatHarness({ adminUrl, kits: [kit], progressIntervalMs: 200 });
  });
  afterAll(async () => {
    await h?.close();
    await kit?.close();
  });

  const create = async (title: string, statement: string) => {
    const res = await h.api(h.tokens.dev, 'POST', '/api/v1/projects/shop/issues', {
      title,
      type: 'schema',
      statement,
      targets: [{ environment: 'prod' }],
    });
    expect(res.status).toBe(201);
    return res.json.issue.id as number;
  };

  it('answers in the Prometheus text format, not with the web view, and names every family', async () => {
    const res = await fetch(`${h.baseUrl}/metrics`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
    const text = await res.text();
    expect(text).not.toMatch(/<html/i);
    for (const family of [
      `${P}http_request_duration_seconds`,
      `${P}chat_ack_duration_seconds`,
      `${P}outbox_deliveries_total`,
      `${P}outbox_depth`,
      `${P}gitlab_inbox_depth`,
      `${P}tasks_total`,
      `${P}task_duration_seconds`,
      `${P}pending_approvals`,
      `${P}drift_states`,
      `${P}review_duration_seconds`,
      'process_cpu_seconds_total',
      'nodejs_heap_size_used_bytes',
    ])
      expect(text, family).toContain(`# TYPE ${family} `);
  });

  it('moves with a request, a review, an approval click in Slack, a delivery and a task run', async () => {
    const before = await scrape();
    const id = await create('metrics flow', 'CREATE TABLE metrics_flow (id bigint PRIMARY KEY);');
    const created = await scrape();
    const createdRoute = { route: '/api/v1/projects/:project/issues', method: 'POST', status: '201' };
    expect(value(created, `${P}http_request_duration_seconds_count`, createdRoute)).toBe(
      value(before, `${P}http_request_duration_seconds_count`, createdRoute) + 1,
    );
    expect(value(created, `${P}review_duration_seconds_count`)).toBe(
      value(before, `${P}review_duration_seconds_count`) + 1,
    );
    expect(value(created, `${P}pending_approvals`)).toBe(value(before, `${P}pending_approvals`) + 1);

    // The card reaching Slack is an outbox delivery.
    const card = await h.until('card', () => kit.card(id));
    const carded = await pollUntil('a delivery counted', async () => {
      const text = await scrape();
      return value(text, `${P}outbox_deliveries_total`, { outcome: 'delivered' }) >
        value(before, `${P}outbox_deliveries_total`, { outcome: 'delivered' })
        ? text
        : null;
    });
    expect(value(carded, `${P}chat_ack_duration_seconds_count`, { platform: 'slack' })).toBe(
      value(before, `${P}chat_ack_duration_seconds_count`, { platform: 'slack' }),
    );

    expect((await kit.click('dba', card, 'approve')).status).toBe(200);
    const clicked = await scrape();
    expect(value(clicked, `${P}chat_ack_duration_seconds_count`, { platform: 'slack' })).toBe(
      value(before, `${P}chat_ack_duration_seconds_count`, { platform: 'slack' }) + 1,
    );
    expect(value(clicked, `${P}http_request_duration_seconds_count`, { route: '/hooks/slack' })).toBe(
      value(before, `${P}http_request_duration_seconds_count`, { route: '/hooks/slack' }) + 1,
    );

    await h.until('done', async () => {
      const res = await h.api(h.tokens.dba, 'GET', `/api/v1/issues/${id}`);
      return res.json.issue.status === 'done';
    });
    const done = await scrape();
    const ran = { engine: 'postgres', status: 'done' };
    expect(value(done, `${P}tasks_total`, ran)).toBe(value(before, `${P}tasks_total`, ran) + 1);
    expect(value(done, `${P}task_duration_seconds_count`, { engine: 'postgres' })).toBe(
      value(before, `${P}task_duration_seconds_count`, { engine: 'postgres' }) + 1,
    );
    expect(value(done, `${P}pending_approvals`)).toBe(value(before, `${P}pending_approvals`));
    // The issue reads went in under the route's pattern; no raw path became a label value.
    expect(
      value(done, `${P}http_request_duration_seconds_count`, { route: '/api/v1/issues/:id', method: 'GET' }),
    ).toBeGreaterThan(0);
    expect(done).not.toContain(`route="/api/v1/issues/${id}"`);
  });

  it('counts retries and shows the outbox depth while Slack is down, and drains it after', async () => {
    const before = await scrape();
    await kit.fake.outage.down();
    let id = 0;
    try {
      id = await create('metrics outage', 'CREATE TABLE metrics_outage (id bigint PRIMARY KEY);');
      const during = await pollUntil('a retry counted', async () => {
        const text = await scrape();
        return value(text, `${P}outbox_deliveries_total`, { outcome: 'retried' }) >
          value(before, `${P}outbox_deliveries_total`, { outcome: 'retried' })
          ? text
          : null;
      });
      expect(value(during, `${P}outbox_depth`)).toBeGreaterThanOrEqual(1);
    } finally {
      await kit.fake.outage.up();
    }
    await h.until('card after the outage', () => kit.card(id), 30_000);
    await pollUntil(
      'the outbox drained',
      async () => value(await scrape(), `${P}outbox_depth`) === 0,
      30_000,
    );
  });

  it('reads the GitLab inbox depth from the store at scrape time', async () => {
    const before = value(await scrape(), `${P}gitlab_inbox_depth`);
    // No GitLab is configured here, so nothing claims the job: it stays in the inbox until finished.
    const job = await h.service.store.inboundJobs.enqueue({ source: 'gitlab', kind: 'push', payload: {} });
    expect(value(await scrape(), `${P}gitlab_inbox_depth`)).toBe(before + 1);
    await h.service.store.inboundJobs.finish(job.id, 'done');
    expect(value(await scrape(), `${P}gitlab_inbox_depth`)).toBe(before);
  });
});

describe('metrics of an embedded service [pglite]', () => {
  let running: RunningService;
  let root: string;
  const tokens = mintTestTokens();
  const METRICS_TOKEN = 'metrics-scrape-token';

  beforeAll(async () => {
    root = mkdtempSync(join(tmpdir(), 'metrics-target-'));
    running = await startService({
      http: true,
      env: { ...tokenEnv(tokens), METRICS_TOKEN, DRIFT_CHECK_INTERVAL: 'off' },
      workspaceLines: [
        'environments:',
        '  - { key: test, review: { template: dev } }',
        'instances:',
        `  - { key: test-db, engine: pglite, environment: test, url: "${root}" }`,
        'users:',
        '  - { email: dba@example.com, name: Dana DBA, role: dba, tokenEnv: T_DBA }',
        'projects:',
        '  - key: shop',
        '    databases:',
        '      - { instance: test-db, name: shop }',
        '      - { instance: test-db, name: stock }',
      ],
    });
  });
  afterAll(async () => {
    await running?.close();
    if (root) rmSync(root, { recursive: true, force: true });
  });

  const scrape = (authorization?: string) =>
    fetch(`${running.baseUrl}/metrics`, authorization ? { headers: { authorization } } : {});

  it('refuses a scrape without METRICS_TOKEN, or with another one, with 401', async () => {
    for (const authorization of [
      undefined,
      'Bearer wrong-token',
      `Bearer ${METRICS_TOKEN}x`,
      `Basic ${METRICS_TOKEN}`,
      METRICS_TOKEN,
    ]) {
      const res = await scrape(authorization);
      expect(res.status, String(authorization)).toBe(401);
      expect(res.headers.get('www-authenticate')).toMatch(/^Bearer/);
      expect((await res.json()).error.code).toBe('unauthenticated');
    }
    const ok = await scrape(`Bearer ${METRICS_TOKEN}`);
    expect(ok.status).toBe(200);
    expect(await ok.text()).toContain(`# TYPE ${P}outbox_depth gauge`);
  });

  it('reads drift states by status at scrape time', async () => {
    const store: Store = running.service.store;
    const read = async () => (await scrape(`Bearer ${METRICS_TOKEN}`)).text();
    const before = await read();
    const [shop, stock] = await store.databases.list();
    const record = (databaseId: number, status: 'drifted' | 'in_sync') =>
      store.transaction(async (tx) => {
        await tx.driftStates.lock(databaseId);
        await tx.driftStates.record(
          databaseId,
          {
            status,
            checkedAt: new Date(),
            baselineHistoryId: null,
            diff: null,
            error: null,
            checkedBy: null,
            durationMs: 1,
          },
          { nextCheckAt: null },
        );
      });
    await record(shop!.id, 'drifted');
    await record(stock!.id, 'in_sync');
    const after = await read();
    for (const status of ['drifted', 'in_sync'])
      expect(value(after, `${P}drift_states`, { status }), status).toBe(
        value(before, `${P}drift_states`, { status }) + 1,
      );
    await record(shop!.id, 'in_sync');
    const synced = await read();
    expect(value(synced, `${P}drift_states`, { status: 'drifted' })).toBe(
      value(before, `${P}drift_states`, { status: 'drifted' }),
    );
    expect(value(synced, `${P}drift_states`, { status: 'in_sync' })).toBe(
      value(before, `${P}drift_states`, { status: 'in_sync' }) + 2,
    );
  });
});

describe('outbox delivery outcomes [pglite]', () => {
  let t: TestStore;
  beforeAll(async () => {
    t = await createTestStore();
  });
  afterAll(async () => {
    await t?.cleanup();
  });

  it('counts a delivery, a retry and a failure for good', async () => {
    const metrics = createPrometheusMetrics({ store: t.store, logger: silentLogger });
    // A second service in the same process has a registry of its own.
    const other = createPrometheusMetrics({ store: t.store, logger: silentLogger });
    const outcomes = async () => {
      const text = (await metrics.scrape()).body;
      return Object.fromEntries(
        ['delivered', 'retried', 'failed'].map((o) => [
          o,
          value(text, `${P}outbox_deliveries_total`, { outcome: o }),
        ]),
      );
    };
    expect(await outcomes()).toEqual({ delivered: 0, retried: 0, failed: 0 });

    // Issue 1 goes through at the second attempt; issue 2's platform refuses it for good.
    const attempts = new Map<number, number>();
    const consumer: OutboxConsumer = {
      name: 'chat',
      wants: (m) => m.type === 'approval.requested',
      async deliver(ctx: DeliveryContext) {
        const issueId = ctx.entry.issueId!;
        const n = (attempts.get(issueId) ?? 0) + 1;
        attempts.set(issueId, n);
        if (issueId === 2) throw new PermanentDeliveryError('channel_not_found');
        if (n === 1) throw new Error('socket hang up');
        return undefined;
      },
    };
    const worker = createOutboxWorker({
      store: t.store,
      logger: silentLogger,
      clock: systemClock,
      worker: 'metrics-test',
      pollMs: 20,
      retry: { baseMs: 10, maxMs: 20 },
      metrics,
    });
    worker.use(consumer);
    await t.store.outbox.add([
      { type: 'approval.requested', issueId: 1, round: 1, step: 1, role: 'dba' },
      { type: 'approval.requested', issueId: 2, round: 1, step: 1, role: 'dba' },
    ]);
    worker.start();
    try {
      await pollUntil(
        'both entries settled',
        async () =>
          (await t.store.outbox.list({ status: 'pending' })).length === 0 &&
          (await t.store.outbox.list({ status: 'running' })).length === 0,
      );
      await worker.idle();
    } finally {
      await worker.stop();
    }
    expect(await outcomes()).toEqual({ delivered: 1, retried: 1, failed: 1 });
    expect(value((await other.scrape()).body, `${P}outbox_deliveries_total`)).toBe(0);
    expect(value((await metrics.scrape()).body, `${P}outbox_depth`)).toBe(0);
  });
});
