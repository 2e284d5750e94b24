// Merge request listing, creation and editing, and the merge requests that contain a commit.
import { type Ctx, json, message, paginate, type Reply, type Route, required, str } from './http.ts';
import { find, mergeRequestEntity } from './merge-requests.ts';
import type { MergeRequestRecord, ProjectRecord } from './records.ts';
import { GitLabFakeError } from './repo.ts';

function sortedBy(ctx: Ctx, list: MergeRequestRecord[]): MergeRequestRecord[] {
  const key = str(ctx, 'order_by') === 'updated_at' ? 'updatedAt' : 'createdAt';
  const direction = str(ctx, 'sort') === 'asc' ? 1 : -1;
  return [...list].sort((x, y) => direction * (x[key].localeCompare(y[key]) || x.id - y.id));
}

/** https://docs.gitlab.com/api/merge_requests/#list-project-merge-requests */
function list(ctx: Ctx, params: Record<string, string>): Reply {
  const record = ctx.store.record(params.id!);
  const state = str(ctx, 'state') ?? 'all';
  const source = str(ctx, 'source_branch');
  const target = str(ctx, 'target_branch');
  const found = record.mergeRequests.filter(
    (mr) =>
      (state === 'all' || mr.state === state) &&
      (!source || mr.sourceBranch === source) &&
      (!target || mr.targetBranch === target),
  );
  return paginate(ctx, sortedBy(ctx, found), (mr) => mergeRequestEntity(ctx.store, record, mr));
}

/** https://docs.gitlab.com/api/merge_requests/#create-mr */
function create(ctx: Ctx, params: Record<string, string>): Reply {
  const record = ctx.store.record(params.id!);
  const [sourceBranch, targetBranch, title] = required(ctx, 'source_branch', 'target_branch', 'title');
  try {
    const mr = ctx.store.openMergeRequest(record.project.id, {
      sourceBranch: sourceBranch!,
      targetBranch: targetBranch!,
      title: title!,
      author: ctx.user,
      description: str(ctx, 'description') ?? '',
    });
    return json(201, mergeRequestEntity(ctx.store, record, ctx.store.mergeRecord(record, mr.iid)));
  } catch (error) {
    // GitLab answers a duplicate with a list of validation messages.
    if (error instanceof GitLabFakeError && error.status === 409)
      return json(409, { message: [error.message] });
    throw error;
  }
}

/** https://docs.gitlab.com/api/merge_requests/#update-mr */
function update(ctx: Ctx, params: Record<string, string>): Reply {
  const { record, mr } = find(ctx, params);
  const title = str(ctx, 'title');
  const description = str(ctx, 'description');
  if (title !== undefined) mr.title = title;
  if (description !== undefined) mr.description = description;
  const event = str(ctx, 'state_event');
  if (event === 'close' && mr.state === 'opened') ctx.store.closeMergeRequest(record.project.id, mr.iid);
  else if (event === 'reopen' && mr.state === 'closed') {
    mr.state = 'opened';
    mr.closedAt = null;
    mr.closedBy = null;
    mr.frozenDiff = null;
  } else if (event !== undefined && event !== 'close' && event !== 'reopen') {
    return json(400, { error: 'state_event does not have a valid value' });
  }
  mr.updatedAt = ctx.store.now();
  return json(200, mergeRequestEntity(ctx.store, record, mr));
}

/** Merge requests whose commits include `sha`, or that were merged by it. */
function containing(record: ProjectRecord, sha: string): MergeRequestRecord[] {
  return record.mergeRequests.filter((mr) => {
    if (mr.mergeCommitSha === sha) return true;
    const target = mr.frozenDiff?.baseSha ?? record.repo.branches.get(mr.targetBranch);
    return record.repo.between(target, mr.sha).some((commit) => commit.id === sha);
  });
}

/** https://docs.gitlab.com/api/commits/#list-merge-requests-associated-with-a-commit */
function forCommit(ctx: Ctx, params: Record<string, string>): Reply {
  const record = ctx.store.record(params.id!);
  const commit = record.repo.resolve(params.sha!);
  if (!commit) return message(404, '404 Commit Not Found');
  return paginate(ctx, containing(record, commit.id), (mr) => mergeRequestEntity(ctx.store, record, mr));
}

const mrs = ['projects', ':id', 'merge_requests'];

export const mergeRequestListRoutes: Route[] = [
  { method: 'GET', pattern: mrs, handler: list },
  { method: 'POST', pattern: mrs, handler: create },
  { method: 'PUT', pattern: [...mrs, ':iid'], handler: update },
  {
    method: 'GET',
    pattern: ['projects', ':id', 'repository', 'commits', ':sha', 'merge_requests'],
    handler: forCommit,
  },
];
