// Rejects an issue at the step the approver saw, with a reason; the creator may resubmit it for a new round.
import { z } from 'zod';
import type { DecisionChannel, IssueDetail } from '../model/issue.ts';
import type { DomainEvent } from '../ports/events.ts';
import { currentStepFor, type ExpectedStep, lostRace, stepNumber } from './approval-step.ts';
import { decisionTarget, expectedFrom, namesWholeStep } from './approve-issue.ts';
import type { ServiceContext } from './context.ts';

export const rejectInput = z
  .strictObject({
    reason: z.string().trim().min(1, 'a reason is required').max(2000),
    ...decisionTarget,
  })
  .refine(...namesWholeStep);

/** Records the rejection and returns the issue as it now is. */
export async function rejectIssue({
  ctx,
  input,
}: {
  ctx: ServiceContext;
  input: {
    issueId: number;
    channel: DecisionChannel;
    body: z.input<typeof rejectInput>;
    /** The step the approver saw (a chat button's step); wins over the body's round/step. */
    expected?: ExpectedStep;
  };
}): Promise<IssueDetail> {
  const body = rejectInput.parse(input.body);
  const { reason } = body;
  const expected = input.expected ?? expectedFrom(body);
  const { updated, event } = await ctx.store.transaction(async (tx) => {
    await tx.rollout.lockIssue(input.issueId);
    const { step, round } = await currentStepFor(ctx, input.issueId, expected, tx);
    const decided = await tx.approvals.decide({
      issueId: input.issueId,
      round,
      step: step.step,
      status: 'rejected',
      decidedBy: ctx.actor.id,
      reason,
      channel: input.channel,
      overrideReason: null,
    });
    if (!decided) throw await lostRace({ ...ctx, store: tx }, input.issueId, round, step.step);
    await tx.approvals.supersedePending(input.issueId, round);
    await tx.issues.transition(input.issueId, ['pending_approval'], 'rejected', { rejectReason: reason });
    await tx.issues.addEvent(input.issueId, 'rejected', {
      by: ctx.actor.id,
      step: step.step,
      round,
      reason,
      channel: input.channel,
    });
    await tx.audit.append({
      actorId: ctx.actor.id,
      action: 'issue.reject',
      resourceType: 'issue',
      resourceId: String(input.issueId),
      details: { round, step: stepNumber(step.step), role: step.role, channel: input.channel, reason },
      requestId: ctx.requestId,
    });
    const event: DomainEvent = {
      type: 'issue.rejected',
      issueId: input.issueId,
      by: ctx.actor.id,
      reason,
      channel: input.channel,
    };
    await tx.outbox.add([event]);
    return { updated: (await tx.issues.detail(input.issueId))!, event };
  });
  ctx.events?.publish(event);
  return updated;
}
