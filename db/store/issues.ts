// Issue and approval repositories: creation of the whole pipeline, reads, and compare-and-set transitions.
import { and, asc, desc, eq, inArray, sql } from 'drizzle-orm';
import type { ApprovalRepository, IssueRepository } from '../../src/core/ports/issue-store.ts';
import type { Db } from '../client.ts';
import { approvals, issueEvents, issues, stages, tasks } from '../schema/index.ts';
import { toApproval, toIssue, toStage, toTask } from './mappers.ts';

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
    async get(id) {
      const [row] = await db.select().from(issues).where(eq(issues.id, id));
      return row ? toIssue(row) : null;
    },
    async list(filter) {
      const where = and(
        filter.projectIds
          ? inArray(issues.projectId, filter.projectIds.length ? filter.projectIds : [-1])
          : undefined,
        filter.status ? inArray(issues.status, filter.status) : undefined,
        filter.creatorId === undefined ? undefined : eq(issues.creatorId, filter.creatorId),
      );
      const rows = await db
        .select()
        .from(issues)
        .where(where)
        .orderBy(desc(issues.id))
        .limit(filter.limit ?? 50);
      return rows.map(toIssue);
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
