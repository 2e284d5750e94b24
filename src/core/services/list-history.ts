// Migration history of one database: what ran, when, by whom, with the schema before and after.
import { z } from 'zod';
import { notFound } from '../errors.ts';
import type { HistoryEntry } from '../model/issue.ts';
import { assertCanSee } from './access.ts';
import type { ServiceContext } from './context.ts';

export const historyQuery = z.strictObject({
  limit: z.coerce.number().int().min(1).max(500).default(50),
  since: z.coerce.date().optional(),
  schemas: z.enum(['true', 'false']).default('true'),
});

export interface HistoryView extends Omit<HistoryEntry, 'approverId' | 'executorId'> {
  approver: { id: number; name: string; email: string } | null;
  executor: { id: number; name: string; email: string } | null;
}

/** History rows newest first; `schemas=false` leaves out the (large) snapshots. */
export async function listHistory({
  ctx,
  input,
}: {
  ctx: ServiceContext;
  input: { instance: string; database: string; query: z.input<typeof historyQuery> };
}): Promise<{
  instance: string;
  database: string;
  environment: string;
  project: string;
  history: HistoryView[];
}> {
  const q = historyQuery.parse(input.query);
  const { store } = ctx;
  const instance = await store.instances.getByKey(input.instance);
  const database = instance ? await store.databases.find(instance.id, input.database) : null;
  if (!instance || !database) throw notFound(`database ${input.instance}/${input.database} not found`);
  assertCanSee(ctx.actor, await store.projects.listMembers(database.projectId));
  const [rows, principals, envs, project] = await Promise.all([
    store.history.list(database.id, { limit: q.limit, since: q.since }),
    store.principals.list(),
    store.environments.list(),
    store.projects.get(database.projectId),
  ]);
  const person = (id: number | null) => {
    const p = principals.find((x) => x.id === id);
    return p ? { id: p.id, name: p.name, email: p.email } : null;
  };
  return {
    instance: instance.key,
    database: database.name,
    environment: envs.find((e) => e.id === instance.environmentId)?.key ?? '?',
    project: project?.key ?? '?',
    history: rows.map(({ approverId, executorId, ...r }) => ({
      ...r,
      ...(q.schemas === 'false' ? { schemaBefore: null, schemaAfter: null } : {}),
      approver: person(approverId),
      executor: person(executorId),
    })),
  };
}
