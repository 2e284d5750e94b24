// Starts the HTTP server over a composed service and stops it gracefully.
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { type ComposeOptions, composeService, type Service } from './compose.ts';
import type { Config } from './config.ts';
import type { Logger } from './core/ports/clock.ts';

export interface RunningServer {
  service: Service;
  url: string;
  /** Stops accepting, lets in-flight requests finish (bounded), then closes the service. */
  stop(): Promise<void>;
}

/** Composes the service and listens on the configured host and port. */
export async function startServer(
  config: Config,
  logger: Logger,
  options: ComposeOptions = {},
): Promise<RunningServer> {
  const service = await composeService(config, logger, options);
  const server = serve({ fetch: service.app.fetch, port: config.port, hostname: config.host });
  await new Promise<void>((resolve, reject) => {
    server.once('listening', resolve);
    server.once('error', reject);
  });
  const address = server.address() as AddressInfo;
  const host = config.host === '0.0.0.0' || config.host === '::' ? '127.0.0.1' : config.host;
  const url = `http://${host}:${address.port}`;
  let stopping: Promise<void> | undefined;
  return {
    service,
    url,
    stop() {
      stopping ??= (async () => {
        const closed = new Promise<void>((resolve) => server.close(() => resolve()));
        // Idle keep-alive sockets would hold close() open; in-flight requests get the timeout to finish.
        (server as unknown as { closeIdleConnections?: () => void }).closeIdleConnections?.();
        const timer = setTimeout(
          () => (server as unknown as { closeAllConnections?: () => void }).closeAllConnections?.(),
          config.shutdownTimeoutMs,
        );
        await closed;
        clearTimeout(timer);
        await service.close();
      })();
      return stopping;
    },
  };
}
