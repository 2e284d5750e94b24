// Lists issues the actor can see: all, their own, or those waiting for their decision.
import { z } from 'zod';
import type { Issue } from '../model/issue.ts';
import { holdsRole } from '../rollout/approval-policy.ts';
import { isWorkspaceAdmin } from './access.ts';
import type { ServiceContext } from './context.ts';

export const listIssuesInput = z.strictObject({
  project: z.string().optional(),
  filter: z.enum(['all', 'mine', 'pending']).default('all'),
  status: z
    .array(z.enum(['pending_approval', 'rejected', 'approved', 'running', 'done', 'failed', 'canceled']))
    .optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

export interface IssueSummary {
  id: number;
  project: string;
  title: string;
  type: string;
  status: string;
  risk: string;
  createdAt: Date;
  /** For `pending`: the role the issue waits on. */
  waitingFor?: string;
}

/** Newest first. `pending` means: waiting on a step this actor may decide. */
export async function listIssues({
  ctx,
  input,
}: {
  ctx: ServiceContext;
  input: z.input<typeof listIssuesInput>;
}): Promise<IssueSummary[]> {
  const q = listIssuesInput.parse(input);
  const { store, actor } = ctx;
  const projects = await store.projects.list();
  const memberships = await store.projects.membershipsOf(actor.id);
  const visible = projects.filter(
    (p) => isWorkspaceAdmin(actor) || memberships.some((m) => m.projectId === p.id),
  );
  const scoped = q.project ? visible.filter((p) => p.key === q.project) : visible;
  const issues: Issue[] = await store.issues.list({
    projectIds: scoped.map((p) => p.id),
    status: q.filter === 'pending' ? ['pending_approval'] : q.status,
    creatorId: q.filter === 'mine' ? actor.id : undefined,
    limit: q.filter === 'pending' ? 200 : q.limit,
  });
  const out: IssueSummary[] = [];
  for (const issue of issues) {
    const project = scoped.find((p) => p.id === issue.projectId)!;
    const summary: IssueSummary = {
      id: issue.id,
      project: project.key,
      title: issue.title,
      type: issue.type,
      status: issue.status,
      risk: issue.risk,
      createdAt: issue.createdAt,
    };
    if (q.filter === 'pending') {
      const approvals = await store.approvals.list(issue.id);
      const round = Math.max(0, ...approvals.map((a) => a.round));
      const step = approvals.find((a) => a.round === round && a.status === 'pending');
      const members = await store.projects.listMembers(issue.projectId);
      if (
        !step ||
        !holdsRole(actor, step.role, members) ||
        (issue.creatorId === actor.id && !project.allowSelfApproval)
      )
        continue;
      summary.waitingFor = step.role;
    }
    out.push(summary);
    if (out.length >= q.limit) break;
  }
  return out;
}
