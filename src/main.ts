#!/usr/bin/env node
// Process entry: config -> compose -> serve -> graceful shutdown on SIGTERM/SIGINT.
import { openEmbeddedStore } from '../db/open-pglite.ts';
import { ConfigError, loadConfig } from './config.ts';

async function main() {
  let config: ReturnType<typeof loadConfig>;
  try {
    config = loadConfig();
  } catch (err) {
    process.stderr.write(`${err instanceof ConfigError ? err.message : String(err)}\n`);
    process.exit(2);
  }
  // Node drains its background task queue whenever the event loop runs empty. While the embedded store compiles
  // its WASM only promises are pending, so the rest of the start ran inside such a drain and the first request
  // waited for every background WASM compile job (about half a second after listening). A timer held until the
  // server listens keeps the loop from running empty.
  const startingUp = setInterval(() => {}, 60_000);
  // The embedded store's WASM start is the slowest part of a boot: begin it before loading the rest.
  const pglite = config.databaseUrl ? undefined : openEmbeddedStore(config.dataDir);
  pglite?.catch(() => {});
  const [
    { createLogger },
    { startServer },
    { formatDemoTokens },
    { formatOwnerTokens },
    { WorkspaceFileError },
  ] = await Promise.all([
    import('./logger.ts'),
    import('./server.ts'),
    import('./demo.ts'),
    import('./first-sign-in.ts'),
    import('./workspace/load-workspace-file.ts'),
  ]);
  const logger = createLogger(config.logLevel);
  let running: Awaited<ReturnType<typeof startServer>>;
  try {
    running = await startServer(config, logger, { pglite });
  } catch (err) {
    if (err instanceof WorkspaceFileError) {
      process.stderr.write(`workspace file error: ${err.message}\n`);
      process.exit(2);
    }
    logger.error({ err }, 'start failed');
    process.exit(1);
  } finally {
    clearInterval(startingUp);
  }
  logger.info(
    { address: running.url, store: running.service.store.kind, dataDir: config.dataDir },
    'listening',
  );
  if (running.service.demoTokens)
    process.stdout.write(formatDemoTokens(running.service.demoTokens, running.url));
  if (running.service.ownerTokens.length > 0)
    process.stdout.write(formatOwnerTokens(running.service.ownerTokens, running.url));

  const shutdown = (signal: string) => {
    logger.info({ signal }, 'shutting down');
    running.stop().then(
      () => process.exit(0),
      (err) => {
        logger.error({ err }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.once('SIGTERM', () => shutdown('SIGTERM'));
  process.once('SIGINT', () => shutdown('SIGINT'));
}

await main();
