// The Bot Connector calls the adapter makes, through botbuilder's CloudAdapter; 429s are waited out, never dropped.
import { type CloudAdapter, TeamsInfo, type TurnContext } from 'botbuilder';
import type { Logger } from '../../../src/core/ports/clock.ts';
import { toTeamsApiError } from './errors.ts';
import type { TeamsConversationRef } from './parse.ts';

/** The few connector operations used; botframework-connector's ConnectorClient has them with these shapes. */
interface Connector {
  conversations: {
    sendToConversation(conversationId: string, activity: object): Promise<{ id?: string }>;
    replyToActivity(conversationId: string, activityId: string, activity: object): Promise<{ id?: string }>;
    updateActivity(conversationId: string, activityId: string, activity: object): Promise<{ id?: string }>;
    createConversation(parameters: object): Promise<{ id?: string; activityId?: string }>;
  };
}

/** A roster entry (TeamsChannelAccount); `email` is absent when the directory has no mail for the user. */
export interface TeamsMember {
  id: string;
  name: string | null;
  email: string | null;
  aadObjectId: string | null;
}

/**
 * botbuilder's pipeline already honours Retry-After on 429 three times; after that the call is tried again
 * here, so a final message (a rollout summary) is not lost to a longer throttle.
 */
const EXTRA_ATTEMPTS = 6;
const MAX_WAIT_SECONDS = 60;

const member = (m: { id?: string; name?: string; email?: string; aadObjectId?: string } | null) =>
  m?.id
    ? { id: m.id, name: m.name ?? null, email: m.email ?? null, aadObjectId: m.aadObjectId ?? null }
    : null;

export type TeamsClient = ReturnType<typeof createTeamsClient>;

export function createTeamsClient(o: {
  adapter: CloudAdapter;
  appId: string;
  logger: Logger;
  sleep?: (ms: number) => Promise<void>;
}) {
  const sleep = o.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));

  async function retrying<T>(operation: string, fn: () => Promise<T>): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await fn();
      } catch (err) {
        const e = toTeamsApiError(operation, err);
        if (e.status !== 429 || attempt > EXTRA_ATTEMPTS) throw e;
        const wait = Math.min(e.retryAfterSeconds ?? 2 ** attempt, MAX_WAIT_SECONDS);
        o.logger.warn({ operation, attempt, wait }, 'teams rate limited; waiting');
        await sleep(wait * 1000);
      }
    }
  }

  /** Runs `fn` in a proactive turn for the conversation: botbuilder builds the connector and its credentials. */
  function inConversation<T>(
    ref: TeamsConversationRef,
    conversationId: string,
    fn: (connector: Connector, context: TurnContext) => Promise<T>,
  ): Promise<T> {
    let result: T | undefined;
    const reference = {
      channelId: 'msteams',
      serviceUrl: ref.serviceUrl,
      conversation: {
        id: conversationId,
        tenantId: ref.tenantId ?? undefined,
        conversationType: ref.conversationType ?? '',
        isGroup: ref.conversationType !== 'personal',
        name: '',
      },
      bot: { id: ref.botId, name: ref.botName ?? '' },
    };
    // https://learn.microsoft.com/azure/bot-service/bot-builder-howto-proactive-message
    return o.adapter
      .continueConversationAsync(o.appId, reference, async (context) => {
        const connector = context.turnState.get<Connector>(o.adapter.ConnectorClientKey);
        result = await fn(connector, context);
      })
      .then(() => result as T);
  }

  const idOf = (operation: string, r: { id?: string }) => {
    if (!r.id) throw toTeamsApiError(operation, new Error('no id in the answer'));
    return r.id;
  };

  return {
    /** A new message in a conversation (a new post in a channel; a thread id posts into that thread). */
    send: (ref: TeamsConversationRef, conversationId: string, activity: object) =>
      retrying('send', () =>
        inConversation(ref, conversationId, async (c) =>
          // https://learn.microsoft.com/azure/bot-service/rest-api/bot-framework-rest-connector-api-reference#send-to-conversation
          idOf('send', await c.conversations.sendToConversation(conversationId, activity)),
        ),
      ),
    /** A reply to a message, where a conversation has no thread ids (chats). */
    replyTo: (ref: TeamsConversationRef, conversationId: string, activityId: string, activity: object) =>
      retrying('reply', () =>
        inConversation(ref, conversationId, async (c) =>
          // https://learn.microsoft.com/azure/bot-service/rest-api/bot-framework-rest-connector-api-reference#reply-to-activity
          idOf('reply', await c.conversations.replyToActivity(conversationId, activityId, activity)),
        ),
      ),
    /** Replaces a message the bot sent. */
    update: (ref: TeamsConversationRef, conversationId: string, activityId: string, activity: object) =>
      retrying('update', () =>
        inConversation(ref, conversationId, async (c) => {
          // https://learn.microsoft.com/azure/bot-service/rest-api/bot-framework-rest-connector-api-reference#update-activity
          await c.conversations.updateActivity(conversationId, activityId, {
            ...activity,
            id: activityId,
            conversation: { id: conversationId },
          });
        }),
      ),
    /** The 1:1 conversation of the bot with a user (Teams answers the same id every time). */
    personalConversation: (ref: TeamsConversationRef, userId: string) =>
      retrying('createConversation', () =>
        inConversation(ref, ref.conversationId, async (c) => {
          // https://learn.microsoft.com/microsoftteams/platform/bots/how-to/conversations/send-proactive-messages#create-the-conversation
          const res = await c.conversations.createConversation({
            isGroup: false,
            bot: { id: ref.botId, name: ref.botName ?? undefined },
            members: [{ id: userId }],
            tenantId: ref.tenantId ?? undefined,
            channelData: ref.tenantId ? { tenant: { id: ref.tenantId } } : undefined,
          });
          return idOf('createConversation', res);
        }),
      ),
    /** One member of a conversation, or null when the user is not in it. */
    member: (ref: TeamsConversationRef, userId: string): Promise<TeamsMember | null> =>
      retrying('getMember', async () => {
        try {
          // https://learn.microsoft.com/microsoftteams/platform/bots/how-to/get-teams-context#get-single-member-details
          return await inConversation(ref, ref.conversationId, async (_c, ctx) =>
            member(await TeamsInfo.getMember(ctx, userId)),
          );
        } catch (err) {
          const e = toTeamsApiError('getMember', err);
          if (e.status === 404) return null;
          throw e;
        }
      }),
    /** Every member of a conversation, page by page. */
    members: (ref: TeamsConversationRef): Promise<TeamsMember[]> =>
      inConversation(ref, ref.conversationId, async (_c, ctx) => {
        const out: TeamsMember[] = [];
        let token: string | undefined;
        do {
          const t = token;
          // https://learn.microsoft.com/microsoftteams/platform/bots/how-to/get-teams-context#fetch-the-roster-or-user-profile
          const page = await retrying('getPagedMembers', () => TeamsInfo.getPagedMembers(ctx, 500, t));
          for (const m of page.members ?? []) {
            const found = member(m);
            if (found) out.push(found);
          }
          token = page.continuationToken || undefined;
        } while (token);
        return out;
      }),
  };
}
