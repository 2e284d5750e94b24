// Rejects an issue at its current step with a reason; the creator may resubmit it for a new round.
import { z } from 'zod';
import type { DecisionChannel, IssueDetail } from '../model/issue.ts';
import { currentStepFor, lostRace } from './approval-step.ts';
import type { ServiceContext } from './context.ts';

export const rejectInput = z.strictObject({
  reason: z.string().trim().min(1, 'a reason is required').max(2000),
});

/** Records the rejection and returns the issue as it now is. */
export async function rejectIssue({
  ctx,
  input,
}: {
  ctx: ServiceContext;
  input: { issueId: number; channel: DecisionChannel; body: z.input<typeof rejectInput> };
}): Promise<IssueDetail> {
  const { reason } = rejectInput.parse(input.body);
  const { step, round } = await currentStepFor(ctx, input.issueId);
  const updated = await ctx.store.transaction(async (tx) => {
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
    if (!decided) return null;
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
      details: { round, step: step.step, role: step.role, channel: input.channel, reason },
      requestId: ctx.requestId,
    });
    return (await tx.issues.detail(input.issueId))!;
  });
  if (!updated) throw await lostRace(ctx, input.issueId, round, step.step);
  ctx.events?.publish({
    type: 'issue.rejected',
    issueId: input.issueId,
    by: ctx.actor.id,
    reason,
    channel: input.channel,
  });
  return updated;
}
