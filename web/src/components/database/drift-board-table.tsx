// The drift board's table: every visible database with its last recorded check, its diff on demand, and
// "check now" per database for those who may run one.
import { useState } from 'preact/hooks';
import type { ApiSchemas } from '../../api/typed-client.ts';
import type { ApiClient, ApiError, Environment } from '../../api.ts';
import { environmentName, formatDateTime } from '../../format.ts';
import { hrefFor } from '../../router.ts';
import { ErrorMessage } from '../error-message.tsx';
import { DriftBadge } from './drift-badge.tsx';
import { CheckButton, DriftFacts } from './drift-panel.tsx';
import { type DriftReport, diffSize } from './labels.ts';

export type BoardEntry = ApiSchemas['DriftBoard']['databases'][number];

const keyOf = (t: BoardEntry['target']) => `${t.instance}/${t.database}`;

export interface DriftBoardTableProps {
  client: ApiClient;
  entries: BoardEntry[];
  environments: Environment[];
  canCheck: boolean;
  onChecked: (report: DriftReport) => void;
}

export function DriftBoardTable({
  client,
  entries,
  environments,
  canCheck,
  onChecked,
}: DriftBoardTableProps) {
  const [open, setOpen] = useState<Set<string>>(() => new Set());
  const [errors, setErrors] = useState<Record<string, ApiError | undefined>>({});
  const toggle = (key: string) =>
    setOpen((current) => {
      const next = new Set(current);
      if (next.has(key)) next.delete(key);
      else next.add(key);
      return next;
    });
  return (
    <table class="stack-on-phone wrap-cells drift-table">
      <caption class="visually-hidden">Databases with their last drift check</caption>
      <thead>
        <tr>
          <th scope="col">Database</th>
          <th scope="col">Project</th>
          <th scope="col">Environment</th>
          <th scope="col">State</th>
          <th scope="col">Checked</th>
          <th scope="col">Diff</th>
          <th scope="col">Actions</th>
        </tr>
      </thead>
      {entries.map(({ target, last }) => {
        const key = keyOf(target);
        const expanded = open.has(key);
        const size = diffSize(last?.diff ?? null);
        const detailId = `drift-detail-${key.replace(/[^A-Za-z0-9_-]/g, '-')}`;
        const error = errors[key];
        return (
          <tbody key={key} class={expanded ? 'drift-entry is-open' : 'drift-entry'}>
            <tr>
              <th scope="row" data-label="Database">
                <span>
                  <a
                    href={hrefFor({ name: 'database', instance: target.instance, database: target.database })}
                  >
                    {target.database}
                  </a>
                  <span class="muted block small target-instance">on {target.instance}</span>
                </span>
              </th>
              <td data-label="Project">{target.project}</td>
              <td data-label="Environment">{environmentName(environments, target.environment)}</td>
              <td data-label="State">
                <DriftBadge status={last?.status ?? null} />
              </td>
              <td data-label="Checked">
                {last ? (
                  <time dateTime={last.checkedAt}>{formatDateTime(last.checkedAt)}</time>
                ) : (
                  <span class="muted">Never</span>
                )}
              </td>
              <td data-label="Diff" class="diff-size">
                {size ? (
                  <span>
                    <span class="diff-count-added">+{size.added}</span>{' '}
                    <span class="diff-count-removed">−{size.removed}</span>
                    <span class="visually-hidden"> lines</span>
                  </span>
                ) : (
                  <span class="muted">—</span>
                )}
              </td>
              <td data-label="Actions">
                <div>
                  <div class="row-actions">
                    {last ? (
                      <button
                        type="button"
                        class="button button-secondary button-small"
                        aria-expanded={expanded}
                        aria-controls={detailId}
                        aria-label={`Details of the last check of ${target.database} on ${target.instance}`}
                        onClick={() => toggle(key)}
                      >
                        Details
                      </button>
                    ) : null}
                    {canCheck ? (
                      <CheckButton
                        client={client}
                        instance={target.instance}
                        database={target.database}
                        target={`${target.database} on ${target.instance}`}
                        onChecked={(report) => {
                          onChecked(report);
                          if (report.diff) setOpen((current) => new Set(current).add(key));
                        }}
                        onFailed={(e) => setErrors((all) => ({ ...all, [key]: e ?? undefined }))}
                      />
                    ) : null}
                  </div>
                  {error ? (
                    <ErrorMessage
                      title={`Could not check ${target.database} on ${target.instance}.`}
                      error={error}
                    />
                  ) : null}
                </div>
              </td>
            </tr>
            {expanded && last ? (
              <tr class="drift-detail-row">
                <td colSpan={7} id={detailId}>
                  <DriftFacts
                    report={last}
                    diffLabel={`Drift of ${target.database} on ${target.instance}: lines changed since the baseline`}
                  />
                </td>
              </tr>
            ) : null}
          </tbody>
        );
      })}
    </table>
  );
}
