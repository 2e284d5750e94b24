// Merge request endpoints: the merge request, its changes and diffs, merging, and its notes.
import { commitDiff, type DiffEntry } from './diff.ts';
import { commitEntity, noteEntity, userByName, userEntity } from './entities.ts';
import { type Ctx, json, message, paginate, type Reply, type Route, required, str } from './http.ts';
import { diffRefs, type MergeRequestRecord, type ProjectRecord } from './records.ts';
import type { GitLabStore } from './state.ts';

/** GitLab's default `diff_max_files`: diffs beyond it are cut off and flagged as overflowing. */
export const DIFF_MAX_FILES = 1000;

const STATE_IDS = { opened: 1, closed: 2, merged: 3 } as const;

export function mergeRequestDiffs(
  record: ProjectRecord,
  mr: MergeRequestRecord,
  withText = true,
): DiffEntry[] {
  const refs = diffRefs(record, mr);
  const base = record.repo.commits.get(refs.baseSha)!;
  const head = record.repo.commits.get(refs.headSha)!;
  return commitDiff(record.repo, base, head, withText);
}

/** https://docs.gitlab.com/api/merge_requests/#get-single-mr */
export function mergeRequestEntity(
  store: GitLabStore,
  record: ProjectRecord,
  mr: MergeRequestRecord,
  changesCount?: number,
): Record<string, unknown> {
  const refs = diffRefs(record, mr);
  const count = changesCount ?? mergeRequestDiffs(record, mr, false).length;
  const mergedBy = mr.mergedBy ? userEntity(store, userByName(store, mr.mergedBy)) : null;
  const reference = `!${mr.iid}`;
  return {
    id: mr.id,
    iid: mr.iid,
    project_id: mr.projectId,
    title: mr.title,
    description: mr.description,
    state: mr.state,
    state_id: STATE_IDS[mr.state],
    created_at: mr.createdAt,
    updated_at: mr.updatedAt,
    merged_by: mergedBy,
    merge_user: mergedBy,
    merged_at: mr.mergedAt,
    closed_by: mr.closedBy ? userEntity(store, userByName(store, mr.closedBy)) : null,
    closed_at: mr.closedAt,
    target_branch: mr.targetBranch,
    source_branch: mr.sourceBranch,
    user_notes_count: mr.notes.filter((note) => !note.system).length,
    upvotes: 0,
    downvotes: 0,
    author: userEntity(store, mr.author),
    assignees: [],
    assignee: null,
    reviewers: [],
    source_project_id: mr.projectId,
    target_project_id: mr.projectId,
    labels: [],
    draft: false,
    work_in_progress: false,
    milestone: null,
    merge_when_pipeline_succeeds: false,
    merge_status: mr.state === 'opened' ? 'can_be_merged' : 'unchecked',
    detailed_merge_status: mr.state === 'opened' ? 'mergeable' : 'not_open',
    sha: mr.sha,
    merge_commit_sha: mr.mergeCommitSha,
    squash_commit_sha: null,
    discussion_locked: null,
    should_remove_source_branch: null,
    force_remove_source_branch: false,
    prepared_at: mr.createdAt,
    reference,
    references: { short: reference, relative: reference, full: `${record.project.path}${reference}` },
    web_url: `${record.project.webUrl}/-/merge_requests/${mr.iid}`,
    time_stats: {
      time_estimate: 0,
      total_time_spent: 0,
      human_time_estimate: null,
      human_total_time_spent: null,
    },
    squash: false,
    squash_on_merge: false,
    task_completion_status: { count: 0, completed_count: 0 },
    has_conflicts: false,
    blocking_discussions_resolved: true,
    subscribed: false,
    changes_count: count > DIFF_MAX_FILES ? `${DIFF_MAX_FILES}+` : String(count),
    latest_build_started_at: null,
    latest_build_finished_at: null,
    first_deployed_to_production_at: null,
    pipeline: null,
    head_pipeline: null,
    diff_refs: { base_sha: refs.baseSha, head_sha: refs.headSha, start_sha: refs.startSha },
    merge_error: null,
    first_contribution: false,
    user: { can_merge: true },
  };
}

export function find(
  ctx: Ctx,
  params: Record<string, string>,
): { record: ProjectRecord; mr: MergeRequestRecord } {
  const record = ctx.store.record(params.id!);
  return { record, mr: ctx.store.mergeRecord(record, Number(params.iid)) };
}

/** https://docs.gitlab.com/api/merge_requests/#get-single-mr */
function show(ctx: Ctx, params: Record<string, string>): Reply {
  const { record, mr } = find(ctx, params);
  return json(200, mergeRequestEntity(ctx.store, record, mr));
}

/** https://docs.gitlab.com/api/merge_requests/#get-single-merge-request-changes (deprecated, still served) */
function changes(ctx: Ctx, params: Record<string, string>): Reply {
  const { record, mr } = find(ctx, params);
  const diffs = mergeRequestDiffs(record, mr);
  return json(200, {
    ...mergeRequestEntity(ctx.store, record, mr, diffs.length),
    changes: diffs.slice(0, DIFF_MAX_FILES),
    overflow: diffs.length > DIFF_MAX_FILES,
  });
}

/** https://docs.gitlab.com/api/merge_requests/#list-merge-request-diffs */
function diffs(ctx: Ctx, params: Record<string, string>): Reply {
  const { record, mr } = find(ctx, params);
  return paginate(ctx, mergeRequestDiffs(record, mr));
}

/** https://docs.gitlab.com/api/merge_requests/#get-single-merge-request-commits */
function commits(ctx: Ctx, params: Record<string, string>): Reply {
  const { record, mr } = find(ctx, params);
  const refs = diffRefs(record, mr);
  const list = record.repo.between(refs.baseSha, refs.headSha).reverse();
  return paginate(ctx, list, (commit) => commitEntity(record, commit));
}

/** https://docs.gitlab.com/api/merge_requests/#merge-a-merge-request */
function merge(ctx: Ctx, params: Record<string, string>): Reply {
  const { record, mr } = find(ctx, params);
  const sha = str(ctx, 'sha');
  if (mr.state === 'opened' && sha && sha !== mr.sha) {
    return message(409, 'SHA does not match HEAD of source branch');
  }
  ctx.store.mergeMergeRequest(record.project.id, mr.iid, { mergedBy: ctx.user.username });
  return json(200, mergeRequestEntity(ctx.store, record, mr));
}

/** https://docs.gitlab.com/api/notes/#list-all-merge-request-notes */
function listNotes(ctx: Ctx, params: Record<string, string>): Reply {
  const { record, mr } = find(ctx, params);
  const orderBy = str(ctx, 'order_by') === 'updated_at' ? 'updatedAt' : 'createdAt';
  const direction = str(ctx, 'sort') === 'asc' ? 1 : -1;
  const sorted = [...mr.notes].sort(
    (x, y) => direction * (x[orderBy].localeCompare(y[orderBy]) || x.id - y.id),
  );
  return paginate(ctx, sorted, (note) => noteEntity(ctx.store, record, mr, note));
}

/** https://docs.gitlab.com/api/notes/#create-new-merge-request-note */
function createNote(ctx: Ctx, params: Record<string, string>): Reply {
  const { record, mr } = find(ctx, params);
  const [body] = required(ctx, 'body');
  const note = ctx.store.addNote(mr, body!, ctx.user.username, false);
  return json(201, noteEntity(ctx.store, record, mr, note));
}

/** https://docs.gitlab.com/api/notes/#modify-existing-merge-request-note */
function updateNote(ctx: Ctx, params: Record<string, string>): Reply {
  const { record, mr } = find(ctx, params);
  const note = mr.notes.find((candidate) => candidate.id === Number(params.noteId));
  if (!note) return message(404, '404 Note Not Found');
  const body = str(ctx, 'body');
  if (body === undefined || body === '') return json(400, { error: 'body is missing' });
  // Only the author may edit a note, and nobody edits GitLab's own system notes.
  if (note.system || note.authorUsername !== ctx.user.username) return message(403, '403 Forbidden');
  note.body = body;
  note.updatedAt = ctx.store.now();
  return json(200, noteEntity(ctx.store, record, mr, note));
}

/** https://docs.gitlab.com/api/notes/#get-single-merge-request-note */
function showNote(ctx: Ctx, params: Record<string, string>): Reply {
  const { record, mr } = find(ctx, params);
  const note = mr.notes.find((candidate) => candidate.id === Number(params.noteId));
  return note ? json(200, noteEntity(ctx.store, record, mr, note)) : message(404, '404 Note Not Found');
}

const mr = ['projects', ':id', 'merge_requests', ':iid'];

export const mergeRequestRoutes: Route[] = [
  { method: 'GET', pattern: mr, handler: show },
  { method: 'GET', pattern: [...mr, 'changes'], handler: changes },
  { method: 'GET', pattern: [...mr, 'diffs'], handler: diffs },
  { method: 'GET', pattern: [...mr, 'commits'], handler: commits },
  { method: 'PUT', pattern: [...mr, 'merge'], handler: merge },
  { method: 'GET', pattern: [...mr, 'notes'], handler: listNotes },
  { method: 'POST', pattern: [...mr, 'notes'], handler: createNote },
  { method: 'GET', pattern: [...mr, 'notes', ':noteId'], handler: showNote },
  { method: 'PUT', pattern: [...mr, 'notes', ':noteId'], handler: updateNote },
];
