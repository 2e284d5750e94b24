// PGlite connection: each database is its own embedded instance in its own worker thread, opened lazily, cached,
// and closed on close().
import { readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type {
  DatabaseSession,
  EngineConnection,
  ExecuteOptions,
  ExecuteResult,
  InstanceConnection,
} from '../../../src/core/ports/engine-driver.ts';
import { executePostgresScript } from '../postgres/execute.ts';
import { EmbeddedDatabase } from './embedded-database.ts';
import {
  assertPgliteDatabaseName,
  duplicatePgliteDatabase,
  toPgliteEngineError,
  unknownPgliteDatabase,
} from './errors.ts';
import { createPgliteData, isDirectory, type PgliteStorage, pgliteStorage } from './instances.ts';

/** Options for a PGlite connection. */
export interface PgliteConnectionOptions {
  /** Databases kept open at once; each holds hundreds of MB, so idle ones are closed first. */
  maxOpen?: number;
}

interface Entry {
  db: EmbeddedDatabase;
  busy: number;
  lastUsed: number;
}

const byCodeUnits = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** Opens a connection to a PGlite "instance" (a directory of databases, or memory). */
export async function connectPglite(
  instance: InstanceConnection,
  options: PgliteConnectionOptions = {},
): Promise<EngineConnection> {
  return new PgliteConnection(await pgliteStorage(instance.url), options.maxOpen ?? 2);
}

class PgliteConnection implements EngineConnection {
  private readonly open = new Map<string, Entry>();
  private clock = 0;

  constructor(
    private readonly storage: PgliteStorage,
    private readonly maxOpen: number,
  ) {}

  /** Runs `fn` with the database, opening it on first use and keeping it open while in use. */
  private async use<T>(name: string, fn: (db: EmbeddedDatabase) => Promise<T>): Promise<T> {
    let entry = this.open.get(name);
    if (!entry) {
      const { root } = this.storage;
      if (!(await isDirectory(join(root, name)))) throw unknownPgliteDatabase(name);
      await this.evictIdle();
      entry = this.open.get(name);
      if (!entry) {
        entry = { db: new EmbeddedDatabase(join(root, name)), busy: 0, lastUsed: 0 };
        this.open.set(name, entry);
      }
    }
    entry.busy++;
    entry.lastUsed = ++this.clock;
    try {
      return await fn(entry.db);
    } finally {
      entry.busy--;
    }
  }

  private async evictIdle(): Promise<void> {
    const idle = [...this.open.entries()]
      .filter(([, e]) => e.busy === 0 && !e.db.busy)
      .sort((a, b) => a[1].lastUsed - b[1].lastUsed);
    while (this.open.size >= this.maxOpen && idle.length > 0) {
      const [name, entry] = idle.shift()!;
      this.open.delete(name);
      await entry.db.close();
    }
  }

  async execute(script: string, options: ExecuteOptions): Promise<ExecuteResult> {
    const statementMs = Math.max(0, Math.floor(options.statementTimeoutMs ?? 0));
    return this.use(options.database, (db) =>
      db.exclusive(async (session) => {
        const info = await session.info().catch((err: unknown) => {
          throw toPgliteEngineError(err);
        });
        // The worker is stopped to cancel: PGlite has one backend and no second connection to cancel from,
        // and its statement_timeout timer cannot fire while a statement runs, so this side keeps the time.
        // PGlite has no other sessions, so lock_timeout has nothing to wait on.
        return executePostgresScript(script, options, {
          serverMajor: Math.floor(info.versionNum / 10_000),
          run: (sql) => session.run(sql, statementMs),
          cancel: async () => {
            session.stop('cancel');
          },
        });
      }),
    );
  }

  async dumpSchema(database: string): Promise<string> {
    try {
      return await this.use(database, (db) => db.exclusive((session) => session.dumpSchema()));
    } catch (err) {
      throw toPgliteEngineError(err);
    }
  }

  async listDatabases(): Promise<string[]> {
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
    await createPgliteData(this.storage, name);
  }

  async dropDatabase(name: string): Promise<void> {
    assertPgliteDatabaseName(name);
    const entry = this.open.get(name);
    this.open.delete(name);
    if (entry) await entry.db.close();
    await rm(join(this.storage.root, name), { recursive: true, force: true });
  }

  async serverVersion(): Promise<string> {
    const [name] = this.open.size > 0 ? [...this.open.keys()] : await this.listDatabases();
    if (name === undefined) return 'PGlite (no database yet)';
    // Read from the open worker, so it answers while a statement runs in the database.
    return this.use(name, async (db) => `${(await db.info()).version} (PGlite)`);
  }

  async sessions(_database?: string): Promise<DatabaseSession[]> {
    return [];
  }

  async close(): Promise<void> {
    const entries = [...this.open.values()];
    this.open.clear();
    await Promise.all(entries.map((e) => e.db.close()));
    if (this.storage.temporary) await rm(this.storage.root, { recursive: true, force: true });
  }
}
