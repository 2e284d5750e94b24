// #/audit: who did what, newest first, filtered by actor, action, resource, project and days; pages on demand.
import { useEffect, useRef, useState } from 'preact/hooks';
import { type ApiClient, type ApiError, type AuditEntry, type AuditQuery, asApiError } from '../api.ts';
import { AuditFilterForm } from '../components/audit-filter-form.tsx';
import { ErrorMessage } from '../components/error-message.tsx';
import { compactDetails, dayToIso, formatDateTime } from '../format.ts';
import { type AuditFilters, navigate } from '../router.ts';
import type { WorkspaceData } from '../workspace.ts';

export interface AuditPageProps {
  data: WorkspaceData;
  client: ApiClient;
  filters: AuditFilters;
}

const PAGE_SIZE = 50;

function toQuery(filters: AuditFilters): AuditQuery {
  return {
    actor: filters.actor,
    action: filters.action,
    resource: filters.resource,
    project: filters.project,
    since: dayToIso(filters.since),
    until: dayToIso(filters.until, true),
    limit: PAGE_SIZE,
  };
}

type Status = 'loading' | 'ready' | 'more' | 'failed';

export function AuditPage({ data, client, filters }: AuditPageProps) {
  const [entries, setEntries] = useState<AuditEntry[]>([]);
  const [cursor, setCursor] = useState<string | null>(null);
  const [status, setStatus] = useState<Status>('loading');
  const [error, setError] = useState<ApiError | undefined>(undefined);
  const run = useRef(0);
  const key = JSON.stringify(filters);

  useEffect(() => {
    const mine = ++run.current;
    setStatus('loading');
    setError(undefined);
    client.audit(toQuery(filters)).then(
      (page) => {
        if (mine !== run.current) return;
        setEntries(page.entries);
        setCursor(page.nextCursor);
        setStatus('ready');
      },
      (caught) => {
        if (mine !== run.current) return;
        setError(asApiError(caught));
        setStatus('failed');
      },
    );
  }, [client, key]);

  async function loadMore() {
    if (!cursor) return;
    const mine = run.current;
    setStatus('more');
    setError(undefined);
    try {
      const page = await client.audit({ ...toQuery(filters), cursor });
      if (mine !== run.current) return;
      setEntries((current) => [
        ...current,
        ...page.entries.filter((e) => !current.some((c) => c.id === e.id)),
      ]);
      setCursor(page.nextCursor);
    } catch (caught) {
      if (mine === run.current) setError(asApiError(caught));
    } finally {
      if (mine === run.current) setStatus('ready');
    }
  }

  if (!data.me.permissions.readAudit) {
    return (
      <main class="page">
        <h1>Audit log</h1>
        <p>
          Workspace owners and DBAs read the audit log; project owners read the entries of their projects.
        </p>
      </main>
    );
  }

  const projectName = (key: string | null) =>
    key ? (data.projects.find((p) => p.key === key)?.name ?? key) : '';
  return (
    <main class="page">
      <h1>Audit log</h1>
      <section class="panel" aria-labelledby="audit-filters-title">
        <h2 id="audit-filters-title">Filters</h2>
        <AuditFilterForm
          filters={filters}
          projects={data.projects}
          onApply={(next) => navigate({ name: 'audit', filters: next })}
        />
      </section>
      <section class="panel" aria-labelledby="audit-entries-title">
        <h2 id="audit-entries-title">Entries</h2>
        <p class="muted" aria-live="polite">
          {status === 'loading'
            ? 'Loading entries...'
            : `${entries.length} ${entries.length === 1 ? 'entry' : 'entries'}${cursor ? ' so far, newest first' : ', newest first'}.`}
        </p>
        {status === 'failed' && error ? (
          <ErrorMessage title="The audit log could not be read." error={error} />
        ) : null}
        {status !== 'loading' && status !== 'failed' && entries.length > 0 ? (
          <div class="table-scroll">
            <table class="stack-on-phone wrap-cells audit-table">
              <caption class="visually-hidden">Audit log entries, newest first</caption>
              <thead>
                <tr>
                  <th scope="col">When</th>
                  <th scope="col">Who</th>
                  <th scope="col">Action</th>
                  <th scope="col">Resource</th>
                  <th scope="col">Project</th>
                  <th scope="col">Details</th>
                </tr>
              </thead>
              <tbody>
                {entries.map((entry) => (
                  <tr key={entry.id}>
                    <td data-label="When">
                      <time dateTime={entry.at}>{formatDateTime(entry.at)}</time>
                    </td>
                    <td data-label="Who">
                      {entry.actor ? (
                        <div>
                          {entry.actor.name || entry.actor.email}
                          {entry.actor.name ? (
                            <span class="muted small block">{entry.actor.email}</span>
                          ) : null}
                        </div>
                      ) : (
                        <span class="muted">System</span>
                      )}
                    </td>
                    <td data-label="Action">
                      <code class="nowrap">{entry.action}</code>
                    </td>
                    <td data-label="Resource" class="resource">
                      <code>
                        {entry.resource.type}
                        {entry.resource.id ? `:${entry.resource.id}` : ''}
                      </code>
                    </td>
                    <td data-label="Project">{projectName(entry.project) || <span class="muted">—</span>}</td>
                    <td data-label="Details" class="details">
                      {compactDetails(entry.details) || <span class="muted">—</span>}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        ) : null}
        {status === 'ready' && error ? (
          <ErrorMessage title="More entries could not be read." error={error} />
        ) : null}
        {cursor && status !== 'loading' && status !== 'failed' ? (
          <div class="actions load-more">
            <button
              type="button"
              class="button button-secondary"
              disabled={status === 'more'}
              onClick={() => void loadMore()}
            >
              {status === 'more' ? 'Loading...' : 'Load more'}
            </button>
          </div>
        ) : null}
      </section>
    </main>
  );
}
