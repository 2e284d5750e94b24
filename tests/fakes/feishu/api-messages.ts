// IM message endpoints: send, reply (in thread), patch a shared card, edit text; with Feishu's checks.
import { type ApiAnswer, FeishuCode, fail, invalidParam, ok } from './errors.ts';
import { newThreadId } from './ids.ts';
import { type FeishuFakeState, isSharedCard } from './state.ts';
import type { FeishuFakeMessage, FeishuReceiver } from './types.ts';

type Json = Record<string, unknown>;

const RECEIVE_ID_TYPES = ['chat_id', 'open_id', 'user_id', 'union_id', 'email'] as const;
/** Messages can be updated for 14 days after they were sent. */
export const UPDATE_WINDOW_MS = 14 * 24 * 60 * 60 * 1000;

const isObject = (value: unknown): value is Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** `230099` with the sub-error Feishu puts in `ext=`. */
function cardFailed(subCode: string, message: string): ApiAnswer {
  return fail(
    FeishuCode.cardContentFailed,
    `Failed to create card content, ext=ErrCode: ${subCode}; ErrMsg: ${message}`,
  );
}

/** Parses and checks `content` for a msg_type; returns the parsed value or the error answer. */
function parseContent(msgType: unknown, content: unknown): { value: unknown } | { error: ApiAnswer } {
  if (typeof msgType !== 'string' || msgType === '') return { error: invalidParam('invalid msg_type') };
  if (typeof content !== 'string') return { error: invalidParam('invalid message content') };
  let value: unknown;
  try {
    value = JSON.parse(content);
  } catch {
    return { error: invalidParam('invalid message content') };
  }
  if (!isObject(value)) return { error: invalidParam('invalid message content') };
  if (msgType === 'text' && typeof value['text'] !== 'string') {
    return { error: invalidParam('invalid message content') };
  }
  if (msgType === 'interactive') {
    if (value['type'] === 'template') {
      return {
        error: cardFailed('200380', 'template does not exist (templates are not modelled)'),
      };
    }
    const body = isObject(value['body']) ? value['body'] : value;
    if (!Array.isArray(body['elements'])) {
      return {
        error: cardFailed('200621', 'parse card json err, please check whether the card json is correct'),
      };
    }
  }
  return { value };
}

/** The message object Feishu answers with (empty ids are left out, as Feishu does). */
export function messageData(state: FeishuFakeState, message: FeishuFakeMessage): Json {
  return {
    message_id: message.messageId,
    ...(message.rootId ? { root_id: message.rootId } : {}),
    ...(message.parentId ? { parent_id: message.parentId } : {}),
    ...(message.threadId ? { thread_id: message.threadId } : {}),
    msg_type: message.msgType,
    create_time: String(message.createTime),
    update_time: String(message.updateTime),
    deleted: false,
    updated: message.edits > 0,
    chat_id: message.chatId,
    sender:
      message.sender.type === 'app'
        ? { id: state.appId, id_type: 'app_id', sender_type: 'app', tenant_key: state.tenantKey }
        : { id: message.sender.id, id_type: 'open_id', sender_type: 'user', tenant_key: state.tenantKey },
    body: { content: message.rawContent },
  };
}

// https://open.feishu.cn/document/server-docs/im-v1/message/create
export function createMessage(state: FeishuFakeState, query: Json, body: unknown): ApiAnswer {
  const type = query['receive_id_type'];
  if (typeof type !== 'string' || !(RECEIVE_ID_TYPES as readonly string[]).includes(type)) {
    return fail(FeishuCode.fieldValidation, 'field validation failed');
  }
  const input = isObject(body) ? body : {};
  const receiveId = input['receive_id'];
  if (typeof receiveId !== 'string' || receiveId === '') {
    return fail(FeishuCode.fieldValidation, 'field validation failed');
  }
  let chatId: string;
  if (type === 'chat_id') {
    if (!state.knowsChat(receiveId))
      return fail(FeishuCode.botNotInChat, 'Bot/User can NOT be out of the chat.');
    chatId = receiveId;
  } else {
    const user = state.userBy(type, receiveId);
    if (!user) return invalidParam('invalid receive_id');
    chatId = state.p2pChatFor(user.openId);
  }
  const parsed = parseContent(input['msg_type'], input['content']);
  if ('error' in parsed) return parsed.error;
  const message = state.addMessage({
    chatId,
    msgType: input['msg_type'] as string,
    content: parsed.value,
    rawContent: input['content'] as string,
    receiver: { type: type as FeishuReceiver['type'], id: receiveId },
    sender: { type: 'app', id: state.appId },
    ...(typeof input['uuid'] === 'string' && input['uuid'] ? { uuid: input['uuid'] } : {}),
  });
  return ok(messageData(state, message));
}

// https://open.feishu.cn/document/server-docs/im-v1/message/reply
export function replyMessage(state: FeishuFakeState, messageId: string, body: unknown): ApiAnswer {
  const parent = state.message(messageId);
  if (!parent) return invalidParam('invalid message_id');
  const input = isObject(body) ? body : {};
  const parsed = parseContent(input['msg_type'], input['content']);
  if ('error' in parsed) return parsed.error;
  const rootId = parent.rootId ?? parent.messageId;
  let threadId = parent.threadId;
  if (!threadId && input['reply_in_thread'] === true) {
    // Replying in thread turns the root message into a topic; every later reply shares its thread id.
    threadId = newThreadId();
    const root = state.message(rootId);
    if (root) root.threadId = threadId;
  }
  const message = state.addMessage({
    chatId: parent.chatId,
    rootId,
    parentId: parent.messageId,
    threadId,
    msgType: input['msg_type'] as string,
    content: parsed.value,
    rawContent: input['content'] as string,
    receiver: { type: 'chat_id', id: parent.chatId },
    sender: { type: 'app', id: state.appId },
    ...(typeof input['uuid'] === 'string' && input['uuid'] ? { uuid: input['uuid'] } : {}),
  });
  return ok(messageData(state, message));
}

/** Checks shared by PATCH and PUT: the message exists, was sent by the app and is in its update window. */
function editable(state: FeishuFakeState, messageId: string): { message: FeishuFakeMessage } | ApiAnswer {
  const message = state.message(messageId);
  if (!message) return invalidParam('invalid message_id');
  if (message.sender.type !== 'app') return invalidParam('the message was not sent by this app');
  if (state.clock() - message.createTime > UPDATE_WINDOW_MS) {
    return fail(
      FeishuCode.messageExpired,
      'Message has expired when updating message, ext=Message can only be updated within fourteen days.',
    );
  }
  return { message };
}

// https://open.feishu.cn/document/server-docs/im-v1/message-card/patch
export function patchMessage(state: FeishuFakeState, messageId: string, body: unknown): ApiAnswer {
  const found = editable(state, messageId);
  if (!('message' in found)) return found;
  const { message } = found;
  if (message.msgType !== 'interactive') return invalidParam('This message is NOT a card');
  const input = isObject(body) ? body : {};
  const parsed = parseContent('interactive', input['content']);
  if ('error' in parsed) return parsed.error;
  if (!message.updateMulti || !isSharedCard('interactive', parsed.value)) {
    return invalidParam(
      'only shared cards can be updated: config.update_multi must be true before and after',
    );
  }
  if (!state.limits.takeMessageSlot(message.messageId)) {
    return fail(FeishuCode.imFrequencyLimit, 'This operation triggers the frequency limit.');
  }
  state.editMessage(message, parsed.value, input['content'] as string, 'patch');
  return { status: 200, body: { code: 0, data: {}, msg: 'ok' } };
}

// https://open.feishu.cn/document/server-docs/im-v1/message/update
export function editMessage(state: FeishuFakeState, messageId: string, body: unknown): ApiAnswer {
  const found = editable(state, messageId);
  if (!('message' in found)) return found;
  const { message } = found;
  const input = isObject(body) ? body : {};
  const msgType = input['msg_type'];
  if ((msgType !== 'text' && msgType !== 'post') || msgType !== message.msgType) {
    return invalidParam('invalid msg_type');
  }
  const parsed = parseContent(msgType, input['content']);
  if ('error' in parsed) return parsed.error;
  state.editMessage(message, parsed.value, input['content'] as string, 'put');
  return ok(messageData(state, message));
}
