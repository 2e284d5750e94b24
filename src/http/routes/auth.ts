// Web sign-in outside /api/v1: the sign-in page's settings, OpenID Connect login and callback, sign-out.
import { randomBytes } from 'node:crypto';
import { type Context, Hono } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import { DomainError } from '../../core/errors.ts';
import type { IdentityProvider } from '../../core/ports/identity-provider.ts';
import {
  beginSignIn,
  completeSignIn,
  endWebSession,
  SIGN_IN_REQUEST_TTL_MS,
  type SignInContext,
  SignInRefusedError,
} from '../../core/services/web-session.ts';
import { hashToken } from '../../security/tokens.ts';
import { errorResponse } from '../errors.ts';
import { checkCsrf, SESSION_COOKIE, sessionOf } from '../middleware/auth.ts';
import { type AppDeps, type AppEnv, contextOf, type WebAuthOptions } from '../types.ts';

/** Where the provider sends the browser back: PUBLIC_URL + this path is the redirect URI to register. */
export const OIDC_CALLBACK_PATH = '/auth/oidc/callback';
/** Binds a sign-in to the browser that started it, so a callback link cannot sign someone else in. */
const STATE_COOKIE = 'bb_oidc_state';
const STATE_COOKIE_PATH = '/auth/oidc';
const DEFAULT_SESSION_TTL_MS = 12 * 3_600_000;

export function authRoutes(deps: AppDeps) {
  const app = new Hono<AppEnv>();
  const provider = deps.auth?.provider ?? null;
  const settings: WebAuthOptions = deps.auth ?? {
    provider: null,
    sessionTtlMs: DEFAULT_SESSION_TTL_MS,
    autoCreate: false,
    publicUrl: '',
  };
  const secureOf = (c: Context) => new URL(settings.publicUrl || c.req.url).protocol === 'https:';
  // The web view lives at PUBLIC_URL's path (usually `/`); its routes are in the fragment.
  const webRoot = settings.publicUrl ? new URL(settings.publicUrl).pathname.replace(/\/$/, '') : '';
  const noStore = (c: Context) => c.header('Cache-Control', 'no-store');

  app.get('/auth/config', (c) =>
    c.json({ oidc: { enabled: provider !== null, name: provider?.name ?? null } }),
  );

  app.post('/auth/logout', async (c) => {
    noStore(c);
    let signedIn: Awaited<ReturnType<typeof sessionOf>> = null;
    try {
      signedIn = await sessionOf(deps, c);
    } catch (err) {
      // An expired or revoked session has nothing left to end; the cookie is cleared below all the same.
      if (!(err instanceof DomainError && err.code === 'unauthenticated')) throw err;
    }
    if (signedIn) {
      checkCsrf(deps, c, signedIn.session);
      c.set('principal', signedIn.principal);
      await endWebSession({ ctx: contextOf(deps, c), session: signedIn.session });
    }
    deleteCookie(c, SESSION_COOKIE, { path: '/', secure: secureOf(c), httpOnly: true, sameSite: 'Lax' });
    return c.body(null, 204);
  });

  if (provider) {
    const signInContext = (c: Context<AppEnv>, p: IdentityProvider): SignInContext => ({
      store: deps.store,
      clock: deps.clock,
      logger: deps.logger,
      requestId: c.get('requestId'),
      provider: p,
      sessionTtlMs: settings.sessionTtlMs,
      autoCreate: settings.autoCreate,
    });
    // Failures go back to the web view's sign-in page with a short code and a message, never as a 500.
    const refused = (c: Context<AppEnv>, err: unknown) => {
      const known = err instanceof SignInRefusedError;
      if (known) deps.logger.info({ reason: err.reason, requestId: c.get('requestId') }, 'sign-in refused');
      else deps.logger.error({ err, requestId: c.get('requestId') }, 'sign-in failed unexpectedly');
      const query = new URLSearchParams({
        error: known ? err.reason : 'internal',
        message: known ? err.message : 'Sign-in failed because of an internal error; try again.',
      });
      noStore(c);
      return c.redirect(`${webRoot}/#/signin?${query}`, 302);
    };

    app.get('/auth/oidc/login', async (c) => {
      try {
        const { url, state } = await beginSignIn({
          ctx: signInContext(c, provider),
          returnTo: c.req.query('returnTo'),
        });
        setCookie(c, STATE_COOKIE, state, {
          path: STATE_COOKIE_PATH,
          httpOnly: true,
          sameSite: 'Lax',
          secure: secureOf(c),
          maxAge: SIGN_IN_REQUEST_TTL_MS / 1000,
        });
        noStore(c);
        return c.redirect(url.href, 302);
      } catch (err) {
        return refused(c, err);
      }
    });

    app.get(OIDC_CALLBACK_PATH, async (c) => {
      const state = c.req.query('state');
      const bound = getCookie(c, STATE_COOKIE);
      deleteCookie(c, STATE_COOKIE, { path: STATE_COOKIE_PATH, secure: secureOf(c), httpOnly: true });
      try {
        if (!state || bound !== state)
          throw new SignInRefusedError(
            'invalid_state',
            'This sign-in was not started in this browser, or it expired; sign in again.',
          );
        // The redirect URI the provider knows is PUBLIC_URL's, whatever address the request reached us on.
        const callbackUrl = new URL(
          `${settings.publicUrl || new URL(c.req.url).origin}${OIDC_CALLBACK_PATH}`,
        );
        callbackUrl.search = new URL(c.req.url).search;
        const secret = randomBytes(32).toString('base64url');
        const started = await completeSignIn({
          ctx: signInContext(c, provider),
          state,
          callbackUrl,
          tokenHash: hashToken(secret),
        });
        setCookie(c, SESSION_COOKIE, secret, {
          path: '/',
          httpOnly: true,
          sameSite: 'Lax',
          secure: secureOf(c),
          maxAge: Math.max(0, Math.round((started.session.expiresAt.getTime() - deps.clock.now()) / 1000)),
        });
        noStore(c);
        return c.redirect(`${webRoot}/${started.returnTo}`, 302);
      } catch (err) {
        return refused(c, err);
      }
    });
  }

  // Without single sign-on its routes do not exist; nothing under /auth falls through to the web view.
  app.all('/auth/*', (c) => errorResponse(c, 404, 'not_found', `no route for ${c.req.method} ${c.req.path}`));
  return app;
}
