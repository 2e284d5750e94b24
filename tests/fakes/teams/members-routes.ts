// Connector roster endpoints: conversation members, one member (TeamsInfo.getMember), paged members, team details.
import { createHash } from 'node:crypto';
import { connectorError, type Route, route } from './http.ts';
import type { TeamsState } from './state.ts';
import type { TeamsFakeUser } from './types.ts';

/**
 * A user as the roster APIs return it (TeamsChannelAccount): `objectId` as documented, `aadObjectId` as
 * botbuilder's TeamsChannelAccount reads it; no `email` key at all when the directory has no mail.
 */
export function memberJson(user: TeamsFakeUser, tenantId: string): Record<string, unknown> {
  const [givenName, ...rest] = user.name.split(' ');
  return {
    id: user.id,
    name: user.name,
    objectId: user.aadObjectId,
    aadObjectId: user.aadObjectId,
    givenName,
    surname: rest.join(' ') || undefined,
    ...(user.email ? { email: user.email } : {}),
    userPrincipalName: user.userPrincipalName ?? user.email,
    tenantId,
    userRole: 'user',
  };
}

const uuidFrom = (text: string) => {
  const hex = createHash('sha256').update(text).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
};

export function memberRoutes(state: TeamsState): Route[] {
  const tenantId = state.options.tenantId;
  /** Members of a conversation: everyone in a team (the fake has one roster), the user in a 1:1 chat. */
  const rosterOf = (conversationId: string): TeamsFakeUser[] | undefined => {
    const target = state.resolve(conversationId);
    if (!target) return undefined;
    return target.kind === 'personal' ? [target.user] : state.options.users;
  };
  const notFound = () => connectorError(404, 'ConversationNotFound', 'Conversation not found.');

  return [
    // All members (deprecated by Teams in favour of the paged call, still served).
    // https://learn.microsoft.com/azure/bot-service/rest-api/bot-framework-rest-connector-api-reference#get-conversation-members
    route(
      'GET',
      '/v3/conversations/:conversationId/members',
      ({ params }) => {
        const roster = rosterOf(params.conversationId ?? '');
        return roster ? { status: 200, body: roster.map((user) => memberJson(user, tenantId)) } : notFound();
      },
      true,
    ),
    // One member by "29:" id or Microsoft Entra object id (what TeamsInfo.getMember calls).
    // https://learn.microsoft.com/microsoftteams/platform/bots/how-to/get-teams-context#get-single-member-details
    route(
      'GET',
      '/v3/conversations/:conversationId/members/:memberId',
      ({ params }) => {
        const roster = rosterOf(params.conversationId ?? '');
        if (!roster) return notFound();
        const memberId = params.memberId ?? '';
        const user = roster.find(
          (candidate) => candidate.id === memberId || candidate.aadObjectId === memberId,
        );
        return user
          ? { status: 200, body: memberJson(user, tenantId) }
          : connectorError(
              404,
              'MemberNotFoundInConversation',
              'The member was not found in the conversation.',
            );
      },
      true,
    ),
    // Paged members: pageSize is held between 50 and 500; 1:1 chats always answer with the whole roster.
    // https://learn.microsoft.com/microsoftteams/platform/bots/how-to/get-teams-context#fetch-the-roster-or-user-profile
    route(
      'GET',
      '/v3/conversations/:conversationId/pagedmembers',
      ({ params, query }) => {
        const roster = rosterOf(params.conversationId ?? '');
        if (!roster) return notFound();
        const size = Math.min(500, Math.max(50, Number(query.pageSize) || 500));
        const start = query.continuationToken
          ? Number(Buffer.from(query.continuationToken, 'base64url').toString())
          : 0;
        if (!Number.isInteger(start) || start < 0) {
          return connectorError(400, 'BadArgument', 'The continuation token is not valid.');
        }
        const page = roster.slice(start, start + size);
        const next =
          start + size < roster.length ? Buffer.from(String(start + size)).toString('base64url') : undefined;
        return {
          status: 200,
          body: {
            members: page.map((user) => memberJson(user, tenantId)),
            ...(next ? { continuationToken: next } : {}),
          },
        };
      },
      true,
    ),
    // Team details (TeamsInfo.getTeamDetails).
    // https://learn.microsoft.com/microsoftteams/platform/bots/how-to/get-teams-context#get-teams-details
    route(
      'GET',
      '/v3/teams/:teamId',
      ({ params }) => {
        const channels = state.options.channels.filter((channel) => channel.teamId === params.teamId);
        if (channels.length === 0) return connectorError(404, 'NotFound', 'Team not found.');
        const general = channels.find((channel) => channel.id === params.teamId) ?? channels[0];
        return {
          status: 200,
          body: { id: params.teamId, name: general?.name, aadGroupId: uuidFrom(params.teamId ?? '') },
        };
      },
      true,
    ),
    // Channels of a team (TeamsInfo.getTeamChannels); the General channel has no name.
    // https://learn.microsoft.com/microsoftteams/platform/bots/how-to/get-teams-context#get-the-list-of-channels-in-a-team
    route(
      'GET',
      '/v3/teams/:teamId/conversations',
      ({ params }) => {
        const channels = state.options.channels.filter((channel) => channel.teamId === params.teamId);
        if (channels.length === 0) return connectorError(404, 'NotFound', 'Team not found.');
        return {
          status: 200,
          body: {
            conversations: channels.map((channel) => ({
              id: channel.id,
              ...(channel.id === channel.teamId ? {} : { name: channel.name }),
            })),
          },
        };
      },
      true,
    ),
  ];
}
