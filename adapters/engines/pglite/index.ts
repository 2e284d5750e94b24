// PGlite engine driver factory: embedded PostgreSQL for the demo and for tests with nothing installed.
import type { EngineDriver, InstanceConnection } from '../../../src/core/ports/engine-driver.ts';
import { postgresNoTransactionKinds } from '../../../src/core/sql/classify.ts';
import { splitStatements } from '../../../src/core/sql/split.ts';
import { connectPglite, type PgliteConnectionOptions } from './connection.ts';

export type { PgliteConnectionOptions } from './connection.ts';

/**
 * Creates the driver for embedded PGlite. An instance URL is a directory holding one data directory per
 * database, or `memory://`. Each open database runs in its own worker thread, off the service's event loop;
 * a running statement is cancelled (or timed out) by ending that thread, which discards its open transaction,
 * and the database is reopened on next use.
 */
export function createPgliteEngineDriver(options: PgliteConnectionOptions = {}): EngineDriver {
  return {
    engine: 'pglite',
    capabilities: {
      transactionalDdl: true,
      nonTransactionalStatements: postgresNoTransactionKinds,
      sessionsView: false,
      cancellation: true,
    },
    split: (script) => splitStatements(script, 'postgres'),
    connect: (instance) => connectPglite(instance, options),
    testConnection: async (instance: InstanceConnection) => {
      const connection = await connectPglite(instance, options);
      try {
        return { version: await connection.serverVersion() };
      } finally {
        await connection.close();
      }
    },
  };
}
