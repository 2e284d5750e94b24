// Translates PGlite errors (PostgreSQL wire fields) and missing data directories into the port's errors.
import { EngineError } from '../../../src/core/ports/engine-driver.ts';
import { toPostgresEngineError, toPostgresStatementError } from '../postgres/errors.ts';

/** PGlite reports statement errors with the same SQLSTATE, message and position fields as a server. */
export const toPgliteStatementError = toPostgresStatementError;

/** Connection-level failures; PGlite has no network or credentials, so most map to query_failed. */
export const toPgliteEngineError = toPostgresEngineError;

/** The error for a database whose data directory does not exist, shaped like PostgreSQL's 3D000. */
export function unknownPgliteDatabase(name: string): EngineError {
  return new EngineError('unknown_database', `database "${name}" does not exist`, '3D000');
}

/** The error for creating a database that already exists, shaped like PostgreSQL's 42P04. */
export function duplicatePgliteDatabase(name: string): EngineError {
  return new EngineError('query_failed', `database "${name}" already exists`, '42P04');
}

/** Database names become directory names, so only plain names are accepted. */
export function assertPgliteDatabaseName(name: string): void {
  if (!/^[A-Za-z0-9_][A-Za-z0-9_-]{0,62}$/.test(name)) {
    throw new EngineError('query_failed', `invalid PGlite database name "${name}"`, '42602');
  }
}
