// PGlite schema snapshot: the PostgreSQL catalog dump, run in one read-only transaction on the embedded instance.
import type { PGlite } from '@electric-sql/pglite';
import { dumpPostgresSchema } from '../postgres/snapshot.ts';

/** Dumps the embedded database's user schemas as deterministic text (see dumpPostgresSchema). */
export function dumpPgliteSchema(db: PGlite): Promise<string> {
  return db.transaction(async (tx) => {
    await tx.query('SET TRANSACTION READ ONLY');
    await tx.query('SET LOCAL search_path = pg_catalog');
    return dumpPostgresSchema(async (sql) => (await tx.query<Record<string, unknown>>(sql)).rows);
  });
}
