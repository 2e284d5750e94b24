// Principal and API token repositories over drizzle.
import { and, asc, eq, isNull, lt, or, sql } from 'drizzle-orm';
import type { EntitySource, Principal, WorkspaceRole } from '../../src/core/model/workspace.ts';
import type { ApiTokenInfo, ApiTokenRepository, PrincipalRepository } from '../../src/core/ports/store.ts';
import type { Db } from '../client.ts';
import { apiTokens, principals } from '../schema/index.ts';

type PrincipalRow = typeof principals.$inferSelect;
type TokenRow = typeof apiTokens.$inferSelect;

const toPrincipal = (r: PrincipalRow): Principal => ({
  id: r.id,
  kind: r.kind === 'robot' ? 'robot' : 'user',
  email: r.email,
  name: r.name,
  workspaceRole: r.workspaceRole as WorkspaceRole,
  active: r.active,
  source: r.source as EntitySource,
});

const toToken = (r: TokenRow): ApiTokenInfo => ({
  id: r.id,
  principalId: r.principalId,
  name: r.name,
  prefix: r.prefix,
  tokenHash: r.tokenHash,
  source: r.source as EntitySource,
  revoked: r.revokedAt !== null,
  createdAt: r.createdAt,
  createdBy: r.createdBy,
  expiresAt: r.expiresAt,
  lastUsedAt: r.lastUsedAt,
  revokedAt: r.revokedAt,
});

type TokenWithPrincipal = { token: ApiTokenInfo; principal: Principal };

/**
 * Token lookups remembered by the embedded store. That store belongs to one process (nothing else can write it),
 * and every write that could change a lookup's answer passes through these repositories and forgets what was
 * remembered, so a revocation, a deactivation or a role change counts from the next request on. Only lookups
 * made outside a transaction are remembered: a transaction's reads may be rolled back. PostgreSQL stores are
 * shared by replicas that could not tell each other, so they are never cached.
 */
export class TokenLookupCache {
  private readonly entries = new Map<string, { value: TokenWithPrincipal; until: number }>();
  /** Bumped by every write, before and after it: a lookup that overlapped a write is not remembered. */
  private generation = 0;
  /** A backstop only; writes forget entries at once. */
  static readonly TTL_MS = 30_000;
  private static readonly MAX = 10_000;

  get(tokenHash: string): TokenWithPrincipal | undefined {
    const e = this.entries.get(tokenHash);
    if (!e) return undefined;
    if (e.until < Date.now()) {
      this.entries.delete(tokenHash);
      return undefined;
    }
    return e.value;
  }

  /** The generation a lookup starts in, to hand back to `set`. */
  now(): number {
    return this.generation;
  }

  set(tokenHash: string, value: TokenWithPrincipal, startedIn: number): void {
    if (startedIn !== this.generation) return;
    if (this.entries.size >= TokenLookupCache.MAX) this.entries.clear();
    this.entries.set(tokenHash, { value, until: Date.now() + TokenLookupCache.TTL_MS });
  }

  /** Runs a write to principals or tokens, forgetting everything remembered before and after it. */
  async writing<T>(write: () => Promise<T>): Promise<T> {
    this.generation++;
    this.entries.clear();
    try {
      return await write();
    } finally {
      this.generation++;
      this.entries.clear();
    }
  }

  /** Keeps a remembered token's last use in step with the write that recorded it. */
  touched(id: number, at: Date): void {
    for (const e of this.entries.values())
      if (e.value.token.id === id) e.value = { ...e.value, token: { ...e.value.token, lastUsedAt: at } };
  }
}

/** Runs a write through the cache's bookkeeping when there is a cache. */
const writer =
  (cache: TokenLookupCache | undefined) =>
  <T>(fn: () => Promise<T>): Promise<T> =>
    cache ? cache.writing(fn) : fn();

export function principalRepository(db: Db, cache?: TokenLookupCache): PrincipalRepository {
  const write = writer(cache);
  return {
    async get(id) {
      const [row] = await db.select().from(principals).where(eq(principals.id, id));
      return row ? toPrincipal(row) : null;
    },
    async findByEmail(email) {
      const [row] = await db
        .select()
        .from(principals)
        .where(sql`lower(${principals.email}) = ${email.toLowerCase()}`);
      return row ? toPrincipal(row) : null;
    },
    async list() {
      return (await db.select().from(principals).orderBy(asc(principals.id))).map(toPrincipal);
    },
    async create(input) {
      const [row] = await write(() =>
        db
          .insert(principals)
          .values({ ...input, kind: 'user' })
          .returning(),
      );
      return toPrincipal(row!);
    },
    async update(id, patch) {
      await write(() =>
        db
          .update(principals)
          .set({ ...patch, updatedAt: new Date() })
          .where(eq(principals.id, id)),
      );
    },
  };
}

/** `cache`: the embedded store's token lookups; `remember`: false inside a transaction. */
export function apiTokenRepository(db: Db, cache?: TokenLookupCache, remember = false): ApiTokenRepository {
  const write = writer(cache);
  return {
    async create(input) {
      const [row] = await write(() => db.insert(apiTokens).values(input).returning());
      return toToken(row!);
    },
    async get(id) {
      const [row] = await db.select().from(apiTokens).where(eq(apiTokens.id, id));
      return row ? toToken(row) : null;
    },
    async revokeAllOf(principalId) {
      const rows = await write(() =>
        db
          .update(apiTokens)
          .set({ revokedAt: new Date() })
          .where(and(eq(apiTokens.principalId, principalId), isNull(apiTokens.revokedAt)))
          .returning({ id: apiTokens.id }),
      );
      return rows.length;
    },
    async findByHash(tokenHash) {
      const [row] = await db
        .select()
        .from(apiTokens)
        .where(and(eq(apiTokens.tokenHash, tokenHash), isNull(apiTokens.revokedAt)));
      return row ? toToken(row) : null;
    },
    async findWithPrincipal(tokenHash) {
      const known = remember ? cache?.get(tokenHash) : undefined;
      if (known) return known;
      const startedIn = cache?.now() ?? 0;
      const [row] = await db
        .select({ token: apiTokens, principal: principals })
        .from(apiTokens)
        .innerJoin(principals, eq(principals.id, apiTokens.principalId))
        .where(and(eq(apiTokens.tokenHash, tokenHash), isNull(apiTokens.revokedAt)));
      if (!row) return null;
      const found = { token: toToken(row.token), principal: toPrincipal(row.principal) };
      if (remember) cache?.set(tokenHash, found, startedIn);
      return found;
    },
    async listByPrincipal(principalId) {
      return (
        await db
          .select()
          .from(apiTokens)
          .where(eq(apiTokens.principalId, principalId))
          .orderBy(asc(apiTokens.id))
      ).map(toToken);
    },
    async revoke(id) {
      await write(() =>
        db
          .update(apiTokens)
          .set({ revokedAt: new Date() })
          .where(and(eq(apiTokens.id, id), isNull(apiTokens.revokedAt))),
      );
    },
    async touch(id, at) {
      const minuteAgo = new Date(at.getTime() - 60_000);
      await db
        .update(apiTokens)
        .set({ lastUsedAt: at })
        .where(
          and(eq(apiTokens.id, id), or(isNull(apiTokens.lastUsedAt), lt(apiTokens.lastUsedAt, minuteAgo))),
        );
      cache?.touched(id, at);
    },
  };
}
