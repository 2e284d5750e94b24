// A drift check's facts and "check now", as the drift board and the database page show them.
import { useState } from 'preact/hooks';
import { type ApiClient, type ApiError, asApiError } from '../../api.ts';
import { formatDateTime } from '../../format.ts';
import { hrefFor } from '../../router.ts';
import { checkNow } from './drift-api.ts';
import { DriftBadge } from './drift-badge.tsx';
import { DriftDiff } from './drift-diff.tsx';
import { type DriftReport, driftExplanations } from './labels.ts';

/** The check's facts: when, against which migration, why it failed; the diff when drifted. */
export function DriftFacts({ report, diffLabel }: { report: DriftReport; diffLabel: string }) {
  return (
    <>
      <p class="drift-summary">
        <DriftBadge status={report.status} /> <span>{driftExplanations[report.status]}</span>
      </p>
      <dl class="facts">
        <dt>Since</dt>
        <dd>
          <time dateTime={report.since}>{formatDateTime(report.since)}</time>
        </dd>
        <dt>Checked</dt>
        <dd>
          <time dateTime={report.checkedAt}>{formatDateTime(report.checkedAt)}</time>
        </dd>
        {report.baseline ? (
          <>
            <dt>Baseline</dt>
            <dd>
              {report.baseline.version
                ? `version ${report.baseline.version}`
                : `history #${report.baseline.historyId}`}
              {report.baseline.issueId !== null ? (
                <>
                  {' from '}
                  <a href={hrefFor({ name: 'issue', id: report.baseline.issueId })}>
                    issue #{report.baseline.issueId}
                  </a>
                </>
              ) : null}
              {', applied '}
              <time dateTime={report.baseline.at}>{formatDateTime(report.baseline.at)}</time>
            </dd>
          </>
        ) : null}
      </dl>
      {report.error ? <p class="warning">{report.error}</p> : null}
      {report.diff ? <DriftDiff diff={report.diff} label={diffLabel} /> : null}
    </>
  );
}

export interface CheckButtonProps {
  client: ApiClient;
  instance: string;
  database: string;
  onChecked: (report: DriftReport) => void;
  onFailed: (error: ApiError | null) => void;
  /** What is checked, for the accessible name: `shop on prod-db` makes "Check now: shop on prod-db". */
  target: string;
}

/** "Check now": busy while the target is read; the page shows the outcome or the server's error. */
export function CheckButton({ client, instance, database, onChecked, onFailed, target }: CheckButtonProps) {
  const [busy, setBusy] = useState(false);
  async function run() {
    setBusy(true);
    onFailed(null);
    try {
      onChecked(await checkNow(client, instance, database));
    } catch (caught) {
      onFailed(asApiError(caught));
    } finally {
      setBusy(false);
    }
  }
  return (
    <button
      type="button"
      class="button button-small"
      aria-label={`${busy ? 'Checking...' : 'Check now'}: ${target}`}
      disabled={busy}
      aria-busy={busy}
      onClick={() => void run()}
    >
      {busy ? 'Checking...' : 'Check now'}
    </button>
  );
}
