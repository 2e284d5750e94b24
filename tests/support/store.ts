// Creates a migrated Store for tests: embedded PGlite in a temp dir, or a fresh database on a real PostgreSQL.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import postgres from 'postgres';
import { openDatabase } from '../../db/client.ts';
import { migrateDatabase } from '../../db/migrate.ts';
import { createDrizzleStore } from '../../db/store/index.ts';
import type { Store } from '../../src/core/ports/store.ts';
import { createSecretBox } from '../../src/security/secret-box.ts';

export interface TestStore {
  store: Store;
  /** postgres:// URL of the store's database (postgres kind only). */
  databaseUrl?: string;
  dataDir?: string;
  cleanup(): Promise<void>;
}

export const testSecretBox = () => createSecretBox(Buffer.alloc(32, 7));

/** A fresh, empty PostgreSQL database on the server at adminUrl; dropped by the returned cleanup. */
export async function createScratchPostgresDatabase(adminUrl: string, prefix = 'bbim_test') {
  const name = `${prefix}_${randomBytes(5).toString('hex')}`;
  const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database "${name}"`);
  await admin.end();
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return {
    name,
    url: url.toString(),
    async drop() {
      const a = postgres(adminUrl, { max: 1, onnotice: () => {} });
      await a.unsafe(`drop database if exists "${name}" with (force)`);
      await a.end();
    },
  };
}

/** A migrated store on PGlite (no URL) or on a scratch database of the given PostgreSQL server. */
export async function createTestStore(postgresAdminUrl?: string): Promise<TestStore> {
  if (postgresAdminUrl) {
    const scratch = await createScratchPostgresDatabase(postgresAdminUrl);
    const handle = await openDatabase({ databaseUrl: scratch.url, dataDir: '' });
    await migrateDatabase(handle);
    const store = createDrizzleStore(handle, testSecretBox());
    return {
      store,
      databaseUrl: scratch.url,
      async cleanup() {
        await store.close();
        await scratch.drop();
      },
    };
  }
  const dataDir = mkdtempSync(join(tmpdir(), 'bbim-store-'));
  const handle = await openDatabase({ dataDir });
  await migrateDatabase(handle);
  const store = createDrizzleStore(handle, testSecretBox());
  return {
    store,
    dataDir,
    async cleanup() {
      await store.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
