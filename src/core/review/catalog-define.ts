// Compact constructor for catalog entries: engine letters, template levels and parameters.
import type { ReviewEngine, RuleDefinition, RuleLevel, RuleParamDefinition } from './types.ts';

const LETTERS: Record<string, ReviewEngine> = { P: 'postgres', M: 'mysql', C: 'clickhouse', S: 'snowflake' };
const LEVELS: Record<string, RuleLevel> = { E: 'error', W: 'warning', '-': 'off' };

/**
 * One catalog entry. `engines` is letters (P postgres, M mysql, C clickhouse, S snowflake); `levels` is two
 * characters for dev and prod (E error, W warning, - off).
 */
export function rule(
  id: string,
  area: string,
  engines: string,
  levels: string,
  title: string,
  description: string,
  params: RuleParamDefinition[] = [],
): RuleDefinition {
  return {
    id,
    area,
    engines: [...engines].map((l) => LETTERS[l]!),
    levels: { dev: LEVELS[levels[0]!]!, prod: LEVELS[levels[1]!]! },
    title,
    description,
    params,
  };
}

/** A parameter definition. */
export function param(
  name: string,
  type: RuleParamDefinition['type'],
  defaultValue: unknown,
  description: string,
): RuleParamDefinition {
  return { name, type, default: defaultValue, description };
}
