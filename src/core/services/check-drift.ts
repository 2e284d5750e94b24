// Schema drift: a database's live schema compared with the one its last successful migration recorded.
import { z } from 'zod';
import { diffSchemas } from '../drift/diff.ts';
import { type DriftBaseline, type DriftOutcome, readDrift, writeDrift } from '../drift/state.ts';
import { DomainError, notFound } from '../errors.ts';
import type { Database, Instance } from '../model/workspace.ts';
import { EngineError } from '../ports/engine-driver.ts';
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

/** A drift check's outcome with the names the caller knows the database by. */
export interface DriftReport extends Omit<DriftOutcome, 'checkedBy'> {
  instance: string;
  database: string;
  environment: string;
  project: string;
}

interface Target {
  instance: Instance;
  database: Database;
  environment: string;
  project: string;
}

const report = (t: Target, { checkedBy: _, ...outcome }: DriftOutcome): DriftReport => ({
  instance: t.instance.key,
  database: t.database.name,
  environment: t.environment,
  project: t.project,
  ...outcome,
});

/** Names of environments and projects by id, to label targets. */
async function labels(ctx: ServiceContext) {
  const [envs, projects] = await Promise.all([ctx.store.environments.list(), ctx.store.projects.list()]);
  return (instance: Instance, database: Database): Target => ({
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
async function resolveTargets(ctx: ServiceContext, input: z.output<typeof driftInput>): Promise<Target[]> {
  const { store } = ctx;
  const label = await labels(ctx);
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

/** Why the live schema could not be read, in words safe to show (drivers never put credentials in them). */
const unreachableText = (err: unknown) =>
  err instanceof EngineError ? `${err.kind}: ${err.message}` : `schema not readable: ${String(err)}`;

/** Reads the live schema (read only) and compares it with the baseline; never throws for target failures. */
async function checkOne(ctx: ServiceContext, t: Target): Promise<DriftOutcome> {
  const checkedAt = new Date(ctx.clock.now());
  const base = { checkedAt, checkedBy: ctx.actor.id };
  const latest = await ctx.store.history.latest(t.database.id);
  if (!latest) return { ...base, status: 'no_baseline', baseline: null, diff: null };
  const baseline: DriftBaseline = {
    historyId: latest.id,
    version: latest.version,
    issueId: latest.issueId,
    at: latest.finishedAt ?? latest.startedAt,
  };
  if (latest.schemaAfter === null)
    return {
      ...base,
      status: 'no_baseline',
      baseline: null,
      diff: null,
      error: `the last successful change (history #${latest.id}) recorded no schema after it`,
    };
  let live: string;
  try {
    const connection = await ctx.engines!.connection(t.instance);
    live = await connection.dumpSchema(t.database.name);
  } catch (err) {
    ctx.logger.warn(
      { instance: t.instance.key, database: t.database.name, error: unreachableText(err) },
      'drift check could not read the live schema',
    );
    return { ...base, status: 'unreachable', baseline, diff: null, error: unreachableText(err) };
  }
  // Dumps are deterministic, so equal schemas are equal text.
  if (live === latest.schemaAfter) return { ...base, status: 'in_sync', baseline, diff: null };
  return { ...base, status: 'drifted', baseline, diff: diffSchemas(latest.schemaAfter, live) };
}

/**
 * Checks drift of the named database(s) and records each outcome (settings `drift.<instance>.<database>`
 * plus an audit row `database.drift_check`); nothing is written to the target. With `cached`, answers the
 * recorded outcomes without connecting (databases never checked are left out; by instance key that is a 404).
 */
export async function checkDrift({
  ctx,
  input,
}: {
  ctx: ServiceContext;
  input: z.input<typeof driftInput>;
}): Promise<DriftReport[]> {
  const parsed = driftInput.parse(input);
  const targets = await resolveTargets(ctx, parsed);
  if (parsed.cached) {
    const recorded = await Promise.all(
      targets.map(async (t) => {
        const outcome = await readDrift(ctx.store.settings, t.instance.key, t.database.name);
        return outcome ? report(t, outcome) : null;
      }),
    );
    const found = recorded.filter((r) => r !== null);
    if (parsed.instance && found.length === 0)
      throw notFound(`no drift check recorded for ${parsed.instance}/${parsed.database} yet`);
    return found;
  }
  if (!ctx.engines) throw new DomainError('unavailable', 'live schema checks are not available here');
  const outcomes = await Promise.all(targets.map((t) => checkOne(ctx, t)));
  await ctx.store.transaction(async (tx) => {
    for (const [i, t] of targets.entries()) {
      const o = outcomes[i]!;
      await writeDrift(tx.settings, t.instance.key, t.database.name, o);
      await tx.audit.append({
        actorId: ctx.actor.id,
        action: 'database.drift_check',
        resourceType: 'database',
        resourceId: `${t.instance.key}/${t.database.name}`,
        details: {
          status: o.status,
          baselineHistoryId: o.baseline?.historyId ?? null,
          added: o.diff ? o.diff.added.length + o.diff.moreAdded : 0,
          removed: o.diff ? o.diff.removed.length + o.diff.moreRemoved : 0,
          ...(o.error ? { error: o.error } : {}),
        },
        requestId: ctx.requestId,
      });
    }
  });
  return targets.map((t, i) => report(t, outcomes[i]!));
}

/** Every database of the projects the actor can see with its last recorded drift check (null: never checked). */
export async function listDrift({
  ctx,
}: {
  ctx: ServiceContext;
}): Promise<Array<{ target: Omit<DriftReport, keyof DriftOutcome>; last: DriftReport | null }>> {
  const [databases, instances, visible, label] = await Promise.all([
    ctx.store.databases.list(),
    ctx.store.instances.list(),
    visibleProjects(ctx),
    labels(ctx),
  ]);
  const targets = databases
    .filter((d) => visible(d.projectId))
    .map((d) => label(instances.find((i) => i.id === d.instanceId)!, d))
    // Grouped by project and database; the stable sort keeps the store's order of environments.
    .sort((a, b) => a.project.localeCompare(b.project) || a.database.name.localeCompare(b.database.name));
  return Promise.all(
    targets.map(async (t) => {
      const outcome = await readDrift(ctx.store.settings, t.instance.key, t.database.name);
      return {
        target: {
          instance: t.instance.key,
          database: t.database.name,
          environment: t.environment,
          project: t.project,
        },
        last: outcome ? report(t, outcome) : null,
      };
    }),
  );
}
