// Fast-path column definitions: a name, a type from a short list, and NULL/DEFAULT/key/comment attributes.
import type { ColumnDef, ColumnType } from '../model.ts';
import { type FastCursor, NOT_FAST } from './cursor.ts';

interface TypeSpec {
  name: string;
  /** 'optional': may take (n); 'required': must; 'none': must not. */
  length: 'none' | 'optional' | 'required';
  withTimeZone?: boolean;
  serial?: boolean;
}

const t = (name: string, length: TypeSpec['length'] = 'none', extra: Partial<TypeSpec> = {}): TypeSpec => ({
  name,
  length,
  ...extra,
});

// Types whose normalised form is known to match the full parsers exactly (the equivalence tests pin this).
const PG_TYPES: Record<string, TypeSpec> = {
  INT: t('int'),
  INTEGER: t('int'),
  BIGINT: t('bigint'),
  SMALLINT: t('smallint'),
  TEXT: t('text'),
  VARCHAR: t('varchar', 'optional'),
  BOOLEAN: t('boolean'),
  DATE: t('date'),
  UUID: t('uuid'),
  JSONB: t('jsonb'),
  TIMESTAMP: t('timestamp', 'none', { withTimeZone: false }),
  TIMESTAMPTZ: t('timestamp', 'none', { withTimeZone: true }),
  SERIAL: t('serial', 'none', { serial: true }),
  BIGSERIAL: t('bigserial', 'none', { serial: true }),
};

const MYSQL_TYPES: Record<string, TypeSpec> = {
  INT: t('int', 'optional'),
  BIGINT: t('bigint', 'optional'),
  SMALLINT: t('smallint', 'optional'),
  TINYINT: t('tinyint', 'optional'),
  VARCHAR: t('varchar', 'required'),
  TEXT: t('text'),
  DATE: t('date'),
  DATETIME: t('datetime'),
  TIMESTAMP: t('timestamp'),
};

const INTEGER_NAMES = new Set(['int', 'bigint', 'smallint', 'tinyint']);

/** Reads a type; returns it with the offset of its name. */
function columnType(c: FastCursor): { type: ColumnType; offset: number; serial: boolean } {
  const tok = c.peek();
  if (tok?.kind !== 'word' || tok.quoted) throw NOT_FAST;
  const spec = (c.engine === 'postgres' ? PG_TYPES : MYSQL_TYPES)[tok.upper];
  if (!spec) throw NOT_FAST;
  c.i++;
  const type: ColumnType = { name: spec.name, unsigned: false, array: false };
  if (spec.length !== 'none' && c.acceptPunct('(')) {
    type.length = c.integer();
    c.expectPunct(')');
  } else if (spec.length === 'required') throw NOT_FAST;
  if (spec.withTimeZone !== undefined) type.withTimeZone = spec.withTimeZone;
  if (c.engine === 'mysql' && INTEGER_NAMES.has(spec.name) && c.accept('UNSIGNED')) type.unsigned = true;
  return { type, offset: tok.offset, serial: spec.serial === true };
}

/** A column definition: `name type [NOT NULL|NULL] [DEFAULT literal] [AUTO_INCREMENT] [PRIMARY KEY|UNIQUE] [COMMENT '...']`. */
export function columnDef(c: FastCursor): ColumnDef {
  const nameTok = c.nameToken();
  const { type, offset: typeOffset, serial } = columnType(c);
  const col: ColumnDef = {
    name: c.nameText(nameTok),
    offset: nameTok.offset,
    type,
    // node-sql-parser gives the type no location; the MySQL normaliser uses the column's.
    typeOffset: c.engine === 'postgres' ? typeOffset : nameTok.offset,
    notNull: serial,
    primaryKey: false,
    unique: false,
    autoIncrement: false,
    serial,
    identity: false,
    generated: false,
    onUpdateCurrentTime: false,
  };
  if (c.accept('NOT')) {
    c.expect('NULL');
    col.notNull = true;
  } else c.accept('NULL');
  if (c.accept('DEFAULT')) {
    const lit = c.literal();
    const isNull = lit.kind === 'null';
    col.default = { text: lit.text, isNull, volatile: false, currentTime: false };
  }
  if (c.engine === 'mysql' && c.accept('AUTO_INCREMENT')) col.autoIncrement = true;
  if (c.accept('PRIMARY')) {
    c.expect('KEY');
    col.primaryKey = true;
    col.notNull = true;
  } else if (c.accept('UNIQUE')) col.unique = true;
  if (c.engine === 'mysql' && c.accept('COMMENT')) {
    const lit = c.literal();
    if (lit.kind !== 'string') throw NOT_FAST;
    col.comment = lit.text;
  }
  return col;
}
