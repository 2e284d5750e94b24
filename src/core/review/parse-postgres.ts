// PostgreSQL front end: the real parser (libpg-query, WASM) turns a script into normalised statements.
import { loadModule, parseSync, type SqlError } from 'libpg-query';
import { lineLocator } from '../sql/positions.ts';
import { splitStatements } from '../sql/split.ts';
import { anchorUnlocated, classifyStatement } from './classify.ts';
import { fastStatement } from './fast/index.ts';
import type { ParsedStatement, Statement } from './model.ts';
import { normalizePostgres, type StatementPosition } from './pg-normalize.ts';
import { byteToCharMapper, skipBlanksAndComments, trimEnd } from './positions.ts';

let ready: Promise<void> | undefined;

/** Loads the WASM parser once per process; later calls reuse it. */
export function loadPostgresParser(): Promise<void> {
  ready ??= loadModule();
  return ready;
}

interface RawStmt {
  stmt?: unknown;
  stmt_location?: number;
  stmt_len?: number;
}

/** How to parse; the default is what reviews use, the switch exists to compare the paths. */
export interface PostgresParseOptions {
  /** Recognise simple statements without the grammar where that saves work (default true). */
  fastPath?: boolean;
}

/**
 * Parses a whole script. With the fast path, the script is split and simple statements are normalised from
 * tokens, the rest parsed one by one. Otherwise the script is parsed in one call; when that fails, it is split
 * and each statement parsed alone so a bad statement yields one syntax problem and the others are reviewed.
 */
export async function parsePostgres(
  script: string,
  options: PostgresParseOptions = {},
): Promise<ParsedStatement[]> {
  await loadPostgresParser();
  if (options.fastPath !== false) {
    const quick = parseMostlyFast(script);
    if (quick) return quick;
  }
  return parseWhole(script);
}

/**
 * The fast path over a split script, when it recognises most statements; the others are parsed one by one.
 * Undefined when too few are simple: one libpg-query call for the whole script is then cheaper than many.
 */
function parseMostlyFast(script: string): ParsedStatement[] | undefined {
  const parts = splitStatements(script, 'postgres');
  const quick: (Statement | undefined)[] = [];
  let slow = 0;
  for (const [index, part] of parts.entries()) {
    const q = fastStatement('postgres', { ...part, index });
    if (q === undefined) slow++;
    // Give up as soon as more than a quarter (after a short run-in) needs the parser.
    if (slow > Math.max(8, (index + 1) / 4)) return undefined;
    quick.push(q);
  }
  return parts.map((part, index) => {
    const q = quick[index];
    return q ? { statement: anchorUnlocated(q), via: 'fast' } : parseOne({ ...part, index });
  });
}

function parseWhole(script: string): ParsedStatement[] {
  const locate = lineLocator(script);
  const toChar = byteToCharMapper(script);
  let raws: RawStmt[];
  try {
    raws = (parseSync(script) as { stmts?: RawStmt[] }).stmts ?? [];
  } catch {
    return parseEach(script);
  }
  const out: ParsedStatement[] = [];
  for (const raw of raws) {
    const from = toChar(raw.stmt_location ?? 0);
    const to = raw.stmt_len ? toChar((raw.stmt_location ?? 0) + raw.stmt_len) : script.length;
    const start = skipBlanksAndComments(script, from);
    const end = trimEnd(script, start, to);
    if (start >= end) continue;
    const { line, column } = locate(start);
    const pos: StatementPosition = {
      index: out.length,
      sql: script.slice(start, end),
      start,
      end,
      line,
      column,
    };
    out.push({
      statement: anchorUnlocated(
        normalizePostgres(raw.stmt, pos, (b) => (b === undefined ? start : toChar(b))),
      ),
      via: 'parser',
    });
  }
  return out;
}

function parseEach(script: string): ParsedStatement[] {
  return splitStatements(script, 'postgres').map((part, index) => parseOne({ ...part, index }));
}

/** Parses one statement of a split script; a syntax error becomes its problem. */
function parseOne(pos: StatementPosition): ParsedStatement {
  const toChar = byteToCharMapper(pos.sql);
  const at = (b: number | undefined) => (b === undefined ? pos.start : pos.start + toChar(b));
  try {
    const raws = (parseSync(pos.sql) as { stmts?: RawStmt[] }).stmts ?? [];
    return { statement: anchorUnlocated(normalizePostgres(raws[0]?.stmt, pos, at)), via: 'parser' };
  } catch (err) {
    const details = (err as SqlError).sqlDetails;
    const offset = pos.start + toChar(details?.cursorPosition ?? 0);
    const message = (err as Error).message;
    return { statement: statementFromFailure(pos), problem: { message, offset, kind: 'error' } };
  }
}

/** A minimal statement for text the parser rejected, so risk and kind are still known. */
function statementFromFailure(pos: StatementPosition): Statement {
  return classifyStatement('postgres', pos);
}
