// The chat contract kit for Feishu/Lark: the loopback Open API fake plus a driver that encrypts and signs like Feishu.
import {
  type ChatContractKit,
  CONTRACT_PEOPLE,
  type ContractCard,
  type ContractSend,
  type ContractUser,
} from '../../contracts/chat-kit.ts';
import {
  createFeishuDriver,
  type FeishuDriver,
  type FeishuFake,
  type FeishuFakeMessage,
  type FeishuSendOptions,
  type FeishuSendResult,
  startFeishuFake,
} from '../../fakes/feishu/index.ts';
import { pollUntil } from '../../support/workspace-fixture.ts';

export const FEISHU_CHAT = 'oc_approvals';
export const FEISHU_ENCRYPT_KEY = 'e2e-encrypt-key';
export const FEISHU_VERIFICATION_TOKEN = 'e2e-verification-token';
export const FEISHU_USERS: Record<ContractUser, string> = {
  dba: 'ou_dba',
  dev: 'ou_dev',
  dev2: 'ou_dev2',
  owner: 'ou_owner',
  stranger: 'ou_stranger',
  noEmail: 'ou_noemail',
};

type Value = Record<string, unknown>;

export interface FeishuKit extends ChatContractKit {
  fake: FeishuFake;
  driver(): FeishuDriver;
}

const answerOf = (r: FeishuSendResult) => {
  const toast = (r.json as { toast?: { content?: unknown } } | undefined)?.toast;
  return typeof toast?.content === 'string' ? toast.content : '';
};
const sent = (r: FeishuSendResult): ContractSend => ({
  status: r.status,
  withinDeadline: r.withinDeadline,
  answer: answerOf(r),
});

/** Starts the Feishu fake with the contract people and one group chat; events are encrypted and signed. */
export async function createFeishuKit(): Promise<FeishuKit> {
  const fake = await startFeishuFake({
    appId: 'cli_e2e',
    appSecret: 'e2e-app-secret',
    verificationToken: FEISHU_VERIFICATION_TOKEN,
    encryptKey: FEISHU_ENCRYPT_KEY,
    users: (Object.keys(FEISHU_USERS) as ContractUser[]).map((u) => {
      const person = CONTRACT_PEOPLE[u];
      return {
        openId: FEISHU_USERS[u],
        userId: `u_${u.toLowerCase()}`,
        unionId: `on_${u.toLowerCase()}`,
        name: person.name,
        ...(person.email ? { email: person.email } : {}),
      };
    }),
    chats: [{ chatId: FEISHU_CHAT, name: 'db-approvals' }],
  });
  const state = fake.state;
  let driver: FeishuDriver | null = null;
  let last: FeishuSendResult | null = null;
  const d = () => {
    if (!driver) throw new Error('the kit is not connected');
    return driver;
  };
  const remember = (r: FeishuSendResult) => {
    last = r;
    return sent(r);
  };
  const text = (m: FeishuFakeMessage) => state.textOf(m);
  const fromApp = (m: FeishuFakeMessage) => m.sender.type === 'app';
  const decisionButtons = (m: FeishuFakeMessage) =>
    state.buttonsOf(m).filter((b) => b.value?.action === 'approve' || b.value?.action === 'reject');
  /** The callback value of a card's button, from its current content or, once answered, an earlier version. */
  function buttonValue(card: ContractCard, action: 'approve' | 'reject'): Value {
    const m = state.message(card.id);
    if (!m) throw new Error(`no message ${card.id}`);
    const versions = [m.content, ...m.versions.map((v) => v.content).reverse()];
    for (const content of versions) {
      const found = state
        .buttonsOf({ ...m, content })
        .find((b) => b.value?.action === action && typeof b.value.key === 'string');
      if (found?.value) return found.value;
    }
    throw new Error(`card ${card.id} never had a ${action} button`);
  }
  /** The reason form open for the user about this card: on the card itself, or sent to them directly. */
  function formFor(user: ContractUser, card: ContractCard): FeishuFakeMessage | undefined {
    const openId = FEISHU_USERS[user];
    const issue = /^#(\d+) /.exec(card.text)?.[1];
    const onCard = state.message(card.id);
    const answeredThem = state.callbackAnswers.some(
      (a) => a.openId === openId && a.messageId === card.id && a.cardReplaced,
    );
    const hasForm = (m: FeishuFakeMessage) => state.inputsOf(m).some((i) => i.name === 'reason');
    if (onCard && answeredThem && hasForm(onCard)) {
      // The form on a shared card is the answer to the last click on it; it must have been this user's.
      const lastAnswer = state.callbackAnswers
        .filter((a) => a.messageId === card.id && a.cardReplaced)
        .at(-1);
      if (lastAnswer?.openId === openId) return onCard;
    }
    return state
      .direct(openId)
      .filter(fromApp)
      .find(
        (m) =>
          hasForm(m) && state.buttonsOf(m).some((b) => String(b.value?.key ?? '').startsWith(`${issue}:`)),
      );
  }

  return {
    platform: 'feishu',
    channel: FEISHU_CHAT,
    fake,
    driver: d,
    env: fake.env,
    async connect(url) {
      driver = createFeishuDriver({ targetUrl: `${url}/hooks/feishu`, fake });
    },
    card(issueId) {
      const m = state
        .history(FEISHU_CHAT)
        .find((x) => x.msgType === 'interactive' && fromApp(x) && text(x).startsWith(`#${issueId} `));
      return (
        m && { id: m.messageId, text: text(m), hasButtons: decisionButtons(m).length > 0, edits: m.edits }
      );
    },
    thread: (card) => state.thread(card.id).filter(fromApp).map(text),
    dmSent: (user) => state.direct(FEISHU_USERS[user]).some(fromApp),
    noticesTo(user) {
      const openId = FEISHU_USERS[user];
      const toasts = state.callbackAnswers
        .filter((a) => a.openId === openId && a.toast)
        .map((a) => a.toast!.content);
      return [...toasts, ...state.direct(openId).filter(fromApp).map(text)];
    },
    async click(user, card, action) {
      const value = buttonValue(card, action);
      return remember(
        await d().cardAction(FEISHU_USERS[user], { messageId: card.id, chatId: FEISHU_CHAT, value }),
      );
    },
    async redeliverLast() {
      if (!last) throw new Error('nothing sent yet');
      return sent(await d().redeliver(last));
    },
    async replayLast() {
      if (!last) throw new Error('nothing sent yet');
      return sent(await d().replay(last));
    },
    reasonAsked: (user, card) => formFor(user, card) !== undefined,
    async submitReason(user, card, reason) {
      const form = formFor(user, card);
      if (!form) throw new Error(`no reason form open for ${user}`);
      const submit = state.buttonsOf(form).find((b) => b.formActionType === 'submit');
      if (!submit?.value) throw new Error('the reason form has no submit button');
      return remember(
        await d().cardAction(FEISHU_USERS[user], {
          messageId: form.messageId,
          chatId: form.chatId,
          value: submit.value,
          formValue: { reason },
          ...(submit.name ? { name: submit.name } : {}),
        }),
      );
    },
    forgeries(user, card, action) {
      const input = { messageId: card.id, chatId: FEISHU_CHAT, value: buttonValue(card, action) };
      const variants: Record<string, FeishuSendOptions> = {
        'signed with another key': { tamper: 'wrong-signature' },
        'body altered after signing': { tamper: 'alter-body' },
        'verification token of another app, correctly signed': { tamper: 'wrong-token' },
        'encrypted and signed with another key': { tamper: 'wrong-encrypt-key' },
        'timestamp five minutes old': { timestampOffsetSeconds: -301 },
        'timestamp five minutes ahead': { timestampOffsetSeconds: 301 },
        'no signature': { omitSignature: true },
        'plain JSON without a signature': { encrypt: false, omitSignature: true },
      };
      return Object.entries(variants).map(([name, options]) => ({
        name,
        send: async () => sent(await d().cardAction(FEISHU_USERS[user], input, options)),
      }));
    },
    async command(user, commandText) {
      const res = await d().message(FEISHU_USERS[user], { text: `/bytebase ${commandText}` });
      if (res.status !== 200) throw new Error(`the command was answered with HTTP ${res.status}`);
      const messageId = String(((res.payload.event as Value).message as Value).message_id ?? '');
      const reply = await pollUntil(`answer to "${commandText}"`, () =>
        state.thread(messageId).find(fromApp),
      );
      return text(reply);
    },
    rateLimit(kind, count, retryAfterSeconds) {
      state.injectRateLimit(
        kind === 'update'
          ? { method: 'PATCH', path: /^\/open-apis\/im\/v1\/messages\/[^/]+$/ }
          : { method: 'POST', path: /^\/open-apis\/im\/v1\/messages(\/[^/]+\/reply)?$/ },
        { count, retryAfterSeconds },
      );
    },
    rateLimited: () => state.rateLimitedCount,
    close: () => fake.close(),
  };
}
