// Every rule implementation, keyed by catalog id.
import { columnRules } from './column.ts';
import { destructiveRules } from './destructive.ts';
import { dmlRules } from './dml.ts';
import { indexRules } from './index-rules.ts';
import { lockSafetyRules } from './lock-safety.ts';
import { onlineDdlRules } from './mysql-online-ddl.ts';
import { namingRules } from './naming.ts';
import type { RuleCheck } from './rule.ts';
import { systemRules } from './system.ts';
import { tableRules } from './table.ts';
import { transactionRules } from './transaction.ts';

/** Statement checks by rule id. Rules handled by the engine itself (syntax, suppressions) have no entry here. */
export const ruleChecks: Record<string, RuleCheck> = {
  ...dmlRules,
  ...transactionRules,
  ...lockSafetyRules,
  ...tableRules,
  ...destructiveRules,
  ...systemRules,
  ...onlineDdlRules,
  ...columnRules,
  ...indexRules,
  ...namingRules,
};

/** Rule ids the review engine implements directly rather than as statement checks. */
export const builtinRuleIds = [
  'statement.syntax',
  'statement.unparsed',
  'review.ignore-without-reason',
  'review.unused-ignore',
];
