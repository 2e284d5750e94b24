// Public types of the loopback GitLab fake: the records tests inspect and the state they drive it with.

/** Milliseconds since the epoch; injectable so commit, note and status times are predictable. */
export type Clock = () => number;

export interface FakeUser {
  name: string;
  email: string;
  username: string;
  /**
   * The email the user made public in their profile. Webhooks only carry this one: a push's
   * `user_email` is null and a merge request hook's `user.email` is "[REDACTED]" without it.
   */
  publicEmail?: string | null;
}

export interface FakeCommit {
  /** 40-hex sha. */
  id: string;
  shortId: string;
  title: string;
  message: string;
  parentIds: string[];
  authorName: string;
  authorEmail: string;
  authoredDate: string;
  /** The branch the commit was made on. */
  branch: string;
}

export interface FakeMergeRequest {
  /** Instance-wide id (never equal to the iid, so mixing them up fails). */
  id: number;
  /** Project-scoped number shown as `!iid`. */
  iid: number;
  projectId: number;
  title: string;
  description: string;
  sourceBranch: string;
  targetBranch: string;
  state: 'opened' | 'merged' | 'closed';
  author: FakeUser;
  /** Head of the source branch (frozen when merged or closed). */
  sha: string;
  /** Head of the source branch before its latest commit while open (`oldrev` of an update hook). */
  previousSha: string | null;
  mergeCommitSha: string | null;
  createdAt: string;
  updatedAt: string;
  mergedAt: string | null;
  closedAt: string | null;
}

export interface FakeNote {
  id: number;
  body: string;
  authorUsername: string;
  createdAt: string;
  updatedAt: string;
  /** System notes are the ones GitLab writes itself ("merged", "added 1 commit"). */
  system: boolean;
}

export type FakeStatusState = 'pending' | 'running' | 'success' | 'failed' | 'canceled' | 'skipped';

export interface FakeStatus {
  id: number;
  sha: string;
  state: FakeStatusState;
  name: string;
  description: string | null;
  targetUrl: string | null;
  ref: string | null;
  /** The external pipeline GitLab files the job under: one per sha and ref. */
  pipelineId: number;
  authorUsername: string;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
}

export interface FakeProject {
  id: number;
  /** "group/name" (path_with_namespace). */
  path: string;
  defaultBranch: string;
  webUrl: string;
  /** `merge` (a merge commit, GitLab's default) or `ff` (fast-forward only). */
  mergeMethod: 'merge' | 'ff';
}

export type CommitActionKind = 'create' | 'update' | 'delete' | 'move' | 'chmod';

export interface CommitAction {
  action: CommitActionKind;
  filePath: string;
  previousPath?: string;
  content?: string;
  /** `base64` means `content` is base64 (as the REST API accepts). */
  encoding?: 'text' | 'base64';
}

export interface CommitInput {
  branch: string;
  startBranch?: string;
  message: string;
  author: { name: string; email: string };
  actions: CommitAction[];
}

/** One REST call as the fake saw it. */
export interface ApiCall {
  method: string;
  /** Decoded path, e.g. `/api/v4/projects/group/app/repository/files/db/001.sql`. */
  path: string;
  /** The path as sent, e.g. `/api/v4/projects/group%2Fapp/...`. */
  rawPath: string;
  query: Record<string, string>;
  status: number;
  /** Parsed body of writes (JSON, form or multipart). */
  body?: unknown;
  at: number;
}

export interface RateLimitOptions {
  count: number;
  retryAfterSeconds: number;
}

export interface GitLabFakeState {
  /** Creates a project whose default branch holds one empty initial commit. */
  createProject(input: { path: string; defaultBranch?: string; mergeMethod?: 'merge' | 'ff' }): FakeProject;
  /** Commits file actions onto a branch (creating it from `startBranch`, else the default branch). */
  commit(project: string | number, input: CommitInput): FakeCommit;
  /** Opens a merge request from sourceBranch into targetBranch. */
  openMergeRequest(
    project: string | number,
    input: {
      sourceBranch: string;
      targetBranch: string;
      title: string;
      author: FakeUser;
      description?: string;
    },
  ): FakeMergeRequest;
  /** Merges it (merge commit, or fast-forward for `ff` projects); returns the new head of the target. */
  mergeMergeRequest(project: string | number, iid: number, options?: { mergedBy?: string }): FakeCommit;
  /** Closes it without merging. */
  closeMergeRequest(project: string | number, iid: number): FakeMergeRequest;
  /** Content of a file on a branch or at a sha, or null. */
  file(project: string | number, ref: string, path: string): string | null;
  /** Head commit sha of a branch. */
  head(project: string | number, branch: string): string;
  /** Commits of a branch, newest first. */
  commits(project: string | number, branch: string): FakeCommit[];
  /** A commit by sha (full or unambiguous prefix) or branch name. */
  commitAt(project: string | number, ref: string): FakeCommit | null;
  project(project: string | number): FakeProject;
  mergeRequest(project: string | number, iid: number): FakeMergeRequest;
  /** Notes of a merge request in creation order (system notes included). */
  notes(project: string | number, mrIid: number): FakeNote[];
  /** Status jobs of a commit in creation order; a job keeps its id while it moves pending -> running -> done. */
  statuses(project: string | number, sha: string): FakeStatus[];
  /** Every API call: method, path (decoded), status, and parsed body for writes. */
  calls: ApiCall[];
  /** The next `count` requests whose path (decoded or raw) matches answer 429 like GitLab.com. */
  injectRateLimit(pathPattern: RegExp, options: RateLimitOptions): void;
  /** A user the fake knows (commit authors, MR authors, other tokens' owners). */
  addUser(user: FakeUser): void;
  /** Another accepted token, owned by a known user. */
  addToken(token: string, username: string): void;
  /** The user a token belongs to (the one `/user` answers with). */
  tokenUser(token: string): FakeUser | undefined;
}
