// What happens to merge requests: opening, following their source branch, merging and closing.
import { diffRefs, gitTime, type MergeRequestRecord, type ProjectRecord } from './records.ts';
import { GitLabFakeError, type StoredCommit } from './repo.ts';
import type { GitLabStore } from './state.ts';
import type { FakeUser } from './types.ts';

export interface OpenMergeRequestInput {
  sourceBranch: string;
  targetBranch: string;
  title: string;
  author: FakeUser;
  description?: string;
}

const plural = (count: number, word: string) => `${count} ${word}${count === 1 ? '' : 's'}`;

export function openMergeRequest(
  store: GitLabStore,
  record: ProjectRecord,
  input: OpenMergeRequestInput,
): MergeRequestRecord {
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
  store.addUser(input.author);
  const now = store.now();
  const mr: MergeRequestRecord = {
    id: store.nextMergeRequestId++,
    iid: record.mergeRequests.length + 1,
    projectId: record.project.id,
    title: input.title,
    description: input.description ?? '',
    sourceBranch: input.sourceBranch,
    targetBranch: input.targetBranch,
    state: 'opened',
    author: { name: input.author.name, email: input.author.email, username: input.author.username },
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

/** A push to a merge request's source branch: new head, `oldrev` for the next update hook, a system note. */
export function followSourceBranch(
  store: GitLabStore,
  record: ProjectRecord,
  branch: string,
  old: string,
  commit: StoredCommit,
): void {
  for (const mr of record.mergeRequests) {
    if (mr.state !== 'opened' || mr.sourceBranch !== branch) continue;
    const added = record.repo.between(old, commit.id);
    mr.previousSha = old;
    mr.sha = commit.id;
    mr.updatedAt = store.now();
    const items = added.map((c) => `<li>${c.shortId} - ${c.title}</li>`).join('');
    store.addNote(
      mr,
      `added ${plural(added.length, 'commit')}\n\n<ul>${items}</ul>`,
      mr.author.username,
      true,
    );
  }
}

/**
 * Merges with the project's merge method: `merge` always writes a merge commit (GitLab's default),
 * `ff` only fast-forwards. Conflicting changes refuse the merge (406), as GitLab does.
 */
export function mergeMergeRequest(
  store: GitLabStore,
  record: ProjectRecord,
  mr: MergeRequestRecord,
  mergedBy: string | undefined,
): StoredCommit {
  if (mr.state !== 'opened') throw new GitLabFakeError(405, '405 Method Not Allowed');
  const repo = record.repo;
  const head = repo.commits.get(repo.branches.get(mr.sourceBranch) ?? mr.sha)!;
  const target = repo.resolve(mr.targetBranch)!;
  const base = repo.mergeBase(target.id, head.id) ?? target;
  const merger = store.user(mergedBy ?? '') ?? store.owner();
  let result: StoredCommit;
  if (record.project.mergeMethod === 'ff') {
    if (!repo.ancestors(head.id).has(target.id)) throw new GitLabFakeError(406, 'Branch cannot be merged');
    result = head;
  } else {
    result = repo.writeCommit({
      seq: store.nextSeq(),
      parentIds: [target.id, head.id],
      tree: repo.mergeTrees(base.tree, target.tree, head.tree),
      message: `Merge branch '${mr.sourceBranch}' into '${mr.targetBranch}'\n\n${mr.title}\n\nSee merge request ${record.project.path}!${mr.iid}`,
      author: merger,
      date: gitTime(store.clock()),
      branch: mr.targetBranch,
    });
    mr.mergeCommitSha = result.id;
  }
  mr.frozenDiff = { baseSha: base.id, startSha: target.id, headSha: head.id };
  mr.sha = head.id;
  mr.state = 'merged';
  mr.mergedBy = merger.username;
  mr.mergedAt = store.now();
  mr.updatedAt = mr.mergedAt;
  store.addNote(mr, 'merged', merger.username, true);
  store.moveBranch(record, mr.targetBranch, result);
  return result;
}

export function closeMergeRequest(store: GitLabStore, record: ProjectRecord, mr: MergeRequestRecord) {
  if (mr.state !== 'opened') throw new GitLabFakeError(405, '405 Method Not Allowed');
  mr.frozenDiff = diffRefs(record, mr);
  mr.state = 'closed';
  mr.closedAt = store.now();
  mr.closedBy = mr.author.username;
  mr.updatedAt = mr.closedAt;
  store.addNote(mr, 'closed', mr.author.username, true);
  return mr;
}
