// Answers Feishu card callbacks inside their 3 seconds: acts through the core, then answers with a toast and the card.
// https://open.feishu.cn/document/feishu-cards/card-callback-communication
import { driftSummary } from '../../../src/core/messages/drift-card.ts';
import {
  type BaselineForm,
  type ChatMessage,
  notice,
  type ReasonForm,
} from '../../../src/core/messages/types.ts';
import type {
  ChatAdapter,
  ChatInboundHandler,
  ChatInteraction,
  ChatResponder,
  DriftKey,
  StepKey,
} from '../../../src/core/ports/chat-adapter.ts';
import type { Logger } from '../../../src/core/ports/clock.ts';
import type { FeishuCardAction } from './parse.ts';
import {
  type ButtonValue,
  cardSummary,
  type FeishuCard,
  REASON_INPUT,
  renderCard,
  renderDriftCard,
  renderMessage,
  renderNotice,
  renderReasonForm,
} from './render.ts';

export interface CardActionDeps {
  adapter: ChatAdapter;
  inbound: ChatInboundHandler;
  logger: Logger;
  /** How long the core may take before the callback is answered without waiting for it. */
  budgetMs: number;
  /** Runs work after the answer went out (tracked, so drain waits for it). */
  background(what: string, work: () => Promise<unknown>): void;
  /** Sends a card to a user directly (notices and forms that came after the answer). */
  dm(openId: string, card: FeishuCard): Promise<unknown>;
  /** Records the event id; true when this process has seen it before (a redelivery). */
  seen(eventId: string): boolean;
}

/** The callback answer: a toast for the clicker and/or the card that replaces the clicked one. */
export interface CardActionAnswer {
  toast?: { type: 'success' | 'info' | 'warning' | 'error'; content: string };
  card?: { type: 'raw'; data: FeishuCard };
}

export function stepKey(value: unknown): StepKey | null {
  const m = /^(\d+):(\d+):(\d+)$/.exec(typeof value === 'string' ? value : '');
  return m ? { issueId: Number(m[1]), round: Number(m[2]), step: Number(m[3]) } : null;
}

export function driftKey(value: unknown): DriftKey | null {
  const m = /^(\d+):(\d+)$/.exec(typeof value === 'string' ? value : '');
  return m ? { databaseId: Number(m[1]), seq: Number(m[2]) } : null;
}

/** Reads a button's value back; anything this service did not render is null. */
export function parseButtonValue(v: Record<string, unknown>): ButtonValue | null {
  const dm = v.dm === true ? { dm: true as const } : {};
  if ((v.action === 'approve' || v.action === 'reject') && typeof v.key === 'string')
    return { action: v.action, key: v.key };
  if (v.action === 'accept_baseline' && typeof v.key === 'string') return { action: v.action, key: v.key };
  if (v.action === 'reason' && v.purpose === 'baseline' && typeof v.key === 'string')
    return { action: 'reason', purpose: 'baseline', key: v.key, ...dm };
  if (v.action === 'cancel' && typeof v.database === 'number')
    return { action: 'cancel', database: v.database, ...dm };
  if (
    v.action === 'reason' &&
    (v.purpose === 'reject' || v.purpose === 'override') &&
    typeof v.key === 'string'
  )
    return { action: 'reason', purpose: v.purpose, key: v.key, ...dm };
  if (v.action === 'cancel' && typeof v.issue === 'number')
    return { action: 'cancel', issue: v.issue, ...dm };
  return null;
}

const textOf = (m: ChatMessage) =>
  m.kind === 'notice'
    ? [m.title, ...m.lines].filter(Boolean).join('\n')
    : m.kind === 'drift_card'
      ? driftSummary(m)
      : cardSummary(m);
const raw = (data: FeishuCard) => ({ type: 'raw' as const, data });
const toast = (type: NonNullable<CardActionAnswer['toast']>['type'], content: string) => ({
  type,
  content: content.length > 500 ? `${content.slice(0, 499)}…` : content,
});
const SORRY = 'Something went wrong; try again.';

function done(i: ChatInteraction): string {
  if (i.type === 'reason') return i.purpose === 'reject' ? 'Rejected.' : 'Approved.';
  if (i.type === 'baseline_reason') return 'Baseline accepted.';
  return i.type === 'approve' ? 'Approved.' : 'Done.';
}

/** What a click is about: an issue's approval card or a database's drift card. */
type Subject = { issueId: number } | { databaseId: number };

/** The interaction a button value asks for, with its subject; a value with a malformed key is null. */
function interactionOf(
  value: Exclude<ButtonValue, { action: 'cancel' }>,
  reason: string,
): { interaction: ChatInteraction; subject: Subject } | null {
  if (value.action === 'accept_baseline' || (value.action === 'reason' && value.purpose === 'baseline')) {
    const key = driftKey(value.key);
    if (!key) return null;
    const subject = { databaseId: key.databaseId };
    return value.action === 'accept_baseline'
      ? { interaction: { type: 'accept_baseline', key }, subject }
      : { interaction: { type: 'baseline_reason', key, reason }, subject };
  }
  const key = stepKey(value.key);
  if (!key) return null;
  const subject = { issueId: key.issueId };
  if (value.action === 'reason')
    return { interaction: { type: 'reason', purpose: value.purpose, key, reason }, subject };
  if (value.action === 'approve' || value.action === 'reject')
    return { interaction: { type: value.action, key }, subject };
  return null;
}

/** Creates the handler of `card.action.trigger` callbacks. */
export function createCardActionHandler(d: CardActionDeps) {
  /** The card of the subject as it stands now, in the neutral model. */
  async function currentMessage(subject: Subject) {
    if ('issueId' in subject) return d.inbound.card(subject.issueId);
    return await d.inbound.driftCard(subject.databaseId);
  }

  async function currentCard(subject: Subject): Promise<FeishuCard | null> {
    const card = await currentMessage(subject);
    if (!card) return null;
    return card.kind === 'drift_card' ? renderDriftCard(card) : renderCard(card);
  }

  return async function onCardAction(a: FeishuCardAction): Promise<CardActionAnswer> {
    const value = parseButtonValue(a.value);
    if (!value) return {};
    if (value.action === 'cancel') {
      if (value.dm) return { card: raw(renderNotice(notice(['Nothing was sent.']))) };
      const card = await currentCard(
        'issue' in value ? { issueId: value.issue } : { databaseId: value.database },
      );
      return card ? { card: raw(card) } : {};
    }
    const reason = value.action === 'reason' ? String(a.formValue[REASON_INPUT] ?? '').trim() : '';
    // The form stays as it is; the toast says what is missing.
    if (value.action === 'reason' && !reason) return { toast: toast('error', 'A reason is required.') };
    const wanted = interactionOf(value, reason);
    if (!wanted) return {};
    const { interaction, subject } = wanted;
    const about = 'issueId' in subject ? { issueId: subject.issueId } : { databaseId: subject.databaseId };

    const redelivered = d.seen(a.eventId);
    const state = {
      late: false,
      notices: [] as ChatMessage[],
      form: null as ReasonForm | BaselineForm | null,
    };
    // Before the answer went out, what the core says rides on the answer; after, it goes by DM.
    const respond: ChatResponder = {
      async ephemeral(m) {
        if (state.late) await d.dm(a.openId, renderMessage(m));
        else state.notices.push(m);
      },
      async askReason(form) {
        if (state.late) await d.dm(a.openId, renderReasonForm(form, null));
        else state.form = form;
      },
    };
    const work = d.inbound.interact({
      adapter: d.adapter,
      platformUserId: a.openId,
      deliveryId: a.eventId,
      interaction,
      respond,
    });
    let timer: ReturnType<typeof setTimeout> | undefined;
    const outcome = await Promise.race([
      work.then(
        () => 'done' as const,
        (err: unknown) => ({ err }),
      ),
      new Promise<'late'>((r) => {
        timer = setTimeout(() => r('late'), d.budgetMs);
      }),
    ]);
    clearTimeout(timer);
    if (outcome === 'late') {
      state.late = true;
      d.background('card action', () =>
        work.catch(async (err: unknown) => {
          d.logger.error({ err, ...about }, 'feishu card action failed');
          await d.dm(a.openId, renderNotice(notice([SORRY])));
        }),
      );
      const said = state.notices.map(textOf).join('\n');
      return { toast: toast(said ? 'warning' : 'info', said || 'Working on it…') };
    }
    if (outcome !== 'done') {
      d.logger.error({ err: outcome.err, ...about }, 'feishu card action failed');
      return { toast: toast('error', SORRY) };
    }
    if (state.form) {
      const card = value.action === 'reason' && value.dm ? null : await currentMessage(subject);
      return {
        toast: toast('info', state.form.prompt),
        card: raw(renderReasonForm(state.form, card)),
      };
    }
    const said = state.notices.map(textOf).join('\n');
    const answer: CardActionAnswer = {};
    if (said) answer.toast = toast('warning', said);
    else if (!redelivered) answer.toast = toast('success', done(interaction));
    if (value.action === 'reason' && value.dm) {
      // A form sent by DM is replaced by what became of it; the channel's card is updated by the notifier.
      const what = 'issueId' in subject ? `Issue #${subject.issueId}` : 'Drift';
      answer.card = raw(renderNotice(notice([said || `${what}: ${done(interaction)}`])));
      return answer;
    }
    const card = await currentCard(subject);
    if (card) answer.card = raw(card);
    return answer;
  };
}
