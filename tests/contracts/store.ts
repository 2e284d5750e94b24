// Store contract: every Store implementation must pass these, on PGlite and on a real PostgreSQL.
import { afterAll, beforeAll, expect, it } from 'vitest';
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
}
