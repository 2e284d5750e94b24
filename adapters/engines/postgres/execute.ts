// PostgreSQL script execution: one transaction when possible, statement by statement when the script needs it.
import type { ExecuteOptions, ExecuteResult } from '../../../src/core/ports/engine-driver.ts';
import { postgresNoTransactionKind, transactionEffect } from '../../../src/core/sql/classify.ts';
import { splitStatements } from '../../../src/core/sql/split.ts';
import { runScript, type ScriptSession } from '../shared/run-script.ts';
import { toPostgresStatementError } from './errors.ts';

/** Default lock_timeout for a task: long enough for a quiet table, short enough not to queue behind a long query. */
export const DEFAULT_LOCK_TIMEOUT_MS = 5_000;

/** One reserved PostgreSQL session (postgres.js reserved connection or a PGlite instance). */
export interface PostgresSessionTarget {
  /** Runs one statement on the reserved session and resolves its row count. */
  run(sql: string): Promise<number | null>;
  /** Cancels the statement running on the reserved session, from another connection. */
  cancel?(): Promise<void>;
  /** Server major version, e.g. 15. */
  serverMajor: number;
}

/** Picks the mode: statements when any statement cannot run in a transaction or the script controls its own. */
export function postgresExecutionMode(sqls: string[], serverMajor: number): ExecuteResult['mode'] {
  const needsStatements = sqls.some(
    (sql) =>
      postgresNoTransactionKind(sql, serverMajor) !== null || transactionEffect(sql, 'postgres') !== null,
  );
  return needsStatements ? 'statements' : 'transaction';
}

/**
 * Applies a script on one reserved session. Timeouts are set with SET LOCAL inside the wrapping transaction,
 * or with SET for the session in statements mode and RESET afterwards, since the session goes back to a pool.
 */
export async function executePostgresScript(
  script: string,
  options: ExecuteOptions,
  target: PostgresSessionTarget,
): Promise<ExecuteResult> {
  const statements = splitStatements(script, 'postgres');
  const mode = postgresExecutionMode(
    statements.map((s) => s.sql),
    target.serverMajor,
  );
  const lockMs = Math.max(0, Math.floor(options.lockTimeoutMs ?? DEFAULT_LOCK_TIMEOUT_MS));
  const statementMs = Math.max(0, Math.floor(options.statementTimeoutMs ?? 0));
  const settings = [`lock_timeout = ${lockMs}`, `statement_timeout = ${statementMs}`];
  const session: ScriptSession = {
    run: (sql) => target.run(sql),
    begin: async () => {
      await target.run('BEGIN');
      for (const s of settings) await target.run(`SET LOCAL ${s}`);
    },
    commit: async () => {
      await target.run('COMMIT');
    },
    rollback: async () => {
      await target.run('ROLLBACK');
    },
    toError: toPostgresStatementError,
    effect: (sql) => transactionEffect(sql, 'postgres'),
  };
  if (target.cancel) session.cancelRunning = target.cancel;
  if (mode === 'transaction') {
    return runScript({ statements, mode, session, signal: options.signal, onProgress: options.onProgress });
  }
  for (const s of settings) await target.run(`SET ${s}`);
  try {
    return await runScript({
      statements,
      mode,
      session,
      signal: options.signal,
      onProgress: options.onProgress,
    });
  } finally {
    await target.run('RESET lock_timeout').catch(() => undefined);
    await target.run('RESET statement_timeout').catch(() => undefined);
  }
}
