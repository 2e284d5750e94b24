// Renders the neutral messages as Adaptive Cards 1.5: the approval card, notices and the reason form.
// https://learn.microsoft.com/microsoftteams/platform/task-modules-and-cards/cards/universal-actions-for-adaptive-cards/overview
import { driftBaselineText, driftStateText, driftSummary } from '../../../src/core/messages/drift-card.ts';
import type {
  ApprovalCard,
  BaselineForm,
  ChatMessage,
  DriftCard,
  NoticeMessage,
  ReasonForm,
} from '../../../src/core/messages/types.ts';

export type CardElement = Record<string, unknown>;
export interface AdaptiveCard extends CardElement {
  type: 'AdaptiveCard';
  version: '1.5';
  body: CardElement[];
}

/** Verbs of the card's Action.Execute buttons; an Action.Submit fallback carries the same verb in its data. */
export const VERBS = {
  approve: 'approve',
  reject: 'reject',
  rejectReason: 'reject-reason',
  overrideReason: 'override-reason',
  acceptBaseline: 'accept-baseline',
  baselineReason: 'baseline-reason',
  refresh: 'refresh',
} as const;
/** Id of the reason input; Teams merges input values into the action's data under their ids. */
export const REASON_INPUT = 'reason';
export const ADAPTIVE_CARD = 'application/vnd.microsoft.card.adaptive';

/** Teams refuses bot messages above ~28 KB; long notices are cut well before that. */
const MAX_NOTICE_CHARS = 20_000;

const text = (t: string, extra: CardElement = {}): CardElement => ({
  type: 'TextBlock',
  text: t,
  wrap: true,
  ...extra,
});
/** Localised in the viewer's client: https://learn.microsoft.com/adaptive-cards/authoring-cards/text-features#datetime-formatting-and-localization */
const when = (d: Date) => {
  const iso = new Date(d).toISOString().replace(/\.\d{3}Z$/, 'Z');
  return `{{DATE(${iso},SHORT)}} {{TIME(${iso})}}`;
};
/** Code in a Teams CodeBlock (no markdown applied to it), a monospace TextBlock where CodeBlock is unknown. */
const code = (snippet: string, language = 'sql'): CardElement => ({
  type: 'CodeBlock',
  codeSnippet: snippet,
  language,
  fallback: text(snippet, { fontType: 'Monospace' }),
});

type Key = { issueId: number; round: number; step: number };

/** An Action.Execute for new clients with an Action.Submit fallback carrying the verb in its data. */
export function execute(
  title: string,
  verb: string,
  data: CardElement,
  extra: CardElement = {},
): CardElement {
  return {
    type: 'Action.Execute',
    title,
    verb,
    data,
    ...extra,
    fallback: { type: 'Action.Submit', title, data: { ...data, verb }, ...extra },
  };
}

function pendingActions(card: ApprovalCard, key: Key): CardElement[] {
  const approve = card.confirmApprove
    ? {
        type: 'Action.ShowCard',
        title: 'Approve…',
        card: {
          type: 'AdaptiveCard',
          body: [
            text('**Approve a high-risk change?**'),
            text(
              `Issue #${card.issueId} runs on ${card.databases.join(', ')} in ${card.environments.join(', ')}.`,
            ),
          ],
          actions: [execute('Confirm approval', VERBS.approve, key, { style: 'destructive' })],
        },
      }
    : execute('Approve', VERBS.approve, key, { style: 'positive' });
  return [
    approve,
    execute('Reject', VERBS.reject, key, { style: 'destructive' }),
    { type: 'Action.OpenUrl', title: 'Open', url: card.url },
  ];
}

function decisionText(card: ApprovalCard): string {
  const d = card.decision;
  if (d.state === 'pending') {
    const who = d.approvers.length ? ` (${d.approvers.join(', ')})` : '';
    return `⏳ Step ${d.step} of ${d.steps}: waiting for ${d.role}${who}`;
  }
  if (d.state === 'rollout') return `🚀 ${d.status.replace('_', ' ')}`;
  if (d.state === 'approved') return `✅ Approved by ${d.by} ${when(d.at)}`;
  if (d.state === 'rejected') return `❌ Rejected by ${d.by} ${when(d.at)}${d.reason ? `: ${d.reason}` : ''}`;
  return `🚫 Canceled ${when(d.at)}`;
}

/** The approval card: facts, statement, findings, where the approval stands and, while pending, the buttons. */
export function renderApprovalCard(card: ApprovalCard): AdaptiveCard {
  const pending = card.decision.state === 'pending' && card.step !== null;
  const key = { issueId: card.issueId, round: card.round, step: card.step ?? 0 };
  const body: CardElement[] = [
    text(`#${card.issueId} ${card.title}`, { weight: 'Bolder', size: 'Medium', style: 'heading' }),
    {
      type: 'FactSet',
      facts: [
        { title: 'Project', value: card.project },
        { title: 'Risk', value: card.risk },
        { title: 'Environments', value: card.environments.join(', ') },
        { title: 'Databases', value: card.databases.join(', ') },
        { title: 'Review', value: `${card.review.errors} error(s), ${card.review.warnings} warning(s)` },
        { title: 'Requested by', value: card.creator },
      ],
    },
    code(card.statement),
  ];
  if (card.truncated) body.push(text(`[Full statement](${card.url})`, { size: 'Small' }));
  for (const f of card.review.top)
    body.push(
      text(`${f.level === 'error' ? '🔴' : '🟡'} ${f.database}: ${f.message} (${f.rule})`, {
        size: 'Small',
        spacing: 'Small',
      }),
    );
  for (const h of card.history)
    body.push(text(`Step ${h.step} approved by ${h.by} ${when(h.at)}`, { size: 'Small', isSubtle: true }));
  body.push(text(decisionText(card), { weight: 'Bolder', spacing: 'Medium' }));
  body.push(text(`[Issue #${card.issueId} in Bytebase](${card.url})`, { size: 'Small', isSubtle: true }));
  return {
    type: 'AdaptiveCard',
    $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
    version: '1.5',
    // A manual "Refresh" brings anyone's view of the card up to date; no user is refreshed automatically.
    refresh: { action: { type: 'Action.Execute', verb: VERBS.refresh, data: key }, userIds: [] },
    body,
    actions: pending ? pendingActions(card, key) : [{ type: 'Action.OpenUrl', title: 'Open', url: card.url }],
  };
}

/** A notice as a card: one TextBlock per line (so markdown never joins them), code in a CodeBlock. */
export function renderNoticeCard(n: NoticeMessage): AdaptiveCard {
  const body: CardElement[] = [];
  if (n.title) body.push(text(n.title, { weight: 'Bolder' }));
  let budget = MAX_NOTICE_CHARS;
  for (const line of n.lines) {
    if (budget <= 0) {
      body.push(text('…'));
      break;
    }
    budget -= line.length;
    body.push(text(line || ' ', { spacing: 'None' }));
  }
  if (n.code) body.push(code(n.code.slice(0, Math.max(1000, budget))));
  if (n.link) body.push(text(`[${n.link.label}](${n.link.url})`, { size: 'Small' }));
  return {
    type: 'AdaptiveCard',
    $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
    version: '1.5',
    body,
  };
}

/**
 * The drift card: database, environment, project, state, the migration compared with, the diff's first lines,
 * and Accept as baseline while drifted. Its data names the state (`databaseId`, `seq`), so a stale card accepts
 * nothing later.
 */
export function renderDriftCard(card: DriftCard): AdaptiveCard {
  const key = { databaseId: card.databaseId, seq: card.seq };
  const body: CardElement[] = [
    text(`Schema drift: ${card.database}`, { weight: 'Bolder', size: 'Medium', style: 'heading' }),
    {
      type: 'FactSet',
      facts: [
        { title: 'Database', value: `${card.database} on ${card.instance}` },
        { title: 'Environment', value: card.environment },
        { title: 'Project', value: card.project },
        { title: 'Checked', value: when(card.checkedAt) },
      ],
    },
    text(driftStateText(card), { weight: 'Bolder', spacing: 'Medium' }),
    text(driftBaselineText(card), { size: 'Small', isSubtle: true }),
  ];
  if (card.diff?.lines.length) {
    body.push(code(card.diff.lines.join('\n'), 'PlainText'));
    if (card.diff.more > 0)
      body.push(text(`${card.diff.more} more lines — [Open](${card.url})`, { size: 'Small' }));
  }
  const open = { type: 'Action.OpenUrl', title: 'Open', url: card.url };
  return {
    type: 'AdaptiveCard',
    $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
    version: '1.5',
    refresh: { action: { type: 'Action.Execute', verb: VERBS.refresh, data: key }, userIds: [] },
    body,
    actions: card.acceptable
      ? [execute('Accept as baseline', VERBS.acceptBaseline, key, { style: 'positive' }), open]
      : [open],
  };
}

/** What a reason form's buttons carry and which verb submits it. */
function formAction(form: ReasonForm | BaselineForm): { key: CardElement; verb: string } {
  if (form.purpose === 'baseline')
    return { key: { databaseId: form.databaseId, seq: form.seq }, verb: VERBS.baselineReason };
  return {
    key: { issueId: form.issueId, round: form.round, step: form.step },
    verb: form.purpose === 'reject' ? VERBS.rejectReason : VERBS.overrideReason,
  };
}

/** The form asking for a reason; its buttons carry the step (or drift state) so the answer decides nothing later. */
export function renderReasonCard(form: ReasonForm | BaselineForm): AdaptiveCard {
  const { key, verb } = formAction(form);
  return {
    type: 'AdaptiveCard',
    $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
    version: '1.5',
    body: [
      text(form.title, { weight: 'Bolder', size: 'Medium' }),
      {
        type: 'Input.Text',
        id: REASON_INPUT,
        label: form.prompt,
        isMultiline: true,
        isRequired: true,
        maxLength: 2000,
        errorMessage: 'A reason is required.',
      },
    ],
    actions: [
      execute(form.submitLabel, verb, key, {
        style: form.purpose === 'baseline' ? 'positive' : 'destructive',
      }),
      execute('Cancel', VERBS.refresh, key, { associatedInputs: 'none' }),
    ],
  };
}

/** Plain text of a notice, for invoke message answers and notification summaries. */
export const noticeText = (n: NoticeMessage) => [n.title, ...n.lines].filter(Boolean).join('\n');

/** A message activity carrying one Adaptive Card. */
export function cardActivity(card: AdaptiveCard, summary: string): Record<string, unknown> {
  return {
    type: 'message',
    summary: summary.length > 200 ? `${summary.slice(0, 199)}…` : summary,
    attachments: [{ contentType: ADAPTIVE_CARD, content: card }],
  };
}

/** The activity of any neutral message. */
export function renderMessage(message: ChatMessage): Record<string, unknown> {
  if (message.kind === 'approval_card') {
    const state =
      message.decision.state === 'pending' ? `waiting for ${message.decision.role}` : message.decision.state;
    return cardActivity(renderApprovalCard(message), `Issue #${message.issueId} ${message.title}: ${state}`);
  }
  if (message.kind === 'drift_card') return cardActivity(renderDriftCard(message), driftSummary(message));
  return cardActivity(renderNoticeCard(message), noticeText(message));
}
