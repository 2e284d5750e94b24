// Opens the metadata database: embedded PGlite in the data dir by default, PostgreSQL when a URL is given.
import type { PGlite } from '@electric-sql/pglite';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { drizzle as drizzlePostgres } from 'drizzle-orm/postgres-js';
import postgres from 'postgres';
import { openEmbeddedStore } from './open-pglite.ts';
import * as schema from './schema/index.ts';

export type Schema = typeof schema;
/** A drizzle database over either backend; transactions have the same shape. */
export type Db = PgDatabase<PgQueryResultHKT, Schema>;

export interface DbHandle {
  kind: 'pglite' | 'postgres';
  db: Db;
  /** Closes every connection. */
  close(): Promise<void>;
  /** The embedded database, for the migrator. */
  pglite?: PGlite;
  /** The server URL, for the migrator's own connection. */
  databaseUrl?: string;
  /** The server's connection pool, for the prepared reads (see PostgresPreparedReads). */
  pool?: postgres.Sql;
}

export interface OpenDatabaseOptions {
  /** postgres:// URL; when absent the embedded store is used. */
  databaseUrl?: string | undefined;
  /** Data directory for the embedded store. */
  dataDir: string;
  /** Pool size for PostgreSQL. */
  maxConnections?: number;
  /** An embedded store already being opened (see openEmbeddedStore). */
  pglite?: Promise<PGlite> | undefined;
  /** Called with every query's SQL text (benches count the store's queries). */
  onQuery?: ((sql: string) => void) | undefined;
}

/** Opens the store's database without migrating it. */
export async function openDatabase(options: OpenDatabaseOptions): Promise<DbHandle> {
  if (options.databaseUrl) {
    const sql = postgres(options.databaseUrl, {
      max: options.maxConnections ?? 10,
      onnotice: () => {},
      // Timestamps come back as Date objects; JSON columns are parsed by drizzle.
      connection: { application_name: 'bytebase-im' },
    });
    const logger = options.onQuery ? { logQuery: options.onQuery } : undefined;
    const db = drizzlePostgres({ client: sql, schema, ...(logger ? { logger } : {}) }) as unknown as Db;
    return {
      kind: 'postgres',
      db,
      databaseUrl: options.databaseUrl,
      pool: sql,
      close: () => sql.end({ timeout: 5 }),
    };
  }
  const pglite = await (options.pglite ?? openEmbeddedStore(options.dataDir));
  const db = drizzlePglite({ client: pglite, schema }) as unknown as Db;
  return { kind: 'pglite', db, pglite, close: () => pglite.close() };
}
