// Keyword classification of statements the full parsers do not cover (ClickHouse, parse failures, session commands).
import { emptyDml, emptyStatement, type ObjectRef, type Statement, type StatementKind } from './model.ts';
import type { ReviewEngine } from './types.ts';

/** A lexical token: a word (keyword or identifier, quotes removed) or a single punctuation character. */
export interface Token {
  text: string;
  upper: string;
  offset: number;
  quoted: boolean;
  kind: 'word' | 'string' | 'number' | 'punct';
}

/** Word characters: ASCII letters and digits, `_`, `$` and every non-ASCII code unit. */
function isWordCode(c: number): boolean {
  return (
    (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 95 || c === 36 || c >= 0x80
  );
}

/** Tokenises a statement, skipping comments; offsets are relative to `base`. */
export function tokenize(sql: string, base = 0, limit = Number.POSITIVE_INFINITY): Token[] {
  // Character codes rather than regular expressions per character: this runs on every statement of a script.
  const out: Token[] = [];
  const n = sql.length;
  let i = 0;
  while (i < n && out.length < limit) {
    const c = sql.charCodeAt(i);
    const next = sql.charCodeAt(i + 1);
    if (c === 32 || c === 10 || c === 9 || c === 13) {
      i++;
    } else if ((c === 45 && next === 45) || c === 35) {
      const nl = sql.indexOf('\n', i);
      i = nl < 0 ? n : nl;
    } else if (c === 47 && next === 42) {
      const close = sql.indexOf('*/', i + 2);
      i = close < 0 ? n : close + 2;
    } else if (c === 39 || c === 34 || c === 96) {
      const j = readQuoted(sql, i, c, out, base);
      i = j + 1;
    } else if (isWordCode(c)) {
      let j = i + 1;
      while (j < n && isWordCode(sql.charCodeAt(j))) j++;
      const text = sql.slice(i, j);
      const kind = c >= 48 && c <= 57 ? 'number' : 'word';
      out.push({ text, upper: text.toUpperCase(), offset: base + i, quoted: false, kind });
      i = j;
    } else {
      const text = sql[i]!;
      out.push({ text, upper: text, offset: base + i, quoted: false, kind: 'punct' });
      i++;
    }
  }
  return out;
}

/** Reads the quoted token opened at `i` into `out`; returns the offset of its closing quote (or the end). */
function readQuoted(sql: string, i: number, quote: number, out: Token[], base: number): number {
  let j = i + 1;
  let from = j;
  let text = '';
  while (j < sql.length) {
    const c = sql.charCodeAt(j);
    if (c === 92 && quote === 39) {
      text += sql.slice(from, j) + (sql[j + 1] ?? '');
      j += 2;
      from = j;
    } else if (c === quote) {
      if (sql.charCodeAt(j + 1) === quote) {
        text += sql.slice(from, j + 1);
        j += 2;
        from = j;
      } else break;
    } else j++;
  }
  text += sql.slice(from, Math.min(j, sql.length));
  const kind = quote === 39 ? 'string' : 'word';
  out.push({ text, upper: text.toUpperCase(), offset: base + i, quoted: kind === 'word', kind });
  return j;
}

/** Reads a possibly qualified name (a.b.c) starting at token `at`. */
function readName(tokens: Token[], at: number): ObjectRef | undefined {
  const first = tokens[at];
  if (first?.kind !== 'word') return undefined;
  const parts = [first.text];
  let i = at + 1;
  while (tokens[i]?.text === '.' && tokens[i + 1]?.kind === 'word') {
    parts.push(tokens[i + 1]!.text);
    i += 2;
  }
  const name = parts[parts.length - 1]!;
  const schema = parts.length > 1 ? parts[parts.length - 2] : undefined;
  return schema === undefined ? { name, offset: first.offset } : { schema, name, offset: first.offset };
}

const OBJECT_KINDS: Record<string, [StatementKind, StatementKind]> = {
  TABLE: ['create_table', 'drop_table'],
  INDEX: ['create_index', 'drop_index'],
  DATABASE: ['create_database', 'drop_database'],
  SCHEMA: ['create_schema', 'drop_schema'],
  VIEW: ['create_view', 'drop_view'],
  FUNCTION: ['create_function', 'drop_other'],
  PROCEDURE: ['create_procedure', 'drop_other'],
  TRIGGER: ['create_trigger', 'drop_other'],
  EVENT: ['create_event', 'drop_other'],
  DICTIONARY: ['create_table', 'drop_other'],
};

const SKIPPABLE = new Set([
  'OR',
  'REPLACE',
  'TEMPORARY',
  'TEMP',
  'UNIQUE',
  'MATERIALIZED',
  'IF',
  'NOT',
  'EXISTS',
  'LIVE',
  'DEFINER',
  'SECURE',
  'TRANSIENT',
]);

/** Finds the object word after CREATE/DROP (skipping OR REPLACE, IF NOT EXISTS ...) and the name after it. */
function objectAfter(tokens: Token[], from: number): { word: string; name?: ObjectRef; at: number } {
  let i = from;
  while (tokens[i] && SKIPPABLE.has(tokens[i]!.upper) && !OBJECT_KINDS[tokens[i]!.upper]) i++;
  const word = tokens[i]?.upper ?? '';
  let j = i + 1;
  while (tokens[j] && ['IF', 'NOT', 'EXISTS', 'CONCURRENTLY'].includes(tokens[j]!.upper)) j++;
  const name = readName(tokens, j);
  return name ? { word, name, at: j } : { word, at: j };
}

/** Classifies one statement by its keywords and fills the parts of the model that keywords reveal. */
export function classifyStatement(
  engine: ReviewEngine,
  pos: { index: number; sql: string; start: number; end: number; line: number; column: number },
): Statement {
  const tokens = tokenize(pos.sql, pos.start);
  const words = tokens.map((t) => (t.kind === 'word' && !t.quoted ? t.upper : ''));
  const has = (w: string) => words.includes(w);
  const first = words[0] ?? '';
  let kind: StatementKind = 'other';
  let target: ObjectRef | undefined;
  const extra: ObjectRef[] = [];
  if (first === 'CREATE' || first === 'DROP') {
    const found = objectAfter(tokens, 1);
    const pair = OBJECT_KINDS[found.word];
    kind = pair ? pair[first === 'CREATE' ? 0 : 1] : first === 'DROP' ? 'drop_other' : 'other';
    target = found.name;
  } else if (first === 'ALTER') {
    kind = words[1] === 'TABLE' ? 'alter_table' : words[1] === 'DATABASE' ? 'alter_database' : 'other';
    target = readName(tokens, 2);
  } else if (first === 'TRUNCATE') {
    kind = 'truncate';
    target = readName(tokens, words[1] === 'TABLE' ? 2 : 1);
  } else if (first === 'RENAME') {
    kind = 'rename_table';
    target = readName(tokens, 2);
    const to = tokens.findIndex((t) => t.upper === 'TO' && !t.quoted);
    const renamed = to > 0 ? readName(tokens, to + 1) : undefined;
    if (target && renamed) extra.push(target, renamed);
  } else if (first === 'INSERT' || first === 'REPLACE') {
    kind = 'insert';
    target = readName(tokens, words[1] === 'INTO' ? 2 : 1);
  } else if (first === 'UPDATE') {
    kind = 'update';
    target = readName(tokens, 1);
  } else if (first === 'DELETE') {
    kind = 'delete';
    target = readName(tokens, words[1] === 'FROM' ? 2 : 1);
  } else if (first === 'SELECT' || first === 'WITH' || first === 'SHOW' || first === 'EXPLAIN') {
    kind = 'select';
  } else if (first === 'SET') {
    kind = 'set';
  } else if (first === 'USE') {
    kind = 'use';
  } else if (first === 'BEGIN' || first === 'START') {
    kind = 'begin';
  } else if (first === 'COMMIT' || first === 'END') {
    kind = 'commit';
  } else if (first === 'ROLLBACK' || first === 'ABORT') {
    kind = 'rollback';
  } else if (first === 'GRANT' || first === 'REVOKE') {
    kind = 'grant';
  }
  const stmt = emptyStatement(engine, pos, kind);
  if (target) {
    stmt.target = target;
    stmt.targets.push(...(extra.length > 0 ? extra : [target]));
  }
  if (kind === 'create_table' && has('PARTITION')) stmt.options.partitioned = true;
  if (has('IF') && has('EXISTS')) stmt.ifExists = !has('NOT');
  stmt.cascade = words[words.length - 1] === 'CASCADE';
  if (kind === 'update' || kind === 'delete' || kind === 'select') {
    const dml = emptyDml();
    dml.hasWhere = has('WHERE');
    dml.hasLimit = has('LIMIT');
    dml.hasOrderBy = has('ORDER');
    dml.readsTable = has('FROM');
    const star = tokens.findIndex(
      (t, i) => t.text === '*' && (words[i - 1] === 'SELECT' || tokens[i - 1]?.text === ','),
    );
    if (kind === 'select' && star >= 0) dml.selectStar = tokens[star]!.offset;
    stmt.dml = dml;
  }
  if (kind === 'set') readSetting(stmt, tokens);
  if (engine === 'clickhouse' && kind === 'alter_table') classifyClickHouseAlter(stmt, tokens, words);
  return stmt;
}

/** ClickHouse mutations (ALTER TABLE t DELETE/UPDATE ... WHERE) and column changes. */
function classifyClickHouseAlter(stmt: Statement, tokens: Token[], words: string[]): void {
  for (let i = 3; i < words.length; i++) {
    const w = words[i];
    const prev = words[i - 1];
    if (prev !== '' && prev !== undefined && tokens[i - 1]?.text !== ',' && i > 3 && w !== 'DROP') continue;
    if (w === 'DELETE' || w === 'UPDATE') {
      stmt.flags.add(`mutation_${w.toLowerCase()}`);
      stmt.dml = { ...emptyDml(), hasWhere: words.includes('WHERE') };
    } else if (w === 'DROP' && words[i + 1] === 'COLUMN') {
      const name = readName(tokens, words[i + 2] === 'IF' ? i + 4 : i + 2);
      if (name) stmt.actions.push({ type: 'drop_column', name: name.name, offset: name.offset });
    } else if (w === 'RENAME' && words[i + 1] === 'COLUMN') {
      const from = readName(tokens, i + 2);
      const to = readName(tokens, i + 4);
      if (from && to)
        stmt.actions.push({ type: 'rename_column', from: from.name, to: to.name, offset: from.offset });
    } else if (w === 'MODIFY' && words[i + 1] === 'COLUMN') {
      const name = readName(tokens, i + 2);
      if (name)
        stmt.actions.push({
          type: 'alter_column_type',
          name: name.name,
          newType: unknownType,
          offset: name.offset,
        });
    }
  }
}

/** SET [SESSION|LOCAL] name {=|TO} value, as a lower-case name and the value's text. */
function readSetting(stmt: Statement, tokens: Token[]): void {
  let i = 1;
  while (['SESSION', 'LOCAL', 'GLOBAL', '@', '@@'].includes(tokens[i]?.upper ?? '')) i++;
  while (tokens[i]?.text === '@' || tokens[i + 1]?.text === '.') i += tokens[i]?.text === '@' ? 1 : 2;
  const name = tokens[i];
  if (name?.kind !== 'word') return;
  const sep = tokens[i + 1];
  const valueAt = sep && (sep.text === '=' || sep.upper === 'TO') ? i + 2 : i + 1;
  const value = tokens
    .slice(valueAt)
    .map((t) => t.text)
    .join('');
  stmt.setting = { name: name.text.toLowerCase(), value };
}

const unknownType = { name: 'unknown', unsigned: false, array: false };

/** Session and transaction statements that need no grammar: SET, USE, BEGIN, COMMIT, ROLLBACK, SHOW. */
export function isSessionStatement(sql: string): boolean {
  return /^\s*(SET|USE|BEGIN|START\s+TRANSACTION|COMMIT|ROLLBACK|SHOW|SAVEPOINT|RELEASE)\b/i.test(sql);
}

const NAMED_ACTIONS = new Set([
  'drop_column',
  'set_not_null',
  'drop_not_null',
  'alter_column_type',
  'set_default',
  'drop_constraint',
  'validate_constraint',
  'drop_index',
]);

/**
 * Anchors actions and drop targets the parser gives no location for (SET NOT NULL, DROP COLUMN, DROP TABLE x)
 * on the token that names them, so advice points at the offending name rather than the statement start.
 */
export function anchorUnlocated(stmt: Statement): Statement {
  const pending: { offset: number; name: string }[] = [];
  for (const t of stmt.targets) if (t.offset === stmt.start && t.name !== '') pending.push(t);
  for (const a of stmt.actions) {
    if (a.offset !== stmt.start) continue;
    if (a.type === 'rename_column')
      pending.push({
        name: a.from,
        set offset(o: number) {
          a.offset = o;
        },
        get offset() {
          return a.offset;
        },
      });
    else if (NAMED_ACTIONS.has(a.type) && 'name' in a) pending.push(a);
  }
  if (pending.length === 0) return stmt;
  const tokens = tokenize(stmt.sql, stmt.start);
  let cursor = 1;
  for (const item of pending) {
    const want = item.name.toLowerCase();
    const i = tokens.findIndex((t, k) => k > cursor && t.kind === 'word' && t.text.toLowerCase() === want);
    if (i >= 0) {
      item.offset = tokens[i]!.offset;
      cursor = i;
    }
  }
  return stmt;
}
