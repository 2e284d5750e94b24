// End to end on real PostgreSQL and MariaDB targets: issue -> approval -> stage-ordered rollout -> history.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeRealDb } from '../support/real-dbs.ts';
import { type Harness, startRolloutHarness } from '../support/rollout-harness.ts';

type Run = {
  attempt: number;
  status: string;
  startedAt: string;
  finishedAt: string | null;
  log: { kind: string }[];
};
type TaskView = {
  id: number;
  database: string;
  version: string | null;
  status: string;
  statusReason: string | null;
  runs: Run[];
};
type StageView = { environment: string; status: string; tasks: TaskView[] };

const t = (s: string) => new Date(s).getTime();

describeRealDb('postgres', 'rollout on PostgreSQL targets', (url) => {
  let h: Harness;
  beforeAll(async () => {
    h = await startRolloutHarness({ engine: 'postgres', adminUrl: url });
  });
  afterAll(async () => h?.close());

  it('rolls out stage by stage, in order per database, concurrently across databases, and records history', async () => {
    const created = await h.api(h.tokens.dev, 'POST', '/api/v1/projects/shop/issues', {
      title: 'Orders table',
      type: 'schema',
      files: [
        { version: '002', statement: 'ALTER TABLE orders ADD COLUMN note text;\nSELECT pg_sleep(0.3);' },
        {
          version: '001',
          statement:
            'CREATE TABLE orders (id bigint PRIMARY KEY, total numeric NOT NULL);\nSELECT pg_sleep(0.3);',
        },
      ],
      targets: [{ environment: 'test' }, { environment: 'prod' }],
    });
    expect(created.status).toBe(201);
    const issue = created.json;
    expect(issue.issue).toMatchObject({ status: 'pending_approval', risk: 'moderate' });
    expect(issue.stages.map((s: StageView) => s.environment)).toEqual(['test', 'prod']);
    expect(issue.stages[0].tasks.map((x: TaskView) => `${x.database}@${x.version}`)).toEqual([
      `${h.names.test!.inventory}@001`,
      `${h.names.test!.inventory}@002`,
      `${h.names.test!.shop}@001`,
      `${h.names.test!.shop}@002`,
    ]);
    expect(issue.approvals).toEqual([expect.objectContaining({ step: 1, role: 'dba', status: 'pending' })]);

    const approved = await h.api(h.tokens.dba, 'POST', `/api/v1/issues/${issue.issue.id}/approve`, {});
    expect(approved.status).toBe(200);
    const done = await h.waitFor(h.tokens.dba, issue.issue.id, ['done', 'failed']);
    expect(done.issue.status).toBe('done');
    const [testStage, prodStage] = done.stages as StageView[];
    const runsOf = (s: StageView) => s.tasks.flatMap((x) => x.runs);
    expect(runsOf(testStage!).every((r) => r.status === 'done')).toBe(true);
    // Stage gating: every test run finished before the first prod run started.
    const lastTestEnd = Math.max(...runsOf(testStage!).map((r) => t(r.finishedAt!)));
    const firstProdStart = Math.min(...runsOf(prodStage!).map((r) => t(r.startedAt)));
    expect(lastTestEnd).toBeLessThanOrEqual(firstProdStart);
    for (const stage of [testStage!, prodStage!]) {
      for (const db of new Set(stage.tasks.map((x) => x.database))) {
        const [v1, v2] = stage.tasks.filter((x) => x.database === db);
        // Same database: 002 starts after 001 finished.
        expect(t(v1!.runs[0]!.finishedAt!)).toBeLessThanOrEqual(t(v2!.runs[0]!.startedAt));
      }
      // Different databases overlap: each database's first run started before the other's last run finished.
      const [a, b] = [...new Set(stage.tasks.map((x) => x.database))].map((db) =>
        stage.tasks.filter((x) => x.database === db),
      );
      expect(t(a![0]!.runs[0]!.startedAt)).toBeLessThan(t(b![1]!.runs[0]!.finishedAt!));
      expect(t(b![0]!.runs[0]!.startedAt)).toBeLessThan(t(a![1]!.runs[0]!.finishedAt!));
    }
    expect(testStage!.tasks[0]!.runs[0]!.log.map((l) => l.kind)).toEqual(
      expect.arrayContaining([
        'run_started',
        'snapshot',
        'statement_started',
        'statement_finished',
        'run_finished',
      ]),
    );

    const history = await h.api(
      h.tokens.dev,
      'GET',
      `/api/v1/instances/prod-db/databases/${h.names.prod!.shop}/history`,
    );
    expect(history.status).toBe(200);
    const rows = history.json.history;
    expect(
      rows.map(
        (r: { version: string; type: string; status: string }) => `${r.version}:${r.type}:${r.status}`,
      ),
    ).toEqual([
      '002:schema:done',
      '001:schema:done',
      // The database's first change through the service recorded its live schema as a baseline first.
      'null:baseline:done',
    ]);
    expect(rows[2].schemaAfter).toBe(rows[1].schemaBefore);
    expect(rows[1].schemaBefore).not.toMatch(/orders/);
    expect(rows[1].schemaAfter).toMatch(/orders/);
    expect(rows[0].schemaBefore).toBe(rows[1].schemaAfter);
    expect(rows[0].schemaAfter).toMatch(/note/);
    expect(rows[0]).toMatchObject({
      type: 'schema',
      approver: { email: 'dba@example.com' },
      issueId: issue.issue.id,
    });
    expect(rows[0].checksum).toMatch(/^[0-9a-f]{64}$/);
  });

  it('does not apply a version twice: the second issue records it as skipped', async () => {
    const created = await h.api(h.tokens.dev, 'POST', '/api/v1/projects/shop/issues', {
      title: 'Same version again',
      type: 'schema',
      files: [{ version: '001', statement: 'CREATE TABLE orders (id bigint PRIMARY KEY);' }],
      targets: [{ environment: 'test' }],
    });
    expect(
      (await h.api(h.tokens.owner, 'POST', `/api/v1/issues/${created.json.issue.id}/approve`, {})).status,
    ).toBe(200);
    const done = await h.waitFor(h.tokens.dba, created.json.issue.id, ['done', 'failed']);
    expect(done.issue.status).toBe('done');
    for (const task of done.stages[0].tasks as TaskView[]) {
      expect(task.status).toBe('skipped');
      expect(task.statusReason).toMatch(/^version 001 was already applied to test-db\/rt\w+ \(history #\d+/);
    }
  });

  it('rolls a failed statement back, blocks later stages, and goes on after a retry', async () => {
    await h.query('test', 'shop', 'CREATE TABLE blocker (id int)');
    const created = await h.api(h.tokens.dev, 'POST', '/api/v1/projects/shop/issues', {
      title: 'Add blocker table',
      type: 'schema',
      statement: 'CREATE TABLE audit_log (id int PRIMARY KEY);\nCREATE TABLE blocker (id int PRIMARY KEY);',
      targets: [
        { environment: 'test', database: h.names.test!.shop },
        { environment: 'prod', database: h.names.prod!.shop },
      ],
    });
    const id = created.json.issue.id;
    expect(created.json.issue.review.errorCount).toBe(0);
    expect((await h.api(h.tokens.dba, 'POST', `/api/v1/issues/${id}/approve`, {})).status).toBe(200);
    const failed = await h.waitFor(h.tokens.dba, id, ['failed', 'done']);
    expect(failed.issue.status).toBe('failed');
    const task = failed.stages[0].tasks[0] as TaskView;
    expect(task.status).toBe('failed');
    expect(task.statusReason).toMatch(
      /statement 2 \(line 2\) failed: 42P07 .*0 of 2 statements applied \(rolled back\)/,
    );
    expect(failed.stages[1].tasks[0].status).toBe('pending');
    expect(
      await h.query('test', 'shop', "SELECT 1 FROM information_schema.tables WHERE table_name = 'audit_log'"),
    ).toHaveLength(0);

    const byDev = await h.api(h.tokens.dev, 'POST', `/api/v1/issues/${id}/tasks/${task.id}/retry`);
    expect(byDev.status).toBe(403);
    await h.query('test', 'shop', 'DROP TABLE blocker');
    const retried = await h.api(h.tokens.dba, 'POST', `/api/v1/issues/${id}/tasks/${task.id}/retry`);
    expect(retried.status).toBe(200);
    const done = await h.waitFor(h.tokens.dba, id, ['done', 'failed']);
    expect(done.issue.status).toBe('done');
    expect((done.stages[0].tasks[0] as TaskView).runs.map((r) => r.status)).toEqual(['failed', 'done']);
    expect(done.stages[1].tasks[0].status).toBe('done');
  });

  it('skips a failed task with a reason and finishes the rollout without it', async () => {
    const created = await h.api(h.tokens.dev, 'POST', '/api/v1/projects/shop/issues', {
      title: 'Broken change',
      type: 'data',
      statement: 'INSERT INTO no_such_table VALUES (1);',
      targets: [{ environment: 'test', database: h.names.test!.inventory }],
    });
    const id = created.json.issue.id;
    expect((await h.api(h.tokens.owner, 'POST', `/api/v1/issues/${id}/approve`, {})).status).toBe(200);
    const failed = await h.waitFor(h.tokens.dba, id, ['failed', 'done']);
    const task = failed.stages[0].tasks[0] as TaskView;
    expect(
      (await h.api(h.tokens.owner, 'POST', `/api/v1/issues/${id}/tasks/${task.id}/skip`, {})).status,
    ).toBe(400);
    const skipped = await h.api(h.tokens.owner, 'POST', `/api/v1/issues/${id}/tasks/${task.id}/skip`, {
      reason: 'table dropped upstream',
    });
    expect(skipped.status).toBe(200);
    const done = await h.waitFor(h.tokens.dba, id, ['done']);
    expect(done.stages[0].tasks[0]).toMatchObject({
      status: 'skipped',
      statusReason: 'skipped by owner@example.com: table dropped upstream',
    });
    const history = await h.api(
      h.tokens.dba,
      'GET',
      `/api/v1/instances/test-db/databases/${h.names.test!.inventory}/history?schemas=false`,
    );
    expect(history.json.history[0]).toMatchObject({ status: 'failed', type: 'data', schemaBefore: null });
    expect(history.json.history[0].error).toMatch(/42P01/);
  });

  it('records a baseline from the live schema without executing anything', async () => {
    await h.query('prod', 'inventory', 'CREATE TABLE drifted (id int)');
    const created = await h.api(h.tokens.dev, 'POST', '/api/v1/projects/shop/issues', {
      title: 'Baseline inventory',
      type: 'baseline',
      targets: [{ environment: 'prod', database: h.names.prod!.inventory }],
    });
    expect(created.json.issue.risk).toBe('low');
    expect(
      (await h.api(h.tokens.dba, 'POST', `/api/v1/issues/${created.json.issue.id}/approve`, {})).status,
    ).toBe(200);
    await h.waitFor(h.tokens.dba, created.json.issue.id, ['done']);
    const history = await h.api(
      h.tokens.dba,
      'GET',
      `/api/v1/instances/prod-db/databases/${h.names.prod!.inventory}/history`,
    );
    expect(history.json.history[0]).toMatchObject({ type: 'baseline', status: 'done', statement: '' });
    expect(history.json.history[0].schemaAfter).toMatch(/drifted/);
  });
});

describeRealDb('mysql', 'rollout on MariaDB targets', (url) => {
  let h: Harness;
  beforeAll(async () => {
    h = await startRolloutHarness({
      engine: 'mysql',
      adminUrl: url,
      environments: ['test'],
      databases: ['shop'],
    });
  });
  afterAll(async () => h?.close());

  it('applies statements one by one and records exactly which ones were applied when one fails', async () => {
    const created = await h.api(h.tokens.dev, 'POST', '/api/v1/projects/shop/issues', {
      title: 'Partial',
      type: 'schema',
      statement:
        'CREATE TABLE a (id int PRIMARY KEY);\nCREATE TABLE a (id int PRIMARY KEY);\nCREATE TABLE c (id int PRIMARY KEY);',
      targets: [{ environment: 'test' }],
    });
    expect(created.status).toBe(201);
    expect(
      (await h.api(h.tokens.owner, 'POST', `/api/v1/issues/${created.json.issue.id}/approve`, {})).status,
    ).toBe(200);
    const failed = await h.waitFor(h.tokens.dba, created.json.issue.id, ['failed', 'done']);
    expect(failed.issue.status).toBe('failed');
    const task = failed.stages[0].tasks[0] as TaskView;
    expect(task.statusReason).toMatch(
      /^statement 2 \(line 2\) failed: ER_TABLE_EXISTS_ERROR .*; 1 of 3 statements applied$/,
    );
    const history = await h.api(
      h.tokens.dba,
      'GET',
      `/api/v1/instances/test-db/databases/${h.names.test!.shop}/history`,
    );
    const row = history.json.history[0];
    expect(row.status).toBe('failed');
    expect(row.schemaAfter).toMatch(/CREATE TABLE `a`/);
    expect(row.schemaAfter).not.toMatch(/CREATE TABLE `c`/);
    expect(await h.query('test', 'shop', "SHOW TABLES LIKE 'c'")).toHaveLength(0);
  });
});
