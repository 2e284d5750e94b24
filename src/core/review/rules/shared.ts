// Helpers shared by rule files: columns a statement defines, naming templates and single findings.
import type { ColumnDef, Statement } from '../model.ts';
import type { Finding } from './rule.ts';

/** Columns a statement defines: CREATE TABLE columns and ALTER TABLE ADD/MODIFY/CHANGE columns. */
export function definedColumns(s: Statement): ColumnDef[] {
  if (s.kind === 'create_table') return s.columns;
  const out: ColumnDef[] = [];
  for (const a of s.actions) {
    if (a.type === 'add_column' || a.type === 'modify_column' || a.type === 'change_column')
      out.push(a.column);
  }
  return out;
}

/** Columns added to a table (CREATE TABLE columns and ALTER TABLE ADD COLUMN). */
export function addedColumns(s: Statement): ColumnDef[] {
  if (s.kind === 'create_table') return s.columns;
  return s.actions.flatMap((a) => (a.type === 'add_column' ? [a.column] : []));
}

/** A single finding, pinned to `offset` when given. */
export function one(message: string, offset?: number): Finding[] {
  return [offset === undefined ? { message } : { message, offset }];
}

const TEXT_TYPES = new Set([
  'text',
  'tinytext',
  'mediumtext',
  'longtext',
  'blob',
  'tinyblob',
  'mediumblob',
  'longblob',
  'json',
  'geometry',
]);

/** BLOB/TEXT/JSON/GEOMETRY types, which MySQL cannot give a literal default or a plain index. */
export const isTextOrBlob = (c: ColumnDef): boolean => TEXT_TYPES.has(c.type.name);

/** Integer type names in the normalised model. */
export const INTEGER_TYPES = new Set(['tinyint', 'smallint', 'mediumint', 'int', 'integer', 'bigint']);
