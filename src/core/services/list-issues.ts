// Lists issues the actor can see: all, their own, or those waiting for their decision; newest first, in pages.
import { z } from 'zod';
import { notFound } from '../errors.ts';
import { holdsRole } from '../rollout/approval-policy.ts';
import { isWorkspaceAdmin } from './access.ts';
import type { ServiceContext } from './context.ts';
import { pageCursor } from './input-shapes.ts';

const STATUSES = [
  'pending_approval',
  'rejected',
  'approved',
  'running',
  'done',
  'failed',
  'canceled',
] as const;

export const listIssuesInput = z.strictObject({
  project: z.string().optional(),
  filter: z.enum(['all', 'mine', 'pending']).default('all'),
  status: z.array(z.enum(STATUSES)).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  /** The `nextCursor` of the previous page. */
  cursor: z.string().optional(),
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

export interface IssuePage {
  issues: IssueSummary[];
  /** Pass as `cursor` for the next page; null when no more issues follow. */
  nextCursor: string | null;
}

const cursors = pageCursor('i', 10);

/** Newest first. `pending` means: waiting on a step this actor may decide. */
export async function listIssues({
  ctx,
  input,
}: {
  ctx: ServiceContext;
  input: z.input<typeof listIssuesInput>;
}): Promise<IssuePage> {
  const q = listIssuesInput.parse(input);
  const { store, actor } = ctx;
  const named = q.project ? await store.projects.getByKey(q.project) : null;
  if (q.project && !named) throw notFound(`project ${JSON.stringify(q.project)} not found`);
  // Roles held everywhere (a DBA's, a workspace owner's); the owner steps of other projects are held by their
  // members with the owner role (as holdsRole has it), which the store reads with the list.
  const roles = (['dba', 'project_owner'] as const).filter((r) => holdsRole(actor, r, []));
  const mayOwn = actor.kind === 'user' && actor.active;
  const rows = await store.issues.listItems({
    // Every issue belongs to a project: an admin's list needs no project condition, a developer's is narrowed
    // to the projects they are a member of.
    projectIds: named ? [named.id] : undefined,
    memberOf: isWorkspaceAdmin(actor) ? undefined : actor.id,
    status: q.status,
    creatorId: q.filter === 'mine' ? actor.id : undefined,
    pendingFor:
      q.filter === 'pending'
        ? {
            principalId: actor.id,
            roles: [...roles],
            ...(mayOwn ? {} : { ownerOf: [] }),
          }
        : undefined,
    beforeId: q.cursor ? cursors.decode(q.cursor, 2_147_483_647) : undefined,
    // One more than asked tells whether another page follows.
    limit: q.limit + 1,
  });
  const page = rows.slice(0, q.limit);
  const last = page.at(-1);
  return {
    issues: page.map((issue) => ({
      id: issue.id,
      project: issue.projectKey,
      title: issue.title,
      type: issue.type,
      status: issue.status,
      risk: issue.risk,
      createdAt: issue.createdAt,
      ...(q.filter === 'pending' && issue.waitingFor ? { waitingFor: issue.waitingFor } : {}),
    })),
    nextCursor: rows.length > q.limit && last ? cursors.encode(last.id) : null,
  };
}
