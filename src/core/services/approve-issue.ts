// Approves the current step of an issue (compare-and-set); the last step approves the issue for rollout.
import { z } from 'zod';
import { preconditionFailed } from '../errors.ts';
import type { DecisionChannel, IssueDetail } from '../model/issue.ts';
import type { DomainEvent } from '../ports/events.ts';
import { isWorkspaceAdmin } from './access.ts';
import { currentStepFor, lostRace } from './approval-step.ts';
import type { ServiceContext } from './context.ts';

export const approveInput = z.strictObject({
  comment: z.string().max(2000).optional(),
  /** Required when the review found errors: a DBA accepts them with a reason. */
  overrideReason: z.string().trim().min(1).max(2000).optional(),
});

/** Records the approval and returns the issue as it now is. */
export async function approveIssue({
  ctx,
  input,
}: {
  ctx: ServiceContext;
  input: { issueId: number; channel: DecisionChannel; body?: z.input<typeof approveInput> };
}): Promise<IssueDetail> {
  const body = approveInput.parse(input.body ?? {});
  const { detail, step, round } = await currentStepFor(ctx, input.issueId);
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
  const updated = await ctx.store.transaction(async (tx) => {
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
    if (!decided) return null;
    if (final && !(await tx.issues.transition(input.issueId, ['pending_approval'], 'approved'))) return null;
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
        step: step.step,
        role: step.role,
        channel: input.channel,
        final,
        overrideReason: needsOverride ? body.overrideReason : undefined,
      },
      requestId: ctx.requestId,
    });
    return (await tx.issues.detail(input.issueId))!;
  });
  if (!updated) throw await lostRace(ctx, input.issueId, round, step.step);
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
  for (const e of events) ctx.events?.publish(e);
  return updated;
}
