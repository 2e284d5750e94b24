// The composition root: the only place that picks the store, the secret key, the adapters and wires the app.
import { join } from 'node:path';
import type { PGlite } from '@electric-sql/pglite';
import { openDatabase } from '../db/client.ts';
import { migrateDatabase } from '../db/migrate.ts';
import { createDrizzleStore } from '../db/store/index.ts';
import type { Config } from './config.ts';
import { type Clock, type Logger, systemClock } from './core/ports/clock.ts';
import type { Store } from './core/ports/store.ts';
import { applyWorkspace, type WorkspaceApplyReport } from './core/services/apply-workspace.ts';
import { type DemoToken, seedDemoIfEmpty } from './demo.ts';
import { createApp } from './http/app.ts';
import { webDistDir } from './paths.ts';
import { createSecretBox, keyFromSecret, loadOrCreateKeyFile } from './security/secret-box.ts';
import { loadWorkspaceFile } from './workspace/load-workspace-file.ts';

export interface Service {
  store: Store;
  app: ReturnType<typeof createApp>;
  /** Tokens minted by a first-start demo seed, to be shown once. */
  demoTokens: DemoToken[] | null;
  workspaceReport: WorkspaceApplyReport | null;
  /** Stops background work and closes the store. */
  close(): Promise<void>;
}

/** Builds the whole service from configuration: store migrated, workspace applied or demo seeded. */
export interface ComposeOptions {
  clock?: Clock;
  /** The embedded store, when main already started opening it. */
  pglite?: Promise<PGlite> | undefined;
}

export async function composeService(
  config: Config,
  logger: Logger,
  options: ComposeOptions = {},
): Promise<Service> {
  const clock = options.clock ?? systemClock;
  let key: Buffer;
  if (config.secretKey) key = keyFromSecret(config.secretKey);
  else {
    const file = join(config.dataDir, 'secret.key');
    const loaded = loadOrCreateKeyFile(file);
    key = loaded.key;
    if (loaded.created)
      logger.warn(
        { file },
        'SECRET_KEY is not set: generated a key file; back it up, secrets cannot be read without it',
      );
    if (config.databaseUrl)
      logger.warn(
        {},
        'SECRET_KEY is not set while DATABASE_URL is: every process sharing the store needs the same SECRET_KEY',
      );
  }
  const box = createSecretBox(key);

  const handle = await openDatabase({
    databaseUrl: config.databaseUrl,
    dataDir: config.dataDir,
    pglite: options.pglite,
  });
  let ready = false;
  try {
    await migrateDatabase(handle);
  } catch (err) {
    await handle.close();
    throw err;
  }
  const store = createDrizzleStore(handle, box);
  const robot = (await store.principals.get(1))!;

  let workspaceReport: WorkspaceApplyReport | null = null;
  let demoTokens: DemoToken[] | null = null;
  try {
    if (config.workspaceFile) {
      const spec = loadWorkspaceFile(config.workspaceFile, { env: config.env });
      const ctx = { store, actor: robot, clock, logger, requestId: null };
      workspaceReport = await applyWorkspace({ ctx, input: { spec, source: 'workspace_file' } });
      logger.info({ file: config.workspaceFile, ...workspaceReport }, 'workspace file applied');
      for (const item of workspaceReport.notInFile)
        logger.warn({ item }, 'declared before but not in the workspace file; kept');
    } else if (config.demo === 'on' || (config.demo === 'auto' && !config.databaseUrl)) {
      demoTokens = await seedDemoIfEmpty({ store, clock, logger, robot, dataDir: config.dataDir });
    }
  } catch (err) {
    await store.close();
    throw err;
  }

  ready = true;
  const app = createApp({ store, clock, logger, isReady: () => ready, webRoot: webDistDir });
  return {
    store,
    app,
    demoTokens,
    workspaceReport,
    async close() {
      ready = false;
      await store.close();
    },
  };
}
