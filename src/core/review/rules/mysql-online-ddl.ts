// MySQL online-DDL rules: ALGORITHM and LOCK options, offline (copying or locking) DDL.
import type { Statement } from '../model.ts';
import type { RuleCheck } from './rule.ts';
import { one } from './shared.ts';

/** The value of an ALGORITHM/LOCK option of an ALTER TABLE or CREATE INDEX, if given. */
function option(s: Statement, name: string): string | undefined {
  for (const a of s.actions) if (a.type === 'option' && a.name === name) return a.value;
  return undefined;
}

/** ALTER TABLE (other than pure option changes such as ENGINE) and CREATE INDEX on an existing table. */
const isOnlineDdl = (s: Statement) =>
  (s.kind === 'alter_table' && s.actions.some((a) => a.type !== 'option')) ||
  (s.kind === 'create_index' && s.engine === 'mysql');

/** Online-DDL rule checks by id. */
export const onlineDdlRules: Record<string, RuleCheck> = {
  'statement.require-algorithm-option': (s) =>
    isOnlineDdl(s) && option(s, 'algorithm') === undefined
      ? one(
          'state ALGORITHM=INSTANT or INPLACE so MySQL refuses to copy the table silently',
          s.target?.offset,
        )
      : [],
  'statement.require-lock-option': (s) =>
    isOnlineDdl(s) && option(s, 'lock') === undefined
      ? one('state LOCK=NONE so MySQL refuses to block writes silently', s.target?.offset)
      : [],
  'statement.disallow-offline-ddl': (s) => {
    const algorithm = option(s, 'algorithm');
    const lock = option(s, 'lock');
    if (algorithm === 'COPY') return one('ALGORITHM=COPY copies the whole table and blocks writes');
    if (lock === 'SHARED' || lock === 'EXCLUSIVE')
      return one(`LOCK=${lock} blocks writes for the whole operation`);
    return [];
  },
};
