// Runs one claimed task: version check, schema before, execute with a streamed log, schema after, history.
import { createHash } from 'node:crypto';
import type { Issue, Task, TaskLogEntry, TaskRun } from '../model/issue.ts';
import { ROBOT_PRINCIPAL_ID } from '../model/workspace.ts';
import type { Clock, Logger } from '../ports/clock.ts';
import type { EngineConnector } from '../ports/engine-connector.ts';
import type { ExecuteResult } from '../ports/engine-driver.ts';
import type { DomainEvent, EventBus } from '../ports/events.ts';
import { type Metrics, noopMetrics, secondsSince } from '../ports/metrics.ts';
import type { Store } from '../ports/store.ts';
import { settleIssue } from './progress.ts';

export interface TaskRunnerDeps {
  store: Store;
  engines: EngineConnector;
  events: EventBus;
  logger: Logger;
  clock: Clock;
  worker: string;
  lockTimeoutMs: number;
  statementTimeoutMs: number;
  /** How often buffered log lines are written to the run. */
  logFlushMs: number;
  /** Where task outcomes and durations are recorded; default nowhere. */
  metrics?: Metrics | undefined;
}

/** The abort reason the scheduler uses when the service stops. */
export const SHUTDOWN = 'shutdown';
/** The abort reason when another process recovered this task after its lease expired. */
export const LEASE_LOST = 'lease lost';

export const checksum = (statement: string) => createHash('sha256').update(statement, 'utf8').digest('hex');

const errorText = (err: unknown) => (err instanceof Error ? err.message : String(err));

/** Executes a task this worker has claimed; never throws: every outcome is recorded. */
export async function runTask(
  deps: TaskRunnerDeps,
  issue: Issue,
  task: Task,
  signal: AbortSignal,
): Promise<void> {
  const { store, events, logger } = deps;
  const now = () => new Date(deps.clock.now()).toISOString();
  // The run, the issue going to running and the outbox entry that announces it are one transaction.
  const { stagesBefore, run, started } = await store.transaction(async (tx) => {
    await tx.rollout.lockIssue(issue.id);
    const stagesBefore = await tx.rollout.stages(issue.id);
    await tx.issues.transition(issue.id, ['approved'], 'running');
    const run = await tx.rollout.startRun({
      taskId: task.id,
      attempt: task.attempts,
      executorId: ROBOT_PRINCIPAL_ID,
      worker: deps.worker,
    });
    const started: DomainEvent = {
      type: 'task.started',
      issueId: issue.id,
      taskId: task.id,
      runId: run.id,
      attempt: run.attempt,
    };
    await tx.outbox.add([started]);
    return { stagesBefore, run, started };
  });
  events.publish(started);

  const buffer: TaskLogEntry[] = [];
  const log = (entry: Omit<TaskLogEntry, 'at'>) => {
    const full = { at: now(), ...entry };
    buffer.push(full);
    events.publish({ type: 'task.progress', issueId: issue.id, taskId: task.id, runId: run.id, entry: full });
  };
  const flush = async () => {
    if (buffer.length) await store.rollout.appendRunLog(run.id, buffer.splice(0));
  };
  const flusher = setInterval(
    () => void flush().catch((err) => logger.warn({ err }, 'task log flush failed')),
    deps.logFlushMs,
  );

  let status: 'done' | 'failed' | 'skipped' | 'canceled' = 'failed';
  let reason: string | null = null;
  let result: ExecuteResult | null = null;
  // Filled in once the target is read, so a run that fails before that is still counted.
  const target = { engine: 'unknown' };
  const startedAt = performance.now();
  try {
    ({ status, reason, result } = await execute(deps, issue, task, run, signal, log, target));
  } catch (err) {
    status = 'failed';
    reason = errorText(err);
    log({ kind: 'error', message: reason });
    logger.error({ err, taskId: task.id }, 'task failed unexpectedly');
  } finally {
    clearInterval(flusher);
  }
  log({ kind: 'run_finished', status, ...(reason ? { message: reason } : {}) });
  await flush();
  const runStatus: TaskRun['status'] = status;
  const finished: DomainEvent = {
    type: 'task.finished',
    issueId: issue.id,
    taskId: task.id,
    runId: run.id,
    status,
    reason,
  };
  // The task's end state, what it means for its stage and issue, and the outbox entries saying so are one
  // transaction, so a reader never sees a finished task under an issue that has not noticed.
  const settled = await store.transaction(async (tx) => {
    await tx.rollout.lockIssue(issue.id);
    await tx.rollout.finishRun(run.id, {
      status: runStatus,
      result,
      error: status === 'failed' ? reason : null,
    });
    const ended = await tx.rollout.setTaskStatus(task.id, ['running'], status, reason);
    // A task recovered as interrupted after this process lost its lease was announced by the recovery already;
    // settling from the stages as they are now keeps its stage from being announced a second time.
    const settled = await settleIssue(tx, issue.id, ended ? stagesBefore : undefined);
    await tx.outbox.add(ended ? [finished, ...settled] : settled);
    return settled;
  });
  (deps.metrics ?? noopMetrics).taskFinished({
    engine: target.engine,
    status,
    seconds: secondsSince(startedAt),
  });
  events.publish(finished);
  for (const e of settled) events.publish(e);
}

type Outcome = {
  status: 'done' | 'failed' | 'skipped' | 'canceled';
  reason: string | null;
  result: ExecuteResult | null;
};

async function execute(
  deps: TaskRunnerDeps,
  issue: Issue,
  task: Task,
  run: TaskRun,
  signal: AbortSignal,
  log: (entry: Omit<TaskLogEntry, 'at'>) => void,
  target: { engine: string },
): Promise<Outcome> {
  const { store } = deps;
  const database = (await store.databases.get(task.databaseId))!;
  const instance = (await store.instances.get(database.instanceId))!;
  target.engine = instance.engine;
  log({ kind: 'run_started', message: `attempt ${run.attempt} on ${instance.key}/${database.name}` });
  if (task.version) {
    const applied = await store.history.appliedVersion(database.id, task.version);
    if (applied) {
      const reason = `version ${task.version} was already applied to ${instance.key}/${database.name} (history #${applied.id}, ${applied.startedAt.toISOString()})`;
      log({ kind: 'skipped', message: reason });
      return { status: 'skipped', reason, result: null };
    }
  }
  const approvals = await store.approvals.list(issue.id);
  const approverId = [...approvals].reverse().find((a) => a.status === 'approved')?.decidedBy ?? null;
  const connection = await deps.engines.connection(instance);
  const schemaBefore = await connection.dumpSchema(database.name);
  log({ kind: 'snapshot', message: `schema before: ${schemaBefore.length} bytes` });
  if (task.type !== 'baseline' && !(await store.history.latest(database.id))) {
    // The first change through the service records the live schema as it found it, so drift is known from here
    // on even when this change fails.
    const statement = '-- baseline: the live schema before its first change through the service';
    const first = await store.history.begin({
      databaseId: database.id,
      issueId: issue.id,
      taskId: task.id,
      version: null,
      type: 'baseline',
      statement,
      checksum: checksum(statement),
      schemaBefore,
      approverId,
      executorId: ROBOT_PRINCIPAL_ID,
    });
    await store.history.finish(first.id, {
      status: 'done',
      schemaAfter: schemaBefore,
      error: null,
      durationMs: 0,
    });
    log({
      kind: 'snapshot',
      message: `no earlier change recorded: baseline recorded (history #${first.id})`,
    });
  }
  // The history row exists before the database is touched, so a crash leaves a truthful "interrupted" record.
  const history = await store.history.begin({
    databaseId: database.id,
    issueId: issue.id,
    taskId: task.id,
    version: task.version,
    type: task.type,
    statement: task.statement,
    checksum: checksum(task.statement),
    schemaBefore,
    approverId,
    executorId: ROBOT_PRINCIPAL_ID,
  });
  const started = deps.clock.now();
  if (task.type === 'baseline') {
    await store.history.finish(history.id, {
      status: 'done',
      schemaAfter: schemaBefore,
      error: null,
      durationMs: 0,
    });
    return { status: 'done', reason: 'baseline recorded from the live schema', result: null };
  }
  let result: ExecuteResult;
  try {
    result = await connection.execute(task.statement, {
      database: database.name,
      lockTimeoutMs: deps.lockTimeoutMs,
      statementTimeoutMs: deps.statementTimeoutMs,
      signal,
      onProgress: (p) => {
        if (p.kind === 'statement_started')
          log({ kind: 'statement_started', index: p.index, line: p.line, sql: p.sql });
        else {
          const o = p.outcome;
          log({
            kind: 'statement_finished',
            index: o.index,
            line: o.line,
            status: o.status,
            rowsAffected: o.rowsAffected,
            durationMs: o.durationMs,
            ...(o.error ? { message: `${o.error.code}: ${o.error.message}` } : {}),
          });
        }
      },
    });
  } catch (err) {
    const error = errorText(err);
    const schemaAfter = await connection.dumpSchema(database.name).catch(() => null);
    await store.history.finish(history.id, {
      status: 'failed',
      schemaAfter,
      error,
      durationMs: deps.clock.now() - started,
    });
    return { status: 'failed', reason: error, result: null };
  }
  const schemaAfter = await connection.dumpSchema(database.name).catch(() => null);
  const failed = result.outcomes.find((o) => o.status === 'failed');
  const error =
    result.status === 'done'
      ? null
      : result.status === 'cancelled'
        ? `cancelled after ${result.appliedCount} of ${result.outcomes.length} statements applied`
        : `statement ${(failed?.index ?? 0) + 1} (line ${failed?.line ?? '?'}) failed: ${failed?.error?.code ?? ''} ${failed?.error?.message ?? ''}`.trim() +
          `; ${result.appliedCount} of ${result.outcomes.length} statements applied${result.mode === 'transaction' ? ' (rolled back)' : ''}`;
  await store.history.finish(history.id, {
    status: result.status === 'done' ? 'done' : 'failed',
    schemaAfter,
    error,
    durationMs: Math.round(result.durationMs),
  });
  if (result.status === 'cancelled') {
    // Stopped by a shutdown: leave it failed so a person can retry it; stopped by a cancel: it stays canceled.
    if (signal.reason === SHUTDOWN)
      return { status: 'failed', reason: `interrupted by shutdown: ${error}`, result };
    return { status: 'canceled', reason: error, result };
  }
  return { status: result.status === 'done' ? 'done' : 'failed', reason: error, result };
}
