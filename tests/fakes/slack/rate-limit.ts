// Rate limiting as Slack answers it: HTTP 429, `Retry-After: <seconds>`, `{ok:false,error:"ratelimited"}`.
// https://docs.slack.dev/apis/web-api/rate-limits
import type { ChannelPostLimitOptions, Clock } from './types.ts';

interface Injection {
  remaining: number;
  retryAfterSeconds: number;
}

interface Bucket {
  tokens: number;
  updatedAt: number;
}

/** Injected 429s per method, and the optional per-channel limit of chat.postMessage. */
export class RateLimiter {
  private readonly injections = new Map<string, Injection>();
  private channelLimit: Required<ChannelPostLimitOptions> | undefined;
  private readonly buckets = new Map<string, Bucket>();

  constructor(private readonly clock: Clock) {}

  /** The next `count` calls of `method` answer 429 with `Retry-After: retryAfterSeconds`. */
  inject(method: string, options: { count: number; retryAfterSeconds?: number }): void {
    this.injections.set(method, {
      remaining: options.count,
      retryAfterSeconds: options.retryAfterSeconds ?? 1,
    });
  }

  /** Consumes one injected 429 for `method`; returns its Retry-After seconds, or undefined. */
  takeInjected(method: string): number | undefined {
    const injection = this.injections.get(method);
    if (!injection || injection.remaining <= 0) return undefined;
    injection.remaining -= 1;
    if (injection.remaining === 0) this.injections.delete(method);
    return injection.retryAfterSeconds;
  }

  /** Turns the per-channel posting limit on (with options) or off (`false`). */
  setChannelPostLimit(options: ChannelPostLimitOptions | boolean): void {
    this.buckets.clear();
    if (options === false) {
      this.channelLimit = undefined;
      return;
    }
    const given = options === true ? {} : options;
    this.channelLimit = {
      intervalMs: given.intervalMs ?? 1000,
      burst: given.burst ?? 1,
      retryAfterSeconds: given.retryAfterSeconds ?? 1,
    };
  }

  /**
   * Takes one posting slot in `channel` (a token bucket refilled one slot per interval); returns the
   * Retry-After seconds when the channel is over its limit, undefined when the post may go ahead.
   */
  takeChannelSlot(channel: string): number | undefined {
    const limit = this.channelLimit;
    if (!limit) return undefined;
    const now = this.clock();
    const bucket = this.buckets.get(channel) ?? { tokens: limit.burst, updatedAt: now };
    const refilled = Math.min(limit.burst, bucket.tokens + (now - bucket.updatedAt) / limit.intervalMs);
    if (refilled < 1) {
      this.buckets.set(channel, { tokens: refilled, updatedAt: now });
      return limit.retryAfterSeconds;
    }
    this.buckets.set(channel, { tokens: refilled - 1, updatedAt: now });
    return undefined;
  }
}
