// Starts the whole service from workspace YAML in a scratch directory, optionally serving it on 127.0.0.1.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { serve } from '@hono/node-server';
import { type ComposeOptions, composeService, type Service } from '../../src/compose.ts';
import { loadConfig } from '../../src/config.ts';
import { silentLogger } from '../../src/core/ports/clock.ts';

export interface RunningService {
  service: Service;
  /** `http://127.0.0.1:PORT` when served over HTTP, else ''. */
  baseUrl: string;
  /** Stops the server and the service and removes the scratch directory. */
  close(): Promise<void>;
}

/**
 * Writes `workspaceLines` to a workspace file, composes the service with `env` on top of a scratch data
 * directory, a fixed secret and a fast rollout poll, and serves it over HTTP when `http` is set.
 */
export async function startService(options: {
  workspaceLines: string[];
  env?: Record<string, string>;
  http?: boolean;
  compose?: ComposeOptions;
}): Promise<RunningService> {
  const dir = mkdtempSync(join(tmpdir(), 'svc-'));
  writeFileSync(join(dir, 'workspace.yaml'), `${options.workspaceLines.join('\n')}\n`);
  const config = loadConfig({
    DATA_DIR: join(dir, 'data'),
    WORKSPACE_FILE: join(dir, 'workspace.yaml'),
    SECRET_KEY: 'service fixture secret key',
    ROLLOUT_POLL_MS: '50',
    ...options.env,
  });
  let service: Service;
  try {
    service = await composeService(config, silentLogger, options.compose);
  } catch (err) {
    rmSync(dir, { recursive: true, force: true });
    throw err;
  }
  let server: ReturnType<typeof serve> | null = null;
  let baseUrl = '';
  if (options.http) {
    const port = await new Promise<number>((resolve) => {
      server = serve({ fetch: service.app.fetch, hostname: '127.0.0.1', port: 0 }, (info: AddressInfo) =>
        resolve(info.port),
      );
    });
    baseUrl = `http://127.0.0.1:${port}`;
  }
  return {
    service,
    baseUrl,
    async close() {
      const s = server as ReturnType<typeof serve> | null;
      if (s)
        await new Promise<void>((r) => {
          if ('closeAllConnections' in s) s.closeAllConnections();
          s.close(() => r());
        });
      await service.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
