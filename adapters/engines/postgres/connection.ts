// PostgreSQL connection over postgres.js: one admin pool on the URL's database plus a lazy pool per target database.
import postgres from 'postgres';
import type {
  DatabaseSession,
  EngineConnection,
  ExecuteOptions,
  ExecuteResult,
  InstanceConnection,
} from '../../../src/core/ports/engine-driver.ts';
import { toPostgresEngineError } from './errors.ts';
import { executePostgresScript } from './execute.ts';
import { dumpPostgresSchema } from './snapshot.ts';

type Sql = postgres.Sql;

const quoteIdent = (name: string): string => `"${name.replace(/"/g, '""')}"`;
const byCodeUnits = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

function openPool(instance: InstanceConnection, database?: string): Sql {
  const options: postgres.Options<Record<string, postgres.PostgresType>> = {
    max: 4,
    idle_timeout: 30,
    connect_timeout: 10,
    onnotice: () => undefined,
    connection: { application_name: 'bytebase-im' },
  };
  if (database !== undefined) options.database = database;
  if (instance.username !== undefined) options.username = instance.username;
  if (instance.password !== undefined) options.password = instance.password;
  return postgres(instance.url, options);
}

/** Opens and verifies a connection to a PostgreSQL instance. */
export async function connectPostgres(instance: InstanceConnection): Promise<EngineConnection> {
  const admin = openPool(instance);
  try {
    const [row] = await admin.unsafe(`SELECT current_setting('server_version') AS v,
      current_setting('server_version_num')::int AS n`);
    return new PostgresConnection(instance, admin, String(row?.v), Number(row?.n));
  } catch (err) {
    await admin.end({ timeout: 1 }).catch(() => undefined);
    throw toPostgresEngineError(err);
  }
}

/**
 * Per-database pools kept open at once. A server serves a limited number of connections (100 by default), and a
 * drift sweep reads hundreds of databases one after another: the least recently used idle pool is closed first.
 */
export const MAX_DATABASE_POOLS = 16;

class PostgresConnection implements EngineConnection {
  /** In the order of last use (a Map keeps insertion order; a use moves the entry to the end). */
  private readonly pools = new Map<string, Sql>();
  /** Uses in progress per database; a pool in use is never closed to make room. */
  private readonly inUse = new Map<string, number>();

  constructor(
    private readonly instance: InstanceConnection,
    private readonly admin: Sql,
    private readonly version: string,
    private readonly versionNum: number,
  ) {}

  private pool(database: string): Sql {
    let pool = this.pools.get(database);
    if (pool) this.pools.delete(database);
    else {
      pool = openPool(this.instance, database);
      this.evictIdle();
    }
    this.pools.set(database, pool);
    return pool;
  }

  /** Closes least recently used idle pools while more than MAX_DATABASE_POOLS are open. */
  private evictIdle(): void {
    let excess = this.pools.size + 1 - MAX_DATABASE_POOLS;
    for (const [name, pool] of this.pools) {
      if (excess <= 0) break;
      if ((this.inUse.get(name) ?? 0) > 0) continue;
      this.pools.delete(name);
      excess--;
      void pool.end({ timeout: 5 }).catch(() => undefined);
    }
  }

  /** Runs fn with the database's pool, which stays open until fn settles. */
  private async using<T>(database: string, fn: (sql: Sql) => Promise<T>): Promise<T> {
    this.inUse.set(database, (this.inUse.get(database) ?? 0) + 1);
    try {
      return await fn(this.pool(database));
    } finally {
      const n = (this.inUse.get(database) ?? 1) - 1;
      if (n <= 0) this.inUse.delete(database);
      else this.inUse.set(database, n);
    }
  }

  async execute(script: string, options: ExecuteOptions): Promise<ExecuteResult> {
    return this.using(options.database, (pool) => this.executeOn(pool, script, options));
  }

  private async executeOn(pool: Sql, script: string, options: ExecuteOptions): Promise<ExecuteResult> {
    let reserved: postgres.ReservedSql;
    let pid: number;
    try {
      reserved = await pool.reserve();
      const [row] = await reserved.unsafe('SELECT pg_backend_pid() AS pid');
      pid = Number(row?.pid);
    } catch (err) {
      // A pool that cannot reach its database (dropped, never existed) must not stay cached.
      await this.forget(options.database);
      throw toPostgresEngineError(err);
    }
    try {
      return await executePostgresScript(script, options, {
        serverMajor: Math.floor(this.versionNum / 10_000),
        run: async (sql) => {
          const result = await reserved.unsafe(sql);
          return typeof result.count === 'number' ? result.count : null;
        },
        // https://www.postgresql.org/docs/current/functions-admin.html#FUNCTIONS-ADMIN-SIGNAL
        cancel: async () => {
          await this.admin.unsafe('SELECT pg_cancel_backend($1)', [pid]);
        },
      });
    } finally {
      reserved.release();
    }
  }

  async dumpSchema(database: string): Promise<string> {
    try {
      return await this.using(database, (pool) =>
        pool.begin('read only isolation level repeatable read', async (tx) => {
          await tx.unsafe('SET LOCAL search_path = pg_catalog');
          return dumpPostgresSchema((sql) => tx.unsafe(sql) as Promise<Array<Record<string, unknown>>>, {
            concurrent: true,
          });
        }),
      );
    } catch (err) {
      await this.forget(database);
      throw toPostgresEngineError(err);
    }
  }

  async listDatabases(): Promise<string[]> {
    const rows = await this.admin.unsafe(
      'SELECT datname FROM pg_database WHERE NOT datistemplate AND datallowconn',
    );
    return rows.map((r) => String(r.datname)).sort(byCodeUnits);
  }

  async createDatabase(name: string): Promise<void> {
    try {
      await this.admin.unsafe(`CREATE DATABASE ${quoteIdent(name)}`);
    } catch (err) {
      throw toPostgresEngineError(err);
    }
  }

  private async forget(database: string): Promise<void> {
    const pool = this.pools.get(database);
    this.pools.delete(database);
    await pool?.end({ timeout: 5 }).catch(() => undefined);
  }

  async dropDatabase(name: string): Promise<void> {
    await this.forget(name);
    try {
      if (this.versionNum >= 130_000) {
        await this.admin.unsafe(`DROP DATABASE IF EXISTS ${quoteIdent(name)} WITH (FORCE)`);
      } else {
        await this.admin.unsafe(
          'SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()',
          [name],
        );
        await this.admin.unsafe(`DROP DATABASE IF EXISTS ${quoteIdent(name)}`);
      }
    } catch (err) {
      throw toPostgresEngineError(err);
    }
  }

  async serverVersion(): Promise<string> {
    return this.version;
  }

  async sessions(database?: string): Promise<DatabaseSession[]> {
    const rows = await this.admin.unsafe(
      `SELECT pid::text AS pid, usename AS "user", datname AS database, state, query,
         to_char(query_start AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS started_at
       FROM pg_stat_activity
       WHERE backend_type = 'client backend' AND pid <> pg_backend_pid() AND ($1::text IS NULL OR datname = $1)
       ORDER BY pid`,
      [database ?? null],
    );
    return rows.map((r) => ({
      pid: String(r.pid),
      user: (r.user as string | null) ?? null,
      database: (r.database as string | null) ?? null,
      state: (r.state as string | null) ?? null,
      query: (r.query as string | null) ?? null,
      startedAt: (r.started_at as string | null) ?? null,
    }));
  }

  async close(): Promise<void> {
    const pools = [...this.pools.values(), this.admin];
    this.pools.clear();
    await Promise.all(pools.map((p) => p.end({ timeout: 5 })));
  }
}
