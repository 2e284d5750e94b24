// Finds the approval step an issue waits on and checks that the actor may decide it.
import { conflict, forbidden, notFound } from '../errors.ts';
import type { Approval, IssueDetail } from '../model/issue.ts';
import type { Principal, Project, ProjectMember } from '../model/workspace.ts';
import type { Store } from '../ports/store.ts';
import { holdsRole, roleLabel } from '../rollout/approval-policy.ts';
import type { ServiceContext } from './context.ts';

export interface StepContext {
  detail: IssueDetail;
  project: Project;
  members: ProjectMember[];
  step: Approval;
  round: number;
}

/** The step a decision was made for, as the person saw it (a card's button, the API body). */
export interface ExpectedStep {
  round: number;
  /** 0-based, as stored. */
  step: number;
}

/** People count steps from 1, in chat, in messages and in the API. */
export const stepNumber = (step: number) => step + 1;

/** Describes who decided a step, for "already decided" answers. */
async function decidedBy(store: Store, approval: Approval | undefined): Promise<Record<string, unknown>> {
  if (!approval?.decidedBy) return approval ? { decision: approval.status } : {};
  const who = await store.principals.get(approval.decidedBy);
  return {
    decidedBy: who ? { id: who.id, name: who.name, email: who.email } : null,
    decidedAt: approval.decidedAt?.toISOString(),
    decision: approval.status,
  };
}

/**
 * Loads the issue and its current step through `store` and authorises the actor for it; throws precise errors
 * otherwise. When `expected` is given, the step waiting now must be exactly that one: a decision made on a
 * stale card never decides a later step. Called inside the deciding transaction after the issue row is
 * locked, so what is checked here is what the decision acts on.
 */
export async function currentStepFor(
  ctx: ServiceContext,
  issueId: number,
  expected?: ExpectedStep,
  store: Store = ctx.store,
): Promise<StepContext> {
  const detail = await store.issues.detail(issueId);
  if (!detail) throw notFound(`issue ${issueId} not found`);
  const project = (await store.projects.get(detail.issue.projectId))!;
  const members = await store.projects.listMembers(project.id);
  const round = Math.max(0, ...detail.approvals.map((a) => a.round));
  const inRound = detail.approvals.filter((a) => a.round === round);
  const step = inRound.find((a) => a.status === 'pending');
  if (expected && (expected.round !== round || expected.step !== step?.step)) {
    const seen = detail.approvals.find((a) => a.round === expected.round && a.step === expected.step);
    if (!seen)
      throw notFound(
        `issue ${issueId} has no step ${stepNumber(expected.step)} in approval round ${expected.round}`,
      );
    const what = seen.status === 'pending' ? 'no longer waiting' : `already ${seen.status}`;
    throw conflict(
      `step ${stepNumber(expected.step)} of issue ${issueId} (round ${expected.round}) is ${what}; nothing was decided`,
      { status: detail.issue.status, ...(await decidedBy(store, seen)) },
    );
  }
  if (detail.issue.status !== 'pending_approval' || !step) {
    const last = [...inRound].reverse().find((a) => a.decidedBy !== null);
    throw conflict(
      `issue ${issueId} is ${detail.issue.status.replace('_', ' ')}; there is nothing to decide`,
      { status: detail.issue.status, ...(await decidedBy(store, last)) },
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
      `step ${stepNumber(step.step)} of issue ${detail.issue.id} needs ${roleLabel(step.role)}; you are not one`,
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
  return conflict(
    `step ${stepNumber(stepNo)} of issue ${issueId} was already decided`,
    await decidedBy(ctx.store, step),
  );
}
