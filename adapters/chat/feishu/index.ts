// The Feishu/Lark ChatAdapter: verifies, decrypts and parses inbound requests; renders and sends card messages.

import { notice } from '../../../src/core/messages/types.ts';
import {
  type ChatAdapter,
  type ChatIdentity,
  type MessageRef,
  verifiedUser,
} from '../../../src/core/ports/chat-adapter.ts';
import { createJobLimiter } from '../shared/job-limiter.ts';
import { createCardActionHandler } from './callback.ts';
import { createFeishuClient } from './client.ts';
import type { FeishuChatAdapterConfig } from './config.ts';
import { commandText, type FeishuMessage, parseFeishuBody, parseJsonObject } from './parse.ts';
import { renderMessage } from './render.ts';
import {
  decryptFeishuBody,
  FEISHU_SIGNATURE_WINDOW_SECONDS,
  verifyFeishuSignature,
  verifyFeishuToken,
} from './verify.ts';

export type { FeishuChatAdapterConfig } from './config.ts';

/** Feishu payloads are small; anything bigger is not from Feishu. */
const MAX_BODY_BYTES = 1024 * 1024;
const USER_CACHE_MS = 60_000;
const BACKGROUND_CONCURRENCY = 4;
/** Event ids are remembered this long; Feishu re-pushes an unanswered event within hours, the store dedupes those. */
const EVENT_MEMORY_MS = 10 * 60_000;

const json = (body: unknown, status = 200) => Response.json(body, { status });
const feishuRef = (ref: MessageRef) => ({
  messageId: String(ref.messageId),
  chatId: ref.chatId === null || ref.chatId === undefined ? null : String(ref.chatId),
});

/** Creates the adapter; `handle` answers Feishu at once and does slow work in the background. */
export function createFeishuChatAdapter(config: FeishuChatAdapterConfig): ChatAdapter {
  const client = createFeishuClient(config);
  const log = config.logger;
  const users = new Map<string, { at: number; identity: ChatIdentity }>();
  const events = new Map<string, number>();
  // Exact signatures seen inside the window: a byte-for-byte replay is refused like a forgery.
  const signatures = new Map<string, number>();
  if (!config.encryptKey && !config.verificationToken)
    log.warn({}, 'feishu: neither an encrypt key nor a verification token is set; every request is refused');

  // Background work runs a few at a time so a burst of messages cannot starve the answers.
  const jobs = createJobLimiter(BACKGROUND_CONCURRENCY, (what, err) =>
    log.error({ err }, `feishu ${what} failed`),
  );
  const background = (what: string, work: () => Promise<unknown>) => void jobs.run(what, work);

  /** Remembers a key with its time; true when it was already there. Old entries go once the map grows. */
  function remember(map: Map<string, number>, key: string, ttlMs: number): boolean {
    const now = config.clock.now();
    if (map.size > 10_000) for (const [k, at] of map) if (now - at > ttlMs) map.delete(k);
    if (map.has(key)) return true;
    map.set(key, now);
    return false;
  }

  const refuse = (reason: string) => {
    log.warn({ reason }, 'feishu request refused');
    return json({ error: 'unauthorized' }, 401);
  };

  const onCardAction = createCardActionHandler({
    get adapter() {
      return adapter;
    },
    inbound: config.inbound,
    logger: log,
    budgetMs: config.callbackBudgetMs ?? 2000,
    background,
    dm: (openId, card) => client.send('open_id', openId, card),
    seen: (eventId) => remember(events, eventId, EVENT_MEMORY_MS),
  });

  /** A message to the bot is a command: acknowledged at once, answered when it is ready. */
  function onMessage(m: FeishuMessage): Response {
    // Bots (this one included) are not asked anything; group messages count only when they mention the bot.
    if (m.senderType !== 'user' || (m.chatType !== 'p2p' && !m.mentioned)) return json({});
    if (remember(events, m.eventId, EVENT_MEMORY_MS)) return json({});
    background('command', async () => {
      const answer = await config.inbound
        .command({ adapter, platformUserId: m.openId, text: commandText(m.text), deliveryId: m.eventId })
        .catch((err: unknown) => {
          log.error({ err }, 'feishu command failed');
          return notice(['Something went wrong answering that; try again.']);
        });
      if (!answer) return;
      if (m.chatType === 'p2p') {
        await client.reply(m.messageId, renderMessage(answer), false);
        return;
      }
      // Answers show what the asker may see, and everyone in a group would read a reply: the answer goes
      // to the asker directly, the group only hears where it went.
      await client.send('open_id', m.openId, renderMessage(answer));
      await client.reply(
        m.messageId,
        renderMessage(notice(['I sent you the answer in a direct message.'])),
        false,
      );
    });
    return json({});
  }

  const adapter: ChatAdapter = {
    platform: 'feishu',
    async handle(request) {
      const raw = await request.text();
      if (Buffer.byteLength(raw) > MAX_BODY_BYTES) return json({ error: 'payload too large' }, 413);
      if (!config.encryptKey && !config.verificationToken) return refuse('no credentials configured');
      const signature = request.headers.get('x-lark-signature');
      const timestamp = request.headers.get('x-lark-request-timestamp');
      const nonce = request.headers.get('x-lark-request-nonce');
      // Feishu signs pushed events and callbacks, not the URL verification; an unsigned request may only be
      // that challenge, encrypted with our key (checked below, once it is parsed).
      const unsigned = !signature && !timestamp && !nonce;
      if (config.encryptKey && !unsigned) {
        const verified = verifyFeishuSignature({
          encryptKey: config.encryptKey,
          timestamp,
          nonce,
          signature,
          rawBody: raw,
          nowMs: config.clock.now(),
        });
        if (!verified.ok) return refuse(verified.reason);
        if (remember(signatures, signature!, FEISHU_SIGNATURE_WINDOW_SECONDS * 2000))
          return refuse('replayed request');
      }
      let body = parseJsonObject(raw);
      if (!body) return json({ error: 'malformed JSON' }, 400);
      const encrypted = typeof body.encrypt === 'string';
      if (typeof body.encrypt === 'string') {
        if (!config.encryptKey) return refuse('encrypted body without an encrypt key');
        body = decryptFeishuBody(config.encryptKey, body.encrypt);
        if (!body) return refuse('body does not decrypt with the encrypt key');
      }
      if (config.verificationToken) {
        const token = verifyFeishuToken(config.verificationToken, body);
        if (!token.ok) return refuse(token.reason);
      }
      const inbound = parseFeishuBody(body);
      if (config.encryptKey && unsigned && !(encrypted && inbound.kind === 'url_verification'))
        return refuse('missing signature headers');
      switch (inbound.kind) {
        // https://open.feishu.cn/document/server-docs/event-subscription-guide/event-subscription-configure-/request-url-configuration-case
        case 'url_verification':
          return json({ challenge: inbound.challenge });
        case 'card_action':
          return json(await onCardAction(inbound));
        case 'message':
          return onMessage(inbound);
        case 'event':
          return json({});
        default:
          log.debug({ reason: inbound.reason }, 'feishu request ignored');
          return json({});
      }
    },
    async post(target, message) {
      const sent = await client.send('chat_id', target.channel, renderMessage(message));
      return { messageId: sent.messageId, chatId: sent.chatId ?? target.channel };
    },
    async update(ref, message) {
      await client.patch(feishuRef(ref).messageId, renderMessage(message));
    },
    async reply(ref, message) {
      const root = feishuRef(ref);
      const sent = await client.reply(root.messageId, renderMessage(message), true);
      return { messageId: sent.messageId, chatId: sent.chatId ?? root.chatId };
    },
    async dm(userId, message) {
      const sent = await client.send('open_id', userId, renderMessage(message));
      return { messageId: sent.messageId, chatId: sent.chatId };
    },
    async identify(platformUserId) {
      const cached = users.get(platformUserId);
      const now = config.clock.now();
      if (cached && now - cached.at < USER_CACHE_MS) return cached.identity;
      const info = await client.user(platformUserId);
      // The enterprise mailbox is the one the tenant administers; the personal one is the fallback. Both are
      // set in the tenant's directory, which vouches for them: Feishu has no unconfirmed address.
      const email = info?.enterpriseEmail ?? info?.email ?? null;
      const name = info?.name ?? platformUserId;
      const identity: ChatIdentity = email
        ? { status: 'verified', email, name, userId: platformUserId }
        : { status: 'no_email', name, userId: platformUserId };
      users.set(platformUserId, { at: now, identity });
      return identity;
    },
    lookupUser: async (platformUserId) => verifiedUser(await adapter.identify(platformUserId)),
    findUserIdByEmail: (email) => client.openIdByEmail(email),
    async drain() {
      await jobs.drain();
    },
  };
  return adapter;
}
