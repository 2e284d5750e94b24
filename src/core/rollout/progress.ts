// After a task changes state: recompute stages, finish the issue when every task ended, and say so in events.
import type { Issue, Stage } from '../model/issue.ts';
import type { DomainEvent } from '../ports/events.ts';
import type { Store } from '../ports/store.ts';

/**
 * Refreshes stage statuses and the issue status from the tasks; returns the events to publish
 * (stage finished, rollout finished). Safe to call repeatedly: status transitions are compare-and-set.
 */
export async function settleIssue(
  store: Store,
  issueId: number,
  stagesBefore?: Stage[],
): Promise<DomainEvent[]> {
  const events: DomainEvent[] = [];
  // Two tasks of one issue finishing at once must not each judge the stage from a view lacking the other's
  // result; inside a transaction this lock makes the second settler wait for the first to commit.
  await store.rollout.lockIssue(issueId);
  const before = stagesBefore ?? (await store.rollout.stages(issueId));
  const stages = await store.rollout.refreshStages(issueId);
  for (const s of stages) {
    const prev = before.find((b) => b.id === s.id);
    if ((s.status === 'done' || s.status === 'failed') && prev?.status !== s.status) {
      events.push({
        type: 'stage.finished',
        issueId,
        stageId: s.id,
        environmentId: s.environmentId,
        status: s.status,
      });
    }
  }
  // The first stage not finished decides (later stages wait on it). Stage statuses are derived from the tasks
  // (done or canceled: every task ended; failed: a failure and nothing left to run), so no task list is read.
  const open = stages.find((s) => s.status !== 'done' && s.status !== 'canceled');
  const running: Issue['status'][] = ['approved', 'running'];
  if (!open) {
    if (await store.issues.transition(issueId, [...running, 'failed'], 'done')) {
      await store.issues.addEvent(issueId, 'rollout_finished', { status: 'done' });
      events.push({ type: 'rollout.finished', issueId, status: 'done' });
    }
  } else if (open.status === 'failed') {
    if (await store.issues.transition(issueId, running, 'failed')) {
      await store.issues.addEvent(issueId, 'rollout_finished', { status: 'failed' });
      events.push({ type: 'rollout.finished', issueId, status: 'failed' });
    }
  }
  return events;
}
