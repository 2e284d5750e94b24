// Transaction and session rules: COMMIT, nesting, unclosed blocks, non-transactional statements, timeouts, merges.
import type { Statement } from '../model.ts';
import { createdEarlier, type Finding, memo, q, type RuleCheck, type RuleContext } from './rule.ts';

const LOCKING_DDL = new Set([
  'alter_table',
  'create_index',
  'drop_index',
  'drop_table',
  'rename_table',
  'truncate',
]);

/** A DDL statement that locks a table that existed before the script. */
function locksExistingTable(s: Statement, ctx: RuleContext): boolean {
  const table = s.kind === 'create_index' ? s.createIndex?.table : s.target?.name;
  return LOCKING_DDL.has(s.kind) && !createdEarlier(s, ctx, table);
}

/** Whether `s` is the first statement of the script that needs a timeout the script has not set. */
function firstUnprotected(s: Statement, ctx: RuleContext, before: boolean[]): boolean {
  const key = before === ctx.facts.lockTimeoutBefore ? 'first-unprotected-lock' : 'first-unprotected-timeout';
  const first = memo(ctx.facts, key, () =>
    ctx.facts.statements.findIndex(
      (o) => !before[o.index] && locksExistingTable(o, { ...ctx, facts: ctx.facts }),
    ),
  );
  return first === s.index;
}

/** Statements PostgreSQL refuses to run inside a transaction block. */
export function isNonTransactional(s: Statement): boolean {
  if ((s.kind === 'create_index' || s.kind === 'drop_index' || s.kind === 'reindex') && s.concurrently)
    return true;
  return s.kind === 'vacuum' || s.kind === 'create_database' || s.kind === 'drop_database';
}

const one = (message: string, offset?: number): Finding[] => [
  offset === undefined ? { message } : { message, offset },
];

/** Transaction rule checks by id. */
export const transactionRules: Record<string, RuleCheck> = {
  'statement.disallow-commit': (s) =>
    s.kind === 'commit' ? one('explicit COMMIT splits the change into parts') : [],
  'statement.transaction-nesting': (s, ctx) =>
    s.kind === 'begin' && ctx.facts.inTransaction[s.index]
      ? one('BEGIN inside an open transaction; the earlier transaction is still open')
      : s.kind === 'commit' &&
          !ctx.facts.inTransaction[s.index] &&
          ctx.facts.statements.some((o) => o.kind === 'begin')
        ? one('COMMIT without an open transaction')
        : [],
  'statement.uncommitted-transaction': (s, ctx) => {
    if (s.kind !== 'begin' || ctx.facts.inTransaction[s.index]) return [];
    const closed = ctx.facts.statements.some(
      (o) => o.index > s.index && (o.kind === 'commit' || o.kind === 'rollback'),
    );
    return closed ? [] : one('transaction is opened but never committed');
  },
  'statement.non-transactional': (s) =>
    isNonTransactional(s)
      ? one('statement cannot run inside a transaction block; the script runs statement by statement')
      : [],
  'index.concurrently-in-transaction': (s, ctx) =>
    ctx.facts.inTransaction[s.index] &&
    s.concurrently &&
    (s.kind === 'create_index' || s.kind === 'drop_index')
      ? one(
          `${s.kind === 'create_index' ? 'CREATE' : 'DROP'} INDEX CONCURRENTLY cannot run inside a transaction block`,
        )
      : [],
  'statement.require-lock-timeout': (s, ctx) =>
    firstUnprotected(s, ctx, ctx.facts.lockTimeoutBefore)
      ? one(
          `set ${ctx.engine === 'mysql' ? 'lock_wait_timeout' : 'lock_timeout'} before this DDL so a blocked lock does not stall every query`,
        )
      : [],
  'statement.require-statement-timeout': (s, ctx) =>
    firstUnprotected(s, ctx, ctx.facts.statementTimeoutBefore)
      ? one('set statement_timeout before this DDL so it cannot hold its lock indefinitely')
      : [],
  'statement.merge-alter-table': (s, ctx) => {
    // PostgreSQL cannot combine RENAME with other ALTER TABLE actions, so renames never count as mergeable.
    const mergeable = (o: Statement) =>
      o.kind === 'alter_table' && o.actions.some((a) => a.type !== 'rename_column');
    if (!mergeable(s) || !s.target) return [];
    const name = s.target.name.toLowerCase();
    const firstAlter = memo(ctx.facts, 'first-alter-by-table', () => {
      const m = new Map<string, Statement>();
      for (const o of ctx.facts.statements) {
        const t = o.target?.name.toLowerCase();
        if (t !== undefined && mergeable(o) && !m.has(t)) m.set(t, o);
      }
      return m;
    });
    const found = firstAlter.get(name);
    const earlier = found && found.index < s.index ? found : undefined;
    return earlier
      ? one(
          `table ${q(s.target.name)} is already altered by statement ${earlier.index + 1}; merge the changes`,
          s.target.offset,
        )
      : [];
  },
};
