// chat.* methods of the fake Web API: post, thread, update in place, delete, ephemeral.
import {
  booleanArg,
  fail,
  type MethodContext,
  type MethodResult,
  type MethodSpec,
  ok,
  rateLimited,
  stringArg,
} from './api-result.ts';
import { type ContentResult, checkMessageContent, decodeJsonArg } from './blocks.ts';
import type { FakeChannel } from './messages.ts';
import type { SlackFakeState } from './state.ts';
import type { FakeMessage } from './types.ts';

type Failed = Extract<ContentResult, { ok: false }>;

/** Slack lists Block Kit problems in `errors` and again as `[ERROR] …` response metadata. */
function contentError(result: Failed): MethodResult {
  if (!result.errors) return fail(result.error);
  return fail(result.error, {
    errors: result.errors,
    response_metadata: { messages: result.errors.map((error) => `[ERROR] ${error}`) },
  });
}

/**
 * The message `args.channel`/`args.ts` names, when the bot posted it: only the token that posted a
 * message may edit or delete it (`refusal` otherwise).
 */
function botMessage(
  state: SlackFakeState,
  args: MethodContext['args'],
  refusal: string,
): { message: FakeMessage; channelId: string } | { failed: MethodResult } {
  const channel = state.channel(stringArg(args, 'channel') ?? '');
  if (!channel) return { failed: fail('channel_not_found') };
  const message = state.message(channel.id, stringArg(args, 'ts') ?? '');
  if (!message) return { failed: fail('message_not_found') };
  if (message.postedBy !== 'bot') return { failed: fail(refusal) };
  return { message, channelId: channel.id };
}

function warningsOf(warnings: string[]): Record<string, unknown> {
  return warnings.length === 0 ? {} : { warning: warnings.join(','), response_metadata: { warnings } };
}

/** Resolves `channel` for posting: id, name, or a user id (which posts into the app's DM with them). */
function postableChannel(state: SlackFakeState, args: Record<string, unknown>): FakeChannel | MethodResult {
  const ref = stringArg(args, 'channel');
  if (!ref) return fail('channel_not_found');
  let channel = state.channel(ref);
  if (!channel && state.users.has(ref)) channel = state.messages.openConversation([ref]).channel;
  // A private channel the bot is not in is invisible to it.
  if (!channel || (channel.isPrivate && !channel.botIsMember)) return fail('channel_not_found');
  if (!channel.botIsMember && !state.scopes.includes('chat:write.public')) return fail('not_in_channel');
  return channel;
}

function isResult(value: FakeChannel | MethodResult): value is MethodResult {
  return 'status' in value && 'body' in value;
}

/** https://docs.slack.dev/reference/methods/chat.postMessage */
const postMessage: MethodSpec = {
  scope: 'chat:write',
  handle({ state, args }: MethodContext) {
    const channel = postableChannel(state, args);
    if (isResult(channel)) return channel;
    const content = checkMessageContent(args, { requireContent: true, overlongText: state.overlongText });
    if (!content.ok) return contentError(content);
    const retryAfter = state.rateLimits.takeChannelSlot(channel.id);
    if (retryAfter !== undefined) return rateLimited(retryAfter);
    const threadTs = stringArg(args, 'thread_ts');
    const metadata = args.metadata === undefined ? undefined : decodeJsonArg(args.metadata);
    const message = state.messages.post({
      channel: channel.id,
      user: state.bot.userId,
      postedBy: 'bot',
      content,
      ...(threadTs ? { threadTs } : {}),
      replyBroadcast: booleanArg(args, 'reply_broadcast'),
      ...(metadata?.ok ? { metadata: metadata.value } : {}),
      via: 'chat.postMessage',
    });
    return ok({
      channel: channel.id,
      ts: message.ts,
      message: state.messageToWire(message),
      ...warningsOf(content.warnings),
    });
  },
};

/** https://docs.slack.dev/reference/methods/chat.update */
const update: MethodSpec = {
  scope: 'chat:write',
  handle({ state, args }) {
    const found = botMessage(state, args, 'cant_update_message');
    if ('failed' in found) return found.failed;
    const { message, channelId } = found;
    const content = checkMessageContent(args, { requireContent: true, overlongText: state.overlongText });
    if (!content.ok) return contentError(content);
    // Omitted `blocks`/`attachments` keep their previous value; an empty array removes them.
    state.messages.update(
      message,
      {
        ...(args.text !== undefined ? { text: content.text } : {}),
        ...(args.blocks !== undefined ? { blocks: content.blocks ?? [] } : {}),
        ...(args.attachments !== undefined ? { attachments: content.attachments ?? [] } : {}),
      },
      'chat.update',
    );
    return ok({
      channel: channelId,
      ts: message.ts,
      text: message.text,
      message: state.messageToWire(message),
      ...warningsOf(content.warnings),
    });
  },
};

/** https://docs.slack.dev/reference/methods/chat.delete */
const remove: MethodSpec = {
  scope: 'chat:write',
  handle({ state, args }) {
    const found = botMessage(state, args, 'cant_delete_message');
    if ('failed' in found) return found.failed;
    state.messages.remove(found.message);
    return ok({ channel: found.channelId, ts: found.message.ts });
  },
};

/** https://docs.slack.dev/reference/methods/chat.postEphemeral */
const postEphemeral: MethodSpec = {
  scope: 'chat:write',
  handle({ state, args }) {
    const channel = postableChannel(state, args);
    if (isResult(channel)) return channel;
    const user = stringArg(args, 'user');
    if (!user || !state.users.has(user)) return fail('user_not_found');
    if (channel.members && !channel.members.has(user)) return fail('user_not_in_channel');
    const content = checkMessageContent(args, { requireContent: true, overlongText: state.overlongText });
    if (!content.ok) return contentError(content);
    const threadTs = stringArg(args, 'thread_ts');
    const message = state.messages.postEphemeral({
      channel: channel.id,
      user,
      ...(threadTs ? { threadTs } : {}),
      text: content.text,
      ...(content.blocks ? { blocks: content.blocks } : {}),
      via: 'chat.postEphemeral',
    });
    return ok({ message_ts: message.messageTs, ...warningsOf(content.warnings) });
  },
};

/** The chat.* methods by name. */
export const chatMethods: Record<string, MethodSpec> = {
  'chat.postMessage': postMessage,
  'chat.update': update,
  'chat.delete': remove,
  'chat.postEphemeral': postEphemeral,
};
