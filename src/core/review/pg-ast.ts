// Helpers for reading libpg-query's JSON parse tree: node unwrapping, names, types, defaults, tree walks.
import type { ColumnDefault, ColumnType } from './model.ts';

/** A libpg-query node: `{ NodeType: { ...fields } }`. */
export type PgNode = Record<string, unknown>;
/** The fields of an unwrapped node. */
export type PgFields = Record<string, unknown>;

/** The single node type and its fields, e.g. ['CreateStmt', {...}]. */
export function unwrap(node: unknown): [string, PgFields] {
  if (node === null || typeof node !== 'object') return ['', {}];
  const key = Object.keys(node)[0] ?? '';
  return [key, ((node as PgNode)[key] ?? {}) as PgFields];
}

/** Fields of `node` when it is of type `type`. */
export function as(node: unknown, type: string): PgFields | undefined {
  // A node has exactly one key, its type, so a direct lookup answers without listing keys.
  if (node === null || typeof node !== 'object' || Array.isArray(node)) return undefined;
  const f = (node as PgNode)[type];
  return f !== null && typeof f === 'object' && Object.hasOwn(node, type) ? (f as PgFields) : undefined;
}

/** A list field (absent lists are empty). */
export function list(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

/** The sval strings of a list of String nodes (qualified names, column lists). */
export function strings(value: unknown): string[] {
  return list(value).map((n) => String(as(n, 'String')?.['sval'] ?? ''));
}

/** A string field, or undefined. */
export function str(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

/** A numeric location field; -1 and absent become undefined. */
export function loc(value: unknown): number | undefined {
  return typeof value === 'number' && value >= 0 ? value : undefined;
}

const TYPE_ALIASES: Record<string, string> = {
  int4: 'int',
  integer: 'int',
  int8: 'bigint',
  int2: 'smallint',
  bpchar: 'char',
  float8: 'double',
  float4: 'real',
  bool: 'boolean',
  timestamptz: 'timestamp',
  timetz: 'time',
  serial4: 'serial',
  serial8: 'bigserial',
  serial2: 'smallserial',
};

/** Normalises a TypeName node into the shared column type. */
export function pgType(typeName: unknown): ColumnType {
  const f = as(typeName, 'TypeName') ?? (typeName as PgFields | undefined) ?? {};
  const names = strings(f['names']);
  const raw = (names[names.length - 1] ?? 'unknown').toLowerCase();
  const mods = list(f['typmods']);
  const first = as(mods[0], 'A_Const');
  const length = (first?.['ival'] as { ival?: number } | undefined)?.ival;
  const type: ColumnType = {
    name: TYPE_ALIASES[raw] ?? raw,
    unsigned: false,
    array: list(f['arrayBounds']).length > 0,
  };
  if (typeof length === 'number') type.length = length;
  if (raw === 'timestamp' || raw === 'time') type.withTimeZone = false;
  if (raw === 'timestamptz' || raw === 'timetz') type.withTimeZone = true;
  return type;
}

/** Functions whose result is fixed within a statement, so a default using them does not force a rewrite. */
const NON_VOLATILE = new Set([
  'now',
  'current_timestamp',
  'transaction_timestamp',
  'statement_timestamp',
  'current_date',
  'localtimestamp',
  'current_user',
  'lower',
  'upper',
  'coalesce',
  'to_jsonb',
  'jsonb_build_object',
  'json_build_object',
  'array',
]);
const CURRENT_TIME = new Set(['now', 'current_timestamp', 'transaction_timestamp', 'statement_timestamp']);

/** Describes a default expression: its rendering, NULL-ness, volatility and whether it is "now". */
export function pgDefault(expr: unknown): ColumnDefault {
  let volatile = false;
  let currentTime = false;
  const calls: string[] = [];
  walk(expr, (type, f) => {
    if (type === 'FuncCall') {
      const names = strings(f['funcname']);
      const name = (names[names.length - 1] ?? '').toLowerCase();
      calls.push(name);
      if (!NON_VOLATILE.has(name)) volatile = true;
      if (CURRENT_TIME.has(name)) currentTime = true;
    } else if (type === 'SQLValueFunction') {
      const op = String(f['op'] ?? '');
      if (/TIMESTAMP|DATE|TIME/.test(op)) currentTime = true;
    }
  });
  const [type, f] = unwrap(expr);
  const isNull = type === 'A_Const' && f['isnull'] === true;
  let text = calls.length > 0 ? `${calls[0]}()` : type === 'A_Const' ? constText(f) : type;
  if (isNull) text = 'NULL';
  return { text, isNull, volatile, currentTime };
}

/** Renders an A_Const's value. */
export function constText(f: PgFields): string {
  for (const key of ['sval', 'ival', 'fval', 'boolval', 'bsval']) {
    const v = f[key] as Record<string, unknown> | undefined;
    if (v) return String(Object.values(v)[0] ?? (key === 'ival' ? 0 : ''));
  }
  return '';
}

/** Depth-first walk over every node below `node`, calling `visit(type, fields)`. */
export function walk(node: unknown, visit: (type: string, fields: PgFields) => void): void {
  if (Array.isArray(node)) {
    for (const n of node) walk(n, visit);
    return;
  }
  if (node === null || typeof node !== 'object') return;
  // for...in and a character-code test instead of entries and a regular expression: this visits every node.
  for (const key in node as PgNode) {
    const value = (node as PgNode)[key];
    if (value === null || typeof value !== 'object') continue;
    const first = key.charCodeAt(0);
    if (first >= 65 && first <= 90 && !Array.isArray(value)) {
      visit(key, value as PgFields);
      for (const field in value as PgFields) walk((value as PgFields)[field], visit);
    } else walk(value, visit);
  }
}
