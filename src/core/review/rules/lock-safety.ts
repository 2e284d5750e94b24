// PostgreSQL lock-safety rules: rewrites, ACCESS EXCLUSIVE locks, validation scans and concurrent index builds.
import type { AlterAction, Statement } from '../model.ts';
import { createdEarlier, type Finding, q, type RuleCheck, type RuleContext } from './rule.ts';

/** ALTER TABLE actions on a table that existed before the script (new tables are empty, so locks are harmless). */
function existingActions(s: Statement, ctx: RuleContext): AlterAction[] {
  return s.kind === 'alter_table' && !createdEarlier(s, ctx) ? s.actions : [];
}

/** Findings for every action matching `pick`, each with its message. */
function each(s: Statement, ctx: RuleContext, pick: (a: AlterAction) => string | undefined): Finding[] {
  const out: Finding[] = [];
  for (const a of existingActions(s, ctx)) {
    const message = pick(a);
    if (message) out.push({ message, offset: a.offset });
  }
  return out;
}

const addedConstraint = (a: AlterAction, type: string) =>
  a.type === 'add_constraint' && a.constraint.type === type ? a.constraint : undefined;

/** Lock-safety rule checks by id. */
export const lockSafetyRules: Record<string, RuleCheck> = {
  'column.default-disallow-volatile': (s, ctx) =>
    each(s, ctx, (a) =>
      a.type === 'add_column' && a.column.default?.volatile
        ? `ADD COLUMN ${q(a.column.name)} with volatile default ${a.column.default.text} rewrites the table under ACCESS EXCLUSIVE`
        : undefined,
    ),
  'statement.disallow-add-column-with-default': (s, ctx) =>
    each(s, ctx, (a) =>
      a.type === 'add_column' && a.column.default && !a.column.default.isNull
        ? `ADD COLUMN ${q(a.column.name)} with a default rewrites the table before PostgreSQL 11`
        : undefined,
    ),
  'statement.disallow-add-not-null': (s, ctx) =>
    each(s, ctx, (a) =>
      a.type === 'set_not_null'
        ? `SET NOT NULL on ${q(a.name)} scans the table under ACCESS EXCLUSIVE; use a NOT VALID CHECK constraint first`
        : undefined,
    ),
  'column.disallow-drop-not-null': (s, ctx) =>
    each(s, ctx, (a) =>
      a.type === 'drop_not_null' ? `DROP NOT NULL on ${q(a.name)} lets NULLs into the column` : undefined,
    ),
  'statement.add-foreign-key-not-valid': (s, ctx) =>
    each(s, ctx, (a) => {
      const c = addedConstraint(a, 'foreign');
      return c && !c.notValid
        ? 'foreign key is added without NOT VALID and scans the table under lock'
        : undefined;
    }),
  'statement.add-check-not-valid': (s, ctx) =>
    each(s, ctx, (a) => {
      const c = addedConstraint(a, 'check');
      return c && !c.notValid
        ? 'CHECK constraint is added without NOT VALID and scans the table under lock'
        : undefined;
    }),
  'index.unique-constraint-using-index': (s, ctx) =>
    each(s, ctx, (a) => {
      const c = addedConstraint(a, 'unique');
      return c && !c.usingIndex
        ? 'ADD UNIQUE builds its index under ACCESS EXCLUSIVE; use a concurrent index and USING INDEX'
        : undefined;
    }),
  'index.primary-key-using-index': (s, ctx) =>
    each(s, ctx, (a) => {
      const c = addedConstraint(a, 'primary');
      return c && !c.usingIndex
        ? 'ADD PRIMARY KEY builds its index under ACCESS EXCLUSIVE; use a concurrent index and USING INDEX'
        : undefined;
    }),
  'index.create-concurrently': (s, ctx) =>
    s.kind === 'create_index' && !s.concurrently && !createdEarlier(s, ctx, s.createIndex?.table)
      ? [
          {
            message: `CREATE INDEX on ${q(s.createIndex?.table)} without CONCURRENTLY blocks writes while it builds`,
          },
        ]
      : [],
  'index.drop-concurrently': (s) =>
    s.kind === 'drop_index' && !s.concurrently
      ? [
          {
            message: 'DROP INDEX without CONCURRENTLY takes ACCESS EXCLUSIVE on the table',
            offset: s.target?.offset ?? s.start,
          },
        ]
      : [],
  'index.reindex-concurrently': (s) =>
    s.kind === 'reindex' && !s.concurrently
      ? [{ message: 'REINDEX without CONCURRENTLY blocks writes to the table' }]
      : [],
  'statement.detach-partition-concurrently': (s, ctx) =>
    each(s, ctx, (a) =>
      a.type === 'detach_partition' && !a.concurrent
        ? 'DETACH PARTITION without CONCURRENTLY takes ACCESS EXCLUSIVE'
        : undefined,
    ),
  'statement.disallow-vacuum-full': (s) =>
    (s.kind === 'vacuum' && s.flags.has('vacuum_full')) || s.kind === 'cluster'
      ? [
          {
            message: `${s.kind === 'cluster' ? 'CLUSTER' : 'VACUUM FULL'} rewrites the table under ACCESS EXCLUSIVE; use pg_repack`,
          },
        ]
      : [],
  'statement.disallow-domain-constraint': (s) =>
    s.flags.has('domain_constraint')
      ? [{ message: 'domain CHECK constraints cannot be added or validated online' }]
      : [],
};
