// Inbound chat traffic: maps the platform user to a principal and calls the same use cases the API uses.
import { DomainError } from '../errors.ts';
import { issueUrl } from '../messages/approval-card.ts';
import { driftStateText, loadDriftCard } from '../messages/drift-card.ts';
import { type ChatMessage, type NoticeMessage, notice } from '../messages/types.ts';
import type { Approval } from '../model/issue.ts';
import type { Principal } from '../model/workspace.ts';
import type {
  ChatAdapter,
  ChatInboundHandler,
  ChatInteraction,
  ChatResponder,
  StepKey,
} from '../ports/chat-adapter.ts';
import type { Clock, Logger } from '../ports/clock.ts';
import type { EngineConnector } from '../ports/engine-connector.ts';
import type { EventBus } from '../ports/events.ts';
import type { Store } from '../ports/store.ts';
import { acceptBaseline } from '../services/accept-baseline.ts';
import { isWorkspaceAdmin } from '../services/access.ts';
import { currentStepFor } from '../services/approval-step.ts';
import { approveIssue } from '../services/approve-issue.ts';
import type { ServiceContext } from '../services/context.ts';
import { rejectIssue } from '../services/reject-issue.ts';
import { answerCommand, commandVerb, helpMessage } from './commands.ts';
import { cardOf, loadIssueFacts } from './load.ts';
import { mapChatUser, unmappedNotice, whoamiMessage } from './whoami.ts';

export interface ChatInboundOptions {
  store: Store;
  clock: Clock;
  logger: Logger;
  events: EventBus;
  /** Connections to target instances, for commands that read live schemas (`drift`). */
  engines?: EngineConnector;
  publicUrl: string;
}

type Mapped = { actor: Principal } | { problem: NoticeMessage };

const when = (d: Date | string | null | undefined) =>
  d ? `${new Date(d).toISOString().replace('T', ' ').slice(0, 16)} UTC` : 'earlier';

/** Finds the principal behind a platform user by verified email; otherwise says exactly why there is none. */
async function mapUser(store: Store, adapter: ChatAdapter, platformUserId: string): Promise<Mapped> {
  const mapping = await mapChatUser(store, adapter, platformUserId);
  if (mapping.status === 'mapped') return { actor: mapping.principal };
  return { problem: unmappedNotice(adapter.platform, mapping) };
}

/** Explains a refusal; "already decided" answers name who decided and when. */
function refusal(err: unknown): NoticeMessage | null {
  if (!(err instanceof DomainError)) return null;
  const by = err.details?.decidedBy as { name?: string } | null | undefined;
  if (err.code === 'conflict' && by?.name) {
    const decision = String(err.details?.decision ?? 'decided');
    return notice([`Already ${decision} by ${by.name} at ${when(err.details?.decidedAt as string)}.`]);
  }
  return notice([`Not done: ${err.message}.`]);
}

function decidedNotice(approval: Approval, names: Map<number, string>): NoticeMessage {
  const by = approval.decidedBy === null ? 'someone' : (names.get(approval.decidedBy) ?? 'someone');
  const what = approval.status === 'superseded' ? 'closed' : approval.status;
  return notice([
    `Already ${what}${approval.status === 'superseded' ? '' : ` by ${by}`} at ${when(approval.decidedAt)}.`,
  ]);
}

type DriftInteraction = Extract<ChatInteraction, { type: 'accept_baseline' | 'baseline_reason' }>;

/** Creates the core's handler for chat clicks, form submissions and commands. */
export function createChatInbound(o: ChatInboundOptions): ChatInboundHandler {
  const context = (actor: Principal, requestId: string): ServiceContext => ({
    store: o.store,
    actor,
    clock: o.clock,
    logger: o.logger,
    requestId,
    events: o.events,
    engines: o.engines,
  });

  /**
   * A quick answer for a button whose step was decided already. It is only a courtesy: the use cases check the
   * button's step again under the issue's lock, so a click racing a decision still acts on nothing else.
   */
  async function stepState(key: StepKey): Promise<Approval | NoticeMessage> {
    const approvals = await o.store.approvals.list(key.issueId);
    const step = approvals.find((a) => a.round === key.round && a.step === key.step);
    if (!step) return notice([`Issue #${key.issueId} has no such approval step.`]);
    if (step.status === 'pending') return step;
    const ids = [...new Set(approvals.map((a) => a.decidedBy).filter((x): x is number => x !== null))];
    const people = await Promise.all(ids.map((id) => o.store.principals.get(id)));
    return decidedNotice(step, new Map(people.filter((p) => p !== null).map((p) => [p.id, p.name])));
  }

  const driftCard = (databaseId: number) =>
    loadDriftCard(o.store, databaseId, { publicUrl: o.publicUrl, now: new Date(o.clock.now()) });

  /**
   * Accept as baseline on a drift card: DBAs and workspace owners are asked for the reason, anyone else is told
   * why not; the reason's submission accepts the live schema if the card still shows the current state.
   */
  async function driftInteraction(
    ctx: ServiceContext,
    interaction: DriftInteraction,
    respond: ChatResponder,
  ) {
    const { key } = interaction;
    if (interaction.type === 'baseline_reason') {
      try {
        await acceptBaseline({
          ctx,
          input: { databaseId: key.databaseId, seq: key.seq, reason: interaction.reason },
        });
      } catch (err) {
        const answer = refusal(err);
        if (!answer) throw err;
        await respond.ephemeral(answer);
      }
      return;
    }
    if (!isWorkspaceAdmin(ctx.actor))
      return respond.ephemeral(
        notice([
          `Not done: only DBAs and workspace owners may accept a live schema as the baseline; you are a ${ctx.actor.workspaceRole}.`,
        ]),
      );
    const card = await driftCard(key.databaseId);
    if (!card) return respond.ephemeral(notice(['Not done: this database is no longer watched for drift.']));
    // A quick answer only: acceptBaseline checks the seq again under the state's lock.
    if (card.seq !== key.seq)
      return respond.ephemeral(
        notice([
          `Not done: this card is out of date. ${card.database} on ${card.instance} is now: ${driftStateText(card)} (checked ${when(card.checkedAt)}).`,
        ]),
      );
    await respond.askReason({
      purpose: 'baseline',
      databaseId: key.databaseId,
      seq: key.seq,
      title: 'Accept as baseline',
      prompt: `Why is the live schema of ${card.database} (${card.environment}) right? It becomes the baseline later checks compare with.`,
      submitLabel: 'Accept',
      channel: null,
    });
  }

  return {
    async interact({ adapter, platformUserId, deliveryId, interaction, respond }) {
      // A redelivered or replayed click is acknowledged and otherwise ignored.
      if (!(await o.store.deliveries.record(adapter.platform, deliveryId))) return;
      const mapped = await mapUser(o.store, adapter, platformUserId);
      if ('problem' in mapped) return respond.ephemeral(mapped.problem);
      const ctx = context(mapped.actor, `${adapter.platform}:${deliveryId}`);
      if (interaction.type === 'accept_baseline' || interaction.type === 'baseline_reason')
        return driftInteraction(ctx, interaction, respond);
      const { key } = interaction;
      const state = await stepState(key);
      if ('kind' in state) return respond.ephemeral(state);
      const channel = adapter.platform;
      try {
        if (interaction.type === 'reject') {
          // Check the clicker may decide before asking for a reason they could not use.
          await currentStepFor(ctx, key.issueId, key);
          return await respond.askReason({
            purpose: 'reject',
            ...key,
            title: `Reject issue #${key.issueId}`,
            prompt: 'Why is this change rejected? The author sees the reason.',
            submitLabel: 'Reject',
            channel: null,
          });
        }
        if (interaction.type === 'approve') {
          const issue = await o.store.issues.get(key.issueId);
          const approvals = await o.store.approvals.list(key.issueId);
          const accepted = approvals.some((a) => a.round === key.round && a.overrideReason);
          if ((issue?.review?.errorCount ?? 0) > 0 && !accepted && state.role === 'dba') {
            await currentStepFor(ctx, key.issueId, key);
            return await respond.askReason({
              purpose: 'override',
              ...key,
              title: 'Accept review errors',
              prompt: `The review found ${issue?.review?.errorCount} error(s). Why is it safe to approve anyway?`,
              submitLabel: 'Approve',
              channel: null,
            });
          }
          await approveIssue({ ctx, input: { issueId: key.issueId, channel, expected: key } });
          return;
        }
        if (interaction.type !== 'reason') return;
        if (interaction.purpose === 'reject')
          await rejectIssue({
            ctx,
            input: { issueId: key.issueId, channel, expected: key, body: { reason: interaction.reason } },
          });
        else
          await approveIssue({
            ctx,
            input: {
              issueId: key.issueId,
              channel,
              expected: key,
              body: { overrideReason: interaction.reason },
            },
          });
      } catch (err) {
        const answer = refusal(err);
        if (!answer) throw err;
        await respond.ephemeral(answer);
      }
    },

    async command({ adapter, platformUserId, text, deliveryId }): Promise<ChatMessage | null> {
      if (deliveryId && !(await o.store.deliveries.record(adapter.platform, `command:${deliveryId}`)))
        return null;
      if (/^\s*(help)?\s*$/i.test(text)) return helpMessage();
      // Answered for unmapped users too: telling them why is the point of it.
      if (commandVerb(text) === 'whoami') return whoamiMessage(o.store, adapter, platformUserId);
      const mapped = await mapUser(o.store, adapter, platformUserId);
      if ('problem' in mapped) return mapped.problem;
      const ctx = context(mapped.actor, `${adapter.platform}:command`);
      try {
        return await answerCommand(ctx, text, (id) => issueUrl(o.publicUrl, id));
      } catch (err) {
        const answer = refusal(err);
        if (!answer) throw err;
        return answer;
      }
    },

    async card(issueId) {
      const facts = await loadIssueFacts(o.store, issueId);
      return facts ? cardOf(facts, o.publicUrl) : null;
    },

    driftCard,
  };
}
