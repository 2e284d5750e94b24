// Chat adapter port: one per platform; inbound requests are verified and normalised, outbound messages rendered.
import type { ApprovalCard, BaselineForm, ChatMessage, DriftCard, ReasonForm } from '../messages/types.ts';
import type { ChatPlatform } from '../model/workspace.ts';

/** What a platform needs to edit or reply to a message later (Slack: `{channel, ts}`); stored as JSON. */
export type MessageRef = { [key: string]: string | number | boolean | null };

/** Where a new message goes: a channel (or conversation) id of the platform. */
export interface ChatTarget {
  /** The platform's channel id, e.g. Slack `C0123456`. */
  channel: string;
}

/** A platform user as the platform vouches for them. */
export interface ChatUser {
  /** A verified email address; unverified addresses are never returned. */
  email: string;
  /** Display name, for messages. */
  name: string;
}

/** The fields every ChatIdentity has. */
export interface ChatIdentityBase {
  /** Display name, for messages (the user id when the platform gives none). */
  name: string;
  /**
   * The platform's own id of the user as its admins see it (Slack `U…`, Teams `29:…`, Feishu `ou_…`); it may
   * be shorter than the id the core holds (the Teams adapter adds the conversation the user wrote in).
   */
  userId: string;
}

/**
 * What a platform says about a user's email, so the core can say exactly why someone is not mapped:
 * `verified` (the platform, or the tenant that administers the directory, vouches for it), `unverified` (the
 * profile shows an address the platform has not confirmed), `no_email` (no address the app may read).
 */
export type ChatIdentity =
  | (ChatIdentityBase & { status: 'verified'; email: string })
  | (ChatIdentityBase & { status: 'unverified'; email: string })
  | (ChatIdentityBase & { status: 'no_email' });

/** The ChatUser of an identity: only a verified address identifies a person. */
export const verifiedUser = (identity: ChatIdentity): ChatUser | null =>
  identity.status === 'verified' ? { email: identity.email, name: identity.name } : null;

/** Sends messages to one platform and turns its inbound requests into core calls. */
export interface ChatAdapter {
  /** The platform this adapter speaks to. */
  readonly platform: ChatPlatform;
  /**
   * Answers one inbound HTTP request from the platform: verifies it on the raw body (401 when it fails),
   * answers handshakes, acknowledges within the platform's deadline and continues the work in the background.
   */
  handle(request: Request): Promise<Response>;
  /** Posts a new top-level message; returns the reference to edit or reply to it later. */
  post(target: ChatTarget, message: ChatMessage): Promise<MessageRef>;
  /** Replaces the content of a message posted before. */
  update(ref: MessageRef, message: ChatMessage): Promise<void>;
  /** Posts into the thread of a message; returns the reply's reference. */
  reply(ref: MessageRef, message: ChatMessage): Promise<MessageRef>;
  /** Sends a direct message to a platform user. */
  dm(userId: string, message: ChatMessage): Promise<MessageRef>;
  /** The verified email and name of a platform user, or null when the platform has no verified email. */
  lookupUser(platformUserId: string): Promise<ChatUser | null>;
  /**
   * What the platform says about a user's email: verified, present but unconfirmed, or none the app may read
   * (also for unknown, deleted and bot users). `lookupUser` answers the verified case of the same facts.
   */
  identify(platformUserId: string): Promise<ChatIdentity>;
  /** The platform user id that belongs to an email address, or null (used to DM approvers). */
  findUserIdByEmail(email: string): Promise<string | null>;
  /** Resolves when background work started by inbound requests has finished (shutdown, tests). */
  drain(): Promise<void>;
}

/**
 * Small durable state an adapter keeps across restarts and replicas (Teams: conversation references),
 * stored in the service's store under the adapter's own prefix.
 */
export interface ChatAdapterState {
  get<T = unknown>(key: string): Promise<T | null>;
  set(key: string, value: unknown): Promise<void>;
}

/** Answers to the person who acted, in the place they acted. */
export interface ChatResponder {
  /** A message only the acting user sees. */
  ephemeral(message: ChatMessage): Promise<void>;
  /** Asks the acting user for a reason (a modal on Slack); the answer comes back as a `reason` interaction. */
  askReason(form: ReasonForm | BaselineForm): Promise<void>;
}

/** Which approval step a button belongs to, so a stale card cannot decide a later step. */
export interface StepKey {
  issueId: number;
  round: number;
  step: number;
}

/** Which drift state a drift card's button belongs to, so a stale card cannot accept a later state. */
export interface DriftKey {
  databaseId: number;
  seq: number;
}

/** A normalised inbound interaction; the core decides what it means. */
export type ChatInteraction =
  | { type: 'approve' | 'reject'; key: StepKey }
  | { type: 'reason'; purpose: ReasonForm['purpose']; key: StepKey; reason: string }
  | { type: 'accept_baseline'; key: DriftKey }
  | { type: 'baseline_reason'; key: DriftKey; reason: string };

/** The core's entry points for inbound chat traffic. */
export interface ChatInboundHandler {
  /**
   * Acts on a button click or form submission. `deliveryId` identifies the platform delivery so that a
   * redelivery or a replayed click never acts twice.
   */
  interact(input: {
    adapter: ChatAdapter;
    platformUserId: string;
    deliveryId: string;
    interaction: ChatInteraction;
    respond: ChatResponder;
  }): Promise<void>;
  /**
   * Answers a `/bytebase` command (text after the command) for the asking user. With a `deliveryId`
   * (platforms that redeliver messages), a redelivery answers null and nothing is done twice.
   */
  command(input: {
    adapter: ChatAdapter;
    platformUserId: string;
    text: string;
    deliveryId?: string;
  }): Promise<ChatMessage | null>;
  /**
   * The approval card of an issue as it stands now, or null when there is no such issue. Platforms that
   * answer a click with the refreshed card (Teams universal actions, Feishu card callbacks) use it.
   */
  card(issueId: number): Promise<ApprovalCard | null>;
  /** The drift card of a database as it stands now (null: never checked, or gone), for the same platforms. */
  driftCard(databaseId: number): Promise<DriftCard | null>;
}
