// Issues whose waiting approval step nobody can decide any more: what a change to people must warn about.

import type { Store } from '../ports/store.ts';
import { holdsRole } from '../rollout/approval-policy.ts';
import { stepNumber } from './approval-step.ts';

export interface StrandedIssue {
  issueId: number;
  title: string;
  project: string;
  /** 1-based, as people count steps. */
  step: number;
  role: 'dba' | 'project_owner';
}

/** How many waiting issues are looked at; a workspace with more learns of the first ones. */
const SCAN_LIMIT = 1000;

/**
 * Waiting issues whose current step no active user may decide: nobody holds its role, or only the author
 * (without self-approval) or people who already decided a step of the round. Read in the caller's
 * transaction, after the change, so the answer reflects it.
 */
export async function strandedIssues(store: Store): Promise<StrandedIssue[]> {
  const [waiting, people, projects] = await Promise.all([
    store.issues.list({ status: ['pending_approval'], limit: SCAN_LIMIT }),
    store.principals.list(),
    store.projects.list(),
  ]);
  const members = new Map<number, Awaited<ReturnType<Store['projects']['listMembers']>>>();
  const stranded: StrandedIssue[] = [];
  for (const issue of waiting) {
    const approvals = await store.approvals.list(issue.id);
    const round = Math.max(0, ...approvals.map((a) => a.round));
    const inRound = approvals.filter((a) => a.round === round);
    const step = inRound.find((a) => a.status === 'pending');
    if (!step) continue;
    const project = projects.find((p) => p.id === issue.projectId);
    if (!members.has(issue.projectId))
      members.set(issue.projectId, await store.projects.listMembers(issue.projectId));
    const someone = people.some(
      (p) =>
        holdsRole(p, step.role, members.get(issue.projectId)!) &&
        (p.id !== issue.creatorId || project?.allowSelfApproval === true) &&
        !inRound.some((a) => a.decidedBy === p.id),
    );
    if (!someone)
      stranded.push({
        issueId: issue.id,
        title: issue.title,
        project: project?.key ?? '?',
        step: stepNumber(step.step),
        role: step.role,
      });
  }
  return stranded;
}
