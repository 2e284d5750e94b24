// Drift in the web view, in real Chromium against a real PostgreSQL target: a migration is rolled out, the table
// is altered out of band, the DBA checks drift on the database page, reads the full diff, and accepts the live
// schema as the baseline with a reason; a baseline accepted elsewhere meanwhile makes the dialog's request a
// conflict that reloads the board; a developer sees the drift and no baseline button, at 1280 and 390 px.
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
import { launchBrowser, openPage, visible } from './support/browser.ts';
import { checkPage } from './support/page-check.ts';
import { ensureWebBuilt } from './support/service.ts';

async function signIn(page: Page, token: string, hash: string): Promise<void> {
  await page.goto(`/${hash}`);
  await page.getByLabel('API token').fill(token);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

describeRealDb('postgres', 'drift console in the web view', (url) => {
  const db = `dw${randomBytes(3).toString('hex')}_app`;
  const tokens = mintTestTokens();
  let running: RunningService;
  let browser: Browser;
  let api: ReturnType<typeof apiClient>;
  let issueId: number;
  const databaseHash = `#/databases/test-db/${db}`;
  const driftPath = `/api/v1/instances/test-db/databases/${db}/drift`;
  const target = `${db} on test-db`;

  beforeAll(async () => {
    ensureWebBuilt();
    await targetQuery('postgres', url, `CREATE DATABASE ${db}`);
    running = await startService({
      workspaceLines: [
        ...workspaceHeadYaml(['test'], 'postgres', url),
        'projects:',
        '  - key: shop',
        '    name: Shop',
        '    databases:',
        `      - { instance: test-db, name: ${db} }`,
        '    members:',
        '      - { email: dev@example.com, role: developer }',
        '      - { email: owner@example.com, role: owner }',
      ],
      // Only the checks the test asks for: a scheduled one would change the state under the test's feet.
      env: { ...tokenEnv(tokens), DRIFT_CHECK_INTERVAL: 'off' },
      http: true,
    });
    api = apiClient((path, init) => fetch(`${running.baseUrl}${path}`, init));
    const created = await api(tokens.dev, 'POST', '/api/v1/projects/shop/issues', {
      title: 'Orders table',
      type: 'schema',
      files: [
        { version: '001', statement: 'CREATE TABLE orders (id bigint PRIMARY KEY, total numeric NOT NULL);' },
      ],
      targets: [{ database: db }],
    });
    expect(created.status, JSON.stringify(created.json)).toBe(201);
    issueId = created.json.issue.id;
    expect((await api(tokens.owner, 'POST', `/api/v1/issues/${issueId}/approve`, {})).status).toBe(200);
    const done = await pollUntil(`issue ${issueId} to finish`, async () => {
      const { json } = await api(tokens.dba, 'GET', `/api/v1/issues/${issueId}`);
      return ['done', 'failed'].includes(json.issue.status) ? json : null;
    });
    expect(done.issue.status).toBe('done');
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    await running?.close();
    await dropTargetDatabase('postgres', url, db);
  });

  /** An out-of-band change, found by a check the DBA runs through the API. */
  async function driftOutOfBand(statement: string): Promise<number> {
    await targetQuery('postgres', url, statement, db);
    const checked = await api(tokens.dba, 'GET', driftPath);
    expect(checked.status, JSON.stringify(checked.json)).toBe(200);
    expect(checked.json.status).toBe('drifted');
    return checked.json.seq;
  }

  it('lets the DBA check drift, read the full diff and accept the live schema as the baseline', async () => {
    await targetQuery('postgres', url, 'ALTER TABLE orders ADD COLUMN coupon text', db);
    const opened = await openPage(browser, running.baseUrl, 'desktop');
    const { page, errors } = opened;
    page.setDefaultTimeout(15_000);
    await signIn(page, tokens.dba, databaseHash);
    const drift = page.getByRole('region', { name: 'Drift', exact: true });
    await visible(drift.getByText('Not checked', { exact: true }));

    await drift.getByRole('button', { name: `Check now: ${target}` }).click();
    await visible(drift.getByText('Drifted', { exact: true }));
    expect(await drift.textContent()).toMatch(/since \S/);
    // Compared with the migration that created the table, linked to its issue.
    const issueLink = drift.getByRole('link', { name: `issue #${issueId}` });
    expect(await issueLink.getAttribute('href')).toBe(`#/issues/${issueId}`);
    expect(await drift.textContent()).toContain('Migration 001 of issue');
    // The full diff (diff2html): the added column, the unchanged lines of the table around it.
    const added = drift.locator('.schema-diff .d2h-ins');
    await visible(added.first());
    expect((await added.allTextContents()).join('\n')).toContain('coupon');
    expect((await drift.locator('.schema-diff .d2h-cntx').allTextContents()).join('\n')).toContain(
      'CREATE TABLE public.orders',
    );
    // The check is listed with who asked and that it changed the state.
    const checks = page.getByRole('region', { name: 'Recent checks' });
    const latest = checks.locator('tbody tr').first();
    await visible(latest.getByText('Drifted', { exact: true }));
    expect(await latest.textContent()).toContain('State changed');
    expect(await latest.textContent()).toContain('You (Dana DBA)');
    await checkPage(page, 'desktop', 'drift-database-drifted');

    // The dialog asks for the reason and refuses to go on without one.
    const opener = drift.getByRole('button', { name: `Accept as baseline: ${target}` });
    await opener.click();
    const dialog = page.getByRole('dialog', { name: `Accept the live schema of ${target} as its baseline?` });
    await visible(dialog);
    const reason = dialog.getByRole('textbox', { name: 'Reason (required)' });
    expect(await reason.evaluate((el) => el === document.activeElement)).toBe(true);
    await dialog.getByRole('button', { name: 'Accept as baseline' }).click();
    await visible(dialog.getByText('Say why the live schema becomes the baseline.'));
    expect(await reason.getAttribute('aria-invalid')).toBe('true');
    expect((await api(tokens.dba, 'GET', `${driftPath}?cached=1`)).json.status).toBe('drifted');
    await checkPage(page, 'desktop', 'drift-baseline-dialog');
    // Escape closes it and gives focus back to the button that opened it.
    await page.keyboard.press('Escape');
    await expect.poll(() => dialog.isVisible()).toBe(false);
    expect(await opener.evaluate((el) => el === document.activeElement)).toBe(true);

    await opener.click();
    await reason.fill('coupon column added by hand during the sale; it stays');
    await dialog.getByRole('button', { name: 'Accept as baseline' }).click();
    const status = drift.getByRole('status');
    await visible(status);
    expect(await status.textContent()).toContain(`Accepted as baseline: ${target} is now in sync`);
    await visible(drift.getByText('In sync', { exact: true }));
    expect(await drift.getByRole('button', { name: /Accept as baseline/ }).count()).toBe(0);
    expect(await drift.textContent()).toContain('Baseline accepted from the live schema');
    // The baseline is a row of the migration history, and the newest check.
    const history = page.getByRole('region', { name: 'Migration history' });
    await visible(history.locator('tbody > tr:first-child').first().getByText('Baseline', { exact: true }));
    await visible(latest.getByText('In sync', { exact: true }));
    expect(await latest.textContent()).toContain('You (Dana DBA)');
    // The server agrees, and the reason is in the audit log.
    const now = await api(tokens.dba, 'GET', `${driftPath}?cached=1`);
    expect(now.json.status).toBe('in_sync');
    const audit = await api(tokens.dba, 'GET', '/api/v1/audit?action=database.baseline');
    expect(JSON.stringify(audit.json)).toContain('coupon column added by hand during the sale');
    await checkPage(page, 'desktop', 'drift-database-in-sync');
    expect(errors).toEqual([]);
    await opened.close();
  });

  it('shows on the board, at 390 px, that the state changed while the dialog was open, and reloads it', async () => {
    const seen = await driftOutOfBand('ALTER TABLE orders ADD COLUMN note text');
    const opened = await openPage(browser, running.baseUrl, 'phone');
    const { page, errors } = opened;
    page.setDefaultTimeout(15_000);
    await signIn(page, tokens.dba, '#/drift');
    const board = page.getByRole('region', { name: 'Databases' });
    const row = board.locator('tbody > tr:first-child').filter({ hasText: db });
    await visible(row.getByText('Drifted', { exact: true }));
    expect(await row.textContent()).toMatch(/since \S/);
    await checkPage(page, 'phone', 'drift-board-dba');

    await row.getByRole('button', { name: `Accept as baseline: ${target}` }).click();
    const dialog = page.getByRole('dialog', { name: `Accept the live schema of ${target} as its baseline?` });
    await visible(dialog);
    await dialog.getByRole('textbox', { name: 'Reason (required)' }).fill('note column is wanted');
    await checkPage(page, 'phone', 'drift-board-dialog');
    // Someone else accepts first: the state the dialog was opened on is gone.
    const first = await api(tokens.dba, 'POST', `/api/v1/instances/test-db/databases/${db}/baseline`, {
      reason: 'accepted from the API first',
      seq: seen,
    });
    expect(first.status, JSON.stringify(first.json)).toBe(200);
    await dialog.getByRole('button', { name: 'Accept as baseline' }).click();
    const alert = row.getByRole('alert');
    await visible(alert);
    expect(await alert.textContent()).toContain('The baseline was not accepted.');
    // The server's own words: what the state is now.
    expect(await alert.textContent()).toContain('changed since: it is now in sync');
    // The board read the state again: in sync, nothing left to accept.
    await visible(row.getByText('In sync', { exact: true }));
    expect(await row.getByRole('button', { name: /Accept as baseline/ }).count()).toBe(0);
    const audit = await api(tokens.dba, 'GET', '/api/v1/audit?action=database.baseline');
    expect(JSON.stringify(audit.json)).not.toContain('note column is wanted');
    await checkPage(page, 'phone', 'drift-board-conflict');
    expect(errors).toEqual([]);
    await opened.close();
  });

  it('shows a developer the drift and its diff without the baseline button, at 1280 and 390 px', async () => {
    await driftOutOfBand('CREATE INDEX orders_total ON orders (total)');
    for (const viewport of ['desktop', 'phone'] as const) {
      const opened = await openPage(browser, running.baseUrl, viewport);
      const { page, errors } = opened;
      page.setDefaultTimeout(15_000);
      await signIn(page, tokens.dev, '#/drift');
      const board = page.getByRole('region', { name: 'Databases' });
      const row = board.locator('tbody > tr:first-child').filter({ hasText: db });
      await visible(row.getByText('Drifted', { exact: true }));
      expect(await board.getByRole('button', { name: /Accept as baseline|Check now/ }).count()).toBe(0);
      await checkPage(page, viewport, 'drift-board-developer');

      // The board's way to the drift section is the database page chat cards also link to.
      await row.getByRole('link', { name: `Review drift: ${target}` }).click();
      await expect.poll(() => page.evaluate(() => window.location.hash)).toBe(databaseHash);
      const drift = page.getByRole('region', { name: 'Drift', exact: true });
      await visible(drift.getByText('Drifted', { exact: true }));
      const added = drift.locator('.schema-diff .d2h-ins');
      await visible(added.first());
      expect((await added.allTextContents()).join('\n')).toContain('orders_total');
      expect(await page.getByRole('button', { name: /Accept as baseline|Check now/ }).count()).toBe(0);
      const checks = page.getByRole('region', { name: 'Recent checks' });
      // Checks the developer did not run are named by who ran them, never as "you".
      await visible(checks.locator('tbody tr').first().getByText('Drifted', { exact: true }));
      expect(await checks.textContent()).not.toContain('You (');
      await checkPage(page, viewport, 'drift-database-developer');
      expect(errors).toEqual([]);
      await opened.close();
    }
  });

  it('says on the database page, at 390 px, that the state changed before the DBA confirmed, and reads it again', async () => {
    const shown = (await api(tokens.dba, 'GET', `${driftPath}?cached=1`)).json;
    expect(shown.status).toBe('drifted');
    const opened = await openPage(browser, running.baseUrl, 'phone');
    const { page, errors } = opened;
    page.setDefaultTimeout(15_000);
    await signIn(page, tokens.dba, databaseHash);
    const drift = page.getByRole('region', { name: 'Drift', exact: true });
    await visible(drift.getByText('Drifted', { exact: true }));
    await visible(drift.locator('.schema-diff .d2h-ins').first());
    await checkPage(page, 'phone', 'drift-database-dba');

    await drift.getByRole('button', { name: `Accept as baseline: ${target}` }).click();
    const dialog = page.getByRole('dialog', { name: `Accept the live schema of ${target} as its baseline?` });
    await dialog.getByRole('textbox', { name: 'Reason (required)' }).fill('index is wanted');
    const first = await api(tokens.dba, 'POST', `/api/v1/instances/test-db/databases/${db}/baseline`, {
      reason: 'index accepted from the API first',
      seq: shown.seq,
    });
    expect(first.status, JSON.stringify(first.json)).toBe(200);
    await dialog.getByRole('button', { name: 'Accept as baseline' }).click();
    const alert = drift.getByRole('alert');
    await visible(alert);
    expect(await alert.textContent()).toContain('The baseline was not accepted.');
    expect(await alert.textContent()).toContain('changed since: it is now in sync');
    await visible(drift.getByText('In sync', { exact: true }));
    expect(await drift.getByRole('button', { name: /Accept as baseline/ }).count()).toBe(0);
    expect(await drift.locator('.schema-diff').count()).toBe(0);
    await checkPage(page, 'phone', 'drift-database-conflict');
    expect(errors).toEqual([]);
    await opened.close();
  });
});
