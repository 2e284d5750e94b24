// Renders the neutral messages as Block Kit: the approval card, notices, and the reason modal.
// https://docs.slack.dev/reference/block-kit/blocks
import { driftBaselineText, driftStateText, driftSummary } from '../../../src/core/messages/drift-card.ts';
import type {
  ApprovalCard,
  BaselineForm,
  ChatMessage,
  DriftCard,
  NoticeMessage,
  ReasonForm,
} from '../../../src/core/messages/types.ts';

export type Block = Record<string, unknown>;
export interface SlackContent {
  text: string;
  blocks: Block[];
}

/** Action ids of the card's buttons; the value carries `issueId:round:step`. */
export const APPROVE_ACTION = 'approve';
export const REJECT_ACTION = 'reject';
/** Action id of the drift card's Accept as baseline button; the value carries `databaseId:seq`. */
export const ACCEPT_BASELINE_ACTION = 'accept_baseline';
/** Callback id of the reason modal. */
export const REASON_CALLBACK = 'bytebase_reason';
export const REASON_BLOCK = 'reason';

/** mrkdwn control characters, escaped as Slack asks. */
export const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const plain = (text: string, max = 150) => ({
  type: 'plain_text',
  text: text.length > max ? `${text.slice(0, max - 1)}…` : text,
  emoji: true,
});
const mrkdwn = (text: string) => ({
  type: 'mrkdwn',
  text: text.length > 3000 ? `${text.slice(0, 2990)}…` : text,
});
const link = (url: string, label: string) => `<${url}|${esc(label)}>`;
const when = (d: Date) =>
  `<!date^${Math.floor(d.getTime() / 1000)}^{date_short_pretty} {time}|${d.toISOString()}>`;

function decisionBlocks(card: ApprovalCard, id: string): Block[] {
  const d = card.decision;
  if (d.state === 'pending') {
    const who = d.approvers.length ? ` (${esc(d.approvers.join(', '))})` : '';
    const approve: Block = {
      type: 'button',
      action_id: APPROVE_ACTION,
      text: plain('Approve', 75),
      style: 'primary',
      value: `${card.issueId}:${card.round}:${card.step}`,
    };
    if (card.confirmApprove)
      approve.confirm = {
        title: plain('Approve a high-risk change?', 100),
        text: mrkdwn(
          `Issue #${card.issueId} runs on ${esc(card.databases.join(', '))} in ${esc(card.environments.join(', '))}.`,
        ),
        confirm: plain('Approve', 30),
        deny: plain('Cancel', 30),
        style: 'danger',
      };
    return [
      {
        type: 'section',
        block_id: `${id}-step`,
        text: mrkdwn(`⏳ Step ${d.step} of ${d.steps}: waiting for ${d.role}${who}`),
      },
      {
        type: 'actions',
        block_id: `${id}-actions`,
        elements: [
          approve,
          {
            type: 'button',
            action_id: REJECT_ACTION,
            text: plain('Reject', 75),
            style: 'danger',
            value: `${card.issueId}:${card.round}:${card.step}`,
          },
          { type: 'button', action_id: 'open', text: plain('Open', 75), url: card.url },
        ],
      },
    ];
  }
  const text =
    d.state === 'rollout'
      ? `🚀 ${esc(d.status.replace('_', ' '))}`
      : d.state === 'approved'
        ? `✅ Approved by ${esc(d.by)} ${when(d.at)}`
        : d.state === 'rejected'
          ? `❌ Rejected by ${esc(d.by)} ${when(d.at)}${d.reason ? `: ${esc(d.reason)}` : ''}`
          : `🚫 Canceled ${when(d.at)}`;
  return [{ type: 'section', block_id: `${id}-state`, text: mrkdwn(text) }];
}

function renderCard(card: ApprovalCard): SlackContent {
  // Slack asks for a new block_id whenever a message is updated, so ids carry the decision state.
  const id = `i${card.issueId}-r${card.round}-${card.decision.state}-${card.step ?? 'x'}`;
  const review = `${card.review.errors} error(s), ${card.review.warnings} warning(s)`;
  const blocks: Block[] = [
    { type: 'header', block_id: `${id}-h`, text: plain(`#${card.issueId} ${card.title}`) },
    {
      type: 'section',
      block_id: `${id}-facts`,
      fields: [
        mrkdwn(`*Project*\n${esc(card.project)}`),
        mrkdwn(`*Risk*\n${card.risk}`),
        mrkdwn(`*Environments*\n${esc(card.environments.join(', '))}`),
        mrkdwn(`*Databases*\n${esc(card.databases.join(', '))}`),
        mrkdwn(`*Review*\n${review}`),
        mrkdwn(`*Requested by*\n${esc(card.creator)}`),
      ],
    },
    {
      type: 'section',
      block_id: `${id}-sql`,
      text: mrkdwn(
        `\`\`\`${esc(card.statement)}\`\`\`${card.truncated ? `\n${link(card.url, 'Full statement')}` : ''}`,
      ),
    },
  ];
  if (card.review.top.length)
    blocks.push({
      type: 'context',
      block_id: `${id}-findings`,
      elements: card.review.top.map((f) =>
        mrkdwn(`${f.level === 'error' ? '🔴' : '🟡'} ${esc(f.database)}: ${esc(f.message)} (${esc(f.rule)})`),
      ),
    });
  if (card.history.length)
    blocks.push({
      type: 'context',
      block_id: `${id}-history`,
      elements: [
        mrkdwn(card.history.map((h) => `Step ${h.step} approved by ${esc(h.by)} ${when(h.at)}`).join('\n')),
      ],
    });
  blocks.push(...decisionBlocks(card, id));
  const state = card.decision.state === 'pending' ? `waiting for ${card.decision.role}` : card.decision.state;
  return { text: `Issue #${card.issueId} ${card.title} (${card.project}): ${state}`, blocks };
}

function renderNotice(n: NoticeMessage): SlackContent {
  const blocks: Block[] = [];
  const body = [n.title ? `*${esc(n.title)}*` : null, ...n.lines.map(esc)]
    .filter((x) => x !== null)
    .join('\n');
  // Sections hold 3000 characters; long answers are split over several.
  for (let i = 0, k = 0; i < body.length; i += 2900, k++)
    blocks.push({ type: 'section', block_id: `n${k}`, text: mrkdwn(body.slice(i, i + 2900)) });
  if (n.code) blocks.push({ type: 'section', block_id: 'code', text: mrkdwn(`\`\`\`${esc(n.code)}\`\`\``) });
  if (n.link)
    blocks.push({ type: 'context', block_id: 'link', elements: [mrkdwn(link(n.link.url, n.link.label))] });
  const text = [n.title, ...n.lines].filter(Boolean).join('\n');
  return { text: text.length > 3000 ? `${text.slice(0, 2999)}…` : text, blocks };
}

function renderDriftCard(card: DriftCard): SlackContent {
  // A new block_id per state, since Slack asks for one whenever a message is updated.
  const id = `d${card.databaseId}-s${card.seq}-${card.status}`;
  const blocks: Block[] = [
    { type: 'header', block_id: `${id}-h`, text: plain(`Schema drift: ${card.database}`) },
    {
      type: 'section',
      block_id: `${id}-facts`,
      fields: [
        mrkdwn(`*Database*\n${esc(card.database)} on ${esc(card.instance)}`),
        mrkdwn(`*Environment*\n${esc(card.environment)}`),
        mrkdwn(`*Project*\n${esc(card.project)}`),
        mrkdwn(`*Checked*\n${when(card.checkedAt)}`),
      ],
    },
    { type: 'section', block_id: `${id}-state`, text: mrkdwn(esc(driftStateText(card))) },
    { type: 'context', block_id: `${id}-base`, elements: [mrkdwn(esc(driftBaselineText(card)))] },
  ];
  if (card.diff?.lines.length) {
    const more = card.diff.more > 0 ? `\n${card.diff.more} more lines — ${link(card.url, 'Open')}` : '';
    blocks.push({
      type: 'section',
      block_id: `${id}-diff`,
      text: mrkdwn(`\`\`\`${esc(card.diff.lines.join('\n'))}\`\`\`${more}`),
    });
  }
  const open = { type: 'button', action_id: 'open', text: plain('Open', 75), url: card.url };
  blocks.push({
    type: 'actions',
    block_id: `${id}-actions`,
    elements: card.acceptable
      ? [
          {
            type: 'button',
            action_id: ACCEPT_BASELINE_ACTION,
            text: plain('Accept as baseline', 75),
            style: 'primary',
            value: `${card.databaseId}:${card.seq}`,
          },
          open,
        ]
      : [open],
  });
  return { text: driftSummary(card), blocks };
}

/** Block Kit content of any neutral message. */
export function renderMessage(message: ChatMessage): SlackContent {
  if (message.kind === 'approval_card') return renderCard(message);
  if (message.kind === 'drift_card') return renderDriftCard(message);
  return renderNotice(message);
}

/** What the reason modal's submission needs, in private_metadata: the step, or the drift state, it answers. */
function reasonMetadata(form: ReasonForm | BaselineForm): string {
  if (form.purpose === 'baseline')
    return JSON.stringify({ p: form.purpose, d: form.databaseId, q: form.seq, c: form.channel });
  return JSON.stringify({ p: form.purpose, i: form.issueId, r: form.round, s: form.step, c: form.channel });
}

/** The modal asking for a reason; what the submission needs travels in private_metadata. */
export function renderReasonModal(form: ReasonForm | BaselineForm): Block {
  return {
    type: 'modal',
    callback_id: REASON_CALLBACK,
    private_metadata: reasonMetadata(form),
    title: plain(form.title, 24),
    submit: plain(form.submitLabel, 24),
    close: plain('Cancel', 24),
    blocks: [
      {
        type: 'input',
        block_id: REASON_BLOCK,
        label: plain(form.prompt, 2000),
        element: {
          type: 'plain_text_input',
          action_id: REASON_BLOCK,
          multiline: true,
          min_length: 1,
          max_length: 2000,
        },
      },
    ],
  };
}
