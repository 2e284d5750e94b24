// Reads an issue as people see it: stages with tasks and their runs (logs), approvals with names, the timeline.
import { notFound } from '../errors.ts';
import type { Approval, Issue, Task, TaskRun } from '../model/issue.ts';
import type { IssueViewData } from '../ports/issue-store.ts';
import { assertCanSee } from './access.ts';
import { stepNumber } from './approval-step.ts';
import type { ServiceContext } from './context.ts';

type PersonView = { id: number; name: string; email: string } | null;

export interface IssueView {
  issue: Omit<Issue, 'creatorId' | 'projectId' | 'revision'> & { project: string; creator: PersonView };
  stages: {
    id: number;
    environment: string;
    status: string;
    runAt: Date | null;
    tasks: {
      id: number;
      database: string;
      instance: string;
      engine: string;
      version: string | null;
      status: string;
      statusReason: string | null;
      attempts: number;
      statement: string;
      runs: Omit<TaskRun, 'taskId' | 'worker'>[];
    }[];
  }[];
  /** Steps are numbered from 1, as chat cards and messages number them. */
  approvals: (Omit<Approval, 'decidedBy' | 'issueId'> & { decidedBy: PersonView })[];
  events: { kind: string; payload: Record<string, unknown>; createdAt: Date }[];
  /** What the finished rollout did: tasks applied and skipped; `nothingApplied` when every task was skipped. */
  outcome: { applied: number; skipped: number; canceled: number; nothingApplied: boolean } | null;
  /** Outbound effects (chat cards, DMs, thread messages, GitLab notes) not delivered yet, oldest first. */
  undelivered: IssueViewData['undelivered'];
}

/** Timeline entries about a step carry its number as people count it. */
const STEP_EVENTS = new Set(['approved', 'rejected']);

function outcomeOf(tasks: Task[]): NonNullable<IssueView['outcome']> {
  const count = (s: Task['status']) => tasks.filter((t) => t.status === s).length;
  const applied = count('done');
  return { applied, skipped: count('skipped'), canceled: count('canceled'), nothingApplied: applied === 0 };
}

/** The whole issue; visible to the project's members, DBAs and workspace owners. */
export async function getIssue({
  ctx,
  input,
}: {
  ctx: ServiceContext;
  input: { issueId: number };
}): Promise<IssueView> {
  // One statement, so one snapshot: a rollout settling between two reads would otherwise show a failed task in
  // a running issue.
  const data = await ctx.store.issues.view(input.issueId);
  if (!data) throw notFound(`issue ${input.issueId} not found`);
  assertCanSee(ctx.actor, data.members);
  const { detail, environments: envs, databases, runs, events, people, undelivered } = data;
  const person = (id: number | null): PersonView => {
    const p = people.find((x) => x.id === id);
    return p ? { id: p.id, name: p.name, email: p.email } : null;
  };
  const { creatorId, projectId: _p, revision: _r, ...issue } = detail.issue;
  return {
    issue: { ...issue, project: data.projectKey ?? '?', creator: person(creatorId) },
    stages: detail.stages.map((s) => ({
      id: s.id,
      environment: envs.find((e) => e.id === s.environmentId)?.key ?? '?',
      status: s.status,
      runAt: s.runAt,
      tasks: detail.tasks
        .filter((t) => t.stageId === s.id)
        .map((t) => {
          const db = databases.find((d) => d.id === t.databaseId);
          return {
            id: t.id,
            database: db?.name ?? '?',
            instance: db?.instance ?? '?',
            engine: db?.engine ?? '?',
            version: t.version,
            status: t.status,
            statusReason: t.statusReason,
            attempts: t.attempts,
            statement: t.statement,
            runs: runs.filter((r) => r.taskId === t.id).map(({ taskId: _t, worker: _w, ...r }) => r),
          };
        }),
    })),
    approvals: detail.approvals.map(({ decidedBy, issueId: _i, ...a }) => ({
      ...a,
      step: stepNumber(a.step),
      decidedBy: person(decidedBy),
    })),
    events: events.map(({ kind, payload, createdAt }) => ({
      kind,
      payload:
        STEP_EVENTS.has(kind) && typeof payload.step === 'number'
          ? { ...payload, step: stepNumber(payload.step) }
          : payload,
      createdAt,
    })),
    outcome: detail.issue.status === 'done' ? outcomeOf(detail.tasks) : null,
    undelivered: undelivered.map((u) => ({
      id: u.id,
      event: u.event,
      status: u.status,
      attempts: u.attempts,
      lastError: u.lastError,
      createdAt: u.createdAt,
    })),
  };
}
