// An in-memory git repository: content-addressed blobs, full-tree commits, branches, ancestry and merges.
import { createHash } from 'node:crypto';
import type { CommitAction, FakeCommit } from './types.ts';

/** A commit plus what the fake needs to answer for it. */
export interface StoredCommit extends FakeCommit {
  /** Creation order across the whole fake; orders logs the way `git log` would for these histories. */
  seq: number;
  /** path -> blob id, the full tree at this commit. */
  tree: Map<string, string>;
  committerName: string;
  committerEmail: string;
  committedDate: string;
}

/**
 * A refused request, answered as GitLab would: `{"message": ...}` from the API's own checks, or
 * `{"error": ...}` from parameter validation (`field: 'error'`).
 */
export class GitLabFakeError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly field: 'message' | 'error' = 'message',
  ) {
    super(message);
    this.name = 'GitLabFakeError';
  }
}

export const ZERO_SHA = '0000000000000000000000000000000000000000';

/** Git's blob id: sha1 of `blob <size>\0<content>`. */
export function blobId(content: string): string {
  const bytes = Buffer.from(content, 'utf8');
  return createHash('sha1').update(`blob ${bytes.length}\0`).update(bytes).digest('hex');
}

function titleOf(message: string): string {
  return message.split('\n', 1)[0] ?? '';
}

/** A small least-recently-used memo; commits never change, so results keyed by sha stay valid. */
export class Memo<V> {
  private readonly entries = new Map<string, V>();

  constructor(private readonly size: number) {}

  get(key: string, make: () => V): V {
    const hit = this.entries.get(key);
    if (hit !== undefined) {
      this.entries.delete(key);
      this.entries.set(key, hit);
      return hit;
    }
    const value = make();
    this.entries.set(key, value);
    if (this.entries.size > this.size) this.entries.delete(this.entries.keys().next().value!);
    return value;
  }
}

export class Repository {
  readonly blobs = new Map<string, string>();
  readonly commits = new Map<string, StoredCommit>();
  readonly branches = new Map<string, string>();
  private readonly ancestorMemo = new Memo<Set<string>>(256);
  /** Diffs between two commits, memoised for paged endpoints that ask for the same diff page by page. */
  readonly diffMemo = new Memo<unknown>(32);

  writeBlob(content: string): string {
    const id = blobId(content);
    this.blobs.set(id, content);
    return id;
  }

  /** A branch name (`main` or `refs/heads/main`), a full sha or an unambiguous prefix of 7+ hex digits. */
  resolve(ref: string): StoredCommit | undefined {
    const branch = ref.startsWith('refs/heads/') ? ref.slice('refs/heads/'.length) : ref;
    const head = this.branches.get(branch);
    if (head) return this.commits.get(head);
    const exact = this.commits.get(ref);
    if (exact) return exact;
    if (!/^[0-9a-f]{7,39}$/.test(ref)) return undefined;
    const matches = [...this.commits.values()].filter((commit) => commit.id.startsWith(ref));
    return matches.length === 1 ? matches[0] : undefined;
  }

  /** Every commit reachable from `sha`, including itself (do not modify the returned set). */
  ancestors(sha: string): Set<string> {
    return this.ancestorMemo.get(sha, () => this.walk(sha));
  }

  private walk(sha: string): Set<string> {
    const seen = new Set<string>();
    const stack = [sha];
    while (stack.length > 0) {
      const id = stack.pop()!;
      if (seen.has(id)) continue;
      const commit = this.commits.get(id);
      if (!commit) continue;
      seen.add(id);
      stack.push(...commit.parentIds);
    }
    return seen;
  }

  /** Reachable commits, newest first. */
  log(sha: string): StoredCommit[] {
    return this.sorted(this.ancestors(sha)).reverse();
  }

  /** Commits reachable from `to` but not from `from`, oldest first (`git log --reverse from..to`). */
  between(from: string | undefined, to: string): StoredCommit[] {
    const excluded = from ? this.ancestors(from) : new Set<string>();
    const ids = [...this.ancestors(to)].filter((id) => !excluded.has(id));
    return this.sorted(ids);
  }

  /** The newest common ancestor, as `git merge-base` picks for these histories. */
  mergeBase(a: string, b: string): StoredCommit | undefined {
    const left = this.ancestors(a);
    const common = [...this.ancestors(b)].filter((id) => left.has(id));
    return this.sorted(common).at(-1);
  }

  /** Branches whose head reaches `sha` (the default branch first, then by name). */
  branchesContaining(sha: string, defaultBranch: string): string[] {
    const names = [...this.branches.keys()].filter((name) =>
      this.ancestors(this.branches.get(name)!).has(sha),
    );
    return names.sort((x, y) => (x === defaultBranch ? -1 : y === defaultBranch ? 1 : x.localeCompare(y)));
  }

  /** Applies commit actions to a tree copy, failing like GitLab's commits API does. */
  applyActions(base: Map<string, string>, actions: CommitAction[]): Map<string, string> {
    const tree = new Map(base);
    for (const action of actions) {
      const path = action.filePath;
      if (!path) throw new GitLabFakeError(400, 'actions[file_path] is missing', 'error');
      const content =
        action.content === undefined
          ? undefined
          : action.encoding === 'base64'
            ? Buffer.from(action.content, 'base64').toString('utf8')
            : action.content;
      switch (action.action) {
        case 'create':
          if (tree.has(path)) throw new GitLabFakeError(400, 'A file with this name already exists');
          tree.set(path, this.writeBlob(content ?? ''));
          break;
        case 'update':
          if (!tree.has(path)) throw new GitLabFakeError(400, "A file with this name doesn't exist");
          tree.set(path, this.writeBlob(content ?? ''));
          break;
        case 'delete':
          if (!tree.delete(path)) throw new GitLabFakeError(400, "A file with this name doesn't exist");
          break;
        case 'move': {
          const from = action.previousPath;
          const previous = from === undefined ? undefined : tree.get(from);
          if (from === undefined || previous === undefined) {
            throw new GitLabFakeError(400, "A file with this name doesn't exist");
          }
          if (from !== path && tree.has(path)) {
            throw new GitLabFakeError(400, 'A file with this name already exists');
          }
          tree.delete(from);
          tree.set(path, content === undefined ? previous : this.writeBlob(content));
          break;
        }
        case 'chmod':
          if (!tree.has(path)) throw new GitLabFakeError(400, "A file with this name doesn't exist");
          break;
        default:
          throw new GitLabFakeError(400, 'actions[action] does not have a valid value', 'error');
      }
    }
    return tree;
  }

  /** Records a commit object and returns it; does not move any branch. */
  writeCommit(input: {
    seq: number;
    parentIds: string[];
    tree: Map<string, string>;
    message: string;
    author: { name: string; email: string };
    committer?: { name: string; email: string };
    date: string;
    branch: string;
  }): StoredCommit {
    const committer = input.committer ?? input.author;
    const id = createHash('sha1')
      .update(`commit ${input.seq}\n${input.parentIds.join(' ')}\n${input.author.email}\n${input.message}`)
      .digest('hex');
    const commit: StoredCommit = {
      id,
      shortId: id.slice(0, 8),
      title: titleOf(input.message),
      message: input.message,
      parentIds: input.parentIds,
      authorName: input.author.name,
      authorEmail: input.author.email,
      authoredDate: input.date,
      branch: input.branch,
      seq: input.seq,
      tree: input.tree,
      committerName: committer.name,
      committerEmail: committer.email,
      committedDate: input.date,
    };
    this.commits.set(id, commit);
    return commit;
  }

  /**
   * Three-way merge of trees: a path changed on one side only takes that side; changed identically on
   * both is fine; changed differently on both is a conflict (the merge is refused, as GitLab refuses
   * to merge a merge request with conflicts).
   */
  mergeTrees(
    base: Map<string, string>,
    ours: Map<string, string>,
    theirs: Map<string, string>,
  ): Map<string, string> {
    const result = new Map<string, string>();
    const paths = new Set([...base.keys(), ...ours.keys(), ...theirs.keys()]);
    for (const path of paths) {
      const b = base.get(path);
      const o = ours.get(path);
      const t = theirs.get(path);
      let chosen: string | undefined;
      if (o === t) chosen = o;
      else if (o === b) chosen = t;
      else if (t === b) chosen = o;
      else throw new GitLabFakeError(406, 'Branch cannot be merged');
      if (chosen !== undefined) result.set(path, chosen);
    }
    return result;
  }

  /** File content at a commit, or null. */
  read(commit: StoredCommit, path: string): string | null {
    const id = commit.tree.get(path);
    return id === undefined ? null : (this.blobs.get(id) ?? null);
  }

  /** The newest commit reachable from `from` that changed `path` (GitLab's `last_commit_id`). */
  lastCommitFor(from: StoredCommit, path: string): StoredCommit {
    for (const commit of this.log(from.id)) {
      const parent = commit.parentIds[0] ? this.commits.get(commit.parentIds[0]) : undefined;
      if (commit.tree.get(path) !== parent?.tree.get(path)) return commit;
    }
    return from;
  }

  private sorted(ids: Iterable<string>): StoredCommit[] {
    return [...ids]
      .map((id) => this.commits.get(id))
      .filter((commit): commit is StoredCommit => commit !== undefined)
      .sort((x, y) => x.seq - y.seq);
  }
}
