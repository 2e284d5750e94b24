// Card actions and commands from Teams handed to the core: invokes answered with a card or a message, the rest privately.
import type {
  BaselineForm,
  ChatMessage,
  NoticeMessage,
  ReasonForm,
} from '../../../src/core/messages/types.ts';
import type { ChatAdapter, ChatInteraction, ChatResponder } from '../../../src/core/ports/chat-adapter.ts';
import type { TeamsChatAdapterConfig } from './config.ts';
import { driftKeyOf, stepKeyOf, type TeamsInbound } from './parse.ts';
import {
  ADAPTIVE_CARD,
  noticeText,
  renderApprovalCard,
  renderDriftCard,
  renderReasonCard,
  VERBS,
} from './render.ts';

type Action = Extract<TeamsInbound, { kind: 'execute' | 'submit' }>;
type Command = Extract<TeamsInbound, { kind: 'command' }>;

/** What the actions need from the adapter around them. */
export interface ActionContext {
  config: TeamsChatAdapterConfig;
  adapter: ChatAdapter;
  /** Tracks work that outlives the request (drain waits for it). */
  background(what: string, work: () => Promise<unknown>): Promise<void>;
  /** Shows a message to the acting user only: in their 1:1 chat with the bot. */
  tellPrivately(inbound: Action | Command, message: ChatMessage | ReasonForm | BaselineForm): Promise<void>;
  /** Answers in the thread the message came from (seen by everyone there). */
  replyInPlace(inbound: Command, message: ChatMessage): Promise<void>;
}

/** The body of an `adaptiveCard/action` invoke answer. https://learn.microsoft.com/microsoftteams/platform/task-modules-and-cards/cards/universal-actions-for-adaptive-cards/work-with-universal-actions-for-adaptive-cards#response-format */
export type InvokeAnswer =
  | { statusCode: 200; type: typeof ADAPTIVE_CARD; value: object }
  | { statusCode: 200; type: 'application/vnd.microsoft.activity.message'; value: string };

const say = (value: string): InvokeAnswer => ({
  statusCode: 200,
  type: 'application/vnd.microsoft.activity.message',
  value,
});
const show = (value: object): InvokeAnswer => ({ statusCode: 200, type: ADAPTIVE_CARD, value });
const summaryOf = (card: Exclude<ChatMessage, NoticeMessage>) =>
  card.kind === 'approval_card' ? card.title : `Drift of ${card.database}`;

/** `userId|conversationId`: the core passes it back to lookupUser, which needs both for the member call. */
export const platformUserIdOf = (userId: string, conversationId: string) => `${userId}|${conversationId}`;

/** What a card action is about: an issue's approval card or a database's drift card. */
type Subject = { issueId: number } | { databaseId: number };

const reasonOf = (data: Record<string, unknown>) =>
  typeof data.reason === 'string' ? data.reason.trim() : '';

/** The core interaction a drift card action asks for (its data names the drift state), or a reason to refuse it. */
function driftInteractionOf(inbound: Action): ChatInteraction | { problem: string } | 'refresh' | null {
  const key = driftKeyOf(inbound.data);
  if (!key) return null;
  if (inbound.verb === VERBS.refresh) return 'refresh';
  if (inbound.verb === VERBS.acceptBaseline) return { type: 'accept_baseline', key };
  if (inbound.verb === VERBS.baselineReason) {
    const reason = reasonOf(inbound.data);
    return reason ? { type: 'baseline_reason', key, reason } : { problem: 'A reason is required.' };
  }
  return { problem: `Unknown action ${inbound.verb}.` };
}

/** The core interaction a card action asks for, or a reason to refuse it. */
export function interactionOf(inbound: Action): ChatInteraction | { problem: string } | 'refresh' {
  const drift = driftInteractionOf(inbound);
  if (drift) return drift;
  const key = stepKeyOf(inbound.data);
  if (!key) return { problem: 'This card is out of date; open the issue instead.' };
  switch (inbound.verb) {
    case VERBS.refresh:
      return 'refresh';
    case VERBS.approve:
    case VERBS.reject:
      return { type: inbound.verb, key };
    case VERBS.rejectReason:
    case VERBS.overrideReason: {
      const reason = reasonOf(inbound.data);
      if (!reason) return { problem: 'A reason is required.' };
      return {
        type: 'reason',
        purpose: inbound.verb === VERBS.rejectReason ? 'reject' : 'override',
        key,
        reason,
      };
    }
    default:
      return { problem: `Unknown action ${inbound.verb}.` };
  }
}

function subjectOf(data: Record<string, unknown>): Subject | null {
  const drift = driftKeyOf(data);
  if (drift) return { databaseId: drift.databaseId };
  const step = stepKeyOf(data);
  return step ? { issueId: step.issueId } : null;
}

async function currentCard(ctx: ActionContext, subject: Subject): Promise<InvokeAnswer> {
  if ('databaseId' in subject) {
    const card = await ctx.config.inbound.driftCard(subject.databaseId);
    return card ? show(renderDriftCard(card)) : say('This database is no longer watched for drift.');
  }
  const card = await ctx.config.inbound.card(subject.issueId);
  return card ? show(renderApprovalCard(card)) : say(`Issue #${subject.issueId} no longer exists.`);
}

/**
 * Action.Execute: the click is worked on for up to the invoke budget, then answered with what it produced (a
 * reason form, a notice for the clicker, else the refreshed card). Past the budget the card as it stands is
 * the answer; what the click produces later reaches the user privately and the notifier updates the card.
 */
export async function onExecute(ctx: ActionContext, inbound: Extract<Action, { kind: 'execute' }>) {
  const wanted = interactionOf(inbound);
  const subject = subjectOf(inbound.data);
  if (typeof wanted === 'object' && 'problem' in wanted) return say(wanted.problem);
  if (wanted === 'refresh' || !subject)
    return subject ? currentCard(ctx, subject) : say('Nothing to refresh.');
  let answered = false;
  const notices: NoticeMessage[] = [];
  let form: ReasonForm | BaselineForm | null = null;
  const respond: ChatResponder = {
    async ephemeral(message) {
      if (answered) await ctx.tellPrivately(inbound, message);
      else
        notices.push(message.kind === 'notice' ? message : { kind: 'notice', lines: [summaryOf(message)] });
    },
    async askReason(f) {
      if (answered) await ctx.tellPrivately(inbound, f);
      else form = f;
    },
  };
  const status = { outcome: 'late' as 'done' | 'failed' | 'late' };
  let timer: ReturnType<typeof setTimeout> | undefined;
  const work = ctx.background('card action', () =>
    ctx.config.inbound
      .interact({
        adapter: ctx.adapter,
        platformUserId: platformUserIdOf(inbound.actor.userId, inbound.ref.conversationId),
        deliveryId: `activity:${inbound.id}`,
        interaction: wanted,
        respond,
      })
      .then(
        () => {
          status.outcome = 'done';
        },
        (err: unknown) => {
          status.outcome = 'failed';
          throw err;
        },
      ),
  );
  await Promise.race([
    work,
    new Promise<void>((r) => {
      timer = setTimeout(r, ctx.config.invokeBudgetMs ?? 4000);
    }),
  ]);
  clearTimeout(timer);
  answered = true;
  if (status.outcome === 'failed') return say('Something went wrong with that click; try again.');
  if (form) return show(renderReasonCard(form));
  if (notices.length) return say(notices.map(noticeText).join('\n'));
  return currentCard(ctx, subject);
}

/** Action.Submit (clients without Universal Actions): acted on in the background, answers go privately. */
export function onSubmit(ctx: ActionContext, inbound: Extract<Action, { kind: 'submit' }>): void {
  const wanted = interactionOf(inbound);
  if (wanted === 'refresh') return;
  void ctx.background('card submit', async () => {
    if ('problem' in wanted) return ctx.tellPrivately(inbound, { kind: 'notice', lines: [wanted.problem] });
    await ctx.config.inbound.interact({
      adapter: ctx.adapter,
      platformUserId: platformUserIdOf(inbound.actor.userId, inbound.ref.conversationId),
      deliveryId: `activity:${inbound.id}`,
      interaction: wanted,
      respond: {
        ephemeral: (message) => ctx.tellPrivately(inbound, message),
        askReason: (f) => ctx.tellPrivately(inbound, f),
      },
    });
  });
}

/**
 * A command: answered in the personal chat it came from; asked in a channel, the answer (which shows what the
 * asker may see) goes to their 1:1 chat, and only a failure to reach them is said in the thread.
 */
export function onCommand(ctx: ActionContext, inbound: Command): void {
  void ctx.background('command', async () => {
    let answer: ChatMessage | null;
    try {
      answer = await ctx.config.inbound.command({
        adapter: ctx.adapter,
        platformUserId: platformUserIdOf(inbound.actor.userId, inbound.ref.conversationId),
        text: inbound.text,
        deliveryId: inbound.id,
      });
    } catch (err) {
      ctx.config.logger.error({ err }, 'teams command failed');
      answer = { kind: 'notice', lines: ['Something went wrong answering that; try again.'] };
    }
    if (!answer) return; // a redelivery of a message already answered
    if (inbound.personal) return ctx.replyInPlace(inbound, answer);
    try {
      await ctx.tellPrivately(inbound, answer);
    } catch (err) {
      ctx.config.logger.warn({ err }, 'teams private answer failed');
      await ctx.replyInPlace(inbound, {
        kind: 'notice',
        lines: [
          'I could not message you privately. Add the Bytebase app for yourself (Apps → Bytebase) and ask again.',
        ],
      });
    }
  });
}
