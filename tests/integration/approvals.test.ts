// Approval rules end to end: roles per step, self-approval, review-error override, reject/resubmit, cancel, races.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeRealDb } from '../support/real-dbs.ts';
import { type Harness, startRolloutHarness } from '../support/rollout-harness.ts';

describeRealDb('postgres', 'approval flow', (url) => {
  let h: Harness;
  const create = async (token: string, body: Record<string, unknown>) => {
    const res = await h.api(token, 'POST', '/api/v1/projects/shop/issues', {
      title: 'change',
      type: 'schema',
      ...body,
    });
    expect(res.status).toBe(201);
    return res.json;
  };
  const approve = (token: string, id: number, body: Record<string, unknown> = {}) =>
    h.api(token, 'POST', `/api/v1/issues/${id}/approve`, body);

  beforeAll(async () => {
    h = await startRolloutHarness({ engine: 'postgres', adminUrl: url, databases: ['shop'] });
  });
  afterAll(async () => h?.close());

  it('asks the project owner for low-risk non-production changes and refuses developers and self-approval', async () => {
    const issue = await create(h.tokens.dev, {
      statement: 'CREATE TABLE t1 (id int PRIMARY KEY);',
      targets: [{ environment: 'test' }],
    });
    expect(issue.approvals.map((a: { role: string }) => a.role)).toEqual(['project_owner']);
    const byDev = await approve(h.tokens.dev2, issue.issue.id);
    expect(byDev.status).toBe(403);
    const byCreator = await approve(h.tokens.dev, issue.issue.id);
    expect(byCreator.status).toBe(403);
    expect(byCreator.json.error.message).toBe(
      `step 1 of issue ${issue.issue.id} needs a project owner; you are not one`,
    );
    const byDba = await approve(h.tokens.dba, issue.issue.id);
    expect(byDba.status).toBe(403);
    await h.api(h.tokens.owner, 'POST', `/api/v1/issues/${issue.issue.id}/cancel`);

    // The only project owner wrote this one: the owner's step goes to a DBA instead of waiting forever.
    const own = await create(h.tokens.owner, {
      statement: 'CREATE TABLE t1b (id int PRIMARY KEY);',
      targets: [{ environment: 'test' }],
    });
    expect(own.approvals.map((a: { role: string }) => a.role)).toEqual(['dba']);
    const self = await approve(h.tokens.owner, own.issue.id);
    expect(self.status).toBe(403);
    expect(self.json.error.message).toBe(`step 1 of issue ${own.issue.id} needs a DBA; you are not one`);
    expect((await approve(h.tokens.dba, own.issue.id)).status).toBe(200);
  });

  it('needs a DBA and then a different project owner for high-risk production changes, each audited', async () => {
    const issue = await create(h.tokens.dev, {
      statement: "SET lock_timeout = '1s';\nTRUNCATE TABLE t_missing;",
      targets: [{ environment: 'prod' }],
    });
    expect(issue.issue.risk).toBe('high');
    const roles = issue.approvals.map((a: { role: string }) => a.role);
    expect(roles.slice(-2)).toEqual(['dba', 'project_owner']);
    const id = issue.issue.id;
    const errors = issue.issue.review.errorCount as number;
    if (errors > 0) {
      const noReason = await approve(h.tokens.dba, id);
      expect(noReason.status).toBe(412);
      expect(noReason.json.error.message).toBe(
        `the review found ${errors} error(s); approve with an override reason to accept them`,
      );
    }
    const first = await approve(h.tokens.dba, id, { overrideReason: 'table is empty; agreed with the team' });
    expect(first.status).toBe(200);
    expect(first.json.issue.status).toBe('pending_approval');
    const again = await approve(h.tokens.dba, id);
    expect(again.status).toBe(403);
    const second = await approve(h.tokens.owner, id);
    expect(second.status).toBe(200);
    expect(second.json.issue.status).not.toBe('pending_approval');
    expect(
      second.json.approvals.map(
        (a: { status: string; decidedBy: { email: string } }) => `${a.status}:${a.decidedBy.email}`,
      ),
    ).toEqual(['approved:dba@example.com', 'approved:owner@example.com']);
    if (errors > 0)
      expect(second.json.approvals[0].overrideReason).toBe('table is empty; agreed with the team');
    const audit = await h.service.store.audit.list({ resourceType: 'issue', resourceId: String(id) });
    expect(audit.map((a) => a.action)).toEqual(['issue.approve', 'issue.approve', 'issue.create']);
    expect(audit[1]!.details).toMatchObject({ step: 1, role: 'dba', channel: 'api' });
  });

  it('rejects with a reason, tells a later approver who decided, and lets the creator resubmit', async () => {
    const issue = await create(h.tokens.dev, {
      statement: 'CREATE TABLE t2 (id int PRIMARY KEY);',
      targets: [{ environment: 'prod' }],
    });
    const id = issue.issue.id;
    expect((await h.api(h.tokens.dba, 'POST', `/api/v1/issues/${id}/reject`, {})).status).toBe(400);
    const rejected = await h.api(h.tokens.dba, 'POST', `/api/v1/issues/${id}/reject`, {
      reason: 'name it orders_v2',
    });
    expect(rejected.status).toBe(200);
    expect(rejected.json.issue).toMatchObject({ status: 'rejected', rejectReason: 'name it orders_v2' });
    const late = await approve(h.tokens.dba, id);
    expect(late.status).toBe(409);
    expect(late.json.error.details).toMatchObject({
      status: 'rejected',
      decision: 'rejected',
      decidedBy: { email: 'dba@example.com' },
    });
    expect((await h.api(h.tokens.dev2, 'POST', `/api/v1/issues/${id}/resubmit`)).status).toBe(403);
    const resubmitted = await h.api(h.tokens.dev, 'POST', `/api/v1/issues/${id}/resubmit`);
    expect(resubmitted.json.issue.status).toBe('pending_approval');
    expect(
      resubmitted.json.approvals.map((a: { round: number; status: string }) => `${a.round}:${a.status}`),
    ).toEqual(['1:rejected', '2:pending']);
    expect((await h.api(h.tokens.dev2, 'POST', `/api/v1/issues/${id}/cancel`)).status).toBe(403);
    const canceled = await h.api(h.tokens.dev, 'POST', `/api/v1/issues/${id}/cancel`);
    expect(canceled.json.issue.status).toBe('canceled');
    expect(canceled.json.stages[0].tasks[0].status).toBe('canceled');
  });

  it('records exactly one decision when fifty approvals race, and runs the task once', async () => {
    const issue = await create(h.tokens.dev, {
      statement: 'CREATE TABLE raced (id int PRIMARY KEY);',
      targets: [{ environment: 'prod' }],
    });
    const id = issue.issue.id;
    const results = await Promise.all(Array.from({ length: 50 }, () => approve(h.tokens.dba, id)));
    const statuses = results.map((r) => r.status);
    expect(statuses.filter((s) => s === 200)).toHaveLength(1);
    expect(statuses.filter((s) => s === 409)).toHaveLength(49);
    const done = await h.waitFor(h.tokens.dba, id, ['done', 'failed']);
    expect(done.issue.status).toBe('done');
    expect(done.approvals).toHaveLength(1);
    expect(done.stages[0].tasks[0].runs).toHaveLength(1);
    const audit = await h.service.store.audit.list({ resourceType: 'issue', resourceId: String(id) });
    expect(audit.filter((a) => a.action === 'issue.approve')).toHaveLength(1);
  });

  it('refuses malformed input with precise errors', async () => {
    const bad = await h.api(h.tokens.dev, 'POST', '/api/v1/projects/shop/issues', {
      title: '',
      type: 'schema',
      statement: 'x',
      targets: [],
    });
    expect(bad.status).toBe(400);
    expect(bad.json.error.message).toBe('title: title is required');
    const noTarget = await h.api(h.tokens.dev, 'POST', '/api/v1/projects/shop/issues', {
      title: 'x',
      type: 'schema',
      statement: 'SELECT 1',
      targets: [{ environment: 'qa' }],
    });
    expect(noTarget.json.error.message).toBe('targets[0].environment: unknown environment "qa"');
    const res = await h.service.app.request('/api/v1/projects/shop/issues', {
      method: 'POST',
      headers: { authorization: `Bearer ${h.tokens.dev}` },
      body: '{"title":',
    });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: { message: string } }).error.message).toMatch(
      /^malformed JSON body/,
    );
    const nope = await h.api(h.tokens.dev, 'GET', '/api/v1/issues/abc');
    expect(nope.status).toBe(400);
  });
});
