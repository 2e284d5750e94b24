// Payloads Feishu pushes to the app: url_verification, im.message.receive_v1 and card.action.trigger (schema 2.0).
import { newEventId } from './ids.ts';
import type { FeishuFakeState } from './state.ts';
import type { FeishuFakeMessage, FeishuFakeUser } from './types.ts';

type Json = Record<string, unknown>;

/** The key Feishu puts in the text for the first @ mention. */
export const BOT_MENTION_KEY = '@_user_1';

// https://open.feishu.cn/document/server-docs/event-subscription-guide/event-subscription-configure-/request-url-configuration-case
export function challengePayload(state: FeishuFakeState, challenge: string): Json {
  return { challenge, token: state.verificationToken, type: 'url_verification' };
}

/** The schema 2.0 envelope every v2 event and callback shares. */
function envelope(state: FeishuFakeState, eventType: string, event: Json): Json {
  return {
    schema: '2.0',
    header: {
      event_id: newEventId(),
      token: state.verificationToken,
      create_time: String(state.clock()),
      event_type: eventType,
      tenant_key: state.tenantKey,
      app_id: state.appId,
    },
    event,
  };
}

const userIds = (user: FeishuFakeUser) => ({
  union_id: user.unionId,
  user_id: user.userId,
  open_id: user.openId,
});

/** What a user types to the bot; in a group the text starts with an @ mention of the bot unless told otherwise. */
export interface MessageInput {
  /** Omitted: the user's p2p chat with the bot. */
  chatId?: string;
  text: string;
  /** Default: true in a group, false in p2p. */
  mentionBot?: boolean;
  /** Replies to this message (in its chat, under its root and in its thread, if any). */
  replyTo?: string;
}

// https://open.feishu.cn/document/server-docs/im-v1/message/events/receive
export function messageReceivePayload(
  state: FeishuFakeState,
  user: FeishuFakeUser,
  input: MessageInput,
): { payload: Json; message: FeishuFakeMessage } {
  const parent = input.replyTo === undefined ? undefined : state.message(input.replyTo);
  if (input.replyTo !== undefined && !parent)
    throw new Error(`the Feishu fake has no message ${input.replyTo}`);
  const chatId = parent?.chatId ?? input.chatId ?? state.p2pChatFor(user.openId);
  const p2p = !state.chats.some((c) => c.chatId === chatId);
  const thread = parent
    ? { rootId: parent.rootId ?? parent.messageId, parentId: parent.messageId, threadId: parent.threadId }
    : {};
  const mention = input.mentionBot ?? !p2p;
  const text = mention ? `${BOT_MENTION_KEY} ${input.text}` : input.text;
  const rawContent = JSON.stringify({ text });
  const message = state.addMessage({
    chatId,
    msgType: 'text',
    content: { text },
    rawContent,
    receiver: { type: 'chat_id', id: chatId },
    sender: { type: 'user', id: user.openId },
    ...thread,
  });
  const mentions = mention
    ? [
        {
          key: BOT_MENTION_KEY,
          id: { open_id: state.bot.openId, union_id: `on_${state.bot.openId.slice(3)}`, user_id: '' },
          name: state.bot.name,
          tenant_key: state.tenantKey,
        },
      ]
    : undefined;
  const payload = envelope(state, 'im.message.receive_v1', {
    sender: { sender_id: userIds(user), sender_type: 'user', tenant_key: state.tenantKey },
    message: {
      message_id: message.messageId,
      ...(message.rootId ? { root_id: message.rootId, parent_id: message.parentId } : {}),
      ...(message.threadId ? { thread_id: message.threadId } : {}),
      create_time: String(message.createTime),
      update_time: String(message.createTime),
      chat_id: chatId,
      chat_type: p2p ? 'p2p' : 'group',
      message_type: 'text',
      content: rawContent,
      ...(mentions ? { mentions } : {}),
    },
  });
  return { payload, message };
}

/** A click on a callback button (or a form submit) of a card message. */
export interface CardActionInput {
  messageId: string;
  chatId: string;
  /** The button's callback value (`behaviors[{type:'callback', value}]`). */
  value: Record<string, unknown>;
  /** Form container submissions: input name -> value. */
  formValue?: Record<string, unknown>;
  /** The component's name. */
  name?: string;
  tag?: 'button';
}

// https://open.feishu.cn/document/uAjLw4CM/ukzMukzMukzM/feishu-cards/card-callback-communication
export function cardActionPayload(
  state: FeishuFakeState,
  user: FeishuFakeUser,
  input: CardActionInput,
  callbackToken: string,
): Json {
  return envelope(state, 'card.action.trigger', {
    operator: { tenant_key: state.tenantKey, ...userIds(user) },
    token: callbackToken,
    action: {
      tag: input.tag ?? 'button',
      value: input.value,
      ...(input.name ? { name: input.name } : {}),
      ...(input.formValue ? { form_value: input.formValue } : {}),
      timezone: 'Asia/Shanghai',
    },
    host: 'im_message',
    context: { open_message_id: input.messageId, open_chat_id: input.chatId },
  });
}
