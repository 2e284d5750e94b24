// The fake's conversation model: channels, DMs, messages with thread replies and edit history.
import { type IdSource, parseTs, type TsSource } from './ids.ts';
import type {
  Clock,
  ContentSource,
  EphemeralMessage,
  FakeMessage,
  SlackBotIdentity,
  SlackChannelSeed,
} from './types.ts';

/** A conversation: a seeded channel, or a DM / group DM opened with conversations.open. */
export interface FakeChannel {
  id: string;
  name: string;
  isPrivate: boolean;
  isIm: boolean;
  isMpim: boolean;
  botIsMember: boolean;
  /** Undefined means every workspace member is in it. */
  members?: Set<string>;
  /** The other party of a 1:1 DM. */
  user?: string;
}

/** New content for a message; undefined fields keep their previous value (chat.update semantics). */
export interface MessageContent {
  text: string;
  blocks?: unknown[];
  attachments?: unknown[];
}

export class MessageStore {
  readonly channels = new Map<string, FakeChannel>();
  /** Per channel, every message (top-level and replies) in posting order. */
  private readonly byChannel = new Map<string, FakeMessage[]>();
  readonly ephemerals: EphemeralMessage[] = [];

  constructor(
    private readonly ts: TsSource,
    private readonly ids: IdSource,
    private readonly clock: Clock,
    private readonly bot: SlackBotIdentity,
  ) {}

  /** Adds or replaces a channel seed. */
  addChannel(seed: SlackChannelSeed): FakeChannel {
    const channel: FakeChannel = {
      id: seed.id,
      name: seed.name.replace(/^#/, ''),
      isPrivate: seed.isPrivate ?? false,
      isIm: false,
      isMpim: false,
      botIsMember: seed.botIsMember ?? true,
      ...(seed.members ? { members: new Set(seed.members) } : {}),
    };
    this.channels.set(channel.id, channel);
    return channel;
  }

  /** Resolves an id, `#name` or bare name, as chat.postMessage accepts all three. */
  resolve(ref: string): FakeChannel | undefined {
    const byId = this.channels.get(ref);
    if (byId) return byId;
    const name = ref.replace(/^#/, '');
    for (const channel of this.channels.values()) {
      if (!channel.isIm && !channel.isMpim && channel.name === name) return channel;
    }
    return undefined;
  }

  /** Opens (or finds) the bot's DM with one user, or a group DM with several. */
  openConversation(users: string[]): { channel: FakeChannel; alreadyOpen: boolean } {
    const key = [...users].sort().join(',');
    for (const channel of this.channels.values()) {
      if ((channel.isIm || channel.isMpim) && [...(channel.members ?? [])].sort().join(',') === key) {
        return { channel, alreadyOpen: true };
      }
    }
    const isIm = users.length === 1;
    const id = this.ids.next(isIm ? 'D' : 'G');
    const channel: FakeChannel = {
      id,
      name: isIm ? id : `mpdm-${users.join('--')}-1`,
      isPrivate: true,
      isIm,
      isMpim: !isIm,
      botIsMember: true,
      members: new Set(users),
      ...(isIm ? { user: users[0] } : {}),
    };
    this.channels.set(id, channel);
    return { channel, alreadyOpen: false };
  }

  /** Stores a new message; a `threadTs` naming a reply is moved to that reply's parent, like Slack. */
  post(input: {
    channel: string;
    user: string;
    postedBy: 'bot' | 'user';
    content: MessageContent;
    threadTs?: string;
    replyBroadcast?: boolean;
    metadata?: unknown;
    via: ContentSource;
    ts?: string;
  }): FakeMessage {
    const parent = input.threadTs ? this.find(input.channel, input.threadTs) : undefined;
    const threadTs = parent?.threadTs ?? input.threadTs;
    const message: FakeMessage = {
      channel: input.channel,
      ts: input.ts ?? this.ts.next(),
      ...(threadTs ? { threadTs } : {}),
      user: input.user,
      ...(input.postedBy === 'bot' ? { botId: this.bot.botId, appId: this.bot.appId } : {}),
      postedBy: input.postedBy,
      text: input.content.text,
      ...(input.content.blocks ? { blocks: input.content.blocks } : {}),
      ...(input.content.attachments ? { attachments: input.content.attachments } : {}),
      ...(input.metadata !== undefined ? { metadata: input.metadata } : {}),
      replyBroadcast: input.replyBroadcast ?? false,
      edits: [],
      via: input.via,
      deleted: false,
    };
    const list = this.byChannel.get(input.channel) ?? [];
    list.push(message);
    list.sort((a, b) => parseTs(a.ts) - parseTs(b.ts));
    this.byChannel.set(input.channel, list);
    return message;
  }

  /** Replaces a message's content in place, keeping the previous version in `edits`. */
  update(message: FakeMessage, content: Partial<MessageContent>, via: ContentSource): FakeMessage {
    message.edits.push({
      text: message.text,
      ...(message.blocks ? { blocks: message.blocks } : {}),
      ...(message.attachments ? { attachments: message.attachments } : {}),
      at: this.clock(),
      via: message.via,
    });
    message.editedTs = this.ts.next();
    if (content.text !== undefined) message.text = content.text;
    if (content.blocks !== undefined) message.blocks = content.blocks;
    if (content.attachments !== undefined) message.attachments = content.attachments;
    message.via = via;
    return message;
  }

  /** Marks a message deleted; it stays in the model so tests can see what was removed. */
  remove(message: FakeMessage): void {
    message.deleted = true;
  }

  /** A live (not deleted) message by channel and ts. */
  find(channel: string, ts: string): FakeMessage | undefined {
    return this.byChannel.get(channel)?.find((message) => message.ts === ts && !message.deleted);
  }

  /** Every message of a channel, deleted ones included, in ts order. */
  all(channel: string): FakeMessage[] {
    return [...(this.byChannel.get(channel) ?? [])];
  }

  /** Live top-level messages of a channel (plus replies broadcast to it), in ts order. */
  history(channel: string): FakeMessage[] {
    return this.all(channel).filter((m) => !m.deleted && (m.threadTs === undefined || m.replyBroadcast));
  }

  /** Live replies in a thread, oldest first (the parent is not included). */
  replies(channel: string, threadTs: string): FakeMessage[] {
    return this.all(channel).filter((m) => !m.deleted && m.threadTs === threadTs && m.ts !== threadTs);
  }

  /** Records an ephemeral message and returns it; it never enters the channel history. */
  postEphemeral(input: Omit<EphemeralMessage, 'messageTs' | 'at'>): EphemeralMessage {
    const message: EphemeralMessage = { ...input, messageTs: this.ts.next(), at: this.clock() };
    this.ephemerals.push(message);
    return message;
  }

  /** The wire shape Slack returns for a message (chat.postMessage `message`, conversations.replies). */
  toWire(message: FakeMessage, teamId: string): Record<string, unknown> {
    const replies = message.threadTs === undefined ? this.replies(message.channel, message.ts) : [];
    return {
      type: 'message',
      ...(message.postedBy === 'bot'
        ? {
            bot_id: message.botId,
            app_id: message.appId,
            bot_profile: {
              id: message.botId,
              app_id: message.appId,
              name: this.bot.name,
              deleted: false,
              team_id: teamId,
            },
          }
        : {}),
      user: message.user,
      text: message.text,
      ts: message.ts,
      team: teamId,
      ...(message.blocks ? { blocks: message.blocks } : {}),
      ...(message.attachments ? { attachments: message.attachments } : {}),
      ...(message.metadata !== undefined ? { metadata: message.metadata } : {}),
      ...(message.threadTs ? { thread_ts: message.threadTs } : {}),
      ...(replies.length > 0
        ? {
            thread_ts: message.ts,
            reply_count: replies.length,
            reply_users: [...new Set(replies.map((r) => r.user))],
            latest_reply: replies.at(-1)?.ts,
          }
        : {}),
      ...(message.editedTs ? { edited: { user: message.user, ts: message.editedTs } } : {}),
    };
  }
}
