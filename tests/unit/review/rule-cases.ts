// Violating and clean SQL for every rule and engine, with the expected position of the first advice.
import type { ReviewEngine } from '../../../src/core/review/index.ts';

/** One rule test: `bad` must give advice at `at` ([line, column]); `good` must give none. */
export interface RuleCase {
  rule: string;
  engines: ReviewEngine[];
  bad: string;
  at: [number, number];
  good: string;
  params?: Record<string, unknown>;
  /** Further rules to enable, for rules that react to other rules' advice. */
  also?: string[];
}

const E: Record<string, ReviewEngine> = { P: 'postgres', M: 'mysql', C: 'clickhouse', S: 'snowflake' };

function c(
  rule: string,
  engines: string,
  bad: string,
  at: [number, number],
  good: string,
  params?: Record<string, unknown>,
): RuleCase {
  return { rule, engines: [...engines].map((l) => E[l]!), bad, at, good, ...(params ? { params } : {}) };
}

// biome-ignore format: one case per line reads as a table
export const ruleCases: RuleCase[] = [
  c('statement.syntax', 'P', 'SELECT 1;\nSELEC 2;', [2, 1], 'SELECT 1;'),
  c('statement.syntax', 'MS', 'SELECT 1;\nSELEC 2;', [2, 7], 'SELECT 1;'),
  c('statement.syntax', 'M', 'SELECT 1;\nUPDATE t SET WHERE a = 1;', [2, 20], 'UPDATE t SET b = 2 WHERE a = 1;'),
  c('statement.unparsed', 'M', 'SELECT 1;\nALTER TABLE t ALTER COLUMN a SET DEFAULT 1;', [2, 15], 'ALTER TABLE t ADD COLUMN b int;'),
  c('statement.unparsed', 'S', 'DELETE FROM t;', [1, 14], 'SELECT a FROM t;'),
  c('statement.where.require.update-delete', 'PMS', 'SELECT 1;\nDELETE FROM orders;', [2, 13], 'DELETE FROM orders WHERE id = 1;'),
  c('statement.where.require.update-delete', 'C', 'SELECT 1;\nDELETE FROM orders;', [2, 13], 'DELETE FROM orders WHERE id = 1;'),
  c('statement.where.require.select', 'PMS', 'SELECT a FROM t;', [1, 1], 'SELECT a FROM t WHERE b = 1;'),
  c('statement.select.no-select-all', 'PMS', 'SELECT 1;\nSELECT  * FROM t WHERE a = 1;', [2, 9], 'SELECT a FROM t WHERE a = 1;'),
  c('statement.select.no-select-all', 'C', 'SELECT  * FROM t', [1, 9], 'SELECT a FROM t'),
  c('statement.where.no-leading-wildcard-like', 'PMS', "SELECT a FROM t WHERE b LIKE '%x';", [1, 23], "SELECT a FROM t WHERE b LIKE 'x%';"),
  c('statement.where.no-equal-null', 'PMS', 'SELECT a FROM t WHERE b = NULL;', [1, 23], 'SELECT a FROM t WHERE b IS NULL;'),
  c('statement.disallow-limit', 'M', 'UPDATE t SET a = 1 WHERE b = 2 LIMIT 10;', [1, 1], 'UPDATE t SET a = 1 WHERE b = 2;'),
  c('statement.disallow-order-by', 'M', 'DELETE FROM t WHERE b = 2 ORDER BY id;', [1, 1], 'DELETE FROM t WHERE b = 2;'),
  c('statement.insert.row-limit', 'PM', 'INSERT INTO t (a) VALUES (1), (2), (3);', [1, 1], 'INSERT INTO t (a) VALUES (1), (2);', { maxRows: 2 }),
  c('statement.insert.must-specify-column', 'PMS', 'INSERT INTO orders VALUES (1);', [1, 13], 'INSERT INTO orders (id) VALUES (1);'),
  c('statement.insert.disallow-order-by-rand', 'PM', 'INSERT INTO t (a) SELECT a FROM u WHERE b = 1 ORDER BY RANDOM();', [1, 1], 'INSERT INTO t (a) SELECT a FROM u WHERE b = 1 ORDER BY a;'),
  c('statement.insert.select-require-where', 'PM', 'INSERT INTO t (a) SELECT a FROM u;', [1, 1], 'INSERT INTO t (a) SELECT a FROM u WHERE b = 1;'),
  c('statement.disallow-truncate', 'PMCS', 'SELECT 1;\nTRUNCATE TABLE orders;', [2, 16], 'DELETE FROM orders WHERE id = 1;'),
  c('statement.disallow-truncate-cascade', 'P', 'TRUNCATE orders CASCADE;', [1, 1], 'TRUNCATE orders;'),
  c('statement.disallow-on-del-cascade', 'PM', 'CREATE TABLE a (id int PRIMARY KEY, b int REFERENCES b (id) ON DELETE CASCADE);', [1, 37], 'CREATE TABLE a (id int PRIMARY KEY, b int REFERENCES b (id));'),
  c('statement.disallow-rm-tbl-cascade', 'P', 'DROP TABLE a CASCADE;', [1, 1], 'DROP TABLE a;'),
  c('statement.disallow-mix-ddl-dml', 'PM', 'ALTER TABLE t ADD COLUMN b int;\nUPDATE t SET b = 1 WHERE a = 1;', [2, 1], 'UPDATE t SET b = 1 WHERE a = 1;'),
  c('statement.create-specify-schema', 'P', 'CREATE TABLE orders (id bigint PRIMARY KEY);', [1, 14], 'CREATE TABLE shop.orders (id bigint PRIMARY KEY);'),
  c('statement.disallow-commit', 'PM', 'BEGIN;\nSELECT 1;\nCOMMIT;', [3, 1], 'SELECT 1;'),
  c('statement.transaction-nesting', 'PM', 'BEGIN;\nBEGIN;\nCOMMIT;', [2, 1], 'BEGIN;\nSELECT 1;\nCOMMIT;'),
  c('statement.uncommitted-transaction', 'PM', 'SELECT 1;\nBEGIN;\nSELECT 1;', [2, 1], 'BEGIN;\nSELECT 1;\nCOMMIT;'),
  c('statement.non-transactional', 'P', 'VACUUM orders;', [1, 1], 'ANALYZE orders;'),
  c('statement.require-lock-timeout', 'P', 'SELECT 1;\nALTER TABLE t ADD COLUMN b int;', [2, 1], "SET lock_timeout = '2s';\nALTER TABLE t ADD COLUMN b int;"),
  c('statement.require-lock-timeout', 'M', 'SELECT 1;\nALTER TABLE t ADD COLUMN b int;', [2, 1], 'SET lock_wait_timeout = 5;\nALTER TABLE t ADD COLUMN b int;'),
  c('statement.require-statement-timeout', 'P', 'DROP INDEX CONCURRENTLY i;', [1, 1], "SET statement_timeout = '5min';\nDROP INDEX CONCURRENTLY i;"),
  c('statement.merge-alter-table', 'PM', 'ALTER TABLE t ADD COLUMN a int;\nALTER TABLE t ADD COLUMN b int;', [2, 13], 'ALTER TABLE t ADD COLUMN a int, ADD COLUMN b int;'),
  c('statement.disallow-vacuum-full', 'P', 'VACUUM FULL orders;', [1, 1], 'VACUUM orders;'),
  c('statement.disallow-domain-constraint', 'P', 'CREATE DOMAIN pos AS int CHECK (VALUE > 0);', [1, 1], 'CREATE DOMAIN pos AS int;'),
  c('statement.require-algorithm-option', 'M', 'ALTER TABLE t ADD COLUMN b int, LOCK=NONE;', [1, 13], 'ALTER TABLE t ADD COLUMN b int, ALGORITHM=INSTANT, LOCK=NONE;'),
  c('statement.require-lock-option', 'M', 'ALTER TABLE t ADD COLUMN b int, ALGORITHM=INPLACE;', [1, 13], 'ALTER TABLE t ADD COLUMN b int, ALGORITHM=INPLACE, LOCK=NONE;'),
  c('statement.disallow-offline-ddl', 'M', 'ALTER TABLE t ADD COLUMN b int, ALGORITHM=COPY;', [1, 1], 'ALTER TABLE t ADD COLUMN b int, ALGORITHM=INSTANT;'),
  c('engine.mysql.use-innodb', 'M', 'CREATE TABLE t (id int PRIMARY KEY) ENGINE=MyISAM;', [1, 1], 'CREATE TABLE t (id int PRIMARY KEY) ENGINE=InnoDB;'),
  c('system.charset.allowlist', 'M', 'CREATE TABLE t (id int PRIMARY KEY, n varchar(5) CHARACTER SET latin1);', [1, 37], 'CREATE TABLE t (id int PRIMARY KEY, n varchar(5) CHARACTER SET utf8mb4);'),
  c('system.collation.allowlist', 'M', 'CREATE TABLE t (id int PRIMARY KEY) COLLATE=latin1_bin;', [1, 1], 'CREATE TABLE t (id int PRIMARY KEY) COLLATE=utf8mb4_bin;'),
  c('system.procedure.disallow-create', 'P', 'CREATE PROCEDURE p() LANGUAGE sql AS $$ SELECT 1 $$;', [1, 1], 'SELECT 1;'),
  c('system.procedure.disallow-create', 'M', 'CREATE PROCEDURE p() SELECT 1;', [1, 18], 'SELECT 1;'),
  c('system.function.disallow-create', 'P', 'CREATE FUNCTION f() RETURNS int LANGUAGE sql AS $$ SELECT 1 $$;', [1, 1], 'SELECT 1;'),
  c('system.function.disallow-create', 'M', 'CREATE FUNCTION f() RETURNS int RETURN 1;', [1, 17], 'SELECT 1;'),
  c('system.event.disallow-create', 'M', 'CREATE EVENT e ON SCHEDULE EVERY 1 DAY DO DELETE FROM t;', [1, 14], 'SELECT 1;'),
  c('system.view.disallow-create', 'PM', 'CREATE VIEW v AS SELECT a FROM t;', [1, 13], 'SELECT a FROM t;'),
  c('table.disallow-trigger', 'P', 'CREATE TRIGGER tr BEFORE INSERT ON t FOR EACH ROW EXECUTE FUNCTION f();', [1, 1], 'SELECT 1;'),
  c('table.disallow-trigger', 'M', 'CREATE TRIGGER tr BEFORE INSERT ON t FOR EACH ROW SET NEW.a = 1;', [1, 1], 'SELECT 1;'),
  c('review.ignore-without-reason', 'PMCS', '-- review:ignore statement.disallow-truncate\nTRUNCATE TABLE t;', [1, 1], '-- review:ignore statement.disallow-truncate emptied nightly anyway\nTRUNCATE TABLE t;'),
  { ...c('review.unused-ignore', 'PMCS', '-- review:ignore statement.disallow-truncate not needed\nSELECT 1;', [1, 1], '-- review:ignore statement.disallow-truncate emptied nightly\nTRUNCATE TABLE t;'), also: ['statement.disallow-truncate'] },
];
