// Chat message references per issue: the approval card and the rollout status message, per platform.
import type { ChatPlatform } from '../model/workspace.ts';
import type { MessageRef } from './chat-adapter.ts';

/** `card`: the approval card in a channel; `status`: the rollout status message in the card's thread. */
export type ChatMessageKind = 'card' | 'status';

export interface ChatMessageRecord {
  id: number;
  issueId: number;
  platform: ChatPlatform;
  kind: ChatMessageKind;
  /** The bound channel the message belongs to (a thread's status message: its card's channel). */
  channel: string;
  ref: MessageRef;
}

export interface ChatMessageRepository {
  /** Stores a message reference. */
  add(input: Omit<ChatMessageRecord, 'id'>): Promise<ChatMessageRecord>;
  /** References of an issue, optionally of one platform and kind, oldest first. */
  list(
    issueId: number,
    filter?: { platform?: ChatPlatform; kind?: ChatMessageKind },
  ): Promise<ChatMessageRecord[]>;
  /** Replaces a stored reference (a platform may hand out a new one after an edit). */
  update(id: number, channel: string, ref: MessageRef): Promise<void>;
}
