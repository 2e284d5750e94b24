// SQL scripts the EngineDriver contract runs, written once per dialect family (PostgreSQL and MySQL).
import type { Engine } from '../../src/core/ports/engine-driver.ts';

/** Scripts and expectations for one dialect family. */
export interface EngineScripts {
  /** Three statements on lines 1, 3 and 4 with delimiters hidden in quotes and comments. */
  quoted: string;
  /** Two statements that work, one that fails on a missing table, one after it. */
  failing: string;
  /** A table, a row, and an index built concurrently. */
  concurrently: string;
  /** BEGIN, two inserts into `ledger`, COMMIT. */
  explicitCommit: string;
  /** BEGIN, an insert into `ledger`, an insert into a missing table, COMMIT. */
  explicitFailing: string;
  /** `before_sleep` table, a long sleep, `after_sleep` table. */
  sleeping: string;
  /** A schema touching every object kind the snapshot covers. */
  schema: string;
  /** The same schema with independent objects created in another order. */
  schemaReordered: string;
  /** Rows that move sequences / AUTO_INCREMENT counters without changing the schema. */
  data: string;
  /** Fragments the snapshot of `schema` must contain. */
  expectedInSnapshot: string[];
  /** DDL changes applied one after another on `schema`; each must change the snapshot. */
  changes: string[];
}

const pgObjects = {
  types: `CREATE TYPE mood AS ENUM ('happy', 'sad');\nCREATE DOMAIN positive AS int CHECK (VALUE > 0);`,
  customers: `CREATE TABLE customers (
  id serial PRIMARY KEY,
  email text NOT NULL UNIQUE,
  mood mood DEFAULT 'happy',
  score positive,
  CONSTRAINT email_shape CHECK (position('@' in email) > 1)
);`,
  orders: `CREATE TABLE orders (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  customer_id int NOT NULL REFERENCES customers (id),
  total numeric(10, 2) DEFAULT 0
);\nCREATE INDEX orders_customer ON orders (customer_id);`,
  seq: 'CREATE SEQUENCE invoice_no START 1000;',
  view: 'CREATE VIEW big_orders AS SELECT id, total FROM orders WHERE total > 100;',
  fn: `CREATE FUNCTION touch() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN NEW.total := coalesce(NEW.total, 0); RETURN NEW; END $$;
CREATE TRIGGER orders_touch BEFORE INSERT ON orders FOR EACH ROW EXECUTE FUNCTION touch();`,
  comment: `COMMENT ON TABLE customers IS 'people who buy';`,
};

const postgres: EngineScripts = {
  quoted: `CREATE TABLE notes (body text); -- first; still a comment
/* a block; comment */
INSERT INTO notes VALUES ('a;b'), ($$c;d$$);
SELECT 1;`,
  failing:
    'CREATE TABLE a (id int);\nCREATE TABLE b (id int);\nINSERT INTO missing VALUES (1);\nCREATE TABLE c (id int);',
  concurrently: `CREATE TABLE items (id int, sku text);
INSERT INTO items VALUES (1, 'x');
CREATE INDEX CONCURRENTLY items_sku ON items (sku);`,
  explicitCommit: 'BEGIN;\nINSERT INTO ledger VALUES (1);\nINSERT INTO ledger VALUES (2);\nCOMMIT;',
  explicitFailing: 'BEGIN;\nINSERT INTO ledger VALUES (3);\nINSERT INTO missing VALUES (1);\nCOMMIT;',
  sleeping: 'CREATE TABLE before_sleep (id int);\nSELECT pg_sleep(600);\nCREATE TABLE after_sleep (id int);',
  schema: Object.values(pgObjects).join('\n'),
  schemaReordered: [
    pgObjects.seq,
    pgObjects.types,
    pgObjects.customers,
    pgObjects.comment,
    pgObjects.orders,
    pgObjects.fn,
    pgObjects.view,
  ].join('\n'),
  data: `INSERT INTO customers (email) VALUES ('a@x.io'), ('b@x.io');
INSERT INTO orders (customer_id, total) VALUES (1, 150);
SELECT nextval('invoice_no');
ANALYZE customers;`,
  expectedInSnapshot: [
    "CREATE TYPE public.mood AS ENUM ('happy', 'sad');",
    'CREATE DOMAIN public.positive AS integer',
    'CREATE SEQUENCE public.invoice_no',
    'ADD CONSTRAINT orders_customer_id_fkey FOREIGN KEY (customer_id) REFERENCES public.customers(id);',
    'ADD CONSTRAINT email_shape CHECK',
    'ADD CONSTRAINT customers_email_key UNIQUE (email);',
    'CREATE INDEX orders_customer ON public.orders USING btree (customer_id);',
    'CREATE VIEW public.big_orders AS',
    'CREATE OR REPLACE FUNCTION public.touch()',
    'CREATE TRIGGER orders_touch BEFORE INSERT ON public.orders',
    "COMMENT ON TABLE public.customers IS 'people who buy';",
    "mood public.mood DEFAULT 'happy'::public.mood",
  ],
  changes: [
    'ALTER TABLE customers ADD COLUMN nickname text;',
    'CREATE INDEX customers_nickname ON customers (nickname);',
    `COMMENT ON COLUMN customers.nickname IS 'optional';`,
    `ALTER TABLE orders ALTER COLUMN total SET DEFAULT 1;`,
    'ALTER TABLE customers ALTER COLUMN nickname SET NOT NULL;',
    `ALTER TYPE mood ADD VALUE 'meh';`,
    'CREATE OR REPLACE VIEW big_orders AS SELECT id, total FROM orders WHERE total > 200;',
  ],
};

const mysqlObjects = {
  customers: `CREATE TABLE customers (
  id int AUTO_INCREMENT PRIMARY KEY,
  email varchar(200) NOT NULL UNIQUE,
  mood enum('happy', 'sad') DEFAULT 'happy',
  CONSTRAINT email_shape CHECK (email LIKE '%@%')
) COMMENT 'people who buy';`,
  orders: `CREATE TABLE orders (
  id bigint AUTO_INCREMENT PRIMARY KEY,
  customer_id int NOT NULL,
  total decimal(10, 2) DEFAULT 0,
  KEY orders_customer (customer_id),
  CONSTRAINT orders_customer_fk FOREIGN KEY (customer_id) REFERENCES customers (id)
);`,
  view: 'CREATE VIEW big_orders AS SELECT id, total FROM orders WHERE total > 100;',
  proc: `CREATE PROCEDURE add_order(IN c int)
BEGIN
  INSERT INTO orders (customer_id) VALUES (c);
  SELECT LAST_INSERT_ID();
END;`,
  trigger: `CREATE TRIGGER orders_touch BEFORE INSERT ON orders FOR EACH ROW
BEGIN
  IF NEW.total IS NULL THEN SET NEW.total = 0; END IF;
END;`,
};

const mysql: EngineScripts = {
  quoted: `CREATE TABLE notes (body text); # first; still a comment
/* a block; comment */
INSERT INTO notes VALUES ('a;b'), ('c\\';d');
SELECT 1;`,
  failing: postgres.failing,
  concurrently: '',
  explicitCommit:
    'START TRANSACTION;\nINSERT INTO ledger VALUES (1);\nINSERT INTO ledger VALUES (2);\nCOMMIT;',
  explicitFailing:
    'START TRANSACTION;\nINSERT INTO ledger VALUES (3);\nINSERT INTO missing VALUES (1);\nCOMMIT;',
  sleeping: 'CREATE TABLE before_sleep (id int);\nSELECT SLEEP(600);\nCREATE TABLE after_sleep (id int);',
  schema: Object.values(mysqlObjects).join('\n'),
  schemaReordered: [
    mysqlObjects.customers,
    mysqlObjects.orders,
    mysqlObjects.trigger,
    mysqlObjects.proc,
    mysqlObjects.view,
  ].join('\n'),
  data: `INSERT INTO customers (email) VALUES ('a@x.io'), ('b@x.io');
INSERT INTO orders (customer_id, total) VALUES (1, 150);
ANALYZE TABLE customers;`,
  expectedInSnapshot: [
    'CREATE TABLE `customers`',
    "COMMENT='people who buy'",
    'CONSTRAINT `orders_customer_fk` FOREIGN KEY (`customer_id`) REFERENCES `customers` (`id`)',
    'KEY `orders_customer` (`customer_id`)',
    'CREATE ALGORITHM=UNDEFINED SQL SECURITY DEFINER VIEW `big_orders`',
    'CREATE PROCEDURE `add_order`',
    'CREATE TRIGGER orders_touch BEFORE INSERT ON orders',
  ],
  changes: [
    'ALTER TABLE customers ADD COLUMN nickname varchar(50);',
    'CREATE INDEX customers_nickname ON customers (nickname);',
    `ALTER TABLE customers MODIFY nickname varchar(50) COMMENT 'optional';`,
    'ALTER TABLE orders ALTER COLUMN total SET DEFAULT 1;',
    "ALTER TABLE customers MODIFY mood enum('happy', 'sad', 'meh') DEFAULT 'happy';",
    'CREATE OR REPLACE VIEW big_orders AS SELECT id, total FROM orders WHERE total > 200;',
  ],
};

/** The scripts for an engine's dialect family. */
export function engineScripts(engine: Engine): EngineScripts {
  return engine === 'mysql' ? mysql : postgres;
}
