// Schema drift on a real PostgreSQL target: in sync after a rollout, drifted after an out-of-band change, the API and chat.
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Service } from '../../src/compose.ts';
import { createChatInbound } from '../../src/core/chat/inbound.ts';
import type { NoticeMessage } from '../../src/core/messages/types.ts';
import type { ChatAdapter } from '../../src/core/ports/chat-adapter.ts';
import { silentLogger, systemClock } from '../../src/core/ports/clock.ts';
import { createEngineConnector, createEngineRegistry } from '../../src/engines.ts';
import { describeRealDb } from '../support/real-dbs.ts';
import { type RunningService, startService } from '../support/service-fixture.ts';
import {
  apiClient,
  dropTargetDatabase,
  mintTestTokens,
  pollUntil,
  targetQuery,
  tokenEnv,
  workspaceHeadYaml,
} from '../support/workspace-fixture.ts';

describeRealDb('postgres', 'schema drift', (url) => {
  const prefix = `dr${randomBytes(3).toString('hex')}`;
  const db = {
    shop: `${prefix}_test_shop`,
    fresh: `${prefix}_prod_fresh`,
    gone: `${prefix}_gone`,
    other: `${prefix}_test_other`,
  };
  const tokens = mintTestTokens();
  const engines = createEngineConnector(createEngineRegistry());
  let running: RunningService;
  let service: Service;
  let api: ReturnType<typeof apiClient>;
  let issueId: number;
  const drift = (token: string, instance: string, name: string, query = '') =>
    api(token, 'GET', `/api/v1/instances/${instance}/databases/${name}/drift${query}`);
  const users: Record<string, { email: string; name: string }> = {
    U_DEV: { email: 'dev@example.com', name: 'Devon Dev' },
    U_DEV2: { email: 'dev2@example.com', name: 'Dee Dev' },
  };
  const adapter = {
    platform: 'slack',
    lookupUser: async (id: string) => users[id] ?? null,
  } as unknown as ChatAdapter;
  const ask = async (user: string, text: string) => {
    const inbound = createChatInbound({
      store: service.store,
      clock: systemClock,
      logger: silentLogger,
      events: service.events,
      engines,
      publicUrl: 'http://localhost',
    });
    return (await inbound.command({ adapter, platformUserId: user, text })) as NoticeMessage;
  };

  beforeAll(async () => {
    for (const name of Object.values(db)) await targetQuery('postgres', url, `CREATE DATABASE ${name}`);
    const head = workspaceHeadYaml(['test', 'prod'], 'postgres', url);
    // A third instance whose server "goes away" later in the suite.
    head.splice(
      head.indexOf('users:'),
      0,
      `  - { key: gone-db, engine: postgres, environment: test, url: "${url}" }`,
    );
    const lines = [
      ...head,
      'projects:',
      '  - key: shop',
      '    databases:',
      `      - { instance: test-db, name: ${db.shop} }`,
      `      - { instance: prod-db, name: ${db.fresh} }`,
      `      - { instance: gone-db, name: ${db.gone} }`,
      '    members:',
      '      - { email: dev@example.com, role: developer }',
      '      - { email: owner@example.com, role: owner }',
      '  - key: other',
      '    databases:',
      `      - { instance: test-db, name: ${db.other} }`,
      '    members:',
      '      - { email: dev2@example.com, role: developer }',
    ];
    running = await startService({ workspaceLines: lines, env: tokenEnv(tokens) });
    service = running.service;
    api = apiClient((path, init) => service.app.request(path, init));

    const created = await api(tokens.dev, 'POST', '/api/v1/projects/shop/issues', {
      title: 'Orders',
      type: 'schema',
      files: [
        { version: '001', statement: 'CREATE TABLE orders (id bigint PRIMARY KEY, total numeric NOT NULL);' },
      ],
      targets: [{ database: db.shop }, { database: db.gone }],
    });
    expect(created.status).toBe(201);
    issueId = created.json.issue.id;
    // A low-risk change outside production waits for the project owner.
    expect((await api(tokens.owner, 'POST', `/api/v1/issues/${issueId}/approve`, {})).status).toBe(200);
    await pollUntil(`issue ${issueId} to finish`, async () => {
      const { json } = await api(tokens.dba, 'GET', `/api/v1/issues/${issueId}`);
      return ['done', 'failed'].includes(json.issue.status) ? json : null;
    }).then((json) => expect(json.issue.status).toBe('done'));
  });

  afterAll(async () => {
    await running?.close();
    await engines.closeAll();
    for (const name of Object.values(db)) await dropTargetDatabase('postgres', url, name);
  });

  it('reports in sync right after a rollout, against the migration it ran, and audits the check', async () => {
    const res = await drift(tokens.dev, 'test-db', db.shop);
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({
      instance: 'test-db',
      database: db.shop,
      environment: 'test',
      project: 'shop',
      status: 'in_sync',
      baseline: { version: '001', issueId },
      diff: null,
    });
    const audit = await service.store.audit.list({
      resourceType: 'database',
      resourceId: `test-db/${db.shop}`,
    });
    expect(audit[0]).toMatchObject({ action: 'database.drift_check', details: { status: 'in_sync' } });
  });

  it('finds a column added out of band, answers the recorded state with cached=1, and sees the repair', async () => {
    await targetQuery('postgres', url, 'ALTER TABLE orders ADD COLUMN coupon text', db.shop);
    const res = await drift(tokens.dev, 'test-db', db.shop);
    expect(res.json.status).toBe('drifted');
    expect(res.json.diff.added.some((l: string) => /coupon/.test(l))).toBe(true);
    expect(res.json.diff.removed.some((l: string) => /coupon/.test(l))).toBe(false);
    // Undo the change: the recorded state still says drifted until someone checks again.
    await targetQuery('postgres', url, 'ALTER TABLE orders DROP COLUMN coupon', db.shop);
    const cached = await drift(tokens.dev, 'test-db', db.shop, '?cached=1');
    expect(cached.json).toEqual(res.json);
    const again = await drift(tokens.dev, 'test-db', db.shop);
    expect(again.json.status).toBe('in_sync');
    expect((await drift(tokens.dev, 'test-db', db.shop, '?cached=1')).json.status).toBe('in_sync');
  });

  it('says no baseline for a database never migrated, and 404 for cached when none was recorded', async () => {
    expect((await drift(tokens.dev, 'prod-db', db.fresh, '?cached=1')).status).toBe(404);
    const res = await drift(tokens.dev, 'prod-db', db.fresh);
    expect(res.json).toMatchObject({ status: 'no_baseline', baseline: null, diff: null });
  });

  it('reports an unreachable instance with the error and keeps answering', async () => {
    const gone = (await service.store.instances.getByKey('gone-db'))!;
    await service.store.instances.update(gone.id, { url: 'postgres://postgres@127.0.0.1:1/postgres' });
    const res = await drift(tokens.dev, 'gone-db', db.gone);
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({ status: 'unreachable', baseline: { version: '001' }, diff: null });
    expect(res.json.error).toMatch(/^unreachable: /);
    expect((await drift(tokens.dev, 'test-db', db.shop)).json.status).toBe('in_sync');
  });

  it('refuses a developer of another project as history does, and 404s unknown databases', async () => {
    for (const q of ['', '?cached=1']) {
      const res = await drift(tokens.dev2, 'test-db', db.shop, q);
      expect(res.status).toBe(403);
      const history = await api(tokens.dev2, 'GET', `/api/v1/instances/test-db/databases/${db.shop}/history`);
      expect(history.status).toBe(res.status);
    }
    expect((await drift(tokens.dev, 'test-db', 'nope')).status).toBe(404);
    expect((await drift(tokens.dev, 'test-db', db.shop, '?fresh=1')).status).toBe(400);
  });

  it('answers /bytebase drift in chat: fresh with a diff preview, or the recorded states, within membership', async () => {
    await targetQuery('postgres', url, 'ALTER TABLE orders ADD COLUMN coupon text', db.shop);
    const fresh = await ask('U_DEV', `drift ${db.shop} test`);
    expect(fresh.title).toBe(`Drift of ${db.shop}`);
    expect(fresh.lines[0]).toContain('🔴 drifted');
    expect(fresh.lines[0]).toContain('since 001');
    expect(fresh.lines.some((l) => l.startsWith('  + ') && l.includes('coupon'))).toBe(true);

    const recorded = await ask('U_DEV', 'drift');
    const line = (name: string) => recorded.lines.find((l) => l.includes(`*${name}*`));
    expect(line(db.shop)).toContain('🔴 drifted');
    expect(line(db.fresh)).toContain('⚪ no baseline');
    expect(line(db.gone)).toContain('🟠 unreachable');
    expect(line(db.other)).toBeUndefined();

    const outsider = await ask('U_DEV2', `drift ${db.shop}`);
    expect(outsider.lines[0]).toContain(`no database named ${db.shop} that you can see`);
    const theirs = await ask('U_DEV2', 'drift');
    expect(theirs.lines.filter((l) => l.includes('*'))).toEqual([
      `other · *${db.other}* on test-db (test): not checked yet`,
    ]);
    expect((await ask('U_DEV', 'help')).lines.some((l) => l.includes('/bytebase drift'))).toBe(true);
  });
});
