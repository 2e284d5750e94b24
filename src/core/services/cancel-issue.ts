// Cancels an issue: pending work never starts; a task already running is asked to stop.
import { conflict, forbidden, notFound } from '../errors.ts';
import type { IssueDetail } from '../model/issue.ts';
import type { DomainEvent } from '../ports/events.ts';
import { canManageRollout } from './access.ts';
import type { ServiceContext } from './context.ts';

const CANCELABLE = ['pending_approval', 'rejected', 'approved', 'running', 'failed'] as const;

/** Cancels the issue; the creator, DBAs and project owners may. */
export async function cancelIssue({
  ctx,
  input,
}: {
  ctx: ServiceContext;
  input: { issueId: number };
}): Promise<IssueDetail> {
  const { detail, event } = await ctx.store.transaction(async (tx) => {
    // Issue row first, as every use case that changes an issue does: no lock-order deadlock with a decision.
    await tx.rollout.lockIssue(input.issueId);
    const issue = await tx.issues.get(input.issueId);
    if (!issue) throw notFound(`issue ${input.issueId} not found`);
    const members = await tx.projects.listMembers(issue.projectId);
    if (issue.creatorId !== ctx.actor.id && !canManageRollout(ctx.actor, members)) {
      throw forbidden('only the creator, a DBA or a project owner can cancel this issue');
    }
    if (!(await tx.issues.transition(input.issueId, [...CANCELABLE], 'canceled')))
      throw conflict(`issue ${input.issueId} is ${issue.status.replace('_', ' ')}; it cannot be canceled`, {
        status: issue.status,
      });
    const current = (await tx.issues.detail(input.issueId))!;
    for (const t of current.tasks)
      if (t.status === 'pending')
        await tx.rollout.setTaskStatus(t.id, ['pending'], 'canceled', 'issue canceled');
    const round = Math.max(0, ...current.approvals.map((a) => a.round));
    await tx.approvals.supersedePending(input.issueId, round);
    await tx.rollout.refreshStages(input.issueId);
    await tx.issues.addEvent(input.issueId, 'canceled', { by: ctx.actor.id });
    await tx.audit.append({
      actorId: ctx.actor.id,
      action: 'issue.cancel',
      resourceType: 'issue',
      resourceId: String(input.issueId),
      details: { from: issue.status },
      requestId: ctx.requestId,
    });
    const event: DomainEvent = { type: 'issue.canceled', issueId: input.issueId, by: ctx.actor.id };
    await tx.outbox.add([event]);
    return { detail: (await tx.issues.detail(input.issueId))!, event };
  });
  ctx.events?.publish(event);
  return detail;
}
