// Contract suite for EngineDriver: run against every engine implementation with a real (or embedded) server.
import { randomBytes } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  type EngineConnection,
  type EngineDriver,
  EngineError,
  type ExecuteProgress,
  type InstanceConnection,
} from '../../src/core/ports/engine-driver.ts';
import { engineScripts } from './engine-driver-scripts.ts';

/** What the contract needs to run against one engine. */
export interface EngineContractTarget {
  driver: EngineDriver;
  /** The instance to test against (called once the suite starts, so it may point at a fresh temp dir). */
  instance: () => InstanceConnection;
  /** The same instance with credentials the server rejects; omitted for engines without credentials. */
  badCredentials?: () => InstanceConnection;
}

/** Registers the EngineDriver contract tests for one engine. */
export function engineDriverContract(target: EngineContractTarget): void {
  const { driver } = target;
  const scripts = engineScripts(driver.engine);
  let conn: EngineConnection;
  const created: string[] = [];

  const fresh = async (): Promise<string> => {
    const name = `ct_${randomBytes(5).toString('hex')}`;
    await conn.createDatabase(name);
    created.push(name);
    return name;
  };
  const rowsOf = async (database: string, sql: string): Promise<number | null> => {
    const result = await conn.execute(sql, { database });
    expect(result.status).toBe('done');
    return result.outcomes[0]!.rowsAffected;
  };

  beforeAll(async () => {
    conn = await driver.connect(target.instance());
  });
  afterEach(async () => {
    for (const name of created.splice(0)) await conn.dropDatabase(name);
  });
  afterAll(async () => {
    await conn?.close();
  });

  describe('connection and databases', () => {
    it('reports the server version through testConnection and serverVersion', async () => {
      const { version } = await driver.testConnection(target.instance());
      expect(version.length).toBeGreaterThan(0);
      expect(await conn.serverVersion()).toBe(version);
    });

    it('creates, lists and drops databases, refusing a duplicate', async () => {
      const name = await fresh();
      expect(await conn.listDatabases()).toContain(name);
      await expect(conn.createDatabase(name)).rejects.toBeInstanceOf(EngineError);
      await conn.dropDatabase(name);
      expect(await conn.listDatabases()).not.toContain(name);
    });

    it('fails with unknown_database for a database that does not exist', async () => {
      const missing = `ct_missing_${randomBytes(4).toString('hex')}`;
      await expect(conn.execute('SELECT 1', { database: missing })).rejects.toMatchObject({
        kind: 'unknown_database',
      });
      await expect(conn.dumpSchema(missing)).rejects.toMatchObject({ kind: 'unknown_database' });
    });

    it.skipIf(!target.badCredentials)(
      'fails with auth_failed for credentials the server rejects',
      async () => {
        const error = await driver.testConnection(target.badCredentials!()).catch((e: unknown) => e);
        expect(error).toBeInstanceOf(EngineError);
        expect((error as EngineError).kind).toBe('auth_failed');
      },
    );
  });

  describe('execution', () => {
    it('splits with the engine dialect and reports each statement with its line', async () => {
      const db = await fresh();
      const events: ExecuteProgress[] = [];
      const result = await conn.execute(scripts.quoted, { database: db, onProgress: (e) => events.push(e) });
      expect(result.status).toBe('done');
      expect(result.outcomes.map((o) => [o.line, o.status])).toEqual([
        [1, 'done'],
        [3, 'done'],
        [4, 'done'],
      ]);
      expect(result.appliedCount).toBe(3);
      expect(events.map((e) => e.kind)).toEqual(
        Array(3).fill(['statement_started', 'statement_finished']).flat(),
      );
      expect(await rowsOf(db, 'SELECT * FROM notes')).toBe(2);
    });

    it.runIf(driver.capabilities.transactionalDdl)(
      'rolls the whole script back when one statement fails',
      async () => {
        const db = await fresh();
        const before = await conn.dumpSchema(db);
        const result = await conn.execute(scripts.failing, { database: db });
        expect(result).toMatchObject({ mode: 'transaction', status: 'failed', appliedCount: 0 });
        expect(result.outcomes.map((o) => o.status)).toEqual([
          'rolled_back',
          'rolled_back',
          'failed',
          'not_run',
        ]);
        expect(result.outcomes[2]!.error).toMatchObject({ code: '42P01', position: expect.any(Number) });
        expect(await conn.dumpSchema(db)).toBe(before);
      },
    );

    it.runIf(!driver.capabilities.transactionalDdl)(
      'keeps exactly the statements before a failure',
      async () => {
        const db = await fresh();
        const result = await conn.execute(scripts.failing, { database: db });
        expect(result).toMatchObject({ mode: 'statements', status: 'failed', appliedCount: 2 });
        expect(result.outcomes.map((o) => o.status)).toEqual(['done', 'done', 'failed', 'not_run']);
        expect(result.outcomes[2]!.error?.code).toBe('ER_NO_SUCH_TABLE');
        const schema = await conn.dumpSchema(db);
        expect(schema).toContain('`a`');
        expect(schema).toContain('`b`');
        expect(schema).not.toContain('`c`');
      },
    );

    it.runIf(driver.capabilities.nonTransactionalStatements.length > 0)(
      'runs statements that cannot be in a transaction one by one, and they work',
      async () => {
        const db = await fresh();
        const result = await conn.execute(scripts.concurrently, { database: db });
        expect(result).toMatchObject({ mode: 'statements', status: 'done', appliedCount: 3 });
        expect(await conn.dumpSchema(db)).toMatch(
          /CREATE INDEX items_sku ON public\.items USING btree \(sku\);\n/,
        );
        const failing = await conn.execute(
          'CREATE TABLE kept (id int);\nCREATE INDEX CONCURRENTLY x ON nowhere (id);',
          {
            database: db,
          },
        );
        expect(failing).toMatchObject({ mode: 'statements', status: 'failed', appliedCount: 1 });
        expect(await conn.dumpSchema(db)).toContain('CREATE TABLE public.kept');
      },
    );

    it('honours a script transaction: committed when it ends, rolled back on failure inside it', async () => {
      const db = await fresh();
      await conn.execute('CREATE TABLE ledger (id int)', { database: db });
      const ok = await conn.execute(scripts.explicitCommit, { database: db });
      expect(ok).toMatchObject({ mode: 'statements', status: 'done', appliedCount: 4 });
      expect(await rowsOf(db, 'SELECT * FROM ledger')).toBe(2);
      const bad = await conn.execute(scripts.explicitFailing, { database: db });
      expect(bad.status).toBe('failed');
      expect(bad.outcomes.map((o) => o.status)).toEqual(['rolled_back', 'rolled_back', 'failed', 'not_run']);
      expect(bad.appliedCount).toBe(0);
      expect(await rowsOf(db, 'SELECT * FROM ledger')).toBe(2);
    });

    it('stops between statements when the signal aborts', async () => {
      const db = await fresh();
      const controller = new AbortController();
      const result = await conn.execute('CREATE TABLE first_t (id int);\nCREATE TABLE second_t (id int);', {
        database: db,
        signal: controller.signal,
        onProgress: (e) => {
          if (e.kind === 'statement_finished' && e.outcome.index === 0) controller.abort();
        },
      });
      expect(result.status).toBe('cancelled');
      expect(result.outcomes[1]!.status).toBe('not_run');
      expect(await conn.dumpSchema(db)).not.toContain('second_t');
    });

    it.runIf(driver.capabilities.cancellation)(
      'cancels a running statement on the server when the signal aborts',
      { timeout: 30_000 },
      async () => {
        const db = await fresh();
        const controller = new AbortController();
        const result = await conn.execute(scripts.sleeping, {
          database: db,
          signal: controller.signal,
          onProgress: (e) => {
            if (e.kind === 'statement_started' && e.index === 1) setTimeout(() => controller.abort(), 300);
          },
        });
        expect(result.status).toBe('cancelled');
        expect(result.outcomes[2]!.status).toBe('not_run');
        const schema = await conn.dumpSchema(db);
        expect(schema).not.toContain('after_sleep');
        if (driver.capabilities.transactionalDdl) {
          expect(result.outcomes[1]).toMatchObject({ status: 'failed', error: { code: '57014' } });
          expect(schema).not.toContain('before_sleep');
        } else {
          expect(schema).toContain('before_sleep');
        }
      },
    );
  });

  describe('schema snapshot', () => {
    it('gives identical text for the same schema created in a different order and with different data', async () => {
      const [a, b] = [await fresh(), await fresh()];
      expect((await conn.execute(scripts.schema, { database: a })).status).toBe('done');
      expect((await conn.execute(scripts.schemaReordered, { database: b })).status).toBe('done');
      expect((await conn.execute(scripts.data, { database: b })).status).toBe('done');
      const [textA, textB] = [await conn.dumpSchema(a), await conn.dumpSchema(b)];
      expect(textA).toBe(textB);
      expect(await conn.dumpSchema(a)).toBe(textA);
      for (const word of scripts.expectedInSnapshot) expect(textA).toContain(word);
    });

    it('changes the text on every kind of DDL change', async () => {
      const db = await fresh();
      expect((await conn.execute(scripts.schema, { database: db })).status).toBe('done');
      const seen = new Set([await conn.dumpSchema(db)]);
      for (const change of scripts.changes) {
        const result = await conn.execute(change, { database: db });
        expect(result.status, change).toBe('done');
        const text = await conn.dumpSchema(db);
        expect(seen.has(text), change).toBe(false);
        seen.add(text);
      }
    });
  });
}
