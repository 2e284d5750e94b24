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

export function principalRepository(db: Db): PrincipalRepository {
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
      const [row] = await db
        .insert(principals)
        .values({ ...input, kind: 'user' })
        .returning();
      return toPrincipal(row!);
    },
    async update(id, patch) {
      await db
        .update(principals)
        .set({ ...patch, updatedAt: new Date() })
        .where(eq(principals.id, id));
    },
  };
}

export function apiTokenRepository(db: Db): ApiTokenRepository {
  return {
    async create(input) {
      const [row] = await db.insert(apiTokens).values(input).returning();
      return toToken(row!);
    },
    async get(id) {
      const [row] = await db.select().from(apiTokens).where(eq(apiTokens.id, id));
      return row ? toToken(row) : null;
    },
    async revokeAllOf(principalId) {
      const rows = await db
        .update(apiTokens)
        .set({ revokedAt: new Date() })
        .where(and(eq(apiTokens.principalId, principalId), isNull(apiTokens.revokedAt)))
        .returning({ id: apiTokens.id });
      return rows.length;
    },
    async findByHash(tokenHash) {
      const [row] = await db
        .select()
        .from(apiTokens)
        .where(and(eq(apiTokens.tokenHash, tokenHash), isNull(apiTokens.revokedAt)));
      return row ? toToken(row) : null;
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
      await db
        .update(apiTokens)
        .set({ revokedAt: new Date() })
        .where(and(eq(apiTokens.id, id), isNull(apiTokens.revokedAt)));
    },
    async touch(id, at) {
      const minuteAgo = new Date(at.getTime() - 60_000);
      await db
        .update(apiTokens)
        .set({ lastUsedAt: at })
        .where(
          and(eq(apiTokens.id, id), or(isNull(apiTokens.lastUsedAt), lt(apiTokens.lastUsedAt, minuteAgo))),
        );
    },
  };
}
