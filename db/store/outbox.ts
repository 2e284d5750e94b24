// Outbox repository: rows written inside the causing transaction, claimed per lane by delivery workers with leases.
import { and, asc, eq, inArray, lt, type SQL, sql } from 'drizzle-orm';
import type {
  OutboxEntry,
  OutboxMessage,
  OutboxRepository,
  OutboxStatus,
} from '../../src/core/ports/outbox.ts';
import type { Db } from '../client.ts';
import { outbox } from '../schema/index.ts';

function toEntry(r: typeof outbox.$inferSelect): OutboxEntry {
  return {
    id: Number(r.id),
    issueId: r.issueId,
    event: r.event as OutboxMessage,
    status: r.status as OutboxStatus,
    attempts: r.attempts,
    claimedBy: r.claimedBy,
    leaseUntil: r.leaseUntil,
    lastError: r.lastError,
    effects: (r.effects ?? {}) as Record<string, unknown>,
    createdAt: r.createdAt,
    deliveredAt: r.deliveredAt,
  };
}

const rowsOf = <T>(result: unknown): T[] =>
  Array.isArray(result) ? (result as T[]) : (((result as { rows?: T[] }).rows ?? []) as T[]);

const interval = (ms: number) => sql`make_interval(secs => ${Math.max(0, ms) / 1000})`;

/**
 * `p` holds `o` back: an older open entry of the same lane. A lane is the issue, or for entries of no issue the
 * `lane` the message names (a merge request, a commit); a message naming neither has no lane.
 */
const HELD_BACK = sql`exists (
  select 1 from outbox p
  where p.id < o.id and p.status in ('pending', 'running')
    and ((o.issue_id is not null and p.issue_id = o.issue_id)
      or (o.issue_id is null and p.issue_id is null and p.event->>'lane' = o.event->>'lane')))`;

// Due: pending past its back-off, or running under a lease its worker stopped renewing (crashed or stuck).
const CLAIMABLE = sql`o.status in ('pending', 'running') and (o.lease_until is null or o.lease_until <= now())
  and not ${HELD_BACK}`;

export function outboxRepository(db: Db): OutboxRepository {
  async function read(ids: number[]): Promise<OutboxEntry[]> {
    if (ids.length === 0) return [];
    const rows = await db.select().from(outbox).where(inArray(outbox.id, ids)).orderBy(asc(outbox.id));
    return rows.map(toEntry);
  }
  const mine = (id: number, worker: string): SQL =>
    and(eq(outbox.id, id), eq(outbox.claimedBy, worker), eq(outbox.status, 'running'))!;

  return {
    async add(events) {
      if (events.length === 0) return;
      await db.insert(outbox).values(
        events.map((event) => ({
          issueId: 'issueId' in event ? event.issueId : null,
          event,
        })),
      );
    },
    async undelivered(issueId) {
      const rows = await db
        .select()
        .from(outbox)
        .where(and(eq(outbox.issueId, issueId), inArray(outbox.status, ['pending', 'running', 'failed'])))
        .orderBy(asc(outbox.id));
      return rows.map(toEntry);
    },
    async claim(worker, leaseMs, limit) {
      if (limit <= 0) return [];
      // One statement picks and claims, so two workers racing never both get an entry. An entry claimed by a
      // concurrent statement is skipped, and the entries behind it in its lane are held back by it.
      const claimed = await db.execute(sql`
        update outbox set status = 'running', claimed_by = ${worker},
          lease_until = now() + ${interval(leaseMs)}, attempts = attempts + 1
        where id in (
          select o.id from outbox o where ${CLAIMABLE} order by o.id limit ${limit} for update skip locked)
        returning id`);
      return read(rowsOf<{ id: number | string }>(claimed).map((r) => Number(r.id)));
    },
    async renew(id, worker, leaseMs) {
      const rows = await db
        .update(outbox)
        .set({ leaseUntil: sql`now() + ${interval(leaseMs)}` })
        .where(mine(id, worker))
        .returning({ id: outbox.id });
      return rows.length === 1;
    },
    async recordEffect(id, key, value) {
      await db
        .update(outbox)
        .set({ effects: sql`${outbox.effects} || ${JSON.stringify({ [key]: value })}::jsonb` })
        .where(eq(outbox.id, id));
    },
    async release(id, worker, how) {
      const rows = await db
        .update(outbox)
        .set({
          status: 'pending',
          leaseUntil: sql`now() + ${interval(how.delayMs)}`,
          ...(how.error === null ? {} : { lastError: how.error }),
          ...(how.countAttempt ? {} : { attempts: sql`greatest(${outbox.attempts} - 1, 0)` }),
        })
        .where(mine(id, worker))
        .returning({ id: outbox.id });
      return rows.length === 1;
    },
    async finish(id, worker, status, error = null) {
      const rows = await db
        .update(outbox)
        .set({
          status,
          leaseUntil: null,
          ...(status === 'delivered' ? { deliveredAt: sql`now()` } : { lastError: error }),
        })
        .where(mine(id, worker))
        .returning({ id: outbox.id });
      return rows.length === 1;
    },
    async following(entry, limit) {
      const lane =
        entry.issueId !== null
          ? eq(outbox.issueId, entry.issueId)
          : 'lane' in entry.event
            ? and(sql`${outbox.issueId} is null`, sql`${outbox.event}->>'lane' = ${entry.event.lane}`)
            : null;
      if (!lane) return [];
      const rows = await db
        .select()
        .from(outbox)
        .where(and(lane, sql`${outbox.id} > ${entry.id}`, inArray(outbox.status, ['pending', 'running'])))
        .orderBy(asc(outbox.id))
        .limit(limit);
      return rows.map(toEntry);
    },
    async absorb(ids, by) {
      if (ids.length === 0) return;
      await db
        .update(outbox)
        .set({
          status: 'delivered',
          deliveredAt: sql`now()`,
          leaseUntil: null,
          effects: sql`${outbox.effects} || ${JSON.stringify({ coveredBy: by })}::jsonb`,
        })
        .where(and(inArray(outbox.id, ids), eq(outbox.status, 'pending')));
    },
    async nextDueInMs() {
      const [row] = rowsOf<{ ms: number | string | null }>(
        await db.execute(sql`
          select extract(epoch from min(greatest(coalesce(o.lease_until, now()), now())) - now()) * 1000 as ms
          from outbox o where o.status = 'pending' and not ${HELD_BACK}`),
      );
      return row?.ms === null || row?.ms === undefined ? null : Math.max(0, Math.ceil(Number(row.ms)));
    },
    async hasDue() {
      const rows = rowsOf<{ id: number }>(
        await db.execute(sql`select o.id from outbox o where ${CLAIMABLE} limit 1`),
      );
      return rows.length > 0;
    },
    async get(id) {
      const [row] = await db.select().from(outbox).where(eq(outbox.id, id));
      return row ? toEntry(row) : null;
    },
    async list(filter = {}) {
      const rows = await db
        .select()
        .from(outbox)
        .where(
          and(
            filter.status ? eq(outbox.status, filter.status) : undefined,
            filter.issueId !== undefined ? eq(outbox.issueId, filter.issueId) : undefined,
          ),
        )
        .orderBy(asc(outbox.id))
        .limit(filter.limit ?? 10_000);
      return rows.map(toEntry);
    },
    async countOpen() {
      const [row] = await db
        .select({ n: sql<number>`count(*)::int` })
        .from(outbox)
        .where(inArray(outbox.status, ['pending', 'running']));
      return Number(row?.n ?? 0);
    },
    async prune(olderThanMs) {
      const rows = await db
        .delete(outbox)
        .where(
          and(eq(outbox.status, 'delivered'), lt(outbox.deliveredAt, sql`now() - ${interval(olderThanMs)}`)),
        )
        .returning({ id: outbox.id });
      return rows.length;
    },
  };
}
