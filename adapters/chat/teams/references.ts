// Conversation references and user facts kept in the store, so proactive messages work after restarts and on every replica.
import type { ChatAdapterState, MessageRef } from '../../../src/core/ports/chat-adapter.ts';
import { baseConversationId, type TeamsConversationRef } from './parse.ts';

interface UserFacts {
  /** A conversation the user was last seen in (for the member lookup). */
  conversationId?: string;
  /** The bot's 1:1 conversation with the user. */
  personalConversationId?: string;
}

/** A MessageRef carries its whole conversation reference, so editing or replying needs no lookup. */
export function toMessageRef(
  ref: TeamsConversationRef,
  conversationId: string,
  activityId: string,
): MessageRef {
  return {
    conversation: conversationId,
    activity: activityId,
    serviceUrl: ref.serviceUrl,
    tenant: ref.tenantId,
    bot: ref.botId,
    botName: ref.botName,
    type: ref.conversationType,
  };
}

export function fromMessageRef(m: MessageRef): {
  ref: TeamsConversationRef;
  conversation: string;
  activity: string;
} {
  const s = (v: unknown) => (typeof v === 'string' && v ? v : null);
  const conversation = s(m.conversation);
  const activity = s(m.activity);
  const serviceUrl = s(m.serviceUrl);
  const bot = s(m.bot);
  if (!conversation || !activity || !serviceUrl || !bot) throw new Error('not a Teams message reference');
  return {
    conversation,
    activity,
    ref: {
      serviceUrl,
      tenantId: s(m.tenant),
      conversationId: baseConversationId(conversation),
      conversationType: s(m.type),
      botId: bot,
      botName: s(m.botName),
    },
  };
}

export type ReferenceStore = ReturnType<typeof createReferenceStore>;

export function createReferenceStore(state: ChatAdapterState) {
  const cache = new Map<string, string>();
  async function get<T>(key: string): Promise<T | null> {
    const hit = cache.get(key);
    if (hit !== undefined) return JSON.parse(hit) as T;
    const v = await state.get<T>(key);
    if (v !== null) cache.set(key, JSON.stringify(v));
    return v;
  }
  /** Writes only what changed: every inbound activity remembers its conversation. */
  async function set(key: string, value: unknown): Promise<void> {
    const json = JSON.stringify(value);
    if (cache.get(key) === json) return;
    cache.set(key, json);
    await state.set(key, value);
  }

  return {
    async remember(ref: TeamsConversationRef, userId: string | null): Promise<void> {
      await set(`conversation:${ref.conversationId}`, ref);
      await set('last', ref);
      if (ref.conversationType !== 'personal') {
        const known = (await get<string[]>('conversations')) ?? [];
        if (!known.includes(ref.conversationId)) await set('conversations', [...known, ref.conversationId]);
      }
      if (userId) {
        const facts = (await get<UserFacts>(`user:${userId}`)) ?? {};
        const personal =
          ref.conversationType === 'personal' ? { personalConversationId: ref.conversationId } : {};
        await set(`user:${userId}`, { ...facts, conversationId: ref.conversationId, ...personal });
      }
    },
    /**
     * The reference of a conversation. A channel the bot never heard from is reached like the conversations it
     * knows (same service URL, tenant and bot): a bot installed in a team may post to any of its channels.
     */
    async conversation(id: string): Promise<TeamsConversationRef | null> {
      const base = baseConversationId(id);
      const known = await get<TeamsConversationRef>(`conversation:${base}`);
      if (known) return known;
      const last = await get<TeamsConversationRef>('last');
      return last ? { ...last, conversationId: base, conversationType: 'channel' } : null;
    },
    /** Any reference, for calls that only need the service URL, tenant and bot (creating a 1:1 chat). */
    any: () => get<TeamsConversationRef>('last'),
    /** Channel and group conversations the bot has seen, for roster searches. */
    async conversations(): Promise<TeamsConversationRef[]> {
      const ids = (await get<string[]>('conversations')) ?? [];
      const refs = await Promise.all(ids.map((id) => get<TeamsConversationRef>(`conversation:${id}`)));
      return refs.filter((r): r is TeamsConversationRef => r !== null);
    },
    user: (userId: string) => get<UserFacts>(`user:${userId}`),
    async setPersonalConversation(userId: string, conversationId: string) {
      const facts = (await get<UserFacts>(`user:${userId}`)) ?? {};
      await set(`user:${userId}`, { ...facts, personalConversationId: conversationId });
    },
    userIdByEmail: (email: string) => get<string>(`email:${email.toLowerCase()}`),
    rememberEmail: (email: string, userId: string) => set(`email:${email.toLowerCase()}`, userId),
  };
}
