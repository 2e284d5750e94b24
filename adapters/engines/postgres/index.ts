// PostgreSQL engine driver factory: transactional DDL, non-transactional statements, sessions view, cancellation.
import type { EngineDriver, InstanceConnection } from '../../../src/core/ports/engine-driver.ts';
import { postgresNoTransactionKinds } from '../../../src/core/sql/classify.ts';
import { splitStatements } from '../../../src/core/sql/split.ts';
import { connectPostgres } from './connection.ts';

/** Creates the driver for PostgreSQL servers, reached with the `postgres` package. */
export function createPostgresEngineDriver(): EngineDriver {
  return {
    engine: 'postgres',
    capabilities: {
      transactionalDdl: true,
      nonTransactionalStatements: postgresNoTransactionKinds,
      sessionsView: true,
      cancellation: true,
    },
    split: (script) => splitStatements(script, 'postgres'),
    connect: (instance) => connectPostgres(instance),
    testConnection: async (instance: InstanceConnection) => {
      const connection = await connectPostgres(instance);
      try {
        return { version: await connection.serverVersion() };
      } finally {
        await connection.close();
      }
    },
  };
}
