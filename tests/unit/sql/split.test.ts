// Unit tests for the statement splitter: quotes, dollar quotes, comments, DELIMITER, BEGIN..END and positions.
import { describe, expect, it } from 'vitest';
import { splitStatements } from '../../../src/core/sql/split.ts';

const sqls = (script: string, dialect: Parameters<typeof splitStatements>[1] = 'postgres') =>
  splitStatements(script, dialect).map((s) => s.sql);

describe('splitStatements: basics and positions', () => {
  it('splits on semicolons and drops the delimiter and surrounding blanks', () => {
    expect(sqls('SELECT 1;  SELECT 2 ;\n\nSELECT 3')).toEqual(['SELECT 1', 'SELECT 2', 'SELECT 3']);
  });

  it('records 1-based line, column and offsets of each statement', () => {
    const script = 'CREATE TABLE a (id int);\n  -- second\n   ALTER TABLE a ADD b int;\n';
    const [first, second] = splitStatements(script, 'postgres');
    expect(first).toMatchObject({ index: 0, line: 1, column: 1, start: 0, end: 23 });
    expect(second).toMatchObject({ index: 1, line: 3, column: 4, sql: 'ALTER TABLE a ADD b int' });
    expect(script.slice(second!.start, second!.end)).toBe(second!.sql);
  });

  it('keeps comments inside a statement but drops comment-only fragments', () => {
    const script = '-- header\n/* block */\nSELECT 1 -- trailing\n, 2;\n-- footer only\n;/* x */';
    expect(sqls(script)).toEqual(['SELECT 1 -- trailing\n, 2']);
  });

  it('returns nothing for an empty or comment-only script', () => {
    expect(sqls('')).toEqual([]);
    expect(sqls('  ;; -- nothing\n/* at all */ ;')).toEqual([]);
  });

  it('counts columns across CRLF line endings', () => {
    const [, second] = splitStatements('SELECT 1;\r\n  SELECT 2;', 'postgres');
    expect(second).toMatchObject({ line: 2, column: 3 });
  });
});

describe('splitStatements: quoting', () => {
  it('ignores semicolons inside single, double and doubled quotes', () => {
    expect(sqls(`INSERT INTO "we;ird" VALUES ('a;b', 'it''s;');SELECT 2`)).toEqual([
      `INSERT INTO "we;ird" VALUES ('a;b', 'it''s;')`,
      'SELECT 2',
    ]);
  });

  it('treats a backslash as literal in standard PostgreSQL strings but as an escape in E strings', () => {
    expect(sqls(`SELECT 'a\\';SELECT 2`)).toEqual([`SELECT 'a\\'`, 'SELECT 2']);
    expect(sqls(`SELECT E'a\\';b';SELECT 2`)).toEqual([`SELECT E'a\\';b'`, 'SELECT 2']);
  });

  it('honours MySQL backslash escapes and backtick identifiers', () => {
    expect(sqls('INSERT INTO `t;1` VALUES (\'a\\\';b\', "c\\";d");SELECT 2', 'mysql')).toEqual([
      'INSERT INTO `t;1` VALUES (\'a\\\';b\', "c\\";d")',
      'SELECT 2',
    ]);
  });

  it('keeps dollar-quoted bodies whole, with and without tags', () => {
    const fn = `CREATE FUNCTION f() RETURNS int AS $$ SELECT 1; $$ LANGUAGE sql`;
    const tagged = `DO $body$ BEGIN RAISE NOTICE '$$;'; END $body$`;
    expect(sqls(`${fn};\n${tagged};SELECT $1`)).toEqual([fn, tagged, 'SELECT $1']);
  });

  it('does not take identifiers containing $ for dollar quotes', () => {
    expect(sqls('SELECT a$b$ FROM t; SELECT 2')).toEqual(['SELECT a$b$ FROM t', 'SELECT 2']);
  });

  it('supports plain $$ bodies on Snowflake', () => {
    expect(
      sqls(`CREATE PROCEDURE p() RETURNS int LANGUAGE SQL AS $$ BEGIN RETURN 1; END $$;X`, 'snowflake'),
    ).toHaveLength(2);
  });
});

describe('splitStatements: comments', () => {
  it('handles nested block comments in PostgreSQL', () => {
    expect(sqls('/* outer /* inner; */ still; */ SELECT 1; SELECT 2')).toEqual(['SELECT 1', 'SELECT 2']);
  });

  it('does not nest block comments in MySQL', () => {
    expect(sqls('/* a /* b */ SELECT 1; SELECT 2', 'mysql')).toEqual(['SELECT 1', 'SELECT 2']);
  });

  it('treats # as a comment only on MySQL and ClickHouse', () => {
    expect(sqls('# note; here\nSELECT 1;', 'mysql')).toEqual(['SELECT 1']);
    expect(sqls('SELECT 1 # 2;', 'clickhouse')).toEqual(['SELECT 1']);
  });

  it('needs whitespace after -- on MySQL', () => {
    expect(sqls('SELECT 5--1;SELECT 2 -- c;\n;', 'mysql')).toEqual(['SELECT 5--1', 'SELECT 2']);
  });

  it('keeps MySQL executable comments as statement text', () => {
    expect(sqls('/*!40101 SET NAMES utf8 */;\n/* plain */;', 'mysql')).toEqual([
      '/*!40101 SET NAMES utf8 */',
    ]);
  });

  it('accepts // comments on Snowflake', () => {
    expect(sqls('// note; x\nSELECT 1;', 'snowflake')).toEqual(['SELECT 1']);
  });
});

describe('splitStatements: blocks and delimiters', () => {
  it('keeps a MySQL procedure body with nested blocks, IF and CASE together', () => {
    const proc = [
      'CREATE PROCEDURE p(IN x INT)',
      'BEGIN',
      '  DECLARE y INT DEFAULT 0;',
      '  IF x > 0 THEN SET y = 1; END IF;',
      '  CASE x WHEN 1 THEN SET y = 2; ELSE SET y = 3; END CASE;',
      '  lbl: BEGIN SELECT CASE WHEN y = 1 THEN 1 ELSE 0 END; END lbl;',
      '  WHILE y < 5 DO SET y = y + 1; END WHILE;',
      'END',
    ].join('\n');
    expect(sqls(`${proc};\nSELECT 2;`, 'mysql')).toEqual([proc, 'SELECT 2']);
  });

  it('keeps a MySQL trigger body together', () => {
    const trg =
      'CREATE DEFINER=`root`@`%` TRIGGER t BEFORE INSERT ON a FOR EACH ROW BEGIN SET NEW.x = 1; END';
    expect(sqls(`${trg};INSERT INTO a VALUES (1)`, 'mysql')).toEqual([trg, 'INSERT INTO a VALUES (1)']);
  });

  it('treats a leading BEGIN as a transaction, not a block', () => {
    expect(sqls('BEGIN;\nCREATE TABLE b (begin int, "end" int);\nCOMMIT;', 'mysql')).toEqual([
      'BEGIN',
      'CREATE TABLE b (begin int, "end" int)',
      'COMMIT',
    ]);
    expect(sqls('BEGIN; SELECT 1; END;', 'postgres')).toEqual(['BEGIN', 'SELECT 1', 'END']);
  });

  it('keeps MariaDB BEGIN NOT ATOMIC blocks together', () => {
    const block = 'BEGIN NOT ATOMIC SELECT 1; SELECT 2; END';
    expect(sqls(`${block};SELECT 3`, 'mysql')).toEqual([block, 'SELECT 3']);
  });

  it('keeps PostgreSQL BEGIN ATOMIC function bodies together', () => {
    const fn =
      'CREATE FUNCTION f(a int) RETURNS int LANGUAGE sql BEGIN ATOMIC SELECT CASE WHEN a > 0 THEN 1 END; SELECT 2; END';
    expect(sqls(`${fn};\nSELECT 3;`)).toEqual([fn, 'SELECT 3']);
  });

  it('keeps Snowflake DECLARE ... BEGIN ... END blocks together', () => {
    const block = 'DECLARE x INT; BEGIN x := 1; IF (x > 0) THEN RETURN x; END IF; END';
    expect(sqls(`${block};\nBEGIN TRANSACTION;\nCOMMIT;`, 'snowflake')).toEqual([
      block,
      'BEGIN TRANSACTION',
      'COMMIT',
    ]);
  });

  it('follows MySQL DELIMITER lines and drops them from the output', () => {
    const script = [
      'CREATE TABLE a (id int);',
      'DELIMITER //',
      'CREATE PROCEDURE p() BEGIN SELECT 1; SELECT 2; END //',
      'delimiter ;',
      'CALL p();',
    ].join('\n');
    const out = splitStatements(script, 'mysql');
    expect(out.map((s) => s.sql)).toEqual([
      'CREATE TABLE a (id int)',
      'CREATE PROCEDURE p() BEGIN SELECT 1; SELECT 2; END',
      'CALL p()',
    ]);
    expect(out.map((s) => s.line)).toEqual([1, 3, 5]);
  });

  it('does not treat DELIMITER specially outside MySQL', () => {
    expect(sqls('DELIMITER //\nSELECT 1;')).toEqual(['DELIMITER //\nSELECT 1']);
  });

  it('keeps an unterminated quote to the end instead of losing text', () => {
    expect(sqls("SELECT 1; SELECT 'open; SELECT 2")).toEqual(['SELECT 1', "SELECT 'open; SELECT 2"]);
  });
});
