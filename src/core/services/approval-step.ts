// Finds the approval step an issue waits on and checks that the actor may decide it.
import { conflict, forbidden, notFound } from '../errors.ts';
import type { Approval, IssueDetail } from '../model/issue.ts';
import type { Principal, Project, ProjectMember } from '../model/workspace.ts';
import { holdsRole, roleLabel } from '../rollout/approval-policy.ts';
import type { ServiceContext } from './context.ts';

export interface StepContext {
  detail: IssueDetail;
  project: Project;
  members: ProjectMember[];
  step: Approval;
  round: number;
}

/** Describes who decided a step, for "already decided" answers. */
async function decidedBy(
  ctx: ServiceContext,
  approval: Approval | undefined,
): Promise<Record<string, unknown>> {
  if (!approval?.decidedBy) return {};
  const who = await ctx.store.principals.get(approval.decidedBy);
  return {
    decidedBy: who ? { id: who.id, name: who.name, email: who.email } : null,
    decidedAt: approval.decidedAt?.toISOString(),
    decision: approval.status,
  };
}

/** Loads the issue and its current step, and authorises the actor for it; throws precise errors otherwise. */
export async function currentStepFor(ctx: ServiceContext, issueId: number): Promise<StepContext> {
  const detail = await ctx.store.issues.detail(issueId);
  if (!detail) throw notFound(`issue ${issueId} not found`);
  const project = (await ctx.store.projects.get(detail.issue.projectId))!;
  const members = await ctx.store.projects.listMembers(project.id);
  const round = Math.max(0, ...detail.approvals.map((a) => a.round));
  const inRound = detail.approvals.filter((a) => a.round === round);
  const step = inRound.find((a) => a.status === 'pending');
  if (detail.issue.status !== 'pending_approval' || !step) {
    const last = [...inRound].reverse().find((a) => a.decidedBy !== null);
    throw conflict(
      `issue ${issueId} is ${detail.issue.status.replace('_', ' ')}; there is nothing to decide`,
      {
        status: detail.issue.status,
        ...(await decidedBy(ctx, last)),
      },
    );
  }
  assertMayDecide(ctx.actor, detail, project, members, step, inRound);
  return { detail, project, members, step, round };
}

function assertMayDecide(
  actor: Principal,
  detail: IssueDetail,
  project: Project,
  members: ProjectMember[],
  step: Approval,
  inRound: Approval[],
) {
  if (!holdsRole(actor, step.role, members)) {
    throw forbidden(
      `step ${step.step + 1} of issue ${detail.issue.id} needs ${roleLabel(step.role)}; you are not one`,
    );
  }
  if (actor.id === detail.issue.creatorId && !project.allowSelfApproval) {
    throw forbidden('you created this issue; self-approval is off for this project');
  }
  if (inRound.some((a) => a.decidedBy === actor.id)) {
    throw forbidden(
      'you already approved an earlier step of this issue; another person must decide this one',
    );
  }
}

/** The "already decided" conflict after losing a compare-and-set race. */
export async function lostRace(ctx: ServiceContext, issueId: number, round: number, stepNo: number) {
  const approvals = await ctx.store.approvals.list(issueId);
  const step = approvals.find((a) => a.round === round && a.step === stepNo);
  return conflict(`step ${stepNo + 1} of issue ${issueId} was already decided`, await decidedBy(ctx, step));
}
