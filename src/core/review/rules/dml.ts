// DML rules: WHERE requirements, SELECT *, LIKE and NULL pitfalls, INSERT shape, LIMIT/ORDER BY, TRUNCATE.
import type { Statement } from '../model.ts';
import { type Finding, memo, numParam, q, type RuleCheck } from './rule.ts';

const isWrite = (s: Statement) => s.kind === 'update' || s.kind === 'delete';
const one = (message: string, offset?: number): Finding[] => [
  offset === undefined ? { message } : { message, offset },
];
const DDL_KINDS = new Set([
  'create_table',
  'alter_table',
  'drop_table',
  'rename_table',
  'create_index',
  'drop_index',
]);
const DML_KINDS = new Set(['insert', 'update', 'delete']);

/** DML rule checks by id. */
export const dmlRules: Record<string, RuleCheck> = {
  'statement.where.require.update-delete': (s) =>
    isWrite(s) && s.dml && !s.dml.hasWhere
      ? one(
          `${s.kind.toUpperCase()} on ${q(s.target?.name)} has no WHERE clause and changes every row`,
          s.target?.offset,
        )
      : [],
  'statement.where.require.select': (s) =>
    s.kind === 'select' && s.dml?.readsTable && !s.dml.hasWhere
      ? one('SELECT without WHERE reads the whole table')
      : [],
  'statement.select.no-select-all': (s) =>
    s.kind === 'select' && s.dml?.selectStar !== undefined
      ? one('SELECT * lists every column', s.dml.selectStar)
      : [],
  'statement.where.no-leading-wildcard-like': (s) =>
    (s.dml?.leadingWildcardLikes ?? []).map((offset) => ({
      message: "LIKE pattern starts with '%' and cannot use an index",
      offset,
    })),
  'statement.where.no-equal-null': (s) =>
    (s.dml?.equalNulls ?? []).map((offset) => ({
      message: 'comparison with NULL is never true; use IS [NOT] NULL',
      offset,
    })),
  'statement.disallow-limit': (s) =>
    (isWrite(s) || (s.kind === 'insert' && s.dml?.insertSelect)) && s.dml?.hasLimit
      ? one(`LIMIT in ${s.kind.toUpperCase()} makes the affected rows depend on execution order`)
      : [],
  'statement.disallow-order-by': (s) =>
    isWrite(s) && s.dml?.hasOrderBy ? one(`ORDER BY in ${s.kind.toUpperCase()} is not allowed`) : [],
  'statement.insert.row-limit': (s, ctx) => {
    const max = numParam(ctx, 'maxRows');
    const rows = s.dml?.rowCount ?? 0;
    return s.kind === 'insert' && rows > max
      ? one(`INSERT has ${rows} rows, more than the limit of ${max}`)
      : [];
  },
  'statement.insert.must-specify-column': (s) =>
    s.kind === 'insert' && s.dml?.insertColumns === null
      ? one(`INSERT into ${q(s.target?.name)} does not list its columns`, s.target?.offset)
      : [],
  'statement.insert.disallow-order-by-rand': (s) =>
    s.kind === 'insert' && s.dml?.orderByRand
      ? one('INSERT ... SELECT ordered by RAND() sorts the whole source')
      : [],
  'statement.insert.select-require-where': (s) =>
    s.kind === 'insert' && s.dml?.insertSelect && !s.dml.insertSelectHasWhere
      ? one('INSERT ... SELECT without WHERE copies the whole source table')
      : [],
  'statement.disallow-truncate': (s) =>
    s.kind === 'truncate' ? one(`TRUNCATE removes every row of ${q(s.target?.name)}`, s.target?.offset) : [],
  'statement.disallow-truncate-cascade': (s) =>
    s.kind === 'truncate' && s.cascade
      ? one('TRUNCATE ... CASCADE also empties every table that references this one')
      : [],
  'statement.disallow-on-del-cascade': (s) => {
    const cons =
      s.kind === 'create_table'
        ? s.constraints
        : s.actions.flatMap((a) => (a.type === 'add_constraint' ? [a.constraint] : []));
    return cons
      .filter((c) => c.references?.onDelete === 'cascade')
      .map((c) => ({
        message: `ON DELETE CASCADE on the foreign key to ${q(c.references?.table)}`,
        offset: c.offset,
      }));
  },
  'statement.disallow-rm-tbl-cascade': (s) =>
    s.kind.startsWith('drop') && s.cascade ? one('DROP ... CASCADE also drops every dependent object') : [],
  'statement.disallow-mix-ddl-dml': (s, ctx) => {
    if (!DML_KINDS.has(s.kind)) return [];
    const ddl = memo(ctx.facts, 'first-ddl', () => ctx.facts.statements.find((o) => DDL_KINDS.has(o.kind)));
    return ddl ? one(`data change mixed with schema change (statement ${ddl.index + 1}) in one script`) : [];
  },
};
