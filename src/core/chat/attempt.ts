// One delivery's platform calls, channel by channel: a failing channel is recorded and the others are still
// served; then the worker learns the outcome (a retryable failure first, else a permanent one).
import { isPermanent, PermanentDeliveryError } from '../outbox/consumer.ts';
import type { Logger } from '../ports/clock.ts';

/** Failures of one delivery, channel by channel: the others are still served before the entry is retried. */
export class Attempt {
  private readonly retryable: unknown[] = [];
  private readonly permanent: unknown[] = [];
  constructor(private readonly logger: Logger) {}

  /** Runs one platform call; resolves `{ ok: false }` when it failed (recorded, and logged). */
  async run<T>(what: string, fields: Record<string, unknown>, fn: () => Promise<T>) {
    try {
      return { ok: true as const, value: await fn() };
    } catch (err) {
      if (isPermanent(err)) {
        this.permanent.push(err);
        this.logger.error({ err, ...fields }, `chat ${what} refused by the platform; not retried`);
      } else {
        this.retryable.push(err);
        this.logger.warn({ err, ...fields }, `chat ${what} failed; will be retried`);
      }
      return { ok: false as const };
    }
  }

  /** Throws what the worker must know: a retryable failure first, else a permanent one. */
  settle(): void {
    if (this.retryable.length > 0) throw this.retryable[0];
    if (this.permanent.length > 0) {
      const first = this.permanent[0];
      throw new PermanentDeliveryError(first instanceof Error ? first.message : String(first), {
        cause: first,
      });
    }
  }
}
