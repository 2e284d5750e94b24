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
      if (!(await o.store.deliveries.record('gitlab', event.deliveryId))) return false;
      // A push redelivered under a new delivery id (older GitLab, a manual resend) is still the same push.
      if (event.kind === 'push')
        return o.store.deliveries.record(
          'gitlab',
          `push:${event.repository.id}:${event.branch}:${event.before}:${event.after}`,
        );
      return true;
    },
    async push({ vcs, event }) {
      await handlePush({ ...o, vcs, event });
    },
    async mergeRequest({ vcs, event }) {
      await reviewMergeRequest({ ...o, vcs, event });
    },
  };
}
