// Embedded (PGlite) target databases run off the service's event loop: requests are answered while a long
// statement runs on one, and cancelling or timing out that statement stops it and leaves the database usable.
import { mkdtempSync, rmSync } from 'node:fs';
import { get } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPgliteEngineDriver } from '../../adapters/engines/pglite/index.ts';
import type { Service } from '../../src/compose.ts';
import type { EngineConnection } from '../../src/core/ports/engine-driver.ts';
import { type RunningService, startService } from '../support/service-fixture.ts';
import { apiClient, mintTestTokens, pollUntil, tokenEnv } from '../support/workspace-fixture.ts';

type LogEntry = { kind: string; index?: number; status?: string; message?: string };
type TaskView = {
  id: number;
  status: string;
  statusReason: string | null;
  runs: {
    status: string;
    log: LogEntry[];
    result: { status: string; outcomes: { status: string }[] } | null;
  }[];
};

/** GET on a connection of its own, so the answer is the server's, not a reused socket's. */
function getFresh(url: string, token?: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const headers = token ? { authorization: `Bearer ${token}` } : {};
    get(url, { agent: false, headers }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        body += chunk;
      });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    }).on('error', reject);
  });
}

describe('embedded target databases in worker threads', () => {
  const tokens = mintTestTokens();
  let root: string;
  let running: RunningService;
  let service: Service;
  let api: ReturnType<typeof apiClient>;
  /** What happened, in the order this process saw it: task progress from the service, answers to requests. */
  const seen: string[] = [];

  const create = async (statement: string, type: 'schema' | 'data') => {
    const res = await api(tokens.dev, 'POST', '/api/v1/projects/shop/issues', {
      title: 'Embedded change',
      type,
      statement,
      targets: [{ database: 'shop' }],
    });
    expect(res.status, JSON.stringify(res.json)).toBe(201);
    const id: number = res.json.issue.id;
    // Whoever the first approval step asks for (the project owner for low risk, a DBA otherwise) approves.
    const role: string = res.json.approvals[0].role;
    const approved = await api(
      role === 'dba' ? tokens.dba : tokens.owner,
      'POST',
      `/api/v1/issues/${id}/approve`,
      {},
    );
    expect(approved.status, JSON.stringify(approved.json)).toBe(200);
    return id;
  };
  const taskOf = async (id: number): Promise<TaskView> =>
    (await api(tokens.dba, 'GET', `/api/v1/issues/${id}`)).json.stages[0].tasks[0];
  const waitForTask = (id: number, statuses: string[]) =>
    pollUntil(`issue ${id}'s task to be ${statuses.join(' or ')}`, async () => {
      const task = await taskOf(id);
      return statuses.includes(task.status) ? task : null;
    });
  const waitToSee = (what: string) =>
    pollUntil(
      () => `to see ${what} in ${JSON.stringify(seen)}`,
      () => seen.includes(what),
      40_000,
    );

  beforeAll(async () => {
    root = mkdtempSync(join(tmpdir(), 'embedded-target-'));
    const setup = await createPgliteEngineDriver().connect({ engine: 'pglite', url: root });
    await setup.createDatabase('shop');
    await setup.close();
    running = await startService({
      http: true,
      env: tokenEnv(tokens),
      workspaceLines: [
        'environments:',
        '  - { key: test, review: { template: dev } }',
        'instances:',
        `  - { key: test-db, engine: pglite, environment: test, url: "${root}" }`,
        'users:',
        '  - { email: dba@example.com, name: Dana DBA, role: dba, tokenEnv: T_DBA }',
        '  - { email: dev@example.com, name: Devon Dev, role: developer, tokenEnv: T_DEV }',
        '  - { email: owner@example.com, name: Olivia Owner, role: developer, tokenEnv: T_OWNER }',
        'projects:',
        '  - key: shop',
        '    databases:',
        '      - { instance: test-db, name: shop }',
        '    members:',
        '      - { email: dev@example.com, role: developer }',
        '      - { email: owner@example.com, role: owner }',
      ],
    });
    service = running.service;
    api = apiClient((path, init) => fetch(`${running.baseUrl}${path}`, init));
    service.events.subscribe((e) => {
      if (e.type !== 'task.progress') return;
      const { kind, index } = e.entry;
      if (kind === 'statement_started' || kind === 'statement_finished') seen.push(`${kind} #${index}`);
    });
  });

  afterAll(async () => {
    await running?.close();
    if (root) rmSync(root, { recursive: true, force: true });
  });

  it('answers /healthz and an API read while a long statement runs on an embedded target', async () => {
    seen.length = 0;
    const id = await create('SELECT pg_sleep(30);', 'data');
    await waitToSee('statement_started #0');

    const health = await getFresh(`${running.baseUrl}/healthz`);
    seen.push(`healthz ${health.status}`);
    const read = await getFresh(`${running.baseUrl}/api/v1/issues/${id}`, tokens.dba);
    seen.push(`issue read ${read.status} ${JSON.parse(read.body).stages[0].tasks[0].status}`);

    // Both answers arrived while the statement was still running: it has not finished yet.
    expect(seen).toEqual(['statement_started #0', 'healthz 200', 'issue read 200 running']);

    expect((await api(tokens.dev, 'POST', `/api/v1/issues/${id}/cancel`)).status).toBe(200);
    expect((await waitForTask(id, ['canceled', 'done', 'failed'])).status).toBe('canceled');
  });

  it('cancels a long statement on an embedded target, reports it, and the database stays usable', async () => {
    seen.length = 0;
    const id = await create(
      'CREATE TABLE before_sleep (id bigint PRIMARY KEY);\nSELECT pg_sleep(60);\nCREATE TABLE after_sleep (id bigint PRIMARY KEY);',
      'schema',
    );
    await waitToSee('statement_started #1');
    expect((await api(tokens.dev, 'POST', `/api/v1/issues/${id}/cancel`)).status).toBe(200);

    const task = await waitForTask(id, ['canceled', 'done', 'failed']);
    expect(task.status).toBe('canceled');
    expect(task.statusReason).toBe('cancelled after 0 of 3 statements applied');
    const [run] = task.runs;
    expect(run?.status).toBe('canceled');
    expect(run?.result?.status).toBe('cancelled');
    // The script ran in one transaction: the table made before the sleep went with the stopped statement.
    expect(run?.result?.outcomes.map((o) => o.status)).toEqual(['rolled_back', 'failed', 'not_run']);
    expect(run?.log.find((e) => e.kind === 'statement_finished' && e.index === 1)).toMatchObject({
      status: 'failed',
      message: '57014: canceling statement due to user request',
    });

    // The database reopens after the stop: the next change applies, and the schema shows only what committed.
    const next = await create('CREATE TABLE after_cancel (id bigint PRIMARY KEY);', 'schema');
    expect((await waitForTask(next, ['done', 'failed', 'canceled'])).status).toBe('done');
    const history = await api(tokens.dba, 'GET', '/api/v1/instances/test-db/databases/shop/history');
    const latest = history.json.history.find((h: { issueId: number }) => h.issueId === next);
    expect(latest.schemaAfter).toContain('CREATE TABLE public.after_cancel');
    expect(latest.schemaAfter).not.toContain('before_sleep');
    expect(latest.schemaAfter).not.toContain('after_sleep');
  });
});

describe('embedded target driver: stopping a running statement', () => {
  let root: string;
  let conn: EngineConnection;
  beforeAll(async () => {
    root = mkdtempSync(join(tmpdir(), 'embedded-driver-'));
    conn = await createPgliteEngineDriver().connect({ engine: 'pglite', url: root });
    await conn.createDatabase('app');
  });
  afterAll(async () => {
    await conn?.close();
    if (root) rmSync(root, { recursive: true, force: true });
  });

  it('stops a statement that outlives the statement timeout and reports 57014', async () => {
    const result = await conn.execute('CREATE TABLE t_timeout (id int);\nSELECT pg_sleep(60);', {
      database: 'app',
      statementTimeoutMs: 500,
    });
    expect(result.status).toBe('failed');
    expect(result.outcomes.map((o) => o.status)).toEqual(['rolled_back', 'failed']);
    expect(result.outcomes[1]!.error).toEqual({
      code: '57014',
      message: 'canceling statement due to statement timeout',
    });
    expect(await conn.dumpSchema('app')).not.toContain('t_timeout');
  });

  it('keeps what a script committed, discards its open transaction, and serves a read that waited', async () => {
    const controller = new AbortController();
    const order: string[] = [];
    let waitingRead: Promise<string> | undefined;
    const result = await conn.execute(
      'CREATE TABLE kept (id int);\nBEGIN;\nINSERT INTO kept VALUES (1);\nSELECT pg_sleep(60);\nCOMMIT;',
      {
        database: 'app',
        signal: controller.signal,
        onProgress: (e) => {
          if (e.kind !== 'statement_started' || e.index !== 3) return;
          // A schema read queued behind the running statement waits for it rather than failing with it.
          waitingRead = conn.dumpSchema('app').then((text) => {
            order.push('schema read answered');
            return text;
          });
          setTimeout(() => {
            order.push('cancel');
            controller.abort();
          }, 200);
        },
      },
    );
    order.push('execute returned');
    expect(result.status).toBe('cancelled');
    expect(result.mode).toBe('statements');
    expect(result.outcomes.map((o) => o.status)).toEqual([
      'done',
      'rolled_back',
      'rolled_back',
      'failed',
      'not_run',
    ]);
    expect(result.outcomes[3]!.error?.code).toBe('57014');
    expect(result.appliedCount).toBe(1);
    expect(await waitingRead).toContain('CREATE TABLE public.kept');
    expect(order).toEqual(['cancel', 'execute returned', 'schema read answered']);
    const count = await conn.execute('SELECT * FROM kept', { database: 'app' });
    expect(count.outcomes[0]!.rowsAffected).toBe(0);
  });

  it('answers serverVersion while a statement runs in the database', async () => {
    const controller = new AbortController();
    let version: string | undefined;
    const result = await conn.execute('SELECT pg_sleep(60);', {
      database: 'app',
      signal: controller.signal,
      onProgress: (e) => {
        if (e.kind !== 'statement_started') return;
        void conn.serverVersion().then((v) => {
          version = v;
          controller.abort();
        });
      },
    });
    expect(version).toMatch(/\(PGlite\)$/);
    expect(result.status).toBe('cancelled');
  });
});
