// Schema drift: a database's live schema compared with the one its last successful migration recorded, on request
// (API, chat) or on the schedule (drift watch), with each database's current state and the history of its checks.
import { z } from 'zod';
import { runDriftCheck } from '../drift/check.ts';
import type { SchemaDiff } from '../drift/diff.ts';
import { DomainError, notFound } from '../errors.ts';
import type { Database, Instance } from '../model/workspace.ts';
import type { DriftCheckRecord, DriftState, DriftStatus } from '../ports/drift-store.ts';
import type { Store } from '../ports/store.ts';
import { assertCanSee, isWorkspaceAdmin } from './access.ts';
import type { ServiceContext } from './context.ts';

export const driftInput = z
  .strictObject({
    /** With an instance key, exactly that database; without, every database of that name. */
    instance: z.string().min(1).max(200).optional(),
    database: z.string().min(1).max(200),
    /** Narrows a by-name lookup to one environment. */
    environment: z.string().min(1).max(200).optional(),
    /** Answer the last recorded check instead of connecting. */
    cached: z.boolean().default(false),
  })
  .refine((i) => !(i.instance && i.environment), {
    message: 'give an instance or an environment, not both',
  });

/** The migration whose recorded schema the live one is compared with. */
export interface DriftBaseline {
  historyId: number;
  version: string | null;
  issueId: number | null;
  at: Date;
}

/** A database's drift state with the names the caller knows the database by. */
export interface DriftReport {
  instance: string;
  database: string;
  environment: string;
  project: string;
  status: DriftStatus;
  /** Counts the database's changes of state; a decision names the one it was made on. */
  seq: number;
  checkedAt: Date;
  /** Since when the database is in this state. */
  since: Date;
  baseline: DriftBaseline | null;
  diff: SchemaDiff | null;
  error?: string;
}

export interface DriftTarget {
  instance: Instance;
  database: Database;
  environment: string;
  project: string;
}

const labelOf = (t: DriftTarget) => ({
  instance: t.instance.key,
  database: t.database.name,
  environment: t.environment,
  project: t.project,
});

/** The report of a recorded state; null when the database was never checked. */
export async function reportOf(
  store: Store,
  t: DriftTarget,
  state: DriftState | null,
): Promise<DriftReport | null> {
  if (!state?.status || !state.checkedAt) return null;
  const row = state.baselineHistoryId === null ? null : await store.history.get(state.baselineHistoryId);
  return {
    ...labelOf(t),
    status: state.status,
    seq: state.seq,
    checkedAt: state.checkedAt,
    since: state.changedAt ?? state.checkedAt,
    baseline: row
      ? { historyId: row.id, version: row.version, issueId: row.issueId, at: row.finishedAt ?? row.startedAt }
      : null,
    diff: state.diff,
    ...(state.error ? { error: state.error } : {}),
  };
}

/** Names of environments and projects by id, to label targets. */
export async function targetLabeller(store: Store) {
  const [envs, projects] = await Promise.all([store.environments.list(), store.projects.list()]);
  return (instance: Instance, database: Database): DriftTarget => ({
    instance,
    database,
    environment: envs.find((e) => e.id === instance.environmentId)?.key ?? '?',
    project: projects.find((p) => p.id === database.projectId)?.key ?? '?',
  });
}

/**
 * The databases the input names, authorised like history: by instance key, unknown is 404 and another
 * project's database 403; by name, databases the actor cannot see are left out as if they did not exist.
 */
export async function resolveDriftTargets(
  ctx: ServiceContext,
  input: { instance?: string | undefined; database: string; environment?: string | undefined },
): Promise<DriftTarget[]> {
  const { store } = ctx;
  const label = await targetLabeller(store);
  if (input.instance) {
    const instance = await store.instances.getByKey(input.instance);
    const database = instance ? await store.databases.find(instance.id, input.database) : null;
    if (!instance || !database) throw notFound(`database ${input.instance}/${input.database} not found`);
    assertCanSee(ctx.actor, await store.projects.listMembers(database.projectId));
    return [label(instance, database)];
  }
  const [databases, instances, visible] = await Promise.all([
    store.databases.list(),
    store.instances.list(),
    visibleProjects(ctx),
  ]);
  const targets = databases
    .filter((d) => d.name === input.database && visible(d.projectId))
    .map((d) => label(instances.find((i) => i.id === d.instanceId)!, d))
    .filter((t) => !input.environment || t.environment === input.environment);
  if (targets.length === 0)
    throw notFound(
      `no database named ${input.database}${input.environment ? ` in ${input.environment}` : ''} that you can see`,
    );
  return targets;
}

/** Which projects the actor may see: all for workspace owners and DBAs, else those they are a member of. */
async function visibleProjects(ctx: ServiceContext): Promise<(projectId: number) => boolean> {
  if (isWorkspaceAdmin(ctx.actor)) return () => true;
  const ids = new Set((await ctx.store.projects.membershipsOf(ctx.actor.id)).map((m) => m.projectId));
  return (projectId) => ids.has(projectId);
}

/** A person's checks wait this long for a migration in flight to finish before they give up. */
const BUSY_RETRIES = 20;
const BUSY_WAIT_MS = 250;

/**
 * Checks drift of the named database(s) now and records each outcome as the database's state (an audit row
 * `database.drift_check` each; a change of state worth telling is announced in chat); nothing is written to the
 * target. With `cached`, answers the recorded states without connecting (databases never checked are left out;
 * by instance key that is a 404).
 */
export async function checkDrift({
  ctx,
  input,
  timeoutMs = 60_000,
}: {
  ctx: ServiceContext;
  input: z.input<typeof driftInput>;
  timeoutMs?: number;
}): Promise<DriftReport[]> {
  const parsed = driftInput.parse(input);
  const targets = await resolveDriftTargets(ctx, parsed);
  if (parsed.cached) {
    const recorded = await Promise.all(
      targets.map(async (t) => reportOf(ctx.store, t, await ctx.store.driftStates.get(t.database.id))),
    );
    const found = recorded.filter((r) => r !== null);
    if (parsed.instance && found.length === 0)
      throw notFound(`no drift check recorded for ${parsed.instance}/${parsed.database} yet`);
    return found;
  }
  const engines = ctx.engines;
  if (!engines) throw new DomainError('unavailable', 'live schema checks are not available here');
  const deps = { store: ctx.store, engines, clock: ctx.clock, logger: ctx.logger, timeoutMs };
  return Promise.all(
    targets.map(async (t) => {
      for (let attempt = 1; ; attempt++) {
        const result = await runDriftCheck(deps, t, { checkedBy: ctx.actor.id, requestId: ctx.requestId });
        if (result.kind === 'recorded') return (await reportOf(ctx.store, t, result.state))!;
        if (attempt >= BUSY_RETRIES)
          throw new DomainError(
            'conflict',
            `${t.instance.key}/${t.database.name} was not checked: ${result.reason}; try again when it has finished`,
          );
        await new Promise((r) => setTimeout(r, BUSY_WAIT_MS));
      }
    }),
  );
}

/** Every database of the projects the actor can see with its current drift state (null: never checked). */
export async function listDrift({
  ctx,
}: {
  ctx: ServiceContext;
}): Promise<Array<{ target: ReturnType<typeof labelOf>; last: DriftReport | null }>> {
  const [databases, instances, visible, label, states] = await Promise.all([
    ctx.store.databases.list(),
    ctx.store.instances.list(),
    visibleProjects(ctx),
    targetLabeller(ctx.store),
    ctx.store.driftStates.list(),
  ]);
  const byDatabase = new Map(states.map((s) => [s.databaseId, s]));
  const targets = databases
    .filter((d) => visible(d.projectId))
    .map((d) => label(instances.find((i) => i.id === d.instanceId)!, d))
    // Grouped by project and database; the stable sort keeps the store's order of environments.
    .sort((a, b) => a.project.localeCompare(b.project) || a.database.name.localeCompare(b.database.name));
  return Promise.all(
    targets.map(async (t) => ({
      target: labelOf(t),
      last: await reportOf(ctx.store, t, byDatabase.get(t.database.id) ?? null),
    })),
  );
}

export const driftChecksQuery = z.strictObject({
  limit: z.coerce.number().int().min(1).max(200).default(50),
  before: z.coerce.number().int().min(1).optional(),
});

/** A database's recorded drift checks, newest first (`before`: checks older than that id). */
export async function listDriftChecks({
  ctx,
  instance,
  database,
  query,
}: {
  ctx: ServiceContext;
  instance: string;
  database: string;
  query: z.input<typeof driftChecksQuery>;
}): Promise<{ checks: Array<DriftCheckRecord & { checkedByName: string | null }>; more: boolean }> {
  const q = driftChecksQuery.parse(query);
  const [t] = await resolveDriftTargets(ctx, { instance, database });
  const rows = await ctx.store.driftStates.history(t!.database.id, {
    limit: q.limit + 1,
    ...(q.before ? { before: q.before } : {}),
  });
  const page = rows.slice(0, q.limit);
  const people = new Map<number, string>();
  for (const id of new Set(page.map((c) => c.checkedBy).filter((id) => id !== null)))
    people.set(id, (await ctx.store.principals.get(id))?.name ?? `user #${id}`);
  return {
    checks: page.map((c) => ({
      ...c,
      checkedByName: c.checkedBy === null ? null : (people.get(c.checkedBy) ?? null),
    })),
    more: rows.length > q.limit,
  };
}
