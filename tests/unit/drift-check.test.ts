// One drift check against a scripted target on the embedded store: the time limit, unreachable without a
// baseline, what is worth telling, and a check that raced a migration recording nothing.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runDriftCheck, worthTelling } from '../../src/core/drift/check.ts';
import type { Database, Instance } from '../../src/core/model/workspace.ts';
import { silentLogger, systemClock } from '../../src/core/ports/clock.ts';
import type { EngineConnector } from '../../src/core/ports/engine-connector.ts';
import { type EngineConnection, EngineError } from '../../src/core/ports/engine-driver.ts';
import type { Store } from '../../src/core/ports/store.ts';
import { acceptBaseline } from '../../src/core/services/accept-baseline.ts';
import { seedDatabase } from '../support/seed-database.ts';
import { createTestStore, type TestStore } from '../support/store.ts';

/** A target whose schema reads are scripted per test. */
function scriptedTarget() {
  const target = { read: async (): Promise<string> => 'CREATE TABLE t (id int);' };
  const connection = { dumpSchema: () => target.read() } as unknown as EngineConnection;
  const engines: EngineConnector = { connection: async () => connection, closeAll: async () => {} };
  return { target, engines };
}

describe('runDriftCheck', () => {
  let t: TestStore;
  let store: Store;
  let instance: Instance;
  let database: Database;
  const { target, engines } = scriptedTarget();
  const deps = () => ({ store, engines, clock: systemClock, logger: silentLogger, timeoutMs: 200 });
  const check = () => runDriftCheck(deps(), { instance, database }, { checkedBy: null });

  beforeAll(async () => {
    t = await createTestStore();
    store = t.store;
    ({ instance, database } = await seedDatabase(store, { instance: 'pg', database: 'shop' }));
  });
  afterAll(async () => t?.cleanup());

  it('connects even without a baseline: a database that answers has no baseline, one that fails is unreachable', async () => {
    const first = await check();
    expect(first).toMatchObject({ kind: 'recorded', announced: false, state: { status: 'no_baseline' } });
    target.read = async () => {
      throw new EngineError('unreachable', 'connect ECONNREFUSED 127.0.0.1:1');
    };
    const second = await check();
    expect(second).toMatchObject({ kind: 'recorded', announced: true, previous: 'no_baseline' });
    expect(second.kind === 'recorded' && second.state).toMatchObject({
      status: 'unreachable',
      error: 'unreachable: connect ECONNREFUSED 127.0.0.1:1',
    });
  });

  it('reports a schema read that outlives the time limit as unreachable', async () => {
    target.read = () => new Promise<string>(() => {});
    const result = await check();
    expect(result.kind === 'recorded' && result.state).toMatchObject({ status: 'unreachable' });
    expect(result.kind === 'recorded' && result.state.error).toMatch(/no answer within/);
  });

  it('records nothing when a migration finished while the schema was read', async () => {
    const before = (await store.driftStates.history(database.id)).length;
    target.read = async () => {
      const row = await store.history.begin({
        databaseId: database.id,
        issueId: null,
        taskId: null,
        version: '001',
        type: 'schema',
        statement: 'CREATE TABLE t (id int);',
        checksum: 'c',
        schemaBefore: '',
        approverId: null,
        executorId: null,
      });
      await store.history.finish(row.id, {
        status: 'done',
        schemaAfter: 'CREATE TABLE t (id int);',
        error: null,
        durationMs: 1,
      });
      return 'CREATE TABLE t (id int);';
    };
    expect(await check()).toEqual({ kind: 'busy', reason: 'a migration finished while the schema was read' });
    expect(await store.driftStates.history(database.id)).toHaveLength(before);
    target.read = async () => 'CREATE TABLE t (id int);';
    // Back from unreachable to in sync is told.
    expect(await check()).toMatchObject({ kind: 'recorded', announced: true, state: { status: 'in_sync' } });
  });

  it('records no baseline when a change finished while the live schema was read', async () => {
    const dba = await store.principals.create({
      email: 'dba@example.com',
      name: 'Dana DBA',
      workspaceRole: 'dba',
      source: 'api',
    });
    const historyBefore = (await store.history.list(database.id)).length;
    target.read = async () => {
      const row = await store.history.begin({
        databaseId: database.id,
        issueId: null,
        taskId: null,
        version: '002',
        type: 'schema',
        statement: 'ALTER TABLE t ADD COLUMN n int;',
        checksum: 'c2',
        schemaBefore: '',
        approverId: null,
        executorId: null,
      });
      await store.history.finish(row.id, { status: 'done', schemaAfter: 'x', error: null, durationMs: 1 });
      return 'CREATE TABLE t (id int);';
    };
    const ctx = { store, actor: dba, clock: systemClock, logger: silentLogger, requestId: null, engines };
    await expect(
      acceptBaseline({ ctx, input: { databaseId: database.id, reason: 'keep it' } }),
    ).rejects.toThrow(/finished while its schema was read; nothing was recorded/);
    // Only the change the read raced was written.
    expect(await store.history.list(database.id)).toHaveLength(historyBefore + 1);
  });

  it('tells becoming drifted or unreachable and leaving either, nothing else', () => {
    expect(worthTelling(null, 'in_sync')).toBe(false);
    expect(worthTelling(null, 'no_baseline')).toBe(false);
    expect(worthTelling('no_baseline', 'in_sync')).toBe(false);
    expect(worthTelling(null, 'drifted')).toBe(true);
    expect(worthTelling(null, 'unreachable')).toBe(true);
    expect(worthTelling('in_sync', 'drifted')).toBe(true);
    expect(worthTelling('drifted', 'in_sync')).toBe(true);
    expect(worthTelling('unreachable', 'no_baseline')).toBe(true);
    expect(worthTelling('drifted', 'drifted')).toBe(false);
  });
});
