// Shared types of the loopback Feishu/Lark fake: seeds, options, the message model and the call log.

/** Milliseconds since the epoch; injectable so tests can move time for token and card windows. */
export type Clock = () => number;

/** A member of the tenant: the ids Feishu gives one person, and their contact fields. */
export interface FeishuFakeUser {
  /** App-scoped id, `ou_...`. */
  openId: string;
  /** Tenant-scoped id. */
  userId: string;
  /** Developer-scoped id, `on_...`. */
  unionId: string;
  name: string;
  /** Only users with an email get `email` back from the contact API. */
  email?: string;
  /** Company mailbox; returned by users.get, never matched by batch_get_id (as Feishu documents). */
  enterpriseEmail?: string;
}

/** A group chat the bot is a member of. */
export interface FeishuFakeChat {
  /** `oc_...` */
  chatId: string;
  name: string;
}

export interface FeishuFakeOptions {
  appId: string;
  appSecret: string;
  verificationToken: string;
  /** Encrypt Key of the app; '' means events are sent in plain JSON (still signed with an empty key). */
  encryptKey: string;
  users: FeishuFakeUser[];
  chats: FeishuFakeChat[];
  /** The bot as users see it in mentions; defaults are derived from the app id. */
  bot?: { openId?: string; name?: string };
  tenantKey?: string;
  clock?: Clock;
  /** Listening port on 127.0.0.1; default 0 (ephemeral). */
  port?: number;
}

/** Who a message was addressed to when it was created. */
export interface FeishuReceiver {
  type: 'chat_id' | 'open_id' | 'user_id' | 'union_id' | 'email';
  id: string;
}

/** One earlier version of a message's content, kept when it is edited. */
export interface FeishuMessageVersion {
  content: unknown;
  at: number;
  via: 'create' | 'patch' | 'put' | 'callback' | 'card-update';
}

/** A message in a chat, sent by the app or by a user through the driver. */
export interface FeishuFakeMessage {
  /** `om_...` */
  messageId: string;
  chatId: string;
  /** First message of the reply chain; null for top-level messages. */
  rootId: string | null;
  /** The message this one replies to; null for top-level messages. */
  parentId: string | null;
  /** `omt_...` when the message lives in a thread (topic). */
  threadId: string | null;
  msgType: string;
  /** The content JSON, parsed: a card object, `{text}` or a post. */
  content: unknown;
  /** The content string exactly as sent. */
  rawContent: string;
  /** How many times the message was changed after it was sent. */
  edits: number;
  /** Earlier versions, oldest first. */
  versions: FeishuMessageVersion[];
  /** Whether the (card) message is a shared card (`config.update_multi: true`). */
  updateMulti: boolean;
  receiver: FeishuReceiver;
  sender: { type: 'app' | 'user'; id: string };
  createTime: number;
  updateTime: number;
  /** Idempotency key given at creation, if any. */
  uuid?: string;
}

/** One Open API call as the fake received and answered it. */
export interface FeishuApiCall {
  method: string;
  /** Path without the query string, e.g. `/open-apis/im/v1/messages`. */
  path: string;
  query: Record<string, string>;
  status: number;
  /** Parsed JSON request body, if any. */
  body?: unknown;
  /** The tenant access token the call carried (Bearer), if any. */
  token?: string;
  /** The JSON answer. */
  response: unknown;
  at: number;
}

/** What the service answered to a card callback, as the user would see it. */
export interface FeishuCallbackAnswer {
  openId: string;
  messageId: string;
  status: number;
  /** Toast text shown to the clicking user, if the answer had one. */
  toast?: { type?: string; content: string };
  /** Whether the answer replaced the card (`card.type === 'raw'`). */
  cardReplaced: boolean;
  at: number;
}
