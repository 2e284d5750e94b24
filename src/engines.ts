// Engine wiring: the typed registry of drivers and a connector that keeps one connection per instance.
import type { Instance } from './core/model/workspace.ts';
import type { EngineConnector } from './core/ports/engine-connector.ts';
import type { Engine, EngineConnection, EngineDriver, EngineRegistry } from './core/ports/engine-driver.ts';
import { EngineError } from './core/ports/engine-driver.ts';

/** Loads an engine's driver; drivers (and their client libraries) load when an instance of theirs is first used. */
export type EngineLoaders = Partial<Record<Engine, () => Promise<EngineDriver>>>;

/** Every engine this build can apply changes to. ClickHouse and Snowflake are reviewed but not yet executed. */
export function createEngineRegistry(): EngineLoaders {
  return {
    postgres: async () =>
      (await import('../adapters/engines/postgres/index.ts')).createPostgresEngineDriver(),
    mysql: async () => (await import('../adapters/engines/mysql/index.ts')).createMysqlEngineDriver(),
    pglite: async () => (await import('../adapters/engines/pglite/index.ts')).createPgliteEngineDriver(),
  };
}

/** Loaders over drivers that are already built (tests and benchmarks pass their own). */
export const loadersOf = (registry: EngineRegistry): EngineLoaders =>
  Object.fromEntries(Object.entries(registry).map(([engine, driver]) => [engine, async () => driver]));

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
  registry: EngineLoaders,
  options: EngineConnectorOptions = {},
): EngineConnector {
  const open = new Map<number, { url: string; connection: Promise<EngineConnection> }>();
  const drivers = new Map<Engine, Promise<EngineDriver>>();
  return {
    async connection(instance: Instance) {
      const cached = open.get(instance.id);
      if (cached && cached.url === instance.url) return cached.connection;
      if (cached) {
        open.delete(instance.id);
        await (await cached.connection).close().catch(() => {});
      }
      const load = registry[instance.engine];
      if (!load)
        throw new EngineError('unsupported', `no driver for engine ${instance.engine} in this build`);
      let driver = drivers.get(instance.engine);
      if (!driver) {
        driver = load();
        drivers.set(instance.engine, driver);
      }
      // Cached before any await, so concurrent tasks on one instance share one connection.
      const opened = driver.then((d) => d.connect({ engine: instance.engine, url: instance.url }));
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
