// Loads a task of an issue and checks the actor may act on the issue's rollout, and that the rollout is on.
import { conflict, forbidden, notFound } from '../errors.ts';
import type { Issue, IssueStatus, Task } from '../model/issue.ts';
import type { Store } from '../ports/store.ts';
import { canManageRollout } from './access.ts';
import type { ServiceContext } from './context.ts';

/** Task actions follow the pipeline: nothing is retried or skipped before the issue was approved. */
const ROLLING_OUT: IssueStatus[] = ['approved', 'running', 'failed'];

/**
 * The issue and task, after checking the task belongs to it, the actor manages the project's rollout and the
 * issue is rolling out. Call inside the acting transaction after locking the issue row.
 */
export async function taskForManager(
  ctx: ServiceContext,
  issueId: number,
  taskId: number,
  store: Store = ctx.store,
): Promise<{ issue: Issue; task: Task }> {
  const issue = await store.issues.get(issueId);
  if (!issue) throw notFound(`issue ${issueId} not found`);
  const task = await store.rollout.getTask(taskId);
  if (!task || task.issueId !== issueId) throw notFound(`task ${taskId} is not part of issue ${issueId}`);
  const members = await store.projects.listMembers(issue.projectId);
  if (!canManageRollout(ctx.actor, members))
    throw forbidden('only a DBA or a project owner can retry or skip tasks');
  if (!ROLLING_OUT.includes(issue.status))
    throw conflict(
      `issue ${issueId} is ${issue.status.replace('_', ' ')}; tasks can be retried or skipped only once it is approved and rolling out`,
      { status: issue.status },
    );
  return { issue, task };
}
