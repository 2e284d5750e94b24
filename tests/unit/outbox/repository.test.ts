// The outbox repository on PGlite and PostgreSQL: lane-ordered claims with leases, releases, effects, coverage.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../../db/client.ts';
import { createDrizzleStore } from '../../../db/store/index.ts';
import type { DomainEvent } from '../../../src/core/ports/events.ts';
import type { OutboxMessage } from '../../../src/core/ports/outbox.ts';
import type { Store } from '../../../src/core/ports/store.ts';
import { realDbUrl } from '../../support/real-dbs.ts';
import { createTestStore, type TestStore, testSecretBox } from '../../support/store.ts';

const started = (issueId: number, taskId = 1): DomainEvent => ({
  type: 'task.started',
  issueId,
  taskId,
  runId: taskId,
  attempt: 1,
});
const note = (lane: string, body = 'x'): OutboxMessage => ({
  type: 'vcs.note',
  lane,
  repository: 'acme/app',
  iid: 1,
  marker: '<!-- m -->',
  body,
  createIfMissing: true,
});

function repositoryCases(kind: 'pglite' | 'postgres', adminUrl?: string) {
  describe(`outbox repository [${kind}]`, () => {
    let t: TestStore;
    let store: Store;
    beforeAll(async () => {
      t = await createTestStore(adminUrl);
      store = t.store;
    });
    afterAll(async () => {
      await t?.cleanup();
    });
    it('claims only the first open entry of each lane, and the next one after it is delivered', async () => {
      await store.outbox.add([started(101, 1), started(101, 2), started(102, 3), note('mr:1'), note('mr:1')]);
      const first = await store.outbox.claim('w1', 60_000, 10);
      expect(first.map((e) => [e.issueId, e.event.type])).toEqual([
        [101, 'task.started'],
        [102, 'task.started'],
        [null, 'vcs.note'],
      ]);
      expect(first.every((e) => e.status === 'running' && e.attempts === 1 && e.claimedBy === 'w1')).toBe(
        true,
      );
      // Nothing else is claimable while the heads are held.
      expect(await store.outbox.claim('w2', 60_000, 10)).toEqual([]);
      expect(await store.outbox.hasDue()).toBe(false);
      for (const e of first) expect(await store.outbox.finish(e.id, 'w1', 'delivered')).toBe(true);
      const second = await store.outbox.claim('w2', 60_000, 10);
      expect(second.map((e) => [e.issueId, (e.event as { taskId?: number }).taskId ?? e.event.type])).toEqual(
        [
          [101, 2],
          [null, 'vcs.note'],
        ],
      );
      for (const e of second) await store.outbox.finish(e.id, 'w2', 'delivered');
      expect(await store.outbox.undelivered(101)).toEqual([]);
    });

    it('a failed entry does not hold its lane back; a pending one waits out its back-off', async () => {
      await store.outbox.add([started(201, 1), started(201, 2)]);
      const [a] = await store.outbox.claim('w1', 60_000, 10);
      expect(
        await store.outbox.release(a!.id, 'w1', { delayMs: 400, error: 'HTTP 503', countAttempt: true }),
      ).toBe(true);
      expect(await store.outbox.claim('w1', 60_000, 10)).toEqual([]);
      expect(await store.outbox.get(a!.id)).toMatchObject({
        status: 'pending',
        attempts: 1,
        lastError: 'HTTP 503',
      });
      const due = await store.outbox.nextDueInMs();
      expect(due).toBeGreaterThan(100);
      expect(due).toBeLessThanOrEqual(400);
      await new Promise((r) => setTimeout(r, 450));
      const [again] = await store.outbox.claim('w1', 60_000, 10);
      expect(again).toMatchObject({ id: a!.id, attempts: 2 });
      expect(await store.outbox.finish(a!.id, 'w1', 'failed', 'gave up')).toBe(true);
      const [b] = await store.outbox.claim('w1', 60_000, 10);
      expect((b!.event as { taskId: number }).taskId).toBe(2);
      await store.outbox.finish(b!.id, 'w1', 'delivered');
      expect((await store.outbox.undelivered(201)).map((e) => [e.status, e.lastError])).toEqual([
        ['failed', 'gave up'],
      ]);
    });

    it('a deferral is not counted as an attempt and keeps the last error', async () => {
      await store.outbox.add([started(301)]);
      const [a] = await store.outbox.claim('w1', 60_000, 1);
      await store.outbox.release(a!.id, 'w1', { delayMs: 0, error: 'boom', countAttempt: true });
      const [b] = await store.outbox.claim('w1', 60_000, 1);
      expect(b?.attempts).toBe(2);
      await store.outbox.release(b!.id, 'w1', { delayMs: 0, error: null, countAttempt: false });
      expect(await store.outbox.get(a!.id)).toMatchObject({
        attempts: 1,
        lastError: 'boom',
        status: 'pending',
      });
      const [c] = await store.outbox.claim('w1', 60_000, 1);
      await store.outbox.finish(c!.id, 'w1', 'delivered');
    });

    it('an expired lease lets another worker claim the entry; the first one can no longer finish it', async () => {
      await store.outbox.add([started(401)]);
      const [a] = await store.outbox.claim('dead', 0, 1);
      await new Promise((r) => setTimeout(r, 20));
      expect(await store.outbox.renew(a!.id, 'other', 60_000)).toBe(false);
      const [b] = await store.outbox.claim('alive', 60_000, 1);
      expect(b).toMatchObject({ id: a!.id, attempts: 2, claimedBy: 'alive' });
      expect(await store.outbox.finish(a!.id, 'dead', 'delivered')).toBe(false);
      expect(await store.outbox.renew(b!.id, 'alive', 60_000)).toBe(true);
      expect(await store.outbox.finish(b!.id, 'alive', 'delivered')).toBe(true);
      expect((await store.outbox.get(a!.id))?.deliveredAt).toBeInstanceOf(Date);
    });

    it('records effects across attempts, lists what follows in the lane and absorbs it', async () => {
      await store.outbox.add([started(501, 1), started(501, 2), started(501, 3), started(502, 4)]);
      const [head] = await store.outbox.claim('w1', 60_000, 1);
      await store.outbox.recordEffect(head!.id, 'chat:dm:slack:7', true);
      await store.outbox.recordEffect(head!.id, 'chat:status:slack:C1', 12);
      expect((await store.outbox.get(head!.id))?.effects).toEqual({
        'chat:dm:slack:7': true,
        'chat:status:slack:C1': 12,
      });
      const next = await store.outbox.following(head!, 10);
      expect(next.map((e) => (e.event as { taskId: number }).taskId)).toEqual([2, 3]);
      await store.outbox.finish(head!.id, 'w1', 'delivered');
      await store.outbox.absorb(
        next.map((e) => e.id),
        head!.id,
      );
      expect(await store.outbox.undelivered(501)).toEqual([]);
      expect((await store.outbox.get(next[0]!.id))?.effects).toEqual({ coveredBy: head!.id });
      const [other] = await store.outbox.claim('w1', 60_000, 10);
      expect(other?.issueId).toBe(502);
      await store.outbox.finish(other!.id, 'w1', 'delivered');
    });

    it('prunes delivered entries only', async () => {
      await store.outbox.add([started(601), started(602)]);
      const [a, b] = await store.outbox.claim('w1', 60_000, 2);
      await store.outbox.finish(a!.id, 'w1', 'delivered');
      await store.outbox.finish(b!.id, 'w1', 'failed', 'refused');
      await new Promise((r) => setTimeout(r, 20));
      expect(await store.outbox.prune(0)).toBeGreaterThanOrEqual(1);
      expect(await store.outbox.get(a!.id)).toBeNull();
      expect(await store.outbox.get(b!.id)).toMatchObject({ status: 'failed', lastError: 'refused' });
    });
  });
}

repositoryCases('pglite');
const pg = realDbUrl('postgres');
if (pg) {
  repositoryCases('postgres', pg);

  describe('outbox claims racing on PostgreSQL', () => {
    let t: TestStore;
    const stores: Store[] = [];
    beforeAll(async () => {
      t = await createTestStore(pg);
      for (let i = 0; i < 4; i++) {
        const handle = await openDatabase({ databaseUrl: t.databaseUrl!, dataDir: '' });
        stores.push(createDrizzleStore(handle, testSecretBox()));
      }
    });
    afterAll(async () => {
      for (const s of stores) await s.close();
      await t?.cleanup();
    });

    it('never hands one entry, or two entries of one lane, to two workers at once', async () => {
      const events: DomainEvent[] = [];
      for (let issue = 1; issue <= 20; issue++)
        for (let task = 1; task <= 10; task++) events.push(started(issue, task));
      await t.store.outbox.add(events);
      const delivered: { id: number; worker: string }[] = [];
      const busyLanes = new Set<number>();
      let overlap = 0;
      await Promise.all(
        stores.map(async (s, i) => {
          const worker = `w${i}`;
          for (;;) {
            const claimed = await s.outbox.claim(worker, 60_000, 3);
            if (claimed.length === 0) {
              if (!(await s.outbox.hasDue()) && (await s.outbox.list({ status: 'pending' })).length === 0)
                return;
              await new Promise((r) => setTimeout(r, 5));
              continue;
            }
            await Promise.all(
              claimed.map(async (e) => {
                if (busyLanes.has(e.issueId!)) overlap++;
                busyLanes.add(e.issueId!);
                await new Promise((r) => setTimeout(r, 1));
                busyLanes.delete(e.issueId!);
                delivered.push({ id: e.id, worker });
                expect(await s.outbox.finish(e.id, worker, 'delivered')).toBe(true);
              }),
            );
          }
        }),
      );
      expect(overlap).toBe(0);
      expect(delivered).toHaveLength(200);
      expect(new Set(delivered.map((d) => d.id)).size).toBe(200);
      // Each lane was delivered in id order.
      const all = await t.store.outbox.list();
      const order = new Map(delivered.map((d, i) => [d.id, i]));
      for (let issue = 1; issue <= 20; issue++) {
        const ids = all.filter((e) => e.issueId === issue).map((e) => order.get(e.id)!);
        expect(ids).toEqual([...ids].sort((a, b) => a - b));
      }
      expect(new Set(delivered.map((d) => d.worker)).size).toBeGreaterThan(1);
    });
  });
}
