// Process entry: config -> compose -> serve -> graceful shutdown on SIGTERM/SIGINT.
import { ConfigError, loadConfig } from './config.ts';
import { formatDemoTokens } from './demo.ts';
import { createLogger } from './logger.ts';
import { startServer } from './server.ts';
import { WorkspaceFileError } from './workspace/load-workspace-file.ts';

async function main() {
  let config: ReturnType<typeof loadConfig>;
  try {
    config = loadConfig();
  } catch (err) {
    process.stderr.write(`${err instanceof ConfigError ? err.message : String(err)}\n`);
    process.exit(2);
  }
  const logger = createLogger(config.logLevel);
  let running: Awaited<ReturnType<typeof startServer>>;
  try {
    running = await startServer(config, logger);
  } catch (err) {
    if (err instanceof WorkspaceFileError) {
      process.stderr.write(`workspace file error: ${err.message}\n`);
      process.exit(2);
    }
    logger.error({ err }, 'start failed');
    process.exit(1);
  }
  logger.info(
    { address: running.url, store: running.service.store.kind, dataDir: config.dataDir },
    'listening',
  );
  if (running.service.demoTokens)
    process.stdout.write(formatDemoTokens(running.service.demoTokens, running.url));

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
