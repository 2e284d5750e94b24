// Runs split statements one by one on a reserved session and records per-statement outcomes and progress.

import type {
  ExecuteProgress,
  ExecuteResult,
  SplitStatement,
  StatementError,
  StatementOutcome,
} from '../../../src/core/ports/engine-driver.ts';
import type { TransactionEffect } from '../../../src/core/sql/classify.ts';

/** One reserved database session, as the statement loop needs it. */
export interface ScriptSession {
  /** Runs one statement and resolves the rows it affected (null when the engine reports none). */
  run(sql: string): Promise<number | null>;
  /** Opens the wrapping transaction (transaction mode only), including any SET LOCAL. */
  begin(): Promise<void>;
  commit(): Promise<void>;
  rollback(): Promise<void>;
  /** Asks the server, from another connection, to cancel the statement now running. */
  cancelRunning?(): Promise<void>;
  /** Translates a driver error into the port's statement error. */
  toError(err: unknown): StatementError;
  /** The statement's effect on the session's transaction, to honour a script's own BEGIN/COMMIT. */
  effect(sql: string): TransactionEffect;
}

export interface RunScriptInput {
  statements: SplitStatement[];
  mode: ExecuteResult['mode'];
  session: ScriptSession;
  signal?: AbortSignal;
  onProgress?: (event: ExecuteProgress) => void;
}

/** How often a cancel request is repeated while a statement keeps running (it may have raced its start). */
const CANCEL_RETRY_MS = 250;

/**
 * Applies the statements in order. In transaction mode the caller's session wraps them in one transaction
 * that a failure rolls back; in statements mode each commits on its own unless the script opened its own
 * transaction, which is rolled back when a statement inside it fails or the script leaves it open.
 */
export async function runScript(input: RunScriptInput): Promise<ExecuteResult> {
  const { statements, mode, session, signal, onProgress } = input;
  const started = performance.now();
  const outcomes: StatementOutcome[] = statements.map((s) => ({
    index: s.index,
    line: s.line,
    sql: s.sql,
    status: 'not_run',
    rowsAffected: null,
    durationMs: 0,
  }));
  let status: ExecuteResult['status'] = 'done';
  let openSince: number | null = null;
  const rollBackFrom = (from: number, to: number): void => {
    for (let j = from; j < to; j++) {
      const o = outcomes[j]!;
      if (o.status === 'done') o.status = 'rolled_back';
    }
  };

  if (mode === 'transaction') await session.begin();
  for (const [i, stmt] of statements.entries()) {
    if (signal?.aborted) {
      status = 'cancelled';
      break;
    }
    const outcome = outcomes[i]!;
    const effect = mode === 'statements' ? session.effect(stmt.sql) : null;
    if (effect === 'implicit_commit') openSince = null;
    onProgress?.({ kind: 'statement_started', index: stmt.index, line: stmt.line, sql: stmt.sql });
    const t0 = performance.now();
    try {
      outcome.rowsAffected = await withCancellation(session.run(stmt.sql), session, signal);
      outcome.status = 'done';
    } catch (err) {
      outcome.status = 'failed';
      outcome.error = session.toError(err);
      status = signal?.aborted ? 'cancelled' : 'failed';
    }
    outcome.durationMs = performance.now() - t0;
    onProgress?.({ kind: 'statement_finished', outcome: { ...outcome } });
    if (outcome.status === 'failed') break;
    if (effect === 'begin') openSince = i;
    else if (effect === 'commit') openSince = null;
    else if (effect === 'rollback' && openSince !== null) {
      rollBackFrom(openSince, i);
      openSince = null;
    }
    if (signal?.aborted && i < statements.length - 1) {
      status = 'cancelled';
      break;
    }
  }

  if (mode === 'transaction') {
    if (status === 'done') {
      try {
        await session.commit();
      } catch (err) {
        // A deferred constraint can fail at COMMIT: nothing persists, and the last statement carries the error.
        status = 'failed';
        rollBackFrom(0, outcomes.length);
        const last = outcomes[outcomes.length - 1];
        if (last) Object.assign(last, { status: 'failed', error: session.toError(err) });
      }
    } else {
      await session.rollback().catch(() => undefined);
      rollBackFrom(0, outcomes.length);
    }
  } else if (openSince !== null) {
    await session.rollback().catch(() => undefined);
    const failedAt = outcomes.findIndex((o) => o.status === 'failed');
    rollBackFrom(openSince, failedAt < 0 ? outcomes.length : failedAt);
    if (status === 'done') {
      // Like psql at end of input, an unterminated script transaction is not committed on the script's behalf.
      status = 'failed';
      outcomes[openSince]!.error = {
        code: 'uncommitted_transaction',
        message: 'the script ended with its transaction still open, so it was rolled back',
      };
    }
  }
  return {
    mode,
    status,
    outcomes,
    appliedCount: outcomes.filter((o) => o.status === 'done').length,
    durationMs: performance.now() - started,
  };
}

/** Awaits a running statement; if the signal aborts meanwhile, keeps asking the server to cancel it. */
async function withCancellation<T>(
  running: Promise<T>,
  session: ScriptSession,
  signal?: AbortSignal,
): Promise<T> {
  const cancel = session.cancelRunning?.bind(session);
  if (!signal || !cancel) return running;
  let timer: NodeJS.Timeout | undefined;
  let settled = false;
  const fire = (): void => {
    if (settled) return;
    cancel().catch(() => undefined);
    timer = setTimeout(fire, CANCEL_RETRY_MS);
  };
  const onAbort = (): void => fire();
  if (signal.aborted) fire();
  else signal.addEventListener('abort', onAbort, { once: true });
  try {
    return await running;
  } finally {
    settled = true;
    if (timer) clearTimeout(timer);
    signal.removeEventListener('abort', onAbort);
  }
}
