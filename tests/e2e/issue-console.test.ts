// The issue page in real Chromium: opened from the link a Slack card carries, approved by a DBA with an
// override reason, followed live through the rollout to done, and a failed task retried into a new attempt.
import type { Browser, Page } from 'playwright-core';
import postgres from 'postgres';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { type ChatHarness, startChatHarness } from '../support/chat-harness.ts';
import { describeRealDb } from '../support/real-dbs.ts';
import { createSlackKit, type SlackKit } from './kits/slack-kit.ts';
import { launchBrowser, type OpenedPage, openPage, visible } from './support/browser.ts';
import { ensureWebBuilt } from './support/service.ts';
import { checkPage } from './support/sso.ts';

describeRealDb('postgres', 'issue page', (url) => {
  let kit: SlackKit;
  let h: ChatHarness;
  let browser: Browser;
  let desktop: OpenedPage;
  let phone: OpenedPage;

  beforeAll(async () => {
    ensureWebBuilt();
    kit = await createSlackKit();
    h = await startChatHarness({ adminUrl: url, kits: [kit], progressIntervalMs: 200 });
    await h.query('CREATE TABLE t (id bigint PRIMARY KEY); INSERT INTO t VALUES (1), (2);');
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await desktop?.close();
    await phone?.close();
    await browser?.close();
    await h?.close();
    await kit?.close();
  });

  const create = async (title: string, statement: string, type: 'schema' | 'data') => {
    const res = await h.api(h.tokens.dev, 'POST', '/api/v1/projects/shop/issues', {
      title,
      description: `${title}, asked for in #db-approvals.`,
      type,
      statement,
      targets: [{ environment: 'prod' }],
    });
    expect(res.status, JSON.stringify(res.json)).toBe(201);
    return res.json.issue.id as number;
  };
  const issue = async (id: number) => (await h.api(h.tokens.dba, 'GET', `/api/v1/issues/${id}`)).json;

  /** The issue link of the Slack card, as the card's blocks carry it. */
  const cardLink = async (id: number) => {
    const card = await h.until('the Slack card', () =>
      kit.fake.state.history(kit.channel).find((m) => m.text.startsWith(`Issue #${id} `)),
    );
    const link = JSON.stringify(card.blocks ?? []).match(/https?:\/\/[^"\s]+#\/issues\/\d+/)?.[0];
    expect(link, 'the card links to the issue').toBeTruthy();
    return new URL(link!);
  };

  /** Opens the card's link on this service (the card names the public URL) and signs in with a token. */
  const openAs = async (viewport: 'desktop' | 'phone', link: URL, token: string) => {
    const opened = await openPage(browser, h.baseUrl, viewport);
    await opened.page.goto(`/${link.hash}`);
    await opened.page.getByLabel('API token').fill(token);
    await opened.page.getByRole('button', { name: 'Sign in', exact: true }).click();
    await visible(opened.page.getByRole('heading', { level: 1, name: /^#\d+ / }));
    expect(new URL(opened.page.url()).hash).toBe(link.hash);
    return opened;
  };
  const issueStatus = (page: Page) => page.locator('.issue-title .status');
  const both = async (name: string) => {
    await checkPage(desktop.page, 'desktop', name, 'issue');
    await checkPage(phone.page, 'phone', name, 'issue');
  };

  it('opens from the Slack card, is approved with an override reason and follows the rollout to done', async () => {
    const id = await create('Empty t', 'DELETE FROM t;', 'data');
    const link = await cardLink(id);
    expect(link.href).toBe(`https://bytebase.example.com/#/issues/${id}`);
    desktop = await openAs('desktop', link, h.tokens.dba);
    phone = await openAs('phone', link, h.tokens.dba);
    const { page } = desktop;

    await visible(page.getByRole('heading', { level: 1, name: `#${id} Empty t` }));
    expect(await issueStatus(page).textContent()).toBe('Pending approval');
    await visible(page.getByText('Empty t, asked for in #db-approvals.'));
    // The finding sits under the line it is about, with its level, rule and position.
    const sql = page.getByRole('region', { name: /^SQL for .* on prod-db$/ });
    const finding = sql
      .locator('.sql-finding-error')
      .filter({ hasText: 'statement.where.require.update-delete' });
    await visible(finding);
    const column = Number((await finding.textContent())?.match(/line 1, column (\d+)/)?.[1]);
    expect(column).toBeGreaterThan(0);
    // The caret stands under that column (after the one-character line-number gutter).
    expect(await finding.locator('.finding-caret').textContent()).toBe(`${' '.repeat(column)}^`);
    // The rule it cites opens, by keyboard, to what the rule checks.
    await finding.locator('.rule-about summary').focus();
    await page.keyboard.press('Enter');
    const about = await visible(finding.locator('.rule-about > p'));
    expect(await about.textContent()).toMatch(/\w{3,}/);
    await visible(page.getByRole('region', { name: 'Approval' }).getByText('Step 1: DBA'));
    await both('pending');

    // The statement waits on a lock we hold, so the task stays running while we look at it.
    const holder = postgres(url, { max: 1, database: h.names.prod, onnotice: () => {} });
    let release: () => void = () => {};
    const released = new Promise<void>((r) => {
      release = r;
    });
    let locked: () => void = () => {};
    const isLocked = new Promise<void>((r) => {
      locked = r;
    });
    const held = holder.begin(async (tx) => {
      await tx`LOCK TABLE t IN ACCESS EXCLUSIVE MODE`;
      locked();
      await released;
    });
    try {
      await isLocked;
      const actions = page.getByRole('region', { name: 'What you can do' });
      await actions.getByRole('button', { name: 'Approve...' }).click();
      const reason = actions.getByLabel('Why accept the review errors?');
      await visible(reason);
      await reason.fill('t holds only test rows in prod; agreed with the team');
      await actions.getByRole('button', { name: 'Approve with override' }).click();
      // A second step, if the policy asks for one, is the project owner's: decided in Slack's stead by API.
      await h.until('approved', async () => {
        const v = await issue(id);
        const next = v.approvals.find((a: { status: string }) => a.status === 'pending');
        if (next?.role === 'project_owner')
          await h.api(h.tokens.owner, 'POST', `/api/v1/issues/${id}/approve`, {
            round: next.round,
            step: next.step,
          });
        return v.issue.status !== 'pending_approval';
      });
      // No reload: the page follows by itself.
      await visible(page.locator('.issue-title .status', { hasText: 'Running' }), 20_000);
      const approval = page.getByRole('region', { name: 'Approval' });
      await visible(approval.getByText('Review errors accepted: t holds only test rows in prod'));
      await visible(approval.getByText(/Approved by Dana DBA, .* in the API/));
      const sessions = page.getByRole('region', { name: /^Sessions on / });
      await visible(sessions.getByText('LOCK TABLE t', { exact: false }));
      // The task's own statement appears once its connection sent it; refresh until it does.
      await h.until('the waiting DELETE among the sessions', async () => {
        await sessions.getByRole('button', { name: 'Refresh sessions' }).click();
        await sessions.getByRole('button', { name: 'Refresh sessions' }).waitFor();
        await new Promise((r) => setTimeout(r, 300));
        return sessions.getByText('DELETE FROM t', { exact: false }).isVisible();
      });
      await visible(phone.page.locator('.issue-title .status', { hasText: 'Running' }), 20_000);
      await both('running');
    } finally {
      release();
      await held.catch(() => {});
      await holder.end();
    }
    await visible(page.locator('.issue-title .status', { hasText: 'Done' }), 30_000);
    await visible(phone.page.locator('.issue-title .status', { hasText: 'Done' }), 30_000);
    await visible(page.getByText('The rollout finished: 1 applied, 0 skipped, 0 canceled.'));
    const outcome = page.locator('.outcomes tbody tr').first();
    expect(await outcome.textContent()).toContain('2'); // rows deleted
    await visible(page.getByRole('region', { name: 'Timeline' }).getByText('Rollout finished'));
    await both('done');
    expect(desktop.errors).toEqual([]);
    expect(phone.errors).toEqual([]);
  });

  it('retries a failed task and shows the new attempt', async () => {
    const id = await create('Add to missing', 'ALTER TABLE missing_table ADD COLUMN note text;', 'schema');
    const link = await cardLink(id);
    const { page } = desktop;
    await page.goto(`/${link.hash}`);
    await visible(page.getByRole('heading', { level: 1, name: `#${id} Add to missing` }));
    await phone.page.goto(`/${link.hash}`);
    const v = await issue(id);
    const step = v.approvals.find((a: { status: string }) => a.status === 'pending');
    const decided = await h.api(h.tokens.dba, 'POST', `/api/v1/issues/${id}/approve`, {
      round: step.round,
      step: step.step,
      ...(v.issue.review.errorCount ? { overrideReason: 'checked by hand' } : {}),
    });
    expect(decided.status, JSON.stringify(decided.json)).toBe(200);
    await visible(page.locator('.issue-title .status', { hasText: 'Failed' }), 30_000);
    const task = page.locator('article.task').first();
    await visible(task.getByText('Attempt 1', { exact: true }));
    await visible(task.locator('.outcome-error', { hasText: 'missing_table' }));
    await visible(phone.page.locator('.issue-title .status', { hasText: 'Failed' }), 30_000);
    await both('failed');

    await task.getByRole('button', { name: /^Retry / }).click();
    await visible(task.getByText('Attempt 2', { exact: true }), 30_000);
    await visible(page.locator('.issue-title .status', { hasText: 'Failed' }), 30_000);
    await visible(task.getByText('2 attempts', { exact: true }));
    await visible(page.getByRole('region', { name: 'Timeline' }).getByText('Task retried'));
    expect((await issue(id)).stages[0].tasks[0].runs).toHaveLength(2);
    await both('retried');

    // Skipping asks for a reason, then lets the rollout go on without the task.
    await task.getByRole('button', { name: /^Skip / }).click();
    await task.getByLabel(/^Why skip /).fill('the table is gone for good');
    await task.getByRole('button', { name: 'Skip task' }).click();
    await visible(task.locator('.task-head .status', { hasText: 'Skipped' }), 30_000);
    expect(desktop.errors).toEqual([]);
  });

  it('shows the server refusal in place when a stale page decides', async () => {
    const id = await create('Stale page', 'CREATE TABLE stale_t (id bigint PRIMARY KEY);', 'schema');
    const link = await cardLink(id);
    const { page } = desktop;
    await page.goto(`/${link.hash}`);
    await visible(page.getByRole('heading', { level: 1, name: `#${id} Stale page` }));
    // The developer cancels it elsewhere; the page still offers Approve until its next poll.
    await page.evaluate(() => {
      // Freeze polling by hiding the document from the page's point of view.
      Object.defineProperty(document, 'hidden', { configurable: true, get: () => true });
    });
    expect((await h.api(h.tokens.dev, 'POST', `/api/v1/issues/${id}/cancel`)).status).toBe(200);
    const actions = page.getByRole('region', { name: 'What you can do' });
    await actions.getByRole('button', { name: /^Approve/ }).click();
    const alert = await visible(actions.getByRole('alert'));
    expect(await alert.textContent()).toMatch(
      /step 1 of issue \d+ \(round 1\) is already superseded; nothing was decided/,
    );
    // Polling on again: the page catches up with the cancellation by itself.
    await page.evaluate(() => {
      delete (document as { hidden?: boolean }).hidden;
    });
    await visible(page.locator('.issue-title .status', { hasText: 'Canceled' }));
    expect(desktop.errors).toEqual([]);
  });

  it('rejects with a reason, and the creator sees the resubmit action', async () => {
    const id = await create('Not like this', 'CREATE TABLE rejected_t (id bigint PRIMARY KEY);', 'schema');
    const link = await cardLink(id);
    const { page } = desktop;
    await page.goto(`/${link.hash}`);
    await visible(page.getByRole('heading', { level: 1, name: `#${id} Not like this` }));
    const actions = page.getByRole('region', { name: 'What you can do' });
    await actions.getByRole('button', { name: 'Reject...' }).click();
    await actions.getByLabel('Why reject it?').fill('use the shared schema');
    await actions.getByRole('button', { name: 'Reject', exact: true }).click();
    await visible(page.locator('.issue-title .status', { hasText: 'Rejected' }));
    await visible(page.getByRole('region', { name: 'Approval' }).getByText('use the shared schema'));
    // The creator, on a page of their own, may resubmit it.
    const creator = await openAs('phone', link, h.tokens.dev);
    try {
      const own = creator.page.getByRole('region', { name: 'What you can do' });
      await own.getByRole('button', { name: 'Resubmit for approval' }).click();
      await visible(creator.page.locator('.issue-title .status', { hasText: 'Pending approval' }));
      await visible(creator.page.getByRole('heading', { name: 'Round 2' }));
      expect(creator.errors).toEqual([]);
    } finally {
      await creator.close();
    }
    // The DBA's page follows on its own.
    await visible(page.locator('.issue-title .status', { hasText: 'Pending approval' }));
  });
});
