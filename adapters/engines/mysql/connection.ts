// MySQL/MariaDB connection over mysql2: one pool per instance; each task switches database on its own connection.
import mysql, { type Pool, type RowDataPacket } from 'mysql2/promise';
import type {
  DatabaseSession,
  EngineConnection,
  ExecuteOptions,
  ExecuteResult,
  InstanceConnection,
} from '../../../src/core/ports/engine-driver.ts';
import { toMysqlEngineError } from './errors.ts';
import { executeMysqlScript } from './execute.ts';
import { dumpMysqlSchema } from './snapshot.ts';

const SYSTEM_DATABASES = new Set(['information_schema', 'mysql', 'performance_schema', 'sys']);
const quoteIdent = (name: string): string => `\`${name.replace(/`/g, '``')}\``;
const byCodeUnits = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** Opens and verifies a connection to a MySQL or MariaDB server. */
export async function connectMysql(instance: InstanceConnection): Promise<EngineConnection> {
  const config: mysql.PoolOptions = {
    uri: instance.url,
    connectionLimit: 4,
    connectTimeout: 10_000,
    multipleStatements: false,
    dateStrings: true,
    supportBigNumbers: true,
    bigNumberStrings: true,
  };
  if (instance.username !== undefined) config.user = instance.username;
  if (instance.password !== undefined) config.password = instance.password;
  const pool = mysql.createPool(config);
  try {
    const [rows] = await pool.query<RowDataPacket[]>('SELECT VERSION() AS v');
    return new MysqlConnection(pool, String(rows[0]?.v));
  } catch (err) {
    await pool.end().catch(() => undefined);
    throw toMysqlEngineError(err);
  }
}

class MysqlConnection implements EngineConnection {
  constructor(
    private readonly pool: Pool,
    private readonly version: string,
  ) {}

  async execute(script: string, options: ExecuteOptions): Promise<ExecuteResult> {
    const conn = await this.pool.getConnection().catch((err: unknown) => {
      throw toMysqlEngineError(err);
    });
    let broken = false;
    try {
      await conn.query(`USE ${quoteIdent(options.database)}`).catch((err: unknown) => {
        throw toMysqlEngineError(err);
      });
      const threadId = conn.threadId;
      // https://mariadb.com/kb/en/kill/ and https://dev.mysql.com/doc/refman/8.0/en/kill.html
      const cancel = async (): Promise<void> => {
        await this.pool.query(`KILL QUERY ${Number(threadId)}`);
      };
      return await executeMysqlScript(
        script,
        options,
        conn,
        { mariadb: /mariadb/i.test(this.version) },
        cancel,
      );
    } catch (err) {
      broken = true;
      throw err;
    } finally {
      // A connection that threw outside a statement may be in an unknown state, so it is not reused.
      if (broken) conn.destroy();
      else conn.release();
    }
  }

  async dumpSchema(database: string): Promise<string> {
    if (!(await this.listDatabases()).includes(database)) {
      throw toMysqlEngineError({ code: 'ER_BAD_DB_ERROR', sqlMessage: `Unknown database '${database}'` });
    }
    return dumpMysqlSchema(this.pool, database);
  }

  async listDatabases(): Promise<string[]> {
    const [rows] = await this.pool.query<RowDataPacket[]>('SHOW DATABASES');
    return rows
      .map((r) => String(Object.values(r)[0]))
      .filter((name) => !SYSTEM_DATABASES.has(name))
      .sort(byCodeUnits);
  }

  async createDatabase(name: string): Promise<void> {
    await this.pool.query(`CREATE DATABASE ${quoteIdent(name)}`).catch((err: unknown) => {
      throw toMysqlEngineError(err);
    });
  }

  async dropDatabase(name: string): Promise<void> {
    await this.pool.query(`DROP DATABASE IF EXISTS ${quoteIdent(name)}`).catch((err: unknown) => {
      throw toMysqlEngineError(err);
    });
  }

  async serverVersion(): Promise<string> {
    return this.version;
  }

  async sessions(_database?: string): Promise<DatabaseSession[]> {
    return [];
  }

  async close(): Promise<void> {
    await this.pool.end();
  }
}
