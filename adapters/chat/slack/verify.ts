// Slack request signing: v0 HMAC-SHA256 over "v0:{timestamp}:{raw body}", 5-minute window both ways.
// https://docs.slack.dev/authentication/verifying-requests-from-slack
import { createHmac, timingSafeEqual } from 'node:crypto';

/** Requests older or newer than this are refused, so a captured request cannot be replayed later. */
export const SLACK_SIGNATURE_WINDOW_SECONDS = 300;

export type VerifyResult = { ok: true } | { ok: false; reason: string };

export interface VerifyInput {
  signingSecret: string;
  /** `X-Slack-Request-Timestamp` header. */
  timestamp: string | null;
  /** `X-Slack-Signature` header. */
  signature: string | null;
  /** The exact request body as received, before any parsing. */
  rawBody: string;
  /** Milliseconds since the epoch (injectable clock). */
  nowMs: number;
}

/** The expected signature of a body. */
export function signSlackBody(signingSecret: string, timestamp: string, rawBody: string): string {
  return `v0=${createHmac('sha256', signingSecret).update(`v0:${timestamp}:${rawBody}`).digest('hex')}`;
}

/** Checks a request's signature and timestamp; never throws. */
export function verifySlackRequest(input: VerifyInput): VerifyResult {
  const { timestamp, signature } = input;
  if (!timestamp || !signature) return { ok: false, reason: 'missing signature headers' };
  if (!/^\d{1,12}$/.test(timestamp)) return { ok: false, reason: 'malformed timestamp' };
  const age = Math.abs(Math.floor(input.nowMs / 1000) - Number(timestamp));
  if (age > SLACK_SIGNATURE_WINDOW_SECONDS)
    return { ok: false, reason: 'timestamp outside the 5-minute window' };
  if (!signature.startsWith('v0=')) return { ok: false, reason: 'unknown signature version' };
  const expected = Buffer.from(signSlackBody(input.signingSecret, timestamp, input.rawBody));
  const given = Buffer.from(signature);
  // timingSafeEqual needs equal lengths; the length of a hex digest is no secret.
  if (given.length !== expected.length || !timingSafeEqual(given, expected))
    return { ok: false, reason: 'signature mismatch' };
  return { ok: true };
}
