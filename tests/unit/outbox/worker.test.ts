// The delivery worker over a real store: lane order, retries with back-off, giving up, sub-effects, coverage, crashes.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../../db/client.ts';
import { createDrizzleStore } from '../../../db/store/index.ts';
import {
  type DeliveryContext,
  type OutboxConsumer,
  PermanentDeliveryError,
} from '../../../src/core/outbox/consumer.ts';
import { createOutboxWorker, type OutboxWorker } from '../../../src/core/outbox/worker.ts';
import { type Logger, systemClock } from '../../../src/core/ports/clock.ts';
import type { DomainEvent } from '../../../src/core/ports/events.ts';
import type { OutboxMessage } from '../../../src/core/ports/outbox.ts';
import type { Store } from '../../../src/core/ports/store.ts';
import { realDbUrl } from '../../support/real-dbs.ts';
import { createTestStore, type TestStore, testSecretBox } from '../../support/store.ts';
import { pollUntil } from '../../support/workspace-fixture.ts';

const started = (issueId: number, taskId: number): DomainEvent => ({
  type: 'task.started',
  issueId,
  taskId,
  runId: taskId,
  attempt: 1,
});
const requested = (issueId: number, step = 1): DomainEvent => ({
  type: 'approval.requested',
  issueId,
  round: 1,
  step,
  role: 'dba',
});

/** A logger that keeps error lines, so a test can see what an operator would. */
function recordingLogger() {
  const errors: { fields: Record<string, unknown>; msg: string }[] = [];
  const logger: Logger = {
    debug: () => {},
    info: () => {},
    warn: () => {},
    error: (fields, msg) => errors.push({ fields, msg: msg ?? '' }),
    child: () => logger,
  };
  return { logger, errors };
}

/** A consumer whose platform can be down; it records what it delivered, in order. */
function platform(name = 'chat') {
  const delivered: { type: string; issueId: number | null; taskId?: number; covered: number }[] = [];
  let down: Error | null = null;
  let calls = 0;
  const consumer: OutboxConsumer & { delivered: typeof delivered; calls(): number } = {
    name,
    delivered,
    calls: () => calls,
    wants: (m: OutboxMessage) => m.type === 'task.started' || m.type === 'approval.requested',
    coalesces: (m: OutboxMessage) => m.type === 'task.started',
    async deliver(ctx: DeliveryContext) {
      calls += 1;
      if (down) throw down;
      const e = ctx.entry.event as DomainEvent;
      delivered.push({
        type: e.type,
        issueId: ctx.entry.issueId,
        ...('taskId' in e ? { taskId: e.taskId } : {}),
        covered: ctx.coverage,
      });
      return undefined;
    },
  };
  return {
    consumer,
    setDown(err: Error | null) {
      down = err;
    },
  };
}

describe('outbox worker [pglite]', () => {
  let t: TestStore;
  let store: Store;
  let worker: OutboxWorker | null = null;
  beforeAll(async () => {
    t = await createTestStore();
    store = t.store;
  });
  afterEach(async () => {
    await worker?.stop();
    worker = null;
  });
  afterAll(async () => {
    await t?.cleanup();
  });

  const start = (
    consumers: OutboxConsumer[],
    options: Partial<Parameters<typeof createOutboxWorker>[0]> = {},
  ) => {
    const w = createOutboxWorker({
      store,
      logger: options.logger ?? recordingLogger().logger,
      clock: systemClock,
      worker: options.worker ?? 'test-worker',
      pollMs: 50,
      retry: { baseMs: 20, maxMs: 100, ...options.retry },
      drainMs: 500,
      ...options,
    });
    for (const c of consumers) w.use(c);
    w.start();
    worker = w;
    return w;
  };
  const statusOf = async (issueId: number) => (await store.outbox.list({ issueId })).map((e) => e.status);

  it('delivers an issue’s entries in order; a platform outage delays them and loses none', async () => {
    const p = platform();
    p.setDown(new Error('HTTP 503 service_unavailable'));
    const w = start([p.consumer]);
    await store.outbox.add([requested(11), started(11, 1)]);
    w.nudge();
    await pollUntil('three failed attempts', () => p.consumer.calls() >= 3);
    const waiting = await store.outbox.list({ issueId: 11 });
    expect(waiting[0]).toMatchObject({ status: 'pending', lastError: 'HTTP 503 service_unavailable' });
    expect(waiting[0]!.attempts).toBeGreaterThanOrEqual(3);
    expect(waiting[1]).toMatchObject({ status: 'pending', attempts: 0 });
    expect(p.consumer.delivered).toEqual([]);
    p.setDown(null);
    await pollUntil('delivered', async () => (await statusOf(11)).every((s) => s === 'delivered'));
    expect(p.consumer.delivered.map((d) => d.type)).toEqual(['approval.requested', 'task.started']);
  });

  it('covers interim entries queued behind one with a single delivery of the current state', async () => {
    const p = platform();
    p.setDown(new Error('down'));
    const w = start([p.consumer]);
    await store.outbox.add([started(21, 1), started(21, 2), started(21, 3), requested(21), started(21, 4)]);
    w.nudge();
    await pollUntil('a failed attempt', () => p.consumer.calls() >= 1);
    p.setDown(null);
    await pollUntil('delivered', async () => (await statusOf(21)).every((s) => s === 'delivered'));
    const entries = await store.outbox.list({ issueId: 21 });
    // The first delivery covered tasks 2 and 3 (queued behind it, interim like it); the request stopped it.
    expect(p.consumer.delivered.map((d) => [d.type, d.taskId ?? null])).toEqual([
      ['task.started', 1],
      ['approval.requested', null],
      ['task.started', 4],
    ]);
    expect(p.consumer.delivered[0]!.covered).toBe(entries[2]!.id);
    expect(entries[1]!.effects).toEqual({ coveredBy: entries[0]!.id });
    expect(entries[2]!.effects).toEqual({ coveredBy: entries[0]!.id });
  });

  it('keeps a sub-effect done by a failed attempt from being repeated by the retry', async () => {
    const sent: string[] = [];
    let failOnce = true;
    const consumer: OutboxConsumer = {
      name: 'chat',
      wants: () => true,
      async deliver(ctx) {
        for (const user of ['ann', 'bob']) {
          if (ctx.done(`dm:${user}`)) continue;
          if (user === 'bob' && failOnce) {
            failOnce = false;
            throw new Error('connection refused');
          }
          sent.push(user);
          await ctx.record(`dm:${user}`);
        }
        return undefined;
      },
    };
    const w = start([consumer]);
    await store.outbox.add([requested(31)]);
    w.nudge();
    await pollUntil('delivered', async () => (await statusOf(31))[0] === 'delivered');
    expect(sent).toEqual(['ann', 'bob']);
    const [entry] = await store.outbox.list({ issueId: 31 });
    expect(entry).toMatchObject({ attempts: 2, effects: { 'chat:dm:ann': true, 'chat:dm:bob': true } });
  });

  it('runs every consumer of an entry, and a retry only the one that failed', async () => {
    const chat = platform('chat');
    const other = platform('gitlab');
    other.setDown(new Error('GitLab 502'));
    const w = start([chat.consumer, other.consumer]);
    await store.outbox.add([requested(41)]);
    w.nudge();
    await pollUntil('two attempts', () => other.consumer.calls() >= 2);
    expect(chat.consumer.delivered).toHaveLength(1);
    other.setDown(null);
    await pollUntil('delivered', async () => (await statusOf(41))[0] === 'delivered');
    expect(chat.consumer.calls()).toBe(1);
    expect(other.consumer.delivered).toHaveLength(1);
  });

  it('fails an entry at once on a permanent refusal, logs it with its error, and lets the lane go on', async () => {
    const log = recordingLogger();
    const p = platform();
    p.setDown(new PermanentDeliveryError('Slack chat.postMessage failed: channel_not_found'));
    const w = start([p.consumer], { logger: log.logger });
    await store.outbox.add([requested(51)]);
    w.nudge();
    await pollUntil('failed', async () => (await statusOf(51))[0] === 'failed');
    expect(p.consumer.calls()).toBe(1);
    const [entry] = await store.outbox.list({ issueId: 51 });
    expect(entry!.lastError).toBe('Slack chat.postMessage failed: channel_not_found');
    expect(log.errors).toContainEqual(
      expect.objectContaining({
        msg: 'outbox delivery failed',
        fields: expect.objectContaining({ outboxId: entry!.id, error: entry!.lastError }),
      }),
    );
    p.setDown(null);
    await store.outbox.add([started(51, 1)]);
    w.nudge();
    await pollUntil('next delivered', async () => (await statusOf(51))[1] === 'delivered');
  });

  it('gives up after the bounded attempts: failed, with the last error, and logged', async () => {
    const log = recordingLogger();
    const p = platform();
    p.setDown(new Error('HTTP 503'));
    const w = start([p.consumer], { logger: log.logger, retry: { baseMs: 5, maxMs: 10, maxAttempts: 3 } });
    await store.outbox.add([requested(61)]);
    w.nudge();
    await pollUntil('failed', async () => (await statusOf(61))[0] === 'failed');
    const [entry] = await store.outbox.list({ issueId: 61 });
    expect(entry).toMatchObject({ attempts: 3, lastError: 'HTTP 503' });
    expect(p.consumer.calls()).toBe(3);
    expect(log.errors.filter((e) => e.msg === 'outbox delivery failed')).toHaveLength(1);
  });

  it('answers a deferral by coming back later without counting an attempt', async () => {
    let asks = 0;
    const consumer: OutboxConsumer = {
      name: 'chat',
      wants: () => true,
      async deliver() {
        asks += 1;
        return asks < 3 ? { retryInMs: 30 } : undefined;
      },
    };
    const w = start([consumer]);
    await store.outbox.add([started(71, 1)]);
    w.nudge();
    await pollUntil('delivered', async () => (await statusOf(71))[0] === 'delivered');
    expect(asks).toBe(3);
    expect((await store.outbox.list({ issueId: 71 }))[0]!.attempts).toBe(1);
  });

  it('delivers an entry a crashed worker held, once its lease ran out', async () => {
    await store.outbox.add([requested(81)]);
    const [held] = await store.outbox.claim('crashed-process', 100, 1);
    expect(held?.issueId).toBe(81);
    const p = platform();
    const w = start([p.consumer], { worker: 'next-process' });
    w.nudge();
    await pollUntil('delivered', async () => (await statusOf(81))[0] === 'delivered');
    expect(p.consumer.delivered).toHaveLength(1);
    expect((await store.outbox.list({ issueId: 81 }))[0]).toMatchObject({
      claimedBy: 'next-process',
      attempts: 2,
    });
  });

  it('stop delivers what is due first, then claims nothing more', async () => {
    const p = platform();
    const w = start([p.consumer]);
    await store.outbox.add([requested(91), requested(92)]);
    await w.stop();
    expect(await statusOf(91)).toEqual(['delivered']);
    expect(await statusOf(92)).toEqual(['delivered']);
    await store.outbox.add([requested(93)]);
    w.nudge();
    await new Promise((r) => setTimeout(r, 150));
    expect(await statusOf(93)).toEqual(['pending']);
    worker = null;
    const next = start([p.consumer]);
    await next.idle();
    expect(await statusOf(93)).toEqual(['delivered']);
  });
});

const pg = realDbUrl('postgres');
describe.runIf(pg)('outbox workers sharing PostgreSQL', () => {
  let t: TestStore;
  const stores: Store[] = [];
  const workers: OutboxWorker[] = [];
  beforeAll(async () => {
    t = await createTestStore(pg);
    for (let i = 0; i < 3; i++) {
      const handle = await openDatabase({ databaseUrl: t.databaseUrl!, dataDir: '' });
      stores.push(createDrizzleStore(handle, testSecretBox()));
    }
  });
  afterAll(async () => {
    for (const w of workers) await w.stop();
    for (const s of stores) await s.close();
    await t?.cleanup();
  });

  it('delivers every entry once, each issue in order, across three processes', async () => {
    const seen: { id: string; worker: number }[] = [];
    for (const [i, s] of stores.entries()) {
      const w = createOutboxWorker({
        store: s,
        logger: recordingLogger().logger,
        clock: systemClock,
        worker: `process-${i}`,
        pollMs: 20,
        concurrency: 4,
      });
      w.use({
        name: 'chat',
        wants: () => true,
        async deliver(ctx) {
          const e = ctx.entry.event as Extract<DomainEvent, { type: 'approval.requested' }>;
          seen.push({ id: `${e.issueId}:${e.step}`, worker: i });
          await new Promise((r) => setTimeout(r, 2));
          return undefined;
        },
      });
      w.start();
      workers.push(w);
    }
    const events: DomainEvent[] = [];
    for (let step = 1; step <= 8; step++)
      for (let issue = 1; issue <= 12; issue++) events.push(requested(issue, step));
    await t.store.outbox.add(events);
    for (const w of workers) w.nudge();
    await pollUntil(
      'all delivered',
      async () => (await t.store.outbox.list({ status: 'delivered' })).length === 96,
    );
    expect(seen).toHaveLength(96);
    expect(new Set(seen.map((s) => s.id)).size).toBe(96);
    for (let issue = 1; issue <= 12; issue++) {
      const steps = seen.filter((s) => s.id.startsWith(`${issue}:`)).map((s) => Number(s.id.split(':')[1]));
      expect(steps).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    }
    expect(new Set(seen.map((s) => s.worker)).size).toBeGreaterThan(1);
  });
});
