// Shared types of the loopback Slack fake: seeds, options and the recorded platform state.

/** Milliseconds since the epoch; injectable so tests can move time for expiry and rate limits. */
export type Clock = () => number;

/** A workspace member the fake knows about (users.info, users.lookupByEmail, payload authors). */
export interface SlackUserSeed {
  id: string;
  name: string;
  realName?: string;
  displayName?: string;
  /** Only users with an email get `profile.email` back, as in Slack. */
  email?: string;
  /** `is_email_confirmed` of users.info; default true. */
  emailConfirmed?: boolean;
  isBot?: boolean;
  deleted?: boolean;
}

/** A conversation the fake knows about; posting elsewhere answers `channel_not_found`. */
export interface SlackChannelSeed {
  id: string;
  name: string;
  isPrivate?: boolean;
  /** The bot must be a member to post (`not_in_channel`); default true. */
  botIsMember?: boolean;
  /** Members for `chat.postEphemeral` (`user_not_in_channel`); absent means everyone. */
  members?: string[];
}

/** Slack's special chat.postMessage limit: about one message per second per channel. */
export interface ChannelPostLimitOptions {
  /** Time to earn one more post in a channel; default 1000 ms. */
  intervalMs?: number;
  /** Posts allowed back to back before the limit bites; default 1. */
  burst?: number;
  /** Value of the Retry-After header; default 1. */
  retryAfterSeconds?: number;
}

export interface SlackTeam {
  id: string;
  name: string;
  domain: string;
}

export interface SlackBotIdentity {
  userId: string;
  botId: string;
  appId: string;
  name: string;
}

/** Options of `startSlackFake`; every field has a working default. */
export interface SlackFakeOptions {
  /** The only accepted token; default `xoxb-fake-bot-token`. */
  botToken?: string;
  team?: Partial<SlackTeam>;
  bot?: Partial<SlackBotIdentity>;
  /** Scopes granted to the bot token (X-OAuth-Scopes); methods check theirs (`missing_scope`). */
  scopes?: string[];
  users?: SlackUserSeed[];
  channels?: SlackChannelSeed[];
  clock?: Clock;
  /** Turns on the per-channel posting limit from the start. */
  channelPostLimit?: ChannelPostLimitOptions | boolean;
  /**
   * Text over 40,000 characters: `reject` answers `msg_too_long` (default, strict), `truncate`
   * posts the first 40,000 characters with a `message_truncated` warning as Slack documents.
   */
  overlongText?: 'reject' | 'truncate';
  /** Listening port on 127.0.0.1; default 0 (ephemeral). */
  port?: number;
}

/** How a message's content changed. */
export type ContentSource = 'chat.postMessage' | 'chat.update' | 'response_url';

/** One version of a message's content. */
export interface MessageVersion {
  text: string;
  blocks?: unknown[];
  attachments?: unknown[];
  at: number;
  via: ContentSource;
}

/** A message in the channel model (top-level or thread reply). */
export interface FakeMessage {
  channel: string;
  ts: string;
  /** Parent ts for thread replies; undefined for top-level messages. */
  threadTs?: string;
  user: string;
  botId?: string;
  appId?: string;
  postedBy: 'bot' | 'user';
  text: string;
  blocks?: unknown[];
  attachments?: unknown[];
  metadata?: unknown;
  replyBroadcast: boolean;
  /** Earlier versions, oldest first; empty until the first edit. */
  edits: MessageVersion[];
  /** Timestamp of the latest edit (`edited.ts` on the wire). */
  editedTs?: string;
  via: ContentSource;
  deleted: boolean;
}

/** An ephemeral message: visible to one user, never stored in the channel history. */
export interface EphemeralMessage {
  channel: string;
  user: string;
  messageTs: string;
  threadTs?: string;
  text: string;
  blocks?: unknown[];
  via: 'chat.postEphemeral' | 'response_url';
  at: number;
}

/** One Web API call as the fake received it. */
export interface ApiCall {
  method: string;
  /** Arguments with JSON-encoded fields (`blocks`, `attachments`, `view`, `metadata`) decoded. */
  args: Record<string, unknown>;
  headers: Record<string, string>;
  contentType: string;
  at: number;
  status: number;
  response: Record<string, unknown>;
}

/** What a response URL may act on: the conversation and, for interactions, the source message. */
export interface ResponseUrlContext {
  channelId: string;
  userId: string;
  messageTs?: string;
  threadTs?: string;
  source?: 'slash_command' | 'block_actions' | 'view_submission';
}

/** One POST to a response URL. */
export interface ResponseUrlPost {
  id: string;
  body: Record<string, unknown>;
  at: number;
  status: number;
  result: Record<string, unknown>;
}

/** A modal opened with views.open and possibly changed with views.update. */
export interface FakeView {
  id: string;
  type: string;
  userId: string;
  callbackId: string;
  privateMetadata: string;
  externalId: string;
  title: unknown;
  submit: unknown;
  close: unknown;
  blocks: unknown[];
  hash: string;
  rootViewId: string;
  /** Every view definition received, oldest first. */
  versions: Record<string, unknown>[];
}
