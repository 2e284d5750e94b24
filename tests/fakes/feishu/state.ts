// The fake's platform state: tenant, chats, messages with threads and edits, tokens, call log and limits.
import {
  cardButtons,
  cardInputs,
  contentText,
  type FeishuCardButton,
  type FeishuCardInput,
} from './card-text.ts';
import { newChatId, newMessageId } from './ids.ts';
import { FeishuLimits } from './limits.ts';
import { type CallbackToken, CallbackTokens, TenantTokens } from './tokens.ts';
import type {
  Clock,
  FeishuApiCall,
  FeishuCallbackAnswer,
  FeishuFakeChat,
  FeishuFakeMessage,
  FeishuFakeOptions,
  FeishuFakeUser,
  FeishuMessageVersion,
  FeishuReceiver,
} from './types.ts';

/** Fields of a new message. */
export type NewMessage = Pick<FeishuFakeMessage, 'chatId' | 'msgType' | 'content' | 'rawContent'> &
  Partial<Pick<FeishuFakeMessage, 'rootId' | 'parentId' | 'threadId' | 'uuid'>> & {
    receiver: FeishuReceiver;
    sender: FeishuFakeMessage['sender'];
  };

export class FeishuFakeState {
  readonly appId: string;
  readonly appSecret: string;
  readonly verificationToken: string;
  readonly encryptKey: string;
  readonly tenantKey: string;
  readonly bot: { openId: string; name: string };
  readonly users: FeishuFakeUser[];
  readonly chats: FeishuFakeChat[];
  readonly clock: Clock;
  /** Every Open API call, oldest first. */
  readonly calls: FeishuApiCall[] = [];
  /** What the service answered to card callbacks (toasts, replaced cards), oldest first. */
  readonly callbackAnswers: FeishuCallbackAnswer[] = [];
  private readonly messages = new Map<string, FeishuFakeMessage>();
  private readonly p2pChats = new Map<string, string>();
  private readonly uuids = new Map<string, string>();
  readonly limits: FeishuLimits;
  readonly tenantTokens: TenantTokens;
  readonly callbackTokens: CallbackTokens;

  constructor(options: FeishuFakeOptions) {
    this.appId = options.appId;
    this.appSecret = options.appSecret;
    this.verificationToken = options.verificationToken;
    this.encryptKey = options.encryptKey;
    this.tenantKey = options.tenantKey ?? '736588c9260f175d';
    this.bot = {
      openId: options.bot?.openId ?? `ou_bot${options.appId.replace(/[^a-z0-9]/gi, '').toLowerCase()}`,
      name: options.bot?.name ?? 'Bytebase',
    };
    this.users = options.users;
    this.chats = options.chats;
    this.clock = options.clock ?? Date.now;
    this.limits = new FeishuLimits(this.clock);
    this.tenantTokens = new TenantTokens(options.appId, options.appSecret, this.clock);
    this.callbackTokens = new CallbackTokens(this.clock);
  }

  /** How many rate-limit answers the fake gave. */
  get rateLimitedCount(): number {
    return this.limits.count;
  }

  /** Top-level messages in a chat, oldest first. */
  history(chatId: string): FeishuFakeMessage[] {
    return [...this.messages.values()].filter((m) => m.chatId === chatId && m.rootId === null);
  }

  /** Replies under the message `rootId` (in its thread or quoting it), oldest first. */
  thread(rootId: string): FeishuFakeMessage[] {
    return [...this.messages.values()].filter((m) => m.rootId === rootId);
  }

  message(messageId: string): FeishuFakeMessage | undefined {
    return this.messages.get(messageId);
  }

  /** Every message of the bot's p2p chat with the user (sent by open_id, user_id, union_id or email). */
  direct(openId: string): FeishuFakeMessage[] {
    const chatId = this.p2pChats.get(openId);
    return chatId ? [...this.messages.values()].filter((m) => m.chatId === chatId) : [];
  }

  /** Visible text of a message (card texts flattened, or the text / post body). */
  textOf(message: FeishuFakeMessage): string {
    return contentText(message.msgType, message.content);
  }

  /** What the user was shown privately, oldest first: toasts answering their clicks, then direct messages. */
  noticesTo(openId: string): string[] {
    const toasts = this.callbackAnswers
      .filter((a) => a.openId === openId && a.toast)
      .map((a) => a.toast!.content);
    const direct = this.direct(openId).filter((m) => m.sender.type === 'app');
    return [...toasts, ...direct.map((m) => this.textOf(m))];
  }

  buttonsOf(message: FeishuFakeMessage): FeishuCardButton[] {
    return message.msgType === 'interactive' ? cardButtons(message.content) : [];
  }

  inputsOf(message: FeishuFakeMessage): FeishuCardInput[] {
    return message.msgType === 'interactive' ? cardInputs(message.content) : [];
  }

  /**
   * The next `count` calls matching answer with Feishu's rate-limit response (HTTP 429, or 400 with
   * `status: 400` as some older APIs answer), code 99991400 and `x-ogw-ratelimit-reset`.
   */
  injectRateLimit(
    match: { method: string; path?: RegExp },
    options: { count: number; retryAfterSeconds: number; status?: 429 | 400 },
  ): void {
    this.limits.inject(match, options);
  }

  /**
   * Turns on Feishu's per-message update limit for PATCH (`true` = 5 per second, as documented), answered
   * with 230020. Off by default so fast local runs are not limited by wall-clock bursts.
   */
  setMessageUpdateLimit(perSecond: number | boolean): void {
    this.limits.setPerMessage(perSecond);
  }

  userByOpenId(openId: string): FeishuFakeUser | undefined {
    return this.users.find((u) => u.openId === openId);
  }

  /** Finds a user by an id of the given type (`email` matches the contact email only). */
  userBy(type: string, id: string): FeishuFakeUser | undefined {
    const lower = id.toLowerCase();
    return this.users.find((u) =>
      type === 'open_id'
        ? u.openId === id
        : type === 'user_id'
          ? u.userId === id
          : type === 'union_id'
            ? u.unionId === id
            : type === 'email' && u.email?.toLowerCase() === lower,
    );
  }

  /** The id of the bot's p2p chat with a user, created on first use. */
  p2pChatFor(openId: string): string {
    let chatId = this.p2pChats.get(openId);
    if (!chatId) {
      chatId = newChatId();
      this.p2pChats.set(openId, chatId);
    }
    return chatId;
  }

  /** Whether `chatId` is a group the bot is in or one of its p2p chats. */
  knowsChat(chatId: string): boolean {
    return this.chats.some((c) => c.chatId === chatId) || [...this.p2pChats.values()].includes(chatId);
  }

  /** Stores a new message; with a known `uuid` returns the earlier one instead (idempotent send). */
  addMessage(input: NewMessage): FeishuFakeMessage {
    if (input.uuid) {
      const earlier = this.messages.get(this.uuids.get(input.uuid) ?? '');
      if (earlier) return earlier;
    }
    const now = this.clock();
    const message: FeishuFakeMessage = {
      messageId: newMessageId(),
      chatId: input.chatId,
      rootId: input.rootId ?? null,
      parentId: input.parentId ?? null,
      threadId: input.threadId ?? null,
      msgType: input.msgType,
      content: input.content,
      rawContent: input.rawContent,
      edits: 0,
      versions: [],
      updateMulti: isSharedCard(input.msgType, input.content),
      receiver: input.receiver,
      sender: input.sender,
      createTime: now,
      updateTime: now,
      ...(input.uuid ? { uuid: input.uuid } : {}),
    };
    this.messages.set(message.messageId, message);
    if (input.uuid) this.uuids.set(input.uuid, message.messageId);
    return message;
  }

  /** Replaces a message's content, keeping the earlier version. */
  editMessage(
    message: FeishuFakeMessage,
    content: unknown,
    rawContent: string,
    via: FeishuMessageVersion['via'],
  ): void {
    message.versions.push({ content: message.content, at: message.updateTime, via });
    message.content = content;
    message.rawContent = rawContent;
    message.edits += 1;
    message.updateTime = this.clock();
    message.updateMulti = isSharedCard(message.msgType, content);
  }

  /** Revokes every issued tenant token (as after an app secret reset); calls with them get 99991663. */
  invalidateTokens(): void {
    this.tenantTokens.revokeAll();
  }

  /** Mints the delayed-update token a card callback carries. */
  mintCallbackToken(messageId: string, openId: string): CallbackToken {
    return this.callbackTokens.mint(messageId, openId);
  }
}

/** A card is shared (updatable for everyone) only with `config.update_multi: true`, as the PATCH doc requires. */
export function isSharedCard(msgType: string, content: unknown): boolean {
  if (msgType !== 'interactive' || typeof content !== 'object' || content === null) return false;
  const config = (content as { config?: { update_multi?: unknown } }).config;
  return config?.update_multi === true;
}
