// Connector REST v3 activity endpoints: create conversations, send, reply in threads, update and delete messages.
import { connectorError, type FakeReply, jsonObject, type Route, route } from './http.ts';
import { threadConversationId } from './ids.ts';
import type { ConversationTarget, TeamsState } from './state.ts';
import type { TeamsFakeMessage } from './types.ts';

export interface ConnectorContext {
  state: TeamsState;
  botId: string;
  url: () => string;
}

type Json = Record<string, unknown>;

const notFound = () => connectorError(404, 'ConversationNotFound', 'Conversation not found.');
const activityNotFound = () =>
  connectorError(404, 'ActivityNotFound', 'Activity not found in the conversation.');
const notInRoster = () =>
  connectorError(403, 'BotNotInConversationRoster', 'The bot is not part of the conversation roster.');

const asObject = (value: unknown): Json | undefined =>
  typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Json) : undefined;

/** Parses the activity body; answers 400 for a missing or typeless one, like the connector's BadArgument. */
function readActivity(rawBody: string): { activity: Json } | { error: FakeReply } {
  const activity = jsonObject(rawBody);
  if (!activity)
    return { error: connectorError(400, 'BadSyntax', 'The request body is not a JSON activity.') };
  if (typeof activity.type !== 'string' || !activity.type) {
    return { error: connectorError(400, 'BadArgument', 'Activity type is required.') };
  }
  return { activity };
}

export function connectorRoutes({ state, botId }: ConnectorContext): Route[] {
  /** Where a post into `target` lands: channel posts need the bot in the team; thread roots must exist. */
  function place(
    target: ConversationTarget,
    root: string | null,
  ): { conversationId: string; root: string | null } | FakeReply {
    if (target.kind === 'personal') return { conversationId: target.id, root: null };
    if (!state.isInstalled(target.channel)) return notInRoster();
    if (root !== null && !state.message(target.channel.id, root)) return activityNotFound();
    return { conversationId: target.channel.id, root };
  }

  /** Stores a bot message; typing and other non-message activities are accepted but not shown. */
  function post(where: { conversationId: string; root: string | null }, activity: Json): FakeReply {
    if (activity.type !== 'message') return { status: 201, body: {} };
    const message = state.add(where.conversationId, where.root, activity, botId);
    return { status: 201, body: { id: message.id } };
  }

  /** A message the bot may change: it exists and the bot sent it. */
  function own(conversationId: string, activityId: string): TeamsFakeMessage | FakeReply {
    const target = state.resolve(conversationId);
    if (!target) return notFound();
    const message = state.message(target.kind === 'personal' ? target.id : target.channel.id, activityId);
    if (!message || message.deleted) return activityNotFound();
    if (message.from !== botId)
      return connectorError(403, 'Forbidden', 'The bot can only change its own messages.');
    return message;
  }

  return [
    // Create a 1:1 chat with a user, or a new post (thread) in a channel.
    // https://learn.microsoft.com/azure/bot-service/rest-api/bot-framework-rest-connector-api-reference#create-conversation
    route(
      'POST',
      '/v3/conversations',
      ({ rawBody }) => {
        const params = jsonObject(rawBody);
        if (!params) return connectorError(400, 'BadSyntax', 'The request body is not JSON.');
        const channelData = asObject(params.channelData);
        const channelId = asObject(channelData?.channel)?.id;
        const activity = asObject(params.activity);
        if (typeof channelId === 'string') {
          const channel = state.channel(channelId);
          if (!channel) return notFound();
          if (!state.isInstalled(channel)) return notInRoster();
          if (!activity)
            return connectorError(400, 'BadArgument', 'An activity is required to start a channel thread.');
          const message = state.add(channel.id, null, activity, botId);
          return {
            status: 201,
            body: { id: threadConversationId(channel.id, message.id), activityId: message.id },
          };
        }
        const members = Array.isArray(params.members) ? params.members : [];
        const memberId = asObject(members[0])?.id;
        const tenantId = params.tenantId ?? asObject(channelData?.tenant)?.id;
        if (typeof tenantId !== 'string' || !tenantId) {
          return connectorError(400, 'BadArgument', 'Tenant id is required to create a conversation.');
        }
        const user = typeof memberId === 'string' ? state.user(memberId) : undefined;
        if (members.length !== 1 || !user) return notInRoster();
        const id = state.personalConversation(user.id);
        if (activity?.type !== 'message') return { status: 201, body: { id } };
        const message = state.add(id, null, activity, botId);
        return { status: 201, body: { id, activityId: message.id } };
      },
      true,
    ),
    // Send to a conversation; a channel id with ";messageid=<root>" posts into that thread.
    // https://learn.microsoft.com/azure/bot-service/rest-api/bot-framework-rest-connector-api-reference#send-to-conversation
    route(
      'POST',
      '/v3/conversations/:conversationId/activities',
      ({ params, rawBody }) => {
        const target = state.resolve(params.conversationId ?? '');
        if (!target) return notFound();
        const read = readActivity(rawBody);
        if ('error' in read) return read.error;
        const where = place(target, target.kind === 'channel' ? target.root : null);
        return 'status' in where ? where : post(where, read.activity);
      },
      true,
    ),
    // Reply to an activity. Teams threads by the conversation id: "<channel>;messageid=<root>" replies in that
    // thread. With a bare channel id, a reply to a known post joins its thread, and an id the channel never
    // saw (botbuilder's proactive turns reply to a fresh GUID) starts a new post.
    // https://learn.microsoft.com/azure/bot-service/rest-api/bot-framework-rest-connector-api-reference#reply-to-activity
    route(
      'POST',
      '/v3/conversations/:conversationId/activities/:activityId',
      ({ params, rawBody }) => {
        const target = state.resolve(params.conversationId ?? '');
        if (!target) return notFound();
        const read = readActivity(rawBody);
        if ('error' in read) return read.error;
        const root =
          target.kind === 'channel'
            ? (target.root ?? state.anchor(target.channel.id, params.activityId ?? '')?.root ?? null)
            : null;
        const where = place(target, root);
        return 'status' in where ? where : post(where, { ...read.activity, replyToId: params.activityId });
      },
      true,
    ),
    // Update (edit) a message the bot sent; Teams replaces the whole message.
    // https://learn.microsoft.com/azure/bot-service/rest-api/bot-framework-rest-connector-api-reference#update-activity
    route(
      'PUT',
      '/v3/conversations/:conversationId/activities/:activityId',
      ({ params, rawBody }) => {
        const message = own(params.conversationId ?? '', params.activityId ?? '');
        if ('status' in message) return message;
        const read = readActivity(rawBody);
        if ('error' in read) return read.error;
        state.edit(message, read.activity);
        return { status: 200, body: { id: message.id } };
      },
      true,
    ),
    // Delete a message the bot sent.
    // https://learn.microsoft.com/azure/bot-service/rest-api/bot-framework-rest-connector-api-reference#delete-activity
    route(
      'DELETE',
      '/v3/conversations/:conversationId/activities/:activityId',
      ({ params }) => {
        const message = own(params.conversationId ?? '', params.activityId ?? '');
        if ('status' in message) return message;
        message.deleted = true;
        return { status: 200 };
      },
      true,
    ),
  ];
}
