// Keeps chat in step with drift, from the outbox: one drift card per database and bound channel, posted when the
// state first changes and updated in place after, with a one-line notice in its thread saying what changed.
import { type BaselineAcceptance, loadDriftCard } from '../messages/drift-card.ts';
import { type DriftCard, notice } from '../messages/types.ts';
import type { DeliveryContext, OutboxConsumer } from '../outbox/consumer.ts';
import type { ChatAdapter } from '../ports/chat-adapter.ts';
import type { Clock, Logger } from '../ports/clock.ts';
import type { DriftStatus } from '../ports/drift-store.ts';
import type { DomainEvent } from '../ports/events.ts';
import type { OutboxMessage } from '../ports/outbox.ts';
import type { Store } from '../ports/store.ts';
import { Attempt } from './attempt.ts';

export interface DriftNotifierOptions {
  store: Store;
  adapters: ChatAdapter[];
  publicUrl: string;
  logger: Logger;
  clock: Clock;
}

type DriftChanged = Extract<DomainEvent, { type: 'drift.changed' }>;

const STATUS_WORDS: Record<DriftStatus, string> = {
  in_sync: 'in sync',
  drifted: 'drifted',
  no_baseline: 'without a baseline',
  unreachable: 'unreachable',
};

/** The thread notice of one change: what the state became and what it was. */
function changeLine(event: DriftChanged, error: string | null, acceptedBy: string | null): string {
  const was = event.previous ? ` (was ${STATUS_WORDS[event.previous]})` : '';
  if (event.baseline) return `Baseline accepted by ${acceptedBy ?? 'someone'}: ${event.baseline.reason}`;
  if (event.status === 'in_sync') return `Back in sync${was}.`;
  if (event.status === 'unreachable') return `Unreachable${was}${error ? `: ${error}` : '.'}`;
  if (event.status === 'drifted') return `Drifted${was}: the live schema differs from the recorded one.`;
  return `${STATUS_WORDS[event.status]}${was}.`;
}

/** Creates the outbox consumer of `drift.changed`. */
export function createDriftNotifier(o: DriftNotifierOptions): OutboxConsumer {
  /** Why the database was unreachable in the state the event announced, which may have passed since. */
  async function errorOf(event: DriftChanged, card: DriftCard): Promise<string | null> {
    if (event.status !== 'unreachable') return null;
    if (card.seq === event.seq) return card.error;
    const checks = await o.store.driftStates.history(event.databaseId, { limit: 20 });
    return checks.find((c) => c.seq === event.seq && c.status === 'unreachable')?.error ?? null;
  }

  async function deliver(event: DriftChanged, ctx: DeliveryContext): Promise<undefined> {
    const database = await o.store.databases.get(event.databaseId);
    if (!database) return undefined;
    const accepted: BaselineAcceptance | undefined = event.baseline;
    // Built at delivery time: a card delivered late shows the state as it is now, not as the event saw it.
    const card = await loadDriftCard(o.store, event.databaseId, {
      publicUrl: o.publicUrl,
      now: new Date(o.clock.now()),
      ...(accepted ? { accepted } : {}),
    });
    if (!card) return undefined;
    const acceptedBy = event.baseline
      ? ((await o.store.principals.get(event.baseline.by))?.name ?? null)
      : null;
    const line = notice([changeLine(event, await errorOf(event, card), acceptedBy)], {
      link: { url: card.url, label: `Open ${card.database}` },
    });
    const bindings = await o.store.bindings.listChat(database.projectId);
    const cards = await o.store.driftCards.list(event.databaseId);
    const a = new Attempt(o.logger);
    for (const adapter of o.adapters) {
      for (const b of bindings.filter((x) => x.platform === adapter.platform)) {
        const fields = { databaseId: event.databaseId, platform: adapter.platform, channel: b.channel };
        const cardKey = `card:${adapter.platform}:${b.channel}`;
        const found = cards.find((c) => c.platform === adapter.platform && c.channel === b.channel);
        if (!found) {
          if (ctx.done(cardKey)) continue;
          const posted = await a.run('drift card post', fields, () =>
            adapter.post({ channel: b.channel }, card),
          );
          if (!posted.ok) continue;
          // Stored at once: this record is what keeps a retry, or the next change, from posting a second card.
          await o.store.driftCards.put({
            databaseId: event.databaseId,
            platform: adapter.platform,
            channel: b.channel,
            ref: posted.value,
            seq: card.seq,
          });
          await ctx.record(cardKey, 'posted');
          continue;
        }
        const done = ctx.done(cardKey);
        // A card this entry posted itself (on an earlier attempt) needs no notice of the change it shows.
        if (done === 'posted') continue;
        if (!done) {
          if (!(await a.run('drift card update', fields, () => adapter.update(found.ref, card))).ok) continue;
          await o.store.driftCards.update(found.id, card.seq);
          await ctx.record(cardKey, 'updated');
        }
        const noticeKey = `notice:${adapter.platform}:${b.channel}`;
        if (ctx.done(noticeKey)) continue;
        if ((await a.run('drift notice', fields, () => adapter.reply(found.ref, line))).ok)
          await ctx.record(noticeKey);
      }
    }
    a.settle();
    return undefined;
  }

  return {
    name: 'chat-drift',
    wants: (m: OutboxMessage) => m.type === 'drift.changed',
    deliver(ctx) {
      return deliver(ctx.entry.event as DriftChanged, ctx);
    },
  };
}
