// Applies drizzle-kit migrations at boot (serialised across processes) and ensures the robot principal exists.
import { sql } from 'drizzle-orm';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import { drizzle as drizzlePostgres } from 'drizzle-orm/postgres-js';
import { migrate as migratePostgres } from 'drizzle-orm/postgres-js/migrator';
import postgres from 'postgres';
import { migrationsDir } from '../src/paths.ts';
import type { DbHandle } from './client.ts';

export const migrationsFolder = migrationsDir;

/** Arbitrary constant that names this service's migration lock among advisory locks. */
const MIGRATION_LOCK_KEY = 7_421_001;

/** Rows every deployment needs: the robot principal (id 1), with the id sequence moved past it. */
const SEED_ROBOT = sql`
  with robot as (
    insert into principals (id, kind, email, name, workspace_role, source)
    values (1, 'robot', 'robot@bytebase.local', 'Bytebase', 'owner', 'api')
    on conflict (id) do nothing
    returning id)
  -- Only the process that inserted the robot moves the sequence, and only forward: another process may
  -- already be taking ids from it.
  select setval(pg_get_serial_sequence('principals', 'id'), 1) from robot`;

/** Brings the schema up to date and seeds rows every deployment needs. */
export async function migrateDatabase(handle: DbHandle): Promise<void> {
  if (handle.kind === 'pglite' && handle.pglite) {
    const db = drizzlePglite({ client: handle.pglite });
    await migratePglite(db, { migrationsFolder });
    await db.execute(SEED_ROBOT);
  } else if (handle.databaseUrl) {
    // Two processes booting on one cluster must not both migrate or seed: one connection holds a session
    // advisory lock while the migrator and the seed run on that same connection.
    const single = postgres(handle.databaseUrl, { max: 1, onnotice: () => {} });
    try {
      await single`select pg_advisory_lock(${MIGRATION_LOCK_KEY})`;
      const db = drizzlePostgres({ client: single });
      await migratePostgres(db, { migrationsFolder });
      await db.execute(SEED_ROBOT);
    } finally {
      await single`select pg_advisory_unlock(${MIGRATION_LOCK_KEY})`.catch(() => {});
      await single.end({ timeout: 5 });
    }
  }
}
