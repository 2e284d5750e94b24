// Web sessions: sign-in through the identity provider, session cookies resolved to principals, sign-out; all audited.
import { createHash, randomBytes } from 'node:crypto';
import { sqlStateOf, unauthenticated } from '../errors.ts';
import type { Principal } from '../model/workspace.ts';
import type { Clock, Logger } from '../ports/clock.ts';
import {
  type IdentityClaims,
  type IdentityProvider,
  IdentityProviderError,
  type IdentityProviderErrorKind,
} from '../ports/identity-provider.ts';
import type { Store, WebSession } from '../ports/store.ts';
import type { ServiceContext } from './context.ts';

/** How long a sign-in may take at the provider before its state is forgotten. */
export const SIGN_IN_REQUEST_TTL_MS = 10 * 60_000;

/** Why a sign-in was refused; the short code the web view receives. */
export type SignInRefusal =
  | 'invalid_state'
  | 'provider_denied'
  | 'provider_error'
  | 'provider_unavailable'
  | 'no_email'
  | 'email_unverified'
  | 'unknown_user'
  | 'deactivated';

/** A refused sign-in; the message is meant for the person signing in. */
export class SignInRefusedError extends Error {
  constructor(
    readonly reason: SignInRefusal,
    message: string,
  ) {
    super(message);
    this.name = 'SignInRefusedError';
  }
}

/** What a sign-in needs: there is no actor yet, the provider decides who it is. */
export interface SignInContext {
  store: Store;
  clock: Clock;
  logger: Logger;
  requestId: string | null;
  provider: IdentityProvider;
  /** How long a session lasts from sign-in. */
  sessionTtlMs: number;
  /** Whether unknown verified emails are created as workspace developers. */
  autoCreate: boolean;
}

/** The web view route to land on: only `#/…` routes of the web view are accepted, anything else is `#/`. */
export function safeReturnTo(value: string | null | undefined): string {
  if (!value || value.length > 512 || !/^#\/[\x21-\x7e]*$/.test(value)) return '#/';
  return value;
}

const random = () => randomBytes(32).toString('base64url');

const PROVIDER_REFUSAL: Record<IdentityProviderErrorKind, SignInRefusal> = {
  denied: 'provider_denied',
  invalid_response: 'provider_error',
  unavailable: 'provider_unavailable',
};

function providerRefusal(ctx: SignInContext, err: IdentityProviderError): SignInRefusedError {
  return new SignInRefusedError(
    PROVIDER_REFUSAL[err.kind],
    `${ctx.provider.name} sign-in failed: ${err.message}`,
  );
}

/**
 * Starts a sign-in: a fresh state, nonce and PKCE verifier are stored for 10 minutes and the provider's
 * authorization URL is answered, with the state the caller binds to the browser.
 */
export async function beginSignIn({
  ctx,
  returnTo,
}: {
  ctx: SignInContext;
  returnTo: string | null | undefined;
}): Promise<{ url: URL; state: string }> {
  const state = random();
  const nonce = random();
  const codeVerifier = random();
  const codeChallenge = createHash('sha256').update(codeVerifier).digest('base64url');
  let url: URL;
  try {
    url = await ctx.provider.authorizationUrl({ state, nonce, codeChallenge });
  } catch (err) {
    if (err instanceof IdentityProviderError) throw providerRefusal(ctx, err);
    throw err;
  }
  await ctx.store.authRequests.create({
    state,
    nonce,
    codeVerifier,
    returnTo: safeReturnTo(returnTo),
    expiresAt: new Date(ctx.clock.now() + SIGN_IN_REQUEST_TTL_MS),
  });
  return { url, state };
}

export interface StartedSession {
  principal: Principal;
  session: WebSession;
  /** Where the web view continues: a `#/…` route. */
  returnTo: string;
}

/**
 * Finishes a sign-in at the provider's callback: takes the stored request of `state` once, exchanges the code,
 * and starts a session stored under `tokenHash` (the hash of the cookie secret the caller sets).
 */
export async function completeSignIn({
  ctx,
  state,
  callbackUrl,
  tokenHash,
}: {
  ctx: SignInContext;
  state: string | null | undefined;
  callbackUrl: URL;
  tokenHash: string;
}): Promise<StartedSession> {
  const request = state ? await ctx.store.authRequests.take(state, new Date(ctx.clock.now())) : null;
  if (!request)
    throw new SignInRefusedError(
      'invalid_state',
      'This sign-in is unknown, expired or was already completed; sign in again.',
    );
  let claims: IdentityClaims;
  try {
    claims = await ctx.provider.exchange(callbackUrl, {
      state: request.state,
      nonce: request.nonce,
      codeVerifier: request.codeVerifier,
    });
  } catch (err) {
    if (!(err instanceof IdentityProviderError)) throw err;
    const refusal = providerRefusal(ctx, err);
    await auditRefusal(ctx.store, ctx, refusal, null);
    throw refusal;
  }
  const started = await startWebSession({ ctx, claims, tokenHash });
  return { ...started, returnTo: safeReturnTo(request.returnTo) };
}

async function auditRefusal(
  store: Store,
  ctx: SignInContext,
  refusal: SignInRefusedError,
  email: string | null,
): Promise<void> {
  await store.audit.append({
    actorId: null,
    action: 'session.refused',
    resourceType: 'principal',
    resourceId: email,
    details: { provider: ctx.provider.kind, reason: refusal.reason, email, message: refusal.message },
    requestId: ctx.requestId,
  });
}

/** Who the claims name, or why they may not sign in; creates unknown verified users when auto-create is on. */
async function principalFor(
  store: Store,
  ctx: SignInContext,
  claims: IdentityClaims,
): Promise<Principal | SignInRefusedError> {
  const provider = ctx.provider.name;
  if (!claims.email)
    return new SignInRefusedError(
      'no_email',
      `${provider} did not share an email address; the application needs the email scope.`,
    );
  if (!claims.emailVerified)
    return new SignInRefusedError(
      'email_unverified',
      `The email ${claims.email} is not verified at ${provider}; verify it there and sign in again.`,
    );
  const known = await store.principals.findByEmail(claims.email);
  if (known && known.kind !== 'user')
    return new SignInRefusedError('unknown_user', `${claims.email} cannot sign in to the web view.`);
  if (known && !known.active)
    return new SignInRefusedError(
      'deactivated',
      `The user ${known.email} is deactivated; ask a workspace owner to reactivate it.`,
    );
  if (known) return known;
  if (!ctx.autoCreate)
    return new SignInRefusedError(
      'unknown_user',
      `No user with email ${claims.email} in this workspace; ask a workspace owner to add you.`,
    );
  const name = claims.name?.trim() || claims.email.split('@')[0]!;
  const created = await store.principals.create({
    email: claims.email,
    name: name.slice(0, 200),
    workspaceRole: 'developer',
    source: 'api',
  });
  await store.audit.append({
    actorId: null,
    action: 'user.create',
    resourceType: 'principal',
    resourceId: created.email,
    details: { name: created.name, role: created.workspaceRole, via: `${ctx.provider.kind} sign-in` },
    requestId: ctx.requestId,
  });
  return created;
}

/**
 * Starts a session for the verified claims in one transaction with its audit row: `session.start`, or
 * `session.refused` (then throws SignInRefusedError) for a missing or unverified email, an unknown user
 * (unless auto-create is on) and a deactivated one.
 */
export async function startWebSession({
  ctx,
  claims,
  tokenHash,
}: {
  ctx: SignInContext;
  claims: IdentityClaims;
  tokenHash: string;
}): Promise<{ principal: Principal; session: WebSession }> {
  const attempt = () =>
    ctx.store.transaction(async (store) => {
      const found = await principalFor(store, ctx, claims);
      if (found instanceof SignInRefusedError) {
        await auditRefusal(store, ctx, found, claims.email);
        return found;
      }
      const now = ctx.clock.now();
      const session = await store.sessions.create({
        principalId: found.id,
        tokenHash,
        csrfToken: random(),
        expiresAt: new Date(now + ctx.sessionTtlMs),
      });
      await store.audit.append({
        actorId: found.id,
        action: 'session.start',
        resourceType: 'principal',
        resourceId: found.email,
        details: { provider: ctx.provider.kind, subject: claims.subject, sessionId: session.id },
        requestId: ctx.requestId,
      });
      return { principal: found, session };
    });
  let result: Awaited<ReturnType<typeof attempt>>;
  try {
    result = await attempt();
  } catch (err) {
    // Two first sign-ins of one new email at once: the loser finds the user the winner created.
    if (sqlStateOf(err) !== '23505') throw err;
    result = await attempt();
  }
  if (result instanceof SignInRefusedError) throw result;
  return result;
}

/** The principal and live session of a session cookie's hash; throws unauthenticated otherwise. */
export async function authenticateSession({
  store,
  clock,
  tokenHash,
}: {
  store: Store;
  clock: Clock;
  tokenHash: string;
}): Promise<{ principal: Principal; session: WebSession }> {
  const now = new Date(clock.now());
  const session = await store.sessions.findLive(tokenHash, now);
  if (!session) throw unauthenticated('session expired or signed out; sign in again');
  const principal = await store.principals.get(session.principalId);
  if (!principal?.active || principal.kind !== 'user')
    throw unauthenticated('session expired or signed out; sign in again');
  await store.sessions.touch(session.id, now);
  return { principal, session };
}

/** Signs out: the session stops authenticating at once; audited as `session.end`. */
export async function endWebSession({
  ctx,
  session,
}: {
  ctx: ServiceContext;
  session: WebSession;
}): Promise<void> {
  await ctx.store.transaction(async (store) => {
    await store.sessions.revoke(session.id);
    await store.audit.append({
      actorId: ctx.actor.id,
      action: 'session.end',
      resourceType: 'principal',
      resourceId: ctx.actor.email,
      details: { sessionId: session.id, reason: 'sign_out' },
      requestId: ctx.requestId,
    });
  });
}
