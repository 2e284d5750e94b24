// Splits a SQL script into statements with positions, honouring each dialect's quoting, comment and block rules.
import type { SplitStatement } from '../ports/engine-driver.ts';
import { type DialectRules, dialectRules, type SqlDialect } from './dialect-rules.ts';
import { lineLocator } from './positions.ts';

export type { SqlDialect } from './dialect-rules.ts';

/** Words after `END` that close a construct we never counted as a block (MySQL/Snowflake `END IF` etc.). */
const UNCOUNTED_END = /^\s+(IF|LOOP|WHILE|REPEAT|FOR)\b/i;
/** Routine kinds whose bodies may hold `BEGIN ... END` with inner semicolons. */
const ROUTINE_WORDS = new Set(['PROCEDURE', 'FUNCTION', 'TRIGGER', 'EVENT', 'PACKAGE']);
const WORD_START = /[A-Za-z_\u0080-\uffff]/;
const WORD_CHAR = /[A-Za-z0-9_$\u0080-\uffff]/;

interface Pending {
  start: number;
  end: number;
  depth: number;
  words: number;
  firstWord: string;
  routine: boolean;
  declareOpen: boolean;
  prevWord: string;
}

const emptyPending = (): Pending => ({
  start: -1,
  end: -1,
  depth: 0,
  words: 0,
  firstWord: '',
  routine: false,
  declareOpen: false,
  prevWord: '',
});

/**
 * Splits `script` into statements. Each statement's `sql` runs from its first character that is neither
 * blank nor comment to its last such character, without the delimiter; `line`/`column` (1-based) and the
 * `start`/`end` offsets point into the original text. Fragments holding only comments are dropped.
 */
export function splitStatements(script: string, dialect: SqlDialect): SplitStatement[] {
  const rules = dialectRules[dialect];
  const locate = lineLocator(script);
  const out: SplitStatement[] = [];
  let delimiter = ';';
  let cur = emptyPending();
  const len = script.length;

  const mark = (from: number, to: number): void => {
    if (cur.start < 0) cur.start = from;
    cur.end = to;
  };
  const flush = (): void => {
    if (cur.start >= 0) {
      const { line, column } = locate(cur.start);
      out.push({
        index: out.length,
        sql: script.slice(cur.start, cur.end),
        line,
        column,
        start: cur.start,
        end: cur.end,
      });
    }
    cur = emptyPending();
  };

  let i = 0;
  while (i < len) {
    if (rules.delimiterCommand && (i === 0 || script[i - 1] === '\n')) {
      const nl = script.indexOf('\n', i);
      const m = /^[ \t]*delimiter[ \t]+(\S+)[^\n]*/i.exec(script.slice(i, nl < 0 ? len : nl));
      if (m?.[1]) {
        flush();
        delimiter = m[1];
        i += m[0].length;
        continue;
      }
    }
    const ch = script[i]!;
    if (ch === ' ' || ch === '\t' || ch === '\n' || ch === '\r') {
      i++;
      continue;
    }
    if (delimiter !== ';' && script.startsWith(delimiter, i)) {
      flush();
      i += delimiter.length;
      continue;
    }
    if (ch === ';' && delimiter === ';' && cur.depth === 0 && !cur.declareOpen) {
      flush();
      i++;
      continue;
    }
    const commentEnd = scanComment(script, i, rules);
    if (commentEnd !== null) {
      // MySQL runs `/*! ... */` and honours `/*+ ... */` hints, so those count as statement text.
      if (rules.executableComments && ch === '/' && (script[i + 2] === '!' || script[i + 2] === '+')) {
        mark(i, commentEnd);
      }
      i = commentEnd;
      continue;
    }
    if (ch === "'" || ch === '"' || (ch === '`' && rules.backtick)) {
      const backslash = ch === "'" ? rules.backslashInSingle : rules.backslashInIdent;
      const end = scanQuoted(script, i, ch, backslash);
      mark(i, end);
      i = end;
      continue;
    }
    if (ch === '$' && rules.dollarQuotes !== 'none') {
      const end = scanDollar(script, i, rules.dollarQuotes);
      if (end !== null) {
        mark(i, end);
        i = end;
        continue;
      }
    }
    if (WORD_START.test(ch)) {
      let end = i + 1;
      while (end < len && WORD_CHAR.test(script[end]!)) end++;
      const word = script.slice(i, end);
      mark(i, end);
      // PostgreSQL E'...' strings take backslash escapes.
      if (rules.escapeStrings && (word === 'E' || word === 'e') && script[end] === "'") {
        const strEnd = scanQuoted(script, end, "'", true);
        mark(i, strEnd);
        i = strEnd;
        continue;
      }
      if (script[i - 1] !== '.') trackBlock(cur, word.toUpperCase(), script.slice(end, end + 40), rules);
      i = end;
      continue;
    }
    mark(i, i + 1);
    i++;
  }
  flush();
  return out;
}

/** Updates block depth so semicolons inside routine bodies do not end the statement. */
function trackBlock(cur: Pending, word: string, after: string, rules: DialectRules): void {
  const first = cur.words === 0;
  const prev = cur.prevWord;
  cur.words++;
  cur.prevWord = word;
  if (first) cur.firstWord = word;
  if (!rules.blocks) return;
  if (
    (cur.firstWord === 'CREATE' || cur.firstWord === 'ALTER') &&
    cur.words <= 8 &&
    ROUTINE_WORDS.has(word)
  ) {
    cur.routine = true;
  }
  if (word === 'DECLARE' && first && rules.blocks === 'snowflake') {
    cur.declareOpen = true;
    return;
  }
  if (word === 'BEGIN') {
    if (opensBlock(cur, first, after, rules)) {
      if (cur.declareOpen) cur.declareOpen = false;
      cur.depth++;
    }
    return;
  }
  // `END CASE` closes a CASE statement; that CASE opens nothing.
  if (word === 'CASE' && cur.depth > 0 && prev !== 'END') {
    cur.depth++;
    return;
  }
  if (word === 'END' && cur.depth > 0 && !UNCOUNTED_END.test(after)) cur.depth--;
}

function opensBlock(cur: Pending, first: boolean, after: string, rules: DialectRules): boolean {
  switch (rules.blocks) {
    case 'postgres':
      // Only SQL-standard function bodies (`BEGIN ATOMIC`); a leading BEGIN starts a transaction.
      return !first && /^\s+ATOMIC\b/i.test(after);
    case 'mysql':
      // MariaDB's anonymous `BEGIN NOT ATOMIC ... END` block; otherwise a leading BEGIN is a transaction.
      if (first) return /^\s+NOT\s+ATOMIC\b/i.test(after);
      return cur.routine;
    case 'snowflake':
      if (first) return !/^\s*($|;|TRANSACTION\b|WORK\b|NAME\b)/i.test(after);
      return true;
    default:
      return false;
  }
}

/** Returns the offset just after a comment starting at `i`, or null when no comment starts there. */
function scanComment(script: string, i: number, rules: DialectRules): number | null {
  const ch = script[i];
  const next = script[i + 1];
  const lineEnd = (): number => {
    const nl = script.indexOf('\n', i);
    return nl < 0 ? script.length : nl;
  };
  if (ch === '-' && next === '-') {
    // MySQL needs whitespace after `--`, so `5--1` stays arithmetic.
    const after = script[i + 2];
    if (!rules.dashNeedsSpace || after === undefined || /\s/.test(after)) return lineEnd();
  }
  if (ch === '#' && rules.hashComment) return lineEnd();
  if (ch === '/' && next === '/' && rules.slashComment) return lineEnd();
  if (ch === '/' && next === '*') {
    let depth = 1;
    let j = i + 2;
    while (j < script.length && depth > 0) {
      if (script[j] === '*' && script[j + 1] === '/') {
        depth--;
        j += 2;
      } else if (rules.nestedComments && script[j] === '/' && script[j + 1] === '*') {
        depth++;
        j += 2;
      } else j++;
    }
    return j;
  }
  return null;
}

/** Offset just after the quoted text opened at `i`; a doubled quote escapes, and so may a backslash. */
function scanQuoted(script: string, i: number, quote: string, backslash: boolean): number {
  let j = i + 1;
  while (j < script.length) {
    const c = script[j];
    if (backslash && c === '\\') {
      j += 2;
      continue;
    }
    if (c === quote) {
      if (script[j + 1] === quote) {
        j += 2;
        continue;
      }
      return j + 1;
    }
    j++;
  }
  return script.length;
}

/** Offset just after a dollar-quoted body opened at `i`, or null when `$` does not open one (e.g. `$1`). */
function scanDollar(script: string, i: number, kind: 'tagged' | 'plain'): number | null {
  const m =
    kind === 'tagged'
      ? /^\$(?:[A-Za-z_\u0080-\uffff][A-Za-z0-9_\u0080-\uffff]*)?\$/.exec(script.slice(i, i + 64))
      : /^\$\$/.exec(script.slice(i, i + 2));
  if (!m) return null;
  const tag = m[0];
  const close = script.indexOf(tag, i + tag.length);
  return close < 0 ? script.length : close + tag.length;
}
