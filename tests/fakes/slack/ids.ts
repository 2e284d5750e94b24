// Slack-shaped identifiers: message timestamps ("1712345678.000100") and C/D/V/Ev ids.
import type { Clock } from './types.ts';

/** Formats microseconds since the epoch as a Slack `ts` ("<seconds>.<6 digits>"). */
export function formatTs(micros: number): string {
  const seconds = Math.floor(micros / 1_000_000);
  const fraction = micros % 1_000_000;
  return `${seconds}.${String(fraction).padStart(6, '0')}`;
}

/** Parses a Slack `ts` into microseconds; NaN when it is not one. */
export function parseTs(ts: string): number {
  const match = /^(\d+)\.(\d{6})$/.exec(ts);
  if (!match) return Number.NaN;
  return Number(match[1]) * 1_000_000 + Number(match[2]);
}

/**
 * Hands out unique, strictly increasing `ts` values derived from the clock. Slack uses `ts` as the
 * message id within a channel, so two posts in the same millisecond must still differ.
 */
export class TsSource {
  private last = 0;

  constructor(private readonly clock: Clock) {}

  /** Next timestamp, never equal to or below a previous one. */
  next(): string {
    let micros = Math.floor(this.clock()) * 1000;
    if (micros <= this.last) micros = this.last + 100;
    this.last = micros;
    return formatTs(micros);
  }
}

/** Deterministic Slack-style ids: a prefix and ten upper-case base-36 characters. */
export class IdSource {
  private counter = 0;

  /** e.g. `next('D')` -> `D000000000A`. */
  next(prefix: string): string {
    this.counter += 1;
    return `${prefix}${this.counter.toString(36).toUpperCase().padStart(10, '0')}`;
  }

  /** Opaque token such as a trigger id or response URL id ("<digits>.<digits>.<hex>"). */
  opaque(clock: Clock): string {
    this.counter += 1;
    const random = Math.random().toString(16).slice(2, 14).padEnd(12, '0');
    return `${Math.floor(clock() / 1000)}.${this.counter}.${random}`;
  }
}
