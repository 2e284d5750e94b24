// Index rules: duplicate columns, column and index counts, primary key types, BLOB/TEXT indexes.
import type { ConstraintDef, Statement } from '../model.ts';
import { type Finding, listParam, numParam, q, type RuleCheck } from './rule.ts';
import { isTextOrBlob, one } from './shared.ts';

/** Every index a statement creates: CREATE INDEX, and index-like constraints of CREATE/ALTER TABLE. */
function indexes(s: Statement): { columns: string[]; offset?: number }[] {
  if (s.kind === 'create_index' && s.createIndex) return [{ columns: s.createIndex.columns }];
  const cons: ConstraintDef[] =
    s.kind === 'create_table'
      ? s.constraints
      : s.actions.flatMap((a) => (a.type === 'add_constraint' ? [a.constraint] : []));
  return cons
    .filter((c) => c.type !== 'check' && c.type !== 'foreign')
    .map((c) => ({ columns: c.columns, offset: c.offset }));
}

const at = (message: string, offset?: number): Finding =>
  offset === undefined ? { message } : { message, offset };

/** Index rule checks by id. */
export const indexRules: Record<string, RuleCheck> = {
  'index.no-duplicate-column': (s) =>
    indexes(s).flatMap((ix) => {
      const lower = ix.columns.map((c) => c.toLowerCase());
      const dup = lower.find((c, i) => lower.indexOf(c) !== i);
      return dup ? [at(`index lists column ${q(dup)} more than once`, ix.offset)] : [];
    }),
  'index.key-number-limit': (s, ctx) => {
    const max = numParam(ctx, 'number');
    return indexes(s)
      .filter((ix) => ix.columns.length > max)
      .map((ix) => at(`index has ${ix.columns.length} columns, more than ${max}`, ix.offset));
  },
  'index.total-number-limit': (s, ctx) => {
    if (s.kind !== 'create_table') return [];
    const max = numParam(ctx, 'number');
    const count = indexes(s).length + s.columns.filter((c) => c.unique || c.primaryKey).length;
    return count > max
      ? one(`table ${q(s.target?.name)} has ${count} indexes, more than ${max}`, s.target?.offset)
      : [];
  },
  'index.primary-key-type-allowlist': (s, ctx) => {
    if (s.kind !== 'create_table') return [];
    const allowed = listParam(ctx, 'types');
    const pkNames = new Set(
      s.constraints.filter((c) => c.type === 'primary').flatMap((c) => c.columns.map((n) => n.toLowerCase())),
    );
    return s.columns
      .filter((c) => (c.primaryKey || pkNames.has(c.name.toLowerCase())) && !allowed.includes(c.type.name))
      .map((c) => ({
        message: `primary key column ${q(c.name)} is ${c.type.name}; allowed: ${allowed.join(', ')}`,
        offset: c.offset,
      }));
  },
  'index.type-no-blob': (s) => {
    if (s.kind !== 'create_table') return [];
    const blobs = new Set(s.columns.filter(isTextOrBlob).map((c) => c.name.toLowerCase()));
    const out: Finding[] = [];
    for (const c of s.constraints) {
      if (c.type === 'fulltext' || c.type === 'check' || c.type === 'foreign') continue;
      const bad = c.columns.find((n) => blobs.has(n.toLowerCase()));
      if (bad) out.push({ message: `index on BLOB/TEXT column ${q(bad)}`, offset: c.offset });
    }
    for (const c of s.columns)
      if ((c.primaryKey || c.unique) && blobs.has(c.name.toLowerCase()))
        out.push({ message: `index on BLOB/TEXT column ${q(c.name)}`, offset: c.offset });
    return out;
  },
};
