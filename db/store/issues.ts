// Issue and approval repositories: creation of the whole pipeline, reads, and compare-and-set transitions.
import { and, asc, desc, eq, inArray, sql } from 'drizzle-orm';
import type { ApproverRole, IssueStatus, IssueType, RiskLevel } from '../../src/core/model/issue.ts';
import type { ApprovalRepository, IssueRepository } from '../../src/core/ports/issue-store.ts';
import type { Db } from '../client.ts';
import { approvals, issueEvents, issues, stages, tasks } from '../schema/index.ts';
import {
  filterValues,
  listPageDocument,
  listPageStatement,
  selection,
  valuesByName,
  waitingStep,
} from './issue-list.ts';
import { readIssueView } from './issue-view.ts';
import { toApproval, toIssue, toStage, toTask } from './mappers.ts';
import type { PreparedReads } from './prepared.ts';

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

/**
 * `prepared` (the embedded store, outside transactions) serves the issue view and the lists from prepared
 * statements.
 */
export function issueRepository(db: Db, prepared?: PreparedReads): IssueRepository {
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
    view: (id) => readIssueView(db, id, prepared),
    async get(id) {
      const [row] = await db.select().from(issues).where(eq(issues.id, id));
      return row ? toIssue(row) : null;
    },
    async list(filter) {
      const values = filterValues(filter);
      const w = filter.pendingFor ? waitingStep(db) : undefined;
      const base = db
        .select({ issue: issues, waitingFor: w ? w.role : sql<string | null>`null` })
        .from(issues)
        .$dynamic();
      const rows = await (w ? base.innerJoinLateral(w, sql`true`) : base)
        .where(selection(values, valuesByName(values), w))
        .orderBy(desc(issues.id))
        .limit(filter.limit ?? 50);
      return rows.map((r) => ({
        ...toIssue(r.issue),
        waitingFor: (r.waitingFor as ApproverRole | null) ?? null,
      }));
    },
    async listItems(filter) {
      const values = filterValues(filter);
      const doc = prepared
        ? ((await prepared.rows(listPageStatement(db, values)))[0]?.[0] as string | undefined)
        : rowsOf<{ doc: string }>(await db.execute(listPageDocument(db, values, valuesByName(values))))[0]
            ?.doc;
      return (JSON.parse(doc ?? '[]') as ListItemJson[]).map((r) => ({
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
