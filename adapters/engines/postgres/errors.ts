// Translates PostgreSQL driver errors (postgres.js and PGlite share the wire fields) into the port's errors.
import { EngineError, type StatementError } from '../../../src/core/ports/engine-driver.ts';

interface PgWireError {
  code?: unknown;
  message?: unknown;
  position?: unknown;
  errno?: unknown;
}

const asWire = (err: unknown): PgWireError => (typeof err === 'object' && err !== null ? err : {});
const messageOf = (err: unknown): string => (err instanceof Error ? err.message : String(err));

/** A failed statement as the port reports it: SQLSTATE, message, 1-based position in the statement. */
export function toPostgresStatementError(err: unknown): StatementError {
  const wire = asWire(err);
  const code = typeof wire.code === 'string' ? wire.code : 'unknown';
  const out: StatementError = { code, message: messageOf(err) };
  const position = Number(wire.position);
  if (Number.isInteger(position) && position > 0) out.position = position;
  return out;
}

/** Connection-level failures with the kind a user can act on (credentials, address, database name, TLS). */
export function toPostgresEngineError(err: unknown): EngineError {
  if (err instanceof EngineError) return err;
  const wire = asWire(err);
  const code = typeof wire.code === 'string' ? wire.code : undefined;
  const message = messageOf(err);
  if (/SSL off|SSL required|SSL connection is required|does not support SSL/i.test(message)) {
    return new EngineError('tls_required', message, code);
  }
  if (code === '28P01' || code === '28000') return new EngineError('auth_failed', message, code);
  if (code === '3D000') return new EngineError('unknown_database', message, code);
  if (code === '57014') return new EngineError('cancelled', message, code);
  if (code === 'CONNECT_TIMEOUT') return new EngineError('timeout', message, code);
  if (
    code === 'ECONNREFUSED' ||
    code === 'ENOTFOUND' ||
    code === 'EHOSTUNREACH' ||
    code === 'ECONNRESET' ||
    code === 'CONNECTION_CLOSED' ||
    code === 'CONNECTION_ENDED'
  ) {
    return new EngineError('unreachable', message, code);
  }
  return new EngineError('query_failed', message, code);
}
