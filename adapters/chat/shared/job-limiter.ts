// Work an answer waits for (Teams invokes, Feishu card callbacks): a few jobs at a time, drained at shutdown.

export interface JobLimiter {
  /** Runs a job when a slot is free; resolves when it is done (its failure is reported, not thrown). */
  run(what: string, work: () => Promise<unknown>): Promise<void>;
  /** Resolves when every job started so far has finished. */
  drain(): Promise<void>;
}

/** Caps concurrent jobs so a burst of requests cannot starve the answers of the others. */
export function createJobLimiter(
  concurrency: number,
  onError: (what: string, err: unknown) => void,
): JobLimiter {
  const inflight = new Set<Promise<void>>();
  const queue: (() => void)[] = [];
  let running = 0;
  // A slot is taken when granted and handed straight to the next job waiting, so the cap holds for a burst.
  const acquire = () => {
    if (running < concurrency) {
      running++;
      return Promise.resolve();
    }
    return new Promise<void>((r) => queue.push(r));
  };
  const release = () => {
    const next = queue.shift();
    if (next) next();
    else running--;
  };
  return {
    run(what, work) {
      const p: Promise<void> = acquire()
        .then(() => work().finally(release))
        .then(
          () => undefined,
          (err: unknown) => onError(what, err),
        )
        .finally(() => inflight.delete(p));
      inflight.add(p);
      return p;
    },
    async drain() {
      while (inflight.size > 0) await Promise.allSettled([...inflight]);
    },
  };
}
