// Naming rules: table, column, index, unique, foreign and primary key formats, lengths and reserved words.
import { tokenize } from '../classify.ts';
import type { ConstraintDef, Statement } from '../model.ts';
import {
  type Finding,
  matchesPattern,
  numParam,
  q,
  type RuleCheck,
  type RuleContext,
  strParam,
} from './rule.ts';
import { definedColumns } from './shared.ts';

interface Named {
  name: string;
  offset?: number;
  vars: Record<string, string>;
}

/** Checks each named object against the rule's `format` (with {{var}} substitution) and `maxLength`. */
function checkNames(items: Named[], ctx: RuleContext, what: string): Finding[] {
  const max = numParam(ctx, 'maxLength');
  const out: Finding[] = [];
  for (const item of items) {
    const pattern = strParam(ctx, 'format').replace(/\{\{(\w+)\}\}/g, (_m, v: string) => item.vars[v] ?? '');
    const base = item.offset === undefined ? {} : { offset: item.offset };
    if (!matchesPattern(pattern, item.name))
      out.push({ message: `${what} ${q(item.name)} does not match ${pattern}`, ...base });
    else if (max > 0 && item.name.length > max)
      out.push({ message: `${what} ${q(item.name)} is longer than ${max}`, ...base });
  }
  return out;
}

/** Named constraints and indexes a statement creates, with the table they belong to. */
function constraints(s: Statement): { c: ConstraintDef; table: string }[] {
  const table = s.target?.name ?? '';
  if (s.kind === 'create_table') return s.constraints.map((c) => ({ c, table }));
  return s.actions.flatMap((a) => (a.type === 'add_constraint' ? [{ c: a.constraint, table }] : []));
}

function namedOfType(s: Statement, types: ConstraintDef['type'][], unique: boolean | undefined): Named[] {
  const out: Named[] = [];
  for (const { c, table } of constraints(s)) {
    if (!types.includes(c.type) || !c.name) continue;
    out.push({ name: c.name, offset: c.offset, vars: fkVars(table, c) });
  }
  const ix = s.createIndex;
  if (s.kind === 'create_index' && ix?.name && unique !== undefined && ix.unique === unique) {
    out.push({ name: ix.name, vars: { table: ix.table, column_list: ix.columns.join('_') } });
  }
  return out;
}

function fkVars(table: string, c: ConstraintDef): Record<string, string> {
  return {
    table,
    column_list: c.columns.join('_'),
    referencing_table: table,
    referencing_column: c.columns.join('_'),
    referenced_table: c.references?.table ?? '',
    referenced_column: c.references?.columns.join('_') ?? '',
  };
}

function tableNames(s: Statement): Named[] {
  if (s.kind === 'create_table' && s.target)
    return [{ name: s.target.name, offset: s.target.offset, vars: {} }];
  if (s.kind === 'rename_table' && s.engine !== 'postgres') {
    return s.targets
      .filter((_t, i) => i % 2 === 1)
      .map((t) => ({ name: t.name, offset: t.offset, vars: {} }));
  }
  return s.actions.flatMap((a) =>
    a.type === 'rename_table' ? [{ name: a.to, offset: a.offset, vars: {} }] : [],
  );
}

function columnNames(s: Statement): Named[] {
  const out: Named[] = definedColumns(s).map((c) => ({ name: c.name, offset: c.offset, vars: {} }));
  for (const a of s.actions)
    if (a.type === 'rename_column') out.push({ name: a.to, offset: a.offset, vars: {} });
  return out;
}

const RESERVED = new Set(
  (
    'ADD ALL ALTER AND AS ASC BETWEEN BY CALL CASE CHANGE CHECK COLUMN CONDITION CONSTRAINT CREATE CROSS CURRENT_DATE ' +
    'CURRENT_TIME CURRENT_TIMESTAMP DATABASE DEFAULT DELETE DESC DESCRIBE DISTINCT DROP ELSE EXISTS EXPLAIN FALSE FOR ' +
    'FOREIGN FROM FULLTEXT GENERATED GRANT GROUP GROUPS HAVING IF IN INDEX INNER INSERT INTERVAL INTO IS JOIN KEY KEYS ' +
    'KILL LEFT LIKE LIMIT LOCK MATCH NOT NULL ON OPTION OR ORDER OUTER PARTITION PRIMARY RANGE RANK READ REFERENCES ' +
    'RENAME REPLACE RIGHT ROW ROWS SELECT SET SHOW SYSTEM TABLE THEN TO TRIGGER TRUE UNION UNIQUE UPDATE USAGE USE ' +
    'USING VALUES WHEN WHERE WINDOW WITH WRITE'
  ).split(' '),
);

/** Naming rule checks by id. */
export const namingRules: Record<string, RuleCheck> = {
  'naming.table': (s, ctx) => checkNames(tableNames(s), ctx, 'table name'),
  'naming.column': (s, ctx) => checkNames(columnNames(s), ctx, 'column name'),
  'naming.index.idx': (s, ctx) => checkNames(namedOfType(s, ['index'], false), ctx, 'index name'),
  'naming.index.uk': (s, ctx) => checkNames(namedOfType(s, ['unique'], true), ctx, 'unique key name'),
  'naming.index.fk': (s, ctx) => checkNames(namedOfType(s, ['foreign'], undefined), ctx, 'foreign key name'),
  'naming.index.pk': (s, ctx) => checkNames(namedOfType(s, ['primary'], undefined), ctx, 'primary key name'),
  'naming.column.auto-increment': (s, ctx) =>
    checkNames(
      definedColumns(s)
        .filter((c) => c.autoIncrement)
        .map((c) => ({ name: c.name, offset: c.offset, vars: {} })),
      ctx,
      'auto-increment column name',
    ),
  'naming.identifier.too-long': (s, ctx) => {
    const names = [
      ...tableNames(s),
      ...columnNames(s),
      ...namedOfType(s, ['index', 'unique', 'foreign', 'primary', 'check'], undefined),
    ];
    if (s.kind === 'create_index' && s.createIndex?.name) names.push({ name: s.createIndex.name, vars: {} });
    const pg = ctx.engine === 'postgres';
    if (pg && (s.kind.startsWith('create') || s.kind === 'alter_table' || s.kind === 'rename_table')) {
      // PostgreSQL's parser already truncated long names in the tree, so the raw tokens are checked instead.
      return tokenize(s.sql, s.start)
        .filter((t) => t.kind === 'word' && Buffer.byteLength(t.text, 'utf8') > 63)
        .map((t) => ({
          message: `identifier ${q(t.text)} is longer than 63 bytes and will be truncated`,
          offset: t.offset,
        }));
    }
    return names
      .filter((n) => (pg ? Buffer.byteLength(n.name, 'utf8') > 63 : n.name.length > 64))
      .map((n) => ({
        message: pg
          ? `identifier ${q(n.name)} is longer than 63 bytes and will be truncated`
          : `identifier ${q(n.name)} is longer than 64 characters`,
        ...(n.offset === undefined ? {} : { offset: n.offset }),
      }));
  },
  'naming.identifier.no-keyword': (s) =>
    [...tableNames(s), ...columnNames(s)]
      .filter((n) => RESERVED.has(n.name.toUpperCase()))
      .map((n) => ({
        message: `identifier ${q(n.name)} is a reserved word`,
        ...(n.offset === undefined ? {} : { offset: n.offset }),
      })),
};
