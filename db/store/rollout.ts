// Rollout queue over the tasks table: serialised lease-based claims, one running task per database, recovery, runs.
import { and, asc, eq, gt, inArray, lt, min, or, type SQL, sql } from 'drizzle-orm';
import { sqlStateOf } from '../../src/core/errors.ts';
import type { ClaimedTask, RolloutRepository } from '../../src/core/ports/issue-store.ts';
import type { Db } from '../client.ts';
import { issues, migrationHistory, stages, taskRuns, tasks } from '../schema/index.ts';
import { toIssue, toRun, toStage, toTask } from './mappers.ts';

const INTERRUPTED =
  'interrupted: the service stopped while this task was running; whether the change was applied is unknown — compare the live schema before retrying or skipping';

/** Key of the transaction-scoped advisory lock every task claim takes ('task' in ASCII). */
const CLAIM_LOCK = 0x7461736b;

/**
 * Picks and claims runnable tasks, at most one per database: per database the first candidate in the stable
 * order (issue approval time, issue id, stage position, task position), then the first `limit` of those.
 */
function claimStatement(worker: string, limit: number, leaseMs: number): SQL {
  return sql`
    with candidates as (
      select t.id, t.database_id, coalesce(i.approved_at, i.created_at) as queued_at, i.id as issue_id,
        s.position as stage_position, t.position as task_position
      from tasks t
      join issues i on i.id = t.issue_id
      join stages s on s.id = t.stage_id
      where t.status = 'pending'
        and i.status in ('approved', 'running')
        and coalesce(s.run_at, i.run_at, now()) <= now()
        and not exists (
          select 1 from tasks p join stages ps on ps.id = p.stage_id
          where p.issue_id = t.issue_id and ps.position < s.position
            and p.status not in ('done', 'skipped', 'canceled'))
        and not exists (
          select 1 from tasks q
          where q.stage_id = t.stage_id and q.database_id = t.database_id and q.position < t.position
            and q.status in ('pending', 'running'))
        and not exists (select 1 from tasks r where r.database_id = t.database_id and r.status = 'running')
    ),
    firsts as (
      select distinct on (database_id) id, queued_at, issue_id, stage_position, task_position
      from candidates
      order by database_id, queued_at, issue_id, stage_position, task_position
    ),
    picked as (
      select id from firsts order by queued_at, issue_id, stage_position, task_position limit ${limit}
    )
    update tasks set status = 'running', claimed_by = ${worker},
      lease_until = now() + make_interval(secs => ${leaseMs / 1000}),
      attempts = tasks.attempts + 1, status_reason = null, updated_at = now()
    from picked where tasks.id = picked.id and tasks.status = 'pending'
    returning tasks.id`;
}

const rowIds = (result: unknown): number[] => {
  const r = result as { rows?: { id: number }[] } | { id: number }[];
  return (Array.isArray(r) ? r : (r.rows ?? [])).map((row) => Number(row.id));
};

/** A unique violation (SQLSTATE 23505), raw or wrapped by drizzle as the cause of a query error. */
const isUniqueViolation = (err: unknown) => sqlStateOf(err) === '23505';

export function rolloutRepository(db: Db): RolloutRepository {
  return {
    async claimRunnable(worker, limit, leaseMs) {
      if (limit <= 0) return [];
      let ids: number[];
      try {
        ids = await db.transaction(async (tx) => {
          // Claims take turns across every process on the store: the lock is taken in its own statement, so the
          // claim below reads a snapshot that already holds the previous claimer's commit and its running tasks.
          await tx.execute(sql`select pg_advisory_xact_lock(${CLAIM_LOCK})`);
          return rowIds(await tx.execute(claimStatement(worker, limit, leaseMs)));
        });
      } catch (err) {
        // The unique index on running tasks per database caught a claim that raced a writer outside the lock:
        // nothing was claimed this time, and the next poll looks again.
        if (isUniqueViolation(err)) return [];
        throw err;
      }
      if (ids.length === 0) return [];
      const rows = await db
        .select({ task: tasks, issue: issues, stage: stages })
        .from(tasks)
        .innerJoin(issues, eq(issues.id, tasks.issueId))
        .innerJoin(stages, eq(stages.id, tasks.stageId))
        .where(inArray(tasks.id, ids))
        .orderBy(
          sql`coalesce(${issues.approvedAt}, ${issues.createdAt})`,
          asc(issues.id),
          asc(stages.position),
          asc(tasks.position),
        );
      return rows.map(
        (r): ClaimedTask => ({ task: toTask(r.task), issue: toIssue(r.issue), stage: toStage(r.stage) }),
      );
    },
    async renewLease(taskId, worker, leaseMs) {
      const rows = await db
        .update(tasks)
        .set({ leaseUntil: sql`now() + make_interval(secs => ${leaseMs / 1000})` })
        .where(and(eq(tasks.id, taskId), eq(tasks.claimedBy, worker), eq(tasks.status, 'running')))
        .returning({ id: tasks.id });
      return rows.length === 1;
    },
    async recoverInterrupted({ all, worker }) {
      const interrupted = and(
        eq(tasks.status, 'running'),
        all
          ? undefined
          : or(
              lt(tasks.leaseUntil, sql`now()`),
              worker === undefined ? undefined : eq(tasks.claimedBy, worker),
            ),
      );
      const found = await db.select({ id: tasks.id, issueId: tasks.issueId }).from(tasks).where(interrupted);
      if (found.length === 0) return [];
      // Lock order: the issues first, then their tasks, as every transaction that touches an issue does.
      const issueIds = [...new Set(found.map((f) => f.issueId))].sort((a, b) => a - b);
      await db
        .select({ id: issues.id })
        .from(issues)
        .where(inArray(issues.id, issueIds))
        .orderBy(asc(issues.id))
        .for('update');
      // The condition is checked again: a task may have finished or renewed its lease since it was found.
      const rows = await db
        .update(tasks)
        .set({
          status: 'failed',
          statusReason: INTERRUPTED,
          claimedBy: null,
          leaseUntil: null,
          updatedAt: new Date(),
        })
        .where(
          and(
            inArray(
              tasks.id,
              found.map((f) => f.id),
            ),
            interrupted,
          ),
        )
        .returning();
      if (rows.length === 0) return [];
      const ids = rows.map((r) => r.id);
      await db
        .update(taskRuns)
        .set({ status: 'interrupted', error: INTERRUPTED, finishedAt: new Date() })
        .where(and(inArray(taskRuns.taskId, ids), eq(taskRuns.status, 'running')));
      await db
        .update(migrationHistory)
        .set({ status: 'interrupted', error: INTERRUPTED, finishedAt: new Date() })
        .where(and(inArray(migrationHistory.taskId, ids), eq(migrationHistory.status, 'pending')));
      return rows.map(toTask);
    },
    async lockIssue(issueId) {
      await db.execute(sql`select id from issues where id = ${issueId} for update`);
    },
    async stages(issueId) {
      return (
        await db.select().from(stages).where(eq(stages.issueId, issueId)).orderBy(asc(stages.position))
      ).map(toStage);
    },
    async getTask(id) {
      const [row] = await db.select().from(tasks).where(eq(tasks.id, id));
      return row ? toTask(row) : null;
    },
    async setTaskStatus(taskId, from, to, reason = null) {
      const rows = await db
        .update(tasks)
        .set({ status: to, statusReason: reason, updatedAt: new Date(), claimedBy: null, leaseUntil: null })
        .where(and(eq(tasks.id, taskId), inArray(tasks.status, from)))
        .returning({ id: tasks.id });
      return rows.length === 1;
    },
    async refreshStages(issueId) {
      // The stage status follows from its tasks; only stages whose status changes are written.
      await db.execute(sql`
        update stages s set status = derived.status
        from (
          select stage_id, case
            when bool_and(status in ('done', 'skipped', 'canceled'))
              then case when bool_and(status = 'canceled') then 'canceled' else 'done' end
            when bool_or(status = 'failed') and not bool_or(status in ('pending', 'running')) then 'failed'
            when bool_or(status <> 'pending') then 'running'
            else 'pending' end as status
          from tasks where issue_id = ${issueId} group by stage_id
        ) derived
        where s.id = derived.stage_id and s.status is distinct from derived.status`);
      return (
        await db.select().from(stages).where(eq(stages.issueId, issueId)).orderBy(asc(stages.position))
      ).map(toStage);
    },
    async setStageStatus(stageId, status) {
      await db.update(stages).set({ status }).where(eq(stages.id, stageId));
    },
    async startRun(input) {
      const [row] = await db
        .insert(taskRuns)
        .values({
          taskId: input.taskId,
          attempt: input.attempt,
          status: 'running',
          executorId: input.executorId,
          worker: input.worker,
        })
        .returning();
      return toRun(row!);
    },
    async appendRunLog(runId, entries) {
      if (entries.length === 0) return;
      await db
        .update(taskRuns)
        .set({ log: sql`${taskRuns.log} || ${JSON.stringify(entries)}::jsonb` })
        .where(eq(taskRuns.id, runId));
    },
    async finishRun(runId, input) {
      // Only a run still running is closed: a run that recovery already marked interrupted keeps saying so.
      await db
        .update(taskRuns)
        .set({ status: input.status, result: input.result, error: input.error, finishedAt: new Date() })
        .where(and(eq(taskRuns.id, runId), eq(taskRuns.status, 'running')));
    },
    async runs(taskId) {
      return (
        await db.select().from(taskRuns).where(eq(taskRuns.taskId, taskId)).orderBy(asc(taskRuns.attempt))
      ).map(toRun);
    },
    async runsOfIssue(issueId) {
      const rows = await db
        .select({ run: taskRuns })
        .from(taskRuns)
        .innerJoin(tasks, eq(tasks.id, taskRuns.taskId))
        .where(eq(tasks.issueId, issueId))
        .orderBy(asc(taskRuns.taskId), asc(taskRuns.attempt));
      return rows.map((r) => toRun(r.run));
    },
    async nextRunAt() {
      const [row] = await db
        .select({ at: min(sql<Date>`coalesce(${stages.runAt}, ${issues.runAt})`) })
        .from(stages)
        .innerJoin(issues, eq(issues.id, stages.issueId))
        .where(
          and(
            inArray(issues.status, ['approved', 'running']),
            inArray(stages.status, ['pending', 'running']),
            gt(sql`coalesce(${stages.runAt}, ${issues.runAt})`, sql`now()`),
          ),
        );
      const at = row?.at;
      return at ? new Date(at) : null;
    },
  };
}
