// Access administration in real Chromium: GitLab single sign-on, users, project members, API tokens, audit log.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GitLabFake } from '../fakes/gitlab/index.ts';
import { launchBrowser, type OpenedPage, openPage, visible } from './support/browser.ts';
import { ensureWebBuilt, type RunningService } from './support/service.ts';
import { checkPage, type SsoService, signInWithGitLab, startSsoService } from './support/sso.ts';

const admin = { email: 'admin@example.com', name: 'Ada Admin' };
const riley = { email: 'riley@example.com', name: 'Riley Reviewer' };
const demoProject = { key: 'demo', name: 'Demo shop' };

let sso: SsoService;
let fake: GitLabFake;
let service: RunningService;
let browser: Browser;
let adminToken: string;
/** The token the owner issued to Riley, read from the page that showed it once. */
let rileyToken = '';

async function api<T>(method: string, path: string, body?: unknown): Promise<T> {
  const response = await fetch(`${service.baseUrl}${path}`, {
    method,
    headers: { Authorization: `Bearer ${adminToken}`, 'Content-Type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  expect(response.ok, `${method} ${path}: ${response.status}`).toBe(true);
  return (await response.json()) as T;
}

const usersTable = (page: Page) => page.getByRole('region', { name: 'People' }).getByRole('table');
const userRow = (page: Page, email: string) => usersTable(page).getByRole('row').filter({ hasText: email });

beforeAll(async () => {
  ensureWebBuilt();
  // The demo's workspace owner has a GitLab account.
  sso = await startSsoService([admin]);
  ({ fake, service } = sso);
  const token = service.tokens[admin.email];
  if (!token)
    throw new Error(`the demo printed no token for ${admin.email}:\n${service.output().slice(-2000)}`);
  adminToken = token;
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await sso?.close();
});

describe('access administration in the web view', () => {
  let owner: OpenedPage;

  it('shows why a GitLab sign-in did not complete', async () => {
    const { page, errors, close } = await openPage(browser, service.baseUrl, 'desktop');
    fake.oidc.signInAs(admin.email, { deny: true });
    try {
      await page.goto('/');
      await visible(page.getByRole('heading', { name: 'Sign in', exact: true }));
      await page.getByRole('link', { name: 'Sign in with GitLab' }).click();
      const alert = await visible(page.getByRole('alert'));
      expect(await alert.textContent()).toContain('Single sign-on did not complete.');
      expect(new URL(page.url()).hash).toMatch(/^#\/signin\?error=/);
      // Nothing is remembered from a sign-in that failed.
      expect(await page.evaluate(() => window.localStorage.length)).toBe(0);
      await checkPage(page, 'desktop', 'sign-in-error');
    } finally {
      fake.oidc.signOut();
    }
    expect(errors).toEqual([]);
    await close();
  });

  it('signs the workspace owner in through GitLab and lands on the page asked for', async () => {
    owner = await openPage(browser, service.baseUrl, 'desktop');
    const { page } = owner;
    await page.goto('/#/users');
    await visible(page.getByRole('heading', { name: 'Sign in', exact: true }));
    await visible(page.getByLabel('API token'));
    await checkPage(page, 'desktop', 'sign-in');

    await signInWithGitLab(page, admin);
    expect(new URL(page.url()).hash).toBe('#/users');
    await visible(page.getByRole('heading', { level: 1, name: 'Users' }));
    await visible(page.getByRole('banner').getByText(admin.name));
    const nav = page.getByRole('navigation', { name: 'Main' });
    expect(await nav.getByRole('link').allInnerTexts()).toEqual([
      'Overview',
      'Issues',
      'New change',
      'Drift',
      'Users',
      'Audit log',
      'My tokens',
      'API',
    ]);
    // A cookie session: no token in storage, and the cookie itself is out of the page's reach.
    expect(await page.evaluate(() => Object.keys(window.localStorage))).toEqual(['bytebase-im.sso-session']);
    expect(await page.evaluate(() => document.cookie)).not.toContain('bb_session');
    const cookies = await page.context().cookies();
    expect(cookies.find((c) => c.name === 'bb_session')).toMatchObject({ httpOnly: true, sameSite: 'Lax' });
  });

  it('adds a user, refuses a duplicate in place, and keeps the last owner', async () => {
    const { page } = owner;
    await visible(userRow(page, 'dba@example.com'));
    await checkPage(page, 'desktop', 'users');

    const form = page.getByRole('region', { name: 'Add a user' });
    await form.getByLabel('Email').fill(riley.email);
    await form.getByLabel('Name').fill(riley.name);
    await form.getByLabel('Workspace role').selectOption('developer');
    await form.getByRole('button', { name: 'Add user' }).click();
    await visible(form.getByRole('status').getByText(`Added ${riley.name} (${riley.email}) as Developer.`));
    const row = userRow(page, riley.email);
    await visible(row);
    expect(await row.getByRole('cell').allInnerTexts()).toEqual(
      expect.arrayContaining([riley.email, 'Active', 'None']),
    );

    // The same email again: the server's 409 is shown in the form.
    await form.getByLabel('Email').fill(riley.email);
    await form.getByLabel('Name').fill('Someone Else');
    await form.getByRole('button', { name: 'Add user' }).click();
    const duplicate = await visible(form.getByRole('alert'));
    expect(await duplicate.textContent()).toContain('The user could not be added.');
    expect(await duplicate.textContent()).toMatch(/riley@example\.com/);

    // The only owner cannot demote themself: the row says why.
    const self = userRow(page, admin.email);
    await self.getByLabel(`Workspace role of ${admin.name}`).selectOption('developer');
    await self.getByRole('button', { name: `Save Workspace role of ${admin.name}` }).click();
    const lastOwner = await visible(self.getByRole('alert'));
    expect(await lastOwner.textContent()).toContain('last active workspace owner');
    expect(await self.getByLabel(`Workspace role of ${admin.name}`).inputValue()).toBe('owner');
    await checkPage(page, 'desktop', 'users-errors');

    // Deactivate asks first; cancelling changes nothing, confirming does, and reactivating undoes it.
    const dev = userRow(page, 'dev@example.com');
    await dev.getByRole('button', { name: 'Deactivate Devon Developer' }).click();
    await visible(dev.getByText('Their API tokens and sessions stop working at once.', { exact: false }));
    await dev.getByRole('button', { name: 'Cancel' }).click();
    await visible(dev.getByText('Active', { exact: true }));
    await dev.getByRole('button', { name: 'Deactivate Devon Developer' }).click();
    await dev.getByRole('button', { name: 'Yes, deactivate' }).click();
    await visible(dev.getByText('Deactivated', { exact: true }));
    await dev.getByRole('button', { name: 'Reactivate Devon Developer' }).click();
    await dev.getByRole('button', { name: 'Yes, reactivate' }).click();
    await visible(dev.getByText('Active', { exact: true }));
    const { users } = await api<{ users: { email: string; active: boolean }[] }>('GET', '/api/v1/users');
    expect(users.find((u) => u.email === 'dev@example.com')?.active).toBe(true);
  });

  it('gives the new user a project role on the project page', async () => {
    const { page } = owner;
    await page.goto(`/#/projects/${demoProject.key}/members`);
    const members = page.getByRole('region', { name: 'Members' });
    await visible(members.getByRole('table'));
    const add = members.getByRole('form', { name: 'Add a member' });
    await add.getByLabel('Email').fill(riley.email);
    await add.getByLabel('Project role').selectOption('developer');
    await add.getByRole('button', { name: 'Add member' }).click();
    await visible(members.getByRole('status').getByText(`${riley.name} is now Developer of this project.`));
    const row = members.getByRole('row').filter({ hasText: riley.email });
    await visible(row);
    expect(await row.getByLabel(`Project role of ${riley.name}`).inputValue()).toBe('developer');
    await checkPage(page, 'desktop', 'project-members');

    const { members: listed } = await api<{ members: { email: string; role: string }[] }>(
      'GET',
      `/api/v1/projects/${demoProject.key}/members`,
    );
    expect(listed).toContainEqual(expect.objectContaining({ email: riley.email, role: 'developer' }));
  });

  it('issues the new user a token that is shown once, with a copy button', async () => {
    const { page } = owner;
    await page.goto('/#/users');
    await userRow(page, riley.email)
      .getByRole('link', { name: `API tokens of ${riley.name}` })
      .click();
    expect(new URL(page.url()).hash).toBe(`#/users/${encodeURIComponent(riley.email)}/tokens`);
    await visible(page.getByRole('heading', { level: 1, name: `API tokens of ${riley.name}` }));
    await visible(page.getByText('No API tokens yet.'));

    const create = page.getByRole('region', { name: 'Create a token' });
    await create.getByLabel('Token name').fill('laptop');
    const inMonth = new Date(Date.now() + 30 * 86_400_000);
    const day = `${inMonth.getFullYear()}-${String(inMonth.getMonth() + 1).padStart(2, '0')}-${String(inMonth.getDate()).padStart(2, '0')}`;
    await create.getByLabel('Valid until').fill(day);
    await create.getByRole('button', { name: 'Create token' }).click();

    const shown = page.getByRole('region', { name: 'New token “laptop”' });
    await visible(shown.getByText('Copy it now: you will not see it again.'));
    rileyToken = await shown.getByLabel('New API token').inputValue();
    expect(rileyToken).toMatch(/^bbt_[\w-]{20,}$/);
    await page.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin: service.baseUrl });
    await shown.getByRole('button', { name: 'Copy' }).click();
    await visible(shown.getByText('Copied to the clipboard.'));
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(rileyToken);
    await checkPage(page, 'desktop', 'token-created');

    await shown.getByRole('button', { name: 'I have saved it' }).click();
    await expect.poll(() => shown.count()).toBe(0);
    const row = page.getByRole('region', { name: 'Tokens' }).getByRole('row').filter({ hasText: 'laptop' });
    const cells = await row.getByRole('cell').allInnerTexts();
    expect(cells[0]).toBe(`${rileyToken.slice(0, 8)}…`);
    expect(cells[1]).toBe('Active');
    expect(cells[3]).not.toBe('Never');
    expect(cells[4]).toBe('Never');
    // The secret is nowhere on the page any more, and a reload does not bring it back.
    expect(await page.content()).not.toContain(rileyToken);
    await page.reload();
    await visible(
      page.getByRole('region', { name: 'Tokens' }).getByRole('row').filter({ hasText: 'laptop' }),
    );
    expect(await page.content()).not.toContain(rileyToken);
    await checkPage(page, 'desktop', 'tokens');
  });

  it('signs the new user in with that token in another browser and shows their project, read-only', async () => {
    const { page, errors, close } = await openPage(browser, service.baseUrl, 'desktop');
    await page.goto('/');
    await page.getByLabel('API token').fill(rileyToken);
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    await visible(page.getByRole('heading', { name: 'Overview' }));
    const identity = page.getByRole('region', { name: 'Signed in as' });
    await visible(identity.getByText(riley.name, { exact: true }));
    expect(
      await identity.getByRole('list', { name: 'Project roles' }).getByRole('listitem').allInnerTexts(),
    ).toEqual([`${demoProject.name} Developer`]);
    await visible(
      page
        .getByRole('region', { name: 'Projects' })
        .getByRole('link', { name: demoProject.name, exact: true }),
    );
    // A developer gets neither the users page nor the audit log.
    const nav = page.getByRole('navigation', { name: 'Main' });
    expect(await nav.getByRole('link').allInnerTexts()).toEqual([
      'Overview',
      'Issues',
      'New change',
      'Drift',
      'My tokens',
      'API',
    ]);
    await checkPage(page, 'desktop', 'overview-developer');

    await page
      .getByRole('region', { name: 'Projects' })
      .getByRole('link', { name: demoProject.name, exact: true })
      .click();
    const members = page.getByRole('region', { name: 'Members' });
    await visible(members.getByRole('row').filter({ hasText: riley.email }));
    expect(await members.getByRole('form').count()).toBe(0);
    expect(await members.getByRole('combobox').count()).toBe(0);
    await visible(
      members.getByText("Only the project's owners and workspace owners can change its members."),
    );
    await checkPage(page, 'desktop', 'project-developer');

    // Their own tokens, from the identity panel: the one this browser uses is marked.
    await page.getByRole('link', { name: 'My tokens' }).click();
    await visible(page.getByRole('heading', { level: 1, name: 'Your API tokens' }));
    await visible(page.getByRole('row').filter({ hasText: 'laptop' }).getByText('This browser'));
    expect(errors).toEqual([]);

    // The owner revokes it (after confirming); this browser is signed out at its next request.
    const ownerPage = owner.page;
    const row = ownerPage
      .getByRole('region', { name: 'Tokens' })
      .getByRole('row')
      .filter({ hasText: 'laptop' });
    await row.getByRole('button', { name: 'Revoke token laptop' }).click();
    await row.getByRole('button', { name: 'Yes, revoke' }).click();
    await visible(row.getByText('Revoked', { exact: true }));
    await page.reload();
    await visible(page.getByText('Your saved token is no longer accepted. Sign in again.'));
    expect(await page.evaluate(() => window.localStorage.length)).toBe(0);
    await close();
  });

  it('reads the audit log: the actions above, filters, newest first, and more on demand', async () => {
    // Enough rows for more than one page: 55 renames of the developer, ending at the original name.
    for (let i = 0; i < 55; i++) {
      await api('PATCH', '/api/v1/users/dev%40example.com', {
        name: i % 2 === 0 ? 'Devon D.' : 'Devon Developer',
      });
    }
    await api('PATCH', '/api/v1/users/dev%40example.com', { name: 'Devon Developer' });

    const { page } = owner;
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Audit log' }).click();
    await visible(page.getByRole('heading', { level: 1, name: 'Audit log' }));
    const entries = page.getByRole('region', { name: 'Entries' });
    const rows = entries.getByRole('table').getByRole('row');
    await visible(entries.getByText('50 entries so far, newest first.'));
    expect(await rows.count()).toBe(51);
    await entries.getByRole('button', { name: 'Load more' }).click();
    await expect.poll(() => rows.count()).toBeGreaterThan(51);
    const times = await entries
      .locator('time')
      .evaluateAll((nodes) => nodes.map((n) => n.getAttribute('datetime')));
    expect(times.length).toBeGreaterThan(50);
    for (let i = 1; i < times.length; i++)
      expect(Date.parse(times[i]!)).toBeLessThanOrEqual(Date.parse(times[i - 1]!));

    // Narrowed to what was done for Riley: created, added to the project, given a token, token revoked.
    const filters = page.getByRole('form', { name: 'Audit log filters' });
    await filters.getByLabel('Actor email').fill(admin.email);
    await filters.getByLabel('Action', { exact: true }).fill('token.*');
    await filters.getByRole('button', { name: 'Apply filters' }).click();
    await expect
      .poll(() => new URL(page.url()).hash)
      .toBe('#/audit?actor=admin%40example.com&action=token.*');
    await visible(entries.getByText('2 entries, newest first.'));
    const tokenRows = await rows.allInnerTexts();
    expect(tokenRows.slice(1).map((r) => r.match(/token\.\w+/)?.[0])).toEqual([
      'token.revoke',
      'token.create',
    ]);
    expect(tokenRows[2]).toContain(`principal:${riley.email}`);
    expect(tokenRows[2]).toContain('name: laptop');
    expect(await entries.getByRole('button', { name: 'Load more' }).count()).toBe(0);

    await filters.getByLabel('Action', { exact: true }).fill('');
    await filters.getByLabel('Actor email').fill('');
    await filters.getByLabel('Project').selectOption(demoProject.key);
    await filters.getByRole('button', { name: 'Apply filters' }).click();
    const added = await visible(rows.filter({ hasText: 'member.add' }).filter({ hasText: riley.email }));
    expect(await added.innerText()).toContain(admin.name);
    expect(await added.innerText()).toContain(demoProject.name);

    await page.goto('/#/audit?resource=principal%3Ariley%40example.com');
    await visible(rows.filter({ hasText: 'user.create' }));
    expect((await rows.allInnerTexts()).slice(1).map((r) => r.match(/(user|token)\.\w+/)?.[0])).toEqual([
      'token.revoke',
      'token.create',
      'user.create',
    ]);
    await checkPage(page, 'desktop', 'audit');
  });

  it('fits a phone: every page at 390 px without sideways scrolling, and still passes axe', async () => {
    const { page, errors, consoleErrors, close } = await openPage(browser, service.baseUrl, 'phone');
    await page.goto('/#/users');
    await visible(page.getByRole('link', { name: 'Sign in with GitLab' }));
    await checkPage(page, 'phone', 'sign-in');
    // GitLab remembers the owner from the first sign-in and approves at once.
    await signInWithGitLab(page, admin);
    await visible(userRow(page, riley.email));
    await checkPage(page, 'phone', 'users');

    // The confirmation in a stacked card still fits.
    await userRow(page, 'dev@example.com')
      .getByRole('button', { name: 'Deactivate Devon Developer' })
      .click();
    await checkPage(page, 'phone', 'users-confirm');
    await userRow(page, 'dev@example.com').getByRole('button', { name: 'Cancel' }).click();

    await page.goto(`/#/projects/${demoProject.key}`);
    await visible(
      page.getByRole('region', { name: 'Members' }).getByRole('row').filter({ hasText: riley.email }),
    );
    await checkPage(page, 'phone', 'project-members');

    await page.goto(`/#/users/${encodeURIComponent(admin.email)}/tokens`);
    await visible(page.getByRole('heading', { level: 1, name: 'Your API tokens' }));
    const create = page.getByRole('region', { name: 'Create a token' });
    await create.getByLabel('Token name').fill('phone');
    await create.getByRole('button', { name: 'Create token' }).click();
    await visible(page.getByLabel('New API token'));
    await checkPage(page, 'phone', 'token-created');
    await page.getByRole('button', { name: 'I have saved it' }).click();
    await checkPage(page, 'phone', 'tokens');

    await page.goto('/#/audit');
    await visible(page.getByRole('region', { name: 'Entries' }).getByRole('button', { name: 'Load more' }));
    await checkPage(page, 'phone', 'audit');

    // Signing out ends the session on the server too: a reload finds no session.
    await page.getByRole('button', { name: 'Sign out' }).click();
    await visible(page.getByRole('heading', { name: 'Sign in', exact: true }));
    expect(await page.evaluate(() => window.localStorage.length)).toBe(0);
    expect((await page.context().cookies()).find((c) => c.name === 'bb_session')).toBeUndefined();
    await page.reload();
    await visible(page.getByRole('link', { name: 'Sign in with GitLab' }));
    expect(errors).toEqual([]);
    expect(consoleErrors).toEqual([]);
    await close();
  });

  it('ends the owner’s desktop session with sign-out', async () => {
    const { page, errors } = owner;
    await page.getByRole('button', { name: 'Sign out' }).click();
    await visible(page.getByRole('heading', { name: 'Sign in', exact: true }));
    await page.reload();
    await visible(page.getByRole('link', { name: 'Sign in with GitLab' }));
    expect(await page.evaluate(() => window.localStorage.length)).toBe(0);
    expect(errors).toEqual([]);
    await owner.close();
  });
});
