// The web view shell in real Chromium against the real service: sign-in, overview, project page, sign-out.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, openPage, screenshot, type ViewportName, visible } from './support/browser.ts';
import { ensureWebBuilt, type RunningService, startService } from './support/service.ts';

interface ApiView {
  me: {
    principal: { name: string; email: string; workspaceRole: string };
    projects: { key: string; name: string; role: string }[];
  };
  environments: { key: string; name: string; order: number }[];
  projects: {
    key: string;
    name: string;
    databases: { name: string; instance: string; environment: string }[];
  }[];
}

const dbaEmail = 'dba@example.com';
const roleLabels: Record<string, string> = { owner: 'Owner', developer: 'Developer' };
const workspaceRoleLabels: Record<string, string> = { ...roleLabels, dba: 'DBA' };
let service: RunningService;
let browser: Browser;
let dbaToken: string;
// What the API says, so the page is checked against the same data it was given.
let api: ApiView;

async function getJson<T>(path: string, token: string): Promise<T> {
  const response = await fetch(`${service.baseUrl}${path}`, {
    headers: { Authorization: `Bearer ${token}` },
  });
  expect(response.status, `GET ${path}`).toBe(200);
  return (await response.json()) as T;
}

async function signIn(page: Page, token: string): Promise<void> {
  await page.getByLabel('API token').fill(token);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

function environmentName(key: string): string {
  return api.environments.find((e) => e.key === key)?.name ?? key;
}

async function expectOverview(page: Page): Promise<void> {
  const { principal } = api.me;
  await visible(page.getByRole('heading', { name: 'Overview' }));
  const identity = page.getByRole('region', { name: 'Signed in as' });
  await visible(identity.getByText(principal.name, { exact: true }));
  await visible(identity.getByText(dbaEmail, { exact: true }));
  await visible(identity.getByText('DBA', { exact: true }));
  await visible(page.getByRole('banner').getByText(principal.name));

  const environments = page.getByRole('list', { name: 'Environments' }).getByRole('listitem');
  expect(await environments.allInnerTexts()).toEqual(['Test', 'Staging', 'Prod']);

  const projects = page.getByRole('region', { name: 'Projects' });
  for (const project of api.projects) {
    const card = projects.getByRole('article', { name: project.name });
    await visible(card.getByRole('link', { name: project.name, exact: true }));
    for (const db of project.databases) {
      const row = card.getByRole('row').filter({ hasText: db.instance }).filter({ hasText: db.name });
      await visible(row);
      expect(await row.getByRole('cell').allInnerTexts()).toEqual(
        expect.arrayContaining([db.name, db.instance, environmentName(db.environment)]),
      );
    }
  }
}

beforeAll(async () => {
  ensureWebBuilt();
  service = await startService();
  const token = service.tokens[dbaEmail];
  if (!token) {
    throw new Error(
      `the service printed no token for ${dbaEmail}; output:\n${service.output().slice(-2000)}`,
    );
  }
  dbaToken = token;
  const me = await getJson<ApiView['me']>('/api/v1/me', dbaToken);
  const { environments } = await getJson<Pick<ApiView, 'environments'>>('/api/v1/environments', dbaToken);
  const { projects } = await getJson<Pick<ApiView, 'projects'>>('/api/v1/projects', dbaToken);
  api = { me, environments: [...environments].sort((a, b) => a.order - b.order), projects };
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await service?.stop();
});

describe('web shell', () => {
  it('serves a workspace the shell can show: the demo data the page is checked against', () => {
    expect(api.me.principal.email).toBe(dbaEmail);
    expect(api.me.principal.workspaceRole).toBe('dba');
    expect(api.environments.map((e) => e.key)).toEqual(['test', 'staging', 'prod']);
    expect(api.projects.map((p) => p.key)).toContain('demo');
    expect(api.projects.find((p) => p.key === 'demo')?.databases.length).toBeGreaterThan(0);
  });

  it('rejects a wrong token, signs in, shows the workspace, opens a project and signs out (desktop)', async () => {
    const { page, errors, consoleErrors, close } = await openPage(browser, service.baseUrl, 'desktop');
    await page.goto('/');
    await visible(page.getByRole('heading', { name: 'Sign in' }));
    await screenshot(page, 'web-shell-desktop-1-sign-in');

    await signIn(page, 'bbt_this-token-does-not-exist');
    const alert = await visible(page.getByRole('alert'));
    expect(await alert.textContent()).toContain('the token is not valid');
    expect(await page.evaluate(() => window.localStorage.length)).toBe(0);
    await screenshot(page, 'web-shell-desktop-2-wrong-token');

    await signIn(page, dbaToken);
    await expectOverview(page);
    await screenshot(page, 'web-shell-desktop-3-overview');

    // The token survives a reload, so a phone that reopens the tab stays signed in.
    await page.reload();
    await expectOverview(page);

    const demo = api.projects.find((p) => p.key === 'demo');
    if (!demo) throw new Error('demo project missing');
    await page
      .getByRole('region', { name: 'Projects' })
      .getByRole('link', { name: demo.name, exact: true })
      .click();
    await visible(page.getByRole('heading', { level: 1, name: demo.name }));
    expect(new URL(page.url()).hash).toBe('#/projects/demo');
    const role = api.me.projects.find((p) => p.key === 'demo')?.role ?? '';
    await visible(page.getByText(roleLabels[role] ?? 'Not a member', { exact: true }));
    const rows = page.getByRole('region', { name: 'Databases' }).getByRole('row');
    expect(await rows.count()).toBe(demo.databases.length + 1);
    for (const db of demo.databases)
      await visible(rows.filter({ hasText: db.instance }).filter({ hasText: db.name }));
    await screenshot(page, 'web-shell-desktop-4-project');

    await page.goto('/#/projects/no-such-project');
    await visible(page.getByRole('heading', { name: 'Project not found' }));
    await page.getByRole('link', { name: 'All projects' }).click();
    await visible(page.getByRole('heading', { name: 'Overview' }));

    await page.getByRole('button', { name: 'Sign out' }).click();
    await visible(page.getByRole('heading', { name: 'Sign in' }));
    expect(await page.evaluate(() => window.localStorage.length)).toBe(0);
    await page.reload();
    await visible(page.getByRole('heading', { name: 'Sign in' }));
    await screenshot(page, 'web-shell-desktop-5-signed-out');

    expect(errors).toEqual([]);
    // The refused token is the only failed request; a missing asset or API route would show up here.
    expect(consoleErrors.filter((line) => !line.includes('status of 401'))).toEqual([]);
    await close();
  });

  it('shows a project member their workspace role and project roles', async () => {
    const email = 'owner@example.com';
    const token = service.tokens[email];
    if (!token) throw new Error(`the service printed no token for ${email}`);
    const me = await getJson<ApiView['me']>('/api/v1/me', token);
    expect(me.projects.length).toBeGreaterThan(0);
    const { page, errors, close } = await openPage(browser, service.baseUrl, 'desktop');
    await page.goto('/');
    await signIn(page, token);
    const identity = page.getByRole('region', { name: 'Signed in as' });
    await visible(identity.getByText(me.principal.name, { exact: true }));
    await visible(identity.getByText(email, { exact: true }));
    await visible(
      identity.getByText(workspaceRoleLabels[me.principal.workspaceRole] ?? '?', { exact: true }),
    );
    const roles = identity.getByRole('list', { name: 'Project roles' }).getByRole('listitem');
    expect(await roles.allInnerTexts()).toEqual(me.projects.map((p) => `${p.name} ${roleLabels[p.role]}`));
    await screenshot(page, 'web-shell-desktop-7-project-owner');
    expect(errors).toEqual([]);
    await close();
  });

  it('asks for a new token when the saved one is no longer accepted', async () => {
    const { page, errors, close } = await openPage(browser, service.baseUrl, 'desktop');
    await page.goto('/');
    await signIn(page, dbaToken);
    await visible(page.getByRole('heading', { name: 'Overview' }));
    // Replace the saved token in place, as if it had been revoked since the last visit.
    await page.evaluate(() => {
      const key = window.localStorage.key(0);
      if (key) window.localStorage.setItem(key, 'bbt_revoked-token');
    });
    await page.reload();
    await visible(page.getByText('Your saved token is no longer accepted. Sign in again.'));
    await visible(page.getByRole('heading', { name: 'Sign in' }));
    expect(await page.evaluate(() => window.localStorage.length)).toBe(0);
    expect(errors).toEqual([]);
    await close();
  });

  it('fits a phone screen: overview and project page without sideways scrolling', async () => {
    const viewport: ViewportName = 'phone';
    const { page, errors, consoleErrors, close } = await openPage(browser, service.baseUrl, viewport);
    await page.goto('/');
    await visible(page.getByRole('heading', { name: 'Sign in' }));
    await screenshot(page, 'web-shell-phone-1-sign-in');
    await signIn(page, dbaToken);
    await expectOverview(page);
    const overflow = () =>
      page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(await overflow()).toBeLessThanOrEqual(0);
    await screenshot(page, 'web-shell-phone-2-overview');

    await page.goto('/#/projects/demo');
    await visible(page.getByRole('region', { name: 'Databases' }).getByRole('table'));
    expect(await overflow()).toBeLessThanOrEqual(0);
    await screenshot(page, 'web-shell-phone-3-project');
    expect(errors).toEqual([]);
    expect(consoleErrors).toEqual([]);
    await close();
  });

  // Last: it stops the service.
  it('says the server is unreachable when the service is down', async () => {
    const { page, errors, close } = await openPage(browser, service.baseUrl, 'desktop');
    await page.goto('/');
    await visible(page.getByRole('heading', { name: 'Sign in' }));
    await service.stop();
    await signIn(page, dbaToken);
    const alert = await visible(page.getByRole('alert'));
    expect(await alert.textContent()).toContain('the server is unreachable');
    await screenshot(page, 'web-shell-desktop-6-unreachable');
    expect(errors).toEqual([]);
    await close();
  });
});
