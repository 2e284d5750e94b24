// Test helpers: a policy with exactly one rule enabled, and a review call that returns that rule's advice.
import {
  policyFromTemplate,
  type ReviewEngine,
  type ReviewPolicy,
  reviewSql,
} from '../../../src/core/review/index.ts';

/** A prod policy with every rule off except `rule` (at error level, with optional parameters). */
export function onlyRule(
  rule: string,
  params: Record<string, unknown> = {},
  also: string[] = [],
): ReviewPolicy {
  const policy = policyFromTemplate('prod');
  for (const r of Object.values(policy.rules)) r.level = 'off';
  const target = policy.rules[rule];
  if (!target) throw new Error(`no such rule ${rule}`);
  target.level = 'error';
  Object.assign(target.params, params);
  for (const id of also) policy.rules[id]!.level = 'warning';
  return policy;
}

/** The [line, column] of each advice `rule` gives on `sql`. */
export async function positions(
  engine: ReviewEngine,
  rule: string,
  sql: string,
  params?: Record<string, unknown>,
  also?: string[],
): Promise<[number, number][]> {
  const result = await reviewSql({ engine, sql, policy: onlyRule(rule, params, also) });
  return result.advice.filter((a) => a.rule === rule).map((a) => [a.line, a.column]);
}
