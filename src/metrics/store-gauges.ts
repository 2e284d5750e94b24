// What the scrape reads from the store at that moment: queue depths and issues waiting for approval.
import type { Store } from '../core/ports/store.ts';

/** Outbox entries waiting for delivery or being delivered now. */
export function outboxDepth(store: Store): Promise<number> {
  return store.outbox.countOpen();
}

/** GitLab webhook events accepted and not finished yet (pending or running). */
export function gitlabInboxDepth(store: Store): Promise<number> {
  return store.inboundJobs.countOpen('gitlab');
}

const ISSUE_PAGE = 1000;

/** Issues waiting for an approval decision, read page by page so none is missed. */
export async function pendingApprovals(store: Store): Promise<number> {
  let count = 0;
  let beforeId: number | undefined;
  for (;;) {
    const page = await store.issues.list({
      status: ['pending_approval'],
      limit: ISSUE_PAGE,
      ...(beforeId === undefined ? {} : { beforeId }),
    });
    count += page.length;
    if (page.length < ISSUE_PAGE) return count;
    beforeId = page[page.length - 1]!.id;
  }
}

/** Databases in each drift state (never-checked ones are left out). */
export async function driftStates(store: Store): Promise<Record<string, number>> {
  return store.driftStates.countByStatus();
}
