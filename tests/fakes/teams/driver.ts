// Sends the service what Teams sends a bot: signed activities (mentions, 1:1 messages, card clicks, installs), redeliveries and replays.
import {
  baseActivity,
  executeActivity,
  installActivity,
  mentionActivity,
  type Place,
  placeOfMessage,
  submitActivity,
} from './activities.ts';
import type { TeamsState } from './state.ts';
import type { TeamsFake, TeamsFakeChannel, TeamsFakeUser } from './types.ts';

/** Bot Framework gives a bot about 15 s to answer an invoke before the client shows an error. */
export const TEAMS_INVOKE_DEADLINE_MS = 15_000;
/** User agent of requests from the Bot Framework channel service. */
export const TEAMS_USER_AGENT = 'Microsoft-SkypeBotApi (Microsoft-BotFramework 3.0)';

export interface TeamsSendResult {
  status: number;
  ms: number;
  withinDeadline: boolean;
  body: string;
  json: unknown;
  request: { headers: Record<string, string>; body: string };
  /** The activity sent (parsed from `request.body`). */
  activity: Record<string, unknown>;
}

export interface TeamsDriver {
  /** conversationUpdate (bot added to the team channel) so the bot learns the conversation reference. */
  installInChannel(channelId: string): Promise<TeamsSendResult>;
  /** A channel message mentioning the bot ("<at>Bytebase</at> history shop prod") with the mention entity; a new post unless `threadRootId`. */
  mention(
    userId: string,
    channelId: string,
    text: string,
    options?: { threadRootId?: string },
  ): Promise<TeamsSendResult>;
  /** A 1:1 message to the bot. */
  personalMessage(userId: string, text: string): Promise<TeamsSendResult>;
  /** Universal action: invoke `adaptiveCard/action` with action {type:'Action.Execute', verb, data} on a message. */
  execute(
    userId: string,
    conversationId: string,
    messageId: string,
    verb: string,
    data: Record<string, unknown>,
  ): Promise<TeamsSendResult>;
  /** Action.Submit fallback: a message activity with `value` = data, replyToId = card id. */
  submit(
    userId: string,
    conversationId: string,
    messageId: string,
    data: Record<string, unknown>,
  ): Promise<TeamsSendResult>;
  /** Resends a previous activity with the same id (a redelivery), signed with a fresh token. */
  redeliver(previous: TeamsSendResult): Promise<TeamsSendResult>;
  /** Sends exactly the same headers and body again (a replay). */
  replay(previous: TeamsSendResult): Promise<TeamsSendResult>;
  /** Sends a raw activity with the given token (no Authorization header when null). */
  sendRaw(activity: Record<string, unknown>, token: string | null): Promise<TeamsSendResult>;
}

export interface TeamsDriverOptions {
  /** The service's Teams endpoint, e.g. http://127.0.0.1:PORT/hooks/teams */
  targetUrl: string;
  fake: TeamsFake;
  /** Deadline for `withinDeadline` (default 15 000 ms, the invoke deadline, for every kind). */
  deadlineMs?: number;
  /** Give up and report status 0 after this long (default 30 000 ms). */
  timeoutMs?: number;
}

export function createTeamsDriver(options: TeamsDriverOptions): TeamsDriver {
  const { fake, targetUrl } = options;
  const deadline = options.deadlineMs ?? TEAMS_INVOKE_DEADLINE_MS;
  const state = fake.state as TeamsState;

  const user = (id: string): TeamsFakeUser => {
    const found = fake.options.users.find((candidate) => candidate.id === id);
    if (!found) throw new Error(`unknown Teams fake user ${id}`);
    return found;
  };
  const channel = (id: string): TeamsFakeChannel => {
    const found = fake.options.channels.find((candidate) => candidate.id === id);
    if (!found) throw new Error(`unknown Teams fake channel ${id}`);
    return found;
  };

  async function post(headers: Record<string, string>, body: string): Promise<TeamsSendResult> {
    const started = performance.now();
    let status = 0;
    let text = '';
    try {
      const response = await fetch(targetUrl, {
        method: 'POST',
        headers,
        body,
        signal: AbortSignal.timeout(options.timeoutMs ?? 30_000),
      });
      status = response.status;
      text = await response.text();
    } catch {
      status = 0;
    }
    const ms = performance.now() - started;
    let json: unknown;
    try {
      json = text ? JSON.parse(text) : undefined;
    } catch {}
    return {
      status,
      ms,
      withinDeadline: status !== 0 && ms <= deadline,
      body: text,
      json,
      request: { headers, body },
      activity: JSON.parse(body) as Record<string, unknown>,
    };
  }

  function send(activity: Record<string, unknown>, token: string | null): Promise<TeamsSendResult> {
    const headers: Record<string, string> = {
      'content-type': 'application/json; charset=utf-8',
      'user-agent': TEAMS_USER_AGENT,
    };
    if (token !== null) headers.authorization = `Bearer ${token}`;
    return post(headers, JSON.stringify(activity));
  }
  const signed = (activity: Record<string, unknown>) => send(activity, fake.mintChannelToken());

  /** Card clicks: the click is not a visible message, but the bot may reply to it (into the card's thread). */
  function click(place: Place, activity: Record<string, unknown>) {
    const conversation = place.kind === 'channel' ? place.channel.id : place.conversationId;
    state.registerInbound(conversation, String(activity.id), place.kind === 'channel' ? place.root : null);
    return signed(activity);
  }

  return {
    installInChannel(channelId) {
      const target = channel(channelId);
      const installer = fake.options.users[0];
      if (!installer) throw new Error('the Teams fake needs a user to install the bot');
      state.install(target);
      const activity = installActivity(fake, installer, target);
      state.registerInbound(target.id, String(activity.id), null);
      return signed(activity);
    },
    mention(userId, channelId, text, mentionOptions = {}) {
      const from = user(userId);
      const target = channel(channelId);
      const root = mentionOptions.threadRootId ?? null;
      const message = state.add(target.id, root, {}, from.id);
      const activity = mentionActivity(fake, from, target, text, message.id, root);
      message.activity = activity;
      return signed(activity);
    },
    personalMessage(userId, text) {
      const from = user(userId);
      const conversationId = state.personalConversation(from.id);
      const message = state.add(conversationId, null, {}, from.id);
      const activity = {
        ...baseActivity(fake, from, { kind: 'personal', conversationId }, 'message', message.id),
        text,
        textFormat: 'plain',
      };
      message.activity = activity;
      return signed(activity);
    },
    execute(userId, conversationId, messageId, verb, data) {
      const place = placeOfMessage(fake, conversationId, messageId);
      const activity = executeActivity(fake, user(userId), place, messageId, verb, data);
      return click(place, activity).then((result) => {
        state.invokeAnswers.push({
          userId,
          conversationId,
          messageId,
          status: result.status,
          body: result.json,
        });
        return result;
      });
    },
    submit(userId, conversationId, messageId, data) {
      const place = placeOfMessage(fake, conversationId, messageId);
      return click(place, submitActivity(fake, user(userId), place, messageId, data));
    },
    redeliver(previous) {
      return signed(previous.activity);
    },
    replay(previous) {
      return post(previous.request.headers, previous.request.body);
    },
    sendRaw(activity, token) {
      return send(activity, token);
    },
  };
}
