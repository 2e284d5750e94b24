// Answers Feishu card callbacks inside their 3 seconds: acts through the core, then answers with a toast and the card.
// https://open.feishu.cn/document/feishu-cards/card-callback-communication
import { type ChatMessage, notice, type ReasonForm } from '../../../src/core/messages/types.ts';
import type {
  ChatAdapter,
  ChatInboundHandler,
  ChatInteraction,
  ChatResponder,
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

/** Reads a button's value back; anything this service did not render is null. */
export function parseButtonValue(v: Record<string, unknown>): ButtonValue | null {
  const dm = v.dm === true ? { dm: true as const } : {};
  if ((v.action === 'approve' || v.action === 'reject') && typeof v.key === 'string')
    return { action: v.action, key: v.key };
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
  m.kind === 'notice' ? [m.title, ...m.lines].filter(Boolean).join('\n') : cardSummary(m);
const raw = (data: FeishuCard) => ({ type: 'raw' as const, data });
const toast = (type: NonNullable<CardActionAnswer['toast']>['type'], content: string) => ({
  type,
  content: content.length > 500 ? `${content.slice(0, 499)}…` : content,
});
const SORRY = 'Something went wrong; try again.';

function done(i: ChatInteraction): string {
  if (i.type === 'reason') return i.purpose === 'reject' ? 'Rejected.' : 'Approved.';
  return i.type === 'approve' ? 'Approved.' : 'Done.';
}

/** Creates the handler of `card.action.trigger` callbacks. */
export function createCardActionHandler(d: CardActionDeps) {
  return async function onCardAction(a: FeishuCardAction): Promise<CardActionAnswer> {
    const value = parseButtonValue(a.value);
    if (!value) return {};
    if (value.action === 'cancel') {
      if (value.dm) return { card: raw(renderNotice(notice(['Nothing was sent.']))) };
      const card = await d.inbound.card(value.issue);
      return card ? { card: raw(renderCard(card)) } : {};
    }
    const key = stepKey(value.key);
    if (!key) return {};
    let interaction: ChatInteraction;
    if (value.action === 'reason') {
      const reason = String(a.formValue[REASON_INPUT] ?? '').trim();
      // The form stays as it is; the toast says what is missing.
      if (!reason) return { toast: toast('error', 'A reason is required.') };
      interaction = { type: 'reason', purpose: value.purpose, key, reason };
    } else interaction = { type: value.action, key };

    const redelivered = d.seen(a.eventId);
    const state = { late: false, notices: [] as ChatMessage[], form: null as ReasonForm | null };
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
          d.logger.error({ err, issueId: key.issueId }, 'feishu card action failed');
          await d.dm(a.openId, renderNotice(notice([SORRY])));
        }),
      );
      const said = state.notices.map(textOf).join('\n');
      return { toast: toast(said ? 'warning' : 'info', said || 'Working on it…') };
    }
    if (outcome !== 'done') {
      d.logger.error({ err: outcome.err, issueId: key.issueId }, 'feishu card action failed');
      return { toast: toast('error', SORRY) };
    }
    if (state.form) {
      const card = value.action === 'reason' && value.dm ? null : await d.inbound.card(key.issueId);
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
      answer.card = raw(renderNotice(notice([said || `Issue #${key.issueId}: ${done(interaction)}`])));
      return answer;
    }
    const card = await d.inbound.card(key.issueId);
    if (card) answer.card = raw(renderCard(card));
    return answer;
  };
}
