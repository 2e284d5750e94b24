// Parses Feishu/Lark inbound bodies (already verified and decrypted): URL challenge, card callbacks, messages.
// https://open.feishu.cn/document/server-docs/event-subscription-guide/event-subscription-configure-/request-url-configuration-case

export interface FeishuCardAction {
  kind: 'card_action';
  eventId: string;
  /** Who clicked. */
  openId: string;
  /** The `behaviors[].value` of the clicked button. */
  value: Record<string, unknown>;
  /** Values of the form the clicked button submitted (`name` → value). */
  formValue: Record<string, unknown>;
  /** The message holding the card, and its chat. */
  messageId: string | null;
  chatId: string | null;
}

export interface FeishuMessage {
  kind: 'message';
  eventId: string;
  openId: string;
  /** `user` for people; `app` for bots (ignored, so bots cannot talk to each other in circles). */
  senderType: string;
  messageId: string;
  chatId: string;
  chatType: string;
  messageType: string;
  /** The text with mention placeholders (`@_user_1`) removed, trimmed. */
  text: string;
  /** Whether the message @mentions anyone (group messages reach the bot only when they mention it). */
  mentioned: boolean;
}

export type FeishuInbound =
  | { kind: 'url_verification'; challenge: string }
  | FeishuCardAction
  | FeishuMessage
  | { kind: 'event'; eventId: string | null; type: string }
  | { kind: 'unsupported'; reason: string };

type Json = Record<string, unknown>;
const obj = (v: unknown): Json =>
  typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Json) : {};
const str = (v: unknown): string | null => (typeof v === 'string' ? v : null);

/** Parses a JSON text into an object, or null. */
export function parseJsonObject(text: string): Json | null {
  try {
    const v = JSON.parse(text) as unknown;
    return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Json) : null;
  } catch {
    return null;
  }
}

function cardAction(eventId: string, event: Json): FeishuInbound {
  const openId = str(obj(event.operator).open_id);
  if (!openId) return { kind: 'unsupported', reason: 'card action without an operator' };
  const action = obj(event.action);
  // A button's value may arrive as an object or, from older clients, as a JSON string.
  const raw = action.value;
  const value = typeof raw === 'string' ? (parseJsonObject(raw) ?? {}) : obj(raw);
  const context = obj(event.context);
  return {
    kind: 'card_action',
    eventId,
    openId,
    value,
    formValue: obj(action.form_value),
    messageId: str(context.open_message_id) ?? str(event.open_message_id),
    chatId: str(context.open_chat_id) ?? str(event.open_chat_id),
  };
}

function message(eventId: string, event: Json): FeishuInbound {
  const sender = obj(event.sender);
  const openId = str(obj(sender.sender_id).open_id);
  const m = obj(event.message);
  const messageId = str(m.message_id);
  const chatId = str(m.chat_id);
  if (!openId || !messageId || !chatId) return { kind: 'unsupported', reason: 'message without ids' };
  const messageType = str(m.message_type) ?? '';
  const mentions = Array.isArray(m.mentions) ? m.mentions.map(obj) : [];
  let text = messageType === 'text' ? (str(obj(parseJsonObject(str(m.content) ?? '')).text) ?? '') : '';
  for (const key of mentions.map((x) => str(x.key)).filter((k): k is string => !!k))
    text = text.split(key).join(' ');
  return {
    kind: 'message',
    eventId,
    openId,
    senderType: str(sender.sender_type) ?? 'user',
    messageId,
    chatId,
    chatType: str(m.chat_type) ?? '',
    messageType,
    text: text.replace(/\s+/g, ' ').trim(),
    mentioned: mentions.length > 0,
  };
}

/** Parses a verified, decrypted body by its schema and event type. */
export function parseFeishuBody(body: Json): FeishuInbound {
  if (body.type === 'url_verification') {
    const challenge = str(body.challenge);
    return challenge
      ? { kind: 'url_verification', challenge }
      : { kind: 'unsupported', reason: 'no challenge' };
  }
  if (body.schema !== '2.0') return { kind: 'unsupported', reason: 'not a schema 2.0 event' };
  const header = obj(body.header);
  const eventId = str(header.event_id);
  const type = str(header.event_type) ?? '';
  if (!eventId) return { kind: 'unsupported', reason: 'event without an event_id' };
  if (type === 'card.action.trigger') return cardAction(eventId, obj(body.event));
  if (type === 'im.message.receive_v1') return message(eventId, obj(body.event));
  return { kind: 'event', eventId, type };
}

/**
 * The command in a message to the bot: `/bytebase history shop prod` and `history shop prod` both give
 * `history shop prod`.
 */
export function commandText(text: string): string {
  return text.replace(/^\s*\/?bytebase\b/i, '').trim();
}
