// Merge request opened or updated: review every added or changed migration file, keep one note, set a status.
import type { Logger } from '../ports/clock.ts';
import type { Store } from '../ports/store.ts';
import type { VcsMergeRequestEvent, VcsProvider } from '../ports/vcs.ts';
import { bindingsOf, loadBindingContext } from './bindings.ts';
import { commitStatusEffect } from './delivery.ts';
import { classifyFiles, type FileProblem } from './files.ts';
import { loadFiles } from './load-files.ts';
import { REVIEW_NOTE_MARKER, renderReviewNote, reviewPassed, reviewSummary } from './note.ts';
import { type FileReview, reviewFiles } from './review-files.ts';
import { TemplateError } from './template.ts';

/** The commit status our review sets on a merge request's head commit. */
export const REVIEW_STATUS_NAME = 'bytebase/sql-review';

const REVIEWED_ACTIONS = new Set<VcsMergeRequestEvent['action']>(['open', 'reopen', 'update']);

/** Reviews a merge request into a bound branch; other actions and unbound branches are ignored. */
export async function reviewMergeRequest(o: {
  store: Store;
  vcs: VcsProvider;
  logger: Logger;
  publicUrl: string;
  event: VcsMergeRequestEvent;
}): Promise<{ reviews: FileReview[]; problems: FileProblem[] } | null> {
  const { event, vcs } = o;
  if (!REVIEWED_ACTIONS.has(event.action)) return null;
  const bindings = await bindingsOf(o.store, event.repository, event.targetBranch);
  if (bindings.length === 0) return null;
  const repo = event.repository.path;
  const changes = (await vcs.listChanges(repo, { kind: 'merge_request', iid: event.iid })).filter(
    (c) => c.status !== 'removed',
  );
  const reviews: FileReview[] = [];
  const problems: FileProblem[] = [];
  for (const binding of bindings) {
    const ctx = await loadBindingContext(o.store, binding);
    let classified: ReturnType<typeof classifyFiles>;
    try {
      classified = classifyFiles(
        binding,
        ctx.catalog,
        changes.map((c) => c.path),
      );
    } catch (err) {
      if (!(err instanceof TemplateError)) throw err;
      problems.push({ path: binding.baseDirectory || '/', problem: err.message });
      continue;
    }
    problems.push(...classified.problems);
    const { loaded, problems: unreadable } = await loadFiles(vcs, repo, event.headSha, classified.files);
    problems.push(...unreadable);
    reviews.push(...(await reviewFiles(ctx, loaded)));
  }
  const anything = reviews.length > 0 || problems.length > 0;
  const passed = reviewPassed({ reviews, problems });
  const lane = `gitlab:mr:${repo}:${event.iid}`;
  // The note and the status are written through the outbox: a GitLab outage after the review delays them, and
  // a later review of the same merge request is delivered after this one, in the same lane.
  // A merge request that touches no migration gets no note, but an earlier note of ours is brought up to date.
  await o.store.outbox.add([
    {
      type: 'vcs.note',
      lane,
      repository: repo,
      iid: event.iid,
      marker: REVIEW_NOTE_MARKER,
      body: renderReviewNote({ reviews, problems, headSha: event.headSha, publicUrl: o.publicUrl }),
      createIfMissing: anything,
    },
    {
      ...commitStatusEffect(repo, event.headSha, {
        name: REVIEW_STATUS_NAME,
        state: passed ? 'success' : 'failed',
        description: anything
          ? reviewSummary({ reviews, problems })
          : 'SQL review: no migration files changed',
        targetUrl: event.url,
      }),
      lane,
    },
  ]);
  o.logger.info(
    { repository: repo, iid: event.iid, files: reviews.length, problems: problems.length, passed },
    'merge request reviewed',
  );
  return { reviews, problems };
}
