// MySQL DDL normalisation: CREATE TABLE elements, table options and ALTER TABLE actions.
import type { AlterAction, ConstraintDef, Statement } from './model.ts';
import {
  columnName,
  type Loose,
  locOf,
  type MyLocate,
  myColumn,
  myReference,
  valueText,
} from './mysql-ast.ts';

const CONSTRAINT_TYPES: Record<string, ConstraintDef['type']> = {
  'primary key': 'primary',
  'unique key': 'unique',
  'unique index': 'unique',
  unique: 'unique',
  'foreign key': 'foreign',
  check: 'check',
};

/** A constraint or index element. */
export function myConstraint(n: Loose, at: MyLocate): ConstraintDef | undefined {
  const defs: Loose[] = Array.isArray(n?.definition) ? n.definition : [];
  const offset = at(locOf(defs[0]));
  const keyword = String(n?.keyword ?? '').toLowerCase();
  let type: ConstraintDef['type'] | undefined;
  if (n?.resource === 'constraint') type = CONSTRAINT_TYPES[String(n.constraint_type ?? '').toLowerCase()];
  else if (n?.resource === 'index')
    type = keyword.includes('fulltext') || keyword.includes('spatial') ? 'fulltext' : 'index';
  if (!type) return undefined;
  const def: ConstraintDef = { type, columns: defs.map(columnName), offset, notValid: false };
  const name = n.index ?? n.constraint;
  if (typeof name === 'string') def.name = name;
  if (type === 'foreign') {
    const ref = myReference(n.reference_definition);
    if (ref) def.references = ref;
  }
  return def;
}

/** Fills columns, constraints and options from a CREATE TABLE AST. */
export function myCreateTable(stmt: Statement, ast: Loose, at: MyLocate): void {
  for (const d of ast.create_definitions ?? []) {
    if (d?.resource === 'column') {
      const col = myColumn(d, at);
      stmt.columns.push(col);
      if (col.references) {
        stmt.constraints.push({
          type: 'foreign',
          columns: [col.name],
          offset: col.offset,
          notValid: false,
          references: col.references,
        });
      }
    } else {
      const c = myConstraint(d, at);
      if (c) stmt.constraints.push(c);
    }
  }
  for (const o of ast.table_options ?? []) tableOption(stmt, String(o?.keyword ?? ''), o?.value);
  if (ast.if_not_exists) stmt.ifNotExists = true;
  if (ast.temporary) stmt.flags.add('temporary');
  if (ast.query_expr) stmt.flags.add('as_select');
  if (ast.like) stmt.flags.add('like');
}

/** Records one table option (ENGINE, CHARSET, COLLATE, COMMENT, AUTO_INCREMENT). */
export function tableOption(stmt: Statement, keyword: string, value: Loose): void {
  const k = keyword.toLowerCase();
  const text = valueText(value);
  if (text === undefined) return;
  if (k === 'engine') stmt.options.engine = text.toLowerCase();
  else if (/char(acter )?set$|charset$/.test(k)) stmt.options.charset = text.toLowerCase();
  else if (k.endsWith('collate')) stmt.options.collation = text.toLowerCase();
  else if (k === 'comment') stmt.options.comment = text;
  else if (k === 'auto_increment') stmt.options.autoIncrement = Number(text);
}

/** Translates ALTER TABLE clauses into actions. */
export function myAlterTable(stmt: Statement, ast: Loose, at: MyLocate): void {
  for (const e of ast.expr ?? []) {
    const action = alterAction(stmt, e, at);
    if (action) stmt.actions.push(action);
  }
}

function alterAction(stmt: Statement, e: Loose, at: MyLocate): AlterAction | undefined {
  const action = String(e?.action ?? '').toLowerCase();
  const resource = String(e?.resource ?? '').toLowerCase();
  const offset = at(locOf(e?.old_column ?? e?.column));
  if (resource === 'column') {
    if (action === 'add') return { type: 'add_column', column: myColumn(e, at), offset };
    if (action === 'drop') return { type: 'drop_column', name: columnName(e.column), offset };
    if (action === 'modify') return { type: 'modify_column', column: myColumn(e, at), offset };
    if (action === 'change')
      return { type: 'change_column', from: columnName(e.old_column), column: myColumn(e, at), offset };
    if (action === 'rename') {
      return { type: 'rename_column', from: columnName(e.old_column), to: columnName(e.column), offset };
    }
  }
  if (action === 'add' && (resource === 'constraint' || resource === 'index')) {
    const c = myConstraint(resource === 'constraint' ? e.create_definitions : e, at);
    return c ? { type: 'add_constraint', constraint: c, offset: c.offset } : undefined;
  }
  if (action === 'drop' && (resource === 'index' || resource === 'key')) {
    const name = String(e.index ?? e.key ?? '');
    if (String(e.keyword).toLowerCase() === 'foreign key') return { type: 'drop_constraint', name, offset };
    return { type: 'drop_index', name: name || String(e.keyword ?? ''), offset };
  }
  if (action === 'rename' && resource === 'table') {
    return { type: 'rename_table', to: String(valueText(e.table) ?? e.table ?? ''), offset };
  }
  if (e?.type === 'alter' && typeof e?.keyword === 'string' && !e.action) {
    const value = String(valueText(e[e.keyword] ?? e[resource]) ?? e[e.keyword] ?? '');
    tableOption(stmt, e.keyword, value);
    return { type: 'option', name: e.keyword.toLowerCase(), value: value.toUpperCase(), offset };
  }
  return { type: 'other', what: `${action} ${resource}`.trim(), offset };
}
