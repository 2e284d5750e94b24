// One task of a stage: target, status, attempts, its SQL with findings, its runs, sessions and task actions.
import { useState } from 'preact/hooks';
import type { ApiClient } from '../../api.ts';
import { ErrorMessage } from '../error-message.tsx';
import { type IssueTask, type IssueView, type ReviewAdvice, statusLabel, statusTone } from './issue-model.ts';
import { findingsSummary, StatementReview } from './statement-review.tsx';
import { TaskRuns } from './task-runs.tsx';
import { TaskSessionsPanel } from './task-sessions-panel.tsx';
import { useAction } from './use-action.ts';

export interface TaskCardProps {
  client: ApiClient;
  issueId: number;
  task: IssueTask;
  environment: string;
  advice: ReviewAdvice[];
  rules: IssueView['rules'];
  /** The viewer manages the rollout and the issue is rolling out: retry and skip are offered. */
  canAct: boolean;
  onChanged: (view: IssueView) => void;
}

export function TaskCard(props: TaskCardProps) {
  const { client, issueId, task, environment, advice, rules, canAct, onChanged } = props;
  const label = `${task.database} on ${task.instance}`;
  const action = useAction();
  const [skipping, setSkipping] = useState(false);
  const [reason, setReason] = useState('');
  const path = { id: issueId, taskId: task.id };
  const retry = () =>
    action.run(async () => {
      onChanged(
        client.unwrap(await client.raw.POST('/issues/{id}/tasks/{taskId}/retry', { params: { path } })),
      );
    });
  const skip = async (event: Event) => {
    event.preventDefault();
    const ok = await action.run(async () => {
      onChanged(
        client.unwrap(
          await client.raw.POST('/issues/{id}/tasks/{taskId}/skip', { params: { path }, body: { reason } }),
        ),
      );
    });
    if (ok) {
      setSkipping(false);
      setReason('');
    }
  };
  const canRetry = canAct && task.status === 'failed';
  const canSkip = canAct && (task.status === 'pending' || task.status === 'failed');
  const titleId = `task-${task.id}-title`;
  return (
    <article class="task" aria-labelledby={titleId}>
      <header class="task-head">
        <h4 id={titleId}>
          {task.database} <span class="muted task-where">on {task.instance}</span>
        </h4>
        <span class={`status status-${statusTone(task.status)}`}>{statusLabel(task.status)}</span>
      </header>
      <p class="task-facts small">
        <span>{task.engine}</span>
        {task.version ? <span>version {task.version}</span> : null}
        <span>
          {task.attempts} attempt{task.attempts === 1 ? '' : 's'}
        </span>
        {task.statusReason ? <span>{task.statusReason}</span> : null}
      </p>
      <details class="task-sql" open={advice.length > 0}>
        <summary>
          SQL · review on {environment}: {findingsSummary(advice)}
        </summary>
        <StatementReview
          statement={task.statement}
          advice={advice}
          rules={rules}
          label={`SQL for ${label}`}
        />
      </details>
      <TaskRuns runs={task.runs} label={label} />
      {canAct && task.status === 'running' && task.engine === 'postgres' ? (
        <TaskSessionsPanel client={client} issueId={issueId} taskId={task.id} label={label} />
      ) : null}
      {canRetry || canSkip ? (
        <div class="task-actions">
          {skipping ? (
            <form class="inline-form" onSubmit={(e) => void skip(e)}>
              <label for={`skip-${task.id}`}>Why skip {label}?</label>
              <input
                id={`skip-${task.id}`}
                value={reason}
                required
                maxLength={2000}
                onInput={(e) => setReason(e.currentTarget.value)}
              />
              <div class="actions">
                <button type="submit" class="button button-small button-danger" disabled={action.busy}>
                  {action.busy ? 'Skipping...' : 'Skip task'}
                </button>
                <button
                  type="button"
                  class="button button-small button-secondary"
                  onClick={() => {
                    setSkipping(false);
                    action.clear();
                  }}
                >
                  Keep it
                </button>
              </div>
            </form>
          ) : (
            <div class="actions">
              {canRetry ? (
                <button
                  type="button"
                  class="button button-small"
                  disabled={action.busy}
                  aria-label={`Retry ${label}`}
                  onClick={() => void retry()}
                >
                  {action.busy ? 'Retrying...' : 'Retry'}
                </button>
              ) : null}
              {canSkip ? (
                <button
                  type="button"
                  class="button button-small button-danger-outline"
                  aria-label={`Skip ${label}`}
                  onClick={() => setSkipping(true)}
                >
                  Skip...
                </button>
              ) : null}
            </div>
          )}
          {action.error ? <ErrorMessage title={`Could not change ${label}.`} error={action.error} /> : null}
        </div>
      ) : null}
    </article>
  );
}
