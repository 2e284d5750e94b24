// Work that continues after a platform request was acknowledged, run so that acknowledgements come first.

export interface BackgroundQueueOptions {
  /** Jobs running at once when no acknowledgement is in flight. */
  concurrency: number;
  /**
   * While acknowledgements are in flight, a job waits at most this long before it starts anyway (one at a
   * time), so a steady stream of requests cannot starve the work behind them. Default 2000 ms.
   */
  maxDeferMs?: number;
  /** Answers count as in flight for this long after they are done: clicks come in bursts. Default 20 ms. */
  quietMs?: number;
  /** Called with a job's error; the queue goes on. */
  onError(what: string, err: unknown): void;
}

export interface BackgroundQueue {
  /** Marks an inbound request as being answered until the returned function is called. */
  receiving(): () => void;
  /** Queues a job. */
  run(what: string, work: () => Promise<unknown>): void;
  /** Resolves when every queued and running job has finished. */
  drain(): Promise<void>;
}

/**
 * A platform retries a request that is not acknowledged within its deadline (Slack 3 s, Feishu 3 s),
 * and a retry costs more than the wait. Jobs therefore wait while acknowledgements are in flight or were
 * given in the last `quietMs` (a burst of clicks is answered first), and start only after pending I/O was
 * polled (setImmediate); a job that
 * waited `maxDeferMs` starts anyway, one at a time, so the store work of jobs (synchronous on the embedded
 * store) delays an answer by at most one job's slice. The backlog runs at full concurrency once the burst
 * is answered.
 */
export function createBackgroundQueue(o: BackgroundQueueOptions): BackgroundQueue {
  const maxDeferMs = o.maxDeferMs ?? 2000;
  const quietMs = o.quietMs ?? 20;
  let lastAnswered = Number.NEGATIVE_INFINITY;
  const waiting: { what: string; work: () => Promise<unknown>; since: number }[] = [];
  const inflight = new Set<Promise<unknown>>();
  let answering = 0;
  let running = 0;
  let scheduled = false;
  let wake: { timer: ReturnType<typeof setTimeout>; at: number } | null = null;

  /** Looks at the queue again after `ms`, unless an earlier look is already due. */
  function wakeIn(ms: number) {
    const at = performance.now() + ms;
    if (wake && wake.at <= at) return;
    if (wake) clearTimeout(wake.timer);
    wake = {
      at,
      timer: setTimeout(() => {
        wake = null;
        schedule();
      }, ms),
    };
  }

  function pump() {
    scheduled = false;
    const now = performance.now();
    const busy = answering > 0 || now - lastAnswered < quietMs;
    const limit = busy ? 1 : o.concurrency;
    while (running < limit && waiting.length > 0) {
      const waited = now - waiting[0]!.since;
      if (busy && waited < maxDeferMs) {
        // Looked at again once answers have been quiet for a moment, or the oldest job has waited enough.
        const quietIn = answering > 0 ? maxDeferMs : lastAnswered + quietMs - now;
        wakeIn(Math.max(1, Math.min(maxDeferMs - waited, quietIn)));
        return;
      }
      const job = waiting.shift()!;
      running++;
      const p = job
        .work()
        .catch((err: unknown) => o.onError(job.what, err))
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
        lastAnswered = performance.now();
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
        else await new Promise((r) => setTimeout(r, 5));
      }
    },
  };
}
