// Issues as a table on wide screens and stacked cards on phones; each title links to the issue page.

import type { ApiSchemas } from '../../api/typed-client.ts';
import type { Project } from '../../api.ts';
import { formatDateTime } from '../../format.ts';
import { hrefFor } from '../../router.ts';
import { statusLabel, waitingLabel } from './issue-labels.ts';

export type IssueSummary = ApiSchemas['IssueSummary'];

export interface IssueTableProps {
  issues: IssueSummary[];
  projects: Project[];
  caption: string;
  /** Whether to show whom each issue waits on (the API says so in the pending view). */
  showWaiting: boolean;
}

export function IssueTable({ issues, projects, caption, showWaiting }: IssueTableProps) {
  const projectName = (key: string) => projects.find((p) => p.key === key)?.name ?? key;
  return (
    <div class="table-scroll">
      <table class="stack-on-phone wrap-cells issue-table">
        <caption class="visually-hidden">{caption}</caption>
        <thead>
          <tr>
            <th scope="col">Issue</th>
            <th scope="col">Project</th>
            <th scope="col">Status</th>
            <th scope="col">Risk</th>
            <th scope="col">Created</th>
            {showWaiting ? <th scope="col">Waiting for</th> : null}
          </tr>
        </thead>
        <tbody>
          {issues.map((issue) => (
            <tr key={issue.id}>
              <th scope="row" data-label="Issue">
                <a href={hrefFor({ name: 'issue', id: issue.id })}>
                  <span class="issue-id">#{issue.id}</span> {issue.title}
                </a>
              </th>
              <td data-label="Project">{projectName(issue.project)}</td>
              <td data-label="Status">
                <span class={`issue-status issue-status-${issue.status}`}>{statusLabel(issue.status)}</span>
              </td>
              <td data-label="Risk">
                <span class={`risk risk-${issue.risk}`}>{issue.risk}</span>
              </td>
              <td data-label="Created">
                <time dateTime={issue.createdAt}>{formatDateTime(issue.createdAt)}</time>
              </td>
              {showWaiting ? <td data-label="Waiting for">{waitingLabel(issue.waitingFor)}</td> : null}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
