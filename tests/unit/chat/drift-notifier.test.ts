// The drift card consumer of the outbox on a real store: one card per bound channel, retries that never post twice,
// late deliveries that show the state as it is now, and later changes edited in place with a notice in the thread.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDriftNotifier } from '../../../src/core/chat/drift-notifier.ts';
import type { ChatMessage, DriftCard } from '../../../src/core/messages/types.ts';
import type { DeliveryContext } from '../../../src/core/outbox/consumer.ts';
import type { ChatAdapter, MessageRef } from '../../../src/core/ports/chat-adapter.ts';
import { silentLogger } from '../../../src/core/ports/clock.ts';
import type { DriftStatus } from '../../../src/core/ports/drift-store.ts';
import type { DomainEvent } from '../../../src/core/ports/events.ts';
import type { OutboxEntry } from '../../../src/core/ports/outbox.ts';
import type { Store } from '../../../src/core/ports/store.ts';
import { seedDatabase } from '../../support/seed-database.ts';
import { createTestStore, type TestStore } from '../../support/store.ts';

/** A platform that keeps what it was sent, and refuses posts to the channels named in `down`. */
function platform(name: 'slack' | 'teams') {
  const sent: { op: 'post' | 'update' | 'reply'; channel: string; message: ChatMessage }[] = [];
  const down = new Set<string>();
  let n = 0;
  const adapter = {
    platform: name,
    async post(target: { channel: string }, message: ChatMessage): Promise<MessageRef> {
      if (down.has(target.channel)) throw new Error(`${target.channel} is down`);
      sent.push({ op: 'post', channel: target.channel, message });
      return { channel: target.channel, id: `m${++n}` };
    },
    async update(ref: MessageRef, message: ChatMessage) {
      sent.push({ op: 'update', channel: String(ref.channel), message });
    },
    async reply(ref: MessageRef, message: ChatMessage): Promise<MessageRef> {
      sent.push({ op: 'reply', channel: String(ref.channel), message });
      return { channel: String(ref.channel), id: `r${++n}` };
    },
  } as unknown as ChatAdapter;
  return { adapter, sent, down };
}

/** One outbox entry's deliveries: sub-effects recorded by one attempt are seen by the next. */
function entry(event: DomainEvent): DeliveryContext {
  const effects: Record<string, unknown> = {};
  return {
    entry: { id: 1, event, effects } as unknown as OutboxEntry,
    coverage: 1,
    done: (key) => effects[key],
    async record(key, value = true) {
      effects[key] = value;
    },
  };
}

describe('drift notifier', () => {
  let t: TestStore;
  let store: Store;
  let databaseId: number;
  let dba: number;
  const slack = platform('slack');
  const teams = platform('teams');
  const notifier = () =>
    createDriftNotifier({
      store,
      adapters: [slack.adapter, teams.adapter],
      publicUrl: 'https://bb.example.com',
      logger: silentLogger,
      clock: { now: () => Date.now() },
    });

  beforeAll(async () => {
    t = await createTestStore(process.env.TEST_POSTGRES_URL);
    store = t.store;
    const seeded = await seedDatabase(store, { database: 'orders' });
    const project = seeded.project;
    databaseId = seeded.database.id;
    dba = (
      await store.principals.create({
        email: 'dba@example.com',
        name: 'Dana DBA',
        workspaceRole: 'dba',
        source: 'api',
      })
    ).id;
    await store.bindings.addChat(project.id, 'slack', 'C1', 'api');
    await store.bindings.addChat(project.id, 'slack', 'C2', 'api');
    await store.bindings.addChat(project.id, 'teams', 'T1', 'api');
  }, 60_000);
  afterAll(async () => {
    await t?.cleanup();
  });

  const record = (status: DriftStatus) =>
    store.transaction(async (tx) => {
      await tx.driftStates.lock(databaseId);
      return tx.driftStates.record(
        databaseId,
        {
          status,
          checkedAt: new Date(),
          baselineHistoryId: null,
          diff: status === 'drifted' ? { added: ['x int'], removed: [], moreAdded: 0, moreRemoved: 0 } : null,
          error: status === 'unreachable' ? 'connection refused' : null,
          checkedBy: null,
          durationMs: 1,
        },
        { nextCheckAt: null, bump: true },
      );
    });
  const changed = (seq: number, status: DriftStatus, previous: DriftStatus | null): DomainEvent => ({
    type: 'drift.changed',
    lane: `drift:${databaseId}`,
    databaseId,
    seq,
    status,
    previous,
  });

  it('wants drift changes only', () => {
    const n = notifier();
    expect(n.name).toBe('chat-drift');
    expect(n.wants(changed(1, 'drifted', null))).toBe(true);
    expect(n.wants({ type: 'issue.created', issueId: 1, projectId: 1 })).toBe(false);
  });

  it('posts one card per bound channel; a retry posts only what failed', async () => {
    const { state } = await record('drifted');
    const ctx = entry(changed(state.seq, 'drifted', null));
    slack.down.add('C2');
    await expect(notifier().deliver(ctx)).rejects.toThrow('C2 is down');
    slack.down.clear();
    await notifier().deliver(ctx);
    expect(slack.sent.map((s) => [s.op, s.channel])).toEqual([
      ['post', 'C1'],
      ['post', 'C2'],
    ]);
    expect(teams.sent.map((s) => [s.op, s.channel])).toEqual([['post', 'T1']]);
    // A third attempt of the same entry sends nothing at all.
    await notifier().deliver(ctx);
    expect(slack.sent).toHaveLength(2);
    expect(teams.sent).toHaveLength(1);
    const cards = await store.driftCards.list(databaseId);
    expect(cards.map((c) => [c.platform, c.channel, c.seq]).sort()).toEqual([
      ['slack', 'C1', state.seq],
      ['slack', 'C2', state.seq],
      ['teams', 'T1', state.seq],
    ]);
    expect((teams.sent[0]!.message as DriftCard).acceptable).toBe(true);
  });

  it('updates the cards in place with a notice in their threads, showing the state at delivery time', async () => {
    const unreachable = await record('unreachable');
    // Delivered only after the database came back: the cards show now, the notice says what the entry was about.
    const back = await record('in_sync');
    slack.sent.length = 0;
    teams.sent.length = 0;
    await notifier().deliver(entry(changed(unreachable.state.seq, 'unreachable', 'drifted')));
    expect(slack.sent.map((s) => [s.op, s.channel])).toEqual([
      ['update', 'C1'],
      ['reply', 'C1'],
      ['update', 'C2'],
      ['reply', 'C2'],
    ]);
    const card = slack.sent[0]!.message as DriftCard;
    expect(card).toMatchObject({ status: 'in_sync', seq: back.state.seq, acceptable: false });
    expect(slack.sent[1]!.message).toMatchObject({
      kind: 'notice',
      lines: ['Unreachable (was drifted): connection refused'],
    });
    expect((await store.driftCards.list(databaseId)).every((c) => c.seq === back.state.seq)).toBe(true);
  });

  it('names who accepted a baseline, in the card and in the notice', async () => {
    const row = await store.history.begin({
      databaseId,
      issueId: null,
      taskId: null,
      version: null,
      type: 'baseline',
      statement: '-- baseline',
      checksum: 'c',
      schemaBefore: 'x',
      approverId: dba,
      executorId: dba,
    });
    await store.history.finish(row.id, { status: 'done', schemaAfter: 'x', error: null, durationMs: 0 });
    const accepted = await store.transaction(async (tx) => {
      await tx.driftStates.lock(databaseId);
      return tx.driftStates.record(
        databaseId,
        {
          status: 'in_sync',
          checkedAt: new Date(),
          baselineHistoryId: row.id,
          diff: null,
          error: null,
          checkedBy: dba,
          durationMs: null,
        },
        { nextCheckAt: null, bump: true },
      );
    });
    teams.sent.length = 0;
    await notifier().deliver(
      entry({
        ...changed(accepted.state.seq, 'in_sync', 'in_sync'),
        baseline: { by: dba, reason: 'the column stays', historyId: row.id },
      } as DomainEvent),
    );
    expect(teams.sent.map((s) => s.op)).toEqual(['update', 'reply']);
    expect((teams.sent[0]!.message as DriftCard).accepted).toMatchObject({
      by: 'Dana DBA',
      reason: 'the column stays',
    });
    expect(teams.sent[1]!.message).toMatchObject({
      lines: ['Baseline accepted by Dana DBA: the column stays'],
    });
  });
});
