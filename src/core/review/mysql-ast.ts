// Helpers for node-sql-parser's untyped AST: the loose node type, names, column types and defaults.
import type { ColumnDef, ColumnDefault, ColumnType, ForeignKeyRef } from './model.ts';

// biome-ignore lint/suspicious/noExplicitAny: node-sql-parser's AST is untyped JSON; helpers below narrow it.
export type Loose = any;

/** Maps a statement-relative offset from the parser into a script offset (undefined: statement start). */
export type MyLocate = (relative: number | undefined) => number;

/** The offset of a node's `loc`, when the parser recorded one. */
export function locOf(node: Loose): number | undefined {
  const o = node?.loc?.start?.offset;
  return typeof o === 'number' ? o : undefined;
}

/** The text value of a literal or `{type, value}` wrapper. */
export function valueText(v: Loose): string | undefined {
  if (v === null || v === undefined) return undefined;
  if (typeof v === 'string' || typeof v === 'number') return String(v).replace(/^'(.*)'$/, '$1');
  if (typeof v === 'object' && 'value' in v) return valueText(v.value);
  return undefined;
}

/** Column name of a column_ref node (or a plain string). */
export function columnName(ref: Loose): string {
  if (typeof ref === 'string') return ref;
  const c = ref?.column;
  if (typeof c === 'string') return c;
  if (c && typeof c === 'object') return valueText(c.expr) ?? valueText(c) ?? '';
  return '';
}

/** A MySQL column type. */
export function myType(def: Loose): ColumnType {
  const suffix: string[] = Array.isArray(def?.suffix)
    ? def.suffix.map((s: Loose) => String(s).toUpperCase())
    : [];
  const type: ColumnType = {
    name: String(def?.dataType ?? 'unknown').toLowerCase(),
    unsigned: suffix.includes('UNSIGNED'),
    array: false,
  };
  if (typeof def?.length === 'number') type.length = def.length;
  if (Array.isArray(def?.expr?.value)) type.values = def.expr.value.map((v: Loose) => valueText(v) ?? '');
  return type;
}

const CURRENT_TIME = /^(CURRENT_TIMESTAMP|NOW|LOCALTIME|LOCALTIMESTAMP)$/i;

/** Describes a DEFAULT clause. */
export function myDefault(dv: Loose): ColumnDefault {
  const v = dv?.value;
  if (v?.type === 'null') return { text: 'NULL', isNull: true, volatile: false, currentTime: false };
  if (v?.type === 'function') {
    const name = String(v.name?.name?.[0]?.value ?? '').toUpperCase();
    const currentTime = CURRENT_TIME.test(name);
    return { text: `${name}()`, isNull: false, volatile: !currentTime, currentTime };
  }
  return { text: valueText(v) ?? '', isNull: false, volatile: false, currentTime: false };
}

/** A REFERENCES clause. */
export function myReference(ref: Loose): ForeignKeyRef | undefined {
  if (!ref?.table) return undefined;
  const out: ForeignKeyRef = {
    table: String(ref.table?.[0]?.table ?? ''),
    columns: Array.isArray(ref.definition) ? ref.definition.map(columnName) : [],
  };
  for (const a of ref.on_action ?? []) {
    if (a?.type === 'on delete') out.onDelete = String(valueText(a.value) ?? '').toLowerCase();
  }
  return out;
}

/** A column definition node (CREATE TABLE element or ALTER ADD/MODIFY/CHANGE). */
export function myColumn(n: Loose, at: MyLocate): ColumnDef {
  const col: ColumnDef = {
    name: columnName(n.column),
    offset: at(locOf(n.column)),
    type: myType(n.definition),
    typeOffset: at(locOf(n.column)),
    notNull: n.nullable?.type === 'not null' || Boolean(n.primary_key),
    primaryKey: Boolean(n.primary_key) || n.unique_or_primary === 'primary key',
    unique: Boolean(n.unique) || n.unique_or_primary === 'unique',
    autoIncrement: Boolean(n.auto_increment),
    serial: false,
    identity: false,
    generated: Boolean(n.generated),
    onUpdateCurrentTime: false,
  };
  if (n.default_val) {
    col.default = myDefault(n.default_val);
    if (n.default_val.value?.over?.type === 'on update') col.onUpdateCurrentTime = true;
  }
  const ref = n.reference_definition;
  for (const a of ref?.on_action ?? []) {
    if (a?.type === 'on update' && CURRENT_TIME.test(String(valueText(a.value) ?? '')))
      col.onUpdateCurrentTime = true;
  }
  const reference = myReference(ref);
  if (reference) col.references = reference;
  const charset = valueText(n.character_set?.value);
  if (charset) col.charset = charset.toLowerCase();
  const collation = n.collate?.collate?.name;
  if (typeof collation === 'string') col.collation = collation.toLowerCase();
  const comment = valueText(n.comment?.value);
  if (comment !== undefined) col.comment = comment;
  const position = String(n.suffix?.keyword ?? '').toLowerCase();
  if (position === 'first' || position === 'after') col.position = position;
  return col;
}
