// The database page and the drift board in real Chromium against a real PostgreSQL target: a change is
// approved and rolled out through the API, its history entry shows the schema diff, then a table is altered
// out of band and the DBA's "check now" on the drift board finds the drift.
import { randomBytes } from 'node:crypto';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
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
import { axeViolations } from './support/axe.ts';
import {
  launchBrowser,
  type OpenedPage,
  openPage,
  screenshot,
  type ViewportName,
  visible,
} from './support/browser.ts';
import { ensureWebBuilt } from './support/service.ts';

const widths: Record<ViewportName, number> = { desktop: 1280, phone: 390 };

/** No serious or critical axe finding, no sideways scrolling, and a screenshot to look at. */
async function checkPage(page: Page, viewport: ViewportName, name: string): Promise<void> {
  const where = `${name} at ${widths[viewport]} px`;
  const serious = (await axeViolations(page)).filter((v) => /\((serious|critical)\)/.test(v));
  expect(serious, `axe on ${where}`).toEqual([]);
  const overflow = await page.evaluate(
    () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
  );
  expect(overflow, `sideways scrolling on ${where}`).toBeLessThanOrEqual(0);
  await screenshot(page, `database-${name}-${widths[viewport]}`);
}

async function signIn(page: Page, token: string, hash: string): Promise<void> {
  await page.goto(`/${hash}`);
  await page.getByLabel('API token').fill(token);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

describeRealDb('postgres', 'database console in the web view', (url) => {
  const prefix = `dc${randomBytes(3).toString('hex')}`;
  const db = { shop: `${prefix}_shop`, stock: `${prefix}_stock` };
  const tokens = mintTestTokens();
  let running: RunningService;
  let browser: Browser;
  let api: ReturnType<typeof apiClient>;
  const databaseHash = `#/databases/test-db/${db.shop}`;

  async function rollOut(version: string, statement: string): Promise<number> {
    const created = await api(tokens.dev, 'POST', '/api/v1/projects/shop/issues', {
      title: `Migration ${version}`,
      type: 'schema',
      files: [{ version, statement }],
      targets: [{ database: db.shop }],
    });
    expect(created.status, JSON.stringify(created.json)).toBe(201);
    const id: number = created.json.issue.id;
    expect((await api(tokens.owner, 'POST', `/api/v1/issues/${id}/approve`, {})).status).toBe(200);
    const done = await pollUntil(`issue ${id} to finish`, async () => {
      const { json } = await api(tokens.dba, 'GET', `/api/v1/issues/${id}`);
      return ['done', 'failed'].includes(json.issue.status) ? json : null;
    });
    expect(done.issue.status).toBe('done');
    return id;
  }

  beforeAll(async () => {
    ensureWebBuilt();
    for (const name of Object.values(db)) await targetQuery('postgres', url, `CREATE DATABASE ${name}`);
    running = await startService({
      workspaceLines: [
        ...workspaceHeadYaml(['test'], 'postgres', url),
        'projects:',
        '  - key: shop',
        '    name: Shop',
        '    databases:',
        `      - { instance: test-db, name: ${db.shop} }`,
        `      - { instance: test-db, name: ${db.stock} }`,
        '    members:',
        '      - { email: dev@example.com, role: developer }',
        '      - { email: owner@example.com, role: owner }',
      ],
      env: tokenEnv(tokens),
      http: true,
    });
    api = apiClient((path, init) => fetch(`${running.baseUrl}${path}`, init));
    await rollOut('001', 'CREATE TABLE orders (id bigint PRIMARY KEY, total numeric NOT NULL);');
    await rollOut('002', 'CREATE TABLE customers (id bigint PRIMARY KEY, email text NOT NULL UNIQUE);');
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    await running?.close();
    for (const name of Object.values(db)) await dropTargetDatabase('postgres', url, name);
  });

  async function openHistoryEntry(page: Page, version: string) {
    const history = page.getByRole('region', { name: 'Migration history' });
    const toggle = history.getByRole('button', { name: `Statement & diff of ${version}` });
    await toggle.click();
    await expect.poll(() => toggle.getAttribute('aria-expanded')).toBe('true');
    const added = history.locator('.schema-diff .d2h-ins');
    await visible(added.first());
    return { history, added };
  }

  it('shows the migration history and, opened, the statement and the schema diff that added the table', async () => {
    for (const viewport of ['desktop', 'phone'] as const) {
      const opened: OpenedPage = await openPage(browser, running.baseUrl, viewport);
      const { page, errors } = opened;
      page.setDefaultTimeout(15_000);
      await signIn(page, tokens.dba, databaseHash);
      await visible(page.getByRole('heading', { name: new RegExp(`^${db.shop}`), level: 1 }));
      const history = page.getByRole('region', { name: 'Migration history' });
      const rows = history.locator('tbody > tr:first-child');
      // Two changes and, oldest, the baseline the first of them recorded before it ran.
      await expect.poll(() => rows.count()).toBe(3);
      // Newest first, with who approved and ran it and a link to the issue.
      await expect.poll(() => rows.first().textContent()).toContain('002');
      expect(await rows.first().textContent()).toContain('Approved by Olivia Owner');
      expect(await rows.first().getByRole('link').getAttribute('href')).toMatch(/^#\/issues\/\d+$/);
      await visible(page.getByRole('region', { name: 'Drift' }).getByText('Not checked', { exact: true }));

      const { added } = await openHistoryEntry(page, '002');
      expect(await history.locator('pre.statement').first().textContent()).toContain(
        'CREATE TABLE customers',
      );
      const addedText = (await added.allTextContents()).join('\n');
      expect(addedText).toContain('customers');
      // The table from 001 was there before: it is context, not an addition.
      expect(addedText).not.toMatch(/CREATE TABLE[^\n]*orders/);
      await checkPage(page, viewport, 'history');
      expect(errors).toEqual([]);
      await opened.close();
    }
  });

  it('lets the DBA check now on the drift board and shows the out-of-band change as drift', async () => {
    await targetQuery('postgres', url, 'ALTER TABLE orders ADD COLUMN coupon text', db.shop);
    const opened = await openPage(browser, running.baseUrl, 'desktop');
    const { page, errors } = opened;
    await signIn(page, tokens.dba, '#/drift');
    await visible(page.getByRole('heading', { name: 'Drift', level: 1 }));
    const board = page.getByRole('region', { name: 'Databases' });
    const row = board.locator('tbody > tr:first-child').filter({ hasText: db.shop });
    await visible(row.getByText('Not checked', { exact: true }));
    await row.getByRole('button', { name: `Check now: ${db.shop} on test-db` }).click();
    await visible(row.getByText('Drifted', { exact: true }));
    // The check's diff opens under its row: the live schema gained the column.
    const diff = board.locator('.drift-diff pre');
    await visible(diff);
    expect(await diff.locator('.line-added').allTextContents()).toEqual(
      expect.arrayContaining([expect.stringContaining('coupon')]),
    );
    expect(await row.textContent()).toMatch(/\+\d+ −\d+/);
    // A database never migrated has no baseline to compare with.
    const stock = board.locator('tbody > tr:first-child').filter({ hasText: db.stock });
    await stock.getByRole('button', { name: `Check now: ${db.stock} on test-db` }).click();
    await visible(stock.getByText('No baseline', { exact: true }));
    await checkPage(page, 'desktop', 'drift');

    // The board links to the database page, which shows the recorded state.
    await row.getByRole('link', { name: db.shop }).click();
    const drift = page.getByRole('region', { name: 'Drift' });
    await visible(drift.getByText('Drifted', { exact: true }));
    // The full diff, rendered from the stored patch.
    await expect
      .poll(() => drift.locator('.schema-diff .d2h-ins').allTextContents())
      .toEqual(expect.arrayContaining([expect.stringContaining('coupon')]));
    await checkPage(page, 'desktop', 'drifted');
    expect(errors).toEqual([]);
    await opened.close();
  });

  it('shows a developer the recorded drift on a phone, without "check now"', async () => {
    const opened = await openPage(browser, running.baseUrl, 'phone');
    const { page, errors } = opened;
    await signIn(page, tokens.dev, '#/drift');
    const board = page.getByRole('region', { name: 'Databases' });
    const row = board.locator('tbody > tr:first-child').filter({ hasText: db.shop });
    await visible(row.getByText('Drifted', { exact: true }));
    expect(await board.getByRole('button', { name: /Check now/ }).count()).toBe(0);
    await row.getByRole('button', { name: `Details of the last check of ${db.shop} on test-db` }).click();
    await visible(board.locator('.drift-diff pre'));
    expect(await board.locator('.drift-diff .line-added').allTextContents()).toEqual(
      expect.arrayContaining([expect.stringContaining('coupon')]),
    );
    await checkPage(page, 'phone', 'drift');
    // An unknown database: the server's message, in place.
    await page.goto('/#/databases/test-db/nope');
    expect(await (await visible(page.getByRole('alert'))).textContent()).toContain(
      'database test-db/nope not found',
    );
    expect(errors).toEqual([]);
    await opened.close();
  });
});
