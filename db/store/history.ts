// Migration history repository: a pending row is written before a change runs, then closed with the outcome.
import { and, desc, eq, gte } from 'drizzle-orm';
import type { HistoryRepository } from '../../src/core/ports/issue-store.ts';
import type { Db } from '../client.ts';
import { migrationHistory } from '../schema/index.ts';
import { toHistory } from './mappers.ts';

export function historyRepository(db: Db): HistoryRepository {
  return {
    async begin(input) {
      const [row] = await db
        .insert(migrationHistory)
        .values({ ...input, status: 'pending' })
        .returning();
      return toHistory(row!);
    },
    async finish(id, input) {
      // A row recovery already marked interrupted keeps its truthful status.
      await db
        .update(migrationHistory)
        .set({ ...input, finishedAt: new Date() })
        .where(and(eq(migrationHistory.id, id), eq(migrationHistory.status, 'pending')));
    },
    async list(databaseId, options = {}) {
      const rows = await db
        .select()
        .from(migrationHistory)
        .where(
          and(
            eq(migrationHistory.databaseId, databaseId),
            options.since ? gte(migrationHistory.startedAt, options.since) : undefined,
          ),
        )
        .orderBy(desc(migrationHistory.id))
        .limit(options.limit ?? 50);
      return rows.map(toHistory);
    },
    async appliedVersion(databaseId, version) {
      const [row] = await db
        .select()
        .from(migrationHistory)
        .where(
          and(
            eq(migrationHistory.databaseId, databaseId),
            eq(migrationHistory.version, version),
            eq(migrationHistory.status, 'done'),
          ),
        )
        .orderBy(desc(migrationHistory.id))
        .limit(1);
      return row ? toHistory(row) : null;
    },
    async get(id) {
      const [row] = await db.select().from(migrationHistory).where(eq(migrationHistory.id, id));
      return row ? toHistory(row) : null;
    },
    async latest(databaseId) {
      const [row] = await db
        .select()
        .from(migrationHistory)
        .where(and(eq(migrationHistory.databaseId, databaseId), eq(migrationHistory.status, 'done')))
        .orderBy(desc(migrationHistory.id))
        .limit(1);
      return row ? toHistory(row) : null;
    },
  };
}
