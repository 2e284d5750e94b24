// Reads what cards and progress messages show from the store, so the message builders stay pure.
import { buildApprovalCard, issueUrl } from '../messages/approval-card.ts';
import type { ProgressInput } from '../messages/progress.ts';
import type { ApprovalCard } from '../messages/types.ts';
import type { IssueDetail } from '../model/issue.ts';
import type { Principal, Project, ProjectMember } from '../model/workspace.ts';
import type { Store } from '../ports/store.ts';
import { holdsRole } from '../rollout/approval-policy.ts';

export interface IssueFacts {
  detail: IssueDetail;
  project: Project;
  members: ProjectMember[];
  principals: Principal[];
  environmentKeys: Map<number, string>;
  databaseNames: Map<number, string>;
}

/** Loads an issue with the names its messages mention; null when it does not exist. */
export async function loadIssueFacts(store: Store, issueId: number): Promise<IssueFacts | null> {
  const detail = await store.issues.detail(issueId);
  if (!detail) return null;
  const [project, members, principals, envs, databases] = await Promise.all([
    store.projects.get(detail.issue.projectId),
    store.projects.listMembers(detail.issue.projectId),
    store.principals.list(),
    store.environments.list(),
    store.databases.list({ projectId: detail.issue.projectId }),
  ]);
  if (!project) return null;
  return {
    detail,
    project,
    members,
    principals,
    environmentKeys: new Map(envs.map((e) => [e.id, e.key])),
    databaseNames: new Map(databases.map((d) => [d.id, d.name])),
  };
}

/** People who may decide the pending step: they hold its role, and the creator only with self-approval on. */
export function approversOf(facts: IssueFacts): Principal[] {
  const { detail, project, members, principals } = facts;
  const round = Math.max(0, ...detail.approvals.map((a) => a.round));
  const inRound = detail.approvals.filter((a) => a.round === round);
  const step = inRound.find((a) => a.status === 'pending');
  if (detail.issue.status !== 'pending_approval' || !step) return [];
  return principals.filter(
    (p) =>
      holdsRole(p, step.role, members) &&
      (p.id !== detail.issue.creatorId || project.allowSelfApproval) &&
      !inRound.some((a) => a.decidedBy === p.id),
  );
}

/** The approval card of an issue as it is now. */
export function cardOf(facts: IssueFacts, publicUrl: string): ApprovalCard {
  return buildApprovalCard({
    detail: facts.detail,
    project: facts.project.key,
    publicUrl,
    names: new Map(facts.principals.map((p) => [p.id, p.name])),
    environmentKeys: facts.environmentKeys,
    databaseNames: facts.databaseNames,
    approvers: approversOf(facts).map((p) => p.name),
  });
}

/** What the progress builders need, with the runs read fresh. */
export async function progressOf(store: Store, facts: IssueFacts, publicUrl: string): Promise<ProgressInput> {
  return {
    detail: facts.detail,
    environmentKeys: facts.environmentKeys,
    databaseNames: facts.databaseNames,
    runs: await store.rollout.runsOfIssue(facts.detail.issue.id),
    url: issueUrl(publicUrl, facts.detail.issue.id),
  };
}
