// Store contract: every Store implementation must pass these, on PGlite and on a real PostgreSQL.
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { IssueFilter } from '../../src/core/ports/issue-store.ts';
import type { Store } from '../../src/core/ports/store.ts';
import type { TestStore } from '../support/store.ts';

export function storeContract(open: () => Promise<TestStore>) {
  let t: TestStore;
  let store: Store;
  beforeAll(async () => {
    t = await open();
    store = t.store;
  });
  afterAll(async () => t?.cleanup());

  it('has the robot principal with id 1 after migration', async () => {
    const robot = await store.principals.get(1);
    expect(robot).toMatchObject({ id: 1, kind: 'robot', name: 'Bytebase' });
  });

  it('creates principals, finds them by email case-insensitively and refuses duplicate emails', async () => {
    const p = await store.principals.create({
      email: 'Ann@Example.com',
      name: 'Ann',
      workspaceRole: 'dba',
      source: 'api',
    });
    expect(p.id).toBeGreaterThan(1);
    expect((await store.principals.findByEmail('ann@example.COM'))?.id).toBe(p.id);
    await expect(
      store.principals.create({
        email: 'ann@example.com',
        name: 'Other',
        workspaceRole: 'developer',
        source: 'api',
      }),
    ).rejects.toThrow();
  });

  it('stores tokens by hash, finds live ones and stops finding revoked ones', async () => {
    const p = await store.principals.create({
      email: 'tok@example.com',
      name: 'Tok',
      workspaceRole: 'developer',
      source: 'api',
    });
    const t1 = await store.tokens.create({
      principalId: p.id,
      name: 'ci',
      tokenHash: 'h-1',
      prefix: 'bbt_abcd',
      source: 'api',
    });
    expect((await store.tokens.findByHash('h-1'))?.principalId).toBe(p.id);
    await store.tokens.revoke(t1.id);
    expect(await store.tokens.findByHash('h-1')).toBeNull();
    expect((await store.tokens.listByPrincipal(p.id))[0]?.revoked).toBe(true);
  });

  it('orders environments by position and seals instance URLs at rest', async () => {
    await store.environments.create({
      key: 'prod',
      name: 'Prod',
      position: 2,
      reviewTemplate: 'prod',
      reviewPolicy: null,
      source: 'api',
    });
    const test = await store.environments.create({
      key: 'test',
      name: 'Test',
      position: 0,
      reviewTemplate: 'dev',
      reviewPolicy: { rules: {} },
      source: 'api',
    });
    expect((await store.environments.list()).map((e) => e.key)).toEqual(['test', 'prod']);
    expect((await store.environments.getByKey('test'))?.reviewPolicy).toEqual({ rules: {} });
    const url = 'postgres://app:s3cret@db.internal:5432/postgres';
    const inst = await store.instances.create({
      key: 'pg-test',
      name: 'PG',
      engine: 'postgres',
      environmentId: test.id,
      url,
      source: 'api',
    });
    expect((await store.instances.get(inst.id))?.url).toBe(url);
    expect(await store.instances.urlMatches(inst.id, url)).toBe(true);
    expect(await store.instances.urlMatches(inst.id, `${url}x`)).toBe(false);
    await store.instances.update(inst.id, { url: `${url}?sslmode=require` });
    expect((await store.instances.getByKey('pg-test'))?.url).toBe(`${url}?sslmode=require`);
  });

  it('registers databases per instance and project, unique by instance and name', async () => {
    const env = (await store.environments.getByKey('test'))!;
    const inst = await store.instances.create({
      key: 'my-test',
      name: 'My',
      engine: 'mysql',
      environmentId: env.id,
      url: 'mysql://root@h/x',
      source: 'api',
    });
    const project = await store.projects.create({
      key: 'shop',
      name: 'Shop',
      reviewPolicy: null,
      allowSelfApproval: false,
      source: 'api',
    });
    const db = await store.databases.create({
      instanceId: inst.id,
      name: 'shop',
      projectId: project.id,
      source: 'api',
    });
    expect(await store.databases.find(inst.id, 'shop')).toEqual(db);
    expect((await store.databases.list({ projectId: project.id })).map((d) => d.id)).toEqual([db.id]);
    await expect(
      store.databases.create({ instanceId: inst.id, name: 'shop', projectId: project.id, source: 'api' }),
    ).rejects.toThrow();
  });

  it('keeps project members with roles and bindings', async () => {
    const project = (await store.projects.getByKey('shop'))!;
    const p = (await store.principals.findByEmail('tok@example.com'))!;
    await store.projects.setMember(project.id, p.id, 'developer', 'api');
    await store.projects.setMember(project.id, p.id, 'owner', 'api');
    expect(await store.projects.listMembers(project.id)).toEqual([
      { projectId: project.id, principalId: p.id, role: 'owner', source: 'api' },
    ]);
    await store.bindings.addChat(project.id, 'slack', 'C1', 'api');
    await store.bindings.addChat(project.id, 'slack', 'C1', 'api');
    expect((await store.bindings.listChat(project.id)).length).toBe(1);
    const repo = {
      projectId: project.id,
      provider: 'gitlab' as const,
      repository: 'g/shop',
      branch: 'main',
      baseDirectory: 'db',
      filePathTemplate: 'x',
      schemaPathTemplate: null,
      source: 'api' as const,
    };
    await store.bindings.putRepository(repo);
    await store.bindings.putRepository({ ...repo, branch: 'release' });
    expect((await store.bindings.repositoryOf(project.id))?.branch).toBe('release');
    await store.projects.removeMember(project.id, p.id);
    expect(await store.projects.listMembers(project.id)).toEqual([]);
  });

  it('rolls a transaction back entirely when it throws, and joins nested transactions', async () => {
    await expect(
      store.transaction(async (tx) => {
        await tx.settings.set('tx.probe', 1);
        await tx.transaction(async (inner) => inner.settings.set('tx.inner', 2));
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    expect(await store.settings.get('tx.probe')).toBeNull();
    expect(await store.settings.get('tx.inner')).toBeNull();
    await store.transaction(async (tx) => tx.settings.set('tx.probe', { ok: true }));
    expect(await store.settings.get('tx.probe')).toEqual({ ok: true });
  });

  it('records an inbound delivery once even when redelivered concurrently', async () => {
    const results = await Promise.all(
      Array.from({ length: 10 }, () => store.deliveries.record('slack', 'evt-1')),
    );
    expect(results.filter(Boolean)).toHaveLength(1);
    expect(await store.deliveries.record('gitlab', 'evt-1')).toBe(true);
  });

  it('enqueues inbox jobs with their delivery ids in one transaction, or neither', async () => {
    const payload = { kind: 'push', after: 'abc', files: ['a.sql'] };
    const job = await store.transaction(async (tx) => {
      await tx.deliveries.record('gitlab', 'job-delivery-1');
      return tx.inboundJobs.enqueue({ source: 'gitlab', kind: 'push', payload });
    });
    expect(await store.inboundJobs.get(job.id)).toMatchObject({
      source: 'gitlab',
      kind: 'push',
      payload,
      status: 'pending',
      attempts: 0,
      claimedBy: null,
      lastError: null,
      effects: {},
      finishedAt: null,
    });
    await expect(
      store.transaction(async (tx) => {
        await tx.deliveries.record('gitlab', 'job-delivery-2');
        await tx.inboundJobs.enqueue({ source: 'gitlab', kind: 'merge_request', payload: { iid: 2 } });
        throw new Error('ack failed');
      }),
    ).rejects.toThrow('ack failed');
    expect(await store.deliveries.record('gitlab', 'job-delivery-2')).toBe(true);
    expect((await store.inboundJobs.listPending()).map((j) => j.payload)).not.toContainEqual({ iid: 2 });
    // Leave the queue empty for the next cases.
    await store.inboundJobs.finish(job.id, 'done');
  });

  it('claims each inbox job once among concurrent claimers, oldest first, and not again while leased', async () => {
    const ids: number[] = [];
    for (let i = 0; i < 6; i++)
      ids.push((await store.inboundJobs.enqueue({ source: 'gitlab', kind: 'push', payload: { n: i } })).id);
    const batches = await Promise.all(
      ['w1', 'w2', 'w3', 'w4'].map((w) => store.inboundJobs.claim(w, 60_000, 2)),
    );
    const claimed = batches.flat();
    expect(claimed.map((j) => j.id).sort((a, b) => a - b)).toEqual(ids);
    for (const batch of batches)
      expect(batch.map((j) => j.id)).toEqual([...batch.map((j) => j.id)].sort((a, b) => a - b));
    for (const job of claimed) expect(job).toMatchObject({ status: 'running', attempts: 1 });
    expect(claimed.every((j) => j.leaseUntil !== null && j.claimedBy !== null)).toBe(true);
    expect(await store.inboundJobs.claim('w5', 60_000, 10)).toEqual([]);
    expect(await store.inboundJobs.claimOne(ids[0]!, 'w5', 60_000)).toBeNull();
    expect((await store.inboundJobs.listPending()).map((j) => j.id)).toEqual(ids);
    for (const id of ids) await store.inboundJobs.finish(id, 'done');
    expect(await store.inboundJobs.listPending()).toEqual([]);
  });

  it('gives one job to exactly one of many concurrent claimOne calls', async () => {
    const { id } = await store.inboundJobs.enqueue({ source: 'gitlab', kind: 'push', payload: {} });
    const results = await Promise.all(
      Array.from({ length: 8 }, (_, i) => store.inboundJobs.claimOne(id, `racer-${i}`, 60_000)),
    );
    const winners = results.filter((r) => r !== null);
    expect(winners).toHaveLength(1);
    expect((await store.inboundJobs.get(id))?.claimedBy).toBe(winners[0]!.claimedBy);
    await store.inboundJobs.finish(id, 'done');
  });

  it('lets another worker take a job whose lease expired; only the holder renews or releases it', async () => {
    const { id } = await store.inboundJobs.enqueue({ source: 'gitlab', kind: 'push', payload: {} });
    // A zero lease is over as soon as the claiming statement committed: the worker "crashed".
    expect((await store.inboundJobs.claim('crashed', 0, 10)).map((j) => j.id)).toEqual([id]);
    const taken = await store.inboundJobs.claim('next', 60_000, 10);
    expect(taken.map((j) => [j.id, j.claimedBy, j.attempts])).toEqual([[id, 'next', 2]]);
    expect(await store.inboundJobs.renew(id, 'crashed', 60_000)).toBe(false);
    expect(await store.inboundJobs.release(id, 'crashed', 'late', 0)).toBe(false);
    expect(await store.inboundJobs.renew(id, 'next', 60_000)).toBe(true);
    expect(await store.inboundJobs.claim('third', 60_000, 10)).toEqual([]);
    expect(await store.inboundJobs.release(id, 'next', 'GitLab answered 502', 0)).toBe(true);
    expect(await store.inboundJobs.get(id)).toMatchObject({
      status: 'pending',
      lastError: 'GitLab answered 502',
      attempts: 2,
    });
    expect((await store.inboundJobs.claimOne(id, 'third', 60_000))?.attempts).toBe(3);
    // A job released with a back-off is not claimed again before it is due.
    expect(await store.inboundJobs.release(id, 'third', 'GitLab answered 503', 60_000)).toBe(true);
    expect(await store.inboundJobs.claim('fourth', 60_000, 10)).toEqual([]);
    expect(await store.inboundJobs.claimOne(id, 'fourth', 60_000)).toBeNull();
    expect((await store.inboundJobs.listPending()).map((j) => j.id)).toEqual([id]);
    await store.inboundJobs.finish(id, 'failed', 'gave up');
    const failed = await store.inboundJobs.get(id);
    expect(failed).toMatchObject({ status: 'failed', lastError: 'gave up', leaseUntil: null });
    expect(failed?.finishedAt).toBeInstanceOf(Date);
    expect(await store.inboundJobs.listPending()).toEqual([]);
    expect(await store.inboundJobs.claim('fifth', 0, 10)).toEqual([]);
    expect(await store.inboundJobs.claimOne(id, 'fifth', 0)).toBeNull();
  });

  it('records job effects in the transaction that produced them', async () => {
    const { id } = await store.inboundJobs.enqueue({ source: 'gitlab', kind: 'push', payload: {} });
    expect(await store.transaction((tx) => tx.inboundJobs.effectOf(id, 'group-a'))).toBeNull();
    await store.transaction(async (tx) => {
      await tx.inboundJobs.recordEffect(id, 'group-a', { issueId: 7 });
      await tx.inboundJobs.recordEffect(id, 'group-b', { issueId: 8 });
    });
    await expect(
      store.transaction(async (tx) => {
        await tx.inboundJobs.recordEffect(id, 'group-c', { issueId: 9 });
        throw new Error('issue not created');
      }),
    ).rejects.toThrow('issue not created');
    expect(await store.transaction((tx) => tx.inboundJobs.effectOf(id, 'group-a'))).toEqual({ issueId: 7 });
    expect((await store.inboundJobs.get(id))?.effects).toEqual({
      'group-a': { issueId: 7 },
      'group-b': { issueId: 8 },
    });
    await store.inboundJobs.finish(id, 'done');
  });

  it('appends audit records and lists them newest first', async () => {
    await store.audit.append({
      actorId: 1,
      action: 'a.one',
      resourceType: 'issue',
      resourceId: '7',
      details: { n: 1 },
      requestId: 'r1',
    });
    await store.audit.append({
      actorId: 1,
      action: 'a.two',
      resourceType: 'issue',
      resourceId: '7',
      details: { n: 2 },
      requestId: null,
    });
    const rows = await store.audit.list({ resourceType: 'issue', resourceId: '7' });
    expect(rows.map((r) => r.action)).toEqual(['a.two', 'a.one']);
    expect(rows[1]?.details).toEqual({ n: 1 });
  });

  it('schedules, claims and records drift checks: one claimer per database, leases, seq bumps on change only', async () => {
    const inst = (await store.instances.getByKey('my-test'))!;
    const project = (await store.projects.getByKey('shop'))!;
    const dbs = await Promise.all(
      ['d1', 'd2', 'd3'].map((name) =>
        store.databases.create({
          instanceId: inst.id,
          name: `drift_${name}`,
          projectId: project.id,
          source: 'api',
        }),
      ),
    );
    const ids = dbs.map((d) => d.id);
    const t0 = new Date('2026-01-01T00:00:00Z');
    const at = (ms: number) => new Date(t0.getTime() + ms);
    await store.driftStates.schedule(ids.map((databaseId) => ({ databaseId, nextCheckAt: at(60_000) })));
    // Scheduling again never moves a database that has its row.
    await store.driftStates.schedule([{ databaseId: ids[0]!, nextCheckAt: at(0) }]);
    const claim = (worker: string, ms: number, limit = 10) =>
      store.driftStates.claimDue({ worker, now: at(ms), leaseMs: 30_000, limit, databaseIds: ids });
    expect(await claim('w1', 0)).toEqual([]);
    // Four claimers at once share the three due databases without overlap.
    const claimed = (await Promise.all(['a', 'b', 'c', 'd'].map((w) => claim(w, 60_000, 2)))).flat();
    expect(claimed.sort()).toEqual([...ids].sort());
    // Under a live lease nobody claims again; once it ran out, someone does.
    expect(await claim('w2', 70_000)).toEqual([]);
    expect((await claim('w2', 95_000)).sort()).toEqual([...ids].sort());

    const finding = (status: 'in_sync' | 'drifted', ms: number) => ({
      status,
      checkedAt: at(ms),
      baselineHistoryId: null,
      diff: null,
      error: null,
      checkedBy: null,
      durationMs: 5,
    });
    const record = (status: 'in_sync' | 'drifted', ms: number) =>
      store.transaction(async (tx) => {
        await tx.driftStates.lock(ids[0]!);
        return tx.driftStates.record(ids[0]!, finding(status, ms), { nextCheckAt: at(ms + 60_000) });
      });
    expect(await record('in_sync', 96_000)).toMatchObject({
      changed: true,
      previous: null,
      state: { seq: 1 },
    });
    expect(await record('in_sync', 97_000)).toMatchObject({ changed: false, state: { seq: 1 } });
    const drifted = await record('drifted', 98_000);
    expect(drifted).toMatchObject({
      changed: true,
      previous: 'in_sync',
      state: { seq: 2, status: 'drifted' },
    });
    expect(drifted.state.changedAt).toEqual(at(98_000));
    // Recording released the claim and set the next check.
    expect(await store.driftStates.get(ids[0]!)).toMatchObject({ nextCheckAt: at(158_000) });
    expect((await claim('w3', 158_000)).includes(ids[0]!)).toBe(true);
    expect((await store.driftStates.history(ids[0]!)).map((c) => [c.status, c.changed, c.seq])).toEqual([
      ['drifted', true, 2],
      ['in_sync', false, 1],
      ['in_sync', true, 1],
    ]);
    expect(await store.driftStates.countByStatus()).toMatchObject({ drifted: 1 });
  });

  it('keeps one drift card per database and channel', async () => {
    const db = (await store.databases.list()).find((d) => d.name === 'drift_d1')!;
    const first = await store.driftCards.put({
      databaseId: db.id,
      platform: 'slack',
      channel: 'C1',
      ref: { ts: '1' },
      seq: 1,
    });
    const again = await store.driftCards.put({
      databaseId: db.id,
      platform: 'slack',
      channel: 'C1',
      ref: { ts: '2' },
      seq: 2,
    });
    expect(again.id).toBe(first.id);
    await store.driftCards.put({
      databaseId: db.id,
      platform: 'teams',
      channel: 'C1',
      ref: { id: 'x' },
      seq: 2,
    });
    await store.driftCards.update(first.id, 3);
    expect((await store.driftCards.list(db.id)).map((c) => [c.platform, c.seq, c.ref])).toEqual([
      ['slack', 3, { ts: '2' }],
      ['teams', 2, { id: 'x' }],
    ]);
  });

  it('answers each token lookup as of the last write: role change, deactivation, revocation', async () => {
    const p = await store.principals.create({
      email: 'lookup@example.com',
      name: 'Lou',
      workspaceRole: 'developer',
      source: 'api',
    });
    const t1 = await store.tokens.create({
      principalId: p.id,
      name: 'cli',
      tokenHash: 'h-lookup',
      prefix: 'bbt_look',
      source: 'api',
    });
    const look = async () => (await store.tokens.findWithPrincipal('h-lookup'))?.principal ?? null;
    expect(await look()).toMatchObject({ workspaceRole: 'developer', active: true });
    expect(await look()).toMatchObject({ workspaceRole: 'developer' });
    await store.principals.update(p.id, { workspaceRole: 'dba' });
    expect(await look()).toMatchObject({ workspaceRole: 'dba' });
    await store.transaction((tx) => tx.principals.update(p.id, { active: false }));
    expect(await look()).toMatchObject({ active: false });
    // A lookup running while a write commits is not remembered past it.
    const [during] = await Promise.all([look(), store.tokens.revoke(t1.id)]);
    expect(during === null || during.active === false).toBe(true);
    expect(await look()).toBeNull();
  });

  it('lists issues by every filter and its combinations as the filter reads, whichever values a shape is run with', async () => {
    const project = async (key: string, allowSelfApproval: boolean) =>
      store.projects.create({ key, name: key, reviewPolicy: null, allowSelfApproval, source: 'api' });
    const person = async (name: string) =>
      store.principals.create({
        email: `${name}@list.example`,
        name,
        workspaceRole: 'developer',
        source: 'api',
      });
    const [p1, p2] = [await project('list-one', false), await project('list-two', true)];
    const [ann, bob, dee] = [await person('ann'), await person('bob'), await person('dee')];
    await store.projects.setMember(p1.id, ann.id, 'developer', 'api');
    await store.projects.setMember(p1.id, dee.id, 'owner', 'api');
    await store.projects.setMember(p2.id, dee.id, 'developer', 'api');
    await store.projects.setMember(p2.id, bob.id, 'owner', 'api');
    type Made = {
      id: number;
      projectId: number;
      creatorId: number;
      status: string;
      waiting: string | null;
      decided: number[];
    };
    const made: Made[] = [];
    const stepsOf = [['dba'], ['project_owner'], ['dba', 'project_owner'], ['project_owner', 'dba']] as const;
    for (let i = 0; i < 24; i++) {
      const projectId = i % 3 === 0 ? p2.id : p1.id;
      const creatorId = [ann.id, bob.id, dee.id][i % 3]!;
      const steps = stepsOf[i % 4]!;
      const { issue } = await store.issues.create({
        projectId,
        title: `list ${i}`,
        description: '',
        type: 'schema',
        creatorId,
        origin: 'api',
        originRef: null,
        risk: 'low',
        review: null,
        runAt: null,
        stages: [],
        approvalSteps: [...steps],
      });
      const m: Made = {
        id: issue.id,
        projectId,
        creatorId,
        status: 'pending_approval',
        waiting: steps[0],
        decided: [],
      };
      if (i % 5 === 1 && steps.length === 2) {
        // The first step decided by dee: the issue waits on its second step, in a round dee decided in.
        await store.approvals.decide({
          issueId: issue.id,
          round: 1,
          step: 0,
          status: 'approved',
          decidedBy: dee.id,
          reason: null,
          channel: 'api',
          overrideReason: null,
        });
        m.waiting = steps[1];
        m.decided.push(dee.id);
      }
      if (i % 7 === 3) {
        await store.issues.transition(issue.id, ['pending_approval'], 'rejected');
        m.status = 'rejected';
      }
      made.push(m);
    }
    const members = new Map([
      [p1.id, [ann.id, dee.id]],
      [p2.id, [dee.id, bob.id]],
    ]);
    const owners = new Map([
      [dee.id, [p1.id]],
      [bob.id, [p2.id]],
      [ann.id, [] as number[]],
    ]);
    const selfAllowed = new Set([p2.id]);
    const expected = (f: IssueFilter) => {
      const pf = f.pendingFor;
      return made
        .filter(
          (m) =>
            (!f.projectIds || f.projectIds.includes(m.projectId)) &&
            (f.memberOf === undefined || members.get(m.projectId)!.includes(f.memberOf)) &&
            (!f.status || f.status.includes(m.status as never)) &&
            (f.creatorId === undefined || m.creatorId === f.creatorId) &&
            (f.beforeId === undefined || m.id < f.beforeId) &&
            (!pf ||
              (m.status === 'pending_approval' &&
                m.waiting !== null &&
                (m.creatorId !== pf.principalId || selfAllowed.has(m.projectId)) &&
                (pf.roles.includes(m.waiting as never) ||
                  (m.waiting === 'project_owner' &&
                    (pf.ownerOf ?? owners.get(pf.principalId)!).includes(m.projectId))) &&
                !m.decided.includes(pf.principalId))),
        )
        .map((m) => ({ id: m.id, waitingFor: pf ? m.waiting : null }))
        .sort((a, b) => b.id - a.id)
        .slice(0, f.limit ?? 50);
    };
    const both = [p1.id, p2.id];
    const mid = made[12]!.id;
    const filters: IssueFilter[] = [
      { projectIds: both },
      { projectIds: [p1.id] },
      { projectIds: [p2.id] },
      { projectIds: [] },
      { memberOf: dee.id },
      { memberOf: ann.id },
      { projectIds: both, status: ['pending_approval', 'rejected'] },
      { projectIds: both, status: ['rejected'] },
      { projectIds: both, status: [] },
      { memberOf: dee.id, creatorId: ann.id },
      { memberOf: dee.id, creatorId: bob.id },
      { projectIds: both, beforeId: mid, limit: 3 },
      { projectIds: both, beforeId: mid + 5, limit: 4 },
      { projectIds: both, pendingFor: { principalId: dee.id, roles: ['dba'] } },
      { projectIds: both, pendingFor: { principalId: ann.id, roles: ['dba'] } },
      { projectIds: both, pendingFor: { principalId: dee.id, roles: [] } },
      { projectIds: both, pendingFor: { principalId: bob.id, roles: [] } },
      { projectIds: both, pendingFor: { principalId: dee.id, roles: ['dba', 'project_owner'] } },
      { projectIds: both, pendingFor: { principalId: ann.id, roles: [], ownerOf: [] } },
      { projectIds: both, pendingFor: { principalId: ann.id, roles: [], ownerOf: [p2.id] } },
      { projectIds: both, pendingFor: { principalId: bob.id, roles: [], ownerOf: [p1.id, p2.id] } },
      {
        memberOf: dee.id,
        status: ['pending_approval'],
        pendingFor: { principalId: dee.id, roles: [] },
        limit: 2,
      },
      { memberOf: bob.id, beforeId: mid, pendingFor: { principalId: bob.id, roles: ['dba'] }, limit: 5 },
    ];
    // Twice over, so that every shape also runs with the values of a filter it was not first built for.
    for (const f of [...filters, ...filters.slice().reverse()]) {
      const want = expected(f);
      const items = await store.issues.listItems(f);
      expect({ f, got: items.map((i) => ({ id: i.id, waitingFor: i.waitingFor })) }).toEqual({
        f,
        got: want,
      });
      const rows = await store.issues.list(f);
      expect({ f, got: rows.map((i) => ({ id: i.id, waitingFor: i.waitingFor })) }).toEqual({
        f,
        got: want,
      });
    }
    expect(expected(filters[13]!).length).toBeGreaterThan(0);
    expect(expected(filters[15]!).length).toBeGreaterThan(0);
  });
}
