// In-memory Teams: channels, 1:1 chats, messages with edit history, the call log and injected rate limits.
import { nextMessageId, parseConversationId, personalConversationId } from './ids.ts';
import { activityText } from './text.ts';
import type {
  TeamsFakeCall,
  TeamsFakeChannel,
  TeamsFakeMessage,
  TeamsFakeOptions,
  TeamsFakeState,
  TeamsFakeUser,
  TeamsInvokeAnswer,
} from './types.ts';

interface RateLimitRule {
  method: string;
  path: RegExp | undefined;
  remaining: number;
  retryAfterSeconds: number;
}

/** Where a conversation id points: a team channel (maybe a thread in it) or a 1:1 chat. */
export type ConversationTarget =
  | { kind: 'channel'; channel: TeamsFakeChannel; root: string | null }
  | { kind: 'personal'; id: string; user: TeamsFakeUser };

export class TeamsState implements TeamsFakeState {
  readonly calls: TeamsFakeCall[] = [];
  readonly invokeAnswers: TeamsInvokeAnswer[] = [];
  private readonly messages = new Map<string, TeamsFakeMessage[]>();
  private readonly personal = new Map<string, string>();
  private readonly installed = new Set<string>();
  /** Inbound activities that are not visible messages (invokes, card submits, conversation updates). */
  private readonly inbound = new Map<string, { conversationId: string; root: string | null }>();
  private readonly rules: RateLimitRule[] = [];
  private limited = 0;

  constructor(readonly options: TeamsFakeOptions) {
    for (const channel of options.channels)
      if (channel.botInstalled !== false) this.installed.add(channel.teamId);
  }

  history(conversationId: string): TeamsFakeMessage[] {
    const { base } = parseConversationId(conversationId);
    return (this.messages.get(base) ?? []).filter((message) => message.replyToId === null);
  }

  thread(conversationId: string, rootId: string): TeamsFakeMessage[] {
    const { base } = parseConversationId(conversationId);
    return (this.messages.get(base) ?? []).filter((message) => message.replyToId === rootId);
  }

  message(conversationId: string, id: string): TeamsFakeMessage | undefined {
    const { base } = parseConversationId(conversationId);
    return this.messages.get(base)?.find((message) => message.id === id);
  }

  directConversations(): { id: string; userId: string }[] {
    return [...this.personal].map(([id, userId]) => ({ id, userId }));
  }

  injectRateLimit(
    match: { method: string; path?: RegExp },
    options: { count: number; retryAfterSeconds: number },
  ) {
    this.rules.push({
      method: match.method.toUpperCase(),
      path: match.path,
      remaining: options.count,
      retryAfterSeconds: options.retryAfterSeconds,
    });
  }

  textOf(message: TeamsFakeMessage): string {
    return activityText(message.activity);
  }

  rateLimited(): number {
    return this.limited;
  }

  /** Consumes one injected 429 for this call; returns its Retry-After seconds, or undefined. */
  takeRateLimit(method: string, path: string): number | undefined {
    const rule = this.rules.find(
      (candidate) =>
        candidate.remaining > 0 && candidate.method === method && (candidate.path?.test(path) ?? true),
    );
    if (!rule) return undefined;
    rule.remaining -= 1;
    this.limited += 1;
    return rule.retryAfterSeconds;
  }

  user(idOrAadObjectId: string): TeamsFakeUser | undefined {
    return this.options.users.find(
      (user) => user.id === idOrAadObjectId || user.aadObjectId === idOrAadObjectId,
    );
  }

  channel(id: string): TeamsFakeChannel | undefined {
    return this.options.channels.find((channel) => channel.id === id);
  }

  /** Team ids are conversation ids too (the General channel's): they resolve to that team's first channel. */
  resolve(conversationId: string): ConversationTarget | undefined {
    const { base, root } = parseConversationId(conversationId);
    const channel =
      this.channel(base) ?? this.options.channels.find((candidate) => candidate.teamId === base);
    if (channel) return { kind: 'channel', channel, root };
    const userId = this.personal.get(base);
    const user = userId ? this.user(userId) : undefined;
    return user ? { kind: 'personal', id: base, user } : undefined;
  }

  isInstalled(channel: TeamsFakeChannel): boolean {
    return this.installed.has(channel.teamId);
  }

  install(channel: TeamsFakeChannel): void {
    this.installed.add(channel.teamId);
  }

  /** The one 1:1 conversation of the bot with a user; Teams hands out the same id every time. */
  personalConversation(userId: string): string {
    for (const [id, member] of this.personal) if (member === userId) return id;
    const id = personalConversationId();
    this.personal.set(id, userId);
    return id;
  }

  /** Remembers an inbound activity id the bot may reply to, and which thread such a reply joins. */
  registerInbound(conversationId: string, id: string, root: string | null): void {
    this.inbound.set(`${conversationId}\n${id}`, { conversationId, root });
  }

  /** The thread a reply to `activityId` joins: its root post, or undefined when the id is unknown. */
  anchor(conversationId: string, activityId: string): { root: string | null } | undefined {
    const message = this.message(conversationId, activityId);
    if (message) return { root: message.replyToId ?? message.id };
    return this.inbound.get(`${conversationId}\n${activityId}`);
  }

  /** Stores a new message and returns it. */
  add(conversationId: string, replyToId: string | null, activity: Record<string, unknown>, from: string) {
    const id = nextMessageId();
    const message: TeamsFakeMessage = {
      id,
      conversationId,
      replyToId,
      activity: { ...activity, id },
      versions: [],
      edits: 0,
      from,
      deleted: false,
    };
    const list = this.messages.get(conversationId) ?? [];
    list.push(message);
    this.messages.set(conversationId, list);
    return message;
  }

  /** Replaces a message's content, keeping the old version. */
  edit(message: TeamsFakeMessage, activity: Record<string, unknown>): void {
    message.versions.push(message.activity);
    message.activity = { ...activity, id: message.id };
    message.edits += 1;
  }
}
