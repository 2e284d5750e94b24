// The drift board's table: every visible database with its last recorded check and since when it is in that
// state, its diff on demand, "check now" and "accept as baseline" per database for those who may, and for the
// others a link to the database page's drift section.
import { useEffect, useRef, useState } from 'preact/hooks';
import type { ApiSchemas } from '../../api/typed-client.ts';
import type { ApiClient, ApiError, Environment } from '../../api.ts';
import { environmentName, formatDateTime } from '../../format.ts';
import { hrefFor } from '../../router.ts';
import { ErrorMessage } from '../error-message.tsx';
import { AcceptBaseline } from './baseline-dialog.tsx';
import type { BaselineAccepted } from './drift-api.ts';
import { DriftBadge } from './drift-badge.tsx';
import { CheckButton, DriftFacts } from './drift-panel.tsx';
import { baselineAcceptable, type DriftReport, diffSize, driftLabels } from './labels.ts';

export type BoardEntry = ApiSchemas['DriftBoard']['databases'][number];

const keyOf = (t: BoardEntry['target']) => `${t.instance}/${t.database}`;

export interface DriftBoardTableProps {
  client: ApiClient;
  entries: BoardEntry[];
  environments: Environment[];
  canCheck: boolean;
  canAccept: boolean;
  onChecked: (report: DriftReport) => void;
  onAccepted: (outcome: BaselineAccepted) => void;
  /** A baseline the server refused with 409 (the state moved on since the board was read): read it again. */
  onStale: () => void;
}

/** What happened to a row's baseline, said in the row; focus moves there since the button is gone or stale. */
type RowNotice = { kind: 'accepted'; text: string } | { kind: 'conflict'; error: ApiError };

function RowNoticeView({ notice }: { notice: RowNotice }) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => ref.current?.focus(), [notice]);
  return notice.kind === 'accepted' ? (
    <div ref={ref} class="success small row-notice" role="status" tabIndex={-1}>
      {notice.text}
    </div>
  ) : (
    <div ref={ref} class="error-message row-notice" role="alert" tabIndex={-1}>
      <strong>The baseline was not accepted.</strong>
      <p>{notice.error.message}</p>
    </div>
  );
}

export function DriftBoardTable({
  client,
  entries,
  environments,
  canCheck,
  canAccept,
  onChecked,
  onAccepted,
  onStale,
}: DriftBoardTableProps) {
  const [notices, setNotices] = useState<Record<string, RowNotice | undefined>>({});
  const noticeFor = (key: string, notice: RowNotice | undefined) =>
    setNotices((all) => ({ ...all, [key]: notice }));
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
        const notice = notices[key];
        const label = `${target.database} on ${target.instance}`;
        const pageHref = hrefFor({ name: 'database', instance: target.instance, database: target.database });
        return (
          <tbody key={key} class={expanded ? 'drift-entry is-open' : 'drift-entry'}>
            <tr>
              <th scope="row" data-label="Database">
                <span>
                  <a href={pageHref}>{target.database}</a>
                  <span class="muted block small target-instance">on {target.instance}</span>
                </span>
              </th>
              <td data-label="Project">{target.project}</td>
              <td data-label="Environment">{environmentName(environments, target.environment)}</td>
              <td data-label="State">
                <span>
                  <DriftBadge status={last?.status ?? null} />
                  {last ? (
                    <span class="muted block small">
                      since <time dateTime={last.since}>{formatDateTime(last.since)}</time>
                    </span>
                  ) : null}
                </span>
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
                        aria-label={`Details of the last check of ${label}`}
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
                        target={label}
                        onChecked={(report) => {
                          noticeFor(key, undefined);
                          onChecked(report);
                          if (report.diff) setOpen((current) => new Set(current).add(key));
                        }}
                        onFailed={(e) => setErrors((all) => ({ ...all, [key]: e ?? undefined }))}
                      />
                    ) : null}
                    {last && baselineAcceptable(last.status) ? (
                      canAccept ? (
                        <AcceptBaseline
                          client={client}
                          report={last}
                          onAccepted={(outcome) => {
                            noticeFor(key, {
                              kind: 'accepted',
                              text: `Accepted as baseline: now ${driftLabels[outcome.drift.status].toLowerCase()} (history #${outcome.historyId}).`,
                            });
                            onAccepted(outcome);
                          }}
                          onConflict={(conflict) => {
                            noticeFor(key, { kind: 'conflict', error: conflict });
                            onStale();
                          }}
                        />
                      ) : (
                        <a
                          class="button button-secondary button-small"
                          href={pageHref}
                          aria-label={`Review drift: ${label}`}
                        >
                          Review drift
                        </a>
                      )
                    ) : null}
                  </div>
                  {notice ? <RowNoticeView notice={notice} /> : null}
                  {error ? <ErrorMessage title={`Could not check ${label}.`} error={error} /> : null}
                </div>
              </td>
            </tr>
            {expanded && last ? (
              <tr class="drift-detail-row">
                <td colSpan={7} id={detailId}>
                  <DriftFacts
                    report={last}
                    diffLabel={`Drift of ${label}: lines changed since the baseline`}
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
