// Opens the service's metadata store for the operator's command line, with the service's key and migrations.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { openDatabase } from '../../db/client.ts';
import { migrateDatabase } from '../../db/migrate.ts';
import { createDrizzleStore } from '../../db/store/index.ts';
import type { Config } from '../config.ts';
import type { Store } from '../core/ports/store.ts';
import { createSecretBox, keyFromSecret, loadOrCreateKeyFile } from '../security/secret-box.ts';

export async function openAdminStore(config: Config): Promise<Store> {
  if (!config.databaseUrl && !existsSync(join(config.dataDir, 'store')))
    throw new Error(`no embedded store in ${config.dataDir}: start the service once first (or set DATA_DIR)`);
  const key = config.secretKey
    ? keyFromSecret(config.secretKey)
    : loadOrCreateKeyFile(join(config.dataDir, 'secret.key')).key;
  const handle = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  await migrateDatabase(handle);
  return createDrizzleStore(handle, createSecretBox(key));
}
