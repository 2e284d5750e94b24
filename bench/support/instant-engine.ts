// A target engine whose work takes ~0 ms and counts its calls, so a benchmark measures the service's own time.
import type { EngineConnection, EngineDriver, ExecuteResult } from '../../src/core/ports/engine-driver.ts';
import { splitStatements } from '../../src/core/sql/split.ts';

/** A PostgreSQL-shaped driver that never connects anywhere, with counters of what it was asked to do. */
export function createInstantEngine() {
  const calls = { connect: 0, execute: 0, dumpSchema: 0 };
  const connection: EngineConnection = {
    async execute(script, options): Promise<ExecuteResult> {
      calls.execute++;
      const outcomes = splitStatements(script, 'postgres').map((s) => {
        options.onProgress?.({ kind: 'statement_started', index: s.index, line: s.line, sql: s.sql });
        const outcome = {
          index: s.index,
          line: s.line,
          sql: s.sql,
          status: 'done' as const,
          rowsAffected: 0,
          durationMs: 0,
        };
        options.onProgress?.({ kind: 'statement_finished', outcome });
        return outcome;
      });
      return { mode: 'transaction', status: 'done', outcomes, appliedCount: outcomes.length, durationMs: 0 };
    },
    async dumpSchema(database) {
      calls.dumpSchema++;
      return `-- schema of ${database}\n`;
    },
    listDatabases: async () => [],
    createDatabase: async () => {},
    dropDatabase: async () => {},
    serverVersion: async () => 'fake',
    sessions: async () => [],
    close: async () => {},
  };
  const driver: EngineDriver = {
    engine: 'postgres',
    capabilities: {
      transactionalDdl: true,
      nonTransactionalStatements: [],
      sessionsView: false,
      cancellation: false,
    },
    split: (script) => splitStatements(script, 'postgres'),
    async connect() {
      calls.connect++;
      return connection;
    },
    testConnection: async () => ({ version: 'fake' }),
  };
  return { driver, calls };
}
