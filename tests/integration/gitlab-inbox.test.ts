// The GitLab inbox on a real PostgreSQL store: work left by a stopped process is done by the next one, once.
import { randomBytes, randomUUID } from 'node:crypto';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createGitLabVcsProvider } from '../../adapters/vcs/gitlab/index.ts';
import { openDatabase } from '../../db/client.ts';
import { createDrizzleStore } from '../../db/store/index.ts';
import { createEventBus } from '../../src/core/events.ts';
import { createGitOpsInbound, type GitOpsInboundOptions } from '../../src/core/gitops/inbound.ts';
import { handlePush } from '../../src/core/gitops/push.ts';
import { silentLogger, systemClock } from '../../src/core/ports/clock.ts';
import type { Store } from '../../src/core/ports/store.ts';
import type { VcsProvider, VcsPushEvent } from '../../src/core/ports/vcs.ts';
import { createSecretBox, keyFromSecret } from '../../src/security/secret-box.ts';
import { createGitLabDriver, type GitLabFake, startGitLabFake } from '../fakes/gitlab/index.ts';
import { describeRealDb } from '../support/real-dbs.ts';
import { type RunningService, startService } from '../support/service-fixture.ts';
import { createScratchPostgresDatabase } from '../support/store.ts';
import {
  dropTargetDatabase,
  mintTestTokens,
  targetQuery,
  tokenEnv,
  workspaceHeadYaml,
} from '../support/workspace-fixture.ts';

const REPO = 'acme/inbox';
const SECRET = 'inbox-webhook-secret';
const DEV = { name: 'Devon Dev', email: 'dev@example.com', username: 'devon' };
// The service fixture's secret: a store opened here reads what the services wrote.
const FIXTURE_SECRET = 'service fixture secret key';

describeRealDb('postgres', 'GitLab inbox', (adminUrl) => {
  let fake: GitLabFake;
  let scratch: Awaited<ReturnType<typeof createScratchPostgresDatabase>>;
  let target: string;
  let projectId = 0;
  const tokens = mintTestTokens();

  /** A service process on the shared store, with GitLab pointed at the fake. */
  const startProcess = () =>
    startService({
      workspaceLines: [
        ...workspaceHeadYaml(['test'], 'postgres', adminUrl),
        'projects:',
        '  - key: shop',
        `    databases: [{ instance: test-db, name: ${target} }]`,
        '    members: [{ email: dev@example.com, role: developer }]',
        `    repository: { project: ${REPO}, branch: main, baseDirectory: db }`,
      ],
      http: true,
      env: {
        DATABASE_URL: scratch.url,
        DEMO: 'off',
        GITLAB_URL: fake.url,
        GITLAB_TOKEN: fake.token,
        GITLAB_WEBHOOK_SECRET: SECRET,
        ...tokenEnv(tokens),
      },
    });

  /**
   * The store and GitLab provider a process has, without its sweep: what it accepts here is stored but only run
   * when the test says so, as in a process that stops right after answering GitLab.
   */
  async function bareProcess(options: Partial<GitOpsInboundOptions> = {}) {
    const handle = await openDatabase({ databaseUrl: scratch.url, dataDir: '' });
    const store = createDrizzleStore(handle, createSecretBox(keyFromSecret(FIXTURE_SECRET)));
    const inbound = createGitOpsInbound({
      store,
      events: createEventBus(silentLogger),
      clock: systemClock,
      logger: silentLogger,
      publicUrl: 'https://bytebase.example.com',
      worker: 'stopped-process',
      ...options,
    });
    const vcs: VcsProvider = createGitLabVcsProvider({
      url: fake.url,
      token: fake.token,
      webhookSecret: SECRET,
      inbound,
      logger: silentLogger,
      clock: systemClock,
    });
    return { store, inbound, vcs, close: () => store.close() };
  }

  /** Commits one migration file on main; returns the push event GitLab would send for it. */
  function pushOneFile(version: string, sql: string): VcsPushEvent {
    const before = fake.state.head(REPO, 'main')!;
    const path = `db/test/${target}##${version}##migrate##v${version}.sql`;
    const after = fake.state.commit(REPO, {
      branch: 'main',
      message: `add ${version}`,
      author: DEV,
      actions: [{ action: 'create', filePath: path, content: sql }],
    }).id;
    return {
      kind: 'push',
      deliveryIds: [`event:${randomUUID()}`],
      repository: { id: String(projectId), path: REPO, webUrl: null },
      branch: 'main',
      before,
      after,
      pusher: DEV,
      headAuthor: DEV,
      headTitle: `add ${version}`,
      payloadFiles: [path],
    };
  }

  /** Issues whose origin is this commit. */
  async function issuesOf(store: Store, commit: string) {
    const project = (await store.projects.getByKey('shop'))!;
    const all = await store.issues.list({ projectIds: [project.id], limit: 1000 });
    return all.filter((i) => (i.originRef as { commit?: string } | null)?.commit === commit);
  }

  beforeAll(async () => {
    target = `inbox_${randomBytes(3).toString('hex')}`;
    await targetQuery('postgres', adminUrl, `CREATE DATABASE ${target}`);
    scratch = await createScratchPostgresDatabase(adminUrl, 'bbim_inbox');
    fake = await startGitLabFake();
    projectId = fake.state.createProject({ path: REPO, defaultBranch: 'main' }).id;
    fake.state.addUser(DEV);
    fake.state.commit(REPO, {
      branch: 'main',
      message: 'init',
      author: DEV,
      actions: [{ action: 'create', filePath: 'README.md', content: 'migrations\n' }],
    });
    // A first process migrates the store and applies the workspace, then stops.
    await (await startProcess()).close();
  }, 60_000);
  afterAll(async () => {
    await fake?.close();
    await scratch?.drop();
    if (target) await dropTargetDatabase('postgres', adminUrl, target);
  });

  it('runs a push accepted by a process that stopped before running it, in the next process, once', async () => {
    const event = pushOneFile('1', 'CREATE TABLE public.a (id bigint PRIMARY KEY);\n');
    const stopped = await bareProcess();
    const accepted = await stopped.inbound.accept(event);
    if (typeof accepted !== 'object') throw new Error(`expected a job, got ${String(accepted)}`);
    await stopped.close();

    let next: RunningService | null = await startProcess();
    try {
      await next.service.gitlab!.drain();
      const store = next.service.store;
      expect(await issuesOf(store, event.after)).toHaveLength(1);
      expect(await store.inboundJobs.get(accepted.jobId)).toMatchObject({ status: 'done', attempts: 1 });
      expect(fake.state.statuses(REPO, event.after).at(-1)).toMatchObject({
        name: 'bytebase/gitops',
        state: 'success',
      });
      // GitLab resending the push (new delivery ids) is recognised as the same push and runs nothing.
      const driver = createGitLabDriver({ targetUrl: `${next.baseUrl}/hooks/gitlab`, secret: SECRET, fake });
      const resent = await driver.push(REPO, { branch: 'main', before: event.before, after: event.after });
      expect(JSON.parse(resent.body)).toEqual({ status: 'duplicate' });
      expect(await next.service.gitlab!.sweep()).toBe(0);
      await next.service.gitlab!.drain();
      expect(await issuesOf(store, event.after)).toHaveLength(1);
      expect(await store.inboundJobs.listPending()).toEqual([]);
    } finally {
      await next?.close();
      next = null;
    }
  }, 60_000);

  it('creates no second issue when a run stopped after creating it is run again', async () => {
    const event = pushOneFile('2', 'CREATE TABLE public.b (id bigint PRIMARY KEY);\n');
    const stopped = await bareProcess();
    const accepted = await stopped.inbound.accept(event);
    if (typeof accepted !== 'object') throw new Error('expected a job');
    // The stopped process claimed the job (its lease is already over) and got as far as creating the issue.
    expect(await stopped.store.inboundJobs.claimOne(accepted.jobId, 'stopped-process', 0)).not.toBeNull();
    const first = await handlePush({
      store: stopped.store,
      events: createEventBus(silentLogger),
      clock: systemClock,
      logger: silentLogger,
      publicUrl: 'https://bytebase.example.com',
      vcs: stopped.vcs,
      event,
      jobId: accepted.jobId,
    });
    expect(first?.issues).toHaveLength(1);
    await stopped.close();

    const next = await startProcess();
    try {
      await next.service.gitlab!.drain();
      const store = next.service.store;
      const issues = await issuesOf(store, event.after);
      expect(issues.map((i) => i.id)).toEqual([first!.issues[0]!.id]);
      const job = await store.inboundJobs.get(accepted.jobId);
      expect(job).toMatchObject({ status: 'done', attempts: 2 });
      expect(Object.values(job!.effects)).toEqual([{ issueId: first!.issues[0]!.id }]);
      expect(fake.state.statuses(REPO, event.after).at(-1)).toMatchObject({
        state: 'success',
        description: `Created issue #${first!.issues[0]!.id}`,
      });
    } finally {
      await next.close();
    }
  }, 60_000);

  it('retries a failing job with its error recorded, then marks it failed', async () => {
    // GitLab cannot compare from a commit it does not have: every attempt of this push fails.
    const event = { ...pushOneFile('3', 'SELECT 1;\n'), before: 'e'.repeat(40) };
    const proc = await bareProcess({ maxAttempts: 3, retryDelayMs: 0 });
    try {
      const accepted = await proc.inbound.accept(event);
      if (typeof accepted !== 'object') throw new Error('expected a job');
      await proc.inbound.runJob({ vcs: proc.vcs, jobId: accepted.jobId });
      const retried = await proc.store.inboundJobs.get(accepted.jobId);
      expect(retried).toMatchObject({ status: 'pending', attempts: 1, finishedAt: null });
      expect(retried?.lastError).toMatch(/404/);
      // The two attempts left run in one sweep (no back-off here); then the job is failed and stays so.
      expect(await proc.inbound.runPending(proc.vcs)).toBe(2);
      const failed = await proc.store.inboundJobs.get(accepted.jobId);
      expect(failed).toMatchObject({ status: 'failed', attempts: 3 });
      expect(failed?.lastError).toMatch(/404/);
      expect(failed?.finishedAt).toBeInstanceOf(Date);
      expect(await proc.inbound.runPending(proc.vcs)).toBe(0);
      expect(await issuesOf(proc.store, event.after)).toEqual([]);
    } finally {
      await proc.close();
    }
  });

  it('gives up a job whose runs never finish instead of retrying it forever', async () => {
    const event = pushOneFile('4', 'CREATE TABLE public.d (id bigint PRIMARY KEY);\n');
    const proc = await bareProcess({ maxAttempts: 2 });
    try {
      const accepted = await proc.inbound.accept(event);
      if (typeof accepted !== 'object') throw new Error('expected a job');
      // Two processes claimed it and died while running it.
      for (const worker of ['died-1', 'died-2'])
        expect(await proc.store.inboundJobs.claimOne(accepted.jobId, worker, 0)).not.toBeNull();
      expect(await proc.inbound.runPending(proc.vcs)).toBe(1);
      const job = await proc.store.inboundJobs.get(accepted.jobId);
      expect(job).toMatchObject({ status: 'failed', attempts: 3 });
      expect(job?.lastError).toMatch(/gave up after 2 attempts: the last did not finish/);
      expect(await issuesOf(proc.store, event.after)).toEqual([]);
    } finally {
      await proc.close();
    }
  });
});
