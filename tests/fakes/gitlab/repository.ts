// Repository endpoints: compare, commit lists, single commits, commit diffs and commit creation.
import { commitDiff } from './diff.ts';
import { commitEntity } from './entities.ts';
import { type Ctx, json, message, paginate, type Reply, type Route, required, str } from './http.ts';
import { DIFF_MAX_FILES } from './merge-requests.ts';
import type { ProjectRecord } from './records.ts';
import { GitLabFakeError, type StoredCommit } from './repo.ts';
import type { CommitAction, CommitActionKind } from './types.ts';

export function resolveOr404(record: ProjectRecord, ref: string | undefined): StoredCommit {
  const commit = ref ? record.repo.resolve(ref) : undefined;
  if (!commit) throw new GitLabFakeError(404, '404 Commit Not Found');
  return commit;
}

/** https://docs.gitlab.com/api/repositories/#compare-branches-tags-or-commits */
function compare(ctx: Ctx, params: Record<string, string>): Reply {
  const record = ctx.store.record(params.id!);
  const [fromRef, toRef] = required(ctx, 'from', 'to');
  const from = record.repo.resolve(fromRef!);
  const to = record.repo.resolve(toRef!);
  if (!from || !to) return message(404, '404 Ref Not Found');
  const straight = str(ctx, 'straight') === 'true';
  const base = straight ? from : (record.repo.mergeBase(from.id, to.id) ?? from);
  const commits = record.repo.between(from.id, to.id);
  const diffs = commitDiff(record.repo, base, to);
  return json(200, {
    commit: commits.length > 0 ? commitEntity(record, commits.at(-1)!) : null,
    commits: commits.map((commit) => commitEntity(record, commit)),
    diffs: diffs.slice(0, DIFF_MAX_FILES),
    compare_timeout: diffs.length > DIFF_MAX_FILES,
    compare_same_ref: from.id === to.id,
    web_url: `${record.project.webUrl}/-/compare/${from.id}...${to.id}`,
  });
}

/** https://docs.gitlab.com/api/commits/#list-repository-commits */
function listCommits(ctx: Ctx, params: Record<string, string>): Reply {
  const record = ctx.store.record(params.id!);
  const ref = str(ctx, 'ref_name') || record.project.defaultBranch;
  const head = record.repo.resolve(ref);
  if (!head) return paginate(ctx, []);
  let list = record.repo.log(head.id);
  const path = str(ctx, 'path');
  if (path) {
    list = list.filter((commit) => {
      const parent = commit.parentIds[0] ? record.repo.commits.get(commit.parentIds[0]) : undefined;
      return commit.tree.get(path) !== parent?.tree.get(path);
    });
  }
  const since = str(ctx, 'since');
  const until = str(ctx, 'until');
  if (since) list = list.filter((commit) => Date.parse(commit.committedDate) >= Date.parse(since));
  if (until) list = list.filter((commit) => Date.parse(commit.committedDate) <= Date.parse(until));
  return paginate(ctx, list, (commit) => commitEntity(record, commit));
}

/** https://docs.gitlab.com/api/commits/#get-a-single-commit */
function showCommit(ctx: Ctx, params: Record<string, string>): Reply {
  const record = ctx.store.record(params.id!);
  return json(200, commitEntity(record, resolveOr404(record, params.sha), true));
}

/** https://docs.gitlab.com/api/commits/#get-the-diff-of-a-commit */
function showCommitDiff(ctx: Ctx, params: Record<string, string>): Reply {
  const record = ctx.store.record(params.id!);
  const commit = resolveOr404(record, params.sha);
  const parent = commit.parentIds[0] ? record.repo.commits.get(commit.parentIds[0]) : undefined;
  return paginate(ctx, commitDiff(record.repo, parent, commit));
}

const ACTIONS: readonly CommitActionKind[] = ['create', 'update', 'delete', 'move', 'chmod'];

function readActions(value: unknown): CommitAction[] {
  if (!Array.isArray(value) || value.length === 0)
    throw new GitLabFakeError(400, 'actions is missing', 'error');
  return value.map((raw) => {
    const item = (raw ?? {}) as Record<string, unknown>;
    const action = String(item.action ?? '');
    if (!ACTIONS.includes(action as CommitActionKind)) {
      throw new GitLabFakeError(400, 'actions[action] does not have a valid value', 'error');
    }
    const text = (key: string) =>
      item[key] === undefined || item[key] === null ? undefined : String(item[key]);
    return {
      action: action as CommitActionKind,
      filePath: text('file_path') ?? '',
      previousPath: text('previous_path'),
      content: text('content'),
      encoding: text('encoding') === 'base64' ? 'base64' : 'text',
    };
  });
}

/**
 * Writes a commit the way the commits and files APIs do: onto `branch`, or a new branch from
 * `start_branch`/`start_sha`, authored by `author_name`/`author_email` or the token's user.
 */
export function commitViaApi(
  ctx: Ctx,
  record: ProjectRecord,
  branch: string,
  message: string,
  actions: CommitAction[],
): StoredCommit {
  const startBranch = str(ctx, 'start_branch');
  const startSha = str(ctx, 'start_sha');
  const repo = record.repo;
  if (startBranch && startSha)
    throw new GitLabFakeError(400, "You can't pass both start_branch and start_sha");
  const startRef = startSha ?? startBranch ?? branch;
  const start = startSha
    ? repo.commits.get(startSha)
    : repo.branches.get(startRef)
      ? repo.resolve(startRef)
      : undefined;
  if (!start) {
    throw new GitLabFakeError(
      400,
      startSha
        ? `Cannot find start_sha '${startSha}'`
        : 'You can only create or edit files when you are on a branch',
    );
  }
  if (startRef !== branch && repo.branches.has(branch) && str(ctx, 'force') !== 'true') {
    throw new GitLabFakeError(
      400,
      `A branch called '${branch}' already exists. Switch to that branch in order to make changes`,
    );
  }
  const author = {
    name: str(ctx, 'author_name') ?? ctx.user.name,
    email: str(ctx, 'author_email') ?? ctx.user.email,
  };
  return ctx.store.commitOnto(record, start, { branch, message, author, actions });
}

/** https://docs.gitlab.com/api/commits/#create-a-commit-with-multiple-files-and-actions */
function createCommit(ctx: Ctx, params: Record<string, string>): Reply {
  const record = ctx.store.record(params.id!);
  const [branch, message] = required(ctx, 'branch', 'commit_message');
  const actions = readActions(ctx.params.actions);
  const commit = commitViaApi(ctx, record, branch!, message!, actions);
  return json(201, commitEntity(record, commit, true));
}

const repository = ['projects', ':id', 'repository'];

export const repositoryRoutes: Route[] = [
  { method: 'GET', pattern: [...repository, 'compare'], handler: compare },
  { method: 'GET', pattern: [...repository, 'commits'], handler: listCommits },
  { method: 'POST', pattern: [...repository, 'commits'], handler: createCommit },
  { method: 'GET', pattern: [...repository, 'commits', ':sha'], handler: showCommit },
  { method: 'GET', pattern: [...repository, 'commits', ':sha', 'diff'], handler: showCommitDiff },
];
