// Project, current user, branch and commit status endpoints.
import { commitEntity, projectEntity, statusEntity, userEntity } from './entities.ts';
import { bool, type Ctx, json, message, paginate, type Reply, type Route, str } from './http.ts';
import { GitLabFakeError } from './repo.ts';
import { postStatus } from './statuses.ts';

/** https://docs.gitlab.com/api/projects/#get-a-single-project */
function showProject(ctx: Ctx, params: Record<string, string>): Reply {
  return json(200, projectEntity(ctx.store, ctx.store.record(params.id!)));
}

/** https://docs.gitlab.com/api/users/#get-the-current-user */
function currentUser(ctx: Ctx): Reply {
  const record = ctx.store.user(ctx.user.username);
  return json(200, {
    ...userEntity(ctx.store, ctx.user),
    email: ctx.user.email,
    public_email: ctx.user.publicEmail ?? null,
    commit_email: ctx.user.email,
    created_at: record?.createdAt ?? ctx.store.now(),
    bio: '',
    bot: false,
    is_admin: false,
    two_factor_enabled: false,
    external: false,
    private_profile: false,
  });
}

/** https://docs.gitlab.com/api/branches/#get-single-repository-branch */
function showBranch(ctx: Ctx, params: Record<string, string>): Reply {
  const record = ctx.store.record(params.id!);
  const sha = record.repo.branches.get(params.branch!);
  if (!sha) return message(404, '404 Branch Not Found');
  const isDefault = params.branch === record.project.defaultBranch;
  return json(200, {
    name: params.branch,
    merged: false,
    protected: isDefault,
    default: isDefault,
    developers_can_push: !isDefault,
    developers_can_merge: !isDefault,
    can_push: true,
    web_url: `${record.project.webUrl}/-/tree/${params.branch}`,
    commit: commitEntity(record, record.repo.commits.get(sha)!),
  });
}

/** https://docs.gitlab.com/api/commits/#set-the-pipeline-status-of-a-commit */
function createStatus(ctx: Ctx, params: Record<string, string>): Reply {
  const record = ctx.store.record(params.id!);
  const status = postStatus(
    ctx.store,
    record,
    {
      sha: params.sha!,
      state: str(ctx, 'state'),
      name: str(ctx, 'name') ?? str(ctx, 'context'),
      ref: str(ctx, 'ref'),
      description: str(ctx, 'description'),
      targetUrl: str(ctx, 'target_url'),
    },
    ctx.user.username,
  );
  return json(201, statusEntity(ctx.store, status));
}

/** https://docs.gitlab.com/api/commits/#list-the-statuses-of-a-commit */
function listStatuses(ctx: Ctx, params: Record<string, string>): Reply {
  const record = ctx.store.record(params.id!);
  const commit = record.repo.resolve(params.sha!);
  if (!commit) throw new GitLabFakeError(404, '404 Commit Not Found');
  let list = record.statuses.filter((status) => status.sha === commit.id);
  if (!bool(ctx, 'all')) {
    // Only the latest job per name and ref, as GitLab hides retried ones.
    list = list.filter(
      (status) =>
        !list.some((other) => other.id > status.id && other.name === status.name && other.ref === status.ref),
    );
  }
  const ref = str(ctx, 'ref');
  const name = str(ctx, 'name');
  if (ref) list = list.filter((status) => status.ref === ref);
  if (name) list = list.filter((status) => status.name === name);
  return paginate(ctx, list, (status) => statusEntity(ctx.store, status));
}

export const projectRoutes: Route[] = [
  { method: 'GET', pattern: ['projects', ':id'], handler: showProject },
  { method: 'GET', pattern: ['user'], handler: currentUser },
  { method: 'GET', pattern: ['projects', ':id', 'repository', 'branches', ':branch'], handler: showBranch },
  { method: 'POST', pattern: ['projects', ':id', 'statuses', ':sha'], handler: createStatus },
  {
    method: 'GET',
    pattern: ['projects', ':id', 'repository', 'commits', ':sha', 'statuses'],
    handler: listStatuses,
  },
];
