// PostgreSQL normalisation: one libpg-query statement node into the shared statement model.
import { type DmlInfo, emptyDml, emptyStatement, type Statement, type StatementKind } from './model.ts';
import { as, list, loc, type PgFields, str, strings, unwrap, walk } from './pg-ast.ts';
import { alterTable, createTable, type Locate, rangeVar } from './pg-normalize-ddl.ts';

/** Where a statement sits in the script. */
export interface StatementPosition {
  index: number;
  sql: string;
  start: number;
  end: number;
  line: number;
  column: number;
}

const DROP_KINDS: Record<string, StatementKind> = {
  OBJECT_TABLE: 'drop_table',
  OBJECT_INDEX: 'drop_index',
  OBJECT_VIEW: 'drop_view',
  OBJECT_MATVIEW: 'drop_view',
  OBJECT_SCHEMA: 'drop_schema',
};

const SIMPLE_KINDS: Record<string, StatementKind> = {
  ViewStmt: 'create_view',
  CreateTrigStmt: 'create_trigger',
  CreateEnumStmt: 'create_type',
  CompositeTypeStmt: 'create_type',
  AlterEnumStmt: 'alter_type',
  CreateDomainStmt: 'create_domain',
  AlterDomainStmt: 'alter_domain',
  CreateSeqStmt: 'create_sequence',
  CreatedbStmt: 'create_database',
  AlterDatabaseStmt: 'alter_database',
  CreateSchemaStmt: 'create_schema',
  ClusterStmt: 'cluster',
  CommentStmt: 'comment',
  GrantStmt: 'grant',
  ReindexStmt: 'reindex',
  VacuumStmt: 'vacuum',
};

/** Normalises one parsed statement node. */
export function normalizePostgres(node: unknown, pos: StatementPosition, at: Locate): Statement {
  const [type, f] = unwrap(node);
  const stmt = emptyStatement('postgres', pos, SIMPLE_KINDS[type] ?? 'other');
  const setTarget = (relation: unknown) => {
    const ref = rangeVar(relation, at);
    if (ref) {
      stmt.target = ref;
      stmt.targets.push(ref);
    }
  };
  switch (type) {
    case 'CreateStmt':
      stmt.kind = 'create_table';
      setTarget(f['relation']);
      createTable(stmt, f, at);
      break;
    case 'CreateTableAsStmt':
      stmt.kind = f['objtype'] === 'OBJECT_MATVIEW' ? 'create_view' : 'create_table';
      setTarget(as(f['into'], 'IntoClause')?.['rel']);
      stmt.flags.add('as_select');
      break;
    case 'AlterTableStmt':
      stmt.kind = f['objtype'] === 'OBJECT_TABLE' ? 'alter_table' : 'other';
      setTarget(f['relation']);
      alterTable(stmt, f, at);
      break;
    case 'RenameStmt':
      rename(stmt, f, at, setTarget);
      break;
    case 'IndexStmt':
      createIndex(stmt, f, setTarget);
      break;
    case 'DropStmt':
      drop(stmt, f, at);
      break;
    case 'DropdbStmt':
      stmt.kind = 'drop_database';
      stmt.target = { name: str(f['dbname']) ?? '', offset: pos.start };
      stmt.targets.push(stmt.target);
      stmt.ifExists = f['missing_ok'] === true;
      break;
    case 'TruncateStmt':
      stmt.kind = 'truncate';
      for (const r of list(f['relations'])) setTarget(r);
      stmt.cascade = f['behavior'] === 'DROP_CASCADE';
      break;
    case 'InsertStmt':
    case 'UpdateStmt':
    case 'DeleteStmt':
    case 'SelectStmt':
      stmt.kind = type.replace('Stmt', '').toLowerCase() as StatementKind;
      if (f['relation']) setTarget(f['relation']);
      stmt.dml = dml(type, f, at);
      break;
    case 'TransactionStmt':
      stmt.kind = transactionKind(str(f['kind']) ?? '');
      break;
    case 'VariableSetStmt':
      stmt.kind = 'set';
      stmt.setting = { name: (str(f['name']) ?? '').toLowerCase(), value: settingValue(f) };
      break;
    case 'ViewStmt':
      setTarget(f['view']);
      break;
    case 'CreateFunctionStmt':
      stmt.kind = f['is_procedure'] === true ? 'create_procedure' : 'create_function';
      break;
    case 'VacuumStmt':
      if (f['is_vacuumcmd'] !== true) stmt.kind = 'other';
      if (list(f['options']).some((o) => as(o, 'DefElem')?.['defname'] === 'full'))
        stmt.flags.add('vacuum_full');
      break;
    case 'ReindexStmt':
      stmt.concurrently = list(f['params']).some((o) => as(o, 'DefElem')?.['defname'] === 'concurrently');
      break;
    case 'AlterEnumStmt':
      if (f['newVal'] !== undefined && f['oldVal'] === undefined) stmt.flags.add('add_value');
      if (f['newValNeighbor'] !== undefined) stmt.flags.add('positioned_value');
      break;
    case 'CreateDomainStmt':
    case 'AlterDomainStmt':
      if (list(f['constraints']).length > 0 || f['subtype'] === 'C') stmt.flags.add('domain_constraint');
      break;
    case 'CreateSchemaStmt':
      stmt.target = { name: str(f['schemaname']) ?? '', offset: pos.start };
      break;
  }
  return stmt;
}

function rename(stmt: Statement, f: PgFields, at: Locate, setTarget: (r: unknown) => void): void {
  setTarget(f['relation']);
  const offset = stmt.target?.offset ?? stmt.start;
  const newname = str(f['newname']) ?? '';
  if (f['renameType'] === 'OBJECT_COLUMN') {
    stmt.kind = 'alter_table';
    stmt.actions.push({
      type: 'rename_column',
      from: str(f['subname']) ?? '',
      to: newname,
      offset: stmt.start,
    });
  } else if (f['renameType'] === 'OBJECT_TABLE') {
    stmt.kind = 'rename_table';
    stmt.actions.push({ type: 'rename_table', to: newname, offset });
    stmt.targets.push({ name: newname, offset });
  } else {
    stmt.kind = 'other';
  }
  void at;
}

function createIndex(stmt: Statement, f: PgFields, setTarget: (r: unknown) => void): void {
  stmt.kind = 'create_index';
  setTarget(f['relation']);
  const columns = list(f['indexParams']).map((p) => str(as(p, 'IndexElem')?.['name']) ?? '(expression)');
  stmt.createIndex = {
    unique: f['unique'] === true,
    columns,
    table: stmt.target?.name ?? '',
    method: str(f['accessMethod']) ?? 'btree',
  };
  const name = str(f['idxname']);
  if (name !== undefined) stmt.createIndex.name = name;
  stmt.concurrently = f['concurrent'] === true;
  stmt.ifNotExists = f['if_not_exists'] === true;
}

function drop(stmt: Statement, f: PgFields, at: Locate): void {
  stmt.kind = DROP_KINDS[str(f['removeType']) ?? ''] ?? 'drop_other';
  stmt.cascade = f['behavior'] === 'DROP_CASCADE';
  stmt.ifExists = f['missing_ok'] === true;
  stmt.concurrently = f['concurrent'] === true;
  for (const o of list(f['objects'])) {
    const parts = as(o, 'List')
      ? strings(as(o, 'List')?.['items'])
      : [String(as(o, 'String')?.['sval'] ?? '')];
    const name = parts[parts.length - 1] ?? '';
    const schema = parts.length > 1 ? parts[parts.length - 2] : undefined;
    const ref = schema === undefined ? { name, offset: stmt.start } : { schema, name, offset: stmt.start };
    stmt.targets.push(ref);
  }
  if (stmt.targets[0]) stmt.target = stmt.targets[0];
  void at;
}

function transactionKind(kind: string): StatementKind {
  if (kind === 'TRANS_STMT_BEGIN' || kind === 'TRANS_STMT_START') return 'begin';
  if (kind === 'TRANS_STMT_COMMIT') return 'commit';
  if (kind === 'TRANS_STMT_ROLLBACK') return 'rollback';
  return 'other';
}

function settingValue(f: PgFields): string {
  const arg = as(list(f['args'])[0], 'A_Const');
  if (!arg) return '';
  const v = Object.values(arg).find((x) => x && typeof x === 'object') as Record<string, unknown> | undefined;
  return v ? String(Object.values(v)[0] ?? '') : '';
}

/** DML facts: WHERE, LIMIT, ORDER BY, SELECT *, LIKE and NULL comparisons, INSERT shape. */
function dml(type: string, f: PgFields, at: Locate): DmlInfo {
  const info = emptyDml();
  info.hasWhere = f['whereClause'] !== undefined;
  info.hasLimit = f['limitCount'] !== undefined;
  info.hasOrderBy = list(f['sortClause']).length > 0;
  if (type === 'InsertStmt') {
    const cols = list(f['cols']).map((c) => str(as(c, 'ResTarget')?.['name']) ?? '');
    info.insertColumns = cols.length > 0 ? cols : null;
    const sel = as(f['selectStmt'], 'SelectStmt') ?? {};
    const values = list(sel['valuesLists']);
    if (values.length > 0) info.rowCount = values.length;
    else if (f['selectStmt'] !== undefined) {
      info.insertSelect = true;
      info.insertSelectHasWhere = sel['whereClause'] !== undefined;
      info.hasLimit = sel['limitCount'] !== undefined;
    }
  }
  if (type === 'UpdateStmt') {
    for (const t of list(f['targetList'])) {
      const r = as(t, 'ResTarget') ?? {};
      info.assignments.push({ column: str(r['name']) ?? '', offset: at(loc(r['location'])) });
    }
  }
  if (type === 'SelectStmt') {
    info.readsTable = list(f['fromClause']).length > 0;
    for (const t of list(f['targetList'])) {
      const ref = as(as(t, 'ResTarget')?.['val'], 'ColumnRef');
      if (ref && list(ref['fields']).some((x) => as(x, 'A_Star'))) {
        info.selectStar ??= at(loc(ref['location']));
      }
    }
  }
  walk(f, (nodeType, n) => {
    if (nodeType === 'SortBy') {
      const fn = as(n['node'], 'FuncCall');
      if (fn && /^(random|rand)$/i.test(strings(fn['funcname']).pop() ?? '')) info.orderByRand = true;
    }
    if (nodeType !== 'A_Expr') return;
    const right = as(n['rexpr'], 'A_Const');
    if (n['kind'] === 'AEXPR_LIKE' || n['kind'] === 'AEXPR_ILIKE') {
      const pattern = (right?.['sval'] as { sval?: string } | undefined)?.sval ?? '';
      if (pattern.startsWith('%')) info.leadingWildcardLikes.push(at(exprStart(n)));
    } else if (n['kind'] === 'AEXPR_OP' && right?.['isnull'] === true) {
      const op = strings(n['name'])[0];
      if (op === '=' || op === '<>' || op === '!=') info.equalNulls.push(at(exprStart(n)));
    }
  });
  return info;
}

/** An operator expression's location is its operator; advice points at the left operand, where it starts. */
function exprStart(n: PgFields): number | undefined {
  const [, left] = unwrap(n['lexpr']);
  return loc(left['location']) ?? loc(n['location']);
}
