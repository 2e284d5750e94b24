// The issue list's views (all, mine, pending on me) as links, and its project and status filters.
import type { Project } from '../../api.ts';
import { STATUS_LABELS } from './issue-labels.ts';

export type IssueView = 'all' | 'mine' | 'pending';

export interface IssueQuery {
  filter: IssueView;
  project: string;
  status: string;
}

export const VIEW_LABELS: Record<IssueView, string> = { all: 'All', mine: 'Mine', pending: 'Pending on me' };

export function parseIssueQuery(query: URLSearchParams): IssueQuery {
  const filter = query.get('filter');
  return {
    filter: filter === 'mine' || filter === 'pending' ? filter : 'all',
    project: query.get('project') ?? '',
    status: query.get('status') ?? '',
  };
}

export function issueListHref(q: IssueQuery): string {
  const params = new URLSearchParams();
  if (q.filter !== 'all') params.set('filter', q.filter);
  if (q.project) params.set('project', q.project);
  if (q.status) params.set('status', q.status);
  const text = params.toString();
  return text ? `#/issues?${text}` : '#/issues';
}

export interface IssueFiltersProps {
  query: IssueQuery;
  projects: Project[];
}

export function IssueFilters({ query, projects }: IssueFiltersProps) {
  const go = (patch: Partial<IssueQuery>) => {
    window.location.hash = issueListHref({ ...query, ...patch });
  };
  return (
    <div class="issue-filters">
      <nav aria-label="Issue lists">
        <ul class="view-tabs">
          {(Object.keys(VIEW_LABELS) as IssueView[]).map((view) => (
            <li key={view}>
              <a
                href={issueListHref({ ...query, filter: view })}
                aria-current={query.filter === view ? 'page' : undefined}
              >
                {VIEW_LABELS[view]}
              </a>
            </li>
          ))}
        </ul>
      </nav>
      <div class="filter-row">
        <div class="field">
          <label for="issues-project">Project</label>
          <select
            id="issues-project"
            value={query.project}
            onChange={(e) => go({ project: e.currentTarget.value })}
          >
            <option value="">All projects</option>
            {projects.map((p) => (
              <option key={p.key} value={p.key}>
                {p.name}
              </option>
            ))}
          </select>
        </div>
        <div class="field">
          <label for="issues-status">Status</label>
          <select
            id="issues-status"
            value={query.status}
            onChange={(e) => go({ status: e.currentTarget.value })}
          >
            <option value="">Any status</option>
            {Object.entries(STATUS_LABELS).map(([value, label]) => (
              <option key={value} value={value}>
                {label}
              </option>
            ))}
          </select>
        </div>
      </div>
    </div>
  );
}
