// Approvals a DBA can trust: decisions act on the step the person saw, racing decisions never answer 5xx,
// every issue can be decided, lists are right at any size, and hostile or careless input gets a precise 4xx.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { answerCommand } from '../../src/core/chat/commands.ts';
import type { NoticeMessage } from '../../src/core/messages/types.ts';
import { silentLogger, systemClock } from '../../src/core/ports/clock.ts';
import { latch } from '../support/latch.ts';
import { realDbUrl } from '../support/real-dbs.ts';
import { type Harness, startRolloutHarness } from '../support/rollout-harness.ts';
import { pollUntil, targetQuery } from '../support/workspace-fixture.ts';

const postgresUrl = realDbUrl('postgres');
if (!postgresUrl && process.env.REQUIRE_REAL_DBS === '1')
  throw new Error('TEST_POSTGRES_URL is not set but REQUIRE_REAL_DBS=1: a real postgres server is required');

/** The same suite with the service's own store embedded and on PostgreSQL. */
const stores = postgresUrl
  ? ([
      ['embedded store', undefined],
      ['PostgreSQL store', postgresUrl],
    ] as const)
  : [];

// The suite's targets are PostgreSQL databases: without a server it is reported as skipped, with the reason.
if (!postgresUrl) {
  console.warn(
    'skipping "trustworthy approvals": set TEST_POSTGRES_URL to run it against a real postgres server',
  );
  describe.skip('trustworthy approvals', () => it.skip('needs TEST_POSTGRES_URL', () => {}));
}

const HIGH_RISK = "SET lock_timeout = '1s';\nTRUNCATE TABLE t_missing;";

for (const [storeName, storeUrl] of stores)
  describe(`trustworthy approvals [${storeName}]`, () => {
    let h: Harness;
    let seq = 0;
    beforeAll(async () => {
      h = await startRolloutHarness({
        engine: 'postgres',
        adminUrl: postgresUrl!,
        databases: ['shop'],
        ...(storeUrl ? { storeUrl } : {}),
      });
    });
    afterAll(async () => h?.close());

    const create = async (body: Record<string, unknown>, token = h.tokens.dev) => {
      seq += 1;
      const res = await h.api(token, 'POST', '/api/v1/projects/shop/issues', {
        title: `change ${seq}`,
        type: 'schema',
        statement: `CREATE TABLE trust_${seq} (id int PRIMARY KEY);`,
        targets: [{ environment: 'prod' }],
        ...body,
      });
      expect(res.status, JSON.stringify(res.json)).toBe(201);
      return res.json;
    };
    const post = (token: string, path: string, body?: unknown) => h.api(token, 'POST', path, body);
    const OVERRIDE = { overrideReason: 'checked by hand' };

    it('acts only on the step the approver saw: a stale step-1 decision never decides step 2', async () => {
      const issue = await create({ statement: HIGH_RISK });
      const id = issue.issue.id;
      expect(issue.approvals.map((a: { role: string; step: number }) => [a.step, a.role])).toEqual([
        [1, 'dba'],
        [2, 'project_owner'],
      ]);
      expect(
        (await post(h.tokens.dba, `/api/v1/issues/${id}/approve`, { round: 1, step: 1, ...OVERRIDE })).status,
      ).toBe(200);
      // The owner's screen still shows step 1: their decision names it and is refused, saying what happened.
      const stale = await post(h.tokens.owner, `/api/v1/issues/${id}/approve`, { round: 1, step: 1 });
      expect(stale.status).toBe(409);
      expect(stale.json.error.message).toBe(
        `step 1 of issue ${id} (round 1) is already approved; nothing was decided`,
      );
      expect(stale.json.error.details).toMatchObject({
        decision: 'approved',
        decidedBy: { email: 'dba@example.com' },
      });
      const staleReject = await post(h.tokens.owner, `/api/v1/issues/${id}/reject`, {
        round: 1,
        step: 1,
        reason: 'no',
      });
      expect(staleReject.status).toBe(409);
      const view = (await h.api(h.tokens.dba, 'GET', `/api/v1/issues/${id}`)).json;
      expect(view.approvals.map((a: { status: string }) => a.status)).toEqual(['approved', 'pending']);
      // Chat numbers the steps as the API does.
      const owner = (await h.service.store.principals.findByEmail('owner@example.com'))!;
      const answer = (await answerCommand(
        { store: h.service.store, actor: owner, clock: systemClock, logger: silentLogger, requestId: null },
        `issue ${id}`,
        (n) => `http://x/issues/${n}`,
      )) as NoticeMessage;
      expect(answer.lines.filter((l) => l.startsWith('step '))).toEqual([
        'step 1 (dba): approved by Dana DBA',
        'step 2 (project_owner): pending',
      ]);
      expect((await post(h.tokens.owner, `/api/v1/issues/${id}/approve`, { round: 1, step: 3 })).status).toBe(
        404,
      );
      expect((await post(h.tokens.owner, `/api/v1/issues/${id}/approve`, { step: 2 })).status).toBe(400);
      const right = await post(h.tokens.owner, `/api/v1/issues/${id}/approve`, { round: 1, step: 2 });
      expect(right.status).toBe(200);
      expect(right.json.issue.status).not.toBe('pending_approval');
      expect(right.json.issue.approvedAt).toEqual(expect.any(String));
    });

    it('answers racing approve, reject and cancel with one winner and clean 409s, never a 5xx', async () => {
      const pairs = 12;
      const issues = [];
      for (let i = 0; i < pairs; i++) issues.push((await create({})).issue.id as number);
      const answers = await Promise.all(
        issues.map(async (id) => {
          const [approve, cancel] = await Promise.all([
            post(h.tokens.dba, `/api/v1/issues/${id}/approve`, OVERRIDE),
            post(h.tokens.dev, `/api/v1/issues/${id}/cancel`),
          ]);
          return { id, approve, cancel };
        }),
      );
      for (const { id, approve, cancel } of answers) {
        expect(
          [approve.status, cancel.status].every((s) => s === 200 || s === 409),
          `issue ${id}`,
        ).toBe(true);
        const v = (await h.api(h.tokens.dba, 'GET', `/api/v1/issues/${id}`)).json;
        if (approve.status === 200) expect(v.approvals[0]).toMatchObject({ status: 'approved' });
        else {
          expect(approve.json.error.message).toMatch(/canceled; there is nothing to decide/);
          expect(v.approvals[0].status).toBe('superseded');
        }
        if (cancel.status === 200) expect(v.issue.status).toBe('canceled');
        else expect(cancel.json.error.details.status).toMatch(/running|done|failed/);
      }
      // Two approvals, a rejection and a cancel at once on each issue.
      const more = [];
      for (let i = 0; i < 6; i++) more.push((await create({})).issue.id as number);
      const mixed = await Promise.all(
        more.flatMap((id) => [
          post(h.tokens.dba, `/api/v1/issues/${id}/approve`, OVERRIDE),
          post(h.tokens.dba, `/api/v1/issues/${id}/approve`, OVERRIDE),
          post(h.tokens.dba, `/api/v1/issues/${id}/reject`, { reason: 'not now' }),
          post(h.tokens.dev, `/api/v1/issues/${id}/cancel`),
        ]),
      );
      expect(mixed.filter((r) => r.status >= 500)).toEqual([]);
      expect(mixed.every((r) => r.status === 200 || r.status === 409)).toBe(true);
      for (const [i, id] of more.entries()) {
        const decisions = mixed.slice(i * 4, i * 4 + 3).filter((r) => r.status === 200);
        expect(decisions.length, `issue ${id}: one approve or reject wins at most`).toBeLessThanOrEqual(1);
        const audit = await h.service.store.audit.list({ resourceType: 'issue', resourceId: String(id) });
        expect(audit.filter((a) => a.action === 'issue.approve' || a.action === 'issue.reject').length).toBe(
          decisions.length,
        );
      }
    });

    it.runIf(storeUrl)(
      'lets a cancel that lands inside an approval wait its turn instead of deadlocking',
      async () => {
        const id = (await create({})).issue.id as number;
        const store = h.service.store;
        const original = store.transaction.bind(store);
        const reached = latch();
        const released = latch();
        let armed = true;
        // Hold the approval inside its transaction right after it recorded the decision, until the cancel is
        // waiting on a lock: the interleaving in which opposite lock orders deadlock.
        store.transaction = (fn) =>
          original(async (tx) => {
            const decide = tx.approvals.decide.bind(tx.approvals);
            tx.approvals.decide = async (input) => {
              const row = await decide(input);
              if (armed && input.issueId === id) {
                armed = false;
                reached.open();
                await released.wait;
              }
              return row;
            };
            return fn(tx);
          });
        try {
          const approve = post(h.tokens.dba, `/api/v1/issues/${id}/approve`, OVERRIDE);
          await reached.wait;
          const cancel = post(h.tokens.dev, `/api/v1/issues/${id}/cancel`);
          await pollUntil('the cancel to wait on a lock', async () => {
            const rows = (await targetQuery(
              'postgres',
              storeUrl!,
              `select count(*)::int as n from pg_stat_activity where datname = '${h.storeDatabase}' and wait_event_type = 'Lock'`,
            )) as { n: number }[];
            return rows[0]!.n > 0;
          });
          released.open();
          const [a, c] = await Promise.all([approve, cancel]);
          expect([a.status, c.status]).toEqual([200, 200]);
        } finally {
          store.transaction = original;
          released.open();
        }
        const view = (await h.api(h.tokens.dba, 'GET', `/api/v1/issues/${id}`)).json;
        expect(view.approvals[0].status).toBe('approved');
        expect(view.issue.status).toBe('canceled');
      },
    );

    it('gives a test-only change with review errors a DBA step that a DBA can decide', async () => {
      const issue = await create({
        statement: 'CREATE TABLE trust_no_pk (id int);',
        targets: [{ environment: 'test' }],
      });
      expect(issue.issue.review.errorCount).toBeGreaterThan(0);
      expect(issue.approvals.map((a: { role: string }) => a.role)).toEqual(['dba']);
      const byOwner = await post(h.tokens.owner, `/api/v1/issues/${issue.issue.id}/approve`, OVERRIDE);
      expect(byOwner.status).toBe(403);
      const byDba = await post(h.tokens.dba, `/api/v1/issues/${issue.issue.id}/approve`, OVERRIDE);
      expect(byDba.status).toBe(200);
      expect(byDba.json.approvals[0].overrideReason).toBe('checked by hand');
    });

    it('refuses to create an issue nobody could approve, saying who is missing', async () => {
      // The only DBA writes a production change: nobody else may approve it while self-approval is off.
      const res = await post(h.tokens.dba, '/api/v1/projects/shop/issues', {
        title: 'mine',
        type: 'schema',
        statement: 'CREATE TABLE trust_dba (id int PRIMARY KEY);',
        targets: [{ environment: 'prod' }],
      });
      expect(res.status).toBe(412);
      expect(res.json.error.message).toMatch(
        /^nobody could approve this change: it needs a DBA other than its author/,
      );
    });

    it('lists what waits on the actor with one query at any size, in pages with an opaque cursor', async () => {
      const store = h.service.store;
      const project = (await store.projects.getByKey('shop'))!;
      const dev = (await store.principals.findByEmail('dev@example.com'))!;
      const before = await h.api(h.tokens.dba, 'GET', '/api/v1/issues?filter=pending&limit=200');
      const already = before.json.issues.length as number;
      const base = {
        projectId: project.id,
        description: '',
        type: 'schema' as const,
        creatorId: dev.id,
        origin: 'api',
        originRef: null,
        risk: 'low' as const,
        review: null,
        runAt: null,
        stages: [],
      };
      const forDba: number[] = [];
      await store.transaction(async (tx) => {
        for (let i = 0; i < 7; i++)
          forDba.push(
            (await tx.issues.create({ ...base, title: `dba ${i}`, approvalSteps: ['dba'] })).issue.id,
          );
        for (let i = 0; i < 1016; i++)
          await tx.issues.create({ ...base, title: `owner ${i}`, approvalSteps: ['project_owner'] });
      });
      const first = await h.api(h.tokens.dba, 'GET', '/api/v1/issues?filter=pending&limit=5');
      expect(first.status).toBe(200);
      expect(first.json.issues).toHaveLength(5);
      expect(first.json.issues.map((i: { waitingFor: string }) => i.waitingFor)).toEqual(
        Array(5).fill('dba'),
      );
      expect(first.json.nextCursor).toEqual(expect.any(String));
      const rest = await h.api(
        h.tokens.dba,
        'GET',
        `/api/v1/issues?filter=pending&limit=200&cursor=${encodeURIComponent(first.json.nextCursor)}`,
      );
      expect(rest.json.nextCursor).toBeNull();
      const ids = [...first.json.issues, ...rest.json.issues].map((i: { id: number }) => i.id);
      expect(ids.slice(0, 7)).toEqual([...forDba].reverse());
      expect(ids).toHaveLength(7 + already);
      const owner = await h.api(h.tokens.owner, 'GET', '/api/v1/issues?filter=pending');
      expect(owner.json.issues).toHaveLength(50);
      expect(owner.json.nextCursor).toEqual(expect.any(String));
      const all = await h.api(h.tokens.dba, 'GET', '/api/v1/issues?limit=200');
      expect(all.json.issues).toHaveLength(200);
      expect((await h.api(h.tokens.dba, 'GET', '/api/v1/issues?limit=201')).status).toBe(400);
      const badCursor = await h.api(h.tokens.dba, 'GET', '/api/v1/issues?cursor=bm9wZQ');
      expect(badCursor.status).toBe(400);
      expect(badCursor.json.error.message).toMatch(/^cursor: /);
      const unknown = await h.api(h.tokens.dba, 'GET', '/api/v1/projects/nope/issues');
      expect(unknown.status).toBe(404);
      expect(unknown.json.error.message).toBe('project "nope" not found');
    });

    it('answers a precise 400 to NUL characters, ids out of range and absurdly nested JSON', async () => {
      for (const field of ['title', 'statement', 'description']) {
        const res = await post(h.tokens.dev, '/api/v1/projects/shop/issues', {
          title: 'nul',
          type: 'schema',
          statement: 'CREATE TABLE nul_t (id int);',
          targets: [{ environment: 'test' }],
          [field]: 'a\u0000b',
        });
        expect(res.status, field).toBe(400);
        expect(res.json.error.message).toBe(`${field}: text must not contain the NUL character (\\u0000)`);
      }
      const big = await h.api(h.tokens.dba, 'GET', '/api/v1/issues/9999999999');
      expect(big.status).toBe(400);
      expect(big.json.error.message).toMatch(/^id must be a positive integer up to 2147483647/);
      const deep = await h.service.app.request('/api/v1/projects/shop/issues', {
        method: 'POST',
        headers: { authorization: `Bearer ${h.tokens.dev}`, 'content-type': 'application/json' },
        body: `${'['.repeat(500_000)}${']'.repeat(500_000)}`,
      });
      expect(deep.status).toBe(400);
      expect(((await deep.json()) as { error: { message: string } }).error.message).toBe(
        'JSON body nests deeper than 32 levels',
      );
    });

    it('refuses a statement with no SQL, a claimed origin, dates that are not ISO 8601 or in the past', async () => {
      const create = (body: Record<string, unknown>) =>
        post(h.tokens.dev, '/api/v1/projects/shop/issues', {
          title: 'bad',
          type: 'schema',
          statement: 'CREATE TABLE bad_t (id int);',
          targets: [{ environment: 'prod' }],
          ...body,
        });
      for (const statement of ['   ;  ', ';;\n-- nothing\n/* at all */ ;'])
        expect((await create({ statement })).json.error?.message, JSON.stringify(statement)).toBe(
          'statement: there is no SQL statement in it, only blanks, semicolons or comments',
        );
      const files = await create({
        statement: undefined,
        files: [
          { version: '001', statement: 'CREATE TABLE f1 (id int);' },
          { version: '002', statement: ' ; ' },
        ],
      });
      expect(files.status).toBe(400);
      expect(files.json.error.message).toMatch(/^file 002: there is no SQL statement in it/);
      const claimed = await create({ origin: 'gitlab', originRef: { mr: 1 } });
      expect(claimed.status).toBe(400);
      expect(claimed.json.error.message).toBe(
        'origin: set by the service from where the change arrived; leave it out',
      );
      const tomorrow = await create({ runAt: 'tomorrow' });
      expect(tomorrow.status).toBe(400);
      expect(tomorrow.json.error.message).toBe(
        'runAt: runAt must be an ISO 8601 date-time with a time zone, e.g. 2026-12-24T06:00:00Z; got "tomorrow"',
      );
      const past = await create({ runAt: '2001-01-01T00:00:00Z' });
      expect(past.status).toBe(400);
      expect(past.json.error.message).toBe(
        'runAt 2001-01-01T00:00:00.000Z is in the past; leave it out to run as soon as approved',
      );
      const later = new Date(Date.now() + 86_400_000).toISOString();
      const scheduled = await create({ runAt: later });
      expect(scheduled.status).toBe(201);
      expect(scheduled.json.issue.runAt).toBe(later);
    });

    it('follows the pipeline for task actions and says when every task was skipped', async () => {
      const issue = await create({});
      const id = issue.issue.id;
      const taskId = issue.stages[0].tasks[0].id;
      const early = await post(h.tokens.dba, `/api/v1/issues/${id}/tasks/${taskId}/skip`, {
        reason: 'why not',
      });
      expect(early.status).toBe(409);
      expect(early.json.error.message).toBe(
        `issue ${id} is pending approval; tasks can be retried or skipped only once it is approved and rolling out`,
      );
      expect((await post(h.tokens.dba, `/api/v1/issues/${id}/tasks/${taskId}/retry`)).status).toBe(409);
      // Approved for later, then skipped before it runs: nothing is applied, and the issue says so.
      const later = await create({ runAt: new Date(Date.now() + 3_600_000).toISOString() });
      const laterTask = later.stages[0].tasks[0].id;
      expect((await post(h.tokens.dba, `/api/v1/issues/${later.issue.id}/approve`, OVERRIDE)).status).toBe(
        200,
      );
      const skipped = await post(h.tokens.dba, `/api/v1/issues/${later.issue.id}/tasks/${laterTask}/skip`, {
        reason: 'applied by hand',
      });
      expect(skipped.status).toBe(200);
      expect(skipped.json.issue.status).toBe('done');
      expect(skipped.json.outcome).toEqual({ applied: 0, skipped: 1, canceled: 0, nothingApplied: true });
      await post(h.tokens.dev, `/api/v1/issues/${id}/cancel`);
    });
  });
