// Drift cards as users of each platform fake see and click them: the card of a database in the bound channel,
// Accept as baseline (from the card, or with the drift state of an older card), and the reason form it opens.
import type { ChatPlatform } from '../../../src/core/model/workspace.ts';
import type { ContractCard, ContractSend, ContractUser } from '../../contracts/chat-kit.ts';
import type { FeishuFakeMessage, FeishuSendResult } from '../../fakes/feishu/index.ts';
import type { DriverResponse, FakeMessage } from '../../fakes/slack/index.ts';
import type { TeamsFakeMessage, TeamsSendResult } from '../../fakes/teams/index.ts';
import { FEISHU_CHAT, FEISHU_USERS, type FeishuKit } from './feishu-kit.ts';
import { SLACK_CHANNEL, SLACK_USERS, type SlackKit } from './slack-kit.ts';
import { actionsOf, cardContent, TEAMS_CHANNEL, TEAMS_USERS, type TeamsKit } from './teams-kit.ts';

type Json = Record<string, unknown>;
const obj = (v: unknown): Json => (typeof v === 'object' && v !== null ? (v as Json) : {});

/** A drift card as it stands in the fake, with the drift state its Accept button carries (null: no button). */
export interface DriftContractCard extends ContractCard {
  accept: { databaseId: number; seq: number } | null;
}

export interface DriftKit {
  platform: ChatPlatform;
  /** The drift cards of a database in the bound channel (one is expected), each at its latest edit. */
  cards(database: string): DriftContractCard[];
  /** Clicks Accept as baseline as the user; `seq` sends the drift state of an older card instead. */
  clickAccept(user: ContractUser, card: DriftContractCard, seq?: number): Promise<ContractSend>;
  /** Whether the user has a baseline reason form open for the drift state this card shows. */
  reasonAsked(user: ContractUser, card: DriftContractCard): boolean;
  /** Submits the open baseline reason form. */
  submitReason(user: ContractUser, card: DriftContractCard, reason: string): Promise<ContractSend>;
  /** Sends the last click or submission again as the platform's own redelivery. */
  redeliverLast(): Promise<ContractSend>;
  /** Everything shown to the user privately so far. */
  noticesTo(user: ContractUser): string[];
  /** Texts of the replies in the card's thread. */
  thread(card: DriftContractCard): string[];
}

const keyOf = (value: unknown) => {
  const m = /^(\d+):(\d+)$/.exec(typeof value === 'string' ? value : '');
  return m ? { databaseId: Number(m[1]), seq: Number(m[2]) } : null;
};

export function slackDrift(kit: SlackKit): DriftKit {
  const { fake } = kit;
  const button = (m: FakeMessage) =>
    (m.blocks ?? [])
      .flatMap((b) => ((b as Json).elements as Json[] | undefined) ?? [])
      .find((e) => e.action_id === 'accept_baseline');
  const view = (user: ContractUser, card: DriftContractCard) =>
    fake.state.views
      .filter((v) => v.userId === SLACK_USERS[user])
      .filter((v) => {
        const meta = JSON.parse(v.privateMetadata || '{}') as { p?: string; d?: number; q?: number };
        return meta.p === 'baseline' && meta.d === card.accept?.databaseId && meta.q === card.accept?.seq;
      })
      .at(-1);
  let last: DriverResponse | null = null;
  const sent = (r: DriverResponse) => {
    last = r;
    return { status: r.status, withinDeadline: r.withinDeadline, answer: '' };
  };
  return {
    platform: 'slack',
    async redeliverLast() {
      if (!last) throw new Error('nothing sent yet');
      const r = await kit.driver().send(last.request, { retryNum: 1, retryReason: 'http_timeout' });
      return { status: r.status, withinDeadline: r.withinDeadline, answer: '' };
    },
    cards: (database) =>
      fake.state
        .history(SLACK_CHANNEL)
        .filter((m) => m.text.startsWith(`Drift of ${database} `))
        .map((m) => ({
          id: m.ts,
          text: `${m.text}\n${JSON.stringify(m.blocks ?? [])}`,
          hasButtons: button(m) !== undefined,
          edits: m.edits.length,
          accept: keyOf(button(m)?.value),
        })),
    async clickAccept(user, card, seq) {
      const value = seq === undefined ? undefined : `${card.accept?.databaseId}:${seq}`;
      return sent(
        await kit.driver().blockAction({
          userId: SLACK_USERS[user],
          channelId: SLACK_CHANNEL,
          messageTs: card.id,
          actionId: 'accept_baseline',
          ...(value ? { value } : {}),
        }),
      );
    },
    reasonAsked: (user, card) => view(user, card) !== undefined,
    async submitReason(user, card, reason) {
      const v = view(user, card);
      if (!v) throw new Error(`no baseline form open for ${user}`);
      return sent(
        await kit.driver().viewSubmission({
          userId: SLACK_USERS[user],
          viewId: v.id,
          values: { reason: { reason: { type: 'plain_text_input', value: reason } } },
        }),
      );
    },
    noticesTo: (user) => kit.noticesTo(user),
    thread: (card) => kit.thread(card),
  };
}

/** The snippets of a card's CodeBlocks, which Teams shows as code. */
function codeOf(node: unknown): string[] {
  if (Array.isArray(node)) return node.flatMap(codeOf);
  const o = obj(node);
  return [...(typeof o.codeSnippet === 'string' ? [o.codeSnippet] : []), ...codeOf(o.items ?? [])];
}

export function teamsDrift(kit: TeamsKit): DriftKit {
  const { fake } = kit;
  const accept = (m: TeamsFakeMessage) =>
    actionsOf(cardContent(m)).find((a) => a.type === 'Action.Execute' && a.verb === 'accept-baseline');
  let last: TeamsSendResult | null = null;
  const sent = (r: TeamsSendResult): ContractSend => {
    last = r;
    const body = obj(r.json);
    const answer = body.type === 'application/vnd.microsoft.activity.message' ? String(body.value) : '';
    return { status: r.status, withinDeadline: r.withinDeadline, answer };
  };
  const form = (user: ContractUser, card: DriftContractCard) =>
    fake.state.invokeAnswers
      .filter((a) => a.userId === TEAMS_USERS[user] && a.messageId === card.id)
      .map((a) => obj(obj(a.body).value))
      .filter((c) => ((c.body as Json[] | undefined) ?? []).some((e) => e.type === 'Input.Text'))
      .filter((c) => actionsOf(c).some((a) => obj(a.data).seq === card.accept?.seq))
      .at(-1);
  return {
    platform: 'teams',
    async redeliverLast() {
      if (!last) throw new Error('nothing sent yet');
      return sent(await kit.driver().redeliver(last));
    },
    cards: (database) =>
      fake.state
        .history(TEAMS_CHANNEL)
        .filter((m) => String(m.activity.summary ?? '').startsWith(`Drift of ${database} `))
        .map((m) => {
          const data = obj(accept(m)?.data);
          return {
            id: m.id,
            // The fake's flattened text leaves CodeBlocks out; the diff shows in one.
            text: [fake.state.textOf(m), ...codeOf(cardContent(m).body)].join('\n'),
            hasButtons: accept(m) !== undefined,
            edits: m.edits,
            accept: accept(m) ? { databaseId: Number(data.databaseId), seq: Number(data.seq) } : null,
          };
        }),
    async clickAccept(user, card, seq) {
      if (!card.accept) throw new Error('the card has no Accept button');
      const data = { ...card.accept, ...(seq === undefined ? {} : { seq }) };
      return sent(
        await kit.driver().execute(TEAMS_USERS[user], TEAMS_CHANNEL, card.id, 'accept-baseline', data),
      );
    },
    reasonAsked: (user, card) => form(user, card) !== undefined,
    async submitReason(user, card, reason) {
      const f = form(user, card);
      const submit = f && actionsOf(f).find((a) => a.type === 'Action.Execute' && a.verb !== 'refresh');
      if (!submit) throw new Error(`no baseline form open for ${user}`);
      return sent(
        await kit.driver().execute(TEAMS_USERS[user], TEAMS_CHANNEL, card.id, String(submit.verb), {
          ...obj(submit.data),
          reason,
        }),
      );
    },
    noticesTo: (user) => kit.noticesTo(user),
    thread: (card) => kit.thread(card),
  };
}

export function feishuDrift(kit: FeishuKit): DriftKit {
  const { state } = kit.fake;
  const fromApp = (m: FeishuFakeMessage) => m.sender.type === 'app';
  const accept = (m: FeishuFakeMessage) =>
    state.buttonsOf(m).find((b) => b.value?.action === 'accept_baseline');
  const hasForm = (m: FeishuFakeMessage) => state.inputsOf(m).some((i) => i.name === 'reason');
  let last: FeishuSendResult | null = null;
  const sent = (r: FeishuSendResult): ContractSend => {
    last = r;
    const toast = (r.json as { toast?: { content?: unknown } } | undefined)?.toast;
    return {
      status: r.status,
      withinDeadline: r.withinDeadline,
      answer: typeof toast?.content === 'string' ? toast.content : '',
    };
  };
  /** The baseline form: on the card itself when the last click answered on it was this user's. */
  const form = (user: ContractUser, card: DriftContractCard) => {
    const m = state.message(card.id);
    const last = state.callbackAnswers.filter((a) => a.messageId === card.id && a.cardReplaced).at(-1);
    const key = card.accept && `${card.accept.databaseId}:${card.accept.seq}`;
    const forThisState =
      m && state.buttonsOf(m).some((b) => b.value?.purpose === 'baseline' && b.value.key === key);
    return m && hasForm(m) && forThisState && last?.openId === FEISHU_USERS[user] ? m : undefined;
  };
  return {
    platform: 'feishu',
    async redeliverLast() {
      if (!last) throw new Error('nothing sent yet');
      return sent(await kit.driver().redeliver(last));
    },
    cards: (database) =>
      state
        .history(FEISHU_CHAT)
        .filter(
          (m) =>
            m.msgType === 'interactive' &&
            fromApp(m) &&
            state.textOf(m).startsWith(`Schema drift: ${database}`),
        )
        .map((m) => ({
          id: m.messageId,
          text: state.textOf(m),
          hasButtons: accept(m) !== undefined,
          edits: m.edits,
          accept: keyOf(accept(m)?.value?.key),
        })),
    async clickAccept(user, card, seq) {
      if (!card.accept) throw new Error('the card has no Accept button');
      const key = `${card.accept.databaseId}:${seq ?? card.accept.seq}`;
      return sent(
        await kit.driver().cardAction(FEISHU_USERS[user], {
          messageId: card.id,
          chatId: FEISHU_CHAT,
          value: { action: 'accept_baseline', key },
        }),
      );
    },
    reasonAsked: (user, card) => form(user, card) !== undefined,
    async submitReason(user, card, reason) {
      const f = form(user, card);
      const submit = f && state.buttonsOf(f).find((b) => b.formActionType === 'submit');
      if (!f || !submit?.value) throw new Error(`no baseline form open for ${user}`);
      return sent(
        await kit.driver().cardAction(FEISHU_USERS[user], {
          messageId: f.messageId,
          chatId: f.chatId,
          value: submit.value,
          formValue: { reason },
          ...(submit.name ? { name: submit.name } : {}),
        }),
      );
    },
    noticesTo: (user) => kit.noticesTo(user),
    thread: (card) => kit.thread(card),
  };
}
