// Keeps chat in step with issues: posts and updates approval cards, DMs approvers, streams rollout progress.
import { issueUrl } from '../messages/approval-card.ts';
import { buildProgress, buildRolloutSummary } from '../messages/progress.ts';
import { type ChatMessage, notice } from '../messages/types.ts';
import type { ChatAdapter } from '../ports/chat-adapter.ts';
import type { ChatMessageRecord } from '../ports/chat-store.ts';
import type { Clock, Logger } from '../ports/clock.ts';
import type { DomainEvent } from '../ports/events.ts';
import type { Store } from '../ports/store.ts';
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

export interface ChatNotifier {
  /** Handles one domain event (subscribe this to the EventBus). */
  onEvent(event: DomainEvent): void;
  /** Resolves when every queued chat update has been sent. */
  idle(): Promise<void>;
  /** Flushes pending progress and waits for queued work; later events are ignored. */
  stop(): Promise<void>;
}

interface ProgressState {
  timer: ReturnType<typeof setTimeout> | null;
  lastFlush: number;
}

/** Creates the notifier; work per issue runs in order, so a card is never updated before it was posted. */
export function createChatNotifier(o: ChatNotifierOptions): ChatNotifier {
  const interval = o.progressIntervalMs ?? 1000;
  const chains = new Map<number, Promise<void>>();
  const progress = new Map<number, ProgressState>();
  // When each channel last got a status write: interim updates of all issues share a channel's pace.
  const channelLast = new Map<string, number>();
  const finished = new Set<number>();
  let stopped = false;

  function enqueue(issueId: number, work: () => Promise<void>): Promise<void> {
    const next = (chains.get(issueId) ?? Promise.resolve())
      .then(work)
      .catch((err: unknown) => o.logger.error({ err, issueId }, 'chat notification failed'));
    chains.set(issueId, next);
    void next.finally(() => {
      if (chains.get(issueId) === next) chains.delete(issueId);
    });
    return next;
  }

  /** Runs one platform call; a failure is logged and does not stop the other channels. */
  async function attempt<T>(what: string, fields: Record<string, unknown>, fn: () => Promise<T>) {
    try {
      return await fn();
    } catch (err) {
      o.logger.warn({ err, ...fields }, `chat ${what} failed`);
      return null;
    }
  }

  async function cards(issueId: number, adapter: ChatAdapter): Promise<ChatMessageRecord[]> {
    return o.store.chatMessages.list(issueId, { platform: adapter.platform, kind: 'card' });
  }

  async function refreshCards(facts: IssueFacts, postIfMissing: boolean): Promise<void> {
    const issueId = facts.detail.issue.id;
    const card = cardOf(facts, o.publicUrl);
    const bindings = await o.store.bindings.listChat(facts.project.id);
    for (const adapter of o.adapters) {
      const existing = await cards(issueId, adapter);
      for (const b of bindings.filter((x) => x.platform === adapter.platform)) {
        const found = existing.find((r) => r.channel === b.channel);
        const fields = { issueId, platform: adapter.platform, channel: b.channel };
        if (found) await attempt('card update', fields, () => adapter.update(found.ref, card));
        else if (postIfMissing) {
          const ref = await attempt('card post', fields, () => adapter.post({ channel: b.channel }, card));
          if (ref)
            await o.store.chatMessages.add({
              issueId,
              platform: adapter.platform,
              kind: 'card',
              channel: b.channel,
              ref,
            });
        }
      }
    }
  }

  async function dmApprovers(facts: IssueFacts): Promise<void> {
    const issue = facts.detail.issue;
    const message = notice(
      [`Issue #${issue.id} “${issue.title}” in ${facts.project.key} waits for your approval.`],
      {
        link: { url: issueUrl(o.publicUrl, issue.id), label: 'Open the issue' },
      },
    );
    for (const adapter of o.adapters) {
      if ((await cards(issue.id, adapter)).length === 0) continue;
      for (const person of approversOf(facts)) {
        const fields = { issueId: issue.id, platform: adapter.platform, principal: person.id };
        const userId = await attempt('user lookup', fields, () => adapter.findUserIdByEmail(person.email));
        if (userId) await attempt('dm', fields, () => adapter.dm(userId, message));
      }
    }
  }

  /**
   * Posts or edits the status message in each card's thread. An interim update skips a channel that got a
   * status write (of any issue) within the interval and comes back later; a final one always goes out.
   */
  async function flushProgress(issueId: number, final: 'done' | 'failed' | null): Promise<void> {
    if (!final && finished.has(issueId)) return;
    let retryIn: number | null = null;
    const facts = await loadIssueFacts(o.store, issueId);
    if (!facts) return;
    const input = await progressOf(o.store, facts, o.publicUrl);
    const status = buildProgress(input);
    for (const adapter of o.adapters) {
      const statuses = await o.store.chatMessages.list(issueId, {
        platform: adapter.platform,
        kind: 'status',
      });
      for (const card of await cards(issueId, adapter)) {
        const fields = { issueId, platform: adapter.platform, channel: card.channel };
        const pace = `${adapter.platform}:${card.channel}`;
        const free = (channelLast.get(pace) ?? Number.NEGATIVE_INFINITY) + interval - o.clock.now();
        if (!final && free > 0) {
          retryIn = Math.min(retryIn ?? free, free);
          continue;
        }
        channelLast.set(pace, o.clock.now());
        const mine = statuses.find((s) => s.channel === card.channel);
        if (mine) await attempt('status update', fields, () => adapter.update(mine.ref, status));
        else {
          const ref = await attempt('status post', fields, () => adapter.reply(card.ref, status));
          if (ref)
            await o.store.chatMessages.add({
              issueId,
              platform: adapter.platform,
              kind: 'status',
              channel: card.channel,
              ref,
            });
        }
        if (final) await postFinal(adapter, card, buildRolloutSummary(input, final), fields);
      }
    }
    if (final) await refreshCards(facts, false);
    else if (retryIn !== null) scheduleProgress(issueId, retryIn);
  }

  /** The summary must not be lost: one more attempt after a failure the client did not already retry. */
  async function postFinal(
    adapter: ChatAdapter,
    card: ChatMessageRecord,
    message: ChatMessage,
    fields: Record<string, unknown>,
  ) {
    for (let i = 0; i < 2; i++) {
      if (
        await attempt('summary post', { ...fields, attempt: i + 1 }, () => adapter.reply(card.ref, message))
      )
        return;
    }
  }

  function progressChanged(issueId: number): void {
    // A retried task brings a finished rollout back to life.
    finished.delete(issueId);
    scheduleProgress(issueId);
  }

  /** Flushes the issue's progress after its interval (or after `delayMs`, when a channel asked to wait). */
  function scheduleProgress(issueId: number, delayMs?: number): void {
    if (finished.has(issueId) || stopped) return;
    const state = progress.get(issueId) ?? { timer: null, lastFlush: 0 };
    progress.set(issueId, state);
    if (state.timer) return;
    const wait = delayMs ?? Math.max(0, state.lastFlush + interval - o.clock.now());
    state.timer = setTimeout(() => {
      state.timer = null;
      state.lastFlush = o.clock.now();
      void enqueue(issueId, () => flushProgress(issueId, null));
    }, wait);
  }

  function rolloutFinished(issueId: number, status: 'done' | 'failed'): void {
    const state = progress.get(issueId);
    if (state?.timer) clearTimeout(state.timer);
    progress.delete(issueId);
    finished.add(issueId);
    if (finished.size > 10_000) finished.delete(finished.values().next().value!);
    void enqueue(issueId, () => flushProgress(issueId, status));
  }

  return {
    onEvent(event) {
      if (stopped) return;
      const id = event.issueId;
      switch (event.type) {
        case 'approval.requested':
          void enqueue(id, async () => {
            const facts = await loadIssueFacts(o.store, id);
            if (!facts) return;
            await refreshCards(facts, true);
            await dmApprovers(facts);
          });
          return;
        case 'issue.approved':
        case 'issue.rejected':
        case 'issue.canceled':
          void enqueue(id, async () => {
            const facts = await loadIssueFacts(o.store, id);
            if (facts) await refreshCards(facts, false);
          });
          return;
        case 'task.started':
        case 'task.progress':
        case 'task.finished':
        case 'task.requeued':
        case 'stage.finished':
          progressChanged(id);
          return;
        case 'rollout.finished':
          rolloutFinished(id, event.status);
          return;
        default:
          return;
      }
    },
    async idle() {
      while (chains.size > 0 || [...progress.values()].some((p) => p.timer)) {
        await Promise.all([...chains.values()]);
        if (chains.size === 0 && [...progress.values()].some((p) => p.timer))
          await new Promise((r) => setTimeout(r, interval / 4));
      }
    },
    async stop() {
      stopped = true;
      for (const [issueId, state] of progress) {
        if (state.timer) {
          clearTimeout(state.timer);
          state.timer = null;
          void enqueue(issueId, () => flushProgress(issueId, null));
        }
      }
      await Promise.all([...chains.values()]);
    },
  };
}
