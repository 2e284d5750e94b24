// Renders the neutral messages as Feishu card JSON 2.0: the approval card, notices, and the reason form.
// https://open.feishu.cn/document/feishu-cards/card-json-v2-structure
import { driftBaselineText, driftStateText, driftSummary } from '../../../src/core/messages/drift-card.ts';
import type {
  ApprovalCard,
  BaselineForm,
  ChatMessage,
  DriftCard,
  NoticeMessage,
  ReasonForm,
} from '../../../src/core/messages/types.ts';

export type FeishuCard = Record<string, unknown>;
type Element = Record<string, unknown>;

/**
 * What the card's callback buttons carry in `behaviors[].value`: on approval cards the key is
 * `issueId:round:step`, on drift cards (Accept as baseline, the baseline reason form) `databaseId:seq`.
 */
export type ButtonValue =
  | { action: 'approve' | 'reject'; key: string }
  | { action: 'reason'; purpose: ReasonForm['purpose']; key: string; dm?: true }
  | { action: 'cancel'; issue: number; dm?: true }
  | { action: 'accept_baseline'; key: string }
  | { action: 'reason'; purpose: BaselineForm['purpose']; key: string; dm?: true }
  | { action: 'cancel'; database: number; dm?: true };

/** Names of the reason form and its fields; `form_value.reason` comes back on submit. */
export const REASON_FORM = 'reason_form';
export const REASON_INPUT = 'reason';

/** Cards hold 30 KB; long text is cut well before that. */
const MAX_TEXT = 8000;
const cut = (s: string, max = MAX_TEXT) => (s.length > max ? `${s.slice(0, max - 1)}…` : s);
const plain = (content: string) => ({ tag: 'plain_text', content });
/** Plain text is never read as markdown, so names, titles and reasons cannot inject links or mentions. */
const text = (content: string): Element => ({ tag: 'div', text: plain(cut(content)) });
const markdown = (content: string): Element => ({ tag: 'markdown', content });
/** A fenced block; a fence inside the text is broken with a zero-width space so it cannot end the block. */
const code = (content: string, lang = '') =>
  markdown(`\`\`\`${lang}\n${cut(content).replace(/```/g, '`\u200b``')}\n\`\`\``);
const mdLink = (url: string, label: string) => `[${label.replace(/[[\]()]/g, '')}](${encodeURI(url)})`;
const stamp = (d: Date) => `${d.toISOString().replace('T', ' ').slice(0, 16)} UTC`;
const keyOf = (c: { issueId: number; round: number; step: number }) => `${c.issueId}:${c.round}:${c.step}`;
const driftKeyOf = (c: { databaseId: number; seq: number }) => `${c.databaseId}:${c.seq}`;
const openButton = (url: string): Element => ({
  tag: 'button',
  text: plain('Open'),
  type: 'default',
  behaviors: [{ type: 'open_url', default_url: url }],
});

const RISK_TEMPLATE: Record<ApprovalCard['risk'], string> = { low: 'green', moderate: 'orange', high: 'red' };

function button(label: string, type: string, value: ButtonValue, extra: Element = {}): Element {
  return { tag: 'button', text: plain(label), type, behaviors: [{ type: 'callback', value }], ...extra };
}

const row = (elements: Element[]): Element => ({
  tag: 'column_set',
  flex_mode: 'none',
  horizontal_spacing: '8px',
  columns: elements.map((e) => ({ tag: 'column', width: 'auto', elements: [e] })),
});

function fact(label: string, value: string): Element[] {
  return [markdown(`**${label}**`), text(value)];
}

function decisionElements(card: ApprovalCard): Element[] {
  const d = card.decision;
  if (d.state === 'pending' && card.step !== null) {
    const who = d.approvers.length ? ` (${d.approvers.join(', ')})` : '';
    const key = keyOf({ issueId: card.issueId, round: card.round, step: card.step });
    const approve = button('Approve', 'primary', { action: 'approve', key });
    // https://open.feishu.cn/document/feishu-cards/card-json-v2-components/interactive-components/button
    if (card.confirmApprove)
      approve.confirm = {
        title: plain('Approve a high-risk change?'),
        text: plain(
          `Issue #${card.issueId} runs on ${card.databases.join(', ')} in ${card.environments.join(', ')}.`,
        ),
      };
    return [
      text(`⏳ Step ${d.step} of ${d.steps}: waiting for ${d.role}${who}`),
      row([approve, button('Reject', 'danger', { action: 'reject', key }), openButton(card.url)]),
    ];
  }
  if (d.state === 'pending') return [text(`⏳ Step ${d.step} of ${d.steps}: waiting for ${d.role}`)];
  if (d.state === 'rollout') return [text(`🚀 ${d.status.replace('_', ' ')}`)];
  if (d.state === 'approved') return [text(`✅ Approved by ${d.by} at ${stamp(d.at)}`)];
  if (d.state === 'rejected')
    return [text(`❌ Rejected by ${d.by} at ${stamp(d.at)}${d.reason ? `: ${d.reason}` : ''}`)];
  return [text(`🚫 Canceled at ${stamp(d.at)}`)];
}

/** One-line state of a card, for the chat list preview (`config.summary`). */
export function cardSummary(card: ApprovalCard): string {
  const state = card.decision.state === 'pending' ? `waiting for ${card.decision.role}` : card.decision.state;
  return `Issue #${card.issueId} ${card.title} (${card.project}): ${state}`;
}

/** The facts of an issue: everything on the card but the decision. */
function cardFacts(card: ApprovalCard): Element[] {
  const review = `${card.review.errors} error(s), ${card.review.warnings} warning(s)`;
  const elements: Element[] = [
    {
      tag: 'column_set',
      flex_mode: 'bisect',
      columns: [
        {
          tag: 'column',
          width: 'weighted',
          weight: 1,
          elements: [
            ...fact('Project', card.project),
            ...fact('Environments', card.environments.join(', ')),
            ...fact('Review', review),
          ],
        },
        {
          tag: 'column',
          width: 'weighted',
          weight: 1,
          elements: [
            ...fact('Risk', card.risk),
            ...fact('Databases', card.databases.join(', ')),
            ...fact('Requested by', card.creator),
          ],
        },
      ],
    },
    code(card.statement, 'sql'),
  ];
  // The link is text as well as a button, so it can be copied and is there on clients without buttons.
  elements.push(
    markdown(
      card.truncated
        ? `${mdLink(card.url, 'Full statement')} · ${card.url}`
        : `${mdLink(card.url, `Issue #${card.issueId}`)} · ${card.url}`,
    ),
  );
  if (card.review.top.length)
    elements.push(
      text(
        card.review.top
          .map((f) => `${f.level === 'error' ? '🔴' : '🟡'} ${f.database}: ${f.message} (${f.rule})`)
          .join('\n'),
      ),
    );
  if (card.history.length)
    elements.push(
      text(card.history.map((h) => `Step ${h.step} approved by ${h.by} at ${stamp(h.at)}`).join('\n')),
    );
  return elements;
}

function cardShell(card: ApprovalCard, elements: Element[]): FeishuCard {
  return {
    schema: '2.0',
    // Shared cards: one state for everyone, and PATCH (update) only works on cards sent with update_multi.
    config: { update_multi: true, width_mode: 'fill', summary: { content: cut(cardSummary(card), 120) } },
    header: {
      title: plain(cut(`#${card.issueId} ${card.title}`, 200)),
      subtitle: plain(`${card.project} · ${card.risk} risk`),
      template: RISK_TEMPLATE[card.risk],
    },
    body: { elements },
  };
}

/** The approval card: facts, then buttons while a step is pending, or who decided and when. */
export function renderCard(card: ApprovalCard): FeishuCard {
  return cardShell(card, [...cardFacts(card), { tag: 'hr' }, ...decisionElements(card)]);
}

/** A notice as a shared card, so a status message can be edited in place later. */
export function renderNotice(n: NoticeMessage): FeishuCard {
  const elements: Element[] = [];
  if (n.lines.length) elements.push(text(n.lines.join('\n')));
  if (n.code) elements.push(code(n.code));
  if (n.link) elements.push(markdown(mdLink(n.link.url, n.link.label)));
  const summary = [n.title, ...n.lines].filter(Boolean).join(' ');
  return {
    schema: '2.0',
    config: { update_multi: true, width_mode: 'fill', summary: { content: cut(summary, 120) } },
    ...(n.title ? { header: { title: plain(cut(n.title, 200)), template: 'blue' } } : {}),
    body: { elements },
  };
}

const DRIFT_TEMPLATE: Record<DriftCard['status'], string> = {
  drifted: 'red',
  unreachable: 'orange',
  no_baseline: 'grey',
  in_sync: 'green',
};

/** The facts of a drift card: everything but its buttons. */
function driftFacts(card: DriftCard): Element[] {
  const elements: Element[] = [
    {
      tag: 'column_set',
      flex_mode: 'bisect',
      columns: [
        {
          tag: 'column',
          width: 'weighted',
          weight: 1,
          elements: [
            ...fact('Database', `${card.database} on ${card.instance}`),
            ...fact('Project', card.project),
          ],
        },
        {
          tag: 'column',
          width: 'weighted',
          weight: 1,
          elements: [...fact('Environment', card.environment), ...fact('Checked', stamp(card.checkedAt))],
        },
      ],
    },
    text(driftStateText(card)),
    text(driftBaselineText(card)),
  ];
  if (card.diff?.lines.length) {
    elements.push(code(card.diff.lines.join('\n')));
    if (card.diff.more > 0)
      elements.push(markdown(`${card.diff.more} more lines — ${mdLink(card.url, 'Open')}`));
  }
  return elements;
}

function driftShell(card: DriftCard, elements: Element[]): FeishuCard {
  return {
    schema: '2.0',
    config: { update_multi: true, width_mode: 'fill', summary: { content: cut(driftSummary(card), 120) } },
    header: {
      title: plain(cut(`Schema drift: ${card.database}`, 200)),
      subtitle: plain(`${card.project} · ${card.environment}`),
      template: DRIFT_TEMPLATE[card.status],
    },
    body: { elements },
  };
}

/** The drift card: facts, the diff's first lines, Accept as baseline while drifted, and Open. */
export function renderDriftCard(card: DriftCard): FeishuCard {
  const buttons = card.acceptable
    ? [
        button('Accept as baseline', 'primary', { action: 'accept_baseline', key: driftKeyOf(card) }),
        openButton(card.url),
      ]
    : [openButton(card.url)];
  return driftShell(card, [...driftFacts(card), { tag: 'hr' }, row(buttons)]);
}

/** Card JSON of any neutral message. */
export function renderMessage(message: ChatMessage): FeishuCard {
  if (message.kind === 'approval_card') return renderCard(message);
  if (message.kind === 'drift_card') return renderDriftCard(message);
  return renderNotice(message);
}

/** The submit and cancel values of a reason form: its step, or the drift state it answers. */
function formValues(form: ReasonForm | BaselineForm, dm: { dm?: true }): [ButtonValue, ButtonValue] {
  if (form.purpose === 'baseline')
    return [
      { action: 'reason', purpose: 'baseline', key: driftKeyOf(form), ...dm },
      { action: 'cancel', database: form.databaseId, ...dm },
    ];
  return [
    { action: 'reason', purpose: form.purpose, key: keyOf(form), ...dm },
    { action: 'cancel', issue: form.issueId, ...dm },
  ];
}

/**
 * The reason form: on the card itself (the card a click is answered with) or, without a card, on its own (sent
 * by DM). Submitting sends `form_value.reason` with the submit button's value.
 * https://open.feishu.cn/document/feishu-cards/card-json-v2-components/containers/form-container
 */
export function renderReasonForm(
  form: ReasonForm | BaselineForm,
  card: ApprovalCard | DriftCard | null,
): FeishuCard {
  // A form sent on its own (by DM) is answered with a notice, not with the channel's card.
  const dm = card ? {} : { dm: true as const };
  const [submit, cancel] = formValues(form, dm);
  const formElements: Element[] = [
    {
      tag: 'form',
      name: REASON_FORM,
      elements: [
        text(form.prompt),
        {
          tag: 'input',
          name: REASON_INPUT,
          required: true,
          input_type: 'multiline_text',
          rows: 3,
          max_length: 1000,
          placeholder: plain('Reason'),
        },
        button(form.submitLabel, form.purpose === 'reject' ? 'danger' : 'primary', submit, {
          name: 'submit',
          form_action_type: 'submit',
        }),
      ],
    },
    button('Cancel', 'default', cancel),
  ];
  if (card?.kind === 'drift_card')
    return driftShell(card, [...driftFacts(card), { tag: 'hr' }, ...formElements]);
  if (card) return cardShell(card, [...cardFacts(card), { tag: 'hr' }, ...formElements]);
  return {
    schema: '2.0',
    config: { update_multi: true, width_mode: 'fill', summary: { content: cut(form.title, 120) } },
    header: { title: plain(cut(form.title, 200)), template: 'orange' },
    body: { elements: formElements },
  };
}
