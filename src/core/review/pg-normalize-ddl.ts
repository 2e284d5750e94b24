// PostgreSQL DDL normalisation: CREATE TABLE, ALTER TABLE and constraints from libpg-query nodes.
import type { AlterAction, ColumnDef, ConstraintDef, ForeignKeyRef, ObjectRef, Statement } from './model.ts';
import { as, list, loc, type PgFields, pgDefault, pgType, str, strings, unwrap } from './pg-ast.ts';

/** Turns a parser byte location into a script character offset (falls back to the statement start). */
export type Locate = (byteLocation: number | undefined) => number;

/** A RangeVar as an object reference. */
export function rangeVar(node: unknown, at: Locate): ObjectRef | undefined {
  const f = as(node, 'RangeVar') ?? (node as PgFields | undefined);
  const name = str(f?.['relname']);
  if (!f || name === undefined) return undefined;
  const schema = str(f['schemaname']);
  const offset = at(loc(f['location']));
  return schema === undefined ? { name, offset } : { schema, name, offset };
}

const FK_ACTIONS: Record<string, string> = { c: 'cascade', n: 'set null', d: 'set default', r: 'restrict' };

function foreignKey(f: PgFields, at: Locate): ForeignKeyRef {
  const ref: ForeignKeyRef = {
    table: rangeVar(f['pktable'], at)?.name ?? '',
    columns: strings(f['pk_attrs']),
  };
  const del = FK_ACTIONS[str(f['fk_del_action']) ?? ''];
  if (del) ref.onDelete = del;
  return ref;
}

const CONSTRAINT_TYPES: Record<string, ConstraintDef['type']> = {
  CONSTR_PRIMARY: 'primary',
  CONSTR_UNIQUE: 'unique',
  CONSTR_FOREIGN: 'foreign',
  CONSTR_CHECK: 'check',
  CONSTR_EXCLUSION: 'exclude',
};

/** A table constraint node, or undefined for kinds rules do not look at. */
export function constraint(node: unknown, at: Locate): ConstraintDef | undefined {
  const f = as(node, 'Constraint');
  const type = CONSTRAINT_TYPES[str(f?.['contype']) ?? ''];
  if (!f || !type) return undefined;
  const def: ConstraintDef = {
    type,
    columns: type === 'foreign' ? strings(f['fk_attrs']) : strings(f['keys']),
    offset: at(loc(f['location'])),
    notValid: f['skip_validation'] === true,
  };
  const name = str(f['conname']);
  if (name !== undefined) def.name = name;
  const usingIndex = str(f['indexname']);
  if (usingIndex !== undefined) def.usingIndex = usingIndex;
  if (type === 'foreign') def.references = foreignKey(f, at);
  return def;
}

/** A ColumnDef node in the shared model. */
export function columnDef(node: unknown, at: Locate): ColumnDef {
  const f = as(node, 'ColumnDef') ?? {};
  // ColumnDef holds its TypeName unwrapped; accept both forms, as pgType does.
  const typeF = as(f['typeName'], 'TypeName') ?? (f['typeName'] as PgFields | undefined) ?? {};
  const type = pgType(f['typeName']);
  const col: ColumnDef = {
    name: str(f['colname']) ?? '',
    offset: at(loc(f['location'])),
    type,
    typeOffset: at(loc(typeF['location'])),
    notNull: false,
    primaryKey: false,
    unique: false,
    autoIncrement: false,
    serial: ['serial', 'bigserial', 'smallserial'].includes(type.name),
    identity: false,
    generated: false,
    onUpdateCurrentTime: false,
  };
  for (const c of list(f['constraints'])) {
    const cf = as(c, 'Constraint') ?? {};
    switch (str(cf['contype'])) {
      case 'CONSTR_NOTNULL':
        col.notNull = true;
        break;
      case 'CONSTR_PRIMARY':
        col.primaryKey = true;
        col.notNull = true;
        break;
      case 'CONSTR_UNIQUE':
        col.unique = true;
        break;
      case 'CONSTR_DEFAULT':
        col.default = pgDefault(cf['raw_expr']);
        break;
      case 'CONSTR_IDENTITY':
        col.identity = true;
        col.notNull = true;
        break;
      case 'CONSTR_GENERATED':
        col.generated = true;
        break;
      case 'CONSTR_FOREIGN':
        col.references = foreignKey(cf, at);
        break;
    }
  }
  if (col.serial) col.notNull = true;
  const collate = as(f['collClause'], 'CollateClause');
  if (collate) col.collation = strings(collate['collname']).join('.');
  return col;
}

/** Fills columns, constraints and options of a CREATE TABLE. */
export function createTable(stmt: Statement, f: PgFields, at: Locate): void {
  for (const elt of list(f['tableElts'])) {
    const [type] = unwrap(elt);
    if (type === 'ColumnDef') {
      const col = columnDef(elt, at);
      stmt.columns.push(col);
      if (col.references) {
        stmt.constraints.push({
          type: 'foreign',
          columns: [col.name],
          offset: col.offset,
          notValid: false,
          references: col.references,
        });
      }
    } else if (type === 'Constraint') {
      const c = constraint(elt, at);
      if (c) stmt.constraints.push(c);
    }
  }
  stmt.options.partitioned = f['partspec'] !== undefined;
  if (f['if_not_exists'] === true) stmt.ifNotExists = true;
  const rel = as(f['relation'], 'RangeVar') ?? (f['relation'] as PgFields | undefined);
  if (rel?.['relpersistence'] === 't') stmt.flags.add('temporary');
  if (f['partbound'] !== undefined) stmt.flags.add('partition_of');
}

/** Translates the commands of an ALTER TABLE into actions. */
export function alterTable(stmt: Statement, f: PgFields, at: Locate): void {
  for (const cmd of list(f['cmds'])) {
    const c = as(cmd, 'AlterTableCmd') ?? {};
    const name = str(c['name']) ?? '';
    const subtype = str(c['subtype']) ?? '';
    const def = c['def'];
    // AlterTableCmd carries no location of its own; the column or constraint's location is the best anchor.
    const offset = at(loc(as(def, 'ColumnDef')?.['location'] ?? as(def, 'Constraint')?.['location']));
    const action = alterAction(subtype, name, def, offset, at);
    stmt.actions.push(action);
    if (c['behavior'] === 'DROP_CASCADE') stmt.cascade = true;
  }
}

function alterAction(subtype: string, name: string, def: unknown, offset: number, at: Locate): AlterAction {
  switch (subtype) {
    case 'AT_AddColumn':
      return { type: 'add_column', column: columnDef(def, at), offset };
    case 'AT_DropColumn':
      return { type: 'drop_column', name, offset };
    case 'AT_AlterColumnType':
      return { type: 'alter_column_type', name, newType: pgType(as(def, 'ColumnDef')?.['typeName']), offset };
    case 'AT_SetNotNull':
      return { type: 'set_not_null', name, offset };
    case 'AT_DropNotNull':
      return { type: 'drop_not_null', name, offset };
    case 'AT_ColumnDefault':
      return def === undefined
        ? { type: 'other', what: 'drop_default', offset }
        : { type: 'set_default', name, default: pgDefault(def), offset };
    case 'AT_AddConstraint': {
      const c = constraint(def, at);
      return c ? { type: 'add_constraint', constraint: c, offset } : { type: 'other', what: subtype, offset };
    }
    case 'AT_DropConstraint':
      return { type: 'drop_constraint', name, offset };
    case 'AT_ValidateConstraint':
      return { type: 'validate_constraint', name, offset };
    case 'AT_DetachPartition':
      return {
        type: 'detach_partition',
        concurrent: as(def, 'PartitionCmd')?.['concurrent'] === true,
        offset,
      };
    default:
      return { type: 'other', what: subtype, offset };
  }
}
