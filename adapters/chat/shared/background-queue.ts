// Work that continues after a platform request was acknowledged, run so that acknowledgements come first.

export interface BackgroundQueueOptions {
  /** Jobs running at once. */
  concurrency: number;
  /** A job waits for the acknowledgements in flight at most this long, so a steady stream cannot starve it. */
  maxDeferMs?: number;
  /** Called with a job's error; the queue goes on. */
  onError(what: string, err: unknown): void;
}

export interface BackgroundQueue {
  /** Marks an inbound request as being answered until the returned function is called. */
  receiving(): () => void;
  /** Queues a job; it starts once no acknowledgement is in flight (or after `maxDeferMs`). */
  run(what: string, work: () => Promise<unknown>): void;
  /** Resolves when every queued and running job has finished. */
  drain(): Promise<void>;
}

/**
 * A platform retries a request that is not acknowledged within its deadline (Slack 3 s, Feishu 3 s),
 * and a retry costs more than the wait. Jobs therefore start only between acknowledgements: the
 * store work of a job (synchronous on the embedded store) never sits in front of an answer.
 */
export function createBackgroundQueue(o: BackgroundQueueOptions): BackgroundQueue {
  const maxDeferMs = o.maxDeferMs ?? 1000;
  const waiting: { what: string; work: () => Promise<unknown>; since: number }[] = [];
  const inflight = new Set<Promise<unknown>>();
  let answering = 0;
  let running = 0;
  let scheduled = false;

  function pump() {
    scheduled = false;
    while (running < o.concurrency && waiting.length > 0) {
      const head = waiting[0]!;
      if (answering > 0 && performance.now() - head.since < maxDeferMs) {
        // Look again after the pending I/O (new requests, their bodies) has been handled.
        schedule();
        return;
      }
      waiting.shift();
      running++;
      const p = head
        .work()
        .catch((err: unknown) => o.onError(head.what, err))
        .finally(() => {
          running--;
          inflight.delete(p);
          schedule();
        });
      inflight.add(p);
    }
  }

  function schedule() {
    if (scheduled || waiting.length === 0) return;
    scheduled = true;
    setImmediate(pump);
  }

  return {
    receiving() {
      answering++;
      let done = false;
      return () => {
        if (done) return;
        done = true;
        answering--;
        schedule();
      };
    },
    run(what, work) {
      waiting.push({ what, work, since: performance.now() });
      schedule();
    },
    async drain() {
      while (waiting.length > 0 || inflight.size > 0) {
        if (inflight.size > 0) await Promise.allSettled([...inflight]);
        else await new Promise((r) => setImmediate(r));
      }
    },
  };
}
