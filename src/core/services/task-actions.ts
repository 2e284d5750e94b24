// Loads a task of an issue and checks the actor may act on the issue's rollout.
import { forbidden, notFound } from '../errors.ts';
import type { Issue, Task } from '../model/issue.ts';
import { canManageRollout } from './access.ts';
import type { ServiceContext } from './context.ts';

/** The issue and task, after checking the task belongs to it and the actor manages the project's rollout. */
export async function taskForManager(
  ctx: ServiceContext,
  issueId: number,
  taskId: number,
): Promise<{ issue: Issue; task: Task }> {
  const issue = await ctx.store.issues.get(issueId);
  if (!issue) throw notFound(`issue ${issueId} not found`);
  const task = await ctx.store.rollout.getTask(taskId);
  if (!task || task.issueId !== issueId) throw notFound(`task ${taskId} is not part of issue ${issueId}`);
  const members = await ctx.store.projects.listMembers(issue.projectId);
  if (!canManageRollout(ctx.actor, members))
    throw forbidden('only a DBA or a project owner can retry or skip tasks');
  return { issue, task };
}
