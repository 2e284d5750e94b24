// Reads an issue as people see it: stages with tasks and their runs (logs), approvals with names, the timeline.
import { notFound } from '../errors.ts';
import type { Approval, Issue, TaskRun } from '../model/issue.ts';
import { assertCanSee } from './access.ts';
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
  approvals: (Omit<Approval, 'decidedBy' | 'issueId'> & { decidedBy: PersonView })[];
  events: { kind: string; payload: Record<string, unknown>; createdAt: Date }[];
}

/** The whole issue; visible to the project's members, DBAs and workspace owners. */
export async function getIssue({
  ctx,
  input,
}: {
  ctx: ServiceContext;
  input: { issueId: number };
}): Promise<IssueView> {
  const { store } = ctx;
  const detail = await store.issues.detail(input.issueId);
  if (!detail) throw notFound(`issue ${input.issueId} not found`);
  const members = await store.projects.listMembers(detail.issue.projectId);
  assertCanSee(ctx.actor, members);
  const [project, envs, instances, databases, runs, events, principals] = await Promise.all([
    store.projects.get(detail.issue.projectId),
    store.environments.list(),
    store.instances.list(),
    store.databases.list({ projectId: detail.issue.projectId }),
    store.rollout.runsOfIssue(detail.issue.id),
    store.issues.events(detail.issue.id),
    store.principals.list(),
  ]);
  const person = (id: number | null): PersonView => {
    const p = principals.find((x) => x.id === id);
    return p ? { id: p.id, name: p.name, email: p.email } : null;
  };
  const { creatorId, projectId: _p, revision: _r, ...issue } = detail.issue;
  return {
    issue: { ...issue, project: project?.key ?? '?', creator: person(creatorId) },
    stages: detail.stages.map((s) => ({
      id: s.id,
      environment: envs.find((e) => e.id === s.environmentId)?.key ?? '?',
      status: s.status,
      runAt: s.runAt,
      tasks: detail.tasks
        .filter((t) => t.stageId === s.id)
        .map((t) => {
          const db = databases.find((d) => d.id === t.databaseId);
          const inst = instances.find((i) => i.id === db?.instanceId);
          return {
            id: t.id,
            database: db?.name ?? '?',
            instance: inst?.key ?? '?',
            engine: inst?.engine ?? '?',
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
      decidedBy: person(decidedBy),
    })),
    events: events.map(({ kind, payload, createdAt }) => ({ kind, payload, createdAt })),
  };
}
