// JSON entities in GitLab's REST shapes (snake_case) for users, projects, commits, files, notes and statuses.
import { commitDiff } from './diff.ts';
import type { ProjectRecord } from './records.ts';
import type { StoredCommit } from './repo.ts';
import type { GitLabStore } from './state.ts';
import type { FakeNote, FakeStatus, FakeUser } from './types.ts';

/** https://docs.gitlab.com/api/users/ (the basic user shape embedded in other entities) */
export function userEntity(store: GitLabStore, user: FakeUser): Record<string, unknown> {
  const id = store.user(user.username)?.id ?? 0;
  return {
    id,
    username: user.username,
    name: user.name,
    state: 'active',
    locked: false,
    avatar_url: `https://www.gravatar.com/avatar/${id}?s=80&d=identicon`,
    web_url: `${store.baseUrl}/${user.username}`,
  };
}

export function userByName(store: GitLabStore, username: string): FakeUser {
  return store.user(username) ?? { username, name: username, email: `${username}@example.com` };
}

/** https://docs.gitlab.com/api/projects/#get-a-single-project */
export function projectEntity(store: GitLabStore, record: ProjectRecord): Record<string, unknown> {
  const { project } = record;
  const segments = project.path.split('/');
  const name = segments.at(-1)!;
  const namespacePath = segments.slice(0, -1).join('/');
  const web = project.webUrl;
  const host = new URL(store.baseUrl).host;
  return {
    id: project.id,
    description: null,
    name,
    name_with_namespace: segments.join(' / '),
    path: name,
    path_with_namespace: project.path,
    created_at: record.createdAt,
    default_branch: project.defaultBranch,
    tag_list: [],
    topics: [],
    ssh_url_to_repo: `git@${host}:${project.path}.git`,
    http_url_to_repo: `${web}.git`,
    web_url: web,
    readme_url: null,
    avatar_url: null,
    forks_count: 0,
    star_count: 0,
    last_activity_at: record.createdAt,
    namespace: {
      id: project.id + 100,
      name: segments.at(-2)!,
      path: segments.at(-2)!,
      kind: 'group',
      full_path: namespacePath,
      parent_id: null,
      avatar_url: null,
      web_url: `${store.baseUrl}/groups/${namespacePath}`,
    },
    empty_repo: false,
    archived: false,
    visibility: 'private',
    merge_method: project.mergeMethod,
    squash_option: 'default_off',
    only_allow_merge_if_pipeline_succeeds: false,
    remove_source_branch_after_merge: true,
    _links: {
      self: `${store.baseUrl}/api/v4/projects/${project.id}`,
      merge_requests: `${store.baseUrl}/api/v4/projects/${project.id}/merge_requests`,
      repo_branches: `${store.baseUrl}/api/v4/projects/${project.id}/repository/branches`,
    },
  };
}

/** Lines added and removed against the first parent (the `stats` of a single commit). */
export function commitStats(record: ProjectRecord, commit: StoredCommit) {
  const parent = commit.parentIds[0] ? record.repo.commits.get(commit.parentIds[0]) : undefined;
  let additions = 0;
  let deletions = 0;
  for (const entry of commitDiff(record.repo, parent, commit)) {
    for (const line of entry.diff.split('\n')) {
      if (line.startsWith('+')) additions += 1;
      else if (line.startsWith('-')) deletions += 1;
    }
  }
  return { additions, deletions, total: additions + deletions };
}

/** https://docs.gitlab.com/api/commits/ (list shape; `detail` adds stats, status and project_id) */
export function commitEntity(
  record: ProjectRecord,
  commit: StoredCommit,
  detail = false,
): Record<string, unknown> {
  const base = {
    id: commit.id,
    short_id: commit.shortId,
    created_at: commit.committedDate,
    parent_ids: commit.parentIds,
    title: commit.title,
    message: commit.message,
    author_name: commit.authorName,
    author_email: commit.authorEmail,
    authored_date: commit.authoredDate,
    committer_name: commit.committerName,
    committer_email: commit.committerEmail,
    committed_date: commit.committedDate,
    trailers: {},
    extended_trailers: {},
    web_url: `${record.project.webUrl}/-/commit/${commit.id}`,
  };
  if (!detail) return base;
  return {
    ...base,
    stats: commitStats(record, commit),
    status: null,
    project_id: record.project.id,
    last_pipeline: null,
  };
}

/** https://docs.gitlab.com/api/notes/#merge-requests */
export function noteEntity(
  store: GitLabStore,
  record: ProjectRecord,
  mr: { id: number; iid: number },
  note: FakeNote,
): Record<string, unknown> {
  return {
    id: note.id,
    type: null,
    body: note.body,
    attachment: null,
    author: userEntity(store, userByName(store, note.authorUsername)),
    created_at: note.createdAt,
    updated_at: note.updatedAt,
    system: note.system,
    noteable_id: mr.id,
    noteable_type: 'MergeRequest',
    project_id: record.project.id,
    resolvable: false,
    confidential: false,
    internal: false,
    imported: false,
    imported_from: 'none',
    noteable_iid: mr.iid,
    commands_changes: {},
  };
}

/** https://docs.gitlab.com/api/commits/#set-the-pipeline-status-of-a-commit */
export function statusEntity(store: GitLabStore, status: FakeStatus): Record<string, unknown> {
  return {
    id: status.id,
    sha: status.sha,
    ref: status.ref,
    status: status.state,
    name: status.name,
    target_url: status.targetUrl,
    description: status.description,
    created_at: status.createdAt,
    started_at: status.startedAt,
    finished_at: status.finishedAt,
    allow_failure: false,
    coverage: null,
    pipeline_id: status.pipelineId,
    author: userEntity(store, userByName(store, status.authorUsername)),
  };
}
