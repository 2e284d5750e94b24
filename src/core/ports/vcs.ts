// VCS provider port: verifies and normalises repository webhooks, reads files and writes notes, statuses, commits.

/** A person as the VCS reports them; the email may be missing or redacted. */
export interface VcsUser {
  /** Display name. */
  name: string;
  /** Email address, or null when the VCS withholds it. */
  email: string | null;
  /** Login name on the VCS, or null. */
  username: string | null;
}

/** Which repository an event or call concerns: both spellings, so a binding by path or by id matches. */
export interface VcsRepository {
  /** Numeric id as a string (GitLab project id). */
  id: string;
  /** Full path, e.g. `group/sub/project`. */
  path: string;
  /** Browser URL of the repository, or null. */
  webUrl: string | null;
}

/** A push to a branch, normalised. */
export interface VcsPushEvent {
  kind: 'push';
  /** Ids of this delivery (GitLab: Idempotency-Key and X-Gitlab-Event-UUID); a redelivery repeats at least one. */
  deliveryIds: string[];
  repository: VcsRepository;
  /** Branch name without `refs/heads/`. */
  branch: string;
  /** Commit before the push; all zeros when the push created the branch. */
  before: string;
  /** Commit after the push (the new head). */
  after: string;
  /** Who pushed (for a merge: who pressed Merge). */
  pusher: VcsUser;
  /** Author of the head commit when the payload names it, else null. */
  headAuthor: VcsUser | null;
  /** Title of the head commit, or null. */
  headTitle: string | null;
  /** Files the payload's commit list names as added or modified (GitLab sends at most 20 commits). */
  payloadFiles: string[];
}

/** What happened to a merge request. */
export type VcsMergeRequestAction = 'open' | 'reopen' | 'update' | 'merge' | 'close' | 'other';

/** A merge request event, normalised. */
export interface VcsMergeRequestEvent {
  kind: 'merge_request';
  /** Ids of this delivery (GitLab: Idempotency-Key and X-Gitlab-Event-UUID); a redelivery repeats at least one. */
  deliveryIds: string[];
  /** The target repository (where the note and status go). */
  repository: VcsRepository;
  /** Merge request number inside the repository. */
  iid: number;
  action: VcsMergeRequestAction;
  title: string;
  /** Browser URL of the merge request, or null. */
  url: string | null;
  sourceBranch: string;
  targetBranch: string;
  /** The merge request's head commit, the one a status is set on. */
  headSha: string;
  /** Who triggered the event. */
  user: VcsUser;
}

/** A normalised inbound event. */
export type VcsEvent = VcsPushEvent | VcsMergeRequestEvent;

/** One changed file between two commits or in a merge request. */
export interface VcsFileChange {
  /** Path after the change. */
  path: string;
  /** Path before a rename, else null. */
  previousPath: string | null;
  status: 'added' | 'modified' | 'renamed' | 'removed';
}

/** What to compare: two commits, or a merge request's changes against its target. */
export type VcsChangeSet =
  | { kind: 'commits'; from: string; to: string }
  | { kind: 'merge_request'; iid: number };

/** The state of a commit status. */
export type VcsCommitState = 'pending' | 'running' | 'success' | 'failed';

/** A commit status, shown next to the commit and on the merge request. */
export interface VcsCommitStatus {
  state: VcsCommitState;
  /** The status's name (context); one status per name per commit. */
  name: string;
  /** Short text shown next to the state. */
  description: string;
  /** Where the status links to, or null. */
  targetUrl: string | null;
}

/**
 * What `accept` answers: false for a redelivery; for a new delivery, the inbox job that now holds the event, or
 * true from a handler that keeps no inbox (the provider then calls `push` or `mergeRequest` itself).
 */
export type VcsAcceptance = boolean | { jobId: number };

/** The core's entry points for inbound VCS traffic. */
export interface VcsInboundHandler {
  /**
   * Records the delivery and, the first time, stores the event as an inbox job in the same transaction, before
   * anything acts on it; a redelivery answers false and is then acknowledged and dropped. Called while the VCS
   * waits, so it must be fast.
   */
  accept(event: VcsEvent): Promise<VcsAcceptance>;
  /**
   * Runs an inbox job (in the background, after the acknowledgement): claims it, acts on its event, records the
   * outcome. A job another worker holds is left to it. Handlers without an inbox leave this out.
   */
  runJob?(input: { vcs: VcsProvider; jobId: number }): Promise<void>;
  /** Acts on an accepted push. */
  push(input: { vcs: VcsProvider; event: VcsPushEvent }): Promise<void>;
  /** Acts on an accepted merge request event. */
  mergeRequest(input: { vcs: VcsProvider; event: VcsMergeRequestEvent }): Promise<void>;
}

/** One VCS (GitLab): inbound webhooks and the few API calls GitOps needs. */
export interface VcsProvider {
  /** Which VCS this is; equals `RepositoryBinding.provider`. */
  readonly provider: 'gitlab';
  /**
   * Answers one webhook request: refuses a body over the limit (413) or a wrong secret (401) with no effect,
   * parses it, lets the core record the delivery (and store the event), acknowledges at once and runs the
   * stored work in the background.
   */
  handle(request: Request): Promise<Response>;
  /** The text of a file at a ref (branch or commit), or null when the file does not exist there. */
  readFile(repository: string, ref: string, path: string): Promise<string | null>;
  /** Every changed file of a change set, however many; never limited to what a webhook payload lists. */
  listChanges(repository: string, changes: VcsChangeSet): Promise<VcsFileChange[]>;
  /**
   * Keeps exactly one note of ours on a merge request: finds it by `marker` (a hidden HTML comment that the
   * body must contain) and edits it when the text changed, or creates it when there is none (unless
   * `createIfMissing` is false); returns the note id, or null when no note exists.
   */
  commentOnMergeRequest(
    repository: string,
    iid: number,
    marker: string,
    body: string,
    options?: { createIfMissing?: boolean },
  ): Promise<{ noteId: number | null; created: boolean }>;
  /** Sets (creates or replaces) a commit status of `status.name` on a commit. */
  setCommitStatus(repository: string, sha: string, status: VcsCommitStatus): Promise<void>;
  /** Commits one file (created or updated) on a branch; returns the new commit's id. */
  commitFile(
    repository: string,
    input: { branch: string; path: string; content: string; message: string },
  ): Promise<{ sha: string }>;
  /** Resolves when background work started by webhooks has finished (shutdown, tests). */
  drain(): Promise<void>;
}
