// Issue and approval repositories: creation of the whole pipeline, reads, and compare-and-set transitions.
import { and, asc, desc, eq, inArray, lt, sql } from 'drizzle-orm';
import type { ApproverRole, IssueStatus, IssueType, RiskLevel } from '../../src/core/model/issue.ts';
import type { ApprovalRepository, IssueFilter, IssueRepository } from '../../src/core/ports/issue-store.ts';
import type { Db } from '../client.ts';
import { approvals, issueEvents, issues, projects, stages, tasks } from '../schema/index.ts';
import { readIssueView } from './issue-view.ts';
import { toApproval, toIssue, toStage, toTask } from './mappers.ts';

/**
 * The role of the step an issue waits on now (the outer column is spelled out: in a select list drizzle leaves
 * columns unqualified, which inside this subquery would mean the approval's own id).
 * It is the first pending step: pending steps exist only in the open round.
 */
const waitingStep = () => sql<string | null>`(
  select a.role from approvals a where a.issue_id = "issues"."id" and a.status = 'pending'
  order by a.round desc, a.step asc limit 1)`;

/** Whether the principal may decide the step an issue waits on now, in one query whatever the list's size. */
function mayDecide(p: NonNullable<IssueFilter['pendingFor']>) {
  const roles = p.roles.length ? p.roles : ['-'];
  const owned = p.ownerOf
    ? sql.join(
        (p.ownerOf.length ? p.ownerOf : [-1]).map((id) => sql`${id}`),
        sql`, `,
      )
    : sql`select project_id from project_members where principal_id = ${p.principalId} and role = 'owner'`;
  // The waiting step is the first pending one of the open round (as in waitingStep): one index probe finds it.
  return sql`(${issues.creatorId} <> ${p.principalId}
      or (select pr.allow_self_approval from projects pr where pr.id = ${issues.projectId}))
    and exists (
    select 1 from (select a.role, a.round from approvals a where a.issue_id = ${issues.id} and a.status = 'pending'
      order by a.round desc, a.step asc limit 1) w
    where (w.role in (${sql.join(
      roles.map((r) => sql`${r}`),
      sql`, `,
    )}) or (w.role = 'project_owner' and ${issues.projectId} in (${owned})))
      and not exists (select 1 from approvals c where c.issue_id = ${issues.id} and c.round = w.round
        and c.decided_by = ${p.principalId}))`;
}

/**
 * The issues a filter selects. Each condition is on a column that leads an index followed by the id
 * (project, status, creator), so a newest-first page reads its rows in order and stops at the limit.
 */
function selection(filter: IssueFilter) {
  const pending = filter.pendingFor;
  return and(
    filter.projectIds
      ? inArray(issues.projectId, filter.projectIds.length ? filter.projectIds : [-1])
      : undefined,
    filter.memberOf === undefined
      ? undefined
      : sql`${issues.projectId} in (select project_id from project_members where principal_id = ${filter.memberOf})`,
    filter.status ? inArray(issues.status, filter.status) : undefined,
    filter.creatorId === undefined ? undefined : eq(issues.creatorId, filter.creatorId),
    filter.beforeId === undefined ? undefined : lt(issues.id, filter.beforeId),
    pending ? and(eq(issues.status, 'pending_approval'), mayDecide(pending)) : undefined,
  );
}

/** A listed issue as the page's JSON names its columns. */
interface ListItemJson {
  id: number;
  project_id: number;
  key: string;
  title: string;
  type: string;
  status: string;
  risk: string;
  created_at: string;
  waiting_for: string | null;
}

/** Rows of `db.execute`, which PGlite wraps in an object and postgres.js answers as an array. */
const rowsOf = <T>(result: unknown): T[] =>
  Array.isArray(result) ? (result as T[]) : (((result as { rows?: T[] }).rows ?? []) as T[]);

export function issueRepository(db: Db): IssueRepository {
  const detail: IssueRepository['detail'] = async (id) => {
    const [row] = await db.select().from(issues).where(eq(issues.id, id));
    if (!row) return null;
    const [stageRows, taskRows, approvalRows] = await Promise.all([
      db.select().from(stages).where(eq(stages.issueId, id)).orderBy(asc(stages.position)),
      db.select().from(tasks).where(eq(tasks.issueId, id)).orderBy(asc(tasks.stageId), asc(tasks.position)),
      db
        .select()
        .from(approvals)
        .where(eq(approvals.issueId, id))
        .orderBy(asc(approvals.round), asc(approvals.step)),
    ]);
    return {
      issue: toIssue(row),
      stages: stageRows.map(toStage),
      tasks: taskRows.map(toTask),
      approvals: approvalRows.map(toApproval),
    };
  };
  return {
    async create(input) {
      const status = input.approvalSteps.length === 0 ? 'approved' : 'pending_approval';
      const [row] = await db
        .insert(issues)
        .values({
          projectId: input.projectId,
          title: input.title,
          description: input.description,
          type: input.type,
          status,
          creatorId: input.creatorId,
          origin: input.origin,
          originRef: input.originRef ?? null,
          risk: input.risk,
          review: input.review,
          runAt: input.runAt,
          approvedAt: status === 'approved' ? new Date() : null,
        })
        .returning();
      const issueId = row!.id;
      for (const [position, stage] of input.stages.entries()) {
        const [s] = await db
          .insert(stages)
          .values({ issueId, environmentId: stage.environmentId, position, runAt: stage.runAt })
          .returning();
        if (stage.tasks.length > 0) {
          await db.insert(tasks).values(
            stage.tasks.map((t, i) => ({
              issueId,
              stageId: s!.id,
              databaseId: t.databaseId,
              position: i,
              type: input.type,
              version: t.version,
              statement: t.statement,
            })),
          );
        }
      }
      if (input.approvalSteps.length > 0) {
        await db
          .insert(approvals)
          .values(input.approvalSteps.map((role, step) => ({ issueId, step, role, round: 1 })));
      }
      return (await detail(issueId))!;
    },
    detail,
    view: (id) => readIssueView(db, id),
    async get(id) {
      const [row] = await db.select().from(issues).where(eq(issues.id, id));
      return row ? toIssue(row) : null;
    },
    async list(filter) {
      const rows = await db
        .select({ issue: issues, waitingFor: waitingStep() })
        .from(issues)
        .where(selection(filter))
        .orderBy(desc(issues.id))
        .limit(filter.limit ?? 50);
      return rows.map((r) => ({
        ...toIssue(r.issue),
        waitingFor: (r.waitingFor as ApproverRole | null) ?? null,
      }));
    },
    async listItems(filter) {
      // Only the listed columns (the review and description are the bulk of a row), and the page comes back as
      // one JSON document: one value to decode instead of one per column and row.
      const page = db
        .select({
          id: issues.id,
          projectId: issues.projectId,
          projectKey: projects.key,
          title: issues.title,
          type: issues.type,
          status: issues.status,
          risk: issues.risk,
          createdAt: issues.createdAt,
          waitingFor: (filter.pendingFor ? waitingStep() : sql<string | null>`null`).as('waiting_for'),
        })
        .from(issues)
        .innerJoin(projects, eq(projects.id, issues.projectId))
        .where(selection(filter))
        .orderBy(desc(issues.id))
        .limit(filter.limit ?? 50);
      const result = await db.execute(
        sql`select coalesce(json_agg(page order by page.id desc), '[]')::text as doc from (${page}) page`,
      );
      const [row] = rowsOf<{ doc: string }>(result);
      return (JSON.parse(row?.doc ?? '[]') as ListItemJson[]).map((r) => ({
        id: r.id,
        projectId: r.project_id,
        projectKey: r.key,
        title: r.title,
        type: r.type as IssueType,
        status: r.status as IssueStatus,
        risk: r.risk as RiskLevel,
        createdAt: new Date(r.created_at),
        waitingFor: (r.waiting_for as ApproverRole | null) ?? null,
      }));
    },
    async transition(id, from, to, patch = {}) {
      const rows = await db
        .update(issues)
        .set({ status: to, revision: sql`${issues.revision} + 1`, updatedAt: new Date(), ...patch })
        .where(and(eq(issues.id, id), inArray(issues.status, from)))
        .returning({ id: issues.id });
      return rows.length === 1;
    },
    async addEvent(issueId, kind, payload) {
      await db.insert(issueEvents).values({ issueId, kind, payload });
    },
    async events(issueId) {
      const rows = await db
        .select()
        .from(issueEvents)
        .where(eq(issueEvents.issueId, issueId))
        .orderBy(asc(issueEvents.id));
      return rows.map((r) => ({
        id: r.id,
        kind: r.kind,
        payload: r.payload as Record<string, unknown>,
        createdAt: r.createdAt,
      }));
    },
  };
}

export function approvalRepository(db: Db): ApprovalRepository {
  return {
    async list(issueId) {
      const rows = await db
        .select()
        .from(approvals)
        .where(eq(approvals.issueId, issueId))
        .orderBy(asc(approvals.round), asc(approvals.step));
      return rows.map(toApproval);
    },
    async decide(input) {
      // The status check in the WHERE clause makes the decision a compare-and-set: one writer wins.
      const [row] = await db
        .update(approvals)
        .set({
          status: input.status,
          decidedBy: input.decidedBy,
          decidedAt: new Date(),
          reason: input.reason,
          channel: input.channel,
          overrideReason: input.overrideReason,
        })
        .where(
          and(
            eq(approvals.issueId, input.issueId),
            eq(approvals.round, input.round),
            eq(approvals.step, input.step),
            eq(approvals.status, 'pending'),
          ),
        )
        .returning();
      return row ? toApproval(row) : null;
    },
    async supersedePending(issueId, round) {
      await db
        .update(approvals)
        .set({ status: 'superseded' })
        .where(
          and(eq(approvals.issueId, issueId), eq(approvals.round, round), eq(approvals.status, 'pending')),
        );
    },
    async openRound(issueId, round, roles) {
      if (roles.length === 0) return;
      await db.insert(approvals).values(roles.map((role, step) => ({ issueId, round, step, role })));
    },
  };
}
