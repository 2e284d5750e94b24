// First entry into a workspace declared by a file: a sign-in token for each declared owner who never had one.
import type { Principal } from '../model/workspace.ts';
import type { TokenMinter } from '../ports/token-minter.ts';
import type { ServiceContext } from './context.ts';

/** How long a first sign-in token lasts: long enough to sign in and issue proper tokens, short if leaked. */
export const FIRST_SIGN_IN_TTL_MS = 24 * 60 * 60 * 1000;

export interface IssuedToken {
  email: string;
  role: string;
  token: string;
  expiresAt: Date | null;
}

const settingKey = (p: Principal) => `bootstrap.owner.${p.id}`;

/**
 * Mints one token for every active workspace owner declared by the workspace file who has never held a token
 * (of any kind) and never received one this way. Runs once per owner: a restart prints nothing again, so the
 * token is shown exactly once. Audited as `token.create` by the service.
 */
export async function bootstrapOwnerTokens({
  ctx,
  minter,
}: {
  ctx: ServiceContext;
  minter: TokenMinter;
}): Promise<IssuedToken[]> {
  return ctx.store.transaction(async (store) => {
    // The same row lock as applying the workspace: replicas starting together mint for an owner once.
    await store.settings.set('workspace.bootstrap', { at: new Date(ctx.clock.now()).toISOString() });
    const issued: IssuedToken[] = [];
    for (const p of await store.principals.list()) {
      if (p.kind !== 'user' || !p.active || p.workspaceRole !== 'owner' || p.source !== 'workspace_file')
        continue;
      if (await store.settings.get(settingKey(p))) continue;
      if ((await store.tokens.listByPrincipal(p.id)).length > 0) continue;
      const token = minter.mint();
      const expiresAt = new Date(ctx.clock.now() + FIRST_SIGN_IN_TTL_MS);
      const info = await store.tokens.create({
        principalId: p.id,
        name: 'first sign-in',
        tokenHash: minter.hash(token),
        prefix: minter.prefix(token),
        source: 'api',
        expiresAt,
        createdBy: null,
      });
      await store.settings.set(settingKey(p), {
        tokenId: info.id,
        at: new Date(ctx.clock.now()).toISOString(),
      });
      await store.audit.append({
        actorId: ctx.actor.id,
        action: 'token.create',
        resourceType: 'principal',
        resourceId: p.email,
        details: {
          tokenId: info.id,
          name: info.name,
          expiresAt: expiresAt.toISOString(),
          via: 'first start',
        },
        requestId: ctx.requestId,
      });
      issued.push({ email: p.email, role: 'owner', token, expiresAt });
    }
    return issued;
  });
}
