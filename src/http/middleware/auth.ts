// Authentication for /api/v1: a bearer API token, or else the web session cookie with CSRF checks on writes.
import { createHash, timingSafeEqual } from 'node:crypto';
import type { Context, MiddlewareHandler } from 'hono';
import { getCookie } from 'hono/cookie';
import { forbidden, unauthenticated } from '../../core/errors.ts';
import type { WebSession } from '../../core/ports/store.ts';
import { authenticateToken } from '../../core/services/authenticate-token.ts';
import { authenticateSession } from '../../core/services/web-session.ts';
import { hashToken } from '../../security/tokens.ts';
import type { AppDeps, AppEnv } from '../types.ts';

/** The web session cookie: a random secret; the store keeps only its SHA-256. */
export const SESSION_COOKIE = 'bb_session';
/** The header a cookie-authenticated write carries: the session's csrfToken from GET /api/v1/me. */
export const CSRF_HEADER = 'X-CSRF-Token';

const UNSAFE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** The origin the web view is served from: PUBLIC_URL's, or the request's own when none is configured. */
function expectedOrigin(deps: AppDeps, c: Context): string {
  return new URL(deps.auth?.publicUrl ?? c.req.url).origin;
}

/** Equal strings in time independent of where they differ (both are hashed to one length first). */
function sameSecret(a: string, b: string): boolean {
  const digest = (v: string) => createHash('sha256').update(v, 'utf8').digest();
  return timingSafeEqual(digest(a), digest(b));
}

/**
 * A browser sends the session cookie with any request to this host, forms of other sites included, so a
 * cookie-authenticated write must prove it comes from the web view: no foreign Origin, and the session's CSRF token.
 */
export function checkCsrf(deps: AppDeps, c: Context, session: WebSession): void {
  if (!UNSAFE_METHODS.has(c.req.method)) return;
  const origin = c.req.header('origin');
  const expected = expectedOrigin(deps, c);
  if (origin !== undefined && origin !== expected)
    throw forbidden(
      `Origin ${origin} is not ${expected}: requests authenticated by the session cookie must come from the web view`,
    );
  const token = c.req.header(CSRF_HEADER);
  if (!token)
    throw forbidden(
      `missing ${CSRF_HEADER} header: requests authenticated by the session cookie must send the session's csrfToken (GET /api/v1/me)`,
    );
  if (!sameSecret(token, session.csrfToken))
    throw forbidden(`wrong ${CSRF_HEADER} header: it does not match this session's csrfToken`);
}

/** The live session of the request's cookie, or null when there is no cookie; throws for a dead one. */
export async function sessionOf(deps: AppDeps, c: Context) {
  const secret = getCookie(c, SESSION_COOKIE);
  if (!secret) return null;
  return authenticateSession({ store: deps.store, clock: deps.clock, tokenHash: hashToken(secret) });
}

/**
 * Requires `Authorization: Bearer <token>` or, without an Authorization header, a live session cookie, and sets
 * the principal and the session on the context. The Authorization header wins when both are sent.
 */
export function requirePrincipal(deps: AppDeps): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const header = c.req.header('authorization');
    if (header === undefined) {
      const signedIn = await sessionOf(deps, c);
      if (signedIn) {
        checkCsrf(deps, c, signedIn.session);
        c.set('principal', signedIn.principal);
        c.set('session', signedIn.session);
        await next();
        return;
      }
    }
    const match = /^Bearer\s+(\S+)\s*$/i.exec(header ?? '');
    if (!match) throw unauthenticated('missing Authorization: Bearer <token> header');
    const principal = await authenticateToken({
      store: deps.store,
      clock: deps.clock,
      tokenHash: hashToken(match[1]!),
    });
    c.set('principal', principal);
    c.set('session', null);
    await next();
  };
}
