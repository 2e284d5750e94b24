// The Feishu/Lark Open API calls the adapter makes, over the SDK's Client; rate-limit answers are waited out.
import { randomUUID } from 'node:crypto';
import { AppType, Client, DefaultCache, Domain, LoggerLevel } from '@larksuiteoapi/node-sdk';
import type { Logger } from '../../../src/core/ports/clock.ts';
import { FeishuApiError, fromAnswer, toFeishuApiError } from './errors.ts';
import type { FeishuCard } from './render.ts';

export interface SentMessage {
  messageId: string;
  chatId: string | null;
}

export interface FeishuUserInfo {
  name: string;
  email: string | null;
  enterpriseEmail: string | null;
}

export interface FeishuClientOptions {
  appId: string;
  appSecret: string;
  /** `feishu`, `lark` or a base URL. */
  domain: string;
  logger: Logger;
  /** Injectable for tests of the retry waits. */
  sleep?: (ms: number) => Promise<void>;
}

/** Rate-limit answers are retried this often (each waits what the platform asked), other failures less. */
const RATE_LIMIT_ATTEMPTS = 12;
const TRANSIENT_ATTEMPTS = 4;
/** The SDK's HTTP client has no timeout; an answer that never comes must not hold a notification forever. */
const ATTEMPT_TIMEOUT_MS = 15_000;
/** https://open.feishu.cn/document/server-docs/contact-v3/user/get (error codes) */
const NO_USER_AUTHORITY = 41050;

/** The SDK's domain for our setting: its own constants for the two public clouds, else the URL as given. */
export function sdkDomain(domain: string): Domain | string {
  if (domain === 'feishu') return Domain.Feishu;
  if (domain === 'lark') return Domain.Lark;
  return domain.replace(/\/+$/, '');
}

/**
 * Routes the SDK's log lines into the service logger at debug level, as text only: the SDK logs whole
 * request errors, whose config can hold the app secret (token request) or a tenant token.
 */
function sdkLogger(logger: Logger) {
  const line = (msg: unknown[]) =>
    msg
      .map((m) => (typeof m === 'string' ? m : m instanceof Error ? m.message : ''))
      .filter(Boolean)
      .join(' ');
  const to =
    (level: string) =>
    (...msg: unknown[]) =>
      logger.debug({ sdk: 'feishu', level }, line(msg));
  return { error: to('error'), warn: to('warn'), info: to('info'), debug: to('debug'), trace: to('trace') };
}

type Answer<T> = { code?: number; msg?: string; data?: T };

export type FeishuClient = ReturnType<typeof createFeishuClient>;

/** A small client over the SDK; every failure becomes a FeishuApiError after the retries. */
export function createFeishuClient(options: FeishuClientOptions) {
  const sdk = new Client({
    appId: options.appId,
    appSecret: options.appSecret,
    appType: AppType.SelfBuild,
    domain: sdkDomain(options.domain),
    // The SDK's default token cache is one per process; each adapter keeps its own.
    cache: new DefaultCache(),
    logger: sdkLogger(options.logger),
    loggerLevel: LoggerLevel.warn,
  });
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));

  async function call<T>(operation: string, fn: () => Promise<Answer<T>>): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      let error: FeishuApiError;
      let timer: ReturnType<typeof setTimeout> | undefined;
      try {
        const answer = await Promise.race([
          fn(),
          new Promise<never>((_, reject) => {
            timer = setTimeout(
              () => reject(new FeishuApiError(operation, null, null, 'no answer in time', null, true)),
              ATTEMPT_TIMEOUT_MS,
            );
          }),
        ]);
        if ((answer.code ?? 0) === 0) return (answer.data ?? {}) as T;
        error = fromAnswer(operation, answer);
      } catch (err) {
        error = toFeishuApiError(operation, err);
      } finally {
        clearTimeout(timer);
      }
      const limited = error.retryAfterMs !== null;
      if (!error.retryable || attempt >= (limited ? RATE_LIMIT_ATTEMPTS : TRANSIENT_ATTEMPTS)) throw error;
      const wait = limited ? error.retryAfterMs! : 250 * 2 ** (attempt - 1);
      options.logger.debug({ operation, attempt, wait, code: error.code, status: error.status }, 'retrying');
      await sleep(wait);
    }
  }

  const sent = (operation: string, data: { message_id?: string; chat_id?: string }): SentMessage => {
    if (!data.message_id) throw new FeishuApiError(operation, null, 200, 'no message_id in the answer');
    return { messageId: data.message_id, chatId: data.chat_id ?? null };
  };

  return {
    /** The base URL every call goes to (`https://open.feishu.cn`, `https://open.larksuite.com` or the URL). */
    baseUrl: sdk.domain,
    /** https://open.feishu.cn/document/server-docs/im-v1/message/create */
    async send(receiveIdType: 'chat_id' | 'open_id', receiveId: string, card: FeishuCard) {
      // One uuid for every retry of this send: Feishu posts a uuid at most once an hour.
      const uuid = randomUUID();
      const data = await call('im.message.create', () =>
        sdk.im.v1.message.create({
          params: { receive_id_type: receiveIdType },
          data: { receive_id: receiveId, msg_type: 'interactive', content: JSON.stringify(card), uuid },
        }),
      );
      return sent('im.message.create', data);
    },
    /** https://open.feishu.cn/document/server-docs/im-v1/message/reply */
    async reply(messageId: string, card: FeishuCard, inThread: boolean) {
      const uuid = randomUUID();
      const data = await call('im.message.reply', () =>
        sdk.im.v1.message.reply({
          path: { message_id: messageId },
          data: {
            msg_type: 'interactive',
            content: JSON.stringify(card),
            reply_in_thread: inThread,
            uuid,
          },
        }),
      );
      return sent('im.message.reply', data);
    },
    /** https://open.feishu.cn/document/server-docs/im-v1/message-card/patch */
    async patch(messageId: string, card: FeishuCard) {
      await call('im.message.patch', () =>
        sdk.im.v1.message.patch({
          path: { message_id: messageId },
          data: { content: JSON.stringify(card) },
        }),
      );
    },
    /** https://open.feishu.cn/document/server-docs/contact-v3/user/get (email needs contact:user.email:readonly) */
    async user(openId: string): Promise<FeishuUserInfo | null> {
      let data: Awaited<ReturnType<typeof sdk.contact.v3.user.get>>['data'];
      try {
        data = await call('contact.user.get', () =>
          sdk.contact.v3.user.get({
            path: { user_id: openId },
            params: { user_id_type: 'open_id' },
          }),
        );
      } catch (err) {
        // Feishu answers "no user authority" both for people outside the app's contact range and unknown ids.
        if (err instanceof FeishuApiError && err.code === NO_USER_AUTHORITY) return null;
        throw err;
      }
      const u = data?.user;
      // A resigned, frozen or departed account speaks for nobody.
      if (!u || u.status?.is_resigned || u.status?.is_frozen || u.status?.is_exited) return null;
      return {
        name: u.name || u.en_name || openId,
        email: u.email || null,
        enterpriseEmail: u.enterprise_email || null,
      };
    },
    /** https://open.feishu.cn/document/server-docs/contact-v3/user/batch_get_id */
    async openIdByEmail(email: string): Promise<string | null> {
      const data = await call('contact.user.batchGetId', () =>
        sdk.contact.v3.user.batchGetId({
          params: { user_id_type: 'open_id' },
          data: { emails: [email] },
        }),
      );
      return data.user_list?.find((u) => u.email?.toLowerCase() === email.toLowerCase())?.user_id ?? null;
    },
  };
}
