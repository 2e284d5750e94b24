// Translates mysql2 errors (MySQL and MariaDB) into the port's statement and engine errors.
import { EngineError, type StatementError } from '../../../src/core/ports/engine-driver.ts';

interface MysqlWireError {
  code?: unknown;
  errno?: unknown;
  sqlMessage?: unknown;
}

const asWire = (err: unknown): MysqlWireError => (typeof err === 'object' && err !== null ? err : {});
const messageOf = (err: unknown): string => {
  const wire = asWire(err);
  if (typeof wire.sqlMessage === 'string') return wire.sqlMessage;
  return err instanceof Error ? err.message : String(err);
};

/** The error code name (e.g. ER_NO_SUCH_TABLE); errors mysql2 has no name for become ER_<errno>. */
export function mysqlErrorCode(err: unknown): string {
  const wire = asWire(err);
  if (typeof wire.code === 'string' && wire.code.length > 0 && !/^\d+$/.test(wire.code)) return wire.code;
  return typeof wire.errno === 'number' ? `ER_${wire.errno}` : 'unknown';
}

/**
 * A failed statement as the port reports it. MySQL gives no character position, only the text "near '...'",
 * so the position is where that fragment first occurs in the statement.
 */
export function toMysqlStatementError(err: unknown, sql: string): StatementError {
  const message = messageOf(err);
  const out: StatementError = { code: mysqlErrorCode(err), message };
  const near = /near '([\s\S]*)' at line \d+$/.exec(message)?.[1];
  if (near) {
    const at = sql.indexOf(near.slice(0, 80));
    if (at >= 0) out.position = at + 1;
  }
  return out;
}

/** Connection-level failures with the kind a user can act on (credentials, address, database name, TLS). */
export function toMysqlEngineError(err: unknown): EngineError {
  if (err instanceof EngineError) return err;
  const code = mysqlErrorCode(err);
  const message = messageOf(err);
  switch (code) {
    case 'ER_ACCESS_DENIED_ERROR':
    case 'ER_DBACCESS_DENIED_ERROR':
    case 'ER_ACCESS_DENIED_NO_PASSWORD_ERROR':
    case 'ER_NOT_SUPPORTED_AUTH_MODE':
      return new EngineError('auth_failed', message, code);
    case 'ER_BAD_DB_ERROR':
      return new EngineError('unknown_database', message, code);
    case 'ER_SECURE_TRANSPORT_REQUIRED':
    case 'HANDSHAKE_NO_SSL_SUPPORT':
      return new EngineError('tls_required', message, code);
    case 'ER_QUERY_INTERRUPTED':
      return new EngineError('cancelled', message, code);
    case 'ETIMEDOUT':
      return new EngineError('timeout', message, code);
    case 'ECONNREFUSED':
    case 'ENOTFOUND':
    case 'EHOSTUNREACH':
    case 'ECONNRESET':
    case 'PROTOCOL_CONNECTION_LOST':
      return new EngineError('unreachable', message, code);
    default:
      return new EngineError('query_failed', message, code);
  }
}
