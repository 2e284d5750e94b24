// Rollouts run by several real service processes on one PostgreSQL store: shared work, approval races, a killed worker.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeRealDb } from '../support/real-dbs.ts';
import {
  type ApiResponse,
  api,
  type ServiceProcess,
  startServiceProcess,
  stopAll,
  waitFor,
} from './support/processes.ts';
import {
  createRolloutFixture,
  type HistoryBody,
  type IssueViewBody,
  type RolloutFixture,
  type UserKey,
} from './support/rollout-fixture.ts';

type Task = IssueViewBody['stages'][number]['tasks'][number];

const LEASE_MS = 3_000;
const CONCURRENCY = 2;
const END_STATES = ['done', 'failed', 'canceled', 'rejected'];
// Above every bounded wait inside a test, so a slow machine fails a wait with its message, not the runner.
const TEST_TIMEOUT_MS = 180_000;

describeRealDb('postgres', 'rollout across service processes sharing one store', (serverUrl) => {
  let fx: RolloutFixture;
  const processes: ServiceProcess[] = [];
  let a: ServiceProcess;
  let b: ServiceProcess;

  const start = async (worker: string) => {
    const p = await startServiceProcess({
      name: worker,
      env: {
        ...fx.env,
        WORKER_ID: worker,
        ROLLOUT_CONCURRENCY: String(CONCURRENCY),
        ROLLOUT_LEASE_MS: String(LEASE_MS),
        ROLLOUT_POLL_MS: '100',
        SHUTDOWN_TIMEOUT_MS: '5000',
      },
    });
    processes.push(p);
    return p;
  };
  const call = <T = IssueViewBody>(
    p: ServiceProcess,
    who: UserKey,
    method: 'GET' | 'POST',
    path: string,
    body?: unknown,
  ) => api<T>(p.baseUrl, fx.tokens[who], method, path, body);
  const view = async (p: ServiceProcess, id: number) => {
    const res = await call(p, 'dba', 'GET', `/issues/${id}`);
    if (res.status !== 200) throw new Error(`GET issue ${id}: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body;
  };
  const tasksOf = (v: IssueViewBody) => v.stages.flatMap((s) => s.tasks);
  const createIssue = async (p: ServiceProcess, change: Record<string, unknown>) => {
    const res = await call(p, 'dev', 'POST', '/projects/rollout/issues', change);
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    return res.body;
  };
  const targetsOf = (group: string, envs: ('test' | 'prod')[] = ['test', 'prod']) =>
    envs.flatMap((environment) =>
      fx.databases(environment, group).map((database) => ({ environment, database })),
    );
  /** Waits (bounded) until the issue reaches an end state, and returns it. */
  const settled = (p: ServiceProcess, id: number, timeoutMs = 60_000) =>
    waitFor(
      `issue ${id} to settle`,
      async () => {
        const v = await view(p, id);
        return END_STATES.includes(v.issue.status) ? v : undefined;
      },
      timeoutMs,
    );
  const runWorkers = async (taskIds: number[]) =>
    (await fx.store`select task_id, worker, status from task_runs where task_id = any(${taskIds})
      order by id`) as unknown as { task_id: number; worker: string; status: string }[];
  const expectOneRunEach = (tasks: Task[]) => {
    for (const t of tasks) {
      expect(t.runs, `task ${t.id} on ${t.database} v${t.version} ran ${t.runs.length} times`).toHaveLength(
        1,
      );
      expect(t.attempts).toBe(1);
    }
  };

  beforeAll(async () => {
    fx = await createRolloutFixture(serverUrl, { main: 6, approve: 2, kill: 1 });
    // One after the other: the first start migrates the store and applies the workspace file.
    a = await start('proc-a');
    b = await start('proc-b');
  });

  afterAll(async () => {
    await stopAll(processes);
    await fx?.cleanup();
  });

  it(
    'two processes share one rollout: each task runs once, in stage and per-database order',
    async () => {
      const created = await createIssue(a, {
        title: 'Items table with a note column',
        type: 'schema',
        files: [
          {
            version: '001',
            statement: 'CREATE TABLE rp_items (id bigint PRIMARY KEY, name text);\nSELECT pg_sleep(0.3);',
          },
          {
            version: '002',
            statement: 'ALTER TABLE rp_items ADD COLUMN rp_note text;\nSELECT pg_sleep(0.3);',
          },
        ],
        targets: targetsOf('main'),
      });
      expect(created.approvals.map((s) => s.role)).toEqual(['dba']);
      const approved = await call(a, 'dba', 'POST', `/issues/${created.issue.id}/approve`, {});
      expect(approved.status, JSON.stringify(approved.body)).toBe(200);

      const done = await settled(b, created.issue.id, 90_000);
      expect(done.issue.status).toBe('done');
      expect(done.stages.map((s) => [s.environment, s.status])).toEqual([
        ['test', 'done'],
        ['prod', 'done'],
      ]);
      const tasks = tasksOf(done);
      expect(tasks).toHaveLength(24);
      expectOneRunEach(tasks);
      for (const t of tasks) {
        expect(t.status).toBe('done');
        expect(t.runs[0]!.status).toBe('done');
      }

      // Stage gating: every test-stage run finished before any prod-stage run started.
      const [testStage, prodStage] = done.stages;
      const ms = (iso: string | null) => new Date(iso ?? Number.NaN).getTime();
      const lastTestFinish = Math.max(...testStage!.tasks.map((t) => ms(t.runs[0]!.finishedAt)));
      const firstProdStart = Math.min(...prodStage!.tasks.map((t) => ms(t.runs[0]!.startedAt)));
      expect(lastTestFinish).toBeLessThanOrEqual(firstProdStart);

      // Same database: 002 started after 001 finished.
      for (const stage of done.stages) {
        for (const database of new Set(stage.tasks.map((t) => t.database))) {
          const [first, second] = ['001', '002'].map(
            (v) => stage.tasks.find((t) => t.database === database && t.version === v)!,
          );
          expect(ms(second!.runs[0]!.startedAt)).toBeGreaterThanOrEqual(ms(first!.runs[0]!.finishedAt));
        }
      }

      // History: both files applied on every database, with the schema before and after.
      for (const env of ['test', 'prod'] as const) {
        for (const database of fx.databases(env, 'main')) {
          const res = await call<HistoryBody>(
            b,
            'dba',
            'GET',
            `/instances/${fx.instance(env)}/databases/${database}/history`,
          );
          expect(res.status).toBe(200);
          const byVersion = new Map(res.body.history.map((h) => [h.version, h]));
          // Two changes, after the baseline the first of them recorded.
          expect(res.body.history.map((h) => h.type)).toEqual(['schema', 'schema', 'baseline']);
          for (const h of res.body.history) {
            expect(h.status).toBe('done');
            expect(typeof h.schemaBefore).toBe('string');
            expect(typeof h.schemaAfter).toBe('string');
          }
          expect(byVersion.get('001')!.schemaBefore).not.toContain('rp_items');
          expect(byVersion.get('001')!.schemaAfter).toContain('rp_items');
          expect(byVersion.get('002')!.schemaBefore).not.toContain('rp_note');
          expect(byVersion.get('002')!.schemaAfter).toContain('rp_note');
        }
      }

      // Which process ran what; both took part, and neither ran more than its concurrency at once.
      const runs = await runWorkers(tasks.map((t) => t.id));
      const perWorker: Record<string, number> = {};
      for (const r of runs) perWorker[r.worker] = (perWorker[r.worker] ?? 0) + 1;
      console.info(`runs per worker: ${JSON.stringify(perWorker)}`);
      expect(runs).toHaveLength(24);
      expect(Object.keys(perWorker).sort()).toEqual(['proc-a', 'proc-b']);
      const byTask = new Map(tasks.map((t) => [t.id, t.runs[0]!]));
      for (const worker of Object.keys(perWorker)) {
        const spans = runs
          .filter((r) => r.worker === worker)
          .map((r) => byTask.get(r.task_id)!)
          .map((r) => [ms(r.startedAt), ms(r.finishedAt)] as const);
        for (const [startAt] of spans) {
          const overlapping = spans.filter(([s, f]) => s <= startAt && startAt < f).length;
          expect(overlapping, `${worker} ran more than ${CONCURRENCY} tasks at once`).toBeLessThanOrEqual(
            CONCURRENCY,
          );
        }
      }
    },
    TEST_TIMEOUT_MS,
  );

  it(
    'fifty concurrent approvals over both processes: one success per step, no task runs twice',
    async () => {
      // One step (a DBA): 40 DBA requests race, developers and the project owner are refused.
      const single = await createIssue(a, {
        title: 'Approved table',
        type: 'schema',
        statement: 'CREATE TABLE rp_approved (id bigint PRIMARY KEY);',
        targets: targetsOf('approve'),
      });
      expect(single.approvals.map((s) => s.role)).toEqual(['dba']);
      const who = (i: number): UserKey => (i % 10 === 8 ? 'dev' : i % 10 === 9 ? 'owner' : 'dba');
      const race = (id: number, roles: UserKey[]) =>
        Promise.all(
          roles.map(async (role, i) => ({
            role,
            res: await call(i % 2 === 0 ? a : b, role, 'POST', `/issues/${id}/approve`, {}),
          })),
        );
      const first = await race(
        single.issue.id,
        Array.from({ length: 50 }, (_, i) => who(i)),
      );
      const oks = first.filter((r) => r.res.status === 200);
      expect(oks.map((r) => r.role)).toEqual(['dba']);
      for (const r of first.filter((x) => x.res.status !== 200))
        expect(r.role === 'dba' ? [409] : [403, 409]).toContain(r.res.status);
      await expectDecisions(single.issue.id, 1);

      // Two steps (a DBA, then the project owner): both roles race in waves until both steps are decided.
      const double = await createIssue(b, {
        title: 'Drop a table that is not there',
        type: 'schema',
        statement: 'DROP TABLE IF EXISTS rp_absent;',
        targets: targetsOf('approve'),
      });
      expect(double.issue.risk).toBe('high');
      expect(double.approvals.map((s) => s.role)).toEqual(['dba', 'project_owner']);
      const waves: { role: UserKey; res: ApiResponse<IssueViewBody> }[] = [];
      const mix = (i: number): UserKey => (i % 10 < 5 ? 'dba' : i % 10 < 9 ? 'owner' : 'dev');
      for (let wave = 0; wave < 3; wave++) {
        waves.push(
          ...(await race(
            double.issue.id,
            Array.from({ length: 50 }, (_, i) => mix(i)),
          )),
        );
        if ((await view(a, double.issue.id)).issue.status !== 'pending_approval') break;
      }
      const doubleOks = waves.filter((r) => r.res.status === 200).map((r) => r.role);
      expect(doubleOks.sort()).toEqual(['dba', 'owner']);
      for (const r of waves.filter((x) => x.res.status !== 200)) expect([403, 409]).toContain(r.res.status);
      await expectDecisions(double.issue.id, 2);
      const decided = (await view(a, double.issue.id)).approvals;
      expect(decided.map((s) => [s.step, s.status, s.decidedBy?.email])).toEqual([
        [1, 'approved', 'dba@example.com'],
        [2, 'approved', 'owner@example.com'],
      ]);

      for (const id of [single.issue.id, double.issue.id]) {
        const done = await settled(a, id);
        expect(done.issue.status).toBe('done');
        const tasks = tasksOf(done);
        expect(tasks).toHaveLength(4);
        expectOneRunEach(tasks);
      }
    },
    TEST_TIMEOUT_MS,
  );

  /** Exactly `steps` approved rows, approval events and audit rows for the issue, read from the store. */
  async function expectDecisions(issueId: number, steps: number) {
    const [row] = await fx.store`select
      (select count(*)::int from approvals where issue_id = ${issueId} and status = 'approved') as approved,
      (select count(*)::int from approvals where issue_id = ${issueId} and status = 'pending') as pending,
      (select count(*)::int from issue_events where issue_id = ${issueId} and kind = 'approved') as events,
      (select count(*)::int from audit_log where action = 'issue.approve'
        and resource_id = ${String(issueId)}) as audits`;
    expect(row).toEqual({ approved: steps, pending: 0, events: steps, audits: steps });
  }

  it(
    'a killed process leaves its task interrupted, recovered by another process and not re-run',
    async () => {
      // Only process A may claim the task: B stops first.
      await b.stop();
      const [database] = fx.databases('test', 'kill');
      const created = await createIssue(a, {
        title: 'A long statement',
        type: 'data',
        statement: 'SELECT pg_sleep(20);',
        targets: targetsOf('kill', ['test']),
      });
      const id = created.issue.id;
      expect(created.approvals.map((s) => s.role)).toEqual(['project_owner']);
      expect((await call(a, 'owner', 'POST', `/issues/${id}/approve`, {})).status).toBe(200);

      // Running, with the statement on the server: the history row and schema snapshot are written by now.
      await waitFor(
        'the task to run its statement',
        async () => {
          const task = tasksOf(await view(a, id))[0]!;
          if (task.status !== 'running') return undefined;
          const [s] = await fx.admin`select count(*)::int as n from pg_stat_activity
          where datname = ${database!} and query like '%pg_sleep(20)%' and state = 'active'`;
          return (s?.n ?? 0) > 0 ? true : undefined;
        },
        30_000,
      );
      await a.kill();
      expect(a.exited()).toBe(true);

      const c = await start('proc-c');
      const failed = await waitFor(
        'the interrupted task to be recovered',
        async () => {
          const v = await view(c, id);
          return tasksOf(v)[0]!.status === 'running' ? undefined : v;
        },
        LEASE_MS * 10,
      );
      const task = tasksOf(failed)[0]!;
      expect(task.status).toBe('failed');
      expect(task.statusReason).toMatch(/^interrupted/);
      expect(task.runs.map((r) => r.status)).toEqual(['interrupted']);
      expect(failed.issue.status).toBe('failed');
      const history = await call<HistoryBody>(
        c,
        'dba',
        'GET',
        `/instances/${fx.instance('test')}/databases/${database}/history`,
      );
      // The interrupted change, and the baseline recorded before it ran.
      expect(history.body.history.map((h) => [h.type, h.status])).toEqual([
        ['data', 'interrupted'],
        ['baseline', 'done'],
      ]);
      expect(history.body.history[0]).toMatchObject({ taskId: task.id, status: 'interrupted' });
      expect(typeof history.body.history[0]!.schemaBefore).toBe('string');
      expect((await runWorkers([task.id])).map((r) => [r.worker, r.status])).toEqual([
        ['proc-a', 'interrupted'],
      ]);

      // Several lease periods and polls later nobody has picked it up again: a person decides.
      await new Promise((r) => setTimeout(r, LEASE_MS * 2 + 500));
      const later = tasksOf(await view(c, id))[0]!;
      expect([later.status, later.runs.length, later.attempts]).toEqual(['failed', 1, 1]);
      await fx.terminateTargetSessions();

      const skipped = await call(c, 'dba', 'POST', `/issues/${id}/tasks/${task.id}/skip`, {
        reason: 'checked by hand: a sleep changes nothing',
      });
      expect(skipped.status, JSON.stringify(skipped.body)).toBe(200);
      const end = await settled(c, id);
      expect(end.issue.status).toBe('done');
      const final = tasksOf(end)[0]!;
      expect([final.status, final.runs.length]).toEqual(['skipped', 1]);
    },
    TEST_TIMEOUT_MS,
  );
});

describeRealDb('postgres', 'service processes starting together on one empty store', (serverUrl) => {
  let fx: RolloutFixture;
  const processes: ServiceProcess[] = [];

  beforeAll(async () => {
    fx = await createRolloutFixture(serverUrl, { main: 1 });
  });
  afterAll(async () => {
    await stopAll(processes);
    await fx?.cleanup();
  });

  // Replicas of one deployment start at the same moment with the same workspace file.
  it('both come up and apply the workspace file once', async () => {
    const started = await Promise.allSettled(
      ['proc-x', 'proc-y'].map((worker) =>
        startServiceProcess({ name: worker, env: { ...fx.env, WORKER_ID: worker } }),
      ),
    );
    for (const s of started) if (s.status === 'fulfilled') processes.push(s.value);
    const failures = started.flatMap((s) => (s.status === 'rejected' ? [String(s.reason)] : []));
    expect(failures, 'a process failed to start next to another one').toEqual([]);
    const [row] = await fx.store`select count(*)::int as n from environments where key = 'test'`;
    expect(row?.n).toBe(1);
  });
});
