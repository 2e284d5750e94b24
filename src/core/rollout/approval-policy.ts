// Approval rules: which roles must approve, in order, by the change's risk and whether it reaches production.
import type { ApproverRole, RiskLevel } from '../model/issue.ts';
import type { Principal, ProjectMember } from '../model/workspace.ts';

/**
 * The ordered approval steps. Production is any environment reviewed with the prod template.
 * - prod, high risk: a DBA, then the project owner (four eyes on the destructive changes).
 * - prod, otherwise: a DBA.
 * - non-prod, high risk: a DBA.
 * - non-prod, otherwise: the project owner, so a DBA is not asked about test-only changes.
 */
export function approvalSteps(risk: RiskLevel, reachesProduction: boolean): ApproverRole[] {
  if (reachesProduction) return risk === 'high' ? ['dba', 'project_owner'] : ['dba'];
  return risk === 'high' ? ['dba'] : ['project_owner'];
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
