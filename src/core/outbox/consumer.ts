// What the delivery worker hands outbox entries to: consumers (chat, GitLab) and the outcome of one delivery.
import type { OutboxEntry, OutboxMessage } from '../ports/outbox.ts';

/** What a consumer may do while it holds an entry. */
export interface DeliveryContext {
  readonly entry: OutboxEntry;
  /**
   * The newest entry id of the lane this delivery covers (the entry's own id when it covers none): a consumer
   * that coalesces shows state at least as new as what every entry up to it announced.
   */
  readonly coverage: number;
  /** The value recorded under `key` by an earlier attempt of this consumer, or undefined. */
  done(key: string): unknown;
  /** Records a sub-effect at once (a DM sent, a summary posted), so a retry of the entry does not repeat it. */
  record(key: string, value?: unknown): Promise<void>;
}

/** Come back later without counting a failed attempt: a channel's pace asks to wait. */
export interface Deferral {
  retryInMs: number;
}

/** One kind of outbound effect, delivered from outbox entries. */
export interface OutboxConsumer {
  /** Unique name; it prefixes the consumer's recorded sub-effects. */
  readonly name: string;
  /** Whether this consumer acts on the message. */
  wants(message: OutboxMessage): boolean;
  /**
   * Whether a delivery of an earlier entry of the same lane that this consumer makes from the current state
   * covers this message too (interim rollout progress), so it need not be delivered on its own.
   */
  coalesces?(message: OutboxMessage): boolean;
  /**
   * Delivers the entry's effects. Throws to have the attempt retried with back-off (a platform error must
   * reach here, never be swallowed), throws a PermanentDeliveryError to fail it at once, or answers a deferral.
   */
  deliver(ctx: DeliveryContext): Promise<Deferral | undefined>;
}

/** A failure no retry can mend (a message the platform refuses for good); the entry is failed at once. */
export class PermanentDeliveryError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'PermanentDeliveryError';
  }
}

/**
 * Whether a platform error says retrying cannot help. Adapter errors say so with `retryable: false` (a channel
 * that does not exist, a message refused as too long); anything else may pass with the outage.
 */
export function isPermanent(err: unknown): boolean {
  return (
    err instanceof PermanentDeliveryError ||
    (typeof err === 'object' && err !== null && (err as { retryable?: unknown }).retryable === false)
  );
}

/** The error text stored on an entry. */
export const errorText = (err: unknown): string =>
  (err instanceof Error ? err.message : String(err)).slice(0, 2000);
