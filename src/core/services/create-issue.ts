// Creates an issue: validates the change, resolves targets into a stage per environment, reviews, picks approvers.
import { z } from 'zod';
import { badRequest, forbidden, preconditionFailed } from '../errors.ts';
import type { IssueDetail } from '../model/issue.ts';
import type { Database, Environment, Instance } from '../model/workspace.ts';
import type { Engine } from '../ports/engine-driver.ts';
import type { DomainEvent } from '../ports/events.ts';
import type { NewIssue } from '../ports/issue-store.ts';
import { planApproval } from '../rollout/approval-policy.ts';
import { type ReviewTarget, reviewChange } from '../rollout/review-change.ts';
import { type SqlDialect, splitStatements } from '../sql/split.ts';
import { projectForActor } from './access.ts';
import type { ServiceContext } from './context.ts';
import { isoDateTime } from './input-shapes.ts';

const MAX_SCRIPT_BYTES = 1024 * 1024;
const versionPattern = /^[0-9A-Za-z][0-9A-Za-z._-]{0,63}$/;
/** ISO 8601 date-time with an explicit zone (Z or ±hh:mm); a bare date or a local time would be ambiguous. */

const dialectOf: Record<Engine, SqlDialect> = {
  postgres: 'postgres',
  pglite: 'postgres',
  mysql: 'mysql',
  clickhouse: 'clickhouse',
  snowflake: 'snowflake',
};

/** The fields of a change, before the rules that tie them together. */
export const createIssueFields = z.strictObject({
  title: z.string().trim().min(1, 'title is required').max(200),
  description: z.string().max(20_000).default(''),
  type: z.enum(['schema', 'data', 'baseline']),
  statement: z.string().optional(),
  files: z
    .array(
      z.strictObject({
        version: z.string().regex(versionPattern, 'version must be 1-64 letters, digits, . _ -'),
        statement: z.string(),
      }),
    )
    .min(1)
    .max(1000)
    .optional(),
  targets: z
    .array(z.strictObject({ environment: z.string().optional(), database: z.string().optional() }))
    .min(1, 'at least one target is required'),
  runAt: isoDateTime('runAt').optional(),
  origin: z.enum(['api', 'web', 'chat', 'gitlab']).default('api'),
  originRef: z.unknown().optional(),
});

export const createIssueInput = createIssueFields.superRefine((v, ctx) => {
  if (v.type === 'baseline') {
    if (v.statement || v.files)
      ctx.addIssue({
        code: 'custom',
        message: 'a baseline records the live schema and takes no statement',
        path: ['statement'],
      });
    return;
  }
  if ((v.statement === undefined) === (v.files === undefined)) {
    ctx.addIssue({ code: 'custom', message: 'give either statement or files', path: ['statement'] });
  }
  const scripts = v.files?.map((f) => f.statement) ?? [v.statement ?? ''];
  if (scripts.some((s) => s.trim() === ''))
    ctx.addIssue({ code: 'custom', message: 'a statement is empty', path: ['statement'] });
  const bytes = scripts.reduce((n, s) => n + Buffer.byteLength(s), 0);
  if (bytes > MAX_SCRIPT_BYTES)
    ctx.addIssue({
      code: 'custom',
      message: `the change is ${bytes} bytes; at most ${MAX_SCRIPT_BYTES} are accepted`,
      path: ['statement'],
    });
  const versions = v.files?.map((f) => f.version) ?? [];
  if (new Set(versions).size !== versions.length)
    ctx.addIssue({ code: 'custom', message: 'file versions must be unique', path: ['files'] });
});

export type CreateIssueInput = z.input<typeof createIssueInput>;

const naturalCompare = (a: string, b: string) => a.localeCompare(b, 'en', { numeric: true });

interface Target {
  database: Database;
  instance: Instance;
  environment: Environment;
}

/** Creates the issue with its pipeline and review; returns it with its stages, tasks and approval steps. */
export async function createIssue({
  ctx,
  input,
}: {
  ctx: ServiceContext;
  input: { project: string; change: CreateIssueInput };
}): Promise<IssueDetail> {
  const { store, actor } = ctx;
  const { project, members } = await projectForActor(store, actor, input.project);
  const isMember = members.some((m) => m.principalId === actor.id);
  if (!isMember && actor.workspaceRole === 'developer')
    throw forbidden('only project members may propose changes');
  const change = createIssueInput.parse(input.change);
  if (change.runAt && change.runAt.getTime() < ctx.clock.now())
    throw badRequest(
      `runAt ${change.runAt.toISOString()} is in the past; leave it out to run as soon as approved`,
    );

  const [environments, instances, databases] = await Promise.all([
    store.environments.list(),
    store.instances.list(),
    store.databases.list({ projectId: project.id }),
  ]);
  const all: Target[] = databases.flatMap((database) => {
    const instance = instances.find((i) => i.id === database.instanceId);
    const environment = environments.find((e) => e.id === instance?.environmentId);
    return instance && environment ? [{ database, instance, environment }] : [];
  });
  const chosen = new Map<number, Target>();
  for (const [i, t] of change.targets.entries()) {
    if (t.environment && !environments.some((e) => e.key === t.environment)) {
      throw badRequest(`targets[${i}].environment: unknown environment ${JSON.stringify(t.environment)}`);
    }
    const hits = all.filter(
      (x) =>
        (!t.environment || x.environment.key === t.environment) &&
        (!t.database || x.database.name === t.database),
    );
    if (hits.length === 0) {
      throw badRequest(`targets[${i}]: no database of project ${project.key} matches ${JSON.stringify(t)}`);
    }
    for (const h of hits) chosen.set(h.database.id, h);
  }
  const files =
    change.type === 'baseline'
      ? [{ version: null as string | null, statement: '' }]
      : (change.files?.map((f) => ({ version: f.version as string | null, statement: f.statement })) ?? [
          { version: null, statement: change.statement! },
        ]);
  files.sort((a, b) => naturalCompare(a.version ?? '', b.version ?? ''));
  // A script of blanks, semicolons and comments would be "applied" and recorded as a migration that did nothing.
  if (change.type !== 'baseline')
    for (const dialect of new Set([...chosen.values()].map((t) => dialectOf[t.instance.engine])))
      for (const f of files)
        if (splitStatements(f.statement, dialect).length === 0)
          throw badRequest(
            `${f.version ? `file ${f.version}` : 'statement'}: there is no SQL statement in it, only blanks, semicolons or comments`,
          );

  const byEnv = [...new Set([...chosen.values()].map((t) => t.environment))].sort(
    (a, b) => a.position - b.position,
  );
  const stages: NewIssue['stages'] = byEnv.map((env) => {
    const targets = [...chosen.values()]
      .filter((t) => t.environment.id === env.id)
      .sort((a, b) =>
        naturalCompare(`${a.database.name}/${a.instance.key}`, `${b.database.name}/${b.instance.key}`),
      );
    return {
      environmentId: env.id,
      runAt: change.runAt ?? null,
      tasks: targets.flatMap((t) =>
        files.map((f) => ({ databaseId: t.database.id, version: f.version, statement: f.statement })),
      ),
    };
  });

  const reviewTargets: ReviewTarget[] =
    change.type === 'baseline'
      ? []
      : [...chosen.values()].flatMap((t) =>
          files.map((f) => ({
            environment: t.environment,
            engine: t.instance.engine,
            database: t.database.name,
            version: f.version,
            statement: f.statement,
          })),
        );
  const { review, risk } = reviewTargets.length
    ? await reviewChange(project, reviewTargets, ctx.metrics)
    : { review: null, risk: 'low' as const };
  const plan = planApproval(
    risk,
    byEnv.some((e) => e.reviewTemplate === 'prod'),
    review?.errorCount ?? 0,
    {
      principals: await store.principals.list(),
      members,
      creatorId: actor.id,
      allowSelfApproval: project.allowSelfApproval,
    },
  );
  if ('problem' in plan) throw preconditionFailed(plan.problem);
  const steps = plan.steps;

  const made = await store.transaction(async (tx) => {
    const created = await tx.issues.create({
      projectId: project.id,
      title: change.title,
      description: change.description,
      type: change.type,
      creatorId: actor.id,
      origin: change.origin,
      originRef: change.originRef ?? null,
      risk,
      review,
      runAt: change.runAt ?? null,
      stages,
      approvalSteps: steps,
    });
    await tx.issues.addEvent(created.issue.id, 'created', { by: actor.id, risk, steps });
    await tx.audit.append({
      actorId: actor.id,
      action: 'issue.create',
      resourceType: 'issue',
      resourceId: String(created.issue.id),
      details: {
        project: project.key,
        type: change.type,
        risk,
        tasks: created.tasks.length,
        approvalSteps: steps,
        reviewErrors: review?.errorCount ?? 0,
      },
      requestId: ctx.requestId,
    });
    const events: DomainEvent[] = [
      { type: 'issue.created', issueId: created.issue.id, projectId: project.id },
    ];
    const first = created.approvals[0];
    if (first)
      events.push({
        type: 'approval.requested',
        issueId: created.issue.id,
        round: first.round,
        step: first.step,
        role: first.role,
      });
    await tx.outbox.add(events);
    return { ...created, events };
  });
  const { events, ...detail } = made;
  for (const e of events) ctx.events?.publish(e);
  return detail;
}
