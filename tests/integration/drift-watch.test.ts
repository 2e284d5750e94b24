// The drift watch on real servers: two services sharing one PostgreSQL store check PostgreSQL and MariaDB targets on an
// injected clock, each database once per interval; a change of state is announced once (an outbox entry), later
// checks in the same state stay quiet; a DBA accepts the live schema as the baseline; back in sync and unreachable
// are announced; per-instance intervals and `off` are honoured.
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Service } from '../../src/compose.ts';
import type { Clock } from '../../src/core/ports/clock.ts';
import type { DomainEvent } from '../../src/core/ports/events.ts';
import { describeRealDb, realDbUrl } from '../support/real-dbs.ts';
import { type RunningService, startService } from '../support/service-fixture.ts';
import { createScratchPostgresDatabase } from '../support/store.ts';
import {
  apiClient,
  dropTargetDatabase,
  mintTestTokens,
  pollUntil,
  targetQuery,
  tokenEnv,
} from '../support/workspace-fixture.ts';

const MINUTE = 60_000;

describeRealDb('postgres', 'drift watch', (pgUrl) => {
  const myUrl = realDbUrl('mysql');
  const prefix = `dw${randomBytes(3).toString('hex')}`;
  const db = {
    pg: `${prefix}_pg`,
    my: `${prefix}_my`,
    hourly: `${prefix}_hourly`,
    off: `${prefix}_off`,
    gone: `${prefix}_gone`,
  };
  const tokens = mintTestTokens();
  let now = Date.now();
  const clock: Clock = { now: () => now };
  let scratch: Awaited<ReturnType<typeof createScratchPostgresDatabase>>;
  let a: RunningService;
  let b: RunningService;
  let service: Service;
  let api: ReturnType<typeof apiClient>;
  const ids: Record<keyof typeof db, number> = { pg: 0, my: 0, hourly: 0, off: 0, gone: 0 };

  const driftEvents = async () =>
    (await service.store.outbox.list())
      .map((e) => e.event as DomainEvent)
      .filter((e): e is Extract<DomainEvent, { type: 'drift.changed' }> => e.type === 'drift.changed');
  const checksOf = async (key: keyof typeof db) => service.store.driftStates.history(ids[key]);
  const stateOf = async (key: keyof typeof db) => (await service.store.driftStates.get(ids[key]))!;
  /** Both services sweep at the same moment, as two replicas on one schedule would. */
  const sweepBoth = async () => {
    const [x, y] = await Promise.all([a.service.driftWatch.sweep(), b.service.driftWatch.sweep()]);
    return { checked: x.checked + y.checked, announced: x.announced + y.announced, busy: x.busy + y.busy };
  };
  const myTarget = (sql: string) => targetQuery('mysql', myUrl!, sql, db.my);

  beforeAll(async () => {
    if (!myUrl) throw new Error('TEST_MYSQL_URL is needed for the MariaDB target of this suite');
    scratch = await createScratchPostgresDatabase(pgUrl, 'bbim_drift');
    for (const name of [db.pg, db.hourly, db.off])
      await targetQuery('postgres', pgUrl, `CREATE DATABASE ${name}`);
    await targetQuery('mysql', myUrl, `CREATE DATABASE ${db.my}`);
    const lines = [
      'environments:',
      '  - { key: test, review: { template: dev } }',
      'instances:',
      `  - { key: pg, engine: postgres, environment: test, url: "${pgUrl}" }`,
      `  - { key: my, engine: mysql, environment: test, url: "${myUrl}" }`,
      `  - { key: hourly, engine: postgres, environment: test, url: "${pgUrl}", driftCheck: { every: 1h } }`,
      `  - { key: quiet, engine: postgres, environment: test, url: "${pgUrl}", driftCheck: off }`,
      'users:',
      '  - { email: dba@example.com, name: Dana DBA, role: dba, tokenEnv: T_DBA }',
      '  - { email: dev@example.com, name: Devon Dev, role: developer, tokenEnv: T_DEV }',
      '  - { email: dev2@example.com, name: Dee Dev, role: developer, tokenEnv: T_DEV2 }',
      '  - { email: owner@example.com, name: Olivia Owner, role: developer, tokenEnv: T_OWNER }',
      'projects:',
      '  - key: shop',
      '    databases:',
      `      - { instance: pg, name: ${db.pg} }`,
      `      - { instance: my, name: ${db.my} }`,
      `      - { instance: hourly, name: ${db.hourly} }`,
      `      - { instance: quiet, name: ${db.off} }`,
      // Never created on the server: every check finds it unreachable.
      `      - { instance: pg, name: ${db.gone} }`,
      '    members:',
      '      - { email: dev@example.com, role: developer }',
      '      - { email: owner@example.com, role: owner }',
    ];
    const env = {
      ...tokenEnv(tokens),
      DATABASE_URL: scratch.url,
      DRIFT_CHECK_INTERVAL: '10m',
    };
    a = await startService({
      workspaceLines: lines,
      env: { ...env, WORKER_ID: 'replica-a' },
      compose: { clock },
    });
    b = await startService({
      workspaceLines: lines,
      env: { ...env, WORKER_ID: 'replica-b' },
      compose: { clock },
    });
    service = a.service;
    api = apiClient((path, init) => service.app.request(path, init));
    for (const d of await service.store.databases.list()) {
      const key = (Object.keys(db) as (keyof typeof db)[]).find((k) => db[k] === d.name);
      if (key) ids[key] = d.id;
    }
    // One change on the PostgreSQL and the MariaDB target, rolled out: each records a baseline and its migration.
    const created = await api(tokens.dev, 'POST', '/api/v1/projects/shop/issues', {
      title: 'Orders',
      type: 'schema',
      statement: 'CREATE TABLE orders (id bigint PRIMARY KEY, total numeric(10,2) NOT NULL);',
      targets: [{ database: db.pg }, { database: db.my }, { database: db.hourly }],
    });
    expect(created.status).toBe(201);
    const issueId = created.json.issue.id;
    expect((await api(tokens.owner, 'POST', `/api/v1/issues/${issueId}/approve`, {})).status).toBe(200);
    const done = await pollUntil(`issue ${issueId} to finish`, async () => {
      const { json } = await api(tokens.dba, 'GET', `/api/v1/issues/${issueId}`);
      return ['done', 'failed'].includes(json.issue.status) ? json : null;
    });
    expect(done.issue.status).toBe('done');
  }, 120_000);

  afterAll(async () => {
    await a?.close();
    await b?.close();
    await scratch?.drop();
    for (const name of [db.pg, db.hourly, db.off]) await dropTargetDatabase('postgres', pgUrl, name);
    if (myUrl) await dropTargetDatabase('mysql', myUrl, db.my);
  });

  it('records the live schema as a baseline before the first change through the service', async () => {
    const history = await service.store.history.list(ids.pg);
    expect(history.map((h) => [h.type, h.status])).toEqual([
      ['schema', 'done'],
      ['baseline', 'done'],
    ]);
    expect(history[1]!.schemaAfter).toBe(history[0]!.schemaBefore);
  });

  it('checks nothing before a database is due, then each due database once across both replicas', async () => {
    expect(await sweepBoth()).toMatchObject({ checked: 0 });
    now += 10 * MINUTE + 1000;
    const swept = await sweepBoth();
    // pg, my and gone are due after 10 minutes; hourly waits for its hour and quiet is not watched.
    expect(swept.checked).toBe(3);
    for (const key of ['pg', 'my', 'gone'] as const) expect(await checksOf(key)).toHaveLength(1);
    expect(await checksOf('hourly')).toHaveLength(0);
    expect((await stateOf('pg')).status).toBe('in_sync');
    expect((await stateOf('my')).status).toBe('in_sync');
    // A database that cannot be reached is reported as such without any baseline, and announced.
    expect(await stateOf('gone')).toMatchObject({ status: 'unreachable' });
    expect((await stateOf('gone')).error).toMatch(/database|exist/i);
    const events = await driftEvents();
    expect(events.map((e) => [e.databaseId, e.status, e.previous])).toEqual([
      [ids.gone, 'unreachable', null],
    ]);
    // The next sweep at the same moment finds nothing due.
    expect(await sweepBoth()).toMatchObject({ checked: 0 });
  });

  it('announces an out-of-band change on PostgreSQL and MariaDB once, and stays quiet on the next check', async () => {
    await targetQuery('postgres', pgUrl, 'ALTER TABLE orders ADD COLUMN coupon text', db.pg);
    await myTarget('ALTER TABLE orders ADD COLUMN coupon varchar(20)');
    now += 10 * MINUTE + 1000;
    expect((await sweepBoth()).announced).toBe(2);
    for (const key of ['pg', 'my'] as const) {
      const state = await stateOf(key);
      expect(state.status).toBe('drifted');
      expect(state.diff!.added.some((l) => /coupon/.test(l))).toBe(true);
      expect(state.diff!.patch).toMatch(/\+.*coupon/);
    }
    const announced = (await driftEvents()).filter((e) => e.status === 'drifted');
    expect(announced.map((e) => e.databaseId).sort()).toEqual([ids.pg, ids.my].sort());

    now += 10 * MINUTE + 1000;
    const again = await sweepBoth();
    expect(again.checked).toBe(3);
    expect(again.announced).toBe(0);
    expect((await driftEvents()).filter((e) => e.status === 'drifted')).toHaveLength(2);
    expect((await checksOf('pg')).map((c) => [c.status, c.changed])).toEqual([
      ['drifted', false],
      ['drifted', true],
      ['in_sync', true],
    ]);
  });

  it('lets a DBA accept the live schema as the baseline, refusing a developer and a stale state', async () => {
    const path = `/api/v1/instances/my/databases/${db.my}/baseline`;
    const seq = (await stateOf('my')).seq;
    const dev = await api(tokens.dev, 'POST', path, { reason: 'keep it', seq });
    expect(dev.status).toBe(403);
    expect(dev.json.error.message).toMatch(/DBA/);
    const stale = await api(tokens.dba, 'POST', path, { reason: 'keep it', seq: seq - 1 });
    expect(stale.status).toBe(409);
    expect(stale.json.error.message).toMatch(/now drifted/);
    expect((await api(tokens.dba, 'POST', path, { reason: '   ' })).status).toBe(400);

    const ok = await api(tokens.dba, 'POST', path, { reason: 'coupon codes shipped by the hotfix', seq });
    expect(ok.status).toBe(200);
    expect(ok.json).toMatchObject({ seq: seq + 1, drift: { status: 'in_sync', seq: seq + 1, diff: null } });
    const [row] = await service.store.history.list(ids.my, { limit: 1 });
    expect(row).toMatchObject({ id: ok.json.historyId, type: 'baseline', status: 'done' });
    expect(row!.statement).toContain('coupon codes shipped by the hotfix');
    const audit = await service.store.audit.list({ resourceType: 'database', resourceId: `my/${db.my}` });
    expect(audit.find((r) => r.action === 'database.baseline')).toMatchObject({
      details: { reason: 'coupon codes shipped by the hotfix', historyId: ok.json.historyId },
    });
    const accepted = (await driftEvents()).filter((e) => e.baseline);
    expect(accepted).toEqual([
      expect.objectContaining({ databaseId: ids.my, status: 'in_sync', previous: 'drifted', seq: seq + 1 }),
    ]);
    // The same click again names a state that is no longer current: nothing more is recorded.
    expect((await api(tokens.dba, 'POST', path, { reason: 'again', seq })).status).toBe(409);
    expect((await service.store.history.list(ids.my)).filter((h) => h.type === 'baseline')).toHaveLength(2);

    now += 10 * MINUTE + 1000;
    await sweepBoth();
    expect((await stateOf('my')).status).toBe('in_sync');
  });

  it('announces back in sync when the out-of-band change is undone', async () => {
    await targetQuery('postgres', pgUrl, 'ALTER TABLE orders DROP COLUMN coupon', db.pg);
    now += 10 * MINUTE + 1000;
    expect((await sweepBoth()).announced).toBe(1);
    const last = (await driftEvents()).at(-1)!;
    expect(last).toMatchObject({ databaseId: ids.pg, status: 'in_sync', previous: 'drifted' });
  });

  it('checks an instance with its own interval on that interval, and never one that is off', async () => {
    // 70 minutes have passed since the databases were first seen; the hourly one became due at 60.
    now += 20 * MINUTE;
    await sweepBoth();
    expect(await checksOf('hourly')).toHaveLength(1);
    expect((await stateOf('hourly')).status).toBe('in_sync');
    expect(await checksOf('off')).toHaveLength(0);
  });

  it('leaves a database alone while a change runs on it, and checks it once the change is done', async () => {
    // A row for the update to sleep on (rows are not schema: no drift).
    await targetQuery('postgres', pgUrl, 'INSERT INTO orders VALUES (1, 9.5)', db.pg);
    const created = await api(tokens.dev, 'POST', '/api/v1/projects/shop/issues', {
      title: 'Slow touch',
      type: 'data',
      statement: 'UPDATE orders SET total = total WHERE pg_sleep(3) IS NOT NULL;',
      targets: [{ database: db.pg }],
    });
    expect(created.status).toBe(201);
    const issueId = created.json.issue.id;
    expect((await api(tokens.owner, 'POST', `/api/v1/issues/${issueId}/approve`, {})).status).toBe(200);
    await pollUntil('the task to run', () => service.store.driftStates.taskRunning(ids.pg));
    const before = (await checksOf('pg')).length;
    now += 10 * MINUTE + 1000;
    await sweepBoth();
    expect(await checksOf('pg')).toHaveLength(before);
    expect((await checksOf('my')).length).toBeGreaterThan(0);
    await pollUntil(`issue ${issueId} to finish`, async () => {
      const { json } = await api(tokens.dba, 'GET', `/api/v1/issues/${issueId}`);
      return ['done', 'failed'].includes(json.issue.status) ? json : null;
    });
    now += 10 * MINUTE + 1000;
    await sweepBoth();
    expect(await checksOf('pg')).toHaveLength(before + 1);
    expect((await stateOf('pg')).status).toBe('in_sync');
  });
});
