// The database page's drift part: the state in words and since when, the migration compared with, the full diff,
// "check now", "accept as baseline" for DBAs and workspace owners, and the recent checks.
import { useEffect, useRef, useState } from 'preact/hooks';
import type { ApiClient, ApiError, Me } from '../../api.ts';
import { formatDateTime } from '../../format.ts';
import { hrefFor } from '../../router.ts';
import { useLoad } from '../../use-load.ts';
import { ErrorMessage } from '../error-message.tsx';
import { AcceptBaseline } from './baseline-dialog.tsx';
import { recentChecks, recordedDrift } from './drift-api.ts';
import { DriftBadge } from './drift-badge.tsx';
import { DriftChecksTable } from './drift-checks.tsx';
import { CheckButton } from './drift-panel.tsx';
import { DriftPatch } from './drift-patch.tsx';
import {
  baselineAcceptable,
  canAcceptBaseline,
  canCheckDrift,
  type DriftReport,
  driftExplanations,
  driftLabels,
} from './labels.ts';

const CHECKS_SHOWN = 10;

type Notice = { kind: 'accepted'; text: string } | { kind: 'conflict'; error: ApiError };

/** The migration whose recorded schema the live one is compared with, and when it was recorded. */
function ComparedWith({ baseline }: { baseline: NonNullable<DriftReport['baseline']> }) {
  const what = baseline.version
    ? `Migration ${baseline.version}`
    : baseline.issueId === null
      ? `Baseline accepted from the live schema (history #${baseline.historyId})`
      : `History #${baseline.historyId}`;
  return (
    <>
      {what}
      {baseline.issueId !== null ? (
        <>
          {' of '}
          <a href={hrefFor({ name: 'issue', id: baseline.issueId })}>issue #{baseline.issueId}</a>
        </>
      ) : null}
      {', recorded '}
      <time dateTime={baseline.at}>{formatDateTime(baseline.at)}</time>
    </>
  );
}

function DriftState({ report }: { report: DriftReport }) {
  return (
    <>
      <p class="drift-summary">
        <DriftBadge status={report.status} />
        <span>
          since <time dateTime={report.since}>{formatDateTime(report.since)}</time>
        </span>
      </p>
      <p class="drift-explanation">{driftExplanations[report.status]}</p>
      <dl class="facts">
        <dt>Last checked</dt>
        <dd>
          <time dateTime={report.checkedAt}>{formatDateTime(report.checkedAt)}</time>
        </dd>
        <dt>Compared with</dt>
        <dd>{report.baseline ? <ComparedWith baseline={report.baseline} /> : 'No recorded schema yet'}</dd>
      </dl>
      {report.error ? <p class="warning">{report.error}</p> : null}
      {report.diff ? (
        <DriftPatch
          diff={report.diff}
          label={`Drift of ${report.database}: lines changed since the baseline`}
        />
      ) : null}
    </>
  );
}

export interface DriftSectionProps {
  client: ApiClient;
  me: Me;
  instance: string;
  database: string;
  /** A baseline adds a migration history row: the page reads its history again. */
  onBaselineRecorded: () => void;
}

export function DriftSection({ client, me, instance, database, onBaselineRecorded }: DriftSectionProps) {
  const drift = useLoad(() => recordedDrift(client, instance, database), [client, instance, database]);
  const checks = useLoad(
    () => recentChecks(client, instance, database, CHECKS_SHOWN),
    [client, instance, database],
  );
  const [checkError, setCheckError] = useState<ApiError | null>(null);
  const [notice, setNotice] = useState<Notice | null>(null);
  const noticeRef = useRef<HTMLDivElement>(null);
  const canCheck = canCheckDrift(me);
  const report = drift.state.status === 'ready' ? drift.state.data : null;

  // The outcome of a baseline replaces the button that was pressed: focus goes to the words saying what happened.
  useEffect(() => {
    if (notice) noticeRef.current?.focus();
  }, [notice]);

  return (
    <>
      <section class="panel" aria-labelledby="drift-title">
        <h2 id="drift-title">Drift</h2>
        {drift.state.status === 'loading' ? <p class="muted">Loading the last drift check...</p> : null}
        {drift.state.status === 'failed' ? (
          <ErrorMessage title="The last drift check could not be loaded." error={drift.state.error} />
        ) : null}
        {notice?.kind === 'accepted' ? (
          <div ref={noticeRef} class="success drift-notice" role="status" tabIndex={-1}>
            {notice.text}
          </div>
        ) : null}
        {notice?.kind === 'conflict' ? (
          <div ref={noticeRef} class="error-message drift-notice" role="alert" tabIndex={-1}>
            <strong>The baseline was not accepted.</strong>
            <p>{notice.error.message}</p>
            <p>The state below has been read again.</p>
          </div>
        ) : null}
        {drift.state.status === 'ready' ? (
          <div class="drift-panel">
            {report ? (
              <DriftState report={report} />
            ) : (
              <p>
                <DriftBadge status={null} />{' '}
                <span>No drift check has been recorded for this database yet.</span>
              </p>
            )}
            {canCheck ? (
              <div class="actions">
                <CheckButton
                  client={client}
                  instance={instance}
                  database={database}
                  target={`${database} on ${instance}`}
                  onChecked={(fresh) => {
                    setNotice(null);
                    drift.set(() => fresh);
                    void checks.reload();
                  }}
                  onFailed={setCheckError}
                />
                {report && canAcceptBaseline(me) && baselineAcceptable(report.status) ? (
                  <AcceptBaseline
                    client={client}
                    report={report}
                    onAccepted={(outcome) => {
                      drift.set(() => outcome.drift);
                      setNotice({
                        kind: 'accepted',
                        text: `Accepted as baseline: ${database} on ${instance} is now ${driftLabels[outcome.drift.status].toLowerCase()} (history #${outcome.historyId}).`,
                      });
                      void checks.reload();
                      onBaselineRecorded();
                    }}
                    onConflict={(error) => {
                      setNotice({ kind: 'conflict', error });
                      void drift.reload();
                      void checks.reload();
                    }}
                  />
                ) : null}
              </div>
            ) : (
              <p class="hint">
                Workspace owners and DBAs can run a fresh check and accept the live schema as the baseline.
              </p>
            )}
            {checkError ? <ErrorMessage title="The drift check could not run." error={checkError} /> : null}
          </div>
        ) : null}
      </section>
      <section class="panel" aria-labelledby="checks-title">
        <h2 id="checks-title">Recent checks</h2>
        {checks.state.status === 'loading' ? <p class="muted">Loading the recent checks...</p> : null}
        {checks.state.status === 'failed' ? (
          <ErrorMessage title="The recent checks could not be loaded." error={checks.state.error} />
        ) : null}
        {checks.state.status === 'ready' ? (
          <DriftChecksTable checks={checks.state.data.checks} more={checks.state.data.more} me={me} />
        ) : null}
      </section>
    </>
  );
}
