// Risk levels: what a statement can destroy or block, for approval rules.
import type { Statement } from './model.ts';
import type { RiskLevel } from './types.ts';

const HIGH = new Set(['drop_database', 'drop_table', 'drop_schema', 'truncate']);
const MODERATE = new Set([
  'alter_table',
  'drop_index',
  'drop_view',
  'drop_other',
  'rename_table',
  'alter_type',
  'alter_domain',
  'alter_database',
  'reindex',
  'vacuum',
  'cluster',
  'grant',
]);

const ORDER: Record<RiskLevel, number> = { low: 0, moderate: 1, high: 2 };

/** high: drops of data containers, TRUNCATE, unbounded UPDATE/DELETE; moderate: other changes; low: the rest. */
export function statementRisk(s: Statement): RiskLevel {
  if (HIGH.has(s.kind)) return 'high';
  if (
    s.kind === 'update' ||
    s.kind === 'delete' ||
    s.flags.has('mutation_delete') ||
    s.flags.has('mutation_update')
  ) {
    return s.dml?.hasWhere ? 'moderate' : 'high';
  }
  if (MODERATE.has(s.kind)) return 'moderate';
  return 'low';
}

/** The higher of two risks. */
export function maxRisk(a: RiskLevel, b: RiskLevel): RiskLevel {
  return ORDER[a] >= ORDER[b] ? a : b;
}
