// Internal records behind the public types: a project's repository, merge requests, notes and status jobs.
import type { Repository } from './repo.ts';
import type { FakeMergeRequest, FakeNote, FakeProject, FakeStatus, FakeUser } from './types.ts';

export interface MergeRequestRecord extends FakeMergeRequest {
  notes: FakeNote[];
  mergedBy: string | null;
  closedBy: string | null;
  /** Frozen when merged or closed: the diff GitLab keeps showing afterwards. */
  frozenDiff: { baseSha: string; startSha: string; headSha: string } | null;
}

export interface ProjectRecord {
  project: FakeProject;
  repo: Repository;
  createdAt: string;
  mergeRequests: MergeRequestRecord[];
  statuses: FakeStatus[];
}

/** A known user with the numeric id GitLab gives every user. */
export interface UserRecord extends FakeUser {
  id: number;
  createdAt: string;
}

/** GitLab's timestamp shape for database records (`2024-04-05T12:00:00.000Z`). */
export function dbTime(ms: number): string {
  return new Date(ms).toISOString();
}

/** GitLab's timestamp shape for git dates (`2024-04-05T12:00:00.000+00:00`). */
export function gitTime(ms: number): string {
  return new Date(ms).toISOString().replace('Z', '+00:00');
}

/** The diff_refs of a merge request: base (merge base), start (target head) and head (source head). */
export function diffRefs(
  record: ProjectRecord,
  mr: MergeRequestRecord,
): { baseSha: string; startSha: string; headSha: string } {
  if (mr.frozenDiff) return mr.frozenDiff;
  const repo = record.repo;
  const target = repo.branches.get(mr.targetBranch) ?? mr.sha;
  const head = repo.branches.get(mr.sourceBranch) ?? mr.sha;
  const base = repo.mergeBase(target, head)?.id ?? target;
  return { baseSha: base, startSha: target, headSha: head };
}
