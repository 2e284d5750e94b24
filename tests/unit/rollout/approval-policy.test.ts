// The approval policy never produces a flow nobody may decide: checked exhaustively over small workspaces.
import { describe, expect, it } from 'vitest';
import type { ApproverRole, RiskLevel } from '../../../src/core/model/issue.ts';
import type {
  Principal,
  ProjectMember,
  ProjectRole,
  WorkspaceRole,
} from '../../../src/core/model/workspace.ts';
import { approvalSteps, holdsRole, planApproval } from '../../../src/core/rollout/approval-policy.ts';

const person = (id: number, workspaceRole: WorkspaceRole): Principal =>
  ({
    id,
    kind: 'user',
    email: `p${id}@example.com`,
    name: `P${id}`,
    workspaceRole,
    active: true,
    source: 'api',
  }) as Principal;

/**
 * Decides the steps one by one the way the approve use case allows: the decider holds the step's role, is
 * not the author unless self-approval is on, has not decided an earlier step of the round, and the first
 * step of a change with review errors is decided by a DBA (who accepts the errors).
 */
function someoneCanDecideAll(
  steps: ApproverRole[],
  principals: Principal[],
  members: ProjectMember[],
  creatorId: number,
  allowSelf: boolean,
  reviewErrors: number,
): boolean {
  const go = (i: number, used: number[]): boolean => {
    if (i === steps.length) return true;
    const role = steps[i]!;
    if (reviewErrors > 0 && i === 0 && role !== 'dba') return false;
    return principals.some(
      (p) =>
        holdsRole(p, role, members) &&
        (p.id !== creatorId || allowSelf) &&
        !used.includes(p.id) &&
        (reviewErrors === 0 || i > 0 || p.workspaceRole === 'dba' || p.workspaceRole === 'owner') &&
        go(i + 1, [...used, p.id]),
    );
  };
  return go(0, []);
}

const WORKSPACE_ROLES: WorkspaceRole[] = ['owner', 'dba', 'developer'];
const PROJECT_ROLES: (ProjectRole | null)[] = [null, 'developer', 'owner'];
const RISKS: RiskLevel[] = ['low', 'moderate', 'high'];

describe('approval policy', () => {
  it('keeps the documented steps where people can take them', () => {
    expect(approvalSteps('high', true)).toEqual(['dba', 'project_owner']);
    expect(approvalSteps('low', true)).toEqual(['dba']);
    expect(approvalSteps('high', false)).toEqual(['dba']);
    expect(approvalSteps('low', false)).toEqual(['project_owner']);
    // Accepting review errors takes a DBA, so a test-only change with errors starts with a DBA step.
    expect(approvalSteps('low', false, 2)).toEqual(['dba']);
  });

  it('gives every issue a path to approval, or refuses it only when no such path exists', () => {
    let cases = 0;
    let refused = 0;
    // Every workspace of three people: each one's workspace role and project role, every author (one of them
    // or someone outside), self-approval on and off, every risk, with and without production and errors.
    for (const r0 of WORKSPACE_ROLES)
      for (const r1 of WORKSPACE_ROLES)
        for (const r2 of WORKSPACE_ROLES)
          for (const m0 of PROJECT_ROLES)
            for (const m1 of PROJECT_ROLES)
              for (const m2 of PROJECT_ROLES) {
                const principals = [person(1, r0), person(2, r1), person(3, r2)];
                const members: ProjectMember[] = [m0, m1, m2].flatMap((role, i) =>
                  role ? [{ projectId: 1, principalId: i + 1, role } as ProjectMember] : [],
                );
                for (const creatorId of [1, 2, 3, 99])
                  for (const allowSelfApproval of [false, true])
                    for (const risk of RISKS)
                      for (const prod of [false, true])
                        for (const errors of [0, 1]) {
                          cases++;
                          const people = { principals, members, creatorId, allowSelfApproval };
                          const plan = planApproval(risk, prod, errors, people);
                          const args = [principals, members, creatorId, allowSelfApproval, errors] as const;
                          const where = JSON.stringify({
                            r: [r0, r1, r2],
                            m: [m0, m1, m2],
                            creatorId,
                            allowSelfApproval,
                            risk,
                            prod,
                            errors,
                          });
                          if ('steps' in plan) {
                            expect(someoneCanDecideAll(plan.steps, ...args), where).toBe(true);
                            // Never fewer eyes than the rules ask for.
                            expect(plan.steps.length, where).toBe(approvalSteps(risk, prod, errors).length);
                          } else {
                            refused++;
                            // Refused only when no flow as strict as the rules could be decided: each step
                            // taken by its role or by a DBA, never by someone with less authority.
                            const base = approvalSteps(risk, prod, errors);
                            const flows: ApproverRole[][] = base.reduce<ApproverRole[][]>(
                              (acc, role) =>
                                acc.flatMap((f) =>
                                  role === 'dba'
                                    ? [[...f, 'dba']]
                                    : [
                                        [...f, role],
                                        [...f, 'dba'],
                                      ],
                                ),
                              [[]],
                            );
                            for (const flow of flows)
                              expect(someoneCanDecideAll(flow, ...args), where).toBe(false);
                          }
                        }
              }
    expect(cases).toBe(27 * 27 * 4 * 2 * 3 * 2 * 2);
    expect(refused).toBeGreaterThan(0);
  });
});
