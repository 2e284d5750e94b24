// Rate limiting as Feishu answers it: injected frequency-control answers and the per-message update limit.
// https://open.feishu.cn/document/server-docs/api-call-guide/frequency-control
import type { Clock } from './types.ts';

interface RateLimitInjection {
  method: string;
  path?: RegExp;
  remaining: number;
  retryAfterSeconds: number;
  status: 429 | 400;
}

/** Injected 99991400 answers per method/path, and the optional 5-per-second limit on updating one message. */
export class FeishuLimits {
  /** How many rate-limit answers were given (injected ones and per-message ones). */
  count = 0;
  private readonly injections: RateLimitInjection[] = [];
  private perMessage: number | undefined;
  private readonly updates = new Map<string, number[]>();

  constructor(private readonly clock: Clock) {}

  inject(
    match: { method: string; path?: RegExp },
    options: { count: number; retryAfterSeconds: number; status?: 429 | 400 },
  ): void {
    this.injections.push({
      method: match.method.toUpperCase(),
      ...(match.path ? { path: match.path } : {}),
      remaining: options.count,
      retryAfterSeconds: options.retryAfterSeconds,
      status: options.status ?? 429,
    });
  }

  /** Consumes a matching injection; returns its answer's parameters, or undefined when the call may go ahead. */
  take(method: string, path: string): { retryAfterSeconds: number; status: 429 | 400 } | undefined {
    const injection = this.injections.find(
      (i) => i.remaining > 0 && i.method === method.toUpperCase() && (!i.path || i.path.test(path)),
    );
    if (!injection) return undefined;
    injection.remaining -= 1;
    this.count += 1;
    return { retryAfterSeconds: injection.retryAfterSeconds, status: injection.status };
  }

  /** `true` = Feishu's 5 updates per second per message, a number = that many, `false` = off. */
  setPerMessage(perSecond: number | boolean): void {
    this.perMessage = perSecond === true ? 5 : perSecond === false ? undefined : perSecond;
    this.updates.clear();
  }

  /** Takes one update slot of a message; false when it was updated too often in the last second. */
  takeMessageSlot(messageId: string): boolean {
    if (this.perMessage === undefined) return true;
    const now = this.clock();
    const recent = (this.updates.get(messageId) ?? []).filter((at) => now - at < 1000);
    const allowed = recent.length < this.perMessage;
    if (allowed) recent.push(now);
    else this.count += 1;
    this.updates.set(messageId, recent);
    return allowed;
  }
}
