// Bearer-token authentication for /api/v1: hashes the token and lets the core resolve the principal.
import type { MiddlewareHandler } from 'hono';
import { unauthenticated } from '../../core/errors.ts';
import { authenticateToken } from '../../core/services/authenticate-token.ts';
import { hashToken } from '../../security/tokens.ts';
import type { AppDeps, AppEnv } from '../types.ts';

/** Requires `Authorization: Bearer <token>` and sets the principal on the context. */
export function requirePrincipal(deps: AppDeps): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const header = c.req.header('authorization') ?? '';
    const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
    if (!match) throw unauthenticated('missing Authorization: Bearer <token> header');
    const principal = await authenticateToken({
      store: deps.store,
      clock: deps.clock,
      tokenHash: hashToken(match[1]!),
    });
    c.set('principal', principal);
    await next();
  };
}
