// Approves the step of an issue the approver saw (compare-and-set); the last step approves it for rollout.
import { z } from 'zod';
import { preconditionFailed } from '../errors.ts';
import type { DecisionChannel, IssueDetail } from '../model/issue.ts';
import type { DomainEvent } from '../ports/events.ts';
import { isWorkspaceAdmin } from './access.ts';
import { currentStepFor, type ExpectedStep, lostRace, stepNumber } from './approval-step.ts';
import type { ServiceContext } from './context.ts';

/** The step a decision names: the round and the step number as people count them (from 1). */
export const decisionTarget = {
  round: z.number().int().min(1).max(1_000_000).optional(),
  step: z.number().int().min(1).max(100).optional(),
};

/** A decision names its step completely or not at all. */
export const namesWholeStep: [
  (v: { round?: number | undefined; step?: number | undefined }) => boolean,
  { message: string; path: string[] },
] = [
  (v) => (v.round === undefined) === (v.step === undefined),
  { message: 'give both round and step, or neither', path: ['step'] },
];

export const approveInput = z
  .strictObject({
    comment: z.string().max(2000).optional(),
    /** Required when the review found errors: a DBA accepts them with a reason. */
    overrideReason: z.string().trim().min(1).max(2000).optional(),
    ...decisionTarget,
  })
  .refine(...namesWholeStep);

/** The expected step from a body's 1-based `step` and its `round`, if given. */
export const expectedFrom = (body: { round?: number | undefined; step?: number | undefined }) =>
  body.round !== undefined && body.step !== undefined
    ? { round: body.round, step: body.step - 1 }
    : undefined;

/** Records the approval and returns the issue as it now is. */
export async function approveIssue({
  ctx,
  input,
}: {
  ctx: ServiceContext;
  input: {
    issueId: number;
    channel: DecisionChannel;
    body?: z.input<typeof approveInput>;
    /** The step the approver saw (a chat button's step); wins over the body's round/step. */
    expected?: ExpectedStep;
  };
}): Promise<IssueDetail> {
  const body = approveInput.parse(input.body ?? {});
  const expected = input.expected ?? expectedFrom(body);
  const { updated, events } = await ctx.store.transaction(async (tx) => {
    // The issue row is locked first, by every use case that changes an issue, so decisions queue up instead of
    // deadlocking; what is checked below is then exactly what the decision acts on.
    await tx.rollout.lockIssue(input.issueId);
    const { detail, step, round } = await currentStepFor(ctx, input.issueId, expected, tx);
    const inRound = detail.approvals.filter((a) => a.round === round);
    // Review errors are accepted once per round, by a DBA with a reason; later steps build on that decision.
    const errors = detail.issue.review?.errorCount ?? 0;
    const needsOverride = errors > 0 && !inRound.some((a) => a.overrideReason);
    if (needsOverride) {
      if (step.role !== 'dba' || !isWorkspaceAdmin(ctx.actor)) {
        throw preconditionFailed(
          `the review found ${errors} error(s); only a DBA can approve it, with an override reason`,
          { reviewErrors: errors },
        );
      }
      if (!body.overrideReason) {
        throw preconditionFailed(
          `the review found ${errors} error(s); approve with an override reason to accept them`,
          { reviewErrors: errors },
        );
      }
    }
    const final = inRound.every((a) => a.step === step.step || a.status === 'approved');
    const decided = await tx.approvals.decide({
      issueId: input.issueId,
      round,
      step: step.step,
      status: 'approved',
      decidedBy: ctx.actor.id,
      reason: body.comment ?? null,
      channel: input.channel,
      overrideReason: needsOverride ? (body.overrideReason ?? null) : null,
    });
    if (!decided) throw await lostRace({ ...ctx, store: tx }, input.issueId, round, step.step);
    if (
      final &&
      !(await tx.issues.transition(input.issueId, ['pending_approval'], 'approved', {
        approvedAt: new Date(ctx.clock.now()),
      }))
    )
      throw await lostRace({ ...ctx, store: tx }, input.issueId, round, step.step);
    await tx.issues.addEvent(input.issueId, 'approved', {
      by: ctx.actor.id,
      step: step.step,
      round,
      channel: input.channel,
      final,
    });
    await tx.audit.append({
      actorId: ctx.actor.id,
      action: 'issue.approve',
      resourceType: 'issue',
      resourceId: String(input.issueId),
      details: {
        round,
        step: stepNumber(step.step),
        role: step.role,
        channel: input.channel,
        final,
        overrideReason: needsOverride ? body.overrideReason : undefined,
      },
      requestId: ctx.requestId,
    });
    const updated = (await tx.issues.detail(input.issueId))!;
    const events: DomainEvent[] = [
      {
        type: 'issue.approved',
        issueId: input.issueId,
        round,
        step: step.step,
        by: ctx.actor.id,
        channel: input.channel,
        final,
      },
    ];
    const next = updated.approvals.find((a) => a.round === round && a.status === 'pending');
    if (!final && next)
      events.push({
        type: 'approval.requested',
        issueId: input.issueId,
        round,
        step: next.step,
        role: next.role,
      });
    await tx.outbox.add(events);
    return { updated, events };
  });
  for (const e of events) ctx.events?.publish(e);
  return updated;
}
