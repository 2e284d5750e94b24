// Web session and sign-in request repositories over drizzle.
import { and, eq, gt, isNull, lt, or } from 'drizzle-orm';
import type { AuthRequestRepository, WebSessionRepository } from '../../src/core/ports/store.ts';
import type { Db } from '../client.ts';
import { authRequests, webSessions } from '../schema/index.ts';

export function webSessionRepository(db: Db): WebSessionRepository {
  return {
    async create(input) {
      const [row] = await db.insert(webSessions).values(input).returning();
      const r = row!;
      return {
        id: r.id,
        principalId: r.principalId,
        csrfToken: r.csrfToken,
        createdAt: r.createdAt,
        expiresAt: r.expiresAt,
      };
    },
    async findLive(tokenHash, now) {
      const [r] = await db
        .select()
        .from(webSessions)
        .where(
          and(
            eq(webSessions.tokenHash, tokenHash),
            isNull(webSessions.revokedAt),
            gt(webSessions.expiresAt, now),
          ),
        );
      return r
        ? {
            id: r.id,
            principalId: r.principalId,
            csrfToken: r.csrfToken,
            createdAt: r.createdAt,
            expiresAt: r.expiresAt,
          }
        : null;
    },
    async revoke(id) {
      await db
        .update(webSessions)
        .set({ revokedAt: new Date() })
        .where(and(eq(webSessions.id, id), isNull(webSessions.revokedAt)));
    },
    async revokeAllOf(principalId) {
      const rows = await db
        .update(webSessions)
        .set({ revokedAt: new Date() })
        .where(and(eq(webSessions.principalId, principalId), isNull(webSessions.revokedAt)))
        .returning({ id: webSessions.id });
      return rows.length;
    },
    async touch(id, at) {
      const minuteAgo = new Date(at.getTime() - 60_000);
      await db
        .update(webSessions)
        .set({ lastSeenAt: at })
        .where(
          and(
            eq(webSessions.id, id),
            or(isNull(webSessions.lastSeenAt), lt(webSessions.lastSeenAt, minuteAgo)),
          ),
        );
    },
  };
}

export function authRequestRepository(db: Db): AuthRequestRepository {
  return {
    async create(input) {
      await db.delete(authRequests).where(lt(authRequests.expiresAt, new Date()));
      await db.insert(authRequests).values(input);
    },
    async take(state, now) {
      // Deleting is the claim: of two callbacks with one state, exactly one gets the row.
      const [r] = await db.delete(authRequests).where(eq(authRequests.state, state)).returning();
      if (!r || r.expiresAt.getTime() <= now.getTime()) return null;
      return {
        state: r.state,
        nonce: r.nonce,
        codeVerifier: r.codeVerifier,
        returnTo: r.returnTo,
        expiresAt: r.expiresAt,
      };
    },
  };
}
