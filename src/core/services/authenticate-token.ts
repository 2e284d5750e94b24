// Resolves an API token's hash to an active principal, or refuses.
import { unauthenticated } from '../errors.ts';
import type { Principal } from '../model/workspace.ts';
import type { Clock } from '../ports/clock.ts';
import type { Store } from '../ports/store.ts';

/** How fresh a token's last-use time is kept. */
const TOUCH_EVERY_MS = 60_000;

/** The principal a token belongs to; throws unauthenticated for unknown, revoked, expired or inactive. */
export async function authenticateToken({
  store,
  clock,
  tokenHash,
}: {
  store: Store;
  clock: Clock;
  tokenHash: string;
}): Promise<Principal> {
  const found = await store.tokens.findWithPrincipal(tokenHash);
  if (!found) throw unauthenticated('invalid or revoked API token');
  const { token, principal } = found;
  if (token.expiresAt && token.expiresAt.getTime() <= clock.now())
    throw unauthenticated(`API token expired at ${token.expiresAt.toISOString()}`);
  if (!principal.active || principal.kind !== 'user') throw unauthenticated('invalid or revoked API token');
  // The last use is kept to the minute (the store writes it only when older): a token used within the last
  // minute costs no write.
  const now = clock.now();
  if (!token.lastUsedAt || token.lastUsedAt.getTime() < now - TOUCH_EVERY_MS)
    await store.tokens.touch(token.id, new Date(now));
  return principal;
}
