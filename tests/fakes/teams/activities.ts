// Activities as Teams sends them to a bot: channel mentions, 1:1 messages, card submits, invokes, installs.
import { invokeActivityId, nextMessageId, parseConversationId, threadConversationId } from './ids.ts';
import type { TeamsFake, TeamsFakeChannel, TeamsFakeUser } from './types.ts';

type Json = Record<string, unknown>;

/** Where the activity happens: a channel (maybe inside a thread) or a user's 1:1 chat with the bot. */
export type Place =
  | { kind: 'channel'; channel: TeamsFakeChannel; root: string | null }
  | { kind: 'personal'; conversationId: string };

/** Offset-bearing local time as Teams clients report it ("2024-04-05T14:00:00.123+02:00"); UTC here. */
const localTimestamp = (date: Date) => date.toISOString().replace('Z', '+00:00');

/** The fields every Teams activity carries. */
export function baseActivity(
  fake: TeamsFake,
  user: TeamsFakeUser,
  place: Place,
  type: string,
  id: string,
): Json {
  const now = new Date();
  const tenant = { id: fake.options.tenantId };
  const conversation =
    place.kind === 'channel'
      ? {
          isGroup: true,
          conversationType: 'channel',
          tenantId: fake.options.tenantId,
          id: place.root ? threadConversationId(place.channel.id, place.root) : place.channel.id,
        }
      : { conversationType: 'personal', tenantId: fake.options.tenantId, id: place.conversationId };
  const channelData =
    place.kind === 'channel'
      ? {
          teamsChannelId: place.channel.id,
          teamsTeamId: place.channel.teamId,
          channel: { id: place.channel.id },
          team: { id: place.channel.teamId },
          tenant,
        }
      : { tenant };
  return {
    type,
    id,
    timestamp: now.toISOString(),
    localTimestamp: localTimestamp(now),
    localTimezone: 'Etc/UTC',
    channelId: 'msteams',
    serviceUrl: fake.serviceUrl,
    from: { id: user.id, name: user.name, aadObjectId: user.aadObjectId },
    conversation,
    recipient: { id: fake.botId, name: fake.botName },
    channelData,
    locale: 'en-US',
    entities: [{ type: 'clientInfo', locale: 'en-US', country: 'US', platform: 'Web', timezone: 'Etc/UTC' }],
  };
}

/** The place of an existing message: its channel thread (root = the post it belongs to) or its 1:1 chat. */
export function placeOfMessage(fake: TeamsFake, conversationId: string, messageId: string): Place {
  const { base } = parseConversationId(conversationId);
  const channel = fake.options.channels.find((candidate) => candidate.id === base);
  if (!channel) return { kind: 'personal', conversationId: base };
  const message = fake.state.message(base, messageId);
  return { kind: 'channel', channel, root: message?.replyToId ?? messageId };
}

/** A new post mentioning the bot, or a reply in a thread when `root` is set; ids come from the fake. */
export function mentionActivity(
  fake: TeamsFake,
  user: TeamsFakeUser,
  channel: TeamsFakeChannel,
  text: string,
  id: string,
  root: string | null,
): Json {
  const at = `<at>${fake.botName}</at>`;
  const activity = baseActivity(fake, user, { kind: 'channel', channel, root: root ?? id }, 'message', id);
  return {
    ...activity,
    text: `${at} ${text}`,
    textFormat: 'plain',
    ...(root ? { replyToId: root } : {}),
    entities: [
      { type: 'mention', text: at, mentioned: { id: fake.botId, name: fake.botName } },
      ...(activity.entities as Json[]),
    ],
  };
}

/** The bot joined the team: conversationUpdate with the bot in membersAdded (eventType teamMemberAdded). */
export function installActivity(fake: TeamsFake, installer: TeamsFakeUser, channel: TeamsFakeChannel): Json {
  const activity = baseActivity(
    fake,
    installer,
    { kind: 'channel', channel, root: null },
    'conversationUpdate',
    invokeActivityId(),
  );
  return {
    ...activity,
    membersAdded: [{ id: fake.botId }],
    channelData: {
      ...(activity.channelData as Json),
      team: {
        id: channel.teamId,
        name: fake.options.channels.find((c) => c.id === channel.teamId)?.name ?? channel.name,
      },
      eventType: 'teamMemberAdded',
    },
  };
}

/** Action.Execute click: invoke `adaptiveCard/action` with the verb and data, replyToId = the card. */
export function executeActivity(
  fake: TeamsFake,
  user: TeamsFakeUser,
  place: Place,
  messageId: string,
  verb: string,
  data: Json,
): Json {
  return {
    ...baseActivity(fake, user, place, 'invoke', invokeActivityId()),
    name: 'adaptiveCard/action',
    replyToId: messageId,
    value: { action: { type: 'Action.Execute', verb, data }, trigger: 'manual' },
  };
}

/** Action.Submit click: a message activity without text whose `value` is the data, replyToId = the card. */
export function submitActivity(
  fake: TeamsFake,
  user: TeamsFakeUser,
  place: Place,
  messageId: string,
  data: Json,
): Json {
  return {
    ...baseActivity(fake, user, place, 'message', nextMessageId()),
    replyToId: messageId,
    value: data,
  };
}
