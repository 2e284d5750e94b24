// Feishu/Lark inbound checks: signature and timestamp window (when an encrypt key is set), decryption, token.
// https://open.feishu.cn/document/server-docs/event-subscription-guide/event-subscription-configure-/encrypt-key-encryption-configuration-case
import { createHash, timingSafeEqual } from 'node:crypto';
import { AESCipher } from '@larksuiteoapi/node-sdk';

/** Requests older or newer than this are refused, so a captured request cannot be replayed later. */
export const FEISHU_SIGNATURE_WINDOW_SECONDS = 300;

export type VerifyResult = { ok: true } | { ok: false; reason: string };

export interface SignatureInput {
  encryptKey: string;
  /** `X-Lark-Request-Timestamp` header (unix seconds). */
  timestamp: string | null;
  /** `X-Lark-Request-Nonce` header. */
  nonce: string | null;
  /** `X-Lark-Signature` header. */
  signature: string | null;
  /** The exact request body as received, before any parsing. */
  rawBody: string;
  /** Milliseconds since the epoch (injectable clock). */
  nowMs: number;
}

/** The expected signature: hex SHA-256 of timestamp + nonce + encrypt key + raw body. */
export function signFeishuBody(
  encryptKey: string,
  timestamp: string,
  nonce: string,
  rawBody: string,
): string {
  return createHash('sha256').update(`${timestamp}${nonce}${encryptKey}${rawBody}`).digest('hex');
}

/** Compares two secrets in constant time, whatever their lengths (hashing first hides the length too). */
export function sameSecret(expected: string, given: string): boolean {
  const a = createHash('sha256').update(expected).digest();
  const b = createHash('sha256').update(given).digest();
  return timingSafeEqual(a, b);
}

/**
 * Checks the signature over the raw body and the timestamp window; never throws. The SDK signs
 * `JSON.stringify(parsed)` instead of the bytes received, so a reordered or re-spaced body would pass there;
 * here only the exact bytes do.
 */
export function verifyFeishuSignature(input: SignatureInput): VerifyResult {
  const { timestamp, nonce, signature } = input;
  if (!timestamp || nonce === null || !signature) return { ok: false, reason: 'missing signature headers' };
  if (!/^\d{1,12}$/.test(timestamp)) return { ok: false, reason: 'malformed timestamp' };
  const age = Math.abs(Math.floor(input.nowMs / 1000) - Number(timestamp));
  if (age > FEISHU_SIGNATURE_WINDOW_SECONDS)
    return { ok: false, reason: 'timestamp outside the 5-minute window' };
  const expected = Buffer.from(signFeishuBody(input.encryptKey, timestamp, nonce, input.rawBody));
  const given = Buffer.from(signature.toLowerCase());
  // timingSafeEqual needs equal lengths; the length of a hex digest is no secret.
  if (given.length !== expected.length || !timingSafeEqual(given, expected))
    return { ok: false, reason: 'signature mismatch' };
  return { ok: true };
}

/**
 * Decrypts an `{"encrypt": "..."}` body (AES-256-CBC, key SHA-256(encrypt key), IV the first 16 bytes) and
 * parses the JSON inside; null when the key is wrong or the plaintext is not a JSON object.
 */
export function decryptFeishuBody(encryptKey: string, encrypted: string): Record<string, unknown> | null {
  try {
    const value = JSON.parse(new AESCipher(encryptKey).decrypt(encrypted)) as unknown;
    return typeof value === 'object' && value !== null && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : null;
  } catch {
    return null;
  }
}

/**
 * The verification token a body carries: `header.token` in schema 2.0 events and callbacks, the top-level
 * `token` in 1.0 events and the URL challenge. The SDK's dispatcher never compares it, so this adapter does.
 */
export function tokenOf(body: Record<string, unknown>): string | null {
  const header = body.header;
  if (body.schema === '2.0' && typeof header === 'object' && header !== null) {
    const token = (header as Record<string, unknown>).token;
    return typeof token === 'string' ? token : null;
  }
  return typeof body.token === 'string' ? body.token : null;
}

/** Whether the body's verification token is the app's. */
export function verifyFeishuToken(expected: string, body: Record<string, unknown>): VerifyResult {
  const token = tokenOf(body);
  if (token === null) return { ok: false, reason: 'no verification token' };
  return sameSecret(expected, token) ? { ok: true } : { ok: false, reason: 'verification token mismatch' };
}
