// One drift check of one database, shared by the scheduled sweep, the API and chat: read the live schema (always
// connecting, within a time limit), then under the database's drift lock compare it with the schema the last
// successful migration recorded, record the state and, when the state changed in a way worth telling, write the
// announcement to the outbox in the same transaction.

import type { Database, Instance } from '../model/workspace.ts';
import { ROBOT_PRINCIPAL_ID } from '../model/workspace.ts';
import type { Clock, Logger } from '../ports/clock.ts';
import type { DriftFinding, DriftState, DriftStatus } from '../ports/drift-store.ts';
import type { EngineConnector } from '../ports/engine-connector.ts';
import { EngineError } from '../ports/engine-driver.ts';
import type { Store } from '../ports/store.ts';
import { diffSchemas } from './diff.ts';

export interface DriftCheckDeps {
  store: Store;
  engines: EngineConnector;
  clock: Clock;
  logger: Logger;
  /** Time limit of reading the live schema. */
  timeoutMs: number;
}

export interface DriftCheckTarget {
  instance: Instance;
  database: Database;
}

/** What a check did: recorded a state, or nothing because the database's schema was moving. */
export type DriftCheckResult =
  | {
      kind: 'recorded';
      state: DriftState;
      changed: boolean;
      previous: DriftStatus | null;
      announced: boolean;
    }
  | { kind: 'busy'; reason: string };

const BAD: ReadonlySet<DriftStatus> = new Set(['drifted', 'unreachable']);

/**
 * Whether a change of state is told to the project's channels: becoming drifted or unreachable, and leaving
 * either. The first check of a database that finds it fine stays quiet, as does a baseline appearing.
 */
export const worthTelling = (previous: DriftStatus | null, status: DriftStatus) =>
  previous !== status && (BAD.has(status) || (previous !== null && BAD.has(previous)));

/** Why the live schema could not be read, in words safe to show (drivers never put credentials in them). */
export const unreachableText = (err: unknown) =>
  err instanceof EngineError ? `${err.kind}: ${err.message}` : `schema not readable: ${String(err)}`;

async function readLive(
  deps: DriftCheckDeps,
  t: DriftCheckTarget,
): Promise<{ live: string } | { error: string }> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const limit = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new Error(`no answer within ${Math.round(deps.timeoutMs / 1000)} s`)),
      deps.timeoutMs,
    );
  });
  try {
    const read = (async () => {
      const connection = await deps.engines.connection(t.instance);
      return connection.dumpSchema(t.database.name);
    })();
    // A read that loses the race still settles later; its outcome is not wanted then.
    read.catch(() => {});
    return { live: await Promise.race([read, limit]) };
  } catch (err) {
    return {
      error: err instanceof EngineError ? unreachableText(err) : `timeout or error: ${errorText(err)}`,
    };
  } finally {
    clearTimeout(timer);
  }
}

const errorText = (err: unknown) => (err instanceof Error ? err.message : String(err)).slice(0, 500);

/**
 * Checks one database and records the outcome. `checkedBy` is the person who asked (null: the schedule);
 * `nextCheckAt` sets the next scheduled check (absent: unchanged). A check that raced a migration (a task of
 * the database running, or a new history row since the schema was read) records nothing and answers `busy`.
 */
export async function runDriftCheck(
  deps: DriftCheckDeps,
  t: DriftCheckTarget,
  options: { checkedBy: number | null; nextCheckAt?: Date | null; requestId?: string | null },
): Promise<DriftCheckResult> {
  const { store } = deps;
  // Real elapsed time (the injected clock may stand still in tests and benches).
  const started = performance.now();
  const before = await store.history.latest(t.database.id);
  const read = await readLive(deps, t);
  const checkedAt = new Date(deps.clock.now());
  const durationMs = Math.round(performance.now() - started);
  return store.transaction(async (tx): Promise<DriftCheckResult> => {
    await tx.driftStates.lock(t.database.id);
    const latest = await tx.history.latest(t.database.id);
    if ((latest?.id ?? null) !== (before?.id ?? null))
      return { kind: 'busy', reason: 'a migration finished while the schema was read' };
    if (await tx.driftStates.taskRunning(t.database.id))
      return { kind: 'busy', reason: 'a change is running on the database' };
    const finding: DriftFinding = {
      checkedAt,
      checkedBy: options.checkedBy,
      durationMs,
      baselineHistoryId: latest?.id ?? null,
      diff: null,
      error: null,
      status: 'in_sync',
    };
    if ('error' in read) {
      finding.status = 'unreachable';
      finding.error = read.error;
      deps.logger.warn(
        { instance: t.instance.key, database: t.database.name, error: read.error },
        'drift check could not read the live schema',
      );
    } else if (!latest) {
      finding.status = 'no_baseline';
    } else if (latest.schemaAfter === null) {
      finding.status = 'no_baseline';
      finding.baselineHistoryId = null;
      finding.error = `the last successful change (history #${latest.id}) recorded no schema after it`;
    } else if (read.live !== latest.schemaAfter) {
      // Dumps are deterministic, so equal schemas are equal text.
      finding.status = 'drifted';
      finding.diff = diffSchemas(latest.schemaAfter, read.live, 50, {
        baseline: `${t.database.name} (history #${latest.id})`,
        live: `${t.database.name} (live)`,
      });
    }
    const recorded = await tx.driftStates.record(
      t.database.id,
      finding,
      options.nextCheckAt === undefined ? {} : { nextCheckAt: options.nextCheckAt },
    );
    const announced = recorded.changed && worthTelling(recorded.previous, finding.status);
    if (announced)
      await tx.outbox.add([
        {
          type: 'drift.changed',
          lane: `drift:${t.database.id}`,
          databaseId: t.database.id,
          seq: recorded.state.seq,
          status: finding.status,
          previous: recorded.previous,
        },
      ]);
    // Someone's check is audited as before; the schedule's checks only when they change a known state.
    if (options.checkedBy !== null || (recorded.changed && recorded.previous !== null))
      await tx.audit.append({
        actorId: options.checkedBy ?? ROBOT_PRINCIPAL_ID,
        action: options.checkedBy !== null ? 'database.drift_check' : 'database.drift_state',
        resourceType: 'database',
        resourceId: `${t.instance.key}/${t.database.name}`,
        details: {
          status: finding.status,
          previous: recorded.previous,
          seq: recorded.state.seq,
          baselineHistoryId: finding.baselineHistoryId,
          added: finding.diff ? finding.diff.added.length + finding.diff.moreAdded : 0,
          removed: finding.diff ? finding.diff.removed.length + finding.diff.moreRemoved : 0,
          ...(finding.error ? { error: finding.error } : {}),
        },
        requestId: options.requestId ?? null,
      });
    return { kind: 'recorded', ...recorded, announced };
  });
}
