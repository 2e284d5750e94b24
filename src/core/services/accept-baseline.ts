// Accepting a database's live schema as its baseline: a DBA's answer to drift (an out-of-band change that is to
// stay). Nothing runs on the database; the live schema is recorded as a `baseline` history row, the drift state
// becomes in sync, and the decision is audited and announced.
import { z } from 'zod';
import { unreachableText } from '../drift/check.ts';
import { DomainError, forbidden, notFound } from '../errors.ts';
import { checksum } from '../rollout/task-runner.ts';
import { isWorkspaceAdmin } from './access.ts';
import {
  type DriftReport,
  type DriftTarget,
  reportOf,
  resolveDriftTargets,
  targetLabeller,
} from './check-drift.ts';
import type { ServiceContext } from './context.ts';

export const baselineBody = z.strictObject({
  reason: z
    .string()
    .trim()
    .min(1, 'say why the live schema is accepted as the baseline')
    .max(1000, 'at most 1000 characters'),
  /** The drift state the person saw (its `seq`); when it is no longer current, nothing is done (409). */
  seq: z.number().int().min(0).optional(),
});

export const baselineInput = baselineBody.extend({
  databaseId: z.number().int().min(1).optional(),
  instance: z.string().min(1).max(200).optional(),
  database: z.string().min(1).max(200).optional(),
  environment: z.string().min(1).max(200).optional(),
});

export interface BaselineOutcome {
  databaseId: number;
  historyId: number;
  seq: number;
  drift: DriftReport;
}

/** The statement a baseline row records: nothing ran; the reason says why the live schema was accepted. */
const baselineStatement = (reason: string) =>
  `-- baseline accepted from the live schema: ${reason.replace(/\s+/g, ' ')}`;

/**
 * Records the live schema of one database as its baseline. DBAs and workspace owners only. With `seq`, acts only
 * while the database's drift state is still the one the person saw; a check or another baseline since is a 409
 * saying what the state is now. Refused (409) while a change runs on the database, and (503) when the live
 * schema cannot be read.
 */
export async function acceptBaseline({
  ctx,
  input,
}: {
  ctx: ServiceContext;
  input: z.input<typeof baselineInput>;
}): Promise<BaselineOutcome> {
  const parsed = baselineInput.parse(input);
  if (!isWorkspaceAdmin(ctx.actor))
    throw forbidden(
      `accepting a live schema as the baseline needs a DBA or a workspace owner; ${ctx.actor.email} is a ${ctx.actor.workspaceRole}`,
    );
  const { store } = ctx;
  let target: DriftTarget;
  if (parsed.databaseId !== undefined) {
    const database = await store.databases.get(parsed.databaseId);
    const instance = database ? await store.instances.get(database.instanceId) : null;
    if (!database || !instance) throw notFound(`database #${parsed.databaseId} not found`);
    target = (await targetLabeller(store))(instance, database);
  } else {
    if (!parsed.database) throw new DomainError('bad_request', 'name the database');
    const targets = await resolveDriftTargets(ctx, {
      instance: parsed.instance,
      database: parsed.database,
      environment: parsed.environment,
    });
    if (targets.length > 1)
      throw new DomainError(
        'bad_request',
        `${parsed.database} is on ${targets.length} instances (${targets.map((t) => `${t.instance.key} in ${t.environment}`).join(', ')}); name the environment`,
      );
    target = targets[0]!;
  }
  const { instance, database } = target;
  const name = `${instance.key}/${database.name}`;
  if (!ctx.engines) throw new DomainError('unavailable', 'live schemas cannot be read here');
  // A change that finishes while the schema is read would make the baseline older than the database.
  const before = await store.history.latest(database.id);
  let live: string;
  try {
    live = await (await ctx.engines.connection(instance)).dumpSchema(database.name);
  } catch (err) {
    throw new DomainError(
      'unavailable',
      `the live schema of ${name} could not be read: ${unreachableText(err)}`,
    );
  }
  const now = new Date(ctx.clock.now());
  const outcome = await store.transaction(async (tx) => {
    const state = await tx.driftStates.lock(database.id);
    if (parsed.seq !== undefined && state.seq !== parsed.seq)
      throw new DomainError(
        'conflict',
        `the drift state of ${name} changed since: it is now ${state.status?.replace('_', ' ') ?? 'unchecked'}${state.checkedAt ? ` (checked ${state.checkedAt.toISOString()})` : ''}; nothing was recorded`,
      );
    if ((await tx.history.latest(database.id))?.id !== before?.id)
      throw new DomainError(
        'conflict',
        `a change to ${name} finished while its schema was read; nothing was recorded, try again`,
      );
    if (await tx.driftStates.taskRunning(database.id))
      throw new DomainError(
        'conflict',
        `a change is running on ${name}; accept the baseline when it has finished`,
      );
    const statement = baselineStatement(parsed.reason);
    const history = await tx.history.begin({
      databaseId: database.id,
      issueId: null,
      taskId: null,
      version: null,
      type: 'baseline',
      statement,
      checksum: checksum(statement),
      schemaBefore: live,
      approverId: ctx.actor.id,
      executorId: ctx.actor.id,
    });
    await tx.history.finish(history.id, { status: 'done', schemaAfter: live, error: null, durationMs: 0 });
    const recorded = await tx.driftStates.record(
      database.id,
      {
        status: 'in_sync',
        checkedAt: now,
        checkedBy: ctx.actor.id,
        baselineHistoryId: history.id,
        diff: null,
        error: null,
        durationMs: null,
      },
      { bump: true },
    );
    await tx.outbox.add([
      {
        type: 'drift.changed',
        lane: `drift:${database.id}`,
        databaseId: database.id,
        seq: recorded.state.seq,
        status: 'in_sync',
        previous: recorded.previous,
        baseline: { by: ctx.actor.id, reason: parsed.reason, historyId: history.id },
      },
    ]);
    await tx.audit.append({
      actorId: ctx.actor.id,
      action: 'database.baseline',
      resourceType: 'database',
      resourceId: name,
      details: {
        reason: parsed.reason,
        historyId: history.id,
        previous: recorded.previous,
        seq: recorded.state.seq,
      },
      requestId: ctx.requestId,
    });
    return { historyId: history.id, state: recorded.state };
  });
  return {
    databaseId: database.id,
    historyId: outcome.historyId,
    seq: outcome.state.seq,
    drift: (await reportOf(store, target, outcome.state))!,
  };
}
