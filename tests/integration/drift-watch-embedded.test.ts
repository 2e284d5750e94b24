// The drift watch on the embedded store (PGlite): its claims and state rows work there as on PostgreSQL, on an
// injected clock; the target is a real PostgreSQL database.
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Service } from '../../src/compose.ts';
import type { Clock } from '../../src/core/ports/clock.ts';
import type { DomainEvent } from '../../src/core/ports/events.ts';
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

describeRealDb('postgres', 'drift watch on the embedded store', (url) => {
  const name = `dwe${randomBytes(3).toString('hex')}`;
  const tokens = mintTestTokens();
  let now = Date.now();
  const clock: Clock = { now: () => now };
  let running: RunningService;
  let service: Service;
  let api: ReturnType<typeof apiClient>;
  let databaseId: number;
  const announcements = async () =>
    (await service.store.outbox.list())
      .map((e) => e.event as DomainEvent)
      .filter((e) => e.type === 'drift.changed');

  beforeAll(async () => {
    await targetQuery('postgres', url, `CREATE DATABASE ${name}`);
    running = await startService({
      workspaceLines: [
        ...workspaceHeadYaml(['test'], 'postgres', url),
        'projects:',
        '  - key: shop',
        '    databases:',
        `      - { instance: test-db, name: ${name} }`,
        '    members:',
        '      - { email: dev@example.com, role: developer }',
        '      - { email: owner@example.com, role: owner }',
      ],
      env: { ...tokenEnv(tokens), DRIFT_CHECK_INTERVAL: '30s' },
      compose: { clock },
    });
    service = running.service;
    expect(service.store.kind).toBe('pglite');
    api = apiClient((path, init) => service.app.request(path, init));
    databaseId = (await service.store.databases.list()).find((d) => d.name === name)!.id;
    const created = await api(tokens.dev, 'POST', '/api/v1/projects/shop/issues', {
      title: 'Items',
      type: 'schema',
      statement: 'CREATE TABLE items (id bigint PRIMARY KEY);',
      targets: [{ database: name }],
    });
    expect(created.status).toBe(201);
    expect(
      (await api(tokens.owner, 'POST', `/api/v1/issues/${created.json.issue.id}/approve`, {})).status,
    ).toBe(200);
    await pollUntil('the rollout', async () => {
      const { json } = await api(tokens.dba, 'GET', `/api/v1/issues/${created.json.issue.id}`);
      return json.issue.status === 'done';
    });
  }, 120_000);

  afterAll(async () => {
    await running?.close();
    await dropTargetDatabase('postgres', url, name);
  });

  it('checks on the interval, announces drift once, and takes a baseline', async () => {
    await service.driftWatch.sweep();
    now += 31_000;
    expect(await service.driftWatch.sweep()).toMatchObject({ checked: 1, announced: 0 });
    await targetQuery('postgres', url, 'CREATE INDEX items_id_desc ON items (id DESC)', name);
    now += 31_000;
    expect(await service.driftWatch.sweep()).toMatchObject({ checked: 1, announced: 1 });
    now += 31_000;
    expect(await service.driftWatch.sweep()).toMatchObject({ checked: 1, announced: 0 });
    const state = (await service.store.driftStates.get(databaseId))!;
    expect(state.status).toBe('drifted');
    expect(state.diff!.added.join('\n')).toMatch(/items_id_desc/);

    const res = await api(tokens.dba, 'POST', `/api/v1/instances/test-db/databases/${name}/baseline`, {
      reason: 'index added during the incident',
      seq: state.seq,
    });
    expect(res.status).toBe(200);
    expect(res.json.drift.status).toBe('in_sync');
    expect(
      (await announcements()).map((e) => e.type === 'drift.changed' && [e.status, !!e.baseline]),
    ).toEqual([
      ['drifted', false],
      ['in_sync', true],
    ]);
    const board = await api(tokens.dev, 'GET', '/api/v1/drift');
    expect(board.json.databases[0].last).toMatchObject({ status: 'in_sync', seq: state.seq + 1 });
  });
});
