// The core's handler of VCS webhooks: records deliveries with an inbox job, runs jobs (MR reviews, push issues).

import type { Clock, Logger } from '../ports/clock.ts';
import type { EventBus } from '../ports/events.ts';
import type { Metrics } from '../ports/metrics.ts';
import type { InboundJob, Store } from '../ports/store.ts';
import type { VcsInboundHandler, VcsMergeRequestEvent, VcsProvider, VcsPushEvent } from '../ports/vcs.ts';
import { createInboxRunner } from './jobs.ts';
import { reviewMergeRequest } from './merge-request.ts';
import { handlePush } from './push.ts';

export interface GitOpsInboundOptions {
  store: Store;
  events: EventBus;
  clock: Clock;
  logger: Logger;
  /** Where reviews of issues created from pushes record their durations. */
  metrics?: Metrics | undefined;
  publicUrl: string;
  /** This process's name in inbox job claims. */
  worker: string;
  /** Lease of a claimed job, renewed while it runs; default 60 s. */
  leaseMs?: number;
  /** Attempts before a job is marked failed; default 3. */
  maxAttempts?: number;
  /** Back-off before a retry, times the attempts so far; default 30 s. */
  retryDelayMs?: number;
}

/** The handler plus what the composition drives: the sweep over due jobs and its stop at shutdown. */
export interface GitOpsInbound extends VcsInboundHandler {
  runJob(input: { vcs: VcsProvider; jobId: number }): Promise<void>;
  /** Runs every job due now: left by a crashed process, due for a retry, or never run; returns how many ran. */
  runPending(vcs: VcsProvider): Promise<number>;
  /** Makes a sweep in progress stop after its current job. */
  stop(): void;
}

/** Creates the handler the VCS provider hands its parsed webhooks to. */
export function createGitOpsInbound(o: GitOpsInboundOptions): GitOpsInbound {
  const push = (vcs: VcsProvider, event: VcsPushEvent, jobId?: number) =>
    handlePush({ ...o, vcs, event, jobId });
  const mergeRequest = (vcs: VcsProvider, event: VcsMergeRequestEvent) =>
    reviewMergeRequest({ ...o, vcs, event });
  const runner = createInboxRunner({
    store: o.store,
    logger: o.logger,
    worker: o.worker,
    leaseMs: o.leaseMs ?? 60_000,
    maxAttempts: o.maxAttempts ?? 3,
    retryDelayMs: o.retryDelayMs ?? 30_000,
    async handle(job: InboundJob, vcs) {
      if (job.source !== vcs.provider) throw new Error(`job of ${job.source} handed to ${vcs.provider}`);
      // The push keeps the job id: it records each issue it creates on the job, so a second run skips it.
      if (job.kind === 'push') await push(vcs, job.payload as VcsPushEvent, job.id);
      else await mergeRequest(vcs, job.payload as VcsMergeRequestEvent);
    },
  });
  return {
    async accept(event) {
      const ids = [...event.deliveryIds];
      // A push redelivered under new delivery ids (older GitLab, a manual resend) is still the same push.
      if (event.kind === 'push')
        ids.push(`push:${event.repository.id}:${event.branch}:${event.before}:${event.after}`);
      // Every id is recorded (not just up to the first seen one), so a later redelivery repeating any is caught.
      // The job is stored in the same transaction: once GitLab has its answer, the work survives a crash, and
      // the delivery ids that refuse a redelivery never exist without it. One commit while GitLab waits.
      return o.store.transaction(async (tx) => {
        let fresh = true;
        for (const id of ids) if (!(await tx.deliveries.record('gitlab', id))) fresh = false;
        if (!fresh) return false;
        const job = await tx.inboundJobs.enqueue({ source: 'gitlab', kind: event.kind, payload: event });
        return { jobId: job.id };
      });
    },
    async runJob({ vcs, jobId }) {
      await runner.run(vcs, jobId);
    },
    runPending: (vcs) => runner.runPending(vcs),
    stop: () => runner.stop(),
    async push({ vcs, event }) {
      await push(vcs, event);
    },
    async mergeRequest({ vcs, event }) {
      await mergeRequest(vcs, event);
    },
  };
}
