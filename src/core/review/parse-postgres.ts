// PostgreSQL front end: the real parser (libpg-query, WASM) turns a script into normalised statements.
import { loadModule, parseSync, type SqlError } from 'libpg-query';
import { lineLocator } from '../sql/positions.ts';
import { splitStatements } from '../sql/split.ts';
import { anchorUnlocated, classifyStatement } from './classify.ts';
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

/**
 * Parses a whole script. The fast path parses it in one call; when that fails, the script is split and each
 * statement parsed alone so a bad statement yields one syntax problem and the others are still reviewed.
 */
export async function parsePostgres(script: string): Promise<ParsedStatement[]> {
  await loadPostgresParser();
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
    });
  }
  return out;
}

function parseEach(script: string): ParsedStatement[] {
  return splitStatements(script, 'postgres').map((part, index) => {
    const pos: StatementPosition = { ...part, index };
    const toChar = byteToCharMapper(part.sql);
    const at = (b: number | undefined) => (b === undefined ? part.start : part.start + toChar(b));
    try {
      const raws = (parseSync(part.sql) as { stmts?: RawStmt[] }).stmts ?? [];
      return { statement: anchorUnlocated(normalizePostgres(raws[0]?.stmt, pos, at)) };
    } catch (err) {
      const details = (err as SqlError).sqlDetails;
      const offset = part.start + toChar(details?.cursorPosition ?? 0);
      const message = (err as Error).message;
      return { statement: statementFromFailure(pos), problem: { message, offset, kind: 'error' } };
    }
  });
}

/** A minimal statement for text the parser rejected, so risk and kind are still known. */
function statementFromFailure(pos: StatementPosition): Statement {
  return classifyStatement('postgres', pos);
}
