// Reviews a draft change (what would become an issue) per target environment, without creating anything.
import { z } from 'zod';
import { badRequest, forbidden } from '../errors.ts';
import type { ApproverRole, IssueReview, RiskLevel } from '../model/issue.ts';
import type { Database, Environment, Instance } from '../model/workspace.ts';
import type { Engine } from '../ports/engine-driver.ts';
import type { Store } from '../ports/store.ts';
import { planApproval } from '../rollout/approval-policy.ts';
import { type ReviewTarget, reviewChange } from '../rollout/review-change.ts';
import { type SqlDialect, splitStatements } from '../sql/split.ts';
import { projectForActor } from './access.ts';
import type { ServiceContext } from './context.ts';
import { createIssueFields, createIssueInput } from './create-issue.ts';

const dialectOf: Record<Engine, SqlDialect> = {
  postgres: 'postgres',
  pglite: 'postgres',
  mysql: 'mysql',
  clickhouse: 'clickhouse',
  snowflake: 'snowflake',
};

/** The body of creating an issue, where a draft may still lack its title; where it came from is not asked. */
export const reviewDraftFields = createIssueFields
  .omit({ origin: true, originRef: true })
  .extend({ title: z.string().max(200).optional() });

export type ReviewDraftInput = z.input<typeof reviewDraftFields>;

/** One database the draft would run on. */
export interface DraftTarget {
  environment: string;
  database: string;
  instance: string;
  engine: Engine;
}

export interface DraftReview {
  /** The advice per environment, in rollout order; empty for a baseline (it runs no statement). */
  review: IssueReview;
  risk: RiskLevel;
  /** Every database the targets resolve to, in rollout order. */
  targets: DraftTarget[];
  /** The approval steps an issue made from this draft would wait for, or why nobody could approve it. */
  approval: { steps: ApproverRole[] } | { problem: string };
}

export interface ResolvedTarget {
  database: Database;
  instance: Instance;
  environment: Environment;
}

const naturalCompare = (a: string, b: string) => a.localeCompare(b, 'en', { numeric: true });

/**
 * The project's databases the `targets` select, by database id, with precise errors for a target that names an
 * unknown environment or matches nothing. Issue creation resolves targets by the same rules.
 */
export async function resolveTargets(
  store: Store,
  project: { id: number; key: string },
  targets: { environment?: string | undefined; database?: string | undefined }[],
): Promise<ResolvedTarget[]> {
  const [environments, instances, databases] = await Promise.all([
    store.environments.list(),
    store.instances.list(),
    store.databases.list({ projectId: project.id }),
  ]);
  const all: ResolvedTarget[] = databases.flatMap((database) => {
    const instance = instances.find((i) => i.id === database.instanceId);
    const environment = environments.find((e) => e.id === instance?.environmentId);
    return instance && environment ? [{ database, instance, environment }] : [];
  });
  const chosen = new Map<number, ResolvedTarget>();
  for (const [i, t] of targets.entries()) {
    if (t.environment && !environments.some((e) => e.key === t.environment))
      throw badRequest(`targets[${i}].environment: unknown environment ${JSON.stringify(t.environment)}`);
    const hits = all.filter(
      (x) =>
        (!t.environment || x.environment.key === t.environment) &&
        (!t.database || x.database.name === t.database),
    );
    if (hits.length === 0)
      throw badRequest(`targets[${i}]: no database of project ${project.key} matches ${JSON.stringify(t)}`);
    for (const h of hits) chosen.set(h.database.id, h);
  }
  return [...chosen.values()].sort(
    (a, b) =>
      a.environment.position - b.environment.position ||
      naturalCompare(`${a.database.name}/${a.instance.key}`, `${b.database.name}/${b.instance.key}`),
  );
}

/** Same access as proposing the change: project members, DBAs and workspace owners. */
export async function reviewDraft({
  ctx,
  input,
}: {
  ctx: ServiceContext;
  input: { project: string; draft: ReviewDraftInput };
}): Promise<DraftReview> {
  const { store, actor } = ctx;
  const { project, members } = await projectForActor(store, actor, input.project);
  if (!members.some((m) => m.principalId === actor.id) && actor.workspaceRole === 'developer')
    throw forbidden('only project members may propose changes');
  const fields = reviewDraftFields.parse(input.draft);
  // The rules that tie the fields together are the issue's own; a placeholder title stands in for a missing one.
  const change = createIssueInput.parse({
    ...(input.draft as object),
    title: fields.title?.trim() || 'draft',
  });
  if (change.runAt && change.runAt.getTime() < ctx.clock.now())
    throw badRequest(
      `runAt ${change.runAt.toISOString()} is in the past; leave it out to run as soon as approved`,
    );
  const chosen = await resolveTargets(store, project, change.targets);

  const files =
    change.type === 'baseline'
      ? []
      : (change.files?.map((f) => ({ version: f.version as string | null, statement: f.statement })) ?? [
          { version: null, statement: change.statement ?? '' },
        ]);
  files.sort((a, b) => naturalCompare(a.version ?? '', b.version ?? ''));
  for (const dialect of new Set(chosen.map((t) => dialectOf[t.instance.engine])))
    for (const f of files)
      if (splitStatements(f.statement, dialect).length === 0)
        throw badRequest(
          `${f.version ? `file ${f.version}` : 'statement'}: there is no SQL statement in it, only blanks, semicolons or comments`,
        );

  const reviewTargets: ReviewTarget[] = chosen.flatMap((t) =>
    files.map((f) => ({
      environment: t.environment,
      engine: t.instance.engine,
      database: t.database.name,
      version: f.version,
      statement: f.statement,
    })),
  );
  const { review, risk } = reviewTargets.length
    ? await reviewChange(project, reviewTargets)
    : { review: { environments: [], errorCount: 0, warningCount: 0 }, risk: 'low' as const };
  const plan = planApproval(
    risk,
    chosen.some((t) => t.environment.reviewTemplate === 'prod'),
    review.errorCount,
    {
      principals: await store.principals.list(),
      members,
      creatorId: actor.id,
      allowSelfApproval: project.allowSelfApproval,
    },
  );
  return {
    review,
    risk,
    targets: chosen.map((t) => ({
      environment: t.environment.key,
      database: t.database.name,
      instance: t.instance.key,
      engine: t.instance.engine,
    })),
    approval: 'problem' in plan ? { problem: plan.problem } : { steps: plan.steps },
  };
}
