// RS256 JSON Web Tokens and JWKS entries with node:crypto only: the fake's signing keys and token checks.
import { createSign, createVerify, generateKeyPairSync, type KeyObject } from 'node:crypto';

/** An RSA key pair with the key id it is published under. */
export interface SigningKey {
  kid: string;
  privateKey: KeyObject;
  publicKey: KeyObject;
}

/** One entry of a JWKS document, as login.botframework.com publishes them. */
export interface Jwk {
  kty: 'RSA';
  use: 'sig';
  kid: string;
  n: string;
  e: string;
  endorsements?: string[];
}

function newKey(kid: string): SigningKey {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  return { kid, privateKey, publicKey };
}

let shared:
  | { channel: SigningKey; unknown: SigningKey; unendorsed: SigningKey; entra: SigningKey }
  | undefined;

/**
 * Keys shared by every fake in the process (RSA generation is slow). `unknown` carries the channel key's kid
 * but is never published; `entra` signs the access tokens the token endpoint issues, so a token cached by
 * botbuilder stays valid at a later fake in the same process, as an Entra token is valid at any connector.
 */
export function fakeKeys(): NonNullable<typeof shared> {
  if (!shared) {
    const channel = newKey('teams-fake-channel-1');
    shared = {
      channel,
      unknown: { ...newKey(channel.kid), kid: channel.kid },
      unendorsed: newKey('teams-fake-webchat-1'),
      entra: newKey('teams-fake-entra-1'),
    };
  }
  return shared;
}

/** The public half of a key as a JWK (`n`, `e` base64url, as KeyObject exports them). */
export function toJwk(key: SigningKey, endorsements?: string[]): Jwk {
  const jwk = key.publicKey.export({ format: 'jwk' }) as { n?: string; e?: string };
  if (!jwk.n || !jwk.e) throw new Error('not an RSA key');
  return {
    kty: 'RSA',
    use: 'sig',
    kid: key.kid,
    n: jwk.n,
    e: jwk.e,
    ...(endorsements ? { endorsements } : {}),
  };
}

const b64url = (value: Buffer | string) => Buffer.from(value).toString('base64url');

/** Signs `payload` with RS256 under `header.kid`. */
export function signJwt(payload: Record<string, unknown>, key: KeyObject, kid: string): string {
  const head = b64url(JSON.stringify({ alg: 'RS256', typ: 'JWT', kid }));
  const body = b64url(JSON.stringify(payload));
  const signature = createSign('RSA-SHA256').update(`${head}.${body}`).sign(key);
  return `${head}.${body}.${b64url(signature)}`;
}

/** Decodes a JWT without checking it; undefined when it is not three base64url JSON parts. */
export function decodeJwt(
  token: string,
):
  | { header: Record<string, unknown>; payload: Record<string, unknown>; signed: string; signature: Buffer }
  | undefined {
  const parts = token.split('.');
  if (parts.length !== 3) return undefined;
  const [head, body, signature] = parts as [string, string, string];
  try {
    const header = JSON.parse(Buffer.from(head, 'base64url').toString('utf8')) as unknown;
    const payload = JSON.parse(Buffer.from(body, 'base64url').toString('utf8')) as unknown;
    if (typeof header !== 'object' || header === null || typeof payload !== 'object' || payload === null) {
      return undefined;
    }
    return {
      header: header as Record<string, unknown>,
      payload: payload as Record<string, unknown>,
      signed: `${head}.${body}`,
      signature: Buffer.from(signature, 'base64url'),
    };
  } catch {
    return undefined;
  }
}

/** Verifies an RS256 signature; returns the payload when it holds. */
export function verifyJwt(token: string, key: SigningKey): Record<string, unknown> | undefined {
  const decoded = decodeJwt(token);
  if (decoded?.header.alg !== 'RS256' || decoded.header.kid !== key.kid) return undefined;
  const ok = createVerify('RSA-SHA256').update(decoded.signed).verify(key.publicKey, decoded.signature);
  return ok ? decoded.payload : undefined;
}
