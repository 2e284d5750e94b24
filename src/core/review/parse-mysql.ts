// MySQL/MariaDB and Snowflake front end: split the script, parse each statement with node-sql-parser, normalise.
import mysqlBuild from 'node-sql-parser/build/mysql.js';
import snowflakeBuild from 'node-sql-parser/build/snowflake.js';
import type { SplitStatement } from '../ports/engine-driver.ts';
import { splitStatements } from '../sql/split.ts';
import { LruCache } from './cache.ts';
import { anchorUnlocated, classifyStatement, isSessionStatement } from './classify.ts';
import { fastStatement } from './fast/index.ts';
import type { ParsedStatement, Statement, StatementKind } from './model.ts';
import type { Loose } from './mysql-ast.ts';
import { normalizeMysql } from './mysql-normalize.ts';

type SqlDialect = 'mysql' | 'snowflake';

// One parser object per dialect, created on first use and reused by every review.
const parsers: Partial<Record<SqlDialect, { astify(sql: string, opt?: object): Loose }>> = {};

function parserFor(dialect: SqlDialect) {
  parsers[dialect] ??= dialect === 'mysql' ? new mysqlBuild.Parser() : new snowflakeBuild.Parser();
  return parsers[dialect]!;
}

const OPTIONS: Record<SqlDialect, object> = {
  mysql: { database: 'MySQL', trimQuery: false, parseOptions: { includeLocations: true } },
  snowflake: { database: 'Snowflake', trimQuery: false, parseOptions: { includeLocations: true } },
};

function astify(dialect: SqlDialect, sql: string): Loose {
  return parserFor(dialect).astify(sql, OPTIONS[dialect]);
}

// Syntax trees (or the parser's error) by dialect and statement text. Merge-request updates re-review the same
// files, so most statements repeat; the normaliser only reads the trees, so sharing them is safe.
const trees = new LruCache<string, { ast: Loose } | { error: unknown }>(5000, 2_000_000);

function cachedAstify(dialect: SqlDialect, sql: string): Loose {
  const key = `${dialect}\u0000${sql}`;
  let hit = trees.get(key);
  if (!hit) {
    try {
      hit = { ast: astify(dialect, sql) };
    } catch (error) {
      hit = { error };
    }
    trees.set(key, hit, sql.length);
  }
  if ('error' in hit) throw hit.error;
  return hit.ast;
}

/** Statement kinds the MySQL grammar of node-sql-parser covers well: a failure there is a real syntax error. */
const WELL_COVERED = new Set<StatementKind>([
  'insert',
  'update',
  'delete',
  'select',
  'drop_table',
  'truncate',
]);
/** Kinds the grammar does not cover at all; keyword classification is all the rules need. */
const NOT_COVERED = new Set<StatementKind>([
  'create_procedure',
  'create_function',
  'create_event',
  'create_trigger',
]);
/** First words of statements MySQL and Snowflake accept; anything else cannot be valid. */
const STARTERS = new Set(
  (
    'ALTER ANALYZE BEGIN CALL CHECKSUM COMMENT COMMIT COPY CREATE DEALLOCATE DECLARE DELETE DESC DESCRIBE DO DROP ' +
    'EXECUTE EXPLAIN FLUSH GET GRANT HANDLER INSERT INSTALL KILL LOAD LOCK MERGE OPTIMIZE PREPARE PUT RELEASE ' +
    'RENAME REPAIR REPLACE REVOKE ROLLBACK SAVEPOINT SELECT SET SHOW START TRUNCATE UNDROP UNLOCK UPDATE USE WITH'
  ).split(' '),
);

/** How to parse; the defaults are what reviews use, the switches exist to compare the paths. */
export interface MysqlParseOptions {
  /** Recognise simple statements without the grammar (default true; MySQL only). */
  fastPath?: boolean;
  /** Reuse syntax trees of statements seen before (default true). */
  cache?: boolean;
}

/** Parses a script statement by statement; one bad statement yields one problem and the rest are reviewed. */
export function parseMysqlFamily(
  script: string,
  engine: 'mysql' | 'snowflake',
  options: MysqlParseOptions = {},
): ParsedStatement[] {
  const fast = engine === 'mysql' && options.fastPath !== false;
  const cache = options.cache !== false;
  return splitStatements(script, engine).map((part, index) =>
    parseOne({ ...part, index }, engine, fast, cache),
  );
}

function parseOne(
  part: SplitStatement,
  engine: 'mysql' | 'snowflake',
  fast: boolean,
  cache: boolean,
): ParsedStatement {
  if (isSessionStatement(part.sql)) return { statement: classifyStatement(engine, part) };
  if (fast) {
    const statement = fastStatement('mysql', part);
    if (statement) return { statement: anchorUnlocated(statement), via: 'fast' };
  }
  const at = (rel: number | undefined) => (rel === undefined ? part.start : part.start + rel);
  try {
    const ast = cache ? cachedAstify(engine, part.sql) : astify(engine, part.sql);
    const first = Array.isArray(ast) ? ast[0] : ast;
    return { statement: anchorUnlocated(normalizeMysql(engine, first, part, at)), via: 'parser' };
  } catch (err) {
    const statement = anchorUnlocated(classifyStatement(engine, part));
    const rel = (err as { location?: { start?: { offset?: number } } }).location?.start?.offset;
    const message = (err as Error).message;
    const offset = at(typeof rel === 'number' ? rel : undefined);
    return { statement, ...problemFor(statement, engine, message, offset) };
  }
}

function problemFor(
  stmt: Statement,
  engine: 'mysql' | 'snowflake',
  message: string,
  offset: number,
): Pick<ParsedStatement, 'problem'> {
  const firstWord = /^\s*([A-Za-z]+)/.exec(stmt.sql)?.[1]?.toUpperCase() ?? '';
  if (!STARTERS.has(firstWord)) return { problem: { message, offset, kind: 'error' } };
  if (NOT_COVERED.has(stmt.kind)) return {};
  if (engine === 'mysql' && WELL_COVERED.has(stmt.kind))
    return { problem: { message, offset, kind: 'error' } };
  return { problem: { message, offset, kind: 'unparsed' } };
}
