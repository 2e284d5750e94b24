// The inbox of VCS webhooks over drizzle: lease-based claims with FOR UPDATE SKIP LOCKED, outcomes, effects.
import { and, asc, eq, inArray, type SQL, sql } from 'drizzle-orm';
import type {
  InboundJob,
  InboundJobKind,
  InboundJobRepository,
  InboundJobStatus,
} from '../../src/core/ports/store.ts';
import type { Db } from '../client.ts';
import { inboundJobs } from '../schema/index.ts';

const toJob = (r: typeof inboundJobs.$inferSelect): InboundJob => ({
  id: r.id,
  source: r.source,
  kind: r.kind as InboundJobKind,
  payload: r.payload,
  status: r.status as InboundJobStatus,
  attempts: r.attempts,
  claimedBy: r.claimedBy,
  leaseUntil: r.leaseUntil,
  lastError: r.lastError,
  effects: (r.effects ?? {}) as Record<string, unknown>,
  createdAt: r.createdAt,
  finishedAt: r.finishedAt,
});

// What may be claimed: a pending job that is due (a retry waits out its back-off), or a running one whose worker
// stopped renewing its lease (crashed or stuck).
const CLAIMABLE = sql`(status in ('pending', 'running') and (lease_until is null or lease_until <= now()))`;
const lease = (leaseMs: number) => sql`now() + make_interval(secs => ${leaseMs / 1000})`;

export function inboundJobRepository(db: Db): InboundJobRepository {
  /** Claims the rows `pick` selects (a subquery ending in FOR UPDATE SKIP LOCKED) and reads them back. */
  async function claimWhere(pick: SQL, worker: string, leaseMs: number): Promise<InboundJob[]> {
    // One statement picks and claims, so two workers racing on the same rows never both get one.
    const claimed = (await db.execute(sql`
      update inbound_jobs set status = 'running', claimed_by = ${worker}, lease_until = ${lease(leaseMs)},
        attempts = attempts + 1
      where id in (${pick})
      returning id`)) as unknown as { rows?: { id: number }[] } | { id: number }[];
    const ids = (Array.isArray(claimed) ? claimed : (claimed.rows ?? [])).map((r) => Number(r.id));
    if (ids.length === 0) return [];
    const rows = await db
      .select()
      .from(inboundJobs)
      .where(inArray(inboundJobs.id, ids))
      .orderBy(asc(inboundJobs.id));
    return rows.map(toJob);
  }

  return {
    async enqueue(input) {
      const [row] = await db
        .insert(inboundJobs)
        .values({ source: input.source, kind: input.kind, payload: input.payload })
        .returning();
      return toJob(row!);
    },
    async claim(worker, leaseMs, limit) {
      if (limit <= 0) return [];
      return claimWhere(
        sql`select id from inbound_jobs where ${CLAIMABLE} order by id limit ${limit} for update skip locked`,
        worker,
        leaseMs,
      );
    },
    async claimOne(id, worker, leaseMs) {
      const [job] = await claimWhere(
        sql`select id from inbound_jobs where id = ${id} and ${CLAIMABLE} for update skip locked`,
        worker,
        leaseMs,
      );
      return job ?? null;
    },
    async renew(id, worker, leaseMs) {
      const rows = await db
        .update(inboundJobs)
        .set({ leaseUntil: lease(leaseMs) })
        .where(
          and(eq(inboundJobs.id, id), eq(inboundJobs.claimedBy, worker), eq(inboundJobs.status, 'running')),
        )
        .returning({ id: inboundJobs.id });
      return rows.length === 1;
    },
    async release(id, worker, error, retryAfterMs) {
      const rows = await db
        .update(inboundJobs)
        .set({ status: 'pending', leaseUntil: lease(retryAfterMs), lastError: error })
        .where(
          and(eq(inboundJobs.id, id), eq(inboundJobs.claimedBy, worker), eq(inboundJobs.status, 'running')),
        )
        .returning({ id: inboundJobs.id });
      return rows.length === 1;
    },
    async finish(id, status, error = null) {
      await db
        .update(inboundJobs)
        .set({
          status,
          leaseUntil: null,
          finishedAt: new Date(),
          ...(status === 'failed' ? { lastError: error } : {}),
        })
        .where(eq(inboundJobs.id, id));
    },
    async get(id) {
      const [row] = await db.select().from(inboundJobs).where(eq(inboundJobs.id, id));
      return row ? toJob(row) : null;
    },
    async listPending() {
      const rows = await db
        .select()
        .from(inboundJobs)
        .where(inArray(inboundJobs.status, ['pending', 'running']))
        .orderBy(asc(inboundJobs.id));
      return rows.map(toJob);
    },
    async countOpen(source) {
      const [row] = await db
        .select({ n: sql<number>`count(*)::int` })
        .from(inboundJobs)
        .where(and(eq(inboundJobs.source, source), inArray(inboundJobs.status, ['pending', 'running'])));
      return Number(row?.n ?? 0);
    },
    async effectOf(id, key) {
      const [row] = await db
        .select({ effects: inboundJobs.effects })
        .from(inboundJobs)
        .where(eq(inboundJobs.id, id))
        .for('update');
      const effects = (row?.effects ?? {}) as Record<string, unknown>;
      return Object.hasOwn(effects, key) ? effects[key] : null;
    },
    async recordEffect(id, key, value) {
      await db
        .update(inboundJobs)
        .set({ effects: sql`${inboundJobs.effects} || ${JSON.stringify({ [key]: value })}::jsonb` })
        .where(eq(inboundJobs.id, id));
    },
  };
}
