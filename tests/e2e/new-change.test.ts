// New change and the issue list in real Chromium on the demo workspace: live review, submit, mine, pending, pages.

import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, type OpenedPage, openPage, screenshotDir, visible } from './support/browser.ts';
import { ensureWebBuilt, type RunningService, startService } from './support/service.ts';
import { checkPage } from './support/sso.ts';

const dev = 'dev@example.com';
const dba = 'dba@example.com';
const FLAWED = 'create table t (id int)';
const CLEAN =
  'CREATE TABLE public.t (id bigint PRIMARY KEY, created_at timestamptz NOT NULL DEFAULT now(), updated_at timestamptz NOT NULL DEFAULT now());';

let service: RunningService;
let browser: Browser;
let createdId = 0;

const tokenOf = (email: string) => {
  const token = service.tokens[email];
  if (!token) throw new Error(`the demo printed no token for ${email}:\n${service.output().slice(-2000)}`);
  return token;
};

async function api<T>(email: string, method: string, path: string, body?: unknown): Promise<T> {
  const response = await fetch(`${service.baseUrl}/api/v1${path}`, {
    method,
    headers: { Authorization: `Bearer ${tokenOf(email)}`, 'Content-Type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  expect(
    response.ok,
    `${method} ${path}: ${response.status} ${response.ok ? '' : await response.text()}`,
  ).toBe(true);
  return (await response.json()) as T;
}

async function signIn(page: Page, email: string, hash: string): Promise<void> {
  // A step that cannot happen fails with its locator instead of hanging the test.
  page.setDefaultTimeout(15_000);
  await page.goto(`/${hash}`);
  await page.getByLabel('API token').fill(tokenOf(email));
  await page.getByRole('button', { name: 'Sign in' }).click();
}

/** The SQL editor once CodeMirror replaced the textarea: a labelled, focusable textbox. */
async function sqlEditor(page: Page) {
  const editor = page.getByRole('textbox', { name: 'SQL' });
  await visible(page.locator('.cm-content'));
  return editor;
}

const reviewPanel = (page: Page) => page.getByRole('region', { name: 'Review', exact: true });
const reviewRequests = (page: Page) => {
  const seen: string[] = [];
  page.on('request', (r) => {
    if (r.url().includes('/api/v1/projects/demo/review')) seen.push(r.postData() ?? '');
  });
  return seen;
};

beforeAll(async () => {
  ensureWebBuilt();
  service = await startService();
  browser = await launchBrowser();
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await service?.stop();
});

describe('new change with live review, and the issue list', { timeout: 120_000 }, () => {
  it('reviews while typing, shows the findings, and creates the issue when fixed (desktop)', async () => {
    const opened: OpenedPage = await openPage(browser, service.baseUrl, 'desktop');
    const { page, errors } = opened;
    const requests = reviewRequests(page);
    await signIn(page, dev, '#/new?project=demo');
    await visible(page.getByRole('heading', { level: 1, name: 'New change' }));
    // Before any SQL the review says what it waits for.
    await visible(reviewPanel(page).getByText('Type a statement to see the review.'));
    const editor = await sqlEditor(page);
    expect(await page.locator('textarea#change-sql').count()).toBe(0);
    await page.getByLabel('Title', { exact: true }).fill('Add the t table');

    // Keyboard only: Tab from the title lands in the editor.
    await page.getByLabel('Title', { exact: true }).focus();
    await page.keyboard.press('Tab');
    expect(await editor.evaluate((el) => el === document.activeElement)).toBe(true);
    await page.keyboard.type(FLAWED);
    const finding = reviewPanel(page)
      .locator('.finding-error')
      .filter({ hasText: 'table.require-pk' })
      .first();
    await visible(finding);
    expect(await finding.innerText()).toContain('1:14');
    expect(await finding.innerText()).toContain('table "t" has no primary key');
    await visible(
      reviewPanel(page)
        .getByRole('status')
        .getByText(/^[1-9]\d* errors?, \d+ warnings? in 3 environments\.$/),
    );
    // Errors come before warnings in each environment.
    const prodLevels = await reviewPanel(page)
      .getByRole('region', { name: 'Review for Prod' })
      .locator('.finding .level')
      .allInnerTexts();
    expect(prodLevels.length).toBeGreaterThan(1);
    expect(prodLevels.map((l) => l.toLowerCase())).toEqual(
      [...prodLevels].map((l) => l.toLowerCase()).sort(),
    );
    // Typing a whole statement sends a few debounced requests, not one per keystroke.
    expect(requests.length).toBeGreaterThan(0);
    expect(requests.length).toBeLessThan(FLAWED.length / 3);
    await page.evaluate(() => window.scrollTo(0, 0));
    await checkPage(page, 'desktop', 'review-findings', 'change');

    // A finding's position moves the cursor there.
    await finding.getByRole('button', { name: 'Go to 1:14' }).click();
    expect(
      await editor.evaluate((el) => el.contains(document.activeElement) || el === document.activeElement),
    ).toBe(true);

    // Only a comment: the server's refusal shows in the review's status, in place.
    await editor.click();
    await page.keyboard.press('ControlOrMeta+A');
    await page.keyboard.type('-- nothing yet');
    await visible(
      reviewPanel(page)
        .getByRole('status')
        .getByText(
          'The review could not run: statement: there is no SQL statement in it, only blanks, semicolons or comments',
        ),
    );

    // Fix it: replace the text; the review updates to no errors.
    await editor.click();
    await page.keyboard.press('ControlOrMeta+A');
    await page.keyboard.type(CLEAN);
    await visible(reviewPanel(page).getByRole('status').getByText('0 errors, 0 warnings in 3 environments.'));
    expect(await reviewPanel(page).locator('.finding').count()).toBe(0);
    await visible(reviewPanel(page).getByText('Approval: a DBA'));
    expect(JSON.parse(requests.at(-1)!)).toEqual({
      type: 'schema',
      statement: CLEAN,
      targets: [{ environment: 'test' }, { environment: 'staging' }, { environment: 'prod' }],
    });
    await page.evaluate(() => window.scrollTo(0, 0));
    await checkPage(page, 'desktop', 'review-clean', 'change');

    await page.getByRole('button', { name: 'Create issue' }).click();
    await page.waitForURL(/#\/issues\/\d+$/);
    createdId = Number(new URL(page.url()).hash.replace('#/issues/', ''));
    const issue = await api<{
      issue: { title: string; status: string };
      stages: { tasks: { statement: string }[] }[];
    }>(dev, 'GET', `/issues/${createdId}`);
    expect(issue.issue).toMatchObject({ title: 'Add the t table', status: 'pending_approval' });
    expect(issue.stages.flatMap((s) => s.tasks).every((t) => t.statement === CLEAN)).toBe(true);
    expect(errors).toEqual([]);
    await opened.close();
  });

  it('shows a refusal from the server in place', async () => {
    const opened = await openPage(browser, service.baseUrl, 'desktop');
    const { page } = opened;
    await signIn(page, dev, '#/new?project=demo');
    const editor = await sqlEditor(page);
    await page.getByLabel('Title', { exact: true }).fill('In the past');
    await editor.click();
    await page.keyboard.type('SELECT 1;');
    await page.getByLabel(/^Roll out at/).fill('2001-01-01T10:00');
    await page.getByRole('button', { name: 'Create issue' }).click();
    const alert = await visible(page.getByRole('alert').filter({ hasText: 'The issue was not created.' }));
    expect(await alert.innerText()).toContain('is in the past; leave it out to run as soon as approved');
    expect(new URL(page.url()).hash).toBe('#/new?project=demo');
    await opened.close();
  });

  it('lists the issue under mine for its author and under pending for the DBA', async () => {
    const author = await openPage(browser, service.baseUrl, 'desktop');
    await signIn(author.page, dev, '#/issues?filter=mine');
    const mine = author.page.getByRole('table', { name: 'Issues: Mine' });
    const row = mine.getByRole('row').filter({ hasText: 'Add the t table' });
    await visible(row);
    expect(await row.getByRole('link').getAttribute('href')).toBe(`#/issues/${createdId}`);
    expect(await row.innerText()).toContain('Pending approval');
    await visible(
      author.page.getByRole('link', { name: 'Mine' }).and(author.page.locator('[aria-current="page"]')),
    );
    await checkPage(author.page, 'desktop', 'issues-mine', 'change');
    await author.close();

    const reviewer = await openPage(browser, service.baseUrl, 'desktop');
    await signIn(reviewer.page, dba, '#/issues?filter=pending');
    const pending = reviewer.page.getByRole('table', { name: 'Issues: Pending on me' });
    const waiting = pending.getByRole('row').filter({ hasText: 'Add the t table' });
    await visible(waiting);
    expect(await waiting.getByRole('cell').allInnerTexts()).toEqual(
      expect.arrayContaining(['Demo shop', 'A DBA']),
    );
    await checkPage(reviewer.page, 'desktop', 'issues-pending', 'change');
    // The DBA created nothing: their own list is empty.
    await reviewer.page.getByRole('link', { name: 'Mine', exact: true }).click();
    await visible(reviewer.page.getByText('No issues match.'));
    await reviewer.close();
  });

  it('pages through more than 50 issues with Load more, one request per page', async () => {
    for (let i = 1; i <= 51; i++)
      await api(dev, 'POST', '/projects/demo/issues', {
        title: `Paged change ${i}`,
        type: 'data',
        statement: `UPDATE public.t SET updated_at = now() WHERE id = ${i};`,
        targets: [{ environment: 'test', database: 'shop' }],
      });
    const opened = await openPage(browser, service.baseUrl, 'desktop');
    const { page, errors } = opened;
    const listCalls: string[] = [];
    const otherIssueCalls: string[] = [];
    page.on('request', (r) => {
      const url = new URL(r.url());
      if (url.pathname === '/api/v1/issues') listCalls.push(url.search);
      else if (url.pathname.startsWith('/api/v1/issues/')) otherIssueCalls.push(url.pathname);
    });
    await signIn(page, dev, '#/issues');
    const rows = page.getByRole('table', { name: 'Issues: All' }).locator('tbody tr');
    await visible(rows.first());
    expect(await rows.count()).toBe(50);
    // Newest first.
    expect(await rows.first().innerText()).toContain('Paged change 51');
    await visible(page.getByText('Showing 50 issues; more follow.'));
    await page.getByRole('button', { name: 'Load more' }).click();
    await visible(page.getByText('Showing 52 issues.'));
    expect(await rows.last().innerText()).toContain('Add the t table');
    expect(await page.getByRole('button', { name: 'Load more' }).count()).toBe(0);
    expect(listCalls).toHaveLength(2);
    expect(listCalls[1]).toContain('cursor=');
    expect(otherIssueCalls).toEqual([]);

    // A status filter goes into the address and narrows the list.
    await page.getByLabel('Status').selectOption('canceled');
    await visible(page.getByText('No issues match.'));
    expect(new URL(page.url()).hash).toBe('#/issues?status=canceled');
    expect(errors).toEqual([]);
    await opened.close();
  });

  it('fits a phone: the review and the list without sideways scrolling', async () => {
    const opened = await openPage(browser, service.baseUrl, 'phone');
    const { page, errors } = opened;
    await signIn(page, dev, '#/new?project=demo');
    const editor = await sqlEditor(page);
    await page.getByLabel('Title', { exact: true }).fill('Phone change');
    await editor.click();
    await page.keyboard.type(FLAWED);
    await visible(reviewPanel(page).locator('.finding-error').first());
    await checkPage(page, 'phone', 'review-findings', 'change');
    await page.goto('/#/issues?filter=mine');
    await visible(page.getByRole('table', { name: 'Issues: Mine' }).locator('tbody tr').first());
    await checkPage(page, 'phone', 'issues-mine', 'change');
    // The full page is 52 cards long; the first screenful shows how a card reads.
    await page.screenshot({ path: join(screenshotDir, 'change-issues-mine-390-top.png') });
    expect(errors).toEqual([]);
    await opened.close();
  });
});
