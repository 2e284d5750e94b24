// Skips a pending or failed task with a reason, so the rollout can go on without it.
import { z } from 'zod';
import { conflict } from '../errors.ts';
import type { IssueDetail } from '../model/issue.ts';
import type { DomainEvent } from '../ports/events.ts';
import { settleIssue } from '../rollout/progress.ts';
import type { ServiceContext } from './context.ts';
import { taskForManager } from './task-actions.ts';

export const skipInput = z.strictObject({
  reason: z.string().trim().min(1, 'a reason is required').max(2000),
});

/** Skips the task; the stage may then finish and the next one start. */
export async function skipTask({
  ctx,
  input,
}: {
  ctx: ServiceContext;
  input: { issueId: number; taskId: number; body: z.input<typeof skipInput> };
}): Promise<IssueDetail> {
  const { reason } = skipInput.parse(input.body);
  const { detail, events } = await ctx.store.transaction(async (tx) => {
    await tx.rollout.lockIssue(input.issueId);
    const { task } = await taskForManager(ctx, input.issueId, input.taskId, tx);
    const before = (await tx.issues.detail(input.issueId))!.stages;
    if (
      !(await tx.rollout.setTaskStatus(
        task.id,
        ['pending', 'failed'],
        'skipped',
        `skipped by ${ctx.actor.email}: ${reason}`,
      ))
    ) {
      throw conflict(`task ${task.id} is ${task.status}; only a pending or failed task can be skipped`, {
        status: task.status,
      });
    }
    await tx.issues.transition(input.issueId, ['failed'], 'running');
    await tx.issues.addEvent(input.issueId, 'task_skipped', { by: ctx.actor.id, taskId: task.id, reason });
    await tx.audit.append({
      actorId: ctx.actor.id,
      action: 'task.skip',
      resourceType: 'task',
      resourceId: String(task.id),
      details: { issueId: input.issueId, reason },
      requestId: ctx.requestId,
    });
    const events: DomainEvent[] = [
      {
        type: 'task.finished',
        issueId: input.issueId,
        taskId: task.id,
        runId: null,
        status: 'skipped',
        reason,
      },
      ...(await settleIssue(tx, input.issueId, before)),
      { type: 'task.requeued', issueId: input.issueId, taskId: task.id },
    ];
    await tx.outbox.add(events);
    return { detail: (await tx.issues.detail(input.issueId))!, events };
  });
  for (const e of events) ctx.events?.publish(e);
  return detail;
}
