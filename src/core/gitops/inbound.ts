// The core's handler of VCS webhooks: records deliveries, reviews merge requests, turns pushes into issues.
import type { Clock, Logger } from '../ports/clock.ts';
import type { EventBus } from '../ports/events.ts';
import type { Store } from '../ports/store.ts';
import type { VcsInboundHandler } from '../ports/vcs.ts';
import { reviewMergeRequest } from './merge-request.ts';
import { handlePush } from './push.ts';

export interface GitOpsInboundOptions {
  store: Store;
  events: EventBus;
  clock: Clock;
  logger: Logger;
  publicUrl: string;
}

/** Creates the handler the VCS provider hands its parsed webhooks to. */
export function createGitOpsInbound(o: GitOpsInboundOptions): VcsInboundHandler {
  return {
    async accept(event) {
      const ids = [...event.deliveryIds];
      // A push redelivered under new delivery ids (older GitLab, a manual resend) is still the same push.
      if (event.kind === 'push')
        ids.push(`push:${event.repository.id}:${event.branch}:${event.before}:${event.after}`);
      // Every id is recorded (not just up to the first seen one), so a later redelivery repeating any is caught.
      // One transaction: one round trip's worth of commit while GitLab waits for the answer.
      return o.store.transaction(async (tx) => {
        let fresh = true;
        for (const id of ids) if (!(await tx.deliveries.record('gitlab', id))) fresh = false;
        return fresh;
      });
    },
    async push({ vcs, event }) {
      await handlePush({ ...o, vcs, event });
    },
    async mergeRequest({ vcs, event }) {
      await reviewMergeRequest({ ...o, vcs, event });
    },
  };
}
