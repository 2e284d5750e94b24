// The drift card model: what it shows of a drift state, and the same card read back from the store.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  buildDriftCard,
  DRIFT_CARD_LINES,
  type DriftCardInput,
  driftBaselineText,
  driftStateText,
  loadDriftCard,
} from '../../../src/core/messages/drift-card.ts';
import type { HistoryEntry } from '../../../src/core/model/issue.ts';
import type { DriftState } from '../../../src/core/ports/drift-store.ts';
import type { Store } from '../../../src/core/ports/store.ts';
import { parseHash } from '../../../web/src/router.ts';
import { seedDatabase } from '../../support/seed-database.ts';
import { createTestStore, type TestStore } from '../../support/store.ts';

const at = new Date('2026-03-04T05:06:07Z');
const lines = (n: number, prefix: string) => Array.from({ length: n }, (_, i) => `${prefix}${i}`);

function state(over: Partial<DriftState> = {}): DriftCardInput['state'] {
  return {
    databaseId: 4,
    status: 'drifted',
    seq: 3,
    checkedAt: at,
    changedAt: at,
    baselineHistoryId: 9,
    diff: { added: lines(7, 'CREATE INDEX i'), removed: lines(5, 'col_'), moreAdded: 2, moreRemoved: 0 },
    error: null,
    checkedBy: null,
    nextCheckAt: null,
    ...over,
  } as DriftCardInput['state'];
}

const baseline = {
  id: 9,
  databaseId: 4,
  issueId: 12,
  version: '0007',
  type: 'schema',
  startedAt: new Date('2026-03-01T10:00:00Z'),
  finishedAt: new Date('2026-03-01T10:00:02Z'),
} as HistoryEntry;

const input = (over: Partial<DriftCardInput> = {}): DriftCardInput => ({
  state: state(),
  instance: 'prod db',
  database: 'shop/main',
  environment: 'prod',
  project: 'shop',
  baseline,
  accepted: null,
  publicUrl: 'https://bb.example.com',
  now: at,
  ...over,
});

describe('buildDriftCard', () => {
  it('offers Accept while drifted, with the first changed lines and how many more there are', () => {
    const card = buildDriftCard(input());
    expect(card).toMatchObject({
      kind: 'drift_card',
      databaseId: 4,
      seq: 3,
      status: 'drifted',
      acceptable: true,
    });
    expect(card.diff!.lines).toHaveLength(DRIFT_CARD_LINES);
    // Removed lines come first; 12 listed + 2 beyond the stored cap = 14 changed lines in all.
    expect(card.diff!.lines[0]).toBe('- col_0');
    expect(card.diff!.lines.at(-1)).toBe('+ CREATE INDEX i2');
    expect(card.diff!.more).toBe(14 - DRIFT_CARD_LINES);
    expect(card.baseline).toEqual({ historyId: 9, version: '0007', issueId: 12, at: baseline.finishedAt });
    expect(driftBaselineText(card)).toBe('Compared with 0007 (issue #12), applied 2026-03-01 10:00 UTC');
  });

  it('links the database page of the web view, whatever the names hold', () => {
    const card = buildDriftCard(input());
    expect(card.url.startsWith('https://bb.example.com/#/')).toBe(true);
    expect(parseHash(new URL(card.url).hash)).toEqual({
      name: 'database',
      instance: 'prod db',
      database: 'shop/main',
    });
  });

  it('offers nothing to accept in the other states and says each in words', () => {
    const unreachable = buildDriftCard(
      input({ state: state({ status: 'unreachable', diff: null, error: 'timeout' }) }),
    );
    expect(unreachable).toMatchObject({ acceptable: false, diff: null, error: 'timeout' });
    expect(driftStateText(unreachable)).toBe('🟠 Unreachable: timeout');
    const back = buildDriftCard(input({ state: state({ status: 'in_sync', diff: null }) }));
    expect(back).toMatchObject({ acceptable: false, accepted: null });
    expect(driftStateText(back)).toBe('🟢 Back in sync');
    const accepted = buildDriftCard(
      input({
        state: state({ status: 'in_sync', diff: null }),
        accepted: { by: 'Dana DBA', at, reason: 'hotfix index stays' },
      }),
    );
    expect(driftStateText(accepted)).toBe('✅ Baseline accepted by Dana DBA: hotfix index stays');
    expect(driftStateText(buildDriftCard(input()))).toMatch(/^🔴 Drifted/);
  });

  it('does not keep an acceptance once the state drifted again', () => {
    const card = buildDriftCard(input({ accepted: { by: 'Dana DBA', at, reason: 'old' } }));
    expect(card.accepted).toBeNull();
  });
});

describe('loadDriftCard', () => {
  let t: TestStore;
  let store: Store;
  let databaseId: number;
  let dba: number;

  beforeAll(async () => {
    t = await createTestStore(process.env.TEST_POSTGRES_URL);
    store = t.store;
    databaseId = (await seedDatabase(store, { database: 'orders' })).database.id;
    dba = (
      await store.principals.create({
        email: 'dba@example.com',
        name: 'Dana DBA',
        workspaceRole: 'dba',
        source: 'api',
      })
    ).id;
  }, 60_000);
  afterAll(async () => {
    await t?.cleanup();
  });

  const record = (status: 'drifted' | 'in_sync', baselineHistoryId: number | null) =>
    store.transaction(async (tx) => {
      await tx.driftStates.lock(databaseId);
      return tx.driftStates.record(
        databaseId,
        {
          status,
          checkedAt: at,
          baselineHistoryId,
          diff: status === 'drifted' ? { added: ['x int'], removed: [], moreAdded: 0, moreRemoved: 0 } : null,
          error: null,
          checkedBy: null,
          durationMs: 1,
        },
        { nextCheckAt: null, bump: true },
      );
    });
  const options = { publicUrl: 'https://bb.example.com', now: at };

  it('is null for a database never checked', async () => {
    expect(await loadDriftCard(store, databaseId, options)).toBeNull();
  });

  it('names the database, environment, project and the migration compared with', async () => {
    const row = await store.history.begin({
      databaseId,
      issueId: null,
      taskId: null,
      version: '0001',
      type: 'schema',
      statement: 'create table t (id int)',
      checksum: 'c1',
      schemaBefore: '',
      approverId: null,
      executorId: null,
    });
    await store.history.finish(row.id, {
      status: 'done',
      schemaAfter: 'table t',
      error: null,
      durationMs: 1,
    });
    const { state } = await record('drifted', row.id);
    const card = await loadDriftCard(store, databaseId, options);
    expect(card).toMatchObject({
      databaseId,
      seq: state.seq,
      instance: 'prod-db',
      database: 'orders',
      environment: 'prod',
      project: 'shop',
      status: 'drifted',
      acceptable: true,
      baseline: { historyId: row.id, version: '0001', issueId: null },
      diff: { lines: ['+ x int'], more: 0 },
      url: 'https://bb.example.com/#/databases/prod-db/orders',
    });
  });

  it('says who accepted a baseline and why: from the event, else from the audit record', async () => {
    const row = await store.history.begin({
      databaseId,
      issueId: null,
      taskId: null,
      version: null,
      type: 'baseline',
      statement: '-- baseline',
      checksum: 'c2',
      schemaBefore: 'table t',
      approverId: dba,
      executorId: dba,
    });
    await store.history.finish(row.id, {
      status: 'done',
      schemaAfter: 'table t',
      error: null,
      durationMs: 0,
    });
    await record('in_sync', row.id);
    const fromEvent = await loadDriftCard(store, databaseId, {
      ...options,
      accepted: { by: dba, reason: 'the index stays', historyId: row.id },
    });
    expect(fromEvent?.accepted).toMatchObject({ by: 'Dana DBA', reason: 'the index stays' });
    expect(fromEvent?.acceptable).toBe(false);
    // An event about another baseline says nothing of this one; nor does a card without any record of it.
    const other = await loadDriftCard(store, databaseId, {
      ...options,
      accepted: { by: dba, reason: 'older', historyId: row.id - 1 },
    });
    expect(other?.accepted).toBeNull();
    await store.audit.append({
      actorId: dba,
      action: 'database.baseline',
      resourceType: 'database',
      resourceId: 'prod-db/orders',
      details: { reason: 'from the audit', historyId: row.id },
      requestId: null,
    });
    expect((await loadDriftCard(store, databaseId, options))?.accepted).toMatchObject({
      by: 'Dana DBA',
      reason: 'from the audit',
    });
  });
});
