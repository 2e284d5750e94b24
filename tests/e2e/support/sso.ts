// The service as a child process with GitLab single sign-on against the in-process GitLab fake, for browser tests.
import type { Page } from 'playwright-core';
import { expect } from 'vitest';
import { type GitLabFake, startGitLabFake } from '../../fakes/gitlab/index.ts';
import { axeViolations } from './axe.ts';
import { screenshot, type ViewportName, visible } from './browser.ts';
import { freePort, type RunningService, startService } from './service.ts';

const CLIENT_ID = 'bytebase-im-web';
const CLIENT_SECRET = 'gloas-e2e-client-secret';

export interface SsoService {
  service: RunningService;
  fake: GitLabFake;
  close(): Promise<void>;
}

/**
 * Starts the GitLab fake with the service's OAuth application registered, then the service (demo workspace)
 * with OIDC_* pointing at it. `gitlabUsers` get GitLab accounts; nobody is signed in to GitLab, so its
 * authorize page asks who signs in, as GitLab's sign-in form would.
 */
export async function startSsoService(gitlabUsers: { email: string; name: string }[]): Promise<SsoService> {
  const fake = await startGitLabFake();
  // PUBLIC_URL and the redirect URI registered at GitLab must name the port before the service starts.
  const port = await freePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  fake.oidc.addApplication({
    clientId: CLIENT_ID,
    clientSecret: CLIENT_SECRET,
    redirectUris: [`${baseUrl}/auth/oidc/callback`],
  });
  for (const user of gitlabUsers) fake.oidc.signInAs(user.email, { name: user.name });
  fake.oidc.signOut();
  try {
    const service = await startService({
      port,
      env: {
        PUBLIC_URL: baseUrl,
        OIDC_ISSUER: fake.url,
        OIDC_CLIENT_ID: CLIENT_ID,
        OIDC_CLIENT_SECRET: CLIENT_SECRET,
      },
    });
    return {
      service,
      fake,
      async close() {
        await service.stop();
        await fake.close();
      },
    };
  } catch (error) {
    await fake.close();
    throw error;
  }
}

/** Presses "Sign in with GitLab" and, when GitLab asks who is signing in, picks `user`. */
export async function signInWithGitLab(page: Page, user: { email: string; name: string }): Promise<void> {
  await page.getByRole('link', { name: 'Sign in with GitLab' }).click();
  const choose = page.getByRole('button', { name: `Sign in as ${user.name} (${user.email})` });
  const landed = page.getByRole('navigation', { name: 'Main' });
  await Promise.race([choose.waitFor({ timeout: 15_000 }), landed.waitFor({ timeout: 15_000 })]);
  if (await choose.isVisible()) await choose.click();
  await visible(landed);
}

const widths: Record<ViewportName, string> = { desktop: '1280', phone: '390' };

/**
 * Axe finds nothing, the page fits its width, and a full-page screenshot
 * `test-results/screenshots/<prefix>-<name>-<width>.png` is kept for a person to look at.
 */
export async function checkPage(
  page: Page,
  viewport: ViewportName,
  name: string,
  prefix = 'access',
): Promise<void> {
  const where = `${name} at ${widths[viewport]} px`;
  expect(await axeViolations(page), `axe on ${where}`).toEqual([]);
  const overflow = await page.evaluate(
    () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
  );
  expect(overflow, `sideways scrolling on ${where}`).toBeLessThanOrEqual(0);
  await screenshot(page, `${prefix}-${name}-${widths[viewport]}`);
}
