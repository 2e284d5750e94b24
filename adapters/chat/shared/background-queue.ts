// Work that continues after a platform request was acknowledged, run so that acknowledgements come first.

export interface BackgroundQueueOptions {
  /** Jobs running at once when no acknowledgement is in flight. */
  concurrency: number;
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
 * and a retry costs more than the wait. While acknowledgements are in flight, jobs therefore run one at a
 * time and start only after pending I/O was polled (setImmediate), so the store work of a job (synchronous
 * on the embedded store) delays an answer by at most one job's slice; the backlog of a burst runs at full
 * concurrency once the burst is answered.
 */
export function createBackgroundQueue(o: BackgroundQueueOptions): BackgroundQueue {
  const waiting: { what: string; work: () => Promise<unknown> }[] = [];
  const inflight = new Set<Promise<unknown>>();
  let answering = 0;
  let running = 0;
  let scheduled = false;

  function pump() {
    scheduled = false;
    const limit = answering > 0 ? 1 : o.concurrency;
    while (running < limit && waiting.length > 0) {
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
        schedule();
      };
    },
    run(what, work) {
      waiting.push({ what, work });
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
