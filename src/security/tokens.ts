// API token minting and hashing: tokens are random, shown once, and stored only as SHA-256.
import { createHash, randomBytes } from 'node:crypto';
import type { TokenMinter } from '../core/ports/token-minter.ts';

export const TOKEN_PREFIX = 'bbt_';

/** A new random API token. */
export function mintToken(): string {
  return `${TOKEN_PREFIX}${randomBytes(24).toString('base64url')}`;
}

/** The stored form of a token. High-entropy tokens need no salt or slow hash. */
export function hashToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

/** The part of a token safe to display. */
export function tokenPrefix(token: string): string {
  return token.slice(0, Math.min(8, token.length));
}

/** The token minter the use cases are given. */
export const tokenMinter: TokenMinter = { mint: mintToken, hash: hashToken, prefix: tokenPrefix };
