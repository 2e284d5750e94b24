// Deterministic schema text for a MySQL/MariaDB database from SHOW CREATE and information_schema.
import type { Pool, RowDataPacket } from 'mysql2/promise';

const quoteIdent = (name: string): string => `\`${name.replace(/`/g, '``')}\``;
const byCodeUnits = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/**
 * Removes what differs between two databases holding the same schema: AUTO_INCREMENT counters, the
 * definer account, and the database's own name where the server qualifies references with it.
 */
function normalise(ddl: string, database: string): string {
  return ddl
    .replace(/ AUTO_INCREMENT=\d+/g, '')
    .replace(/ DEFINER=`(?:[^`]|``)*`@`(?:[^`]|``)*`/g, '')
    .split(`${quoteIdent(database)}.`)
    .join('');
}

async function rows(pool: Pool, sql: string, params: unknown[] = []): Promise<RowDataPacket[]> {
  const [result] = await pool.query<RowDataPacket[]>(sql, params);
  return result;
}

/** The single text column of a SHOW CREATE answer whose column name starts with `column`. */
function createText(row: RowDataPacket | undefined, column: string): string {
  if (!row) return '';
  const key = Object.keys(row).find((k) => k.startsWith(column));
  return key ? String(row[key]) : '';
}

/** Dumps one database's tables, views, routines and triggers as deterministic SQL text. */
export async function dumpMysqlSchema(pool: Pool, database: string): Promise<string> {
  const db = quoteIdent(database);
  const sections: string[] = [];
  const [schema] = await rows(
    pool,
    'SELECT DEFAULT_CHARACTER_SET_NAME AS cs, DEFAULT_COLLATION_NAME AS co FROM information_schema.SCHEMATA WHERE SCHEMA_NAME = ?',
    [database],
  );
  sections.push(`-- database\n-- DEFAULT CHARACTER SET ${schema?.cs} COLLATE ${schema?.co}`);

  const tables = await rows(
    pool,
    'SELECT TABLE_NAME AS name, TABLE_TYPE AS type FROM information_schema.TABLES WHERE TABLE_SCHEMA = ?',
    [database],
  );
  const names = (type: string): string[] =>
    tables
      .filter((t) => t.type === type)
      .map((t) => String(t.name))
      .sort(byCodeUnits);
  const tableTexts: string[] = [];
  for (const name of [...names('BASE TABLE'), ...names('SEQUENCE')]) {
    const [row] = await rows(pool, `SHOW CREATE TABLE ${db}.${quoteIdent(name)}`);
    tableTexts.push(`${normalise(createText(row, 'Create'), database)};`);
  }
  if (tableTexts.length > 0) sections.push(`-- tables\n${tableTexts.join('\n')}`);

  const viewTexts: string[] = [];
  for (const name of names('VIEW')) {
    const [row] = await rows(pool, `SHOW CREATE VIEW ${db}.${quoteIdent(name)}`);
    viewTexts.push(`${normalise(createText(row, 'Create View'), database)};`);
  }
  if (viewTexts.length > 0) sections.push(`-- views\n${viewTexts.join('\n')}`);

  const routines = await rows(
    pool,
    'SELECT ROUTINE_NAME AS name, ROUTINE_TYPE AS type FROM information_schema.ROUTINES WHERE ROUTINE_SCHEMA = ?',
    [database],
  );
  const routineTexts: string[] = [];
  for (const r of routines.sort((a, b) => byCodeUnits(`${a.type} ${a.name}`, `${b.type} ${b.name}`))) {
    const kind = r.type === 'FUNCTION' ? 'FUNCTION' : 'PROCEDURE';
    const [row] = await rows(pool, `SHOW CREATE ${kind} ${db}.${quoteIdent(String(r.name))}`);
    const column = kind === 'FUNCTION' ? 'Create Function' : 'Create Procedure';
    routineTexts.push(`${normalise(createText(row, column), database)};`);
  }
  if (routineTexts.length > 0) sections.push(`-- routines\n${routineTexts.join('\n')}`);

  const triggers = await rows(
    pool,
    'SELECT TRIGGER_NAME AS name FROM information_schema.TRIGGERS WHERE TRIGGER_SCHEMA = ?',
    [database],
  );
  const triggerTexts: string[] = [];
  for (const name of triggers.map((t) => String(t.name)).sort(byCodeUnits)) {
    // Only the statement column: the others carry creation time and session settings.
    const [row] = await rows(pool, `SHOW CREATE TRIGGER ${db}.${quoteIdent(name)}`);
    triggerTexts.push(`${normalise(createText(row, 'SQL Original Statement'), database)};`);
  }
  if (triggerTexts.length > 0) sections.push(`-- triggers\n${triggerTexts.join('\n')}`);
  return `${sections.join('\n\n')}\n`;
}
