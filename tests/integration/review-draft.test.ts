// POST /projects/{project}/review on the demo workspace: advice per environment, nothing created, precise refusals.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { composeService, type Service } from '../../src/compose.ts';
import { loadConfig } from '../../src/config.ts';
import { silentLogger } from '../../src/core/ports/clock.ts';

interface Advice {
  database: string;
  rule: string;
  level: string;
  message: string;
  line: number;
  column: number;
}
interface DraftReview {
  review: {
    environments: { environment: string; template: string; errorCount: number; advice: Advice[] }[];
    errorCount: number;
    warningCount: number;
  };
  risk: string;
  targets: { environment: string; database: string; instance: string; engine: string }[];
  approval: { steps?: string[]; problem?: string };
}

describe('review of a draft change', () => {
  let service: Service;
  let tokens: Record<string, string>;
  const call = async (method: string, path: string, token: string | undefined, body?: unknown) =>
    service.app.request(`/api/v1${path}`, {
      method,
      headers: {
        ...(token ? { authorization: `Bearer ${token}` } : {}),
        'content-type': 'application/json',
      },
      body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    });
  const review = (body: unknown, token = tokens['dev@example.com'], project = 'demo') =>
    call('POST', `/projects/${project}/review`, token, body);
  const errorOf = async (res: Response) =>
    ((await res.json()) as { error: { code: string; message: string } }).error;
  const issueCount = async () => {
    const res = await call('GET', '/issues?limit=200', tokens['admin@example.com']);
    return ((await res.json()) as { issues: unknown[] }).issues.length;
  };

  beforeAll(async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'review-draft-'));
    service = await composeService(loadConfig({ DATA_DIR: dataDir, PORT: '0' }), silentLogger);
    tokens = Object.fromEntries((service.demoTokens ?? []).map((t) => [t.email, t.token]));
  });
  afterAll(async () => service?.close());

  it('answers the advice per target environment, in rollout order, and creates nothing', async () => {
    const before = await issueCount();
    const audit = async () => (await call('GET', '/audit', tokens['admin@example.com'])).json();
    const auditBefore = await audit();
    const res = await review({
      type: 'schema',
      statement: 'SELECT 1;\ncreate table t (id int)',
      targets: [{ environment: 'prod', database: 'shop' }, { environment: 'test' }],
    });
    expect(res.status).toBe(200);
    const body = (await res.json()) as DraftReview;
    expect(body.review.environments.map((e) => [e.environment, e.template])).toEqual([
      ['test', 'dev'],
      ['prod', 'prod'],
    ]);
    expect(body.targets.map((t) => `${t.environment}/${t.database}`)).toEqual([
      'test/inventory',
      'test/shop',
      'prod/shop',
    ]);
    const testEnv = body.review.environments[0]!;
    expect(testEnv.advice).toContainEqual({
      database: 'shop',
      version: null,
      rule: 'table.require-pk',
      level: 'error',
      message: 'table "t" has no primary key',
      line: 2,
      column: 14,
    });
    const prod = body.review.environments[1]!;
    // The prod template asks for more than the dev one does.
    expect(prod.advice.length).toBeGreaterThan(testEnv.advice.length / 2);
    expect(prod.advice.every((a) => a.database === 'shop')).toBe(true);
    expect(body.review.errorCount).toBe(body.review.environments.reduce((n, e) => n + e.errorCount, 0));
    expect(body.approval).toEqual({ steps: ['dba'] });
    expect(await issueCount()).toBe(before);
    expect(await audit()).toEqual(auditBefore);
  });

  it('answers a clean statement without advice and a risky one with its risk and steps', async () => {
    const clean = (await (
      await review({
        type: 'schema',
        title: 'Add a table',
        statement: 'CREATE TABLE t (id bigint PRIMARY KEY);',
        targets: [{ environment: 'test', database: 'shop' }],
      })
    ).json()) as DraftReview;
    expect(clean.review).toMatchObject({ errorCount: 0, warningCount: 0 });
    expect(clean.review.environments).toEqual([
      { environment: 'test', template: 'dev', errorCount: 0, warningCount: 0, risk: 'low', advice: [] },
    ]);
    expect(clean.approval).toEqual({ steps: ['project_owner'] });

    const risky = (await (
      await review({ type: 'data', statement: 'DELETE FROM orders', targets: [{ environment: 'prod' }] })
    ).json()) as DraftReview;
    expect(risky.risk).toBe('high');
    expect(risky.approval).toEqual({ steps: ['dba', 'project_owner'] });
    expect(risky.review.environments[0]!.advice[0]).toMatchObject({
      rule: 'statement.where.require.update-delete',
      level: 'error',
      line: 1,
    });
  });

  it('reviews files by version and a baseline as nothing to review', async () => {
    const files = (await (
      await review({
        type: 'schema',
        files: [
          { version: '2', statement: 'create table b (id int)' },
          { version: '1', statement: 'CREATE TABLE a (id bigint PRIMARY KEY);' },
        ],
        targets: [{ environment: 'test', database: 'shop' }],
      })
    ).json()) as DraftReview;
    expect(files.review.environments[0]!.advice.map((a) => a.rule)).toContain('table.require-pk');
    expect(
      (files.review.environments[0]!.advice as (Advice & { version: string })[]).every(
        (a) => a.version === '2',
      ),
    ).toBe(true);

    const baseline = await review({ type: 'baseline', targets: [{ environment: 'test' }] });
    expect(baseline.status).toBe(200);
    expect(((await baseline.json()) as DraftReview).review).toEqual({
      environments: [],
      errorCount: 0,
      warningCount: 0,
    });
  });

  it('refuses bad input with a precise 400', async () => {
    const cases: [unknown, string][] = [
      ['[1]', 'body: a JSON object with type, statement or files, and targets is expected'],
      ['{"type":', 'malformed JSON body'],
      [{ statement: 'select 1', targets: [{}] }, 'type:'],
      [{ type: 'schema', statement: 'select 1', targets: [] }, 'targets: at least one target is required'],
      [{ type: 'schema', targets: [{ environment: 'test' }] }, 'statement: give either statement or files'],
      [
        { type: 'schema', statement: '   ', targets: [{ environment: 'test' }] },
        'statement: a statement is empty',
      ],
      [
        { type: 'schema', statement: '-- nothing\n;', targets: [{ environment: 'test' }] },
        'statement: there is no SQL statement in it, only blanks, semicolons or comments',
      ],
      [
        { type: 'schema', statement: 'select 1', targets: [{ environment: 'qa' }] },
        'targets[0].environment: unknown environment "qa"',
      ],
      [
        {
          type: 'schema',
          statement: 'select 1',
          targets: [{ environment: 'staging', database: 'inventory' }],
        },
        'targets[0]: no database of project demo matches {"environment":"staging","database":"inventory"}',
      ],
      [
        { type: 'schema', statement: 'select 1', targets: [{ environment: 'test' }], origin: 'gitlab' },
        'Unrecognized key: "origin"',
      ],
      [
        {
          type: 'schema',
          statement: 'select 1',
          targets: [{ environment: 'test' }],
          runAt: '2026-12-24 06:00',
        },
        'runAt must be an ISO 8601 date-time with a time zone',
      ],
      [
        {
          type: 'schema',
          statement: 'select 1',
          targets: [{ environment: 'test' }],
          runAt: '2001-01-01T00:00:00Z',
        },
        'runAt 2001-01-01T00:00:00.000Z is in the past',
      ],
    ];
    for (const [body, message] of cases) {
      const res = await review(body);
      const error = await errorOf(res);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(error.code).toBe('bad_request');
      expect(error.message, JSON.stringify(body)).toContain(message);
    }
  });

  it('lets project members, DBAs and owners review, refuses others and unknown projects', async () => {
    const body = {
      type: 'schema',
      statement: 'CREATE TABLE t (id bigint PRIMARY KEY);',
      targets: [{ environment: 'test' }],
    };
    for (const email of ['dev@example.com', 'owner@example.com', 'dba@example.com', 'admin@example.com'])
      expect((await review(body, tokens[email])).status, email).toBe(200);

    const admin = tokens['admin@example.com'];
    const added = await call('POST', '/users', admin, {
      email: 'nina@example.com',
      name: 'Nina',
      role: 'developer',
    });
    expect(added.status).toBe(201);
    const minted = await call('POST', '/users/nina@example.com/tokens', admin, { name: 'test' });
    const { token } = (await minted.json()) as { token: string };
    const outsider = await review(body, token);
    expect(outsider.status).toBe(403);
    expect((await errorOf(outsider)).message).toBe('you are not a member of this project');

    const missing = await review(body, tokens['dev@example.com'], 'nope');
    expect(missing.status).toBe(404);
    expect(await errorOf(missing)).toMatchObject({ code: 'not_found', message: 'project "nope" not found' });

    expect((await call('POST', '/projects/demo/review', undefined, body)).status).toBe(401);
  });
});
