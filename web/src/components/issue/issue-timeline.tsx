// The issue's events, oldest first: created, decisions, retries and skips, the rollout's end.
import { compactDetails, formatDateTime } from '../../format.ts';
import { approverTitle, channelLabel, type IssueView, statusLabel } from './issue-model.ts';

const kindLabels: Record<string, string> = {
  created: 'Created',
  approved: 'Approved',
  rejected: 'Rejected',
  resubmitted: 'Resubmitted',
  canceled: 'Canceled',
  task_retried: 'Task retried',
  task_skipped: 'Task skipped',
  rollout_finished: 'Rollout finished',
};

/** Names people the view knows (creator and deciders); others by id. */
function peopleOf(view: IssueView): Map<number, string> {
  const people = new Map<number, string>();
  if (view.issue.creator)
    people.set(view.issue.creator.id, view.issue.creator.name || view.issue.creator.email);
  for (const a of view.approvals)
    if (a.decidedBy) people.set(a.decidedBy.id, a.decidedBy.name || a.decidedBy.email);
  return people;
}

/** The payload in words for the kinds the service writes; anything else as compact key/value text. */
function describe(kind: string, rest: Record<string, unknown>): string {
  const parts: string[] = [];
  const { step, round, channel, reason, status, risk, steps, final: _final, ...other } = rest;
  if (typeof risk === 'string') parts.push(`risk ${risk}`);
  if (Array.isArray(steps))
    parts.push(
      steps.length ? `steps: ${steps.map((s) => approverTitle(String(s))).join(', ')}` : 'no approval needed',
    );
  if (typeof step === 'number')
    parts.push(`step ${step}${typeof round === 'number' ? ` of round ${round}` : ''}`);
  else if (typeof round === 'number') parts.push(`round ${round}`);
  if (typeof channel === 'string') parts.push(`in ${channelLabel(channel)}`);
  if (typeof status === 'string' && kind === 'rollout_finished')
    parts.push(statusLabel(status).toLowerCase());
  else if (typeof status === 'string') parts.push(`status ${status}`);
  if (typeof reason === 'string' && reason) parts.push(`reason: ${reason}`);
  const leftover = compactDetails(other);
  if (leftover) parts.push(leftover);
  return parts.join(' · ');
}

export function IssueTimeline({ view }: { view: IssueView }) {
  const people = peopleOf(view);
  const tasks = new Map(
    view.stages.flatMap((s) => s.tasks.map((t) => [t.id, `${t.database} on ${t.instance}`])),
  );
  return (
    <section class="panel" aria-labelledby="timeline-title">
      <h2 id="timeline-title">Timeline</h2>
      <ol class="timeline">
        {view.events.map((event, i) => {
          const { by, taskId, ...rest } = event.payload as { by?: unknown; taskId?: unknown } & Record<
            string,
            unknown
          >;
          const who = typeof by === 'number' ? (people.get(by) ?? `user #${by}`) : null;
          const task = typeof taskId === 'number' ? (tasks.get(taskId) ?? `task #${taskId}`) : null;
          const details = describe(event.kind, rest);
          return (
            <li key={i}>
              <span class="muted small timeline-at">{formatDateTime(event.createdAt)}</span>
              <span>
                <strong>{kindLabels[event.kind] ?? event.kind}</strong>
                {task ? ` · ${task}` : ''}
                {who ? ` · by ${who}` : ''}
                {details ? <span class="muted small"> · {details}</span> : null}
              </span>
            </li>
          );
        })}
      </ol>
    </section>
  );
}
