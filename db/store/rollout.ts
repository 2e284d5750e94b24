// Rollout queue over the tasks table: lease-based claims with FOR UPDATE SKIP LOCKED, recovery, runs.
import { and, asc, eq, gt, inArray, min, sql } from 'drizzle-orm';
import type { ClaimedTask, RolloutRepository } from '../../src/core/ports/issue-store.ts';
import type { Db } from '../client.ts';
import { issues, migrationHistory, stages, taskRuns, tasks } from '../schema/index.ts';
import { toIssue, toRun, toStage, toTask } from './mappers.ts';

const INTERRUPTED =
  'interrupted: the service stopped while this task was running; whether the change was applied is unknown — compare the live schema before retrying or skipping';

export function rolloutRepository(db: Db): RolloutRepository {
  return {
    async claimRunnable(worker, limit, leaseMs) {
      if (limit <= 0) return [];
      // One statement picks and claims: the lock skips rows another process is claiming right now, and the
      // conditions read committed state, so a task is never claimed twice nor before its turn.
      const claimed = (await db.execute(sql`
        with candidates as (
          select t.id from tasks t
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
          order by t.issue_id, s.position, t.position
          limit ${limit}
          for update of t skip locked
        )
        update tasks set status = 'running', claimed_by = ${worker},
          lease_until = now() + make_interval(secs => ${leaseMs / 1000}),
          attempts = tasks.attempts + 1, status_reason = null, updated_at = now()
        from candidates where tasks.id = candidates.id
        returning tasks.id`)) as unknown as { rows?: { id: number }[] } | { id: number }[];
      const ids = (Array.isArray(claimed) ? claimed : (claimed.rows ?? [])).map((r) => Number(r.id));
      if (ids.length === 0) return [];
      const rows = await db
        .select({ task: tasks, issue: issues, stage: stages })
        .from(tasks)
        .innerJoin(issues, eq(issues.id, tasks.issueId))
        .innerJoin(stages, eq(stages.id, tasks.stageId))
        .where(inArray(tasks.id, ids))
        .orderBy(asc(tasks.issueId), asc(stages.position), asc(tasks.position));
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
    async recoverInterrupted({ all }) {
      const rows = await db
        .update(tasks)
        .set({
          status: 'failed',
          statusReason: INTERRUPTED,
          claimedBy: null,
          leaseUntil: null,
          updatedAt: new Date(),
        })
        .where(and(eq(tasks.status, 'running'), all ? undefined : sql`${tasks.leaseUntil} < now()`))
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
      const leaving = to !== 'running';
      const rows = await db
        .update(tasks)
        .set({
          status: to,
          statusReason: reason,
          updatedAt: new Date(),
          ...(leaving ? { claimedBy: null, leaseUntil: null } : {}),
        })
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
