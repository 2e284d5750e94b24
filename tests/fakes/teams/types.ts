// Public types of the loopback Microsoft Teams / Bot Framework fake.
import type { OutageSwitch } from '../outage.ts';

/** A Teams user the fake knows: in every seeded team and reachable for 1:1 chats. */
export interface TeamsFakeUser {
  /** Bot Framework user id, "29:..." */
  id: string;
  /** Microsoft Entra (AAD) object id. */
  aadObjectId: string;
  name: string;
  /** Omitted when the directory has no mail for the user; the member APIs then answer without `email`. */
  email?: string;
  userPrincipalName?: string;
}

/** A team channel. The General channel has the team id as its id, as in Teams. */
export interface TeamsFakeChannel {
  /** "19:...@thread.tacv2" */
  id: string;
  name: string;
  teamId: string;
  /** Whether the bot is already in the team (default true); when false, posting answers 403 until `installInChannel`. */
  botInstalled?: boolean;
}

export interface TeamsFakeOptions {
  appId: string;
  appPassword: string;
  tenantId: string;
  users: TeamsFakeUser[];
  channels: TeamsFakeChannel[];
  /** Display name of the bot (default "Bytebase"). */
  botName?: string;
  /** Lifetime of issued access tokens (default 3599 s, as Microsoft Entra answers). */
  accessTokenLifetimeSeconds?: number;
  /** Largest accepted activity body in bytes (default 100 KiB, the documented bot message limit); larger ones get 413. */
  maxActivityBytes?: number;
  /**
   * Accept connector calls that carry no Authorization header, as for a bot running without an app id
   * (botbuilder's anonymous mode). A bearer token that is present must still be valid.
   */
  allowAnonymous?: boolean;
  /** Listen port (default 0: any free port). */
  port?: number;
}

/** One message as the fake holds it (a bot post, a bot reply, or a user message sent by the driver). */
export interface TeamsFakeMessage {
  id: string;
  /** Channel or 1:1 conversation id, without any ";messageid=" suffix. */
  conversationId: string;
  /** Thread root for replies in a channel; null for top-level posts and for 1:1 chats. */
  replyToId: string | null;
  /** Latest version as sent (type, text, attachments...). */
  activity: Record<string, unknown>;
  /** Earlier versions, oldest first; `edits` is their count. */
  versions: Record<string, unknown>[];
  edits: number;
  /** Sender id: "28:<appId>" for the bot, "29:..." for users. */
  from: string;
  deleted: boolean;
}

/** One HTTP call the fake answered (connector, token, metadata). */
export interface TeamsFakeCall {
  method: string;
  /** Decoded path, e.g. "/v3/conversations/19:abc@thread.tacv2;messageid=1/activities". */
  path: string;
  status: number;
  body?: unknown;
  /** Decoded query string values. */
  query?: Record<string, string>;
}

/** The answer a clicking user got to an `adaptiveCard/action` invoke (what Teams shows them). */
export interface TeamsInvokeAnswer {
  userId: string;
  conversationId: string;
  messageId: string;
  status: number;
  body: unknown;
}

export interface TeamsFakeState {
  /** Top-level messages of a conversation, oldest first. */
  history(conversationId: string): TeamsFakeMessage[];
  /** Replies in the thread of a message. */
  thread(conversationId: string, rootId: string): TeamsFakeMessage[];
  message(conversationId: string, id: string): TeamsFakeMessage | undefined;
  /** 1:1 conversations the bot created, with the member. */
  directConversations(): { id: string; userId: string }[];
  /** Every connector / token call: method, path, status, body. */
  calls: TeamsFakeCall[];
  /** The next `count` calls matching answer 429 with Retry-After like the connector. */
  injectRateLimit(
    match: { method: string; path?: RegExp },
    options: { count: number; retryAfterSeconds: number },
  ): void;
  /** Text and adaptive card bodies flattened, for assertions. */
  textOf(message: TeamsFakeMessage): string;
  /** Answers to Action.Execute invokes, recorded by the driver. */
  invokeAnswers: TeamsInvokeAnswer[];
  /** How many 429 answers the fake has given. */
  rateLimited(): number;
}

/** Overrides for a channel→bot token; each one makes a forged variant. */
export interface ChannelTokenOverrides {
  aud: string;
  iss: string;
  /** Value of the `serviceurl` claim; '' leaves the claim out. */
  serviceUrl: string;
  expiresInSeconds: number;
  notBeforeOffsetSeconds: number;
  /** Sign with a key the JWKS does not hold (same kid as the real one). */
  signWithUnknownKey: boolean;
  /** Sign with a key the JWKS holds but endorses only for another channel ("webchat"). */
  signWithUnendorsedKey: boolean;
  /** The header's key id. */
  kid: string;
}

export interface TeamsFake {
  /** The fake's base URL (no trailing slash); every endpoint lives under it. */
  url: string;
  /** serviceUrl in activities: `url` with a trailing slash, as Teams sends it. */
  serviceUrl: string;
  /** Env for the service: TEAMS_APP_ID, TEAMS_APP_PASSWORD, TEAMS_APP_TENANT_ID, TEAMS_OPENID_METADATA_URL, TEAMS_TOKEN_ISSUER, TEAMS_LOGIN_URL. */
  env: Record<string, string>;
  state: TeamsFakeState;
  options: TeamsFakeOptions;
  /** Bot id as Teams writes it: "28:<appId>". */
  botId: string;
  botName: string;
  /** Mints a channel→bot JWT like Bot Framework does; overrides make forged variants. */
  mintChannelToken(overrides?: Partial<ChannelTokenOverrides>): string;
  /** Takes identity and connector down and back up (HTTP 503, or refused connections). */
  outage: OutageSwitch;
  close(): Promise<void>;
}
