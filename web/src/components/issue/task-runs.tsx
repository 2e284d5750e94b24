// The attempts at one task: status, duration and error of each, its per-statement outcomes and its log.
import { formatDateTime } from '../../format.ts';
import { formatDuration, statusLabel, statusTone, type TaskRun } from './issue-model.ts';

const logKind: Record<string, string> = {
  run_started: 'Run started',
  statement_started: 'Statement started',
  statement_finished: 'Statement finished',
  skipped: 'Skipped',
  run_finished: 'Run finished',
  error: 'Error',
  snapshot: 'Schema snapshot',
};

function runDuration(run: TaskRun): number | null {
  if (run.result) return run.result.durationMs;
  if (!run.finishedAt) return null;
  return new Date(run.finishedAt).getTime() - new Date(run.startedAt).getTime();
}

export function TaskRuns({ runs, label }: { runs: TaskRun[]; label: string }) {
  if (runs.length === 0) return <p class="muted small">Not run yet.</p>;
  const ordered = [...runs].sort((a, b) => b.attempt - a.attempt);
  return (
    <ol class="runs" aria-label={`Attempts of ${label}`}>
      {ordered.map((run, index) => (
        <li key={run.id} class="run">
          <details open={index === 0}>
            <summary>
              <span class="run-title">Attempt {run.attempt}</span>
              <span class={`status status-${statusTone(run.status)}`}>{statusLabel(run.status)}</span>
              <span class="muted small">
                {formatDateTime(run.startedAt)} · {formatDuration(runDuration(run))}
                {run.result
                  ? ` · ${run.result.mode === 'transaction' ? 'one transaction' : 'statement by statement'}`
                  : ''}
              </span>
            </summary>
            {run.error ? (
              <p class="run-error" role="note">
                {run.error}
              </p>
            ) : null}
            {run.result && run.result.outcomes.length > 0 ? (
              <div class="table-scroll">
                <table class="stack-on-phone wrap-cells outcomes">
                  <caption class="visually-hidden">Statements of attempt {run.attempt}</caption>
                  <thead>
                    <tr>
                      <th scope="col">#</th>
                      <th scope="col">Statement</th>
                      <th scope="col">Status</th>
                      <th scope="col">Rows</th>
                      <th scope="col">Duration</th>
                    </tr>
                  </thead>
                  <tbody>
                    {run.result.outcomes.map((o) => (
                      <tr key={o.index}>
                        <td data-label="#">
                          <div>
                            {o.index + 1} <span class="muted small">(line {o.line})</span>
                          </div>
                        </td>
                        <td data-label="Statement">
                          <div>
                            <code class="outcome-sql">{o.sql}</code>
                            {o.error ? (
                              <span class="outcome-error">
                                {o.error.code}: {o.error.message}
                              </span>
                            ) : null}
                          </div>
                        </td>
                        <td data-label="Status">
                          <div>
                            <span class={`status status-${statusTone(o.status)}`}>
                              {statusLabel(o.status)}
                            </span>
                          </div>
                        </td>
                        <td data-label="Rows">
                          <div>{o.rowsAffected ?? '—'}</div>
                        </td>
                        <td data-label="Duration">
                          <div>{formatDuration(o.durationMs)}</div>
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            ) : null}
            {run.log.length > 0 ? (
              <details class="run-log">
                <summary>Log ({run.log.length} entries)</summary>
                <ol class="plain-list log-list">
                  {run.log.map((entry, i) => (
                    <li key={i}>
                      <span class="muted small">{formatDateTime(entry.at)}</span>{' '}
                      <strong>{logKind[entry.kind] ?? entry.kind}</strong>
                      {entry.index !== undefined ? ` #${entry.index + 1}` : ''}
                      {entry.status ? ` · ${statusLabel(entry.status)}` : ''}
                      {entry.durationMs !== undefined ? ` · ${formatDuration(entry.durationMs)}` : ''}
                      {entry.rowsAffected !== undefined && entry.rowsAffected !== null
                        ? ` · ${entry.rowsAffected} rows`
                        : ''}
                      {entry.sql ? <code class="log-sql">{entry.sql}</code> : null}
                      {entry.message ? <span class="log-message">{entry.message}</span> : null}
                    </li>
                  ))}
                </ol>
              </details>
            ) : null}
          </details>
        </li>
      ))}
    </ol>
  );
}
