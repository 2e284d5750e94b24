// Column rules: required columns, NULL-ability, defaults, types, charsets, auto-increment, comments, duplicates.

import type { ColumnDef, Statement } from '../model.ts';
import {
  createdEarlier,
  type Finding,
  listParam,
  numParam,
  q,
  type RuleCheck,
  type RuleContext,
} from './rule.ts';
import { addedColumns, definedColumns, INTEGER_TYPES, isTextOrBlob, one } from './shared.ts';

type ColumnCheck = (c: ColumnDef, s: Statement, ctx: RuleContext) => string | undefined;

/** Runs `check` on every column the statement defines. */
const perColumn =
  (check: ColumnCheck, columns = definedColumns): RuleCheck =>
  (s, ctx) => {
    const out: Finding[] = [];
    for (const c of columns(s)) {
      const message = check(c, s, ctx);
      if (message) out.push({ message, offset: c.offset });
    }
    return out;
  };

const keyLike = (c: ColumnDef) => c.primaryKey || c.autoIncrement || c.serial || c.identity || c.generated;

/** Column rule checks by id. */
export const columnRules: Record<string, RuleCheck> = {
  'column.required': (s, ctx) => {
    if (s.kind !== 'create_table' || s.flags.has('as_select') || s.flags.has('like')) return [];
    const names = new Set(s.columns.map((c) => c.name.toLowerCase()));
    const missing = listParam(ctx, 'columns').filter((c) => !names.has(c));
    return missing.length > 0
      ? one(`table ${q(s.target?.name)} lacks required columns: ${missing.join(', ')}`, s.target?.offset)
      : [];
  },
  'column.no-null': perColumn((c) =>
    !c.notNull && !c.primaryKey ? `column ${q(c.name)} is nullable` : undefined,
  ),
  'column.set-default-for-not-null': perColumn((c) =>
    c.notNull && !c.default && !keyLike(c) && !isTextOrBlob(c)
      ? `NOT NULL column ${q(c.name)} has no default`
      : undefined,
  ),
  'column.disallow-change': (s) =>
    s.actions.flatMap((a) =>
      a.type === 'change_column'
        ? [{ message: `CHANGE COLUMN ${q(a.from)}; use MODIFY or RENAME COLUMN`, offset: a.offset }]
        : [],
    ),
  'column.disallow-changing-order': perColumn((c) =>
    c.position ? `column ${q(c.name)} is placed with ${c.position.toUpperCase()}` : undefined,
  ),
  'column.disallow-change-type': (s, ctx) => {
    if (s.kind !== 'alter_table' || createdEarlier(s, ctx)) return [];
    return s.actions.flatMap((a) => {
      if (a.type === 'alter_column_type')
        return [{ message: `type of column ${q(a.name)} changes to ${a.newType.name}`, offset: a.offset }];
      if (a.type === 'modify_column' || a.type === 'change_column') {
        return [
          {
            message: `column ${q(a.column.name)} is redefined as ${a.column.type.name}; a type change copies the table`,
            offset: a.offset,
          },
        ];
      }
      return [];
    });
  },
  'column.comment': perColumn((c, _s, ctx) => {
    if (c.comment === undefined || c.comment === '')
      return ctx.params['required'] === false ? undefined : `column ${q(c.name)} has no comment`;
    const max = numParam(ctx, 'maxLength');
    return c.comment.length > max ? `comment of column ${q(c.name)} is longer than ${max}` : undefined;
  }),
  'column.auto-increment-must-integer': perColumn((c) =>
    c.autoIncrement && !INTEGER_TYPES.has(c.type.name)
      ? `AUTO_INCREMENT column ${q(c.name)} is ${c.type.name}, not an integer`
      : undefined,
  ),
  'column.auto-increment-must-unsigned': perColumn((c) =>
    c.autoIncrement && !c.type.unsigned ? `AUTO_INCREMENT column ${q(c.name)} is not UNSIGNED` : undefined,
  ),
  'column.auto-increment-initial-value': (s, ctx) => {
    const want = numParam(ctx, 'value');
    const got = s.options.autoIncrement;
    return got !== undefined && got !== want ? one(`AUTO_INCREMENT starts at ${got}, not ${want}`) : [];
  },
  'column.type-disallow-list': perColumn((c, _s, ctx) =>
    listParam(ctx, 'types').includes(c.type.name)
      ? `column ${q(c.name)} uses disallowed type ${c.type.name}`
      : undefined,
  ),
  'column.disallow-set-charset': perColumn((c) =>
    c.charset ? `column ${q(c.name)} sets character set ${c.charset}` : undefined,
  ),
  'column.maximum-character-length': perColumn((c, _s, ctx) =>
    c.type.name === 'char' && (c.type.length ?? 1) > numParam(ctx, 'number')
      ? `CHAR(${c.type.length}) column ${q(c.name)} is longer than ${numParam(ctx, 'number')}; use VARCHAR`
      : undefined,
  ),
  'column.maximum-varchar-length': perColumn((c, _s, ctx) =>
    c.type.name === 'varchar' && (c.type.length ?? 0) > numParam(ctx, 'number')
      ? `VARCHAR(${c.type.length}) column ${q(c.name)} is longer than ${numParam(ctx, 'number')}`
      : undefined,
  ),
  'column.current-time-count-limit': (s) => {
    const cols = definedColumns(s);
    const defaults = cols.filter((c) => c.default?.currentTime);
    const updates = cols.filter((c) => c.onUpdateCurrentTime);
    const out: Finding[] = [];
    if (defaults.length > 2)
      out.push({
        message: `${defaults.length} columns default to the current time; at most 2`,
        offset: defaults[2]!.offset,
      });
    if (updates.length > 1)
      out.push({
        message: `${updates.length} columns update to the current time; at most 1`,
        offset: updates[1]!.offset,
      });
    return out;
  },
  'column.require-default': perColumn((c) =>
    !c.default && !keyLike(c) && !isTextOrBlob(c) ? `column ${q(c.name)} has no default` : undefined,
  ),
  'column.add-not-null-require-default': (s, ctx) =>
    s.kind !== 'alter_table' || createdEarlier(s, ctx)
      ? []
      : perColumn(
          (c) =>
            c.notNull && !c.default && !keyLike(c)
              ? `new NOT NULL column ${q(c.name)} has no default`
              : undefined,
          addedColumns,
        )(s, ctx),
  'column.disallow-on-update-current-timestamp': perColumn((c) =>
    c.onUpdateCurrentTime
      ? `column ${q(c.name)} changes on every update (ON UPDATE CURRENT_TIMESTAMP)`
      : undefined,
  ),
  'column.disallow-enum': perColumn((c) =>
    c.type.name === 'enum' || c.type.name === 'set'
      ? `column ${q(c.name)} is ${c.type.name.toUpperCase()}`
      : undefined,
  ),
  'column.prefer-timestamptz': perColumn((c) =>
    c.type.name === 'timestamp' && c.type.withTimeZone === false
      ? `column ${q(c.name)} is timestamp without time zone; use timestamptz`
      : undefined,
  ),
  'column.disallow-char': perColumn((c) =>
    c.type.name === 'char' ? `column ${q(c.name)} is char(n); use text or varchar` : undefined,
  ),
  'column.prefer-text': perColumn((c) =>
    c.type.name === 'varchar' && c.type.length !== undefined
      ? `column ${q(c.name)} is varchar(${c.type.length}); prefer text with a CHECK`
      : undefined,
  ),
  'column.prefer-bigint': perColumn((c) =>
    (c.primaryKey || c.identity || c.serial) &&
    ['int', 'smallint', 'serial', 'smallserial'].includes(c.type.name)
      ? `key column ${q(c.name)} is ${c.type.name}; use bigint so it cannot overflow`
      : undefined,
  ),
  'column.prefer-identity': perColumn((c) =>
    c.serial ? `column ${q(c.name)} is ${c.type.name}; use GENERATED ... AS IDENTITY` : undefined,
  ),
  'column.no-duplicate': (s) => {
    const out: Finding[] = [];
    const seen = new Set<string>();
    const items =
      s.kind === 'update'
        ? (s.dml?.assignments ?? []).map((a) => ({ name: a.column, offset: a.offset }))
        : s.kind === 'create_table'
          ? s.columns
          : [];
    for (const c of items) {
      const key = c.name.toLowerCase();
      if (seen.has(key)) out.push({ message: `column ${q(c.name)} appears twice`, offset: c.offset });
      seen.add(key);
    }
    return out;
  },
};
