// The API reference page (#/api) in real Chromium: every operation of the served OpenAPI document is listed by
// tag, the filter narrows them, schema links lead to the components section; axe, no sideways scrolling.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, openPage, type ViewportName, visible } from './support/browser.ts';
import { ensureWebBuilt, type RunningService, startService } from './support/service.ts';
import { checkPage } from './support/sso.ts';

interface Doc {
  paths: Record<string, Record<string, { operationId: string; summary: string; tags: string[] }>>;
  components: { schemas: Record<string, unknown> };
}

let service: RunningService;
let browser: Browser;
let doc: Doc;

beforeAll(async () => {
  ensureWebBuilt();
  service = await startService();
  browser = await launchBrowser();
  const response = await fetch(`${service.baseUrl}/api/v1/openapi.json`);
  expect(response.status).toBe(200);
  doc = (await response.json()) as Doc;
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await service?.stop();
});

async function signIn(page: Page, email: string): Promise<void> {
  const token = service.tokens[email];
  if (!token) throw new Error(`the demo printed no token for ${email}`);
  await page.goto('/#/api');
  await page.getByLabel('API token').fill(token);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await visible(page.getByRole('heading', { level: 1, name: 'API reference' }));
}

const operationCount = () => Object.values(doc.paths).reduce((n, item) => n + Object.keys(item).length, 0);

describe('the API reference page', () => {
  for (const viewport of ['desktop', 'phone'] as ViewportName[]) {
    it(`lists every operation by tag, filters, and links schemas (${viewport})`, async () => {
      const { page, errors, consoleErrors, close } = await openPage(browser, service.baseUrl, viewport);
      await signIn(page, 'dev@example.com');

      // The navigation marks this page; on a phone it sits behind the Menu disclosure.
      const nav = page.getByRole('navigation', { name: 'Main' });
      if (viewport === 'phone') {
        const menu = nav.getByRole('button', { name: 'Menu' });
        expect(await menu.getAttribute('aria-expanded')).toBe('false');
        await menu.click();
        expect(await menu.getAttribute('aria-expanded')).toBe('true');
        await visible(nav.getByRole('link', { name: 'API' }));
        await checkPage(page, viewport, 'menu', 'api-reference');
        await page.keyboard.press('Escape');
        expect(await menu.getAttribute('aria-expanded')).toBe('false');
        // Escape hands the focus back to the button; the keyboard opens the menu again.
        expect(await page.evaluate(() => document.activeElement?.getAttribute('aria-controls'))).toBe(
          'main-nav-list',
        );
        await page.keyboard.press('Enter');
        expect(await menu.getAttribute('aria-expanded')).toBe('true');
        await page.keyboard.press('Tab');
        expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Overview');
        await page.keyboard.press('Escape');
      }
      // (Folded away on a phone, the link is out of the accessibility tree but still marked.)
      expect(await nav.locator('a[href="#/api"]').getAttribute('aria-current')).toBe('page');

      const status = page.getByRole('search', { name: 'Operations' }).getByText(/operations in \d+ groups/);
      await visible(status);
      expect(await status.textContent()).toContain(`${operationCount()} operations`);
      const tags = [
        ...new Set(Object.values(doc.paths).flatMap((p) => Object.values(p).map((o) => o.tags[0]))),
      ];
      for (const tag of tags) await visible(page.getByRole('region', { name: tag! }));
      const users = page.getByRole('region', { name: 'users' });
      await visible(users.getByText('/users/{email}', { exact: true }).first());
      await checkPage(page, viewport, 'all', 'api-reference');

      // The filter narrows the list and says how many match.
      await page.getByLabel('Filter operations').fill('tokens');
      await visible(page.getByText(/^\d+ of \d+ operations match\.$/));
      expect(await page.getByRole('region', { name: 'issues' }).count()).toBe(0);
      await visible(page.getByRole('region', { name: 'tokens' }));

      // An operation opens with its parameters, body and responses; the schema link leads to its entry.
      const create = page.locator('#op-createToken');
      await create.locator('summary').click();
      await visible(create.getByRole('heading', { name: 'Request body' }));
      await visible(create.getByText('email', { exact: true }).first());
      await create.getByRole('link', { name: 'NewToken' }).click();
      expect(new URL(page.url()).hash).toBe('#/api?schema=NewToken');
      const entry = page.locator('#schema-NewToken');
      await visible(entry.getByRole('link', { name: 'Token' }));
      expect(await entry.evaluate((el) => (el as HTMLDetailsElement).open)).toBe(true);
      expect(await page.evaluate(() => document.activeElement?.closest('details')?.id)).toBe(
        'schema-NewToken',
      );
      await checkPage(page, viewport, 'schema', 'api-reference');

      // Every named schema of the document has an entry.
      for (const name of Object.keys(doc.components.schemas))
        expect(await page.locator(`[id="schema-${name}"]`).count(), name).toBe(1);

      expect(errors).toEqual([]);
      expect(consoleErrors).toEqual([]);
      await close();
    }, 90_000);
  }

  it('opens a shared link to a schema at that schema', async () => {
    const { page, close } = await openPage(browser, service.baseUrl, 'desktop');
    await signIn(page, 'dba@example.com');
    await page.goto('/#/api?schema=IssueView');
    const entry = page.locator('#schema-IssueView');
    await visible(entry.getByText('stages', { exact: true }));
    expect(await entry.evaluate((el) => (el as HTMLDetailsElement).open)).toBe(true);
    await checkPage(page, 'desktop', 'issue-view', 'api-reference');
    // An operation's id links to it, too.
    await page.goto('/#/api?op=getIssue');
    const operation = page.locator('#op-getIssue');
    await visible(operation.getByRole('link', { name: 'IssueView' }));
    expect(await operation.evaluate((el) => (el as HTMLDetailsElement).open)).toBe(true);
    await close();
  }, 60_000);
});
