// The drift board (GET /api/v1/drift) on a real PostgreSQL target: every visible database with its last
// recorded check, read without connecting, within project membership.
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { z } from 'zod';
import type { Service } from '../../src/compose.ts';
import { DriftBoard } from '../../src/http/openapi/operations/databases.ts';
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

describeRealDb('postgres', 'drift board', (url) => {
  const prefix = `dl${randomBytes(3).toString('hex')}`;
  const db = { shop: `${prefix}_shop`, fresh: `${prefix}_fresh`, other: `${prefix}_other` };
  const tokens = mintTestTokens();
  let running: RunningService;
  let service: Service;
  let api: ReturnType<typeof apiClient>;
  let issueId: number;
  const board = async (token: string) => {
    const res = await api(token, 'GET', '/api/v1/drift');
    expect(res.status).toBe(200);
    const parsed = DriftBoard.safeParse(res.json);
    expect(parsed.success ? null : parsed.error.issues.slice(0, 3)).toBeNull();
    return res.json as z.infer<typeof DriftBoard>;
  };
  const entry = (b: Awaited<ReturnType<typeof board>>, name: string) =>
    b.databases.find((d) => d.target.database === name);

  beforeAll(async () => {
    for (const name of Object.values(db)) await targetQuery('postgres', url, `CREATE DATABASE ${name}`);
    running = await startService({
      workspaceLines: [
        ...workspaceHeadYaml(['test'], 'postgres', url),
        'projects:',
        '  - key: shop',
        '    databases:',
        `      - { instance: test-db, name: ${db.shop} }`,
        `      - { instance: test-db, name: ${db.fresh} }`,
        '    members:',
        '      - { email: dev@example.com, role: developer }',
        '      - { email: owner@example.com, role: owner }',
        '  - key: other',
        '    databases:',
        `      - { instance: test-db, name: ${db.other} }`,
        '    members:',
        '      - { email: dev2@example.com, role: developer }',
      ],
      env: tokenEnv(tokens),
    });
    service = running.service;
    api = apiClient((path, init) => service.app.request(path, init));
    const created = await api(tokens.dev, 'POST', '/api/v1/projects/shop/issues', {
      title: 'Orders',
      type: 'schema',
      files: [{ version: '001', statement: 'CREATE TABLE orders (id bigint PRIMARY KEY);' }],
      targets: [{ database: db.shop }],
    });
    expect(created.status).toBe(201);
    issueId = created.json.issue.id;
    expect((await api(tokens.owner, 'POST', `/api/v1/issues/${issueId}/approve`, {})).status).toBe(200);
    const done = await pollUntil(`issue ${issueId} to finish`, async () => {
      const { json } = await api(tokens.dba, 'GET', `/api/v1/issues/${issueId}`);
      return ['done', 'failed'].includes(json.issue.status) ? json : null;
    });
    expect(done.issue.status).toBe('done');
  });

  afterAll(async () => {
    await running?.close();
    for (const name of Object.values(db)) await dropTargetDatabase('postgres', url, name);
  });

  it('lists every database the DBA can see, never checked, without checking any', async () => {
    const b = await board(tokens.dba);
    for (const name of Object.values(db)) {
      expect(entry(b, name)).toEqual({
        target: {
          instance: 'test-db',
          database: name,
          environment: 'test',
          project: name === db.other ? 'other' : 'shop',
        },
        last: null,
      });
    }
    // Reading the board records nothing: no check was audited.
    const audit = await service.store.audit.list({
      resourceType: 'database',
      resourceId: `test-db/${db.shop}`,
    });
    expect(audit.filter((a) => a.action === 'database.drift_check')).toEqual([]);
  });

  it('shows the last recorded check with its diff and baseline, and keeps it until the next check', async () => {
    await targetQuery('postgres', url, 'ALTER TABLE orders ADD COLUMN note text', db.shop);
    const check = await api(tokens.dba, 'GET', `/api/v1/instances/test-db/databases/${db.shop}/drift`);
    expect(check.json.status).toBe('drifted');
    expect(
      (await api(tokens.dev, 'GET', `/api/v1/instances/test-db/databases/${db.fresh}/drift`)).json.status,
    ).toBe('no_baseline');
    // Repaired out of band: the board still answers what was recorded, because it does not connect.
    await targetQuery('postgres', url, 'ALTER TABLE orders DROP COLUMN note', db.shop);
    const b = await board(tokens.dev);
    const shop = entry(b, db.shop)!;
    expect(shop.last).toEqual(check.json);
    expect(shop.last).toMatchObject({ status: 'drifted', baseline: { version: '001', issueId } });
    expect(shop.last!.diff!.added.some((l: string) => /note/.test(l))).toBe(true);
    expect(entry(b, db.fresh)!.last).toMatchObject({ status: 'no_baseline', baseline: null, diff: null });
    // A fresh check replaces the record.
    await api(tokens.dba, 'GET', `/api/v1/instances/test-db/databases/${db.shop}/drift`);
    expect(entry(await board(tokens.dba), db.shop)!.last!.status).toBe('in_sync');
  });

  it("leaves out other projects' databases for a developer", async () => {
    expect((await board(tokens.dev)).databases.map((d) => d.target.database).sort()).toEqual(
      [db.fresh, db.shop].sort(),
    );
    expect((await board(tokens.dev2)).databases.map((d) => d.target.database)).toEqual([db.other]);
  });
});
