// #/issues/{id}: one issue (the page chat cards and GitLab statuses link to): facts, actions, approval,
// pipeline with each task's SQL and review findings, runs and logs, and the timeline; live while it changes.
import '../issue.css';
import { useEffect } from 'preact/hooks';
import type { ApiClient } from '../api.ts';
import { ErrorMessage } from '../components/error-message.tsx';
import { ApprovalSteps } from '../components/issue/approval-steps.tsx';
import { IssueActions } from '../components/issue/issue-actions.tsx';
import { isSettled, statusLabel, statusTone, viewerRights } from '../components/issue/issue-model.ts';
import { IssueTimeline } from '../components/issue/issue-timeline.tsx';
import { PipelineView } from '../components/issue/pipeline-view.tsx';
import { useIssue } from '../components/issue/use-issue.ts';
import { environmentName, formatDateTime } from '../format.ts';
import { hrefFor } from '../router.ts';
import type { WorkspaceData } from '../workspace.ts';

const typeLabels: Record<string, string> = {
  schema: 'Schema change',
  data: 'Data change',
  baseline: 'Baseline',
};
const riskLabels: Record<string, string> = { low: 'Low', moderate: 'Moderate', high: 'High' };

export function IssuePage({
  data,
  client,
  issueId,
}: {
  data: WorkspaceData;
  client: ApiClient;
  issueId: number;
}) {
  const { view, error, replace } = useIssue(client, issueId);
  const title = view ? `Issue #${view.issue.id}: ${view.issue.title}` : `Issue #${issueId}`;
  useEffect(() => {
    document.title = `${title} · Bytebase IM`;
  }, [title]);

  if (!view) {
    return (
      <main class="page issue-page" id="main">
        <h1>Issue #{issueId}</h1>
        {error ? (
          <ErrorMessage title="The issue could not be loaded." error={error} />
        ) : (
          <p class="muted" aria-live="polite">
            Loading issue...
          </p>
        )}
      </main>
    );
  }

  const { issue } = view;
  const rights = viewerRights(data.me, view);
  const review = issue.review;
  // Effects in flight are normal for a moment; only those that failed or wait for a retry are worth a line.
  const stuck = view.undelivered.filter((u) => u.lastError || u.attempts > 1);
  return (
    <main class="page issue-page" id="main">
      <p class="breadcrumb small">
        <a href={hrefFor({ name: 'project', key: issue.project })}>Project {issue.project}</a>
      </p>
      <div class="issue-title">
        <h1>
          <span class="muted">#{issue.id}</span> {issue.title}
        </h1>
        <span class={`status status-large status-${statusTone(issue.status)}`} aria-live="polite">
          {statusLabel(issue.status)}
        </span>
      </div>
      {error ? (
        <p class="warning small" role="status">
          Live updates are failing ({error.message}); what you see may be out of date.
        </p>
      ) : !isSettled(view) ? (
        <p class="muted small live-note">Updates live while the issue changes.</p>
      ) : null}
      <section class="panel" aria-labelledby="about-title">
        <h2 id="about-title" class="visually-hidden">
          About this issue
        </h2>
        {issue.description ? <p class="issue-description">{issue.description}</p> : null}
        <dl class="facts">
          <dt>Project</dt>
          <dd>{issue.project}</dd>
          <dt>Created by</dt>
          <dd>
            {issue.creator ? `${issue.creator.name} (${issue.creator.email})` : 'the service'},{' '}
            {formatDateTime(issue.createdAt)}
          </dd>
          <dt>Type</dt>
          <dd>{typeLabels[issue.type] ?? issue.type}</dd>
          <dt>Risk</dt>
          <dd>
            <span class={`issue-risk issue-risk-${issue.risk}`}>{riskLabels[issue.risk] ?? issue.risk}</span>
          </dd>
          <dt>From</dt>
          <dd>{issue.origin}</dd>
          {issue.runAt ? (
            <>
              <dt>Runs at</dt>
              <dd>{formatDateTime(issue.runAt)}</dd>
            </>
          ) : null}
          {issue.rejectReason ? (
            <>
              <dt>Rejected because</dt>
              <dd>{issue.rejectReason}</dd>
            </>
          ) : null}
          {review ? (
            <>
              <dt>Review</dt>
              <dd>
                <ul class="plain-list review-envs">
                  {review.environments.map((e) => (
                    <li key={e.environment}>
                      <strong>{environmentName(data.environments, e.environment)}</strong>{' '}
                      <span class="muted">({e.template} rules)</span>:{' '}
                      <span class={e.errorCount ? 'count-error' : ''}>
                        {e.errorCount} error{e.errorCount === 1 ? '' : 's'}
                      </span>
                      , {e.warningCount} warning{e.warningCount === 1 ? '' : 's'}
                    </li>
                  ))}
                </ul>
              </dd>
            </>
          ) : null}
        </dl>
      </section>
      <IssueActions client={client} view={view} rights={rights} onChanged={replace} />
      {stuck.length > 0 ? (
        <section class="panel" aria-labelledby="undelivered-title">
          <h2 id="undelivered-title">Messages not delivered yet</h2>
          <ul class="plain-list">
            {stuck.map((u) => (
              <li key={u.id} class="small">
                {u.event} · {u.status} · {u.attempts} attempt{u.attempts === 1 ? '' : 's'}
                {u.lastError ? ` · ${u.lastError}` : ''}
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      <ApprovalSteps approvals={view.approvals} />
      <PipelineView
        client={client}
        data={data}
        view={view}
        canAct={rights.manageRollout && rights.rollingOut}
        onChanged={replace}
      />
      <IssueTimeline view={view} />
    </main>
  );
}
