// The normalised statement model: what every engine's parser produces and every rule reads.
import type { ReviewEngine } from './types.ts';

/** Statement kinds shared by all engines. */
export type StatementKind =
  | 'create_table'
  | 'alter_table'
  | 'drop_table'
  | 'rename_table'
  | 'truncate'
  | 'create_index'
  | 'drop_index'
  | 'reindex'
  | 'create_database'
  | 'alter_database'
  | 'drop_database'
  | 'create_schema'
  | 'drop_schema'
  | 'create_view'
  | 'drop_view'
  | 'create_function'
  | 'create_procedure'
  | 'create_trigger'
  | 'create_event'
  | 'create_type'
  | 'alter_type'
  | 'create_domain'
  | 'alter_domain'
  | 'create_sequence'
  | 'drop_other'
  | 'insert'
  | 'update'
  | 'delete'
  | 'select'
  | 'set'
  | 'begin'
  | 'commit'
  | 'rollback'
  | 'vacuum'
  | 'cluster'
  | 'comment'
  | 'grant'
  | 'use'
  | 'other';

/** A schema-qualified object name with the offset of its first character in the script. */
export interface ObjectRef {
  schema?: string;
  name: string;
  offset: number;
}

/** A column's data type, normalised to lower case ('varchar', 'int', 'timestamp', 'char', ...). */
export interface ColumnType {
  name: string;
  /** Length or precision argument, e.g. 20 for varchar(20). */
  length?: number;
  unsigned: boolean;
  /** PostgreSQL array types. */
  array: boolean;
  /** Values of ENUM/SET types (MySQL). */
  values?: string[];
  /** Time-zone awareness for timestamp/time types (PostgreSQL). */
  withTimeZone?: boolean;
}

/** A column default, as far as rules need it. */
export interface ColumnDefault {
  /** Text of the expression as written (or a normalised rendering). */
  text: string;
  isNull: boolean;
  /** Calls a function that is not known to be immutable or stable (e.g. random(), gen_random_uuid()). */
  volatile: boolean;
  /** CURRENT_TIMESTAMP/now() style default. */
  currentTime: boolean;
}

/** A foreign-key reference. */
export interface ForeignKeyRef {
  table: string;
  columns: string[];
  onDelete?: string;
}

/** A column definition from CREATE TABLE or ALTER TABLE ADD/MODIFY/CHANGE COLUMN. */
export interface ColumnDef {
  name: string;
  offset: number;
  type: ColumnType;
  typeOffset: number;
  notNull: boolean;
  primaryKey: boolean;
  unique: boolean;
  autoIncrement: boolean;
  /** PostgreSQL serial types or GENERATED ... AS IDENTITY. */
  serial: boolean;
  identity: boolean;
  generated: boolean;
  default?: ColumnDefault;
  onUpdateCurrentTime: boolean;
  charset?: string;
  collation?: string;
  comment?: string;
  references?: ForeignKeyRef;
  /** MySQL FIRST / AFTER position clause. */
  position?: 'first' | 'after';
}

/** Table-level constraints and MySQL inline index definitions. */
export interface ConstraintDef {
  type: 'primary' | 'unique' | 'foreign' | 'check' | 'exclude' | 'index' | 'fulltext';
  name?: string;
  columns: string[];
  offset: number;
  /** NOT VALID was given (PostgreSQL). */
  notValid: boolean;
  /** USING INDEX idx was given (PostgreSQL). */
  usingIndex?: string;
  references?: ForeignKeyRef;
}

/** Table options (mostly MySQL). */
export interface TableOptions {
  engine?: string;
  charset?: string;
  collation?: string;
  comment?: string;
  autoIncrement?: number;
  partitioned: boolean;
}

/** One action of an ALTER TABLE statement. */
export type AlterAction =
  | { type: 'add_column'; column: ColumnDef; offset: number }
  | { type: 'drop_column'; name: string; offset: number }
  | { type: 'modify_column'; column: ColumnDef; offset: number }
  | { type: 'change_column'; from: string; column: ColumnDef; offset: number }
  | { type: 'alter_column_type'; name: string; newType: ColumnType; offset: number }
  | { type: 'set_not_null'; name: string; offset: number }
  | { type: 'drop_not_null'; name: string; offset: number }
  | { type: 'set_default'; name: string; default: ColumnDefault; offset: number }
  | { type: 'add_constraint'; constraint: ConstraintDef; offset: number }
  | { type: 'drop_constraint'; name: string; offset: number }
  | { type: 'validate_constraint'; name: string; offset: number }
  | { type: 'drop_index'; name: string; offset: number }
  | { type: 'rename_column'; from: string; to: string; offset: number }
  | { type: 'rename_table'; to: string; offset: number }
  | { type: 'option'; name: string; value: string; offset: number }
  | { type: 'detach_partition'; concurrent: boolean; offset: number }
  | { type: 'other'; what: string; offset: number };

/** Facts about a DML statement's filter, limit and ordering. */
export interface DmlInfo {
  hasWhere: boolean;
  hasLimit: boolean;
  hasOrderBy: boolean;
  orderByRand: boolean;
  /** Offset of a `*` in a select list, when present. */
  selectStar?: number;
  /** Offsets of LIKE patterns starting with '%'. */
  leadingWildcardLikes: number[];
  /** Offsets of `= NULL` / `<> NULL` comparisons. */
  equalNulls: number[];
  /** INSERT: the explicit column list, or null when none was given. */
  insertColumns?: string[] | null;
  /** INSERT ... SELECT. */
  insertSelect: boolean;
  /** INSERT ... VALUES row count. */
  rowCount?: number;
  /** INSERT ... SELECT: the inner SELECT has a WHERE clause. */
  insertSelectHasWhere?: boolean;
  /** SELECT reads from at least one table. */
  readsTable: boolean;
  /** UPDATE SET targets with their offsets. */
  assignments: { column: string; offset: number }[];
}

/** One statement in the normalised model. */
export interface Statement {
  index: number;
  engine: ReviewEngine;
  /** Statement text without the terminator. */
  sql: string;
  /** Offset of the first token in the script. */
  start: number;
  end: number;
  line: number;
  column: number;
  kind: StatementKind;
  /** The primary object (table, index, view, database ...). */
  target?: ObjectRef;
  /** Further objects (DROP TABLE a, b; RENAME TABLE pairs). */
  targets: ObjectRef[];
  ifExists: boolean;
  ifNotExists: boolean;
  cascade: boolean;
  concurrently: boolean;
  columns: ColumnDef[];
  constraints: ConstraintDef[];
  options: TableOptions;
  actions: AlterAction[];
  /** CREATE INDEX details. */
  createIndex?: { name?: string; unique: boolean; columns: string[]; table: string; method?: string };
  dml?: DmlInfo;
  /** SET name = value (lower-case name). */
  setting?: { name: string; value: string };
  /** Other flags: 'vacuum_full', 'temporary', 'as_select', 'add_value' (enum), 'drop_view' ... */
  flags: Set<string>;
}

/** A statement the engine's parser rejected. */
export interface SyntaxProblem {
  message: string;
  /** Offset in the script of the reported position. */
  offset: number;
  /** 'error' for a real syntax error, 'unparsed' when only the parser's grammar is incomplete. */
  kind: 'error' | 'unparsed';
}

/** A statement as produced by a parser: the model plus an optional syntax problem. */
export interface ParsedStatement {
  statement: Statement;
  problem?: SyntaxProblem;
  /** Which front end produced the model: the fast path, the engine's grammar, or keywords (absent). */
  via?: 'fast' | 'parser';
}

/** A fresh statement with empty collections, for parsers to fill in. */
export function emptyStatement(
  engine: ReviewEngine,
  pos: { index: number; sql: string; start: number; end: number; line: number; column: number },
  kind: StatementKind,
): Statement {
  // Every field is written here, in one order, so all statements share one object shape: rules then read
  // them through monomorphic property accesses, which matters when thousands of statements are reviewed.
  return {
    index: pos.index,
    engine,
    sql: pos.sql,
    start: pos.start,
    end: pos.end,
    line: pos.line,
    column: pos.column,
    kind,
    target: undefined,
    targets: [],
    ifExists: false,
    ifNotExists: false,
    cascade: false,
    concurrently: false,
    columns: [],
    constraints: [],
    options: { partitioned: false },
    actions: [],
    createIndex: undefined,
    dml: undefined,
    setting: undefined,
    flags: new Set(),
  };
}

/** An empty DML description. */
export function emptyDml(): DmlInfo {
  return {
    hasWhere: false,
    hasLimit: false,
    hasOrderBy: false,
    orderByRand: false,
    leadingWildcardLikes: [],
    equalNulls: [],
    insertSelect: false,
    readsTable: false,
    assignments: [],
  };
}
