// One change at a time per database: claims across issues and processes, in approval order; restart recovery.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DbHandle, openDatabase } from '../../db/client.ts';
import { migrateDatabase } from '../../db/migrate.ts';
import { createDrizzleStore } from '../../db/store/index.ts';
import type { Task } from '../../src/core/model/issue.ts';
import type { Store } from '../../src/core/ports/store.ts';
import { describeRealDb } from '../support/real-dbs.ts';
import { type RunningService, startService } from '../support/service-fixture.ts';
import { createScratchPostgresDatabase, testSecretBox } from '../support/store.ts';
import {
  apiClient,
  dropTargetDatabase,
  mintTestTokens,
  pollUntil,
  targetQuery,
  tokenEnv,
  workspaceHeadYaml,
} from '../support/workspace-fixture.ts';
import { api, type ServiceProcess, startServiceProcess, stopAll, waitFor } from './support/processes.ts';
import { createRolloutFixture, type IssueViewBody, type RolloutFixture } from './support/rollout-fixture.ts';

/** A run as an interval, with the issue it belongs to. */
type Span = { issueId: number; status: string; startedAt: number; finishedAt: number };

/** Every pair of runs that were running at the same moment. */
const overlaps = (spans: Span[]) =>
  spans.flatMap((a, i) =>
    spans
      .slice(i + 1)
      .filter((b) => a.startedAt < b.finishedAt && b.startedAt < a.finishedAt)
      .map((b) => `issue ${a.issueId} and issue ${b.issueId}`),
  );

const ADVISORY_KEY = 4242;
/** A task statement that waits until the test lets go of the advisory lock on the target database. */
const BLOCKER = `SELECT pg_advisory_xact_lock(${ADVISORY_KEY});`;

/** Holds an advisory lock on a target database from its own session, so the blocker task waits for it. */
async function holdTargetLock(serverUrl: string, database: string) {
  const client = postgres(serverUrl, { database, max: 1, onnotice: () => {} });
  const session = await client.reserve();
  await session`select pg_advisory_lock(${ADVISORY_KEY})`;
  return async () => {
    await session`select pg_advisory_unlock(${ADVISORY_KEY})`;
    session.release();
    await client.end({ timeout: 5 });
  };
}

// ---------------------------------------------------------------------------------------------------------
// The claim itself, on a store alone: which task each database gets, and in what order.

interface RawStore {
  store: Store;
  handle: DbHandle;
  url?: string;
  cleanup(): Promise<void>;
}

async function openRawStore(serverUrl?: string): Promise<RawStore> {
  const scratch = serverUrl ? await createScratchPostgresDatabase(serverUrl, 'bbim_serial') : undefined;
  const dataDir = scratch ? '' : mkdtempSync(join(tmpdir(), 'bbim-serial-'));
  const handle = await openDatabase({ databaseUrl: scratch?.url, dataDir });
  await migrateDatabase(handle);
  const store = createDrizzleStore(handle, testSecretBox());
  return {
    store,
    handle,
    ...(scratch ? { url: scratch.url } : {}),
    async cleanup() {
      await store.close();
      await scratch?.drop();
      if (dataDir) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

function claimContract(kind: string, open: () => Promise<RawStore>) {
  let s: RawStore;
  let x: number;
  let y: number;
  let issue: (databases: number[], approvedAt: string) => Promise<Task[]>;

  beforeAll(async () => {
    s = await open();
    const env = await s.store.environments.create({
      key: 'serial',
      name: 'Serial',
      position: 1,
      reviewTemplate: 'dev',
      reviewPolicy: null,
      source: 'api',
    });
    const instance = await s.store.instances.create({
      key: 'serial-db',
      name: 'Serial',
      engine: 'postgres',
      environmentId: env.id,
      url: 'postgres://nobody@127.0.0.1:1/none',
      source: 'api',
    });
    const project = await s.store.projects.create({
      key: 'serial',
      name: 'Serial',
      reviewPolicy: null,
      allowSelfApproval: false,
      source: 'api',
    });
    const database = (name: string) =>
      s.store.databases.create({ instanceId: instance.id, name, projectId: project.id, source: 'api' });
    x = (await database('x')).id;
    y = (await database('y')).id;
    issue = async (databases, approvedAt) => {
      const detail = await s.store.issues.create({
        projectId: project.id,
        title: `on ${databases.join(',')}`,
        description: '',
        type: 'data',
        creatorId: 1,
        origin: 'api',
        originRef: null,
        risk: 'low',
        review: null,
        runAt: null,
        stages: [
          {
            environmentId: env.id,
            runAt: null,
            tasks: databases.map((databaseId) => ({ databaseId, version: null, statement: 'select 1' })),
          },
        ],
        approvalSteps: [],
      });
      await s.handle.db.execute(
        sql`update issues set status = 'approved', approved_at = ${approvedAt}::timestamptz where id = ${detail.issue.id}`,
      );
      return detail.tasks;
    };
  });
  afterAll(async () => s?.cleanup());

  it(`gives each database one task at a time, in approval order, however many claim at once [${kind}]`, async () => {
    // Created in one order, approved in another: the approval time decides, then the task position.
    const first = await issue([x, x], '2030-01-01T00:00:02Z');
    const second = await issue([x], '2030-01-01T00:00:04Z');
    const third = await issue([x], '2030-01-01T00:00:01Z');
    const fourth = await issue([x], '2030-01-01T00:00:03Z');
    const other = await issue([y], '2030-01-01T00:00:05Z');
    const expected = [third[0]!, first[0]!, first[1]!, fourth[0]!, second[0]!].map((t) => t.id);

    const order: number[] = [];
    let otherClaimed = 0;
    for (let round = 0; round < expected.length; round++) {
      const batches = await Promise.all(
        Array.from({ length: 6 }, (_, i) => s.store.rollout.claimRunnable(`w${i}`, 4, 60_000)),
      );
      const claimed = batches.flat();
      const onX = claimed.filter((c) => c.task.databaseId === x);
      otherClaimed += claimed.filter((c) => c.task.databaseId === y).length;
      expect(
        onX.map((c) => c.task.id),
        `round ${round}`,
      ).toEqual([expected[round]]);
      expect(onX[0]!.task).toMatchObject({ status: 'running', attempts: 1 });
      order.push(onX[0]!.task.id);
      // Nothing more on x while it runs.
      expect(
        (await s.store.rollout.claimRunnable('late', 4, 60_000)).filter((c) => c.task.databaseId === x),
      ).toEqual([]);
      expect(await s.store.rollout.setTaskStatus(onX[0]!.task.id, ['running'], 'done')).toBe(true);
    }
    expect(order).toEqual(expected);
    // The other database was not held back by x's queue: its task was claimed in the first round, once.
    expect(otherClaimed).toBe(1);
    expect((await s.store.rollout.getTask(other[0]!.id))?.status).toBe('running');
    await s.store.rollout.setTaskStatus(other[0]!.id, ['running'], 'done');
  });

  it(`recovers the tasks a worker name held at once, leaving live claims of others alone [${kind}]`, async () => {
    const mine = (await issue([x], '2030-01-02T00:00:00Z'))[0]!;
    const theirs = (await issue([y], '2030-01-02T00:00:01Z'))[0]!;
    const claimed = await s.store.rollout.claimRunnable('w-restarted', 1, 600_000);
    expect(claimed.map((c) => c.task.id)).toEqual([mine.id]);
    expect((await s.store.rollout.claimRunnable('w-other', 1, 600_000)).map((c) => c.task.id)).toEqual([
      theirs.id,
    ]);
    const run = await s.store.rollout.startRun({
      taskId: mine.id,
      attempt: 1,
      executorId: 1,
      worker: 'w-restarted',
    });
    // Both leases are live: recovery by lease alone takes nothing.
    expect(await s.store.transaction((tx) => tx.rollout.recoverInterrupted({ all: false }))).toEqual([]);
    const recovered = await s.store.transaction((tx) =>
      tx.rollout.recoverInterrupted({ all: false, worker: 'w-restarted' }),
    );
    expect(recovered.map((t) => t.id)).toEqual([mine.id]);
    const task = await s.store.rollout.getTask(mine.id);
    expect(task).toMatchObject({ status: 'failed', claimedBy: null, leaseUntil: null });
    expect(task?.statusReason).toMatch(/^interrupted/);
    expect((await s.store.rollout.runs(mine.id)).map((r) => [r.id, r.status])).toEqual([
      [run.id, 'interrupted'],
    ]);
    expect(await s.store.rollout.getTask(theirs.id)).toMatchObject({
      status: 'running',
      claimedBy: 'w-other',
    });
    await s.store.rollout.setTaskStatus(theirs.id, ['running'], 'done');
  });

  if (kind === 'postgres')
    it('claims nothing, without failing, when a claim collides with a running task it could not see', async () => {
      const head = (await issue([x], '2030-01-03T00:00:00Z'))[0]!;
      const tail = (await issue([x], '2030-01-03T00:00:01Z'))[0]!;
      const outsider = postgres(s.url!, { max: 1, onnotice: () => {} });
      let commit!: () => void;
      const committed = new Promise<void>((r) => {
        commit = r;
      });
      let marked!: () => void;
      const isMarked = new Promise<void>((r) => {
        marked = r;
      });
      // A writer outside the claim lock makes the later task running and keeps its transaction open.
      const writer = outsider.begin(async (tx) => {
        await tx`update tasks set status = 'running', claimed_by = 'outsider' where id = ${tail.id}`;
        marked();
        await committed;
      });
      await isMarked;
      const claim = s.store.rollout.claimRunnable('w', 4, 60_000);
      // The claim of the head task waits on the outsider's uncommitted index entry for the same database.
      const watcher = postgres(s.url!, { max: 1, onnotice: () => {} });
      await pollUntil('the claim to wait for the outsider', async () => {
        const [row] = await watcher`select count(*)::int as n from pg_stat_activity
          where datname = current_database() and wait_event_type = 'Lock' and query like '%with candidates%'`;
        return (row?.n ?? 0) > 0;
      });
      await watcher.end();
      commit();
      await writer;
      expect(await claim).toEqual([]);
      expect((await s.store.rollout.getTask(head.id))?.status).toBe('pending');
      await outsider`update tasks set status = 'done' where id = ${tail.id}`;
      await outsider.end();
      expect((await s.store.rollout.claimRunnable('w', 4, 60_000)).map((c) => c.task.id)).toEqual([head.id]);
      await s.store.rollout.setTaskStatus(head.id, ['running'], 'done');
    });
}

describe('task claims [pglite]', () => claimContract('pglite', () => openRawStore()));
describeRealDb('postgres', 'task claims', (url) => claimContract('postgres', () => openRawStore(url)));

// ---------------------------------------------------------------------------------------------------------
// The whole service: six issues on one database become runnable at the same moment.

describeRealDb('postgres', 'six issues on one database, embedded store', (serverUrl) => {
  const target = `rs${randomBytes(3).toString('hex')}_shop`;
  const tokens = mintTestTokens();
  let svc: RunningService;
  let call: ReturnType<typeof apiClient>;

  beforeAll(async () => {
    await targetQuery('postgres', serverUrl, `CREATE DATABASE ${target}`);
    svc = await startService({
      workspaceLines: [
        ...workspaceHeadYaml(['test'], 'postgres', serverUrl),
        'projects:',
        '  - key: shop',
        '    databases:',
        `      - { instance: test-db, name: ${target} }`,
        '    members:',
        '      - { email: dev@example.com, role: developer }',
        '      - { email: owner@example.com, role: owner }',
      ],
      env: { ...tokenEnv(tokens), ROLLOUT_CONCURRENCY: '4', LOCK_TIMEOUT_MS: '0' },
    });
    call = apiClient((path, init) => svc.service.app.request(path, init));
  });
  afterAll(async () => {
    await svc?.close();
    await dropTargetDatabase('postgres', serverUrl, target);
  });

  const create = async (title: string, statement: string) => {
    const res = await call(tokens.dev, 'POST', '/api/v1/projects/shop/issues', {
      title,
      type: 'data',
      statement,
      targets: [{ environment: 'test' }],
    });
    expect(res.status, JSON.stringify(res.json)).toBe(201);
    return res.json.issue.id as number;
  };
  const approve = async (id: number) =>
    expect((await call(tokens.owner, 'POST', `/api/v1/issues/${id}/approve`, {})).status).toBe(200);
  const status = async (id: number) => (await svc.service.store.issues.get(id))?.status;

  it('runs them one after another, in approval order, with no two runs overlapping', async () => {
    const release = await holdTargetLock(serverUrl, target);
    let blocker: number;
    let six: number[];
    try {
      // A task holds the database while the six are approved, so all six become runnable at one moment when
      // it ends, as they do when they share a run time.
      blocker = await create('Holds the database', BLOCKER);
      await approve(blocker);
      await pollUntil('the blocker to run', async () => {
        const tasks = (await svc.service.store.issues.detail(blocker))!.tasks;
        return tasks[0]?.status === 'running';
      });
      six = [];
      for (let i = 0; i < 6; i++) six.push(await create(`Change ${i}`, 'SELECT pg_sleep(0.05);'));
      for (const id of six) await approve(id);
    } finally {
      await release();
    }
    for (const id of [blocker, ...six])
      await pollUntil(`issue ${id} to finish`, async () => (await status(id)) === 'done', 60_000);

    const spans: Span[] = [];
    for (const id of [blocker, ...six]) {
      const runs = await svc.service.store.rollout.runsOfIssue(id);
      expect(runs, `issue ${id} ran ${runs.length} times`).toHaveLength(1);
      spans.push({
        issueId: id,
        status: runs[0]!.status,
        startedAt: runs[0]!.startedAt.getTime(),
        finishedAt: runs[0]!.finishedAt!.getTime(),
      });
    }
    expect(spans.every((r) => r.status === 'done')).toBe(true);
    expect(overlaps(spans)).toEqual([]);
    expect(spans.sort((a, b) => a.startedAt - b.startedAt).map((r) => r.issueId)).toEqual([blocker, ...six]);
  });
});

// ---------------------------------------------------------------------------------------------------------
// Two service processes on one PostgreSQL store: the same six issues; a process restarted under its name.

describeRealDb('postgres', 'one change at a time per database across processes', (serverUrl) => {
  let fx: RolloutFixture;
  const processes: ServiceProcess[] = [];
  const start = async (worker: string, env: Record<string, string> = {}) => {
    const p = await startServiceProcess({
      name: worker,
      env: {
        ...fx.env,
        WORKER_ID: worker,
        ROLLOUT_CONCURRENCY: '4',
        ROLLOUT_POLL_MS: '100',
        LOCK_TIMEOUT_MS: '0',
        SHUTDOWN_TIMEOUT_MS: '5000',
        ...env,
      },
    });
    processes.push(p);
    return p;
  };
  const call = (
    p: ServiceProcess,
    who: 'dev' | 'owner' | 'dba',
    method: 'GET' | 'POST',
    path: string,
    body?: unknown,
  ) => api<IssueViewBody>(p.baseUrl, fx.tokens[who], method, path, body);
  const create = async (p: ServiceProcess, database: string, statement: string) => {
    const res = await call(p, 'dev', 'POST', '/projects/rollout/issues', {
      title: statement,
      type: 'data',
      statement,
      targets: [{ environment: 'test', database }],
    });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    return res.body.issue.id;
  };
  const approve = async (p: ServiceProcess, id: number) =>
    expect((await call(p, 'owner', 'POST', `/issues/${id}/approve`, {})).status).toBe(200);
  const rolloutEvents = async (issueId: number) =>
    (
      await fx.store`select event->>'type' as type from outbox where issue_id = ${issueId}
        and event->>'type' in ('task.started', 'task.progress', 'task.finished', 'task.requeued',
          'stage.finished', 'rollout.finished')
        order by id`
    ).map((r) => r.type as string);

  beforeAll(async () => {
    fx = await createRolloutFixture(serverUrl, { serial: 1, restart: 1 });
  });
  afterAll(async () => {
    await stopAll(processes);
    await fx?.cleanup();
  });

  it('two processes run six issues on one database one after another, in approval order', async () => {
    const a = await start('serial-a');
    const b = await start('serial-b');
    try {
      await sixInOrder(a, b);
    } finally {
      // The next test needs the store to itself.
      await Promise.all([a.stop(), b.stop()]);
    }
  }, 180_000);

  async function sixInOrder(a: ServiceProcess, b: ServiceProcess) {
    const [database] = fx.databases('test', 'serial');
    const release = await holdTargetLock(serverUrl, database!);
    let blocker: number;
    const six: number[] = [];
    try {
      blocker = await create(a, database!, BLOCKER);
      await approve(b, blocker);
      await waitFor(
        'the blocker to run',
        async () =>
          (await call(a, 'dba', 'GET', `/issues/${blocker}`)).body.stages[0]?.tasks[0]?.status === 'running'
            ? true
            : undefined,
        30_000,
      );
      for (let i = 0; i < 6; i++)
        six.push(await create(i % 2 ? a : b, database!, `SELECT pg_sleep(0.05); -- ${i}`));
      for (const [i, id] of six.entries()) await approve(i % 2 ? b : a, id);
    } finally {
      await release();
    }
    const ids = [blocker, ...six];
    await waitFor(
      'all seven issues to finish',
      async () => {
        const rows =
          await fx.store`select count(*)::int as n from issues where id = any(${ids}) and status = 'done'`;
        return rows[0]?.n === ids.length ? true : undefined;
      },
      90_000,
    );
    const runs = await fx.store`select t.issue_id, r.status, r.worker, r.started_at, r.finished_at
      from task_runs r join tasks t on t.id = r.task_id where t.issue_id = any(${ids})`;
    expect(runs).toHaveLength(ids.length);
    const spans: Span[] = runs.map((r) => ({
      issueId: r.issue_id as number,
      status: r.status as string,
      startedAt: (r.started_at as Date).getTime(),
      finishedAt: (r.finished_at as Date).getTime(),
    }));
    expect(spans.every((r) => r.status === 'done')).toBe(true);
    expect(overlaps(spans)).toEqual([]);
    expect(spans.sort((p, q) => p.startedAt - q.startedAt).map((r) => r.issueId)).toEqual(ids);
    const perWorker: Record<string, number> = {};
    for (const r of runs) perWorker[r.worker as string] = (perWorker[r.worker as string] ?? 0) + 1;
    console.info(`runs per worker: ${JSON.stringify(perWorker)}`);
    // Each rollout event is in the outbox once, written with its state change; progress stays live-only.
    for (const id of six)
      expect(await rolloutEvents(id)).toEqual([
        'task.started',
        'task.finished',
        'stage.finished',
        'rollout.finished',
      ]);
  }

  it('a process restarted under the same worker id marks its own running task interrupted at start', async () => {
    // A lease far longer than the test: only the restart itself can end the claim.
    const env = { ROLLOUT_LEASE_MS: '600000' };
    const first = await start('serial-r', env);
    const [database] = fx.databases('test', 'restart');
    const id = await create(first, database!, 'SELECT pg_sleep(60);');
    await approve(first, id);
    const held = await waitFor(
      'the task to run its statement',
      async () => {
        const [task] = await fx.store`select id, status, lease_until from tasks where issue_id = ${id}`;
        if (task?.status !== 'running') return undefined;
        const [s] = await fx.admin`select count(*)::int as n from pg_stat_activity
          where datname = ${database!} and query like '%pg_sleep(60)%' and state = 'active'`;
        return (s?.n ?? 0) > 0 ? task : undefined;
      },
      30_000,
    );
    await first.kill();
    await fx.terminateTargetSessions();

    // No waiting: the process answers health checks only after its scheduler started.
    const again = await start('serial-r', env);
    const view = (await call(again, 'dba', 'GET', `/issues/${id}`)).body;
    const task = view.stages[0]!.tasks[0]!;
    expect(task.status).toBe('failed');
    expect(task.statusReason).toMatch(/^interrupted/);
    expect(task.runs.map((r) => r.status)).toEqual(['interrupted']);
    expect(view.issue.status).toBe('failed');
    // Recorded before the lease the killed process held would have run out.
    expect(new Date(task.runs[0]!.finishedAt!).getTime()).toBeLessThan((held.lease_until as Date).getTime());
    expect(await rolloutEvents(id)).toEqual([
      'task.started',
      'task.finished',
      'stage.finished',
      'rollout.finished',
    ]);
    const [recovered] = await fx.store`select event from outbox where issue_id = ${id}
      and event->>'type' = 'task.finished'`;
    expect(recovered?.event).toMatchObject({ taskId: task.id, runId: null, status: 'failed' });
  }, 120_000);
});
