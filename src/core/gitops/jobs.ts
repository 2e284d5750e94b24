// Runs inbox jobs: claims a stored webhook event under a lease, acts on it, records done, a retry or failed.
import type { Logger } from '../ports/clock.ts';
import type { InboundJob, Store } from '../ports/store.ts';
import type { VcsProvider } from '../ports/vcs.ts';

export interface InboxRunnerOptions {
  store: Store;
  logger: Logger;
  /** This process's name in job claims. */
  worker: string;
  /** How long a claim holds without renewal; it is renewed while the job runs, so only a dead run loses it. */
  leaseMs: number;
  /** Attempts before a job is marked failed (a run cut short by a crash counts). */
  maxAttempts: number;
  /** Back-off before a failed attempt is retried, multiplied by the attempts so far. */
  retryDelayMs: number;
  /** Acts on one job's event; throws to have the attempt retried (or the job failed after the last one). */
  handle(job: InboundJob, vcs: VcsProvider): Promise<void>;
}

export interface InboxRunner {
  /** Claims and runs one job by id; false when another worker holds it, it is not due or it is finished. */
  run(vcs: VcsProvider, jobId: number): Promise<boolean>;
  /** Claims and runs every job due now, oldest first (left by a crash, due for a retry, never run); how many ran. */
  runPending(vcs: VcsProvider): Promise<number>;
  /** Makes `runPending` stop after the job it is running, now and later (shutdown). */
  stop(): void;
}

const errorText = (err: unknown) => (err instanceof Error ? err.message : String(err)).slice(0, 2000);

/** Creates the runner the provider's background work and the periodic sweep share. */
export function createInboxRunner(o: InboxRunnerOptions): InboxRunner {
  const jobs = o.store.inboundJobs;
  let stopped = false;

  async function execute(job: InboundJob, vcs: VcsProvider): Promise<void> {
    const log = { jobId: job.id, kind: job.kind, attempt: job.attempts };
    // Claims count attempts, so a job whose every run kills the process is given up instead of retried forever.
    // Only a run that never finished leaves a job claimable past the last attempt (a failed one is finished).
    if (job.attempts > o.maxAttempts) {
      const error =
        `gave up after ${o.maxAttempts} attempts: the last did not finish (the service stopped while running it)` +
        (job.lastError ? `; an earlier one failed with: ${job.lastError}` : '');
      await jobs.finish(job.id, 'failed', error);
      o.logger.error({ ...log, error }, 'inbox job failed');
      return;
    }
    const renew = setInterval(
      () =>
        void jobs
          .renew(job.id, o.worker, o.leaseMs)
          .then((held) => {
            if (!held) o.logger.warn(log, 'inbox job lease lost while running');
          })
          .catch((err: unknown) => o.logger.warn({ ...log, err }, 'inbox job lease renewal failed')),
      Math.max(1000, Math.floor(o.leaseMs / 3)),
    );
    renew.unref();
    try {
      await o.handle(job, vcs);
    } catch (err) {
      clearInterval(renew);
      const error = errorText(err);
      if (job.attempts >= o.maxAttempts) {
        await jobs.finish(job.id, 'failed', error);
        o.logger.error({ ...log, err }, 'inbox job failed');
      } else {
        await jobs.release(job.id, o.worker, error, o.retryDelayMs * job.attempts);
        o.logger.warn({ ...log, err }, 'inbox job attempt failed; it will be retried');
      }
      return;
    }
    clearInterval(renew);
    await jobs.finish(job.id, 'done');
  }

  return {
    async run(vcs, jobId) {
      const job = await jobs.claimOne(jobId, o.worker, o.leaseMs);
      if (!job) return false;
      await execute(job, vcs);
      return true;
    },
    async runPending(vcs) {
      let ran = 0;
      // One claim per job: a job claimed ahead would sit with an unrenewed lease while the ones before it run.
      // A failed attempt is released with a back-off, so this loop does not pick it up again at once.
      while (!stopped) {
        const [job] = await jobs.claim(o.worker, o.leaseMs, 1);
        if (!job) break;
        await execute(job, vcs);
        ran++;
      }
      return ran;
    },
    stop() {
      stopped = true;
    },
  };
}
