// Webhook payloads built from the fake's real repository: Push Hook and Merge Request Hook.
// https://docs.gitlab.com/user/project/integrations/webhook_events/
import { diffRefs, type MergeRequestRecord, type ProjectRecord, type UserRecord } from './records.ts';
import { type StoredCommit, ZERO_SHA } from './repo.ts';
import type { GitLabStore } from './state.ts';

/** GitLab puts at most this many commits into a push payload (the newest ones, oldest first). */
export const PUSH_HOOK_COMMIT_LIMIT = 20;

export type MergeRequestAction = 'open' | 'update' | 'merge' | 'close';

/** Git dates in hook payloads: seconds precision with an offset (`2024-04-05T12:00:00+00:00`). */
function hookTime(iso: string): string {
  return new Date(iso).toISOString().replace(/\.\d{3}Z$/, '+00:00');
}

/** Record timestamps in merge request payloads, as GitLab serialises them (`2024-04-05 12:00:00 UTC`). */
function recordTime(iso: string | null): string | null {
  return iso === null ? null : `${iso.slice(0, 10)} ${iso.slice(11, 19)} UTC`;
}

function avatar(user: UserRecord): string {
  return `https://www.gravatar.com/avatar/${user.id}?s=80&d=identicon`;
}

export function projectHookAttrs(store: GitLabStore, record: ProjectRecord): Record<string, unknown> {
  const { project } = record;
  const segments = project.path.split('/');
  const host = new URL(store.baseUrl).host;
  const ssh = `git@${host}:${project.path}.git`;
  return {
    id: project.id,
    name: segments.at(-1),
    description: null,
    web_url: project.webUrl,
    avatar_url: null,
    git_ssh_url: ssh,
    git_http_url: `${project.webUrl}.git`,
    namespace: segments.at(-2),
    visibility_level: 0,
    path_with_namespace: project.path,
    default_branch: project.defaultBranch,
    ci_config_path: null,
    homepage: project.webUrl,
    url: ssh,
    ssh_url: ssh,
    http_url: `${project.webUrl}.git`,
  };
}

function repositoryHookAttrs(store: GitLabStore, record: ProjectRecord): Record<string, unknown> {
  const attrs = projectHookAttrs(store, record);
  return {
    name: attrs.name,
    url: attrs.url,
    description: null,
    homepage: attrs.homepage,
    git_http_url: attrs.git_http_url,
    git_ssh_url: attrs.git_ssh_url,
    visibility_level: 0,
  };
}

/** A commit as hooks show it; renames count as added (new path), as GitLab's `repo_changes` does. */
export function commitHookAttrs(record: ProjectRecord, commit: StoredCommit, withChanges: boolean) {
  const base = {
    id: commit.id,
    message: commit.message,
    title: commit.title,
    timestamp: hookTime(commit.committedDate),
    url: `${record.project.webUrl}/-/commit/${commit.id}`,
    author: { name: commit.authorName, email: commit.authorEmail },
  };
  if (!withChanges) return base;
  const parent = commit.parentIds[0] ? record.repo.commits.get(commit.parentIds[0]) : undefined;
  const before = parent?.tree ?? new Map<string, string>();
  const added: string[] = [];
  const modified: string[] = [];
  const removed: string[] = [];
  for (const [path, id] of commit.tree) {
    if (!before.has(path)) added.push(path);
    else if (before.get(path) !== id) modified.push(path);
  }
  for (const path of before.keys()) if (!commit.tree.has(path)) removed.push(path);
  return { ...base, added: added.sort(), modified: modified.sort(), removed: removed.sort() };
}

/** https://docs.gitlab.com/user/project/integrations/webhook_events/#push-events */
export function buildPushPayload(
  store: GitLabStore,
  record: ProjectRecord,
  input: { branch: string; before: string; after: string },
  pusher: UserRecord,
): Record<string, unknown> {
  const repo = record.repo;
  let commits: StoredCommit[] = [];
  if (input.after !== ZERO_SHA) {
    const after = repo.commits.get(input.after);
    if (!after) throw new Error(`unknown commit ${input.after} in ${record.project.path}`);
    if (input.before !== ZERO_SHA) {
      commits = repo.between(input.before, after.id);
    } else if (input.branch === record.project.defaultBranch) {
      commits = repo.log(after.id).reverse();
    } else {
      commits = repo.between(repo.branches.get(record.project.defaultBranch), after.id);
    }
  }
  return {
    object_kind: 'push',
    event_name: 'push',
    before: input.before,
    after: input.after,
    ref: `refs/heads/${input.branch}`,
    ref_protected: input.branch === record.project.defaultBranch,
    checkout_sha: input.after === ZERO_SHA ? null : input.after,
    message: null,
    user_id: pusher.id,
    user_name: pusher.name,
    user_username: pusher.username,
    // GitLab sends the public email only (`user.public_email`).
    user_email: pusher.publicEmail || null,
    user_avatar: avatar(pusher),
    project_id: record.project.id,
    project: projectHookAttrs(store, record),
    commits: commits.slice(-PUSH_HOOK_COMMIT_LIMIT).map((commit) => commitHookAttrs(record, commit, true)),
    total_commits_count: commits.length,
    push_options: {},
    repository: repositoryHookAttrs(store, record),
  };
}

const STATE_IDS = { opened: 1, closed: 2, merged: 3 } as const;

function changesFor(mr: MergeRequestRecord, action: MergeRequestAction, authorId: number | null) {
  const updated = { previous: recordTime(mr.createdAt), current: recordTime(mr.updatedAt) };
  if (action === 'merge') return { state_id: { previous: 1, current: 3 }, updated_at: updated };
  if (action === 'close') return { state_id: { previous: 1, current: 2 }, updated_at: updated };
  if (action === 'update') return { updated_at: updated };
  const created = (value: unknown) => ({ previous: null, current: value });
  return {
    author_id: created(authorId),
    created_at: created(recordTime(mr.createdAt)),
    description: created(mr.description),
    id: created(mr.id),
    iid: created(mr.iid),
    source_branch: created(mr.sourceBranch),
    target_branch: created(mr.targetBranch),
    title: created(mr.title),
    updated_at: created(recordTime(mr.updatedAt)),
  };
}

/** https://docs.gitlab.com/user/project/integrations/webhook_events/#merge-request-events */
export function buildMergeRequestPayload(
  store: GitLabStore,
  record: ProjectRecord,
  mr: MergeRequestRecord,
  action: MergeRequestAction,
  actor: UserRecord,
  oldrev: string | null,
): Record<string, unknown> {
  const project = projectHookAttrs(store, record);
  const head = record.repo.commits.get(diffRefs(record, mr).headSha)!;
  const author = store.user(mr.author.username);
  return {
    object_kind: 'merge_request',
    event_type: 'merge_request',
    user: {
      id: actor.id,
      name: actor.name,
      username: actor.username,
      avatar_url: avatar(actor),
      // Only a public email is shown; GitLab redacts the rest.
      email: actor.publicEmail || '[REDACTED]',
    },
    project,
    object_attributes: {
      assignee_id: null,
      author_id: author?.id ?? null,
      created_at: recordTime(mr.createdAt),
      description: mr.description,
      draft: false,
      head_pipeline_id: null,
      id: mr.id,
      iid: mr.iid,
      last_edited_at: null,
      last_edited_by_id: null,
      merge_commit_sha: mr.mergeCommitSha,
      merge_error: null,
      merge_params: { force_remove_source_branch: '0' },
      merge_status: mr.state === 'opened' ? 'can_be_merged' : 'unchecked',
      merge_user_id: null,
      merge_when_pipeline_succeeds: false,
      milestone_id: null,
      source_branch: mr.sourceBranch,
      source_project_id: mr.projectId,
      state_id: STATE_IDS[mr.state],
      target_branch: mr.targetBranch,
      target_project_id: mr.projectId,
      time_estimate: 0,
      title: mr.title,
      updated_at: recordTime(mr.updatedAt),
      updated_by_id: null,
      prepared_at: recordTime(mr.createdAt),
      assignee_ids: [],
      blocking_discussions_resolved: true,
      detailed_merge_status: mr.state === 'opened' ? 'mergeable' : 'not_open',
      first_contribution: false,
      human_time_change: null,
      human_time_estimate: null,
      human_total_time_spent: null,
      labels: [],
      last_commit: commitHookAttrs(record, head, false),
      reviewer_ids: [],
      source: project,
      state: mr.state,
      target: project,
      time_change: 0,
      total_time_spent: 0,
      url: `${record.project.webUrl}/-/merge_requests/${mr.iid}`,
      work_in_progress: false,
      action,
      ...(action === 'update' && oldrev ? { oldrev } : {}),
    },
    labels: [],
    changes: changesFor(mr, action, author?.id ?? null),
    repository: repositoryHookAttrs(store, record),
  };
}
