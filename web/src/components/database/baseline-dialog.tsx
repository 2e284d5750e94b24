// "Accept as baseline": a modal dialog that asks why, then records the live schema as the database's baseline for
// the drift state the person saw (its seq). A state that changed meanwhile is the caller's to show and reload.
import { useEffect, useId, useRef, useState } from 'preact/hooks';
import { type ApiClient, type ApiError, asApiError } from '../../api.ts';
import { formatDateTime } from '../../format.ts';
import { acceptBaseline, type BaselineAccepted } from './drift-api.ts';
import { type DriftReport, driftLabels } from './labels.ts';

export interface AcceptBaselineProps {
  client: ApiClient;
  /** The state shown; its seq goes with the request. */
  report: DriftReport;
  onAccepted: (outcome: BaselineAccepted) => void;
  /** The server refused with 409 (the state changed since it was shown, or a change runs); nothing was recorded. */
  onConflict: (error: ApiError) => void;
}

export function AcceptBaseline({ client, report, onAccepted, onConflict }: AcceptBaselineProps) {
  const [open, setOpen] = useState(false);
  const [reason, setReason] = useState('');
  const [missing, setMissing] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const dialogRef = useRef<HTMLDialogElement>(null);
  const openerRef = useRef<HTMLButtonElement>(null);
  const reasonRef = useRef<HTMLTextAreaElement>(null);
  const id = useId();
  const target = `${report.database} on ${report.instance}`;

  useEffect(() => {
    const dialog = dialogRef.current;
    if (!dialog) return;
    if (open && !dialog.open) {
      dialog.showModal();
      reasonRef.current?.focus();
    } else if (!open && dialog.open) dialog.close();
  }, [open]);

  function close() {
    setOpen(false);
    setError(null);
    setMissing(false);
    openerRef.current?.focus();
  }

  async function submit(event: Event) {
    event.preventDefault();
    const text = reason.trim();
    if (!text) {
      setMissing(true);
      reasonRef.current?.focus();
      return;
    }
    setBusy(true);
    setError(null);
    try {
      const outcome = await acceptBaseline(client, report, { reason: text, seq: report.seq });
      setOpen(false);
      setReason('');
      onAccepted(outcome);
    } catch (caught) {
      const failure = asApiError(caught);
      if (failure.status === 409) {
        setOpen(false);
        onConflict(failure);
      } else setError(failure);
    } finally {
      setBusy(false);
    }
  }

  const hintId = `${id}-hint`;
  const missingId = `${id}-missing`;
  return (
    <>
      <button
        ref={openerRef}
        type="button"
        class="button button-small"
        aria-haspopup="dialog"
        aria-label={`Accept as baseline: ${target}`}
        onClick={() => setOpen(true)}
      >
        Accept as baseline
      </button>
      <dialog
        ref={dialogRef}
        class="dialog"
        aria-labelledby={`${id}-title`}
        aria-describedby={`${id}-what`}
        onClose={() => {
          // Escape closes the dialog natively; keep the state and focus in step.
          if (open) close();
        }}
      >
        <form class="dialog-form" noValidate onSubmit={(e) => void submit(e)}>
          <h2 id={`${id}-title`}>Accept the live schema of {target} as its baseline?</h2>
          <p id={`${id}-what`}>
            Later checks compare with the live schema as it is now. Nothing runs on the database; the
            migration history and the audit log record your decision and its reason.
          </p>
          <p class="hint">
            Shown state: {driftLabels[report.status]} since{' '}
            <time dateTime={report.since}>{formatDateTime(report.since)}</time>. If it changes before you
            confirm, nothing is recorded.
          </p>
          <label for={`${id}-reason`}>Reason (required)</label>
          <textarea
            ref={reasonRef}
            id={`${id}-reason`}
            rows={3}
            maxLength={1000}
            required
            aria-required="true"
            aria-invalid={missing}
            aria-describedby={missing ? `${missingId} ${hintId}` : hintId}
            value={reason}
            onInput={(e) => {
              setReason(e.currentTarget.value);
              if (e.currentTarget.value.trim()) setMissing(false);
            }}
          />
          <p id={hintId} class="hint">
            For example: "index added by hand during the incident; it stays".
          </p>
          {missing ? (
            <p id={missingId} class="field-error" role="alert">
              Say why the live schema becomes the baseline.
            </p>
          ) : null}
          {error ? (
            <div class="error-message" role="alert">
              <strong>The baseline was not recorded.</strong>
              <p>{error.message}</p>
            </div>
          ) : null}
          <div class="actions">
            <button type="submit" class="button" disabled={busy} aria-busy={busy}>
              {busy ? 'Recording...' : 'Accept as baseline'}
            </button>
            <button type="button" class="button button-secondary" disabled={busy} onClick={close}>
              Cancel
            </button>
          </div>
        </form>
      </dialog>
    </>
  );
}
