// Fast-path statement shapes: INSERT ... VALUES, UPDATE, DELETE, SELECT, CREATE INDEX, CREATE/ALTER/DROP TABLE.
import { emptyDml, emptyStatement, type ObjectRef, type Statement } from '../model.ts';
import type { StatementPosition } from '../pg-normalize.ts';
import { columnDef } from './columns.ts';
import type { FastCursor } from './cursor.ts';
import { NOT_FAST } from './cursor.ts';
import { condition, value } from './expr.ts';

function setTarget(stmt: Statement, ref: ObjectRef): void {
  stmt.target = ref;
  stmt.targets.push(ref);
}

/** INSERT INTO t [(a, b)] VALUES (literals), ... */
export function insert(c: FastCursor, pos: StatementPosition): Statement {
  const stmt = emptyStatement(c.engine, pos, 'insert');
  c.expect('INSERT');
  c.expect('INTO');
  setTarget(stmt, c.objectName());
  const dml = emptyDml();
  dml.insertColumns = c.peek()?.text === '(' ? c.nameList().map((n) => n.name) : null;
  c.expect('VALUES');
  // node-sql-parser rejects rows whose width differs from the column list; such statements go to it.
  let width = dml.insertColumns?.length;
  let rows = 0;
  do {
    c.expectPunct('(');
    let n = 0;
    do {
      c.literal();
      n++;
    } while (c.acceptPunct(','));
    c.expectPunct(')');
    width ??= n;
    if (n !== width) throw NOT_FAST;
    rows++;
  } while (c.acceptPunct(','));
  dml.rowCount = rows;
  stmt.dml = dml;
  return stmt;
}

/** UPDATE t SET a = value, ... [WHERE condition] */
export function update(c: FastCursor, pos: StatementPosition): Statement {
  const stmt = emptyStatement(c.engine, pos, 'update');
  c.expect('UPDATE');
  setTarget(stmt, c.objectName());
  c.expect('SET');
  const dml = emptyDml();
  do {
    const col = c.nameToken();
    c.expectPunct('=');
    value(c);
    dml.assignments.push({ column: c.nameText(col), offset: col.offset });
  } while (c.acceptPunct(','));
  where(c, dml);
  stmt.dml = dml;
  return stmt;
}

/** DELETE FROM t [WHERE condition] */
export function del(c: FastCursor, pos: StatementPosition): Statement {
  const stmt = emptyStatement(c.engine, pos, 'delete');
  c.expect('DELETE');
  c.expect('FROM');
  setTarget(stmt, c.objectName());
  const dml = emptyDml();
  where(c, dml);
  stmt.dml = dml;
  return stmt;
}

/** SELECT * | a, b FROM t [WHERE condition] [ORDER BY a [ASC|DESC], ...] [LIMIT n] */
export function select(c: FastCursor, pos: StatementPosition): Statement {
  const stmt = emptyStatement(c.engine, pos, 'select');
  c.expect('SELECT');
  const dml = emptyDml();
  const star = c.peek();
  if (c.acceptPunct('*')) dml.selectStar = star!.offset;
  else
    do c.nameToken();
    while (c.acceptPunct(','));
  c.expect('FROM');
  const table = c.objectName();
  // PostgreSQL's normaliser only records a target for statements with a single relation field; SELECT has none.
  if (c.engine === 'mysql') setTarget(stmt, table);
  dml.readsTable = true;
  where(c, dml);
  if (c.accept('ORDER')) {
    c.expect('BY');
    dml.hasOrderBy = true;
    do {
      c.nameToken();
      if (!c.accept('ASC')) c.accept('DESC');
    } while (c.acceptPunct(','));
  }
  if (c.accept('LIMIT')) {
    c.integer();
    dml.hasLimit = true;
  }
  stmt.dml = dml;
  return stmt;
}

function where(c: FastCursor, dml: ReturnType<typeof emptyDml>): void {
  if (!c.accept('WHERE')) return;
  dml.hasWhere = true;
  condition(c, dml);
}

/** CREATE [UNIQUE] INDEX [CONCURRENTLY] name ON t (a, b) */
export function createIndex(c: FastCursor, pos: StatementPosition): Statement {
  const stmt = emptyStatement(c.engine, pos, 'create_index');
  c.expect('CREATE');
  const unique = c.accept('UNIQUE');
  c.expect('INDEX');
  if (c.engine === 'postgres' && c.accept('CONCURRENTLY')) stmt.concurrently = true;
  const nameTok = c.nameToken();
  const name = c.nameText(nameTok);
  c.expect('ON');
  const table = c.objectName();
  const columns = c.nameList().map((n) => n.name);
  if (c.engine === 'postgres') {
    setTarget(stmt, table);
    stmt.createIndex = { unique, columns, table: table.name, method: 'btree', name };
  } else {
    // node-sql-parser reports the index name without a location; the normaliser anchors it on its token.
    setTarget(stmt, { name, offset: stmt.start });
    stmt.createIndex = { unique, columns, table: table.name, name };
    stmt.targets.push({ name: table.name, offset: table.offset });
  }
  return stmt;
}

/** CREATE TABLE [IF NOT EXISTS] t (column definitions) */
export function createTable(c: FastCursor, pos: StatementPosition): Statement {
  const stmt = emptyStatement(c.engine, pos, 'create_table');
  c.expect('CREATE');
  c.expect('TABLE');
  if (c.accept('IF')) {
    c.expect('NOT');
    c.expect('EXISTS');
    stmt.ifNotExists = true;
  }
  setTarget(stmt, c.objectName());
  c.expectPunct('(');
  do stmt.columns.push(columnDef(c));
  while (c.acceptPunct(','));
  c.expectPunct(')');
  return stmt;
}

/** ALTER TABLE t ADD [COLUMN] definition | DROP [COLUMN] name, ... */
export function alterTable(c: FastCursor, pos: StatementPosition): Statement {
  const stmt = emptyStatement(c.engine, pos, 'alter_table');
  c.expect('ALTER');
  c.expect('TABLE');
  setTarget(stmt, c.objectName());
  do {
    if (c.accept('ADD')) {
      c.accept('COLUMN');
      const column = columnDef(c);
      stmt.actions.push({ type: 'add_column', column, offset: column.offset });
    } else if (c.accept('DROP')) {
      c.accept('COLUMN');
      const tok = c.nameToken();
      // libpg-query gives a dropped column no location; the normaliser anchors it on its token afterwards.
      const offset = c.engine === 'postgres' ? stmt.start : tok.offset;
      stmt.actions.push({ type: 'drop_column', name: c.nameText(tok), offset });
    } else throw NOT_FAST;
  } while (c.acceptPunct(','));
  return stmt;
}

/** DROP TABLE [IF EXISTS] t, ... */
export function dropTable(c: FastCursor, pos: StatementPosition): Statement {
  const stmt = emptyStatement(c.engine, pos, 'drop_table');
  c.expect('DROP');
  c.expect('TABLE');
  if (c.accept('IF')) {
    c.expect('EXISTS');
    stmt.ifExists = true;
  }
  do {
    const ref = c.objectName();
    // libpg-query gives dropped objects no location; the normaliser anchors them on their tokens afterwards.
    stmt.targets.push(c.engine === 'postgres' ? { ...ref, offset: stmt.start } : ref);
  } while (c.acceptPunct(','));
  stmt.target = stmt.targets[0];
  return stmt;
}
