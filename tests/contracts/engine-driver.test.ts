// Runs the EngineDriver contract against embedded PGlite always, and real PostgreSQL and MariaDB when configured.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe } from 'vitest';
import { createMysqlEngineDriver } from '../../adapters/engines/mysql/index.ts';
import { createPgliteEngineDriver } from '../../adapters/engines/pglite/index.ts';
import { createPostgresEngineDriver } from '../../adapters/engines/postgres/index.ts';
import type { InstanceConnection } from '../../src/core/ports/engine-driver.ts';
import { describeRealDb } from '../support/real-dbs.ts';
import { engineDriverContract } from './engine-driver.ts';

/** The same server URL with a user name the server does not know. */
function withUnknownUser(url: string, engine: InstanceConnection['engine']): InstanceConnection {
  const parsed = new URL(url);
  parsed.username = 'ct_no_such_user';
  parsed.password = 'wrong-password';
  return { engine, url: parsed.toString() };
}

describe('engine driver contract [pglite]', () => {
  // Made on first use, so a run filtered to other engines leaves no directory behind.
  let root: string | undefined;
  afterAll(() => {
    if (root) rmSync(root, { recursive: true, force: true });
  });
  engineDriverContract({
    driver: createPgliteEngineDriver(),
    instance: () => {
      root ??= mkdtempSync(join(tmpdir(), 'engine-contract-'));
      return { engine: 'pglite', url: root };
    },
  });
});

describeRealDb('postgres', 'engine driver contract', (url) => {
  engineDriverContract({
    driver: createPostgresEngineDriver(),
    instance: () => ({ engine: 'postgres', url }),
    badCredentials: () => withUnknownUser(url, 'postgres'),
  });
});

describeRealDb('mysql', 'engine driver contract', (url) => {
  engineDriverContract({
    driver: createMysqlEngineDriver(),
    instance: () => ({ engine: 'mysql', url }),
    badCredentials: () => ({ engine: 'mysql', url, password: 'wrong-password' }),
  });
});
