// A button that asks once more, in place, before a change that is hard to undo (deactivate, revoke, remove).
import { useEffect, useRef, useState } from 'preact/hooks';

export interface ConfirmButtonProps {
  /** The button's text, e.g. "Revoke". */
  label: string;
  /** Accessible name when the text alone is ambiguous in a list, e.g. "Revoke token ci". */
  ariaLabel?: string;
  /** The question shown after the first press, e.g. "Revoke ci? Programs using it stop working." */
  question: string;
  /** The confirming button's text, e.g. "Yes, revoke". */
  confirmLabel: string;
  /** Resolves when done; a rejection is the caller's to show, the question closes either way. */
  onConfirm: () => Promise<void>;
  danger?: boolean;
  disabled?: boolean;
}

export function ConfirmButton(props: ConfirmButtonProps) {
  const [asking, setAsking] = useState(false);
  const [busy, setBusy] = useState(false);
  const confirmRef = useRef<HTMLButtonElement>(null);
  const openerRef = useRef<HTMLButtonElement>(null);
  const wasAsking = useRef(false);

  // Focus follows the question: onto its confirm button when it opens, back to the opener when it closes.
  useEffect(() => {
    if (asking) confirmRef.current?.focus();
    else if (wasAsking.current) openerRef.current?.focus();
    wasAsking.current = asking;
  }, [asking]);

  if (!asking) {
    return (
      <button
        ref={openerRef}
        type="button"
        class={
          props.danger ? 'button button-small button-danger-outline' : 'button button-small button-secondary'
        }
        aria-label={props.ariaLabel}
        disabled={props.disabled}
        onClick={() => setAsking(true)}
      >
        {props.label}
      </button>
    );
  }

  async function confirm() {
    setBusy(true);
    try {
      await props.onConfirm();
    } catch {
      // The caller shows the error next to the row; the question is answered either way.
    } finally {
      setBusy(false);
      setAsking(false);
    }
  }

  return (
    <fieldset class="confirm">
      <legend>{props.question}</legend>
      <div class="actions">
        <button
          ref={confirmRef}
          type="button"
          class={props.danger ? 'button button-small button-danger' : 'button button-small'}
          disabled={busy}
          onClick={() => void confirm()}
        >
          {busy ? 'Working...' : props.confirmLabel}
        </button>
        <button
          type="button"
          class="button button-small button-secondary"
          disabled={busy}
          onClick={() => setAsking(false)}
        >
          Cancel
        </button>
      </div>
    </fieldset>
  );
}
