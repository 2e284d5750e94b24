// The fake's state: users and tokens, projects with their repositories, merge requests, notes, call log.
import {
  dbTime,
  diffRefs,
  gitTime,
  type MergeRequestRecord,
  type ProjectRecord,
  type UserRecord,
} from './records.ts';
import { GitLabFakeError, Repository, type StoredCommit } from './repo.ts';
import type {
  ApiCall,
  Clock,
  CommitInput,
  FakeCommit,
  FakeMergeRequest,
  FakeNote,
  FakeProject,
  FakeStatus,
  FakeUser,
  GitLabFakeState,
  RateLimitOptions,
} from './types.ts';

export interface GitLabStoreOptions {
  token: string;
  /** Owner of the token (what `/user` answers); default a project bot user. */
  tokenUser?: FakeUser;
  clock?: Clock;
}

export const DEFAULT_TOKEN_USER: FakeUser = {
  name: 'Project Bot',
  username: 'project_bot',
  email: 'project_bot@noreply.gitlab.example',
};

const plural = (count: number, word: string) => `${count} ${word}${count === 1 ? '' : 's'}`;

export class GitLabStore implements GitLabFakeState {
  readonly calls: ApiCall[] = [];
  readonly clock: Clock;
  /** Set once the server listens; used in web_url values. */
  baseUrl = 'http://127.0.0.1';
  readonly projects: ProjectRecord[] = [];
  private readonly users = new Map<string, UserRecord>();
  private readonly tokens = new Map<string, string>();
  private readonly rateLimits: { pattern: RegExp; remaining: number; retryAfterSeconds: number }[] = [];
  private seq = 0;
  private nextUserId = 1;
  private nextProjectId = 1;
  // Instance-wide ids start far from the project-scoped numbers so that confusing them fails loudly.
  private nextMergeRequestId = 1001;
  nextNoteId = 3001;
  nextStatusId = 7001;

  constructor(options: GitLabStoreOptions) {
    this.clock = options.clock ?? Date.now;
    const owner = options.tokenUser ?? DEFAULT_TOKEN_USER;
    this.addUser(owner);
    this.tokens.set(options.token, owner.username);
  }

  now(): string {
    return dbTime(this.clock());
  }

  addUser(user: FakeUser): void {
    const known = this.users.get(user.username);
    if (known) {
      known.name = user.name;
      known.email = user.email;
      return;
    }
    this.users.set(user.username, { ...user, id: this.nextUserId++, createdAt: this.now() });
  }

  addToken(token: string, username: string): void {
    if (!this.users.has(username)) throw new Error(`unknown user ${username}; addUser first`);
    this.tokens.set(token, username);
  }

  tokenUser(token: string): FakeUser | undefined {
    const username = this.tokens.get(token);
    return username === undefined ? undefined : this.users.get(username);
  }

  user(username: string): UserRecord | undefined {
    return this.users.get(username);
  }

  /** A known user by email, or one made up from a commit author (username from the local part). */
  userByEmail(author: { name: string; email: string }): UserRecord {
    const known = [...this.users.values()].find((user) => user.email === author.email);
    if (known) return known;
    const username = author.email.split('@')[0]!.replace(/[^A-Za-z0-9_.-]/g, '_') || 'user';
    this.addUser({ name: author.name, email: author.email, username });
    return this.users.get(username)!;
  }

  injectRateLimit(pathPattern: RegExp, options: RateLimitOptions): void {
    this.rateLimits.push({ pattern: pathPattern, ...options, remaining: options.count });
  }

  /** Consumes one injected 429 matching the path; returns its Retry-After seconds. */
  takeRateLimit(path: string, rawPath: string): number | undefined {
    const limit = this.rateLimits.find(
      (entry) => entry.remaining > 0 && (entry.pattern.test(path) || entry.pattern.test(rawPath)),
    );
    if (!limit) return undefined;
    limit.remaining -= 1;
    return limit.retryAfterSeconds;
  }

  createProject(input: { path: string; defaultBranch?: string; mergeMethod?: 'merge' | 'ff' }): FakeProject {
    if (!/^[\w.-]+(\/[\w.-]+)+$/.test(input.path))
      throw new Error(`project path must be group/name: ${input.path}`);
    if (this.projects.some((record) => record.project.path.toLowerCase() === input.path.toLowerCase())) {
      throw new Error(`project ${input.path} already exists`);
    }
    const defaultBranch = input.defaultBranch ?? 'main';
    const project: FakeProject = {
      id: this.nextProjectId++,
      path: input.path,
      defaultBranch,
      webUrl: `${this.baseUrl}/${input.path}`,
      mergeMethod: input.mergeMethod ?? 'merge',
    };
    const repo = new Repository();
    const owner = [...this.users.values()][0]!;
    const initial = repo.writeCommit({
      seq: ++this.seq,
      parentIds: [],
      tree: new Map(),
      message: 'Initial commit',
      author: owner,
      date: gitTime(this.clock()),
      branch: defaultBranch,
    });
    repo.branches.set(defaultBranch, initial.id);
    this.projects.push({ project, repo, createdAt: this.now(), mergeRequests: [], statuses: [] });
    return project;
  }

  /** The project by numeric id (or its decimal string) or by path, case-insensitively like GitLab's routes. */
  record(ref: string | number): ProjectRecord {
    const key = String(ref);
    const found = /^\d+$/.test(key)
      ? this.projects.find((record) => record.project.id === Number(key))
      : this.projects.find((record) => record.project.path.toLowerCase() === key.toLowerCase());
    if (!found) throw new GitLabFakeError(404, '404 Project Not Found');
    return found;
  }

  project(project: string | number): FakeProject {
    return this.record(project).project;
  }

  commit(project: string | number, input: CommitInput): FakeCommit {
    const record = this.record(project);
    const repo = record.repo;
    const startRef = repo.branches.has(input.branch)
      ? input.branch
      : (input.startBranch ?? record.project.defaultBranch);
    const start = repo.resolve(startRef);
    if (!start) throw new GitLabFakeError(400, 'You can only create or edit files when you are on a branch');
    return this.commitOnto(record, start, input);
  }

  /** Writes a commit on top of `start` and moves `input.branch` to it. */
  commitOnto(record: ProjectRecord, start: StoredCommit, input: CommitInput): StoredCommit {
    const tree = record.repo.applyActions(start.tree, input.actions);
    const commit = record.repo.writeCommit({
      seq: ++this.seq,
      parentIds: [start.id],
      tree,
      message: input.message,
      author: input.author,
      date: gitTime(this.clock()),
      branch: input.branch,
    });
    this.moveBranch(record, input.branch, commit);
    return commit;
  }

  /** Moves a branch and keeps open merge requests from it up to date, as a push does. */
  private moveBranch(record: ProjectRecord, branch: string, commit: StoredCommit): void {
    const old = record.repo.branches.get(branch);
    record.repo.branches.set(branch, commit.id);
    if (!old) return;
    for (const mr of record.mergeRequests) {
      if (mr.state !== 'opened' || mr.sourceBranch !== branch) continue;
      const added = record.repo.between(old, commit.id);
      mr.previousSha = old;
      mr.sha = commit.id;
      mr.updatedAt = this.now();
      const items = added.map((c) => `<li>${c.shortId} - ${c.title}</li>`).join('');
      this.addNote(
        mr,
        `added ${plural(added.length, 'commit')}\n\n<ul>${items}</ul>`,
        mr.author.username,
        true,
      );
    }
  }

  openMergeRequest(
    project: string | number,
    input: {
      sourceBranch: string;
      targetBranch: string;
      title: string;
      author: FakeUser;
      description?: string;
    },
  ): FakeMergeRequest {
    const record = this.record(project);
    const source = record.repo.branches.get(input.sourceBranch);
    if (!source) throw new GitLabFakeError(404, '404 Source branch Not Found');
    if (!record.repo.branches.has(input.targetBranch))
      throw new GitLabFakeError(404, '404 Target branch Not Found');
    const duplicate = record.mergeRequests.find(
      (mr) =>
        mr.state === 'opened' &&
        mr.sourceBranch === input.sourceBranch &&
        mr.targetBranch === input.targetBranch,
    );
    if (duplicate) {
      throw new GitLabFakeError(
        409,
        `Another open merge request already exists for this source branch: !${duplicate.iid}`,
      );
    }
    this.addUser(input.author);
    const now = this.now();
    const mr: MergeRequestRecord = {
      id: this.nextMergeRequestId++,
      iid: record.mergeRequests.length + 1,
      projectId: record.project.id,
      title: input.title,
      description: input.description ?? '',
      sourceBranch: input.sourceBranch,
      targetBranch: input.targetBranch,
      state: 'opened',
      author: { ...input.author },
      sha: source,
      previousSha: null,
      mergeCommitSha: null,
      createdAt: now,
      updatedAt: now,
      mergedAt: null,
      closedAt: null,
      notes: [],
      mergedBy: null,
      closedBy: null,
      frozenDiff: null,
    };
    record.mergeRequests.push(mr);
    return mr;
  }

  mergeRecord(record: ProjectRecord, iid: number): MergeRequestRecord {
    const mr = record.mergeRequests.find((candidate) => candidate.iid === iid);
    if (!mr) throw new GitLabFakeError(404, '404 Not found');
    return mr;
  }

  mergeRequest(project: string | number, iid: number): FakeMergeRequest {
    return this.mergeRecord(this.record(project), iid);
  }

  mergeMergeRequest(project: string | number, iid: number, options: { mergedBy?: string } = {}): FakeCommit {
    const record = this.record(project);
    const mr = this.mergeRecord(record, iid);
    if (mr.state !== 'opened') throw new GitLabFakeError(405, '405 Method Not Allowed');
    const repo = record.repo;
    const head = repo.commits.get(repo.branches.get(mr.sourceBranch) ?? mr.sha)!;
    const target = repo.resolve(mr.targetBranch)!;
    const base = repo.mergeBase(target.id, head.id) ?? target;
    const merger = this.user(options.mergedBy ?? '') ?? [...this.users.values()][0]!;
    let result: StoredCommit;
    if (repo.ancestors(head.id).has(target.id) && record.project.mergeMethod === 'ff') {
      result = head;
    } else if (record.project.mergeMethod === 'ff') {
      throw new GitLabFakeError(406, 'Branch cannot be merged');
    } else {
      result = repo.writeCommit({
        seq: ++this.seq,
        parentIds: [target.id, head.id],
        tree: repo.mergeTrees(base.tree, target.tree, head.tree),
        message: `Merge branch '${mr.sourceBranch}' into '${mr.targetBranch}'\n\n${mr.title}\n\nSee merge request ${record.project.path}!${mr.iid}`,
        author: merger,
        date: gitTime(this.clock()),
        branch: mr.targetBranch,
      });
      mr.mergeCommitSha = result.id;
    }
    mr.frozenDiff = { baseSha: base.id, startSha: target.id, headSha: head.id };
    mr.sha = head.id;
    mr.state = 'merged';
    mr.mergedBy = merger.username;
    mr.mergedAt = this.now();
    mr.updatedAt = mr.mergedAt;
    this.addNote(mr, 'merged', merger.username, true);
    this.moveBranch(record, mr.targetBranch, result);
    return result;
  }

  closeMergeRequest(project: string | number, iid: number): FakeMergeRequest {
    const record = this.record(project);
    const mr = this.mergeRecord(record, iid);
    if (mr.state !== 'opened') throw new GitLabFakeError(405, '405 Method Not Allowed');
    mr.frozenDiff = diffRefs(record, mr);
    mr.state = 'closed';
    mr.closedAt = this.now();
    mr.closedBy = mr.author.username;
    mr.updatedAt = mr.closedAt;
    this.addNote(mr, 'closed', mr.author.username, true);
    return mr;
  }

  addNote(mr: MergeRequestRecord, body: string, username: string, system: boolean): FakeNote {
    const now = this.now();
    const note: FakeNote = {
      id: this.nextNoteId++,
      body,
      authorUsername: username,
      createdAt: now,
      updatedAt: now,
      system,
    };
    mr.notes.push(note);
    return note;
  }

  file(project: string | number, ref: string, path: string): string | null {
    const record = this.record(project);
    const commit = record.repo.resolve(ref);
    return commit ? record.repo.read(commit, path) : null;
  }

  head(project: string | number, branch: string): string {
    const sha = this.record(project).repo.branches.get(branch);
    if (!sha) throw new Error(`no branch ${branch}`);
    return sha;
  }

  commits(project: string | number, branch: string): FakeCommit[] {
    return this.record(project).repo.log(this.head(project, branch));
  }

  commitAt(project: string | number, ref: string): FakeCommit | null {
    return this.record(project).repo.resolve(ref) ?? null;
  }

  notes(project: string | number, mrIid: number): FakeNote[] {
    return this.mergeRecord(this.record(project), mrIid).notes;
  }

  statuses(project: string | number, sha: string): FakeStatus[] {
    const record = this.record(project);
    const id = record.repo.resolve(sha)?.id ?? sha;
    return record.statuses.filter((status) => status.sha === id);
  }
}
