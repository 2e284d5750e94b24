// PGlite connection: each database is its own embedded instance, opened lazily, cached, and closed on close().
import { readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { PGlite } from '@electric-sql/pglite';
import type {
  DatabaseSession,
  EngineConnection,
  ExecuteOptions,
  ExecuteResult,
  InstanceConnection,
} from '../../../src/core/ports/engine-driver.ts';
import { executePostgresScript } from '../postgres/execute.ts';
import {
  assertPgliteDatabaseName,
  duplicatePgliteDatabase,
  toPgliteEngineError,
  unknownPgliteDatabase,
} from './errors.ts';
import {
  createPgliteData,
  isDirectory,
  openPgliteDirectory,
  type PgliteStorage,
  pgliteStorage,
} from './instances.ts';
import { dumpPgliteSchema } from './snapshot.ts';

/** Options for a PGlite connection. */
export interface PgliteConnectionOptions {
  /** Directory-backed instances kept open at once; each holds hundreds of MB, so idle ones are closed first. */
  maxOpen?: number;
}

interface Entry {
  db: Promise<PGlite>;
  busy: number;
  lastUsed: number;
}

const byCodeUnits = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** Opens a connection to a PGlite "instance" (a directory of databases, or memory). */
export async function connectPglite(
  instance: InstanceConnection,
  options: PgliteConnectionOptions = {},
): Promise<EngineConnection> {
  return new PgliteConnection(pgliteStorage(instance.url), options.maxOpen ?? 2);
}

class PgliteConnection implements EngineConnection {
  private readonly open = new Map<string, Entry>();
  private clock = 0;

  constructor(
    private readonly storage: PgliteStorage,
    private readonly maxOpen: number,
  ) {}

  /** Runs `fn` with the database's instance, opening it on first use and keeping it open while in use. */
  private async use<T>(name: string, fn: (db: PGlite) => Promise<T>): Promise<T> {
    let entry = this.open.get(name);
    if (!entry) {
      if (this.storage.kind === 'memory') throw unknownPgliteDatabase(name);
      const { root } = this.storage;
      if (!(await isDirectory(join(root, name)))) throw unknownPgliteDatabase(name);
      await this.evictIdle();
      entry = this.open.get(name);
      if (!entry) {
        entry = { db: openPgliteDirectory(root, name), busy: 0, lastUsed: 0 };
        this.open.set(name, entry);
      }
    }
    entry.busy++;
    entry.lastUsed = ++this.clock;
    try {
      return await fn(await entry.db);
    } finally {
      entry.busy--;
    }
  }

  private async evictIdle(): Promise<void> {
    if (this.storage.kind === 'memory') return;
    const idle = [...this.open.entries()]
      .filter(([, e]) => e.busy === 0)
      .sort((a, b) => a[1].lastUsed - b[1].lastUsed);
    while (this.open.size >= this.maxOpen && idle.length > 0) {
      const [name, entry] = idle.shift()!;
      this.open.delete(name);
      await (await entry.db).close();
    }
  }

  async execute(script: string, options: ExecuteOptions): Promise<ExecuteResult> {
    return this.use(options.database, async (db) => {
      const [row] = (await db.query<{ n: string }>('SHOW server_version_num')).rows;
      // PGlite runs queries in-process on one backend, so there is no second connection to cancel from:
      // cancellation takes effect between statements.
      return executePostgresScript(script, options, {
        serverMajor: Math.floor(Number(row?.n ?? '0') / 10_000),
        run: async (sql) => {
          const result = await db.query(sql);
          return result.rowCount ?? (result.affectedRows || null);
        },
      });
    });
  }

  async dumpSchema(database: string): Promise<string> {
    try {
      return await this.use(database, (db) => dumpPgliteSchema(db));
    } catch (err) {
      throw toPgliteEngineError(err);
    }
  }

  async listDatabases(): Promise<string[]> {
    if (this.storage.kind === 'memory') return [...this.open.keys()].sort(byCodeUnits);
    const { root } = this.storage;
    const entries = await readdir(root, { withFileTypes: true }).catch(() => []);
    const names: string[] = [];
    for (const e of entries) {
      if (e.isDirectory() && !e.name.startsWith('.') && (await isDirectory(join(root, e.name, 'base')))) {
        names.push(e.name);
      }
    }
    return names.sort(byCodeUnits);
  }

  async createDatabase(name: string): Promise<void> {
    assertPgliteDatabaseName(name);
    if ((await this.listDatabases()).includes(name) || this.open.has(name))
      throw duplicatePgliteDatabase(name);
    const db = await createPgliteData(this.storage, name);
    if (db) this.open.set(name, { db: Promise.resolve(db), busy: 0, lastUsed: ++this.clock });
  }

  async dropDatabase(name: string): Promise<void> {
    assertPgliteDatabaseName(name);
    const entry = this.open.get(name);
    this.open.delete(name);
    if (entry) await (await entry.db).close();
    if (this.storage.kind === 'directory')
      await rm(join(this.storage.root, name), { recursive: true, force: true });
  }

  async serverVersion(): Promise<string> {
    const [name] = this.open.size > 0 ? [...this.open.keys()] : await this.listDatabases();
    if (name === undefined) return 'PGlite (no database yet)';
    return this.use(name, async (db) => {
      const [row] = (await db.query<{ v: string }>("SELECT current_setting('server_version') AS v")).rows;
      return `${row?.v ?? 'unknown'} (PGlite)`;
    });
  }

  async sessions(_database?: string): Promise<DatabaseSession[]> {
    return [];
  }

  async close(): Promise<void> {
    const entries = [...this.open.values()];
    this.open.clear();
    await Promise.all(entries.map(async (e) => (await e.db).close()));
  }
}
