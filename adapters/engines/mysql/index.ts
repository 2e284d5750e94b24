// MySQL/MariaDB engine driver factory: no transactional DDL, per-statement application, KILL QUERY cancellation.
import type { EngineDriver, InstanceConnection } from '../../../src/core/ports/engine-driver.ts';
import { splitStatements } from '../../../src/core/sql/split.ts';
import { connectMysql } from './connection.ts';

/** Creates the driver for MySQL and MariaDB servers, reached with `mysql2/promise`. */
export function createMysqlEngineDriver(): EngineDriver {
  return {
    engine: 'mysql',
    capabilities: {
      transactionalDdl: false,
      nonTransactionalStatements: [],
      sessionsView: false,
      cancellation: true,
    },
    split: (script) => splitStatements(script, 'mysql'),
    connect: (instance) => connectMysql(instance),
    testConnection: async (instance: InstanceConnection) => {
      const connection = await connectMysql(instance);
      try {
        return { version: await connection.serverVersion() };
      } finally {
        await connection.close();
      }
    },
  };
}
