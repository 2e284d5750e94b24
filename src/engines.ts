// Engine wiring: the typed registry of drivers and a connector that keeps one connection per instance.
import { createMysqlEngineDriver } from '../adapters/engines/mysql/index.ts';
import { createPgliteEngineDriver } from '../adapters/engines/pglite/index.ts';
import { createPostgresEngineDriver } from '../adapters/engines/postgres/index.ts';
import type { Instance } from './core/model/workspace.ts';
import type { EngineConnector } from './core/ports/engine-connector.ts';
import { type EngineConnection, EngineError, type EngineRegistry } from './core/ports/engine-driver.ts';

/** Every engine this build can apply changes to. ClickHouse and Snowflake are reviewed but not yet executed. */
export function createEngineRegistry(): EngineRegistry {
  return {
    postgres: createPostgresEngineDriver(),
    mysql: createMysqlEngineDriver(),
    pglite: createPgliteEngineDriver(),
  };
}

export interface EngineConnectorOptions {
  /** Instances whose registered databases are created on first use (the demo's embedded targets). */
  createMissingDatabases?: (instance: Instance) => boolean;
}

/** Wraps a connection so a database that does not exist yet is created before it is first used. */
function creatingMissing(connection: EngineConnection): EngineConnection {
  const ensured = new Map<string, Promise<void>>();
  const ensure = (database: string) => {
    let p = ensured.get(database);
    if (!p) {
      p = connection.listDatabases().then(async (dbs) => {
        if (!dbs.includes(database)) await connection.createDatabase(database);
      });
      p.catch(() => ensured.delete(database));
      ensured.set(database, p);
    }
    return p;
  };
  return {
    execute: async (script, options) => {
      await ensure(options.database);
      return connection.execute(script, options);
    },
    dumpSchema: async (database) => {
      await ensure(database);
      return connection.dumpSchema(database);
    },
    listDatabases: () => connection.listDatabases(),
    createDatabase: (name) => connection.createDatabase(name),
    dropDatabase: (name) => connection.dropDatabase(name),
    serverVersion: () => connection.serverVersion(),
    sessions: (database) => connection.sessions(database),
    close: () => connection.close(),
  };
}

/** A connector that opens a connection per instance on first use and keeps it (with its pools) until closeAll. */
export function createEngineConnector(
  registry: EngineRegistry,
  options: EngineConnectorOptions = {},
): EngineConnector {
  const open = new Map<number, { url: string; connection: Promise<EngineConnection> }>();
  return {
    async connection(instance: Instance) {
      const cached = open.get(instance.id);
      if (cached && cached.url === instance.url) return cached.connection;
      if (cached) {
        open.delete(instance.id);
        await (await cached.connection).close().catch(() => {});
      }
      const driver = registry[instance.engine];
      if (!driver)
        throw new EngineError('unsupported', `no driver for engine ${instance.engine} in this build`);
      const opened = driver.connect({ engine: instance.engine, url: instance.url });
      const connection = options.createMissingDatabases?.(instance) ? opened.then(creatingMissing) : opened;
      open.set(instance.id, { url: instance.url, connection });
      connection.catch(() => open.delete(instance.id));
      return connection;
    },
    async closeAll() {
      const all = [...open.values()];
      open.clear();
      await Promise.all(
        all.map(async (c) => (await c.connection.catch(() => null))?.close().catch(() => {})),
      );
    },
  };
}
