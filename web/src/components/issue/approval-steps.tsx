// Approval steps by round: who may decide each (DBA or project owner) and what was decided, by whom and how.
import { formatDateTime } from '../../format.ts';
import { type ApprovalStep, approverTitle, channelLabel, statusLabel, statusTone } from './issue-model.ts';

export function ApprovalSteps({ approvals }: { approvals: ApprovalStep[] }) {
  const rounds = [...new Set(approvals.map((a) => a.round))].sort((a, b) => b - a);
  return (
    <section class="panel" aria-labelledby="approvals-title">
      <h2 id="approvals-title">Approval</h2>
      {approvals.length === 0 ? <p class="muted">This issue needs no approval.</p> : null}
      {rounds.map((round, index) => (
        <div key={round} class="round">
          {rounds.length > 1 ? (
            <h3>
              Round {round}
              {index === 0 ? '' : ' (earlier)'}
            </h3>
          ) : null}
          <ol class="steps">
            {approvals
              .filter((a) => a.round === round)
              .sort((a, b) => a.step - b.step)
              .map((a) => (
                <li key={a.id} class="step">
                  <div class="step-head">
                    <strong>
                      Step {a.step}: {approverTitle(a.role)}
                    </strong>
                    <span class={`status status-${statusTone(a.status)}`}>{statusLabel(a.status)}</span>
                  </div>
                  {a.status === 'pending' ? (
                    <p class="small muted">
                      Waiting for{' '}
                      {a.role === 'dba' ? 'a DBA or a workspace owner' : 'an owner of the project'}.
                    </p>
                  ) : null}
                  {a.decidedBy || a.decidedAt ? (
                    <p class="small">
                      {statusLabel(a.status)} by{' '}
                      {a.decidedBy ? a.decidedBy.name || a.decidedBy.email : 'someone'}
                      {a.decidedAt ? `, ${formatDateTime(a.decidedAt)}` : ''}
                      {a.channel ? ` in ${channelLabel(a.channel)}` : ''}
                    </p>
                  ) : null}
                  {a.reason ? (
                    <p class="small">
                      <span class="muted">Reason:</span> {a.reason}
                    </p>
                  ) : null}
                  {a.overrideReason ? (
                    <p class="small override">
                      <span class="muted">Review errors accepted:</span> {a.overrideReason}
                    </p>
                  ) : null}
                </li>
              ))}
          </ol>
        </div>
      ))}
    </section>
  );
}
