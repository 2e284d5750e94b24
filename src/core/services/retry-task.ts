// Puts a failed task back in the queue for another attempt.
import { conflict } from '../errors.ts';
import type { IssueDetail } from '../model/issue.ts';
import type { DomainEvent } from '../ports/events.ts';
import type { ServiceContext } from './context.ts';
import { taskForManager } from './task-actions.ts';

/** Retries a failed task; the issue goes back to running. */
export async function retryTask({
  ctx,
  input,
}: {
  ctx: ServiceContext;
  input: { issueId: number; taskId: number };
}): Promise<IssueDetail> {
  const { detail, event } = await ctx.store.transaction(async (tx) => {
    await tx.rollout.lockIssue(input.issueId);
    const { task } = await taskForManager(ctx, input.issueId, input.taskId, tx);
    if (!(await tx.rollout.setTaskStatus(task.id, ['failed'], 'pending', null))) {
      throw conflict(`task ${task.id} is ${task.status}; only a failed task can be retried`, {
        status: task.status,
      });
    }
    await tx.issues.transition(input.issueId, ['failed'], 'running');
    await tx.rollout.refreshStages(input.issueId);
    await tx.issues.addEvent(input.issueId, 'task_retried', { by: ctx.actor.id, taskId: task.id });
    await tx.audit.append({
      actorId: ctx.actor.id,
      action: 'task.retry',
      resourceType: 'task',
      resourceId: String(task.id),
      details: { issueId: input.issueId, attempts: task.attempts },
      requestId: ctx.requestId,
    });
    const event: DomainEvent = { type: 'task.requeued', issueId: input.issueId, taskId: task.id };
    await tx.outbox.add([event]);
    return { detail: (await tx.issues.detail(input.issueId))!, event };
  });
  ctx.events?.publish(event);
  return detail;
}
