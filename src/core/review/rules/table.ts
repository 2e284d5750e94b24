// Table rules: primary keys, foreign keys, partitions, comments, charsets, duplicate indexes, storage engine.
import type { ConstraintDef, Statement } from '../model.ts';
import { type Finding, memo, numParam, q, type RuleCheck } from './rule.ts';
import { one } from './shared.ts';

/** Whether a CREATE TABLE is an ordinary table definition (not AS SELECT, LIKE, temporary or a partition). */
const ordinaryCreate = (s: Statement) =>
  s.kind === 'create_table' &&
  !['as_select', 'like', 'temporary', 'partition_of'].some((f) => s.flags.has(f));

/** Index-like constraints of a CREATE TABLE plus PRIMARY KEY / UNIQUE columns. */
function indexLists(s: Statement): ConstraintDef[] {
  const out = s.constraints.filter((c) => c.type !== 'check' && c.type !== 'foreign' && c.type !== 'exclude');
  for (const c of s.columns) {
    if (c.primaryKey || c.unique) {
      out.push({
        type: c.primaryKey ? 'primary' : 'unique',
        columns: [c.name],
        offset: c.offset,
        notValid: false,
      });
    }
  }
  return out;
}

/** Table rule checks by id. */
export const tableRules: Record<string, RuleCheck> = {
  'table.require-pk': (s) => {
    if (ordinaryCreate(s)) {
      const hasPk = s.columns.some((c) => c.primaryKey) || s.constraints.some((c) => c.type === 'primary');
      return hasPk ? [] : one(`table ${q(s.target?.name)} has no primary key`, s.target?.offset);
    }
    const drop = s.actions.find((a) => a.type === 'drop_index' && a.name.toLowerCase() === 'primary key');
    return drop ? one(`primary key of ${q(s.target?.name)} is dropped`, drop.offset) : [];
  },
  'table.no-foreign-key': (s) => {
    const fks = [
      ...(s.kind === 'create_table' ? s.constraints : []),
      ...s.actions.flatMap((a) => (a.type === 'add_constraint' ? [a.constraint] : [])),
    ].filter((c) => c.type === 'foreign');
    return fks.map((c) => ({
      message: `foreign key to ${q(c.references?.table)} is not allowed`,
      offset: c.offset,
    }));
  },
  'table.disallow-partition': (s) =>
    s.kind === 'create_table' && s.options.partitioned
      ? one(`table ${q(s.target?.name)} is partitioned`, s.target?.offset)
      : [],
  'table.comment': (s, ctx) => {
    if (!ordinaryCreate(s)) return [];
    const comment = s.options.comment;
    if (comment === undefined || comment === '') {
      return ctx.params['required'] === false
        ? []
        : one(`table ${q(s.target?.name)} has no comment`, s.target?.offset);
    }
    const max = numParam(ctx, 'maxLength');
    return comment.length > max ? one(`table comment is ${comment.length} characters, more than ${max}`) : [];
  },
  'table.disallow-set-charset': (s) =>
    (s.kind === 'create_table' || s.kind === 'alter_table') && s.options.charset
      ? one(`table sets character set ${s.options.charset}`)
      : [],
  'table.require-charset': (s) =>
    ordinaryCreate(s) && !s.options.charset
      ? one(`table ${q(s.target?.name)} does not state DEFAULT CHARSET`, s.target?.offset)
      : [],
  'table.require-collation': (s) =>
    ordinaryCreate(s) && !s.options.collation
      ? one(`table ${q(s.target?.name)} does not state COLLATE`, s.target?.offset)
      : [],
  'table.no-duplicate-index': (s, ctx) => {
    const out: Finding[] = [];
    if (s.kind === 'create_table') {
      const seen = new Map<string, ConstraintDef>();
      for (const c of indexLists(s)) {
        const key = c.columns.join(',').toLowerCase();
        if (seen.has(key))
          out.push({
            message: `index on (${c.columns.join(', ')}) duplicates an earlier index`,
            offset: c.offset,
          });
        else seen.set(key, c);
      }
    } else if (s.kind === 'create_index' && s.createIndex) {
      const key = s.createIndex.columns.join(',').toLowerCase();
      const table = s.createIndex.table.toLowerCase();
      const first = memo(ctx.facts, 'first-index-by-columns', () => {
        const m = new Map<string, number>();
        for (const o of ctx.facts.statements) {
          if (o.kind === 'create_index' && o.createIndex) {
            const k = `${o.createIndex.table}|${o.createIndex.columns.join(',')}`.toLowerCase();
            if (!m.has(k)) m.set(k, o.index);
          } else if (o.kind === 'create_table' && o.target) {
            for (const c of indexLists(o)) {
              const k = `${o.target.name}|${c.columns.join(',')}`.toLowerCase();
              if (!m.has(k)) m.set(k, o.index);
            }
          }
        }
        return m;
      });
      const seenAt = first.get(`${table}|${key}`);
      const dup = seenAt !== undefined && seenAt < s.index;
      if (dup)
        out.push({
          message: `index on ${q(s.createIndex.table)} (${s.createIndex.columns.join(', ')}) duplicates an earlier index`,
        });
    }
    return out;
  },
  'statement.create-specify-schema': (s) =>
    ['create_table', 'create_view', 'create_sequence', 'create_type'].includes(s.kind) &&
    s.target &&
    !s.target.schema
      ? one(
          `${q(s.target.name)} is created without a schema; name it schema.${s.target.name}`,
          s.target.offset,
        )
      : [],
  'engine.mysql.use-innodb': (s) => {
    const engine = s.options.engine;
    return engine !== undefined &&
      engine !== 'innodb' &&
      (s.kind === 'create_table' || s.kind === 'alter_table')
      ? one(`storage engine ${engine.toUpperCase()} is not InnoDB`)
      : [];
  },
};
