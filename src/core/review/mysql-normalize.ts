// MySQL/Snowflake normalisation: one node-sql-parser statement AST into the shared statement model.

import { tokenize } from './classify.ts';
import { type DmlInfo, emptyDml, emptyStatement, type Statement, type StatementKind } from './model.ts';
import { columnName, type Loose, locOf, type MyLocate, valueText } from './mysql-ast.ts';
import { myAlterTable, myCreateTable, tableOption } from './mysql-normalize-ddl.ts';
import type { StatementPosition } from './pg-normalize.ts';
import type { ReviewEngine } from './types.ts';

const CREATE_KINDS: Record<string, StatementKind> = {
  table: 'create_table',
  index: 'create_index',
  database: 'create_database',
  schema: 'create_database',
  view: 'create_view',
  trigger: 'create_trigger',
  function: 'create_function',
  procedure: 'create_procedure',
  event: 'create_event',
  sequence: 'create_sequence',
};
const DROP_KINDS: Record<string, StatementKind> = {
  table: 'drop_table',
  index: 'drop_index',
  database: 'drop_database',
  schema: 'drop_database',
  view: 'drop_view',
};

/** Normalises one AST. */
export function normalizeMysql(
  engine: ReviewEngine,
  ast: Loose,
  pos: StatementPosition,
  at: MyLocate,
): Statement {
  const type = String(ast?.type ?? '').toLowerCase();
  const keyword = String(ast?.keyword ?? '').toLowerCase();
  const stmt = emptyStatement(engine, pos, 'other');
  currentStatement = pos;
  const addTarget = (t: Loose) => {
    const name = typeof t === 'string' ? t : (t?.table ?? t?.view ?? valueText(t));
    if (typeof name !== 'string') return;
    const schema = t?.db ?? undefined;
    const ref = { name, offset: at(locOf(t)), ...(typeof schema === 'string' ? { schema } : {}) };
    if (!stmt.target) stmt.target = ref;
    stmt.targets.push(ref);
  };
  switch (type) {
    case 'create':
      stmt.kind = CREATE_KINDS[keyword] ?? 'other';
      if (keyword === 'table') {
        addTarget(ast.table?.[0]);
        myCreateTable(stmt, ast, at);
      } else if (keyword === 'index') createIndex(stmt, ast, at, addTarget);
      else if (keyword === 'database' || keyword === 'schema') {
        addTarget(valueText(ast.database?.schema?.[0]) ?? valueText(ast.database));
        for (const d of ast.create_definitions ?? []) tableOption(stmt, String(d?.keyword ?? ''), d?.value);
      } else if (keyword === 'view') addTarget(ast.view);
      break;
    case 'alter':
      stmt.kind = 'alter_table';
      addTarget(ast.table?.[0]);
      myAlterTable(stmt, ast, at);
      break;
    case 'drop':
      stmt.kind = DROP_KINDS[keyword] ?? 'drop_other';
      stmt.ifExists = String(ast.prefix ?? '').toLowerCase() === 'if exists';
      if (keyword === 'index') {
        addTarget(columnName(ast.name));
        stmt.createIndex = { unique: false, columns: [], table: String(ast.table?.table ?? '') };
      } else for (const n of Array.isArray(ast.name) ? ast.name : [ast.name]) addTarget(n);
      break;
    case 'rename':
      stmt.kind = 'rename_table';
      for (const pair of ast.table ?? []) {
        addTarget(pair?.[0]);
        addTarget(pair?.[1]);
      }
      break;
    case 'truncate':
      stmt.kind = 'truncate';
      for (const n of ast.name ?? []) addTarget(n);
      break;
    case 'insert':
    case 'replace':
    case 'update':
    case 'delete':
    case 'select':
      stmt.kind = type === 'replace' ? 'insert' : (type as StatementKind);
      for (const t of type === 'delete'
        ? (ast.from ?? []).slice(0, 1)
        : (ast.table ?? ast.from ?? []).slice(0, 1)) {
        addTarget(t);
      }
      stmt.dml = dml(type, ast, at);
      break;
    case 'transaction':
      stmt.kind = transactionKind(String(valueText(ast.expr?.action) ?? '').toLowerCase());
      break;
    case 'set': {
      stmt.kind = 'set';
      const first = ast.expr?.[0];
      const name = String(first?.left?.name ?? first?.left?.column ?? '').toLowerCase();
      stmt.setting = { name, value: String(valueText(first?.right) ?? '') };
      break;
    }
    case 'use':
      stmt.kind = 'use';
      break;
    case 'grant':
    case 'revoke':
      stmt.kind = 'grant';
      break;
  }
  return stmt;
}

function createIndex(stmt: Statement, ast: Loose, at: MyLocate, addTarget: (t: Loose) => void): void {
  addTarget(valueText(ast.index) ?? ast.index);
  const cols: Loose[] = ast.index_columns ?? [];
  stmt.createIndex = {
    unique: String(ast.index_type ?? '').toLowerCase() === 'unique',
    columns: cols.map((c) =>
      c?.type === 'function' ? String(c.name?.name?.[0]?.value ?? '') : columnName(c),
    ),
    table: String(ast.table?.table ?? ''),
  };
  if (typeof ast.index === 'string') stmt.createIndex.name = ast.index;
  const table = { name: stmt.createIndex.table, offset: at(locOf(ast.table)) };
  stmt.targets.push(table);
  for (const [opt, value] of [
    ['algorithm', ast.algorithm_option?.algorithm],
    ['lock', ast.lock_option?.lock],
  ] as const) {
    if (value)
      stmt.actions.push({
        type: 'option',
        name: opt,
        value: String(value).toUpperCase(),
        offset: stmt.start,
      });
  }
}

function transactionKind(action: string): StatementKind {
  if (action === 'start' || action === 'begin') return 'begin';
  if (action === 'commit') return 'commit';
  if (action === 'rollback') return 'rollback';
  return 'other';
}

function dml(type: string, ast: Loose, at: MyLocate): DmlInfo {
  const info = emptyDml();
  info.hasWhere = Boolean(ast.where);
  info.hasLimit = Array.isArray(ast.limit?.value) && ast.limit.value.length > 0;
  info.hasOrderBy = Array.isArray(ast.orderby) && ast.orderby.length > 0;
  if (type === 'insert' || type === 'replace') {
    info.insertColumns =
      Array.isArray(ast.columns) && ast.columns.length > 0 ? ast.columns.map(columnName) : null;
    const values = ast.values;
    if (values?.type === 'values') info.rowCount = values.values?.length ?? 0;
    else if (values?.type === 'select' || ast.select) {
      const sel = values?.type === 'select' ? values : ast.select;
      info.insertSelect = true;
      info.insertSelectHasWhere = Boolean(sel?.where);
      info.hasOrderBy = Array.isArray(sel?.orderby) && sel.orderby.length > 0;
      info.orderByRand = isRandOrder(sel?.orderby);
    }
  }
  if (type === 'update') {
    for (const s of ast.set ?? [])
      info.assignments.push({ column: String(s?.column ?? ''), offset: at(locOf(s)) });
    anchorAssignments(info, at);
  }
  if (type === 'select') {
    info.readsTable = Array.isArray(ast.from) && ast.from.some((f: Loose) => f?.table && f.table !== 'DUAL');
    for (const c of Array.isArray(ast.columns) ? ast.columns : []) {
      if (c?.expr?.type === 'column_ref' && c.expr.column === '*') {
        info.selectStar = at(locOf(c) ?? locOf(c.expr));
        break;
      }
    }
  }
  info.orderByRand ||= isRandOrder(ast.orderby);
  scanExpr(ast.where, info, at);
  return info;
}

function isRandOrder(orderby: Loose): boolean {
  return (Array.isArray(orderby) ? orderby : []).some(
    (o: Loose) =>
      o?.expr?.type === 'function' && /^rand(om)?$/i.test(String(o.expr.name?.name?.[0]?.value ?? '')),
  );
}

/** Finds LIKE '%...' and `= NULL` comparisons in a WHERE tree. */
function scanExpr(e: Loose, info: DmlInfo, at: MyLocate): void {
  if (!e || typeof e !== 'object') return;
  if (e.type === 'binary_expr') {
    const op = String(e.operator).toUpperCase();
    if ((op === 'LIKE' || op === 'ILIKE') && String(valueText(e.right) ?? '').startsWith('%')) {
      info.leadingWildcardLikes.push(at(locOf(e) ?? locOf(e.left)));
    }
    if ((op === '=' || op === '<>' || op === '!=') && e.right?.type === 'null') {
      info.equalNulls.push(at(locOf(e) ?? locOf(e.left)));
    }
    scanExpr(e.left, info, at);
    scanExpr(e.right, info, at);
  } else if (Array.isArray(e.value)) for (const v of e.value) scanExpr(v, info, at);
}

/** The parser gives SET items no location; find each `column =` after SET, in order, outside parentheses. */
function anchorAssignments(info: DmlInfo, at: MyLocate): void {
  const pos = currentStatement;
  if (!pos || !info.assignments.some((a) => a.offset === at(undefined))) return;
  const tokens = tokenize(pos.sql, pos.start);
  const from = tokens.findIndex((t) => t.upper === 'SET' && !t.quoted);
  let depth = 0;
  let k = 0;
  for (let i = from + 1; from >= 0 && i < tokens.length - 1 && k < info.assignments.length; i++) {
    const t = tokens[i]!;
    const prev = tokens[i - 1]?.text;
    if (t.text === '(') depth++;
    else if (t.text === ')') depth--;
    else if (
      depth === 0 &&
      t.kind === 'word' &&
      tokens[i + 1]?.text === '=' &&
      (prev === ',' || prev === '.' || i === from + 1)
    ) {
      info.assignments[k++]!.offset = prev === '.' ? tokens[i - 2]!.offset : t.offset;
    }
  }
}

// The statement being normalised, so helpers without a position argument can tokenise its text.
let currentStatement: StatementPosition | undefined;
