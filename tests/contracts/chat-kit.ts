// What the chat contract suite needs from a platform: its fake, a signed driver, and views of what users saw.
import type { ChatPlatform } from '../../src/core/model/workspace.ts';

/**
 * The people of the contract workspace. Every kit's fake knows them with these emails and names:
 * dba dba@example.com "Dana DBA" (workspace DBA), dev dev@example.com "Devon Dev" (project developer),
 * dev2 dev2@example.com "Dee Dev" (member of another project only), owner owner@example.com
 * "Olivia Owner" (project owner), stranger sam@elsewhere.example "Sam" (not a workspace user),
 * noEmail "Nemo" (the platform gives no confirmed email for them).
 */
export type ContractUser = 'dba' | 'dev' | 'dev2' | 'owner' | 'stranger' | 'noEmail';

export const CONTRACT_PEOPLE: Record<ContractUser, { name: string; email: string | null }> = {
  dba: { name: 'Dana DBA', email: 'dba@example.com' },
  dev: { name: 'Devon Dev', email: 'dev@example.com' },
  dev2: { name: 'Dee Dev', email: 'dev2@example.com' },
  owner: { name: 'Olivia Owner', email: 'owner@example.com' },
  stranger: { name: 'Sam', email: 'sam@elsewhere.example' },
  noEmail: { name: 'Nemo', email: null },
};

/** An approval card as it stands in the fake now (latest edit). */
export interface ContractCard {
  /** The platform's id of the message (Slack ts, Teams activity id, Feishu message_id). */
  id: string;
  /** Every visible text of the message flattened into one string (title, fields, buttons' labels). */
  text: string;
  /** Whether the card still offers Approve/Reject buttons. */
  hasButtons: boolean;
  /** How many times the message was edited. */
  edits: number;
}

/** The answer to one signed request the driver sent. */
export interface ContractSend {
  /** HTTP status the service answered with (0 when it did not answer within the driver's timeout). */
  status: number;
  /** Whether it answered inside the platform's deadline (Slack 3 s, Teams 15 s invoke / 5 s, Feishu 3 s). */
  withinDeadline: boolean;
  /** Text the platform would show the clicking user from the answer itself (Teams invoke message, Feishu toast); '' if none. */
  answer: string;
}

export interface ChatContractKit {
  platform: ChatPlatform;
  /** The channel (Slack channel id, Teams conversation id, Feishu chat_id) the project binds. */
  channel: string;
  /** Environment variables that point the service at the fake (credentials, URLs, overrides). */
  env: Record<string, string>;
  /** Called once the service listens; `baseUrl` is like http://127.0.0.1:PORT. */
  connect(baseUrl: string): Promise<void>;

  /** The newest state of the approval card of the issue in `channel`, or undefined when none was posted. */
  card(issueId: number): ContractCard | undefined;
  /** Texts of the replies in the card's thread, oldest first, each at its latest edit. */
  thread(card: ContractCard): string[];
  /** Whether a direct message was sent to the user (approvers are DMed where the platform allows it). */
  dmSent(user: ContractUser): boolean;
  /** Everything shown to the user privately so far: ephemerals, answers to their clicks, toasts, DMs. */
  noticesTo(user: ContractUser): string[];

  /** Clicks Approve or Reject on the card as the user, correctly signed. */
  click(user: ContractUser, card: ContractCard, action: 'approve' | 'reject'): Promise<ContractSend>;
  /** Sends the last request again as the platform's own redelivery (retry headers where it has them). */
  redeliverLast(): Promise<ContractSend>;
  /** Sends the last request again byte for byte, as an attacker who captured it would. */
  replayLast(): Promise<ContractSend>;
  /** Whether the user was asked for a reason (modal, form card) on this card. */
  reasonAsked(user: ContractUser, card: ContractCard): boolean;
  /** Submits the reason the user was asked for. */
  submitReason(user: ContractUser, card: ContractCard, reason: string): Promise<ContractSend>;
  /**
   * Requests for the click that must be refused (wrong key or secret, altered body, stale or future
   * timestamp, missing credentials, ...), each named; every one must get 401 (or 403) and act on nothing.
   */
  forgeries(
    user: ContractUser,
    card: ContractCard,
    action: 'approve' | 'reject',
  ): {
    name: string;
    send(): Promise<ContractSend>;
  }[];
  /** Runs `/bytebase <text>` (or the platform's equivalent) as the user; resolves with the answer's text. */
  command(user: ContractUser, text: string): Promise<string>;

  /** The next `count` message edits (`update`) or new messages (`post`) get the platform's rate-limit answer. */
  rateLimit(kind: 'update' | 'post', count: number, retryAfterSeconds: number): void;
  /** How many rate-limit answers the fake has given. */
  rateLimited(): number;
  close(): Promise<void>;
}

/** Starts a platform's fake with the contract people and a channel; the suite calls it once per file. */
export type ChatContractKitFactory = () => Promise<ChatContractKit>;
