// Classifies single statements by their effect on transactions: script-level control, implicit commits, no-tx kinds.
import type { SqlDialect } from './dialect-rules.ts';

/** How a statement changes the session's transaction state. */
export type TransactionEffect = 'begin' | 'commit' | 'rollback' | 'implicit_commit' | null;

/** Removes comments so keyword patterns see `CREATE /* x *\/ INDEX` as `CREATE INDEX`; strings are left as they are. */
function keywordText(sql: string): string {
  return sql
    .replace(/\/\*[\s\S]*?\*\//g, ' ')
    .replace(/--[^\n]*/g, ' ')
    .replace(/\s+/g, ' ')
    .trim()
    .toUpperCase();
}

const MYSQL_IMPLICIT_COMMIT =
  /^(ALTER|RENAME|TRUNCATE|GRANT|REVOKE|ANALYZE|OPTIMIZE|REPAIR|FLUSH|INSTALL|UNINSTALL|LOCK TABLES?|CREATE (?!TEMPORARY )|DROP (?!TEMPORARY ))/;

/** The statement's effect on an open transaction, for dialects with script-level transaction control. */
export function transactionEffect(sql: string, dialect: SqlDialect): TransactionEffect {
  const text = keywordText(sql);
  if (/^START TRANSACTION\b/.test(text)) return 'begin';
  if (/^BEGIN\b/.test(text)) {
    // MariaDB's `BEGIN NOT ATOMIC ... END` is a compound statement, not a transaction start.
    return /^BEGIN NOT ATOMIC\b/.test(text) ? null : 'begin';
  }
  if (/^COMMIT\b/.test(text) && !/^COMMIT PREPARED\b/.test(text)) return 'commit';
  if (dialect === 'postgres' && /^END( WORK| TRANSACTION)?( AND (NO )?CHAIN)?$/.test(text)) return 'commit';
  if (/^(ROLLBACK|ABORT)\b/.test(text)) {
    if (/^ROLLBACK (WORK |TRANSACTION )?TO\b/.test(text) || /^ROLLBACK PREPARED\b/.test(text)) return null;
    if (/^ABORT\b/.test(text) && dialect !== 'postgres') return null;
    return 'rollback';
  }
  if ((dialect === 'mysql' || dialect === 'snowflake') && MYSQL_IMPLICIT_COMMIT.test(text)) {
    return 'implicit_commit';
  }
  return null;
}

const PG_NO_TRANSACTION: Array<[RegExp, string]> = [
  [/^CREATE (UNIQUE )?INDEX CONCURRENTLY\b/, 'CREATE INDEX CONCURRENTLY'],
  [/^DROP INDEX CONCURRENTLY\b/, 'DROP INDEX CONCURRENTLY'],
  [/^REINDEX\b.*\bCONCURRENTLY\b/, 'REINDEX CONCURRENTLY'],
  [/^REINDEX (\(.*\) )?(SYSTEM|DATABASE)\b/, 'REINDEX SYSTEM/DATABASE'],
  [/^VACUUM\b/, 'VACUUM'],
  [/^(CREATE|DROP) DATABASE\b/, 'CREATE/DROP DATABASE'],
  [/^(CREATE|DROP) TABLESPACE\b/, 'CREATE/DROP TABLESPACE'],
  [/^ALTER TABLE\b.*\bDETACH PARTITION\b.*\bCONCURRENTLY\b/, 'DETACH PARTITION CONCURRENTLY'],
  [/^ALTER SYSTEM\b/, 'ALTER SYSTEM'],
];

/** Statement kinds PostgreSQL refuses inside a transaction block, as named in capabilities. */
export const postgresNoTransactionKinds: string[] = [
  ...PG_NO_TRANSACTION.map(([, kind]) => kind),
  'ALTER TYPE ... ADD VALUE (before 12)',
];

/**
 * Why a PostgreSQL statement cannot run inside a transaction block, or null when it can.
 * `serverMajor` matters for `ALTER TYPE ... ADD VALUE`, allowed in a transaction from 12 on.
 */
export function postgresNoTransactionKind(sql: string, serverMajor: number): string | null {
  const text = keywordText(sql);
  for (const [pattern, kind] of PG_NO_TRANSACTION) if (pattern.test(text)) return kind;
  if (serverMajor < 12 && /^ALTER TYPE\b.*\bADD VALUE\b/.test(text)) return 'ALTER TYPE ... ADD VALUE';
  return null;
}
