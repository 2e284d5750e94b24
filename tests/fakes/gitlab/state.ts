// The fake's state: users and tokens, projects with their repositories, merge requests, notes, call log.
import {
  closeMergeRequest,
  followSourceBranch,
  mergeMergeRequest,
  type OpenMergeRequestInput,
  openMergeRequest,
} from './merge-request-ops.ts';
import { dbTime, gitTime, type MergeRequestRecord, type ProjectRecord, type UserRecord } from './records.ts';
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

/** The public shape of a stored commit (a copy: trees and ordering stay inside the fake). */
function publicCommit(commit: StoredCommit): FakeCommit {
  const { id, shortId, title, message, parentIds, authorName, authorEmail, authoredDate, branch } = commit;
  return {
    id,
    shortId,
    title,
    message,
    parentIds: [...parentIds],
    authorName,
    authorEmail,
    authoredDate,
    branch,
  };
}

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
  nextMergeRequestId = 1001;
  nextNoteId = 3001;
  nextStatusId = 7001;
  nextPipelineId = 9001;

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
      if (user.publicEmail !== undefined) known.publicEmail = user.publicEmail;
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

  /** Every known user, in the order they were added. */
  listUsers(): UserRecord[] {
    return [...this.users.values()];
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
    const owner = this.owner();
    const initial = repo.writeCommit({
      seq: this.nextSeq(),
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
    return publicCommit(this.commitOnto(record, start, input));
  }

  /** Writes a commit on top of `start` and moves `input.branch` to it. */
  commitOnto(record: ProjectRecord, start: StoredCommit, input: CommitInput): StoredCommit {
    const tree = record.repo.applyActions(start.tree, input.actions);
    const commit = record.repo.writeCommit({
      seq: this.nextSeq(),
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
  moveBranch(record: ProjectRecord, branch: string, commit: StoredCommit): void {
    const old = record.repo.branches.get(branch);
    record.repo.branches.set(branch, commit.id);
    if (old) followSourceBranch(this, record, branch, old, commit);
  }

  /** The next creation number for a commit (orders histories). */
  nextSeq(): number {
    this.seq += 1;
    return this.seq;
  }

  /** The first known user: the token owner, who performs GitLab's own actions by default. */
  owner(): UserRecord {
    return [...this.users.values()][0]!;
  }

  openMergeRequest(project: string | number, input: OpenMergeRequestInput): FakeMergeRequest {
    return openMergeRequest(this, this.record(project), input);
  }

  mergeMergeRequest(project: string | number, iid: number, options: { mergedBy?: string } = {}): FakeCommit {
    const record = this.record(project);
    return publicCommit(mergeMergeRequest(this, record, this.mergeRecord(record, iid), options.mergedBy));
  }

  closeMergeRequest(project: string | number, iid: number): FakeMergeRequest {
    const record = this.record(project);
    return closeMergeRequest(this, record, this.mergeRecord(record, iid));
  }

  mergeRequest(project: string | number, iid: number): FakeMergeRequest {
    return this.mergeRecord(this.record(project), iid);
  }

  mergeRecord(record: ProjectRecord, iid: number): MergeRequestRecord {
    const mr = record.mergeRequests.find((candidate) => candidate.iid === iid);
    if (!mr) throw new GitLabFakeError(404, '404 Not found');
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
    return this.record(project).repo.log(this.head(project, branch)).map(publicCommit);
  }

  commitAt(project: string | number, ref: string): FakeCommit | null {
    const commit = this.record(project).repo.resolve(ref);
    return commit ? publicCommit(commit) : null;
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
