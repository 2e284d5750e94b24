// Script facts computed once per review: transaction blocks, timeouts set so far, tables created so far.
import type { Statement } from './model.ts';
import type { ScriptFacts } from './rules/rule.ts';

const LOCK_TIMEOUTS = new Set(['lock_timeout', 'lock_wait_timeout', 'innodb_lock_wait_timeout']);
const STATEMENT_TIMEOUTS = new Set(['statement_timeout', 'max_execution_time', 'max_statement_time']);

/** Walks the script once and records, per statement, the state the statement runs in. */
export function scriptFacts(statements: Statement[]): ScriptFacts {
  const facts: ScriptFacts = {
    statements,
    inTransaction: [],
    lockTimeoutBefore: [],
    statementTimeoutBefore: [],
    createdTables: new Map(),
  };
  let open = false;
  let lock = false;
  let timeout = false;
  for (const s of statements) {
    facts.inTransaction.push(open);
    facts.lockTimeoutBefore.push(lock);
    facts.statementTimeoutBefore.push(timeout);
    if (s.kind === 'begin') open = true;
    else if (s.kind === 'commit' || s.kind === 'rollback') open = false;
    else if (s.kind === 'set' && s.setting) {
      if (LOCK_TIMEOUTS.has(s.setting.name)) lock = true;
      if (STATEMENT_TIMEOUTS.has(s.setting.name)) timeout = true;
    } else if (s.kind === 'create_table' && s.target) {
      const key = s.target.name.toLowerCase();
      if (!facts.createdTables.has(key)) facts.createdTables.set(key, s.index);
    }
  }
  return facts;
}
