// #/issues: all issues, mine, or pending on me; by project and status; newest first, 50 a page with Load more.
import { useEffect, useRef, useState } from 'preact/hooks';
import { type ApiClient, type ApiError, asApiError } from '../api.ts';
import { ErrorMessage } from '../components/error-message.tsx';
import { IssueFilters, parseIssueQuery, VIEW_LABELS } from '../components/issues/issue-filters.tsx';
import { STATUS_LABELS } from '../components/issues/issue-labels.ts';
import { type IssueSummary, IssueTable } from '../components/issues/issue-table.tsx';
import { hrefFor } from '../router.ts';
import type { WorkspaceData } from '../workspace.ts';
import '../change.css';

export const ISSUE_PAGE_SIZE = 50;

interface ListState {
  issues: IssueSummary[];
  nextCursor: string | null;
  status: 'loading' | 'ready' | 'more' | 'failed';
  error?: ApiError;
}

export function IssuesPage({
  data,
  client,
  query,
}: {
  data: WorkspaceData;
  client: ApiClient;
  query: URLSearchParams;
}) {
  const q = parseIssueQuery(query);
  const key = `${q.filter}|${q.project}|${q.status}`;
  const [list, setList] = useState<ListState>({ issues: [], nextCursor: null, status: 'loading' });
  const run = useRef(0);

  // One GET /issues per page: the summaries carry everything a row shows.
  async function load(cursor: string | null) {
    const mine = ++run.current;
    setList((l) =>
      cursor
        ? { ...l, status: 'more', error: undefined }
        : { issues: [], nextCursor: null, status: 'loading' },
    );
    try {
      const page = client.unwrap(
        await client.raw.GET('/issues', {
          params: {
            query: {
              filter: q.filter,
              limit: ISSUE_PAGE_SIZE,
              ...(q.project ? { project: q.project } : {}),
              ...(q.status ? { status: q.status as IssueSummary['status'] } : {}),
              ...(cursor ? { cursor } : {}),
            },
          },
        }),
      );
      if (mine !== run.current) return;
      setList((l) => ({
        issues: cursor ? [...l.issues, ...page.issues] : page.issues,
        nextCursor: page.nextCursor,
        status: 'ready',
      }));
    } catch (caught) {
      if (mine === run.current) setList((l) => ({ ...l, status: 'failed', error: asApiError(caught) }));
    }
  }

  useEffect(() => {
    void load(null);
  }, [client, key]);

  const described = [
    VIEW_LABELS[q.filter],
    q.project ? (data.projects.find((p) => p.key === q.project)?.name ?? q.project) : null,
    q.status ? STATUS_LABELS[q.status] : null,
  ]
    .filter(Boolean)
    .join(', ');

  return (
    <main class="page page-wide" id="main">
      <div class="page-title-row">
        <h1>Issues</h1>
        <a class="button" href={hrefFor({ name: 'new-change', project: q.project || undefined })}>
          New change
        </a>
      </div>
      <IssueFilters query={q} projects={data.projects} />
      <section
        class="panel"
        aria-labelledby="issue-list-title"
        aria-busy={list.status === 'loading' || list.status === 'more'}
      >
        <h2 id="issue-list-title">{described}</h2>
        {list.status === 'loading' ? <p class="muted">Loading issues...</p> : null}
        {list.status === 'failed' && list.error ? (
          <ErrorMessage title="The issues could not be loaded." error={list.error} />
        ) : null}
        {list.status !== 'loading' && list.issues.length === 0 && list.status !== 'failed' ? (
          <p class="muted">
            {q.filter === 'pending' ? 'Nothing is waiting for your decision.' : 'No issues match.'}
          </p>
        ) : null}
        {list.issues.length > 0 ? (
          <>
            <IssueTable
              issues={list.issues}
              projects={data.projects}
              caption={`Issues: ${described}`}
              showWaiting={q.filter === 'pending' || list.issues.some((i) => i.waitingFor)}
            />
            <p class="muted small" role="status">
              Showing {list.issues.length} issue{list.issues.length === 1 ? '' : 's'}
              {list.nextCursor ? '; more follow.' : '.'}
            </p>
          </>
        ) : null}
        {list.nextCursor && list.status !== 'loading' ? (
          <div class="actions load-more">
            <button
              type="button"
              class="button button-secondary"
              disabled={list.status === 'more'}
              onClick={() => void load(list.nextCursor)}
            >
              {list.status === 'more' ? 'Loading...' : 'Load more'}
            </button>
          </div>
        ) : null}
      </section>
    </main>
  );
}
