// System rules: charset and collation allowlists, stored programs, views, triggers.
import type { Statement } from '../model.ts';
import { type Finding, listParam, type RuleCheck } from './rule.ts';
import { definedColumns, one } from './shared.ts';

/** Every charset (or collation) a statement sets, with where it is set. */
function settings(s: Statement, key: 'charset' | 'collation'): { value: string; offset?: number }[] {
  const out: { value: string; offset?: number }[] = [];
  const tableLevel = s.options[key];
  if (tableLevel && ['create_table', 'alter_table', 'create_database', 'alter_database'].includes(s.kind)) {
    out.push({ value: tableLevel });
  }
  for (const c of definedColumns(s)) {
    const v = c[key];
    if (v) out.push({ value: v, offset: c.offset });
  }
  return out;
}

function allowlist(s: Statement, key: 'charset' | 'collation', allowed: string[]): Finding[] {
  return settings(s, key)
    .filter((x) => !allowed.includes(x.value.toLowerCase()))
    .map((x) => ({
      message: `${key} ${x.value} is not in the allowed list (${allowed.join(', ')})`,
      ...(x.offset === undefined ? {} : { offset: x.offset }),
    }));
}

const creates = (kind: Statement['kind'], what: string) => (s: Statement) =>
  s.kind === kind ? one(`creating a ${what} is not allowed`, s.target?.offset) : [];

/** System rule checks by id. */
export const systemRules: Record<string, RuleCheck> = {
  'system.charset.allowlist': (s, ctx) => allowlist(s, 'charset', listParam(ctx, 'charsets')),
  'system.collation.allowlist': (s, ctx) => allowlist(s, 'collation', listParam(ctx, 'collations')),
  'system.procedure.disallow-create': creates('create_procedure', 'stored procedure'),
  'system.function.disallow-create': creates('create_function', 'stored function'),
  'system.event.disallow-create': creates('create_event', 'event'),
  'system.view.disallow-create': creates('create_view', 'view'),
  'table.disallow-trigger': creates('create_trigger', 'trigger'),
};
