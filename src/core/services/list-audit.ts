// Reads the audit log: everything for workspace owners and DBAs, their projects' rows for project owners.
import { z } from 'zod';
import { badRequest, forbidden, notFound } from '../errors.ts';
import type { AuditFilter } from '../ports/store.ts';
import type { ServiceContext } from './context.ts';
import { isoDateTime, pageCursor } from './input-shapes.ts';
import { actingRole, requireGrant } from './permissions.ts';

export const listAuditInput = z.strictObject({
  actor: z.string().max(254).optional(),
  action: z
    .string()
    .regex(
      /^[a-z_]+(\.[a-z_]+)*(\.\*)?$/,
      'action must look like issue.approve, or issue.* for every issue action',
    )
    .optional(),
  /** `type` or `type:id`, e.g. `issue:42`, `principal:dana@example.com`. */
  resource: z
    .string()
    .max(300)
    .regex(/^[a-z_]+(:.+)?$/, 'resource must look like issue or issue:42')
    .optional(),
  project: z.string().max(100).optional(),
  since: isoDateTime('since').optional(),
  until: isoDateTime('until').optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().max(100).optional(),
});

export interface AuditEntryView {
  id: number;
  at: Date;
  actor: { email: string; name: string } | null;
  action: string;
  resource: { type: string; id: string | null };
  project: string | null;
  details: Record<string, unknown>;
  requestId: string | null;
}

export interface AuditPage {
  entries: AuditEntryView[];
  nextCursor: string | null;
}

const cursors = pageCursor('a', 16);

/** Newest first, in pages; filters combine with "and". */
export async function listAudit({ ctx, input }: { ctx: ServiceContext; input: unknown }): Promise<AuditPage> {
  const { store, actor } = ctx;
  const q = listAuditInput.parse(input);
  const filter: AuditFilter = { limit: q.limit + 1 };

  const projects = await store.projects.list();
  const role = actingRole(actor);
  if (role === 'developer') {
    // A developer reads the rows of the projects they own, and nothing else.
    const owned = (await store.projects.membershipsOf(actor.id)).filter((m) => m.role === 'owner');
    requireGrant('audit.read', owned.length > 0 ? 'project_owner' : 'developer', 'read the audit log');
    filter.projectIds = owned.map((m) => m.projectId);
  } else requireGrant('audit.read', role, 'read the audit log');

  if (q.project !== undefined) {
    const project = projects.find((p) => p.key === q.project);
    if (!project) throw notFound(`project ${JSON.stringify(q.project)} not found`);
    if (filter.projectIds && !filter.projectIds.includes(project.id))
      throw forbidden(`you do not own project ${project.key}`);
    filter.projectIds = [project.id];
  }
  if (q.actor !== undefined) {
    const who = await store.principals.findByEmail(q.actor);
    if (!who) return { entries: [], nextCursor: null };
    filter.actorId = who.id;
  }
  if (q.action !== undefined) filter.action = q.action;
  if (q.resource !== undefined) {
    const at = q.resource.indexOf(':');
    filter.resourceType = at < 0 ? q.resource : q.resource.slice(0, at);
    if (at >= 0) filter.resourceId = q.resource.slice(at + 1);
  }
  if (q.since) filter.since = q.since;
  if (q.until) filter.until = q.until;
  if (q.since && q.until && q.since.getTime() >= q.until.getTime())
    throw badRequest('since must be before until');
  if (q.cursor !== undefined) filter.beforeId = cursors.decode(q.cursor);

  const rows = await store.audit.list(filter);
  const page = rows.slice(0, q.limit);
  const people = await store.principals.list();
  return {
    entries: page.map((r) => {
      const p = r.actorId === null ? undefined : people.find((x) => x.id === r.actorId);
      return {
        id: r.id,
        at: r.at,
        actor: p ? { email: p.email, name: p.name } : null,
        action: r.action,
        resource: { type: r.resourceType, id: r.resourceId },
        project: projects.find((x) => x.id === r.projectId)?.key ?? null,
        details: r.details,
        requestId: r.requestId,
      };
    }),
    nextCursor: rows.length > q.limit ? cursors.encode(page[page.length - 1]!.id) : null,
  };
}
