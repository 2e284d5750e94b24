// Approval rules: which roles must approve, in order, by the change's risk and whether it reaches production.
import type { ApproverRole, RiskLevel } from '../model/issue.ts';
import type { Principal, ProjectMember } from '../model/workspace.ts';

/**
 * The ordered approval steps. Production is any environment reviewed with the prod template.
 * - prod, high risk: a DBA, then the project owner (four eyes on the destructive changes).
 * - prod, otherwise: a DBA.
 * - non-prod, high risk: a DBA.
 * - non-prod, otherwise: the project owner, so a DBA is not asked about test-only changes, unless the review
 *   found errors: accepting those takes a DBA, so the first step is then a DBA's.
 */
export function approvalSteps(risk: RiskLevel, reachesProduction: boolean, reviewErrors = 0): ApproverRole[] {
  if (reachesProduction) return risk === 'high' ? ['dba', 'project_owner'] : ['dba'];
  return risk === 'high' || reviewErrors > 0 ? ['dba'] : ['project_owner'];
}

/** Who could decide an issue's steps: the workspace's principals, the project's members and the creator. */
export interface ApprovalPeople {
  principals: Principal[];
  members: ProjectMember[];
  creatorId: number;
  allowSelfApproval: boolean;
}

/** Who may decide a step of this role on this issue (the creator only when self-approval is on). */
export function eligibleFor(role: ApproverRole, people: ApprovalPeople): Principal[] {
  return people.principals.filter(
    (p) => holdsRole(p, role, people.members) && (p.id !== people.creatorId || people.allowSelfApproval),
  );
}

/** Whether distinct people can decide the steps in order (one person decides at most one step of a round). */
export function assignable(steps: ApproverRole[], people: ApprovalPeople): boolean {
  const pick = (i: number, used: Set<number>): boolean => {
    if (i === steps.length) return true;
    return eligibleFor(steps[i]!, people).some(
      (p) => !used.has(p.id) && pick(i + 1, new Set([...used, p.id])),
    );
  };
  return pick(0, new Set());
}

export type ApprovalPlan = { steps: ApproverRole[] } | { problem: string };

/**
 * The approval steps an issue gets, such that someone can always decide them: a project-owner step that no
 * eligible project owner can take goes to a DBA instead (a DBA may decide anything a project owner may).
 * When not even that can be decided, the issue must not be created: `problem` says who is missing.
 */
export function planApproval(
  risk: RiskLevel,
  reachesProduction: boolean,
  reviewErrors: number,
  people: ApprovalPeople,
): ApprovalPlan {
  const base = approvalSteps(risk, reachesProduction, reviewErrors);
  if (assignable(base, people)) return { steps: base };
  const escalated = base.map((): ApproverRole => 'dba');
  if (assignable(escalated, people)) return { steps: escalated };
  const who =
    base.length > 1 ? `${base.length} different people who are DBAs or project owners` : roleLabel('dba');
  return {
    problem: `nobody could approve this change: it needs ${who}${
      people.allowSelfApproval ? '' : ' other than its author'
    }, and the workspace has no such users; ask a workspace owner to add a DBA or a project owner`,
  };
}

/** Whether a principal holds a step's role: DBAs and workspace owners for `dba`; project owners (and workspace owners) for `project_owner`. */
export function holdsRole(principal: Principal, role: ApproverRole, members: ProjectMember[]): boolean {
  if (principal.kind !== 'user' || !principal.active) return false;
  if (principal.workspaceRole === 'owner') return true;
  if (role === 'dba') return principal.workspaceRole === 'dba';
  return members.some((m) => m.principalId === principal.id && m.role === 'owner');
}

/** A human label of a role, for messages and cards. */
export const roleLabel = (role: ApproverRole) => (role === 'dba' ? 'a DBA' : 'a project owner');

const RISK_ORDER: Record<RiskLevel, number> = { low: 0, moderate: 1, high: 2 };

/** The higher of two risks. */
export const maxRisk = (a: RiskLevel, b: RiskLevel): RiskLevel => (RISK_ORDER[a] >= RISK_ORDER[b] ? a : b);
