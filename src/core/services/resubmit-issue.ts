// Sends a rejected issue back for approval: a new round of the same steps.
import { conflict, forbidden, notFound } from '../errors.ts';
import type { IssueDetail } from '../model/issue.ts';
import type { DomainEvent } from '../ports/events.ts';
import type { ServiceContext } from './context.ts';

/** Reopens a rejected issue for a new approval round; only its creator may. */
export async function resubmitIssue({
  ctx,
  input,
}: {
  ctx: ServiceContext;
  input: { issueId: number };
}): Promise<IssueDetail> {
  const { updated, events } = await ctx.store.transaction(async (tx) => {
    await tx.rollout.lockIssue(input.issueId);
    const detail = await tx.issues.detail(input.issueId);
    if (!detail) throw notFound(`issue ${input.issueId} not found`);
    if (detail.issue.creatorId !== ctx.actor.id) throw forbidden('only the creator can resubmit an issue');
    const round = Math.max(0, ...detail.approvals.map((a) => a.round));
    const roles = detail.approvals.filter((a) => a.round === round).map((a) => a.role);
    if (
      !(await tx.issues.transition(input.issueId, ['rejected'], 'pending_approval', { rejectReason: null }))
    ) {
      throw conflict(
        `issue ${input.issueId} is ${detail.issue.status.replace('_', ' ')}; only a rejected issue can be resubmitted`,
        { status: detail.issue.status },
      );
    }
    await tx.approvals.openRound(input.issueId, round + 1, roles);
    await tx.issues.addEvent(input.issueId, 'resubmitted', { by: ctx.actor.id, round: round + 1 });
    await tx.audit.append({
      actorId: ctx.actor.id,
      action: 'issue.resubmit',
      resourceType: 'issue',
      resourceId: String(input.issueId),
      details: { round: round + 1 },
      requestId: ctx.requestId,
    });
    const updated = (await tx.issues.detail(input.issueId))!;
    const first = updated.approvals.find((a) => a.round === round + 1);
    const events: DomainEvent[] = first
      ? [
          {
            type: 'approval.requested',
            issueId: input.issueId,
            round: round + 1,
            step: first.step,
            role: first.role,
          },
        ]
      : [];
    await tx.outbox.add(events);
    return { updated, events };
  });
  for (const e of events) ctx.events?.publish(e);
  return updated;
}
