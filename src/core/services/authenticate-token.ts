// Resolves an API token's hash to an active principal, or refuses.
import { unauthenticated } from '../errors.ts';
import type { Principal } from '../model/workspace.ts';
import type { Clock } from '../ports/clock.ts';
import type { Store } from '../ports/store.ts';

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
  const token = await store.tokens.findByHash(tokenHash);
  if (!token) throw unauthenticated('invalid or revoked API token');
  if (token.expiresAt && token.expiresAt.getTime() <= clock.now())
    throw unauthenticated(`API token expired at ${token.expiresAt.toISOString()}`);
  const principal = await store.principals.get(token.principalId);
  if (!principal?.active || principal.kind !== 'user') throw unauthenticated('invalid or revoked API token');
  await store.tokens.touch(token.id, new Date(clock.now()));
  return principal;
}
