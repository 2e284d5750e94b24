// The rollout pipeline: one section per stage (environment order), each with its tasks.
import type { ApiClient } from '../../api.ts';
import { environmentName, formatDateTime } from '../../format.ts';
import type { WorkspaceData } from '../../workspace.ts';
import { adviceFor, type IssueView, statusLabel, statusTone } from './issue-model.ts';
import { TaskCard } from './task-card.tsx';

export function PipelineView({
  client,
  data,
  view,
  canAct,
  onChanged,
}: {
  client: ApiClient;
  data: WorkspaceData;
  view: IssueView;
  canAct: boolean;
  onChanged: (view: IssueView) => void;
}) {
  return (
    <section class="panel" aria-labelledby="pipeline-title">
      <h2 id="pipeline-title">Pipeline</h2>
      {view.outcome ? (
        <p class="notice">
          {view.outcome.nothingApplied
            ? 'The rollout finished, but nothing was applied: every task was skipped.'
            : `The rollout finished: ${view.outcome.applied} applied, ${view.outcome.skipped} skipped, ${view.outcome.canceled} canceled.`}
        </p>
      ) : null}
      <ol class="stages">
        {view.stages.map((stage, index) => {
          const titleId = `stage-${stage.id}-title`;
          const env = environmentName(data.environments, stage.environment);
          return (
            <li key={stage.id} class="stage">
              <section aria-labelledby={titleId}>
                <header class="stage-head">
                  <h3 id={titleId}>
                    <span class="muted">Stage {index + 1}:</span> {env}
                  </h3>
                  <span class={`status status-${statusTone(stage.status)}`}>{statusLabel(stage.status)}</span>
                  {stage.runAt ? (
                    <span class="muted small">not before {formatDateTime(stage.runAt)}</span>
                  ) : null}
                </header>
                {stage.tasks.map((task) => (
                  <TaskCard
                    key={task.id}
                    client={client}
                    issueId={view.issue.id}
                    task={task}
                    environment={env}
                    advice={adviceFor(view, stage, task)}
                    rules={view.rules}
                    canAct={canAct}
                    onChanged={onChanged}
                  />
                ))}
              </section>
            </li>
          );
        })}
      </ol>
    </section>
  );
}
