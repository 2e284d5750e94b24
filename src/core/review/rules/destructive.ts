// Destructive and backward-incompatible change rules: drops and renames of databases, schemas, tables, columns.
import type { Statement } from '../model.ts';
import {
  createdEarlier,
  type Finding,
  q,
  type RuleCheck,
  type RuleContext,
  regexFor,
  strParam,
} from './rule.ts';
import { addedColumns } from './shared.ts';

const drops = (s: Statement, kind: string, what: string): Finding[] =>
  s.kind === kind
    ? s.targets.map((t) => ({ message: `${what} ${q(t.name)} is dropped`, offset: t.offset }))
    : [];

function renamedTables(s: Statement): Finding[] {
  if (s.kind === 'rename_table' && s.engine !== 'postgres') {
    const out: Finding[] = [];
    for (let i = 0; i + 1 < s.targets.length; i += 2) {
      out.push({
        message: `table ${q(s.targets[i]!.name)} is renamed to ${q(s.targets[i + 1]!.name)}`,
        offset: s.targets[i]!.offset,
      });
    }
    return out;
  }
  return s.actions.flatMap((a) =>
    a.type === 'rename_table'
      ? [
          {
            message: `table ${q(s.target?.name)} is renamed to ${q(a.to)}`,
            offset: s.target?.offset ?? a.offset,
          },
        ]
      : [],
  );
}

function renamedColumns(s: Statement, ctx: RuleContext): Finding[] {
  if (createdEarlier(s, ctx)) return [];
  return s.actions.flatMap((a) => {
    if (a.type === 'rename_column')
      return [{ message: `column ${q(a.from)} is renamed to ${q(a.to)}`, offset: a.offset }];
    if (a.type === 'change_column' && a.from.toLowerCase() !== a.column.name.toLowerCase()) {
      return [{ message: `column ${q(a.from)} is renamed to ${q(a.column.name)}`, offset: a.offset }];
    }
    return [];
  });
}

function droppedColumns(s: Statement, ctx: RuleContext): Finding[] {
  if (createdEarlier(s, ctx)) return [];
  return s.actions.flatMap((a) =>
    a.type === 'drop_column' ? [{ message: `column ${q(a.name)} is dropped`, offset: a.offset }] : [],
  );
}

/** Destructive-change rule checks by id. */
export const destructiveRules: Record<string, RuleCheck> = {
  'table.disallow-drop': (s) => drops(s, 'drop_table', 'table'),
  'database.disallow-drop': (s) => drops(s, 'drop_database', 'database'),
  'schema.disallow-drop': (s) => drops(s, 'drop_schema', 'schema'),
  'table.disallow-rename': (s) => renamedTables(s),
  'column.disallow-rename': renamedColumns,
  'column.disallow-drop': droppedColumns,
  'table.drop-naming-convention': (s, ctx) => {
    if (s.kind !== 'drop_table') return [];
    const format = regexFor(strParam(ctx, 'format'));
    return s.targets
      .filter((t) => !format.test(t.name))
      .map((t) => ({
        message: `table ${q(t.name)} must be renamed to match ${format.source} before it is dropped`,
        offset: t.offset,
      }));
  },
  'schema.backward-compatibility': (s, ctx) => {
    const out = [
      ...drops(s, 'drop_table', 'table'),
      ...drops(s, 'drop_database', 'database'),
      ...drops(s, 'drop_schema', 'schema'),
      ...drops(s, 'drop_view', 'view'),
      ...renamedTables(s),
      ...renamedColumns(s, ctx),
      ...droppedColumns(s, ctx),
    ];
    if (s.kind === 'alter_table' && !createdEarlier(s, ctx)) {
      for (const a of s.actions) {
        if (a.type === 'alter_column_type')
          out.push({ message: `type of column ${q(a.name)} changes`, offset: a.offset });
        if (a.type === 'set_not_null')
          out.push({ message: `column ${q(a.name)} becomes NOT NULL`, offset: a.offset });
      }
      for (const c of addedColumns(s)) {
        if (c.notNull && !c.default && !c.serial && !c.identity && !c.autoIncrement && !c.generated) {
          out.push({ message: `new column ${q(c.name)} is NOT NULL without a default`, offset: c.offset });
        }
      }
    }
    return out.map((f) => ({ ...f, message: `backward-incompatible change: ${f.message}` }));
  },
};
