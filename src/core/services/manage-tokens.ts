// API tokens: a user's list, a new token (answered once, stored as its hash), revocation (refused at once).
import { z } from 'zod';
import { badRequest, conflict, notFound } from '../errors.ts';
import { type Principal, ROBOT_PRINCIPAL_ID } from '../model/workspace.ts';
import type { Clock } from '../ports/clock.ts';
import type { ApiTokenInfo, Store } from '../ports/store.ts';
import type { TokenMinter } from '../ports/token-minter.ts';
import {
  assertNotFileManaged,
  currentActor,
  lockAccess,
  managedBy,
  tokenName,
  userByEmail,
  workspaceFileLabel,
} from './access-shared.ts';
import type { ServiceContext } from './context.ts';
import { isoDateTime } from './input-shapes.ts';
import { actingRole, requireGrant } from './permissions.ts';

export interface TokenView {
  id: number;
  name: string;
  /** The first characters, to tell tokens apart. */
  prefix: string;
  status: 'active' | 'expired' | 'revoked';
  createdAt: Date;
  /** Email of who issued it; null for the workspace file, the demo and the operator's command line. */
  createdBy: string | null;
  expiresAt: Date | null;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
  managedBy: string | null;
}

export const createTokenInput = z.strictObject({
  name: tokenName,
  expiresAt: isoDateTime('expiresAt').optional(),
});

/** At most this many live tokens per user: enough for every script, few enough to review. */
export const MAX_LIVE_TOKENS = 50;

function statusOf(t: ApiTokenInfo, now: number): TokenView['status'] {
  if (t.revoked) return 'revoked';
  return t.expiresAt && t.expiresAt.getTime() <= now ? 'expired' : 'active';
}

async function viewsOf(store: Store, tokens: ApiTokenInfo[], now: number): Promise<TokenView[]> {
  const [people, file] = await Promise.all([store.principals.list(), workspaceFileLabel(store)]);
  return tokens.map((t) => ({
    id: t.id,
    name: t.name,
    prefix: t.prefix,
    status: statusOf(t, now),
    createdAt: t.createdAt,
    createdBy: people.find((p) => p.id === t.createdBy)?.email ?? null,
    expiresAt: t.expiresAt,
    lastUsedAt: t.lastUsedAt,
    revokedAt: t.revokedAt,
    managedBy: managedBy(t.source, file),
  }));
}

/** Own tokens for everyone; another user's for workspace owners (checked before the lookup). */
async function targetFor(
  ctx: ServiceContext,
  store: Store,
  email: string,
  actor: Principal = ctx.actor,
): Promise<Principal> {
  if (email.toLowerCase() !== actor.email.toLowerCase())
    requireGrant('tokens.others', actingRole(actor), "manage other users' tokens");
  return userByEmail(store, email);
}

/** A user's tokens, newest first, revoked and expired ones included. */
export async function listTokens({
  ctx,
  input,
}: {
  ctx: ServiceContext;
  input: { email: string };
}): Promise<{ tokens: TokenView[] }> {
  const target = await targetFor(ctx, ctx.store, input.email);
  const tokens = (await ctx.store.tokens.listByPrincipal(target.id)).sort((a, b) => b.id - a.id);
  return { tokens: await viewsOf(ctx.store, tokens, ctx.clock.now()) };
}

/** Issues a token for a user; the token is in this answer only. */
export async function createToken({
  ctx,
  minter,
  input,
}: {
  ctx: ServiceContext;
  minter: TokenMinter;
  input: { email: string; body: unknown };
}): Promise<{ token: string; info: TokenView }> {
  const body = createTokenInput.parse(input.body);
  return ctx.store.transaction(async (store) => {
    await lockAccess(store, ctx.clock.now());
    const target = await targetFor(ctx, store, input.email, await currentActor(store, ctx.actor));
    return issueToken(store, ctx.clock.now(), minter, target, body, {
      actorId: ctx.actor.id,
      requestId: ctx.requestId,
      via: 'api',
    });
  });
}

/**
 * The operator's command line on the service's machine: mints a token for any active user without a signed-in
 * actor (whoever can run it can read the store anyway). Audited as the service's own action.
 */
export async function mintTokenFromCommandLine({
  store,
  clock,
  minter,
  input,
}: {
  store: Store;
  clock: Clock;
  minter: TokenMinter;
  input: { email: string; body: unknown };
}): Promise<{ token: string; info: TokenView }> {
  const body = createTokenInput.parse(input.body);
  return store.transaction(async (tx) => {
    await lockAccess(tx, clock.now());
    const target = await userByEmail(tx, input.email);
    return issueToken(tx, clock.now(), minter, target, body, {
      actorId: ROBOT_PRINCIPAL_ID,
      requestId: null,
      via: 'command line',
    });
  });
}

async function issueToken(
  store: Store,
  now: number,
  minter: TokenMinter,
  target: Principal,
  body: z.infer<typeof createTokenInput>,
  by: { actorId: number; requestId: string | null; via: string },
): Promise<{ token: string; info: TokenView }> {
  if (body.expiresAt && body.expiresAt.getTime() <= now)
    throw badRequest(
      `expiresAt ${body.expiresAt.toISOString()} is in the past; give a later time or leave it out`,
    );
  if (!target.active) throw conflict(`${target.email} is deactivated; reactivate the user first`);
  const live = (await store.tokens.listByPrincipal(target.id)).filter((t) => statusOf(t, now) === 'active');
  if (live.length >= MAX_LIVE_TOKENS)
    throw conflict(`${target.email} holds ${live.length} live tokens already; revoke unused ones first`);
  const token = minter.mint();
  const info = await store.tokens.create({
    principalId: target.id,
    name: body.name,
    tokenHash: minter.hash(token),
    prefix: minter.prefix(token),
    source: 'api',
    expiresAt: body.expiresAt ?? null,
    createdBy: by.actorId === ROBOT_PRINCIPAL_ID ? null : by.actorId,
  });
  await store.audit.append({
    actorId: by.actorId,
    action: 'token.create',
    resourceType: 'principal',
    resourceId: target.email,
    details: {
      tokenId: info.id,
      name: info.name,
      expiresAt: info.expiresAt?.toISOString() ?? null,
      via: by.via,
    },
    requestId: by.requestId,
  });
  const [view] = await viewsOf(store, [info], now);
  return { token, info: view! };
}

/** Revokes a token; it stops authenticating at once. Tokens the workspace file grants are changed there. */
export async function revokeToken({
  ctx,
  input,
}: {
  ctx: ServiceContext;
  input: { tokenId: number };
}): Promise<{ token: TokenView }> {
  return ctx.store.transaction(async (store) => {
    await lockAccess(store, ctx.clock.now());
    const actor = await currentActor(store, ctx.actor);
    const token = await store.tokens.get(input.tokenId);
    // Refused before anything about someone else's token is told.
    const own = token?.principalId === actor.id;
    if (token && !own) requireGrant('tokens.others', actingRole(actor), "manage other users' tokens");
    if (!token) throw notFound(`no token with id ${input.tokenId}`);
    const owner = (await store.principals.get(token.principalId))!;
    assertNotFileManaged(token.source, `this token of ${owner.email}`, await workspaceFileLabel(store));
    if (token.revoked) throw conflict(`token ${token.prefix}… was revoked already`);
    await store.tokens.revoke(token.id);
    await store.audit.append({
      actorId: ctx.actor.id,
      action: 'token.revoke',
      resourceType: 'principal',
      resourceId: owner.email,
      details: { tokenId: token.id, name: token.name },
      requestId: ctx.requestId,
    });
    const [view] = await viewsOf(store, [(await store.tokens.get(token.id))!], ctx.clock.now());
    return { token: view! };
  });
}
