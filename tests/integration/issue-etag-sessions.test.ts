// GET /issues/{id} answers a strong ETag and 304 while nothing changed; the sessions view of a running task
// lists the target database's real PostgreSQL sessions, and engines without one answer 409.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { composeService, type Service } from '../../src/compose.ts';
import { loadConfig } from '../../src/config.ts';
import { silentLogger } from '../../src/core/ports/clock.ts';
import { IssueView, TaskSessions } from '../../src/http/openapi/operations/issues.ts';
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

type Api = ReturnType<typeof apiClient>;

/** Approves every waiting step with the token that holds its role, accepting review errors with a reason. */
async function approveAll(api: Api, tokens: Record<'dba' | 'owner', string>, issueId: number) {
  for (let i = 0; i < 5; i++) {
    const { json } = await api(tokens.dba, 'GET', `/api/v1/issues/${issueId}`);
    if (json.issue.status !== 'pending_approval') return;
    const step = json.approvals.find((a: { status: string }) => a.status === 'pending');
    const res = await api(
      step.role === 'dba' ? tokens.dba : tokens.owner,
      'POST',
      `/api/v1/issues/${issueId}/approve`,
      {
        round: step.round,
        step: step.step,
        ...(json.issue.review?.errorCount ? { overrideReason: 'accepted in the test' } : {}),
      },
    );
    expect(res.status, JSON.stringify(res.json)).toBe(200);
  }
}

describe('issue ETag on the demo workspace', () => {
  let service: Service;
  let tokens: Record<string, string>;
  const request = (path: string, headers: Record<string, string> = {}) =>
    service.app.request(path, {
      headers: { authorization: `Bearer ${tokens['admin@example.com']}`, ...headers },
    });

  beforeAll(async () => {
    service = await composeService(
      loadConfig({ DATA_DIR: mkdtempSync(join(tmpdir(), 'etag-')), PORT: '0' }),
      silentLogger,
      { startScheduler: false },
    );
    tokens = Object.fromEntries((service.demoTokens ?? []).map((t) => [t.email, t.token]));
  });
  afterAll(async () => service?.close());

  it('answers 304 to a matching If-None-Match, and a new ETag once the issue changed', async () => {
    const api = apiClient((path, init) => service.app.request(path, init));
    const created = await api(tokens['dev@example.com']!, 'POST', '/api/v1/projects/demo/issues', {
      title: 'etag',
      type: 'schema',
      statement: 'CREATE TABLE etag_t (id bigint PRIMARY KEY);',
      targets: [{}],
    });
    expect(created.status).toBe(201);
    const id = created.json.issue.id as number;
    // The card's delivery changes the issue's view (its undelivered effects); wait until that settled.
    await pollUntil('the card delivered', async () => {
      const res = await request(`/api/v1/issues/${id}`);
      return ((await res.json()) as { undelivered: unknown[] }).undelivered.length === 0;
    });
    const first = await request(`/api/v1/issues/${id}`);
    expect(first.status).toBe(200);
    const tag = first.headers.get('etag');
    expect(tag).toMatch(/^"[^"]+"$/); // strong: no W/ prefix
    expect(first.headers.get('cache-control')).toContain('no-cache');
    const body = await first.json();
    expect(IssueView.safeParse(body).success).toBe(true);

    const again = await request(`/api/v1/issues/${id}`, { 'if-none-match': tag! });
    expect(again.status).toBe(304);
    expect(again.headers.get('etag')).toBe(tag);
    expect(await again.text()).toBe('');
    // A list of tags matches when one of them does; another tag does not.
    expect((await request(`/api/v1/issues/${id}`, { 'if-none-match': `"nope", ${tag}` })).status).toBe(304);
    const other = await request(`/api/v1/issues/${id}`, { 'if-none-match': '"nope"' });
    expect(other.status).toBe(200);
    expect(await other.json()).toEqual(body);

    const canceled = await api(tokens['dev@example.com']!, 'POST', `/api/v1/issues/${id}/cancel`);
    expect(canceled.status).toBe(200);
    const changed = await request(`/api/v1/issues/${id}`, { 'if-none-match': tag! });
    expect(changed.status).toBe(200);
    expect(changed.headers.get('etag')).not.toBe(tag);
    expect(((await changed.json()) as { issue: { status: string } }).issue.status).toBe('canceled');
    // Errors carry no ETag and are never 304.
    const missing = await request('/api/v1/issues/999999', { 'if-none-match': '*' });
    expect(missing.status).toBe(404);
  });

  it('answers 409 for the sessions of a task on an engine without a sessions view', async () => {
    const api = apiClient((path, init) => service.app.request(path, init));
    const created = await api(tokens['dev@example.com']!, 'POST', '/api/v1/projects/demo/issues', {
      title: 'sessions on pglite',
      type: 'schema',
      statement: 'CREATE TABLE s_t (id bigint PRIMARY KEY);',
      targets: [{}],
    });
    const task = created.json.stages[0].tasks[0];
    expect(task.engine).toBe('pglite');
    const res = await api(
      tokens['admin@example.com']!,
      'GET',
      `/api/v1/issues/${created.json.issue.id}/tasks/${task.id}/sessions`,
    );
    expect(res.status).toBe(409);
    expect(res.json.error.message).toContain('has no sessions view');
    const wrong = await api(
      tokens['admin@example.com']!,
      'GET',
      `/api/v1/issues/${created.json.issue.id}/tasks/999999/sessions`,
    );
    expect(wrong.status).toBe(404);
  });
});

describeRealDb('postgres', 'task sessions view', (url) => {
  let running: RunningService;
  const tokens = mintTestTokens();
  const name = `ses${Date.now().toString(36)}_test_shop`;
  let api: Api;

  beforeAll(async () => {
    await targetQuery('postgres', url, `CREATE DATABASE ${name}`);
    await targetQuery('postgres', url, 'CREATE TABLE held (id bigint PRIMARY KEY)', name);
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
        '  - key: secret',
        '    members:',
        '      - { email: dev2@example.com, role: owner }',
      ],
      env: tokenEnv(tokens),
    });
    api = apiClient((path, init) => running.service.app.request(path, init));
  });
  afterAll(async () => {
    await running?.close();
    await dropTargetDatabase('postgres', url, name);
  });

  it("lists the sessions on a running task's database to DBAs and project owners only", async () => {
    // A session of ours holds a lock, so the task's ALTER waits on it and stays running while we look.
    const holder = postgres(url, { max: 1, database: name, onnotice: () => {} });
    let release: () => void = () => {};
    const released = new Promise<void>((r) => {
      release = r;
    });
    const held = holder.begin(async (tx) => {
      await tx`LOCK TABLE held IN ACCESS EXCLUSIVE MODE`;
      await released;
    });
    try {
      const created = await api(tokens.dev, 'POST', '/api/v1/projects/shop/issues', {
        title: 'waits on a lock',
        type: 'schema',
        statement: 'ALTER TABLE held ADD COLUMN note text;',
        targets: [{ environment: 'test' }],
      });
      expect(created.status, JSON.stringify(created.json)).toBe(201);
      const id = created.json.issue.id as number;
      const taskId = created.json.stages[0].tasks[0].id as number;
      await approveAll(api, tokens, id);
      await pollUntil('the task runs', async () => {
        const { json } = await api(tokens.dba, 'GET', `/api/v1/issues/${id}`);
        return json.stages[0].tasks[0].status === 'running';
      });
      const path = `/api/v1/issues/${id}/tasks/${taskId}/sessions`;
      const seen = await pollUntil('the waiting ALTER among the sessions', async () => {
        const res = await api(tokens.owner, 'GET', path);
        expect(res.status, JSON.stringify(res.json)).toBe(200);
        return res.json.sessions.some((s: { query: string | null }) => s.query?.includes('ADD COLUMN note'))
          ? res.json
          : null;
      });
      expect(seen).toMatchObject({
        issueId: id,
        taskId,
        instance: 'test-db',
        database: name,
        engine: 'postgres',
      });
      const parsed = TaskSessions.safeParse(seen);
      expect(parsed.success ? null : parsed.error.issues).toBeNull();
      expect(seen.sessions.every((s: { database: string }) => s.database === name)).toBe(true);
      expect(seen.sessions.some((s: { query: string | null }) => s.query?.includes('LOCK TABLE held'))).toBe(
        true,
      );
      expect(seen.sessions[0]).toEqual({
        pid: expect.any(String),
        user: expect.any(String),
        database: name,
        state: expect.any(String),
        query: expect.any(String),
        startedAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
      });
      expect((await api(tokens.dba, 'GET', path)).status).toBe(200);
      // The project's developers read the issue but not what other connections run; outsiders neither.
      const developer = await api(tokens.dev, 'GET', path);
      expect(developer.status).toBe(403);
      expect(developer.json.error.message).toContain("only DBAs and the project's owners");
      const stranger = await api(tokens.dev2, 'GET', path);
      expect(stranger.status).toBe(403);

      release();
      await held;
      await pollUntil('the task finishes', async () => {
        const { json } = await api(tokens.dba, 'GET', `/api/v1/issues/${id}`);
        return json.issue.status === 'done';
      });
    } finally {
      release();
      await held.catch(() => {});
      await holder.end();
    }
  });
});
