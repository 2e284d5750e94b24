// The outbox delivery worker: claims due entries lane by lane under a lease, hands them to consumers, retries with
// back-off, fails for good after a bounded time, and covers interim progress entries with one delivery.
import type { Clock, Logger } from '../ports/clock.ts';
import { type Metrics, noopMetrics } from '../ports/metrics.ts';
import type { OutboxEntry, OutboxMessage } from '../ports/outbox.ts';
import type { Store } from '../ports/store.ts';
import { type DeliveryContext, errorText, isPermanent, type OutboxConsumer } from './consumer.ts';

/** How failed attempts are retried. */
export interface RetryPolicy {
  /** Wait before the first retry; doubled for each further one. */
  baseMs: number;
  /** Longest wait between two attempts, so a platform that comes back is noticed soon. */
  maxMs: number;
  /** Attempts after which an entry is failed (a claim cut short by a crash counts). */
  maxAttempts: number;
  /** Age after which a failing entry is failed instead of retried. */
  giveUpAfterMs: number;
}

export const DEFAULT_RETRY: RetryPolicy = {
  baseMs: 500,
  maxMs: 30_000,
  maxAttempts: 5000,
  giveUpAfterMs: 24 * 60 * 60 * 1000,
};

export interface OutboxWorkerOptions {
  store: Store;
  logger: Logger;
  clock: Clock;
  /** This process's name in claims. */
  worker: string;
  /** Entries (of different lanes) delivered at once; default 8. */
  concurrency?: number;
  /** How long a claim holds without renewal; renewed while delivering, so only a dead worker loses it. Default 60 s. */
  leaseMs?: number;
  /** How often due entries are looked for besides nudges (and how soon an expired lease is noticed); default 2 s. */
  pollMs?: number;
  retry?: Partial<RetryPolicy>;
  /** How long `stop` keeps delivering what is due before it lets the next process do it; default 5 s. */
  drainMs?: number;
  /** Delivered entries are deleted after this long; failed ones are kept. Default 7 days. */
  keepDeliveredMs?: number;
  /** Where delivery outcomes are counted; default nowhere. */
  metrics?: Metrics;
}

export interface OutboxWorker {
  /** Adds a consumer; call before `start`. */
  use(consumer: OutboxConsumer): void;
  /** Starts claiming. */
  start(): void;
  /** Looks for due entries now (an event was just committed). */
  nudge(): void;
  /** Resolves when nothing is due and nothing is being delivered by this worker (tests, drains). */
  idle(): Promise<void>;
  /** Delivers what is due for up to `drainMs`, waits for deliveries in flight, then stops claiming. */
  stop(): Promise<void>;
  /** Whether it is claiming: started and not stopped. */
  isRunning(): boolean;
}

const COVER_LIMIT = 500;

/** Creates the worker; nothing is claimed before `start`. */
export function createOutboxWorker(o: OutboxWorkerOptions): OutboxWorker {
  const repo = o.store.outbox;
  const consumers: OutboxConsumer[] = [];
  const retry = { ...DEFAULT_RETRY, ...o.retry };
  const concurrency = o.concurrency ?? 8;
  const leaseMs = o.leaseMs ?? 60_000;
  const pollMs = o.pollMs ?? 2000;
  const metrics = o.metrics ?? noopMetrics;
  const inFlight = new Map<number, Promise<void>>();
  let claiming: Promise<void> | null = null;
  let again = false;
  let running = false;
  let timer: ReturnType<typeof setTimeout> | null = null;
  let pruneTimer: ReturnType<typeof setInterval> | null = null;

  const wanting = (m: OutboxMessage) => consumers.filter((c) => c.wants(m));

  function backoff(attempts: number): number {
    const raw = Math.min(retry.maxMs, retry.baseMs * 2 ** Math.max(0, attempts - 1));
    // Spread the retries of many entries that failed together (one outage) over a window.
    return Math.round(raw * (0.8 + Math.random() * 0.4));
  }

  async function schedule(): Promise<void> {
    if (!running) return;
    let wait = pollMs;
    try {
      const due = await repo.nextDueInMs();
      // Due now yet not claimed: committed (or unlocked by another claimer) just after the claim; look again soon.
      if (due === 0) wait = 25;
      else if (due !== null) wait = Math.min(wait, due + 5);
    } catch (err) {
      o.logger.warn({ err }, 'outbox: reading the next due time failed');
    }
    if (!running) return;
    if (timer) clearTimeout(timer);
    timer = setTimeout(() => {
      timer = null;
      pump();
    }, wait);
    timer.unref?.();
  }

  function pump(): void {
    if (!running) return;
    if (claiming) {
      again = true;
      return;
    }
    const free = concurrency - inFlight.size;
    if (free <= 0) return;
    again = false;
    claiming = (async () => {
      let claimed = 0;
      try {
        const entries = await repo.claim(o.worker, leaseMs, free);
        claimed = entries.length;
        for (const entry of entries) spawn(entry);
      } catch (err) {
        o.logger.error({ err }, 'outbox claim failed');
      }
      if (claimed === 0 && !again) await schedule();
      claiming = null;
      // A nudge that came while claiming (or scheduling) may announce an entry the claim did not see.
      if (again || (claimed === free && claimed > 0)) pump();
    })();
  }

  function spawn(entry: OutboxEntry): void {
    const work = deliver(entry)
      .catch((err: unknown) => o.logger.error({ err, outboxId: entry.id }, 'outbox delivery crashed'))
      .finally(() => {
        inFlight.delete(entry.id);
        pump();
      });
    inFlight.set(entry.id, work);
  }

  /** Later entries of the lane this delivery covers: interim progress its consumers show from the current state. */
  async function coveredBy(entry: OutboxEntry, mine: OutboxConsumer[]): Promise<number[]> {
    if (mine.length === 0 || !mine.every((c) => c.coalesces?.(entry.event))) return [];
    const ids: number[] = [];
    for (const next of await repo.following(entry, COVER_LIMIT)) {
      const theirs = wanting(next.event);
      const covered =
        next.status === 'pending' &&
        theirs.every((c) => mine.includes(c) && c.coalesces?.(next.event) === true);
      if (!covered) break;
      ids.push(next.id);
    }
    return ids;
  }

  async function deliver(entry: OutboxEntry): Promise<void> {
    const log = {
      outboxId: entry.id,
      issueId: entry.issueId,
      event: entry.event.type,
      attempt: entry.attempts,
    };
    if (entry.attempts > retry.maxAttempts) {
      const error =
        `gave up after ${retry.maxAttempts} attempts: the last did not finish` +
        (entry.lastError ? `; an earlier one failed with: ${entry.lastError}` : '');
      if (await repo.finish(entry.id, o.worker, 'failed', error)) {
        metrics.outboxDelivery('failed');
        o.logger.error({ ...log, error }, 'outbox delivery failed');
      }
      return;
    }
    const renew = setInterval(
      () =>
        void repo
          .renew(entry.id, o.worker, leaseMs)
          .then((held) => {
            if (!held) o.logger.warn(log, 'outbox lease lost while delivering');
          })
          .catch((err: unknown) => o.logger.warn({ ...log, err }, 'outbox lease renewal failed')),
      Math.max(1000, Math.floor(leaseMs / 3)),
    );
    renew.unref?.();
    const mine = wanting(entry.event);
    let failure: unknown = null;
    let deferMs: number | null = null;
    let covered: number[] = [];
    try {
      // Read before any consumer reads the state it shows, so whatever these announced is in that state.
      covered = await coveredBy(entry, mine);
      const effects = { ...entry.effects };
      for (const consumer of mine) {
        // With several consumers, one that finished is not run again when another's failure retries the entry.
        if (effects[consumer.name] === 'done') continue;
        const ctx: DeliveryContext = {
          entry,
          coverage: Math.max(entry.id, ...covered),
          done: (key) => effects[`${consumer.name}:${key}`],
          async record(key, value = true) {
            effects[`${consumer.name}:${key}`] = value;
            await repo.recordEffect(entry.id, `${consumer.name}:${key}`, value);
          },
        };
        try {
          const outcome = await consumer.deliver(ctx);
          if (outcome) deferMs = Math.min(deferMs ?? outcome.retryInMs, outcome.retryInMs);
          else if (mine.length > 1) {
            effects[consumer.name] = 'done';
            await repo.recordEffect(entry.id, consumer.name, 'done');
          }
        } catch (err) {
          // The other consumers still get their turn: one platform's outage does not hold back another's.
          // A failure worth retrying wins: the retry gives that consumer another chance.
          if (failure === null || (isPermanent(failure) && !isPermanent(err))) failure = err;
        }
      }
    } catch (err) {
      failure ??= err;
    } finally {
      clearInterval(renew);
    }

    if (failure === null && deferMs === null) {
      if (await repo.finish(entry.id, o.worker, 'delivered')) {
        metrics.outboxDelivery('delivered');
        await repo.absorb(covered, entry.id);
      } else o.logger.warn(log, 'outbox entry delivered after its lease was lost');
      return;
    }
    if (failure === null) {
      await repo.release(entry.id, o.worker, { delayMs: deferMs!, error: null, countAttempt: false });
      return;
    }
    const error = errorText(failure);
    const age = o.clock.now() - entry.createdAt.getTime();
    const final = isPermanent(failure) || entry.attempts >= retry.maxAttempts || age >= retry.giveUpAfterMs;
    if (final) {
      if (await repo.finish(entry.id, o.worker, 'failed', error)) {
        metrics.outboxDelivery('failed');
        o.logger.error({ ...log, err: failure, error }, 'outbox delivery failed');
      }
      return;
    }
    const delayMs = backoff(entry.attempts);
    if (await repo.release(entry.id, o.worker, { delayMs, error, countAttempt: true }))
      metrics.outboxDelivery('retried');
    o.logger.warn({ ...log, err: failure, retryInMs: delayMs }, 'outbox delivery attempt failed; retrying');
  }

  async function settled(): Promise<void> {
    while (claiming || inFlight.size > 0) await Promise.all([claiming, ...inFlight.values()]);
  }

  return {
    use(consumer) {
      if (consumers.some((c) => c.name === consumer.name))
        throw new Error(`outbox consumer ${consumer.name} is already registered`);
      consumers.push(consumer);
    },
    start() {
      if (running) return;
      running = true;
      const prune = () =>
        void repo
          .prune(o.keepDeliveredMs ?? 7 * 24 * 60 * 60 * 1000)
          .then((n) => {
            if (n > 0) o.logger.info({ deleted: n }, 'outbox: old delivered entries deleted');
          })
          .catch((err: unknown) => o.logger.warn({ err }, 'outbox prune failed'));
      pruneTimer = setInterval(prune, 60 * 60 * 1000);
      pruneTimer.unref?.();
      pump();
    },
    nudge: () => pump(),
    async idle() {
      for (;;) {
        await settled();
        if (!running || !(await repo.hasDue())) {
          await settled();
          return;
        }
        pump();
        // Claimed elsewhere or held behind an entry in flight: give the holder a moment.
        if (!claiming && inFlight.size === 0) await new Promise((r) => setTimeout(r, 20));
      }
    },
    async stop() {
      if (!running) return;
      let over = false;
      const deadline = setTimeout(() => {
        over = true;
      }, o.drainMs ?? 5000);
      while (!over) {
        await settled();
        if (!(await repo.hasDue())) break;
        pump();
        if (!claiming && inFlight.size === 0) await new Promise((r) => setTimeout(r, 20));
      }
      clearTimeout(deadline);
      running = false;
      if (timer) clearTimeout(timer);
      if (pruneTimer) clearInterval(pruneTimer);
      timer = null;
      pruneTimer = null;
      await settled();
    },
    isRunning: () => running,
  };
}
