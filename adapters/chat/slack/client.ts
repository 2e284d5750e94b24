// The Slack Web API calls the adapter makes, over @slack/web-api (which waits out 429 Retry-After and retries).
import { LogLevel, WebClient } from '@slack/web-api';
import type { Logger } from '../../../src/core/ports/clock.ts';
import { SlackApiError, toSlackApiError } from './errors.ts';
import type { Block, SlackContent } from './render.ts';

export interface SlackUserInfo {
  id: string;
  name: string;
  email: string | null;
  emailConfirmed: boolean | null;
  deleted: boolean;
  isBot: boolean;
}

/** Routes the SDK's log lines into the service logger (it would print to the console otherwise). */
function sdkLogger(logger: Logger) {
  let level = LogLevel.INFO;
  return {
    debug: (...m: unknown[]) => logger.debug({ sdk: 'slack' }, m.map(String).join(' ')),
    info: (...m: unknown[]) => logger.info({ sdk: 'slack' }, m.map(String).join(' ')),
    warn: (...m: unknown[]) => logger.warn({ sdk: 'slack' }, m.map(String).join(' ')),
    error: (...m: unknown[]) => logger.error({ sdk: 'slack' }, m.map(String).join(' ')),
    setLevel: (l: LogLevel) => {
      level = l;
    },
    getLevel: () => level,
    setName: () => {},
  };
}

export type SlackClient = ReturnType<typeof createSlackClient>;

/** A small client over WebClient; every failure becomes a SlackApiError. */
export function createSlackClient(options: { botToken: string; apiUrl: string; logger: Logger }) {
  const web = new WebClient(options.botToken, {
    slackApiUrl: options.apiUrl.endsWith('/') ? options.apiUrl : `${options.apiUrl}/`,
    logger: sdkLogger(options.logger),
    // 429s are waited out for Retry-After seconds by the client itself; these bound the other retries.
    retryConfig: { retries: 8, factor: 2, minTimeout: 100, maxTimeout: 5000 },
    rejectRateLimitedCalls: false,
  });
  async function call<T>(method: string, fn: () => Promise<T>): Promise<T> {
    try {
      return await fn();
    } catch (err) {
      throw toSlackApiError(method, err);
    }
  }
  return {
    /** https://docs.slack.dev/reference/methods/chat.postMessage */
    async postMessage(channel: string, content: SlackContent, threadTs?: string) {
      const res = await call('chat.postMessage', () =>
        web.chat.postMessage({
          channel,
          text: content.text,
          blocks: content.blocks as never,
          ...(threadTs ? { thread_ts: threadTs } : {}),
          unfurl_links: false,
        }),
      );
      if (!res.ts || !res.channel) throw new SlackApiError('chat.postMessage', 'no ts in the answer');
      return { channel: res.channel, ts: res.ts };
    },
    /** https://docs.slack.dev/reference/methods/chat.update */
    async update(channel: string, ts: string, content: SlackContent) {
      await call('chat.update', () =>
        web.chat.update({ channel, ts, text: content.text, blocks: content.blocks as never }),
      );
    },
    /** https://docs.slack.dev/reference/methods/chat.postEphemeral */
    async postEphemeral(channel: string, user: string, content: SlackContent) {
      await call('chat.postEphemeral', () =>
        web.chat.postEphemeral({ channel, user, text: content.text, blocks: content.blocks as never }),
      );
    },
    /** https://docs.slack.dev/reference/methods/conversations.open */
    async openDm(user: string): Promise<string> {
      const res = await call('conversations.open', () => web.conversations.open({ users: user }));
      const id = res.channel?.id;
      if (!id) throw new SlackApiError('conversations.open', 'no channel in the answer');
      return id;
    },
    /** https://docs.slack.dev/reference/methods/views.open */
    async openView(triggerId: string, view: Block) {
      await call('views.open', () => web.views.open({ trigger_id: triggerId, view: view as never }));
    },
    /** https://docs.slack.dev/reference/methods/users.info (email needs users:read.email) */
    async userInfo(user: string): Promise<SlackUserInfo | null> {
      try {
        const res = await web.users.info({ user });
        const u = res.user;
        if (!u?.id) return null;
        return {
          id: u.id,
          name: u.profile?.real_name || u.real_name || u.name || u.id,
          email: u.profile?.email ?? null,
          emailConfirmed: u.is_email_confirmed ?? null,
          deleted: u.deleted ?? false,
          isBot: u.is_bot ?? false,
        };
      } catch (err) {
        const e = toSlackApiError('users.info', err);
        if (e.slackError === 'user_not_found') return null;
        throw e;
      }
    },
    /** https://docs.slack.dev/reference/methods/users.lookupByEmail */
    async lookupByEmail(email: string): Promise<string | null> {
      try {
        return (await web.users.lookupByEmail({ email })).user?.id ?? null;
      } catch (err) {
        const e = toSlackApiError('users.lookupByEmail', err);
        if (e.slackError === 'users_not_found') return null;
        throw e;
      }
    },
    /** https://docs.slack.dev/interactivity/handling-user-interaction#message_responses */
    async respond(responseUrl: string, body: Record<string, unknown>) {
      const res = await fetch(responseUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
        signal: AbortSignal.timeout(10_000),
      });
      if (!res.ok) throw new SlackApiError('response_url', `HTTP ${res.status}`);
    },
  };
}
