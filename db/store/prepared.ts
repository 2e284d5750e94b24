// Prepared reads for the issue API's hot reads. Through drizzle every query is parsed and planned anew (PGlite sends
// only unnamed statements, postgres.js runs drizzle's queries unprepared); for these reads planning costs more than
// running, so they are kept as server-side prepared statements, planned once.
import type { PGlite } from '@electric-sql/pglite';
import type { SQL } from 'drizzle-orm';
import { PgDialect } from 'drizzle-orm/pg-core';
import type { Sql } from 'postgres';

const dialect = new PgDialect();

/** A read-only statement, or its text and parameters already rendered. */
export type ReadStatement = SQL | { sql: string; params: unknown[] };

const rendered = (query: ReadStatement) => ('getSQL' in query ? dialect.sqlToQuery(query) : query);

/** Runs read-only statements prepared; each row is an array of its column values. Never inside a transaction. */
export interface PreparedReads {
  rows(query: ReadStatement): Promise<unknown[][]>;
}

/**
 * On PostgreSQL: postgres.js keeps a named statement per text on each connection, parsed once; the server's plan
 * cache moves to a generic plan, planned once, when it costs no more than the values' own plans.
 */
export class PostgresPreparedReads implements PreparedReads {
  constructor(private readonly client: Sql) {}

  async rows(query: ReadStatement): Promise<unknown[][]> {
    const { sql: text, params } = rendered(query);
    return (await this.client.unsafe(text, params as never[], { prepare: true }).values()) as unknown[][];
  }
}

/** How many statement texts stay prepared; the least recently used is deallocated beyond. */
const CAPACITY = 64;

/**
 * A parameter as an untyped literal: PostgreSQL casts it to the type it inferred for the parameter when the
 * statement was prepared. Only plain scalars are inlined; anything else is refused and the read runs unprepared.
 * With standard_conforming_strings (always on in PostgreSQL 16) doubling the quote is the whole escaping.
 */
function literal(value: unknown): string | undefined {
  if (value === null || value === undefined) return 'null';
  let text: string;
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) return undefined;
    text = String(value);
  } else if (typeof value === 'bigint' || typeof value === 'boolean') text = String(value);
  else if (value instanceof Date) text = value.toISOString();
  else if (typeof value === 'string') text = value;
  else return undefined;
  if (text.includes('\0')) return undefined;
  return `'${text.replaceAll("'", "''")}'`;
}

/**
 * On the embedded store, which runs every query in this process's one thread: one PGlite instance's prepared
 * statements (PREPARE once, EXECUTE after), by statement text.
 */
export class PglitePreparedReads implements PreparedReads {
  /** Insertion order is recency order: a hit moves its entry to the end. */
  private readonly names = new Map<string, Promise<string>>();
  private counter = 0;

  constructor(private readonly lite: PGlite) {}

  /**
   * The rows of a read-only query, each as an array of its column values. It must not run inside a transaction:
   * PGlite has one session, and a statement prepared inside a transaction that fails would be lost with it.
   */
  async rows(query: ReadStatement): Promise<unknown[][]> {
    const { sql: text, params } = rendered(query);
    const args = params.map(literal);
    if (args.some((a) => a === undefined)) return this.plain(text, params);
    const name = await this.prepare(text).catch(() => undefined);
    if (!name) return this.plain(text, params);
    const call = args.length ? `execute ${name}(${args.join(', ')})` : `execute ${name}`;
    try {
      // A generic plan, made once: the planner would otherwise plan a LIMIT query with parameters anew on every
      // execution (it estimates a generic plan dearer), which is the cost this class exists to save.
      const results = await this.lite.exec(
        `set plan_cache_mode = force_generic_plan; ${call}; reset plan_cache_mode`,
        { rowMode: 'array' },
      );
      return results[1]!.rows as unknown[][];
    } catch (err) {
      // The statements ran as one implicit transaction, so a failure undid the SET; this makes sure of it.
      await this.lite.exec('reset plan_cache_mode').catch(() => {});
      // A statement deallocated behind this cache's back (DEALLOCATE ALL, DISCARD): forget it and run plain once.
      if ((err as { code?: string }).code !== '26000') throw err;
      this.names.delete(text);
      return this.plain(text, params);
    }
  }

  private async plain(text: string, params: unknown[]) {
    return (await this.lite.query<unknown[]>(text, params, { rowMode: 'array' })).rows;
  }

  private prepare(text: string): Promise<string> {
    const known = this.names.get(text);
    if (known) {
      this.names.delete(text);
      this.names.set(text, known);
      return known;
    }
    const name = `bb_read_${++this.counter}`;
    const prepared = this.lite.exec(`prepare ${name} as ${text}`).then(() => name);
    // A failed PREPARE is not remembered: the next read tries again.
    prepared.catch(() => this.names.delete(text));
    this.names.set(text, prepared);
    if (this.names.size > CAPACITY) {
      const [oldest, oldName] = this.names.entries().next().value as [string, Promise<string>];
      this.names.delete(oldest);
      void oldName.then((n) => this.lite.exec(`deallocate ${n}`)).catch(() => {});
    }
    return prepared;
  }
}
