// MySQL/MariaDB script execution: statement by statement, since DDL commits implicitly and cannot be rolled back.
import type { PoolConnection, ResultSetHeader } from 'mysql2/promise';
import type { ExecuteOptions, ExecuteResult } from '../../../src/core/ports/engine-driver.ts';
import { transactionEffect } from '../../../src/core/sql/classify.ts';
import { splitStatements } from '../../../src/core/sql/split.ts';
import { runScript, type ScriptSession } from '../shared/run-script.ts';
import { toMysqlStatementError } from './errors.ts';

/** Default lock_wait_timeout for a task, seconds (the server default is a year). */
export const DEFAULT_LOCK_WAIT_SECONDS = 5;

/** What the executor needs to know about the server behind the session. */
export interface MysqlServerInfo {
  mariadb: boolean;
}

/** Session settings that bound lock waits and statement time, in the dialect the server understands. */
function timeoutSettings(options: ExecuteOptions, server: MysqlServerInfo): string[] {
  const lockSeconds =
    options.lockTimeoutMs === undefined
      ? DEFAULT_LOCK_WAIT_SECONDS
      : Math.max(1, Math.ceil(options.lockTimeoutMs / 1000));
  const statementMs = Math.max(0, Math.floor(options.statementTimeoutMs ?? 0));
  const settings = [`lock_wait_timeout = ${lockSeconds}`, `innodb_lock_wait_timeout = ${lockSeconds}`];
  // MariaDB bounds every statement (seconds); MySQL's max_execution_time only bounds SELECT (ms).
  if (server.mariadb) settings.push(`max_statement_time = ${statementMs / 1000}`);
  else settings.push(`max_execution_time = ${statementMs}`);
  return settings;
}

/** Row count of a mysql2 answer: affected rows for OK packets, rows for result sets. */
function rowCount(result: unknown): number | null {
  if (Array.isArray(result)) return result.length;
  if (result && typeof result === 'object' && 'affectedRows' in result) {
    return (result as ResultSetHeader).affectedRows;
  }
  return null;
}

/**
 * Applies a script on one pooled connection. When a statement fails, the ones before it stay applied and
 * the outcomes say exactly which; a transaction the script opened itself is rolled back.
 */
export async function executeMysqlScript(
  script: string,
  options: ExecuteOptions,
  conn: PoolConnection,
  server: MysqlServerInfo,
  cancel: () => Promise<void>,
): Promise<ExecuteResult> {
  const statements = splitStatements(script, 'mysql');
  let current = '';
  const session: ScriptSession = {
    run: async (sql) => {
      current = sql;
      const [result] = await conn.query(sql);
      return rowCount(result);
    },
    begin: async () => undefined,
    commit: async () => {
      await conn.query('COMMIT');
    },
    rollback: async () => {
      await conn.query('ROLLBACK');
    },
    cancelRunning: cancel,
    toError: (err) => toMysqlStatementError(err, current),
    effect: (sql) => transactionEffect(sql, 'mysql'),
  };
  await conn.query(`SET SESSION ${timeoutSettings(options, server).join(', ')}`);
  try {
    return await runScript({
      statements,
      mode: 'statements',
      session,
      signal: options.signal,
      onProgress: options.onProgress,
    });
  } finally {
    const names = timeoutSettings(options, server).map((s) => s.split(' = ')[0]);
    await conn.query(`SET SESSION ${names.map((n) => `${n} = DEFAULT`).join(', ')}`).catch(() => undefined);
  }
}
