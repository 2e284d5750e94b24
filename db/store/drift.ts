// Drift watch repositories: a state row per database (locked by checks and baselines, claimed by the scheduled
// sweep with leases), the checks' history and the chat cards that announce a database's state.
import { and, asc, desc, eq, inArray, lt, sql } from 'drizzle-orm';
import type { SchemaDiff } from '../../src/core/drift/diff.ts';
import type { ChatPlatform } from '../../src/core/model/workspace.ts';
import type { MessageRef } from '../../src/core/ports/chat-adapter.ts';
import {
  DRIFT_STATUSES,
  type DriftCardRecord,
  type DriftCardRepository,
  type DriftCheckRecord,
  type DriftState,
  type DriftStateRepository,
  type DriftStatus,
} from '../../src/core/ports/drift-store.ts';
import type { Db } from '../client.ts';
import { driftCards, driftChecks, driftStates } from '../schema/index.ts';

const rowsOf = <T>(result: unknown): T[] =>
  Array.isArray(result) ? (result as T[]) : (((result as { rows?: T[] }).rows ?? []) as T[]);

function toState(r: typeof driftStates.$inferSelect): DriftState {
  return {
    databaseId: r.databaseId,
    status: (r.status as DriftStatus | null) ?? null,
    seq: r.seq,
    checkedAt: r.checkedAt,
    changedAt: r.changedAt,
    baselineHistoryId: r.baselineHistoryId,
    diff: (r.diff as SchemaDiff | null) ?? null,
    error: r.error,
    checkedBy: r.checkedBy,
    nextCheckAt: r.nextCheckAt,
  };
}

function toCheck(r: typeof driftChecks.$inferSelect): DriftCheckRecord {
  return {
    id: r.id,
    databaseId: r.databaseId,
    status: r.status as DriftStatus,
    changed: r.changed,
    seq: r.seq,
    checkedAt: r.checkedAt,
    baselineHistoryId: r.baselineHistoryId,
    added: r.added,
    removed: r.removed,
    error: r.error,
    checkedBy: r.checkedBy,
    durationMs: r.durationMs,
  };
}

export function driftStateRepository(db: Db): DriftStateRepository {
  return {
    async get(databaseId) {
      const [row] = await db.select().from(driftStates).where(eq(driftStates.databaseId, databaseId));
      return row ? toState(row) : null;
    },
    async list(databaseIds) {
      if (databaseIds && databaseIds.length === 0) return [];
      const rows = await db
        .select()
        .from(driftStates)
        .where(databaseIds ? inArray(driftStates.databaseId, databaseIds) : undefined)
        .orderBy(asc(driftStates.databaseId));
      return rows.map(toState);
    },
    async countByStatus() {
      const rows = await db
        .select({ status: driftStates.status, n: sql<number>`count(*)::int` })
        .from(driftStates)
        .groupBy(driftStates.status);
      const counts = Object.fromEntries(DRIFT_STATUSES.map((s) => [s, 0])) as Record<DriftStatus, number>;
      for (const r of rows) if (r.status && r.status in counts) counts[r.status as DriftStatus] = Number(r.n);
      return counts;
    },
    async lock(databaseId) {
      await db.insert(driftStates).values({ databaseId }).onConflictDoNothing();
      const [row] = await db
        .select()
        .from(driftStates)
        .where(eq(driftStates.databaseId, databaseId))
        .for('update');
      return toState(row!);
    },
    async record(databaseId, finding, { nextCheckAt, bump = false }) {
      const [before] = await db
        .select()
        .from(driftStates)
        .where(eq(driftStates.databaseId, databaseId))
        .for('update');
      const previous = (before?.status as DriftStatus | null | undefined) ?? null;
      const changed = bump || previous !== finding.status;
      const seq = (before?.seq ?? 0) + (changed ? 1 : 0);
      const values = {
        status: finding.status,
        seq,
        checkedAt: finding.checkedAt,
        changedAt: changed ? finding.checkedAt : (before?.changedAt ?? finding.checkedAt),
        baselineHistoryId: finding.baselineHistoryId,
        diff: finding.diff,
        error: finding.error,
        checkedBy: finding.checkedBy,
        nextCheckAt: nextCheckAt === undefined ? (before?.nextCheckAt ?? null) : nextCheckAt,
        claimedBy: null,
        leaseUntil: null,
      };
      const [row] = await db
        .insert(driftStates)
        .values({ databaseId, ...values })
        .onConflictDoUpdate({ target: driftStates.databaseId, set: values })
        .returning();
      await db.insert(driftChecks).values({
        databaseId,
        status: finding.status,
        changed,
        seq,
        checkedAt: finding.checkedAt,
        baselineHistoryId: finding.baselineHistoryId,
        added: finding.diff ? finding.diff.added.length + finding.diff.moreAdded : 0,
        removed: finding.diff ? finding.diff.removed.length + finding.diff.moreRemoved : 0,
        error: finding.error,
        checkedBy: finding.checkedBy,
        durationMs: finding.durationMs,
      });
      return { state: toState(row!), changed, previous };
    },
    async schedule(entries) {
      if (entries.length === 0) return;
      await db
        .insert(driftStates)
        .values(entries.map((e) => ({ databaseId: e.databaseId, nextCheckAt: e.nextCheckAt })))
        .onConflictDoNothing();
    },
    async claimDue({ worker, now, leaseMs, limit, databaseIds }) {
      if (limit <= 0 || databaseIds.length === 0) return [];
      const ids = sql.join(
        databaseIds.map((id) => sql`${id}`),
        sql`, `,
      );
      const at = now.toISOString();
      const until = new Date(now.getTime() + leaseMs).toISOString();
      // One statement picks and claims, so two sweeps racing never both check a database; one whose task is
      // running is left for later (its schema is moving).
      const claimed = await db.execute(sql`
        update drift_states set claimed_by = ${worker}, lease_until = ${until}::timestamptz
        where database_id in (
          select s.database_id from drift_states s
          where s.database_id in (${ids})
            and (s.next_check_at is null or s.next_check_at <= ${at}::timestamptz)
            and (s.lease_until is null or s.lease_until <= ${at}::timestamptz)
            and not exists (select 1 from tasks t where t.database_id = s.database_id and t.status = 'running')
          order by s.next_check_at asc nulls first, s.database_id
          limit ${limit}
          for update skip locked)
        returning database_id`);
      return rowsOf<{ database_id: number }>(claimed).map((r) => Number(r.database_id));
    },
    async taskRunning(databaseId) {
      const rows = rowsOf<{ one: number }>(
        await db.execute(
          sql`select 1 as one from tasks where database_id = ${databaseId} and status = 'running' limit 1`,
        ),
      );
      return rows.length > 0;
    },
    async release(databaseId, worker, nextCheckAt) {
      await db
        .update(driftStates)
        .set({ claimedBy: null, leaseUntil: null, nextCheckAt })
        .where(and(eq(driftStates.databaseId, databaseId), eq(driftStates.claimedBy, worker)));
    },
    async history(databaseId, { limit = 50, before } = {}) {
      const rows = await db
        .select()
        .from(driftChecks)
        .where(
          and(
            eq(driftChecks.databaseId, databaseId),
            before !== undefined ? lt(driftChecks.id, before) : undefined,
          ),
        )
        .orderBy(desc(driftChecks.id))
        .limit(limit);
      return rows.map(toCheck);
    },
  };
}

function toCard(r: typeof driftCards.$inferSelect): DriftCardRecord {
  return {
    id: r.id,
    databaseId: r.databaseId,
    platform: r.platform as ChatPlatform,
    channel: r.channel,
    ref: r.ref as MessageRef,
    seq: r.seq,
  };
}

export function driftCardRepository(db: Db): DriftCardRepository {
  return {
    async list(databaseId) {
      const rows = await db
        .select()
        .from(driftCards)
        .where(eq(driftCards.databaseId, databaseId))
        .orderBy(asc(driftCards.id));
      return rows.map(toCard);
    },
    async put(input) {
      const [row] = await db
        .insert(driftCards)
        .values(input)
        .onConflictDoUpdate({
          target: [driftCards.databaseId, driftCards.platform, driftCards.channel],
          set: { ref: input.ref, seq: input.seq },
        })
        .returning();
      return toCard(row!);
    },
    async update(id, seq, ref) {
      await db
        .update(driftCards)
        .set({ seq, ...(ref ? { ref } : {}) })
        .where(eq(driftCards.id, id));
    },
  };
}
