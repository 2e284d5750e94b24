// The Microsoft Teams ChatAdapter: authenticates and answers Bot Framework activities; renders and sends Adaptive Cards.

import { CloudAdapter } from 'botbuilder';
import type { BaselineForm, ChatMessage, ReasonForm } from '../../../src/core/messages/types.ts';
import { type ChatAdapter, type ChatIdentity, verifiedUser } from '../../../src/core/ports/chat-adapter.ts';
import { createJobLimiter } from '../shared/job-limiter.ts';
import { type ActionContext, onCommand, onExecute, onSubmit } from './actions.ts';
import { createTeamsClient } from './client.ts';
import type { TeamsChatAdapterConfig } from './config.ts';
import { createCredentialsFactory } from './credentials.ts';
import { TeamsApiError, TeamsAuthError } from './errors.ts';
import {
  baseConversationId,
  isChannelConversation,
  parseTeamsActivity,
  type TeamsConversationRef,
} from './parse.ts';
import { createReferenceStore, fromMessageRef, toMessageRef } from './references.ts';
import { cardActivity, renderMessage, renderReasonCard } from './render.ts';
import { authenticateActivity, BOT_FRAMEWORK, createTeamsAuthentication, tenantOf } from './verify.ts';

export type { TeamsChatAdapterConfig } from './config.ts';

/** Teams activities are small (bot messages are capped near 28 KB); anything far bigger is not from Teams. */
const MAX_BODY_BYTES = 256 * 1024;
const USER_CACHE_MS = 60_000;
const ROSTER_CACHE_MS = 5 * 60_000;
const BACKGROUND_CONCURRENCY = 4;

const json = (body: unknown, status = 200) => Response.json(body, { status });

/** Creates the adapter; botbuilder stays inside this folder so its successor SDK can replace it here alone. */
export function createTeamsChatAdapter(config: TeamsChatAdapterConfig): ChatAdapter {
  if (!config.appId && !config.allowUnauthenticated)
    throw new Error('Teams needs TEAMS_APP_ID (or TEAMS_ALLOW_UNAUTHENTICATED=1 for local development)');
  const log = config.logger;
  const authenticationEnabled = Boolean(config.appId);
  if (!authenticationEnabled)
    log.warn({}, 'teams: no app id, inbound requests are NOT authenticated (local development)');
  else if (!config.tenantId)
    log.warn(
      {},
      'teams: TEAMS_APP_TENANT_ID is not set, so activities from any tenant that installs the bot are accepted',
    );
  const credentials = createCredentialsFactory({ ...config, now: () => config.clock.now() });
  const auth = createTeamsAuthentication(config, credentials);
  const client = createTeamsClient({ adapter: new CloudAdapter(auth), appId: config.appId, logger: log });
  const refs = createReferenceStore(config.state);
  const users = new Map<string, { at: number; identity: ChatIdentity }>();
  let rosterAt = 0;
  let rosterRead: Promise<void> | null = null;

  const jobs = createJobLimiter(BACKGROUND_CONCURRENCY, (what, err) =>
    log.error({ err }, `teams ${what} failed`),
  );
  const background = (what: string, work: () => Promise<unknown>) => jobs.run(what, work);

  /** The bot's 1:1 chat with a user, created once and remembered. */
  async function personalChat(userId: string, via: TeamsConversationRef | null) {
    const facts = await refs.user(userId);
    const ref = via ?? (await refs.any());
    if (!ref)
      throw new Error('Teams has not contacted the bot yet, so there is no service URL to reach users');
    let id = facts?.personalConversationId;
    if (!id) {
      id = await client.personalConversation(ref, userId);
      await refs.setPersonalConversation(userId, id);
    }
    return { ...ref, conversationId: id, conversationType: 'personal' } satisfies TeamsConversationRef;
  }

  async function sendPersonal(userId: string, via: TeamsConversationRef | null, activity: object) {
    const ref = await personalChat(userId, via);
    return toMessageRef(ref, ref.conversationId, await client.send(ref, ref.conversationId, activity));
  }

  const actions: ActionContext = {
    config,
    get adapter() {
      return adapter;
    },
    background,
    async tellPrivately(inbound, message: ChatMessage | ReasonForm | BaselineForm) {
      const activity =
        'purpose' in message
          ? cardActivity(renderReasonCard(message), message.title)
          : renderMessage(message);
      if (inbound.ref.conversationType === 'personal')
        await client.send(inbound.ref, inbound.ref.conversationId, activity);
      else await sendPersonal(inbound.actor.userId, inbound.ref, activity);
    },
    async replyInPlace(inbound, message) {
      const activity = renderMessage(message);
      if (inbound.personal || !isChannelConversation(inbound.conversation))
        await client.replyTo(inbound.ref, inbound.conversation, inbound.id, activity);
      else {
        const thread = inbound.conversation.includes(';messageid=')
          ? inbound.conversation
          : `${inbound.conversation};messageid=${inbound.id}`;
        await client.send(inbound.ref, thread, activity);
      }
    },
  };

  const adapter: ChatAdapter = {
    platform: 'teams',
    async handle(request) {
      if (request.method !== 'POST') return json({ error: 'method not allowed' }, 405);
      const raw = await request.text();
      if (Buffer.byteLength(raw) > MAX_BODY_BYTES) return json({ error: 'payload too large' }, 413);
      let activity: Record<string, unknown>;
      try {
        activity = JSON.parse(raw) as Record<string, unknown>;
      } catch {
        return json({ error: 'malformed JSON' }, 400);
      }
      if (typeof activity !== 'object' || activity === null || typeof activity.type !== 'string')
        return json({ error: 'not an activity' }, 400);
      try {
        await authenticateActivity({
          auth,
          authenticationEnabled,
          tokenIssuer: config.tokenIssuer ?? BOT_FRAMEWORK.tokenIssuer,
          activity,
          authorization: request.headers.get('authorization'),
        });
        // A pinned tenant keeps users of other tenants (whose directories report any email) from acting.
        if (config.tenantId && tenantOf(activity) !== config.tenantId)
          throw new TeamsAuthError(403, 'activity from another tenant');
      } catch (err) {
        const e = err instanceof TeamsAuthError ? err : new TeamsAuthError(401, 'authentication failed');
        log.warn({ reason: e.reason, status: e.status }, 'teams request refused');
        return json({ error: e.status === 503 ? 'cannot authenticate now' : 'unauthorized' }, e.status);
      }
      const inbound = parseTeamsActivity(activity);
      if (inbound.ref) await refs.remember(inbound.ref, 'actor' in inbound ? inbound.actor.userId : null);
      switch (inbound.kind) {
        case 'execute':
          return json(await onExecute(actions, inbound));
        case 'submit':
          onSubmit(actions, inbound);
          return new Response('', { status: 200 });
        case 'command':
          onCommand(actions, inbound);
          return new Response('', { status: 200 });
        default:
          // Installs only leave their reference behind; other activities are acknowledged so Teams does not retry.
          return new Response('', { status: 200 });
      }
    },
    async post(target, message) {
      const ref = await refs.conversation(target.channel);
      // Not retryable: until the app is added to the team nothing can be posted there, and a delivery waiting
      // for it would hold back the messages on every other platform.
      if (!ref)
        throw new TeamsApiError(
          'send',
          404,
          `no conversation reference for ${target.channel}: add the Bytebase app to its team first`,
        );
      return toMessageRef(
        ref,
        target.channel,
        await client.send(ref, target.channel, renderMessage(message)),
      );
    },
    async update(messageRef, message) {
      const { ref, conversation, activity } = fromMessageRef(messageRef);
      await client.update(ref, conversation, activity, renderMessage(message));
    },
    async reply(messageRef, message) {
      const { ref, conversation, activity } = fromMessageRef(messageRef);
      const rendered = renderMessage(message);
      // In a team channel the thread is its own conversation id; chats have no threads, only replies.
      if (!isChannelConversation(conversation))
        return toMessageRef(ref, conversation, await client.replyTo(ref, conversation, activity, rendered));
      const root = conversation.split(';messageid=')[1] ?? activity;
      const thread = `${baseConversationId(conversation)};messageid=${root}`;
      return toMessageRef(ref, thread, await client.send(ref, thread, rendered));
    },
    dm: async (userId, message) => sendPersonal(userId, null, renderMessage(message)),
    async identify(platformUserId) {
      const cached = users.get(platformUserId);
      const now = config.clock.now();
      if (cached && now - cached.at < USER_CACHE_MS) return cached.identity;
      const [userId = '', conversationId] = platformUserId.split('|');
      const ref = await refs.conversation(conversationId ?? (await refs.user(userId))?.conversationId ?? '');
      const member = ref && userId ? await client.member(ref, userId) : null;
      // Only the directory's mail counts, and the tenant vouches for it: Teams has no unconfirmed address. A
      // user principal name need not be a mailbox anyone checked, so it identifies nobody.
      const name = member?.name ?? member?.email ?? userId;
      const identity: ChatIdentity = member?.email
        ? { status: 'verified', email: member.email, name, userId }
        : { status: 'no_email', name, userId };
      if (identity.status === 'verified') await refs.rememberEmail(identity.email, userId);
      // An unreadable member (no conversation known yet) is not remembered: the next activity may bring one.
      if (ref) users.set(platformUserId, { at: now, identity });
      return identity;
    },
    lookupUser: async (platformUserId) => verifiedUser(await adapter.identify(platformUserId)),
    async findUserIdByEmail(email) {
      const known = await refs.userIdByEmail(email);
      if (known) return known;
      // Otherwise the rosters of the conversations the bot is in, read at most every few minutes. Lookups made
      // while a read is under way wait for it: answering them "no such user" would lose their DMs for good.
      if (!rosterRead) {
        const now = config.clock.now();
        if (now - rosterAt < ROSTER_CACHE_MS) return null;
        const before = rosterAt;
        rosterAt = now;
        rosterRead = (async () => {
          try {
            for (const ref of await refs.conversations()) {
              for (const m of await client.members(ref)) if (m.email) await refs.rememberEmail(m.email, m.id);
            }
          } catch (err) {
            // A roster that could not be read is not a roster without the user: the next call reads it again
            // (a DM retried after an outage must find its approver).
            rosterAt = before;
            throw err;
          } finally {
            rosterRead = null;
          }
        })();
      }
      await rosterRead;
      return refs.userIdByEmail(email);
    },
    async drain() {
      await jobs.drain();
    },
  };
  return adapter;
}
