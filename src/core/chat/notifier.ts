// Keeps chat in step with issues, from the outbox: posts and updates approval cards, DMs approvers, writes rollout
// progress and summaries into the card's thread. Platform errors reach the worker, which retries the entry.
import { issueUrl } from '../messages/approval-card.ts';
import { buildProgress, buildRolloutSummary } from '../messages/progress.ts';
import { notice } from '../messages/types.ts';
import type { Deferral, DeliveryContext, OutboxConsumer } from '../outbox/consumer.ts';
import type { ChatAdapter } from '../ports/chat-adapter.ts';
import type { ChatMessageRecord } from '../ports/chat-store.ts';
import type { Clock, Logger } from '../ports/clock.ts';
import type { DomainEvent } from '../ports/events.ts';
import type { OutboxMessage } from '../ports/outbox.ts';
import type { Store } from '../ports/store.ts';
import { Attempt } from './attempt.ts';
import { approversOf, cardOf, type IssueFacts, loadIssueFacts, progressOf } from './load.ts';

export interface ChatNotifierOptions {
  store: Store;
  adapters: ChatAdapter[];
  publicUrl: string;
  logger: Logger;
  clock: Clock;
  /** Least time between two edits of a thread's status message; default 1000 ms (Slack: ~1 message/s/channel). */
  progressIntervalMs?: number;
}

/** The outbox consumer of chat effects, plus live progress edits while a task runs. */
export interface ChatNotifier extends OutboxConsumer {
  /**
   * Handles a live event from the EventBus: statement progress of a running task (`task.progress`, which is
   * not stored) edits the status messages already posted, paced like every interim update; best effort.
   */
  onLiveEvent(event: DomainEvent): void;
  /** Stops live edits and waits for those in flight. */
  stop(): Promise<void>;
}

/** The events about one issue; drift announcements have a consumer of their own. */
type IssueEvent = Exclude<DomainEvent, { type: 'drift.changed' }>;

const INTERIM = new Set<string>(['task.started', 'task.finished', 'task.requeued', 'stage.finished']);
const WANTED = new Set<string>([
  ...INTERIM,
  'approval.requested',
  'issue.approved',
  'issue.rejected',
  'issue.canceled',
  'rollout.finished',
]);

/** Creates the notifier; in this process, work per issue runs in order (deliveries and live edits alike). */
export function createChatNotifier(o: ChatNotifierOptions): ChatNotifier {
  const interval = o.progressIntervalMs ?? 1000;
  const chains = new Map<number, Promise<unknown>>();
  const live = new Map<number, ReturnType<typeof setTimeout>>();
  // When each channel last got a status write: interim updates of all issues share a channel's pace.
  const channelLast = new Map<string, number>();
  let stopped = false;

  function serial<T>(issueId: number, work: () => Promise<T>): Promise<T> {
    const next = (chains.get(issueId) ?? Promise.resolve()).catch(() => {}).then(work);
    chains.set(issueId, next);
    void next
      .catch(() => {})
      .finally(() => {
        if (chains.get(issueId) === next) chains.delete(issueId);
      });
    return next;
  }

  const records = (issueId: number, adapter: ChatAdapter, kind: 'card' | 'status') =>
    o.store.chatMessages.list(issueId, { platform: adapter.platform, kind });

  /** Brings every card of the issue to its current state; posts missing ones when asked (a card posted late shows now). */
  async function refreshCards(facts: IssueFacts, postIfMissing: boolean, ctx: DeliveryContext, a: Attempt) {
    const issueId = facts.detail.issue.id;
    const card = cardOf(facts, o.publicUrl);
    const bindings = await o.store.bindings.listChat(facts.project.id);
    for (const adapter of o.adapters) {
      const existing = await records(issueId, adapter, 'card');
      for (const b of bindings.filter((x) => x.platform === adapter.platform)) {
        const key = `card:${adapter.platform}:${b.channel}`;
        if (ctx.done(key)) continue;
        const found = existing.find((r) => r.channel === b.channel);
        const fields = { issueId, platform: adapter.platform, channel: b.channel };
        if (found) {
          if ((await a.run('card update', fields, () => adapter.update(found.ref, card))).ok)
            await ctx.record(key);
        } else if (postIfMissing) {
          const posted = await a.run('card post', fields, () => adapter.post({ channel: b.channel }, card));
          if (!posted.ok) continue;
          // Stored at once: this reference is what keeps a retry from posting the card a second time.
          await o.store.chatMessages.add({
            issueId,
            platform: adapter.platform,
            kind: 'card',
            channel: b.channel,
            ref: posted.value,
          });
          await ctx.record(key);
        }
      }
    }
  }

  /** DMs the approvers of the requested step, once each; a step decided before delivery asks nobody any more. */
  async function dmApprovers(
    facts: IssueFacts,
    event: Extract<DomainEvent, { type: 'approval.requested' }>,
    ctx: DeliveryContext,
    a: Attempt,
  ) {
    const issue = facts.detail.issue;
    const message = notice(
      [`Issue #${issue.id} “${issue.title}” in ${facts.project.key} waits for your approval.`],
      { link: { url: issueUrl(o.publicUrl, issue.id), label: 'Open the issue' } },
    );
    for (const adapter of o.adapters) {
      if ((await records(issue.id, adapter, 'card')).length === 0) continue;
      // Read again for each platform: posting the cards, or another platform's DMs, may have taken long enough
      // (a platform's own retries during an outage) for the step to be decided meanwhile.
      const now = await loadIssueFacts(o.store, issue.id);
      const pending = now?.detail.approvals.find(
        (s) => s.round === event.round && s.step === event.step && s.status === 'pending',
      );
      if (!now || !pending || now.detail.issue.status !== 'pending_approval') return;
      for (const person of approversOf(now)) {
        const key = `dm:${adapter.platform}:${person.id}`;
        if (ctx.done(key)) continue;
        const fields = { issueId: issue.id, platform: adapter.platform, principal: person.id };
        const user = await a.run('user lookup', fields, () => adapter.findUserIdByEmail(person.email));
        if (!user.ok) continue;
        if (user.value === null) {
          await ctx.record(key, 'no platform user');
          continue;
        }
        const userId = user.value;
        if ((await a.run('dm', fields, () => adapter.dm(userId, message))).ok) await ctx.record(key);
      }
    }
  }

  /**
   * Interim progress: writes the status message in each card's thread (posted the first time, edited after). A
   * channel that got a status write (of any issue) within the interval is skipped and the entry asks to come
   * back; a channel already showing what this delivery covers is not written again.
   */
  async function interimProgress(issueId: number, ctx: DeliveryContext, a: Attempt) {
    let retryIn: number | null = null;
    const facts = await loadIssueFacts(o.store, issueId);
    if (!facts) return undefined;
    const status = buildProgress(await progressOf(o.store, facts, o.publicUrl));
    for (const adapter of o.adapters) {
      const statuses = await records(issueId, adapter, 'status');
      for (const card of await records(issueId, adapter, 'card')) {
        const key = `status:${adapter.platform}:${card.channel}`;
        if (Number(ctx.done(key) ?? 0) >= ctx.coverage) continue;
        const pace = `${adapter.platform}:${card.channel}`;
        const free = (channelLast.get(pace) ?? Number.NEGATIVE_INFINITY) + interval - o.clock.now();
        if (free > 0) {
          retryIn = Math.min(retryIn ?? free, free);
          continue;
        }
        channelLast.set(pace, o.clock.now());
        const fields = { issueId, platform: adapter.platform, channel: card.channel };
        if (await writeStatus(adapter, card, statuses, status, fields, a))
          await ctx.record(key, ctx.coverage);
      }
    }
    return retryIn === null ? undefined : { retryInMs: Math.ceil(retryIn) };
  }

  /** The end of a rollout: the status message's final state, the summary (once per thread), the cards' final state. */
  async function finalProgress(issueId: number, final: 'done' | 'failed', ctx: DeliveryContext, a: Attempt) {
    const timer = live.get(issueId);
    if (timer) clearTimeout(timer);
    live.delete(issueId);
    const facts = await loadIssueFacts(o.store, issueId);
    if (!facts) return;
    const input = await progressOf(o.store, facts, o.publicUrl);
    const status = buildProgress(input);
    for (const adapter of o.adapters) {
      const statuses = await records(issueId, adapter, 'status');
      for (const card of await records(issueId, adapter, 'card')) {
        const fields = { issueId, platform: adapter.platform, channel: card.channel };
        const statusKey = `status:${adapter.platform}:${card.channel}`;
        if (!ctx.done(statusKey)) {
          channelLast.set(`${adapter.platform}:${card.channel}`, o.clock.now());
          if (!(await writeStatus(adapter, card, statuses, status, fields, a))) continue;
          await ctx.record(statusKey);
        }
        const summaryKey = `summary:${adapter.platform}:${card.channel}`;
        if (ctx.done(summaryKey)) continue;
        const summary = buildRolloutSummary(input, final);
        if ((await a.run('summary post', fields, () => adapter.reply(card.ref, summary))).ok)
          await ctx.record(summaryKey);
      }
    }
    await refreshCards(facts, false, ctx, a);
  }

  async function writeStatus(
    adapter: ChatAdapter,
    card: ChatMessageRecord,
    statuses: ChatMessageRecord[],
    status: ReturnType<typeof buildProgress>,
    fields: Record<string, unknown>,
    a: Attempt,
  ): Promise<boolean> {
    const mine = statuses.find((s) => s.channel === card.channel);
    if (mine) return (await a.run('status update', fields, () => adapter.update(mine.ref, status))).ok;
    const posted = await a.run('status post', fields, () => adapter.reply(card.ref, status));
    if (!posted.ok) return false;
    await o.store.chatMessages.add({
      issueId: card.issueId,
      platform: adapter.platform,
      kind: 'status',
      channel: card.channel,
      ref: posted.value,
    });
    return true;
  }

  async function deliverEvent(event: IssueEvent, ctx: DeliveryContext): Promise<Deferral | undefined> {
    const a = new Attempt(o.logger);
    let outcome: Deferral | undefined;
    const id = event.issueId;
    if (
      event.type === 'approval.requested' ||
      event.type === 'issue.approved' ||
      event.type === 'issue.rejected' ||
      event.type === 'issue.canceled'
    ) {
      const facts = await loadIssueFacts(o.store, id);
      if (!facts) return undefined;
      await refreshCards(facts, event.type === 'approval.requested', ctx, a);
      if (event.type === 'approval.requested') await dmApprovers(facts, event, ctx, a);
    } else if (event.type === 'rollout.finished') {
      await finalProgress(id, event.status, ctx, a);
    } else if (INTERIM.has(event.type)) {
      outcome = await interimProgress(id, ctx, a);
    }
    a.settle();
    return outcome;
  }

  /** A live edit: the status messages already posted show the running statement; nothing is posted here. */
  async function liveFlush(issueId: number): Promise<void> {
    let retryIn: number | null = null;
    const facts = await loadIssueFacts(o.store, issueId);
    // Once the rollout ended its final state is written from the outbox; a late live edit would only spend
    // the channel's pace.
    if (facts?.detail.issue.status !== 'running') return;
    const status = buildProgress(await progressOf(o.store, facts, o.publicUrl));
    for (const adapter of o.adapters) {
      for (const mine of await records(issueId, adapter, 'status')) {
        const pace = `${adapter.platform}:${mine.channel}`;
        const free = (channelLast.get(pace) ?? Number.NEGATIVE_INFINITY) + interval - o.clock.now();
        if (free > 0) {
          retryIn = Math.min(retryIn ?? free, free);
          continue;
        }
        channelLast.set(pace, o.clock.now());
        try {
          await adapter.update(mine.ref, status);
        } catch (err) {
          // The next stored progress entry writes the state again, so a lost live edit costs nothing lasting.
          o.logger.debug({ err, issueId, platform: adapter.platform }, 'chat live progress edit failed');
        }
      }
    }
    // Half an interval later than the channel frees up: a stored entry waiting for the same channel goes first.
    if (retryIn !== null) scheduleLive(issueId, retryIn + interval / 2);
  }

  function scheduleLive(issueId: number, delayMs = interval): void {
    if (stopped || live.has(issueId)) return;
    const timer = setTimeout(() => {
      live.delete(issueId);
      void serial(issueId, () => liveFlush(issueId)).catch((err: unknown) =>
        o.logger.debug({ err, issueId }, 'chat live progress failed'),
      );
    }, delayMs);
    timer.unref?.();
    live.set(issueId, timer);
  }

  return {
    name: 'chat',
    wants: (m: OutboxMessage) => WANTED.has(m.type),
    coalesces: (m: OutboxMessage) => INTERIM.has(m.type),
    deliver(ctx) {
      const event = ctx.entry.event as IssueEvent;
      return serial(event.issueId, () => deliverEvent(event, ctx));
    },
    onLiveEvent(event) {
      if (event.type === 'task.progress') scheduleLive(event.issueId);
    },
    async stop() {
      stopped = true;
      for (const timer of live.values()) clearTimeout(timer);
      live.clear();
      while (chains.size > 0) await Promise.all([...chains.values()].map((c) => c.catch(() => {})));
    },
  };
}
