// What the viewer may do with the issue now: approve or reject the waiting step, cancel, resubmit.
import { useState } from 'preact/hooks';
import type { ApiClient } from '../../api.ts';
import { ConfirmButton } from '../confirm-button.tsx';
import { ErrorMessage } from '../error-message.tsx';
import { approverLabel, type IssueView, type ViewerRights, waitingStep } from './issue-model.ts';
import { useAction } from './use-action.ts';

export interface IssueActionsProps {
  client: ApiClient;
  view: IssueView;
  rights: ViewerRights;
  onChanged: (view: IssueView) => void;
}

export function IssueActions({ client, view, rights, onChanged }: IssueActionsProps) {
  const step = waitingStep(view);
  const action = useAction();
  const [mode, setMode] = useState<'idle' | 'approve' | 'reject'>('idle');
  const [overrideReason, setOverrideReason] = useState('');
  const [rejectReason, setRejectReason] = useState('');
  const id = view.issue.id;
  const path = { id };
  const errors = view.issue.review?.errorCount ?? 0;
  const askOverride = rights.needsOverride && step?.role === 'dba';

  const approve = async (event?: Event) => {
    event?.preventDefault();
    if (!step) return;
    const ok = await action.run(async () => {
      // The step shown: a page that is out of date never decides a later step.
      const body = {
        round: step.round,
        step: step.step,
        ...(askOverride ? { overrideReason } : {}),
      };
      onChanged(client.unwrap(await client.raw.POST('/issues/{id}/approve', { params: { path }, body })));
    });
    if (ok) setMode('idle');
  };
  const reject = async (event: Event) => {
    event.preventDefault();
    if (!step) return;
    const ok = await action.run(async () => {
      const body = { round: step.round, step: step.step, reason: rejectReason };
      onChanged(client.unwrap(await client.raw.POST('/issues/{id}/reject', { params: { path }, body })));
    });
    if (ok) {
      setMode('idle');
      setRejectReason('');
    }
  };
  const cancel = async () => {
    await action.run(async () => {
      onChanged(client.unwrap(await client.raw.POST('/issues/{id}/cancel', { params: { path } })));
    });
  };
  const resubmit = () =>
    action.run(async () => {
      onChanged(client.unwrap(await client.raw.POST('/issues/{id}/resubmit', { params: { path } })));
    });

  const offered = rights.decide || rights.cancel || rights.resubmit;
  return (
    <section class="panel issue-actions" aria-labelledby="actions-title">
      <h2 id="actions-title">What you can do</h2>
      {step && !rights.decide ? (
        <p class="muted">
          Step {step.step} waits for {approverLabel(step.role)}; you cannot decide it.
        </p>
      ) : null}
      {!offered ? <p class="muted">Nothing: this issue needs no action from you now.</p> : null}
      {rights.decide && step ? (
        <p>
          Step {step.step} of round {step.round} waits for {approverLabel(step.role)}: you can decide it.
        </p>
      ) : null}
      {mode === 'approve' && step ? (
        <form class="decision" onSubmit={(e) => void approve(e)}>
          <p class="warning">
            The review found {errors} error{errors === 1 ? '' : 's'}. Approving accepts them; say why.
          </p>
          <label for="override-reason">Why accept the review errors?</label>
          <textarea
            id="override-reason"
            rows={3}
            required
            maxLength={2000}
            value={overrideReason}
            onInput={(e) => setOverrideReason(e.currentTarget.value)}
          />
          <div class="actions">
            <button type="submit" class="button" disabled={action.busy || overrideReason.trim() === ''}>
              {action.busy ? 'Approving...' : 'Approve with override'}
            </button>
            <button type="button" class="button button-secondary" onClick={() => setMode('idle')}>
              Back
            </button>
          </div>
        </form>
      ) : null}
      {mode === 'reject' && step ? (
        <form class="decision" onSubmit={(e) => void reject(e)}>
          <label for="reject-reason">Why reject it?</label>
          <textarea
            id="reject-reason"
            rows={3}
            required
            maxLength={2000}
            value={rejectReason}
            onInput={(e) => setRejectReason(e.currentTarget.value)}
          />
          <div class="actions">
            <button
              type="submit"
              class="button button-danger"
              disabled={action.busy || rejectReason.trim() === ''}
            >
              {action.busy ? 'Rejecting...' : 'Reject'}
            </button>
            <button type="button" class="button button-secondary" onClick={() => setMode('idle')}>
              Back
            </button>
          </div>
        </form>
      ) : null}
      {mode === 'idle' && offered ? (
        <div class="actions">
          {rights.decide && step ? (
            <>
              <button
                type="button"
                class="button"
                disabled={action.busy}
                onClick={() => (askOverride ? setMode('approve') : void approve())}
              >
                {askOverride ? 'Approve...' : action.busy ? 'Approving...' : 'Approve'}
              </button>
              <button
                type="button"
                class="button button-danger-outline"
                disabled={action.busy}
                onClick={() => setMode('reject')}
              >
                Reject...
              </button>
            </>
          ) : null}
          {rights.resubmit ? (
            <button type="button" class="button" disabled={action.busy} onClick={() => void resubmit()}>
              {action.busy ? 'Resubmitting...' : 'Resubmit for approval'}
            </button>
          ) : null}
          {rights.cancel ? (
            <ConfirmButton
              label="Cancel issue"
              question="Cancel this issue? Tasks that have not run will not run."
              confirmLabel="Yes, cancel it"
              danger
              onConfirm={cancel}
            />
          ) : null}
        </div>
      ) : null}
      {action.error ? <ErrorMessage title="The server refused." error={action.error} /> : null}
    </section>
  );
}
