// The running task's target database sessions (PostgreSQL's pg_stat_activity), read on demand.
import { useCallback, useEffect, useState } from 'preact/hooks';
import { type ApiClient, type ApiError, asApiError } from '../../api.ts';
import { formatDateTime } from '../../format.ts';
import { ErrorMessage } from '../error-message.tsx';
import type { TaskSessions } from './issue-model.ts';

export function TaskSessionsPanel({
  client,
  issueId,
  taskId,
  label,
}: {
  client: ApiClient;
  issueId: number;
  taskId: number;
  label: string;
}) {
  const [data, setData] = useState<TaskSessions | undefined>(undefined);
  const [error, setError] = useState<ApiError | undefined>(undefined);
  const [busy, setBusy] = useState(false);
  const load = useCallback(async () => {
    setBusy(true);
    try {
      const result = await client.raw.GET('/issues/{id}/tasks/{taskId}/sessions', {
        params: { path: { id: issueId, taskId } },
      });
      setData(client.unwrap(result));
      setError(undefined);
    } catch (caught) {
      setError(asApiError(caught));
    } finally {
      setBusy(false);
    }
  }, [client, issueId, taskId]);
  useEffect(() => {
    void load();
  }, [load]);
  const titleId = `sessions-${taskId}`;
  return (
    <section class="sessions" aria-labelledby={titleId}>
      <div class="sessions-head">
        <h5 id={titleId}>Sessions on {label}</h5>
        <button
          type="button"
          class="button button-small button-secondary"
          disabled={busy}
          onClick={() => void load()}
        >
          {busy ? 'Refreshing...' : 'Refresh sessions'}
        </button>
      </div>
      {error ? <ErrorMessage title="The sessions could not be read." error={error} /> : null}
      {data ? (
        <>
          <p class="muted small" aria-live="polite">
            {data.sessions.length} session{data.sessions.length === 1 ? '' : 's'}, read{' '}
            {formatDateTime(data.readAt)}
          </p>
          {data.sessions.length > 0 ? (
            <div class="table-scroll">
              <table class="stack-on-phone wrap-cells">
                <caption class="visually-hidden">Sessions on {label}</caption>
                <thead>
                  <tr>
                    <th scope="col">PID</th>
                    <th scope="col">User</th>
                    <th scope="col">State</th>
                    <th scope="col">Since</th>
                    <th scope="col">Query</th>
                  </tr>
                </thead>
                <tbody>
                  {data.sessions.map((s) => (
                    <tr key={s.pid}>
                      <td data-label="PID">
                        <div>{s.pid}</div>
                      </td>
                      <td data-label="User">
                        <div>{s.user ?? '—'}</div>
                      </td>
                      <td data-label="State">
                        <div>{s.state ?? '—'}</div>
                      </td>
                      <td data-label="Since">
                        <div>{formatDateTime(s.startedAt)}</div>
                      </td>
                      <td data-label="Query">
                        <div>
                          <code class="outcome-sql">{s.query ?? '—'}</code>
                        </div>
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          ) : null}
        </>
      ) : null}
    </section>
  );
}
