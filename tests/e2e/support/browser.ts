// Real headless Chromium for browser tests: launch, pages per viewport, screenshots, page error capture.
import { existsSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Browser, type BrowserContextOptions, chromium, type Locator, type Page } from 'playwright-core';

/** Debian's chromium package; CI installs it, so a missing binary is a failure, never a skip. */
export const chromiumPath = '/usr/bin/chromium';

const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
export const screenshotDir = join(repoRoot, 'test-results', 'screenshots');

export const viewports = {
  desktop: { viewport: { width: 1280, height: 800 } },
  phone: { viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true },
} satisfies Record<string, BrowserContextOptions>;

export type ViewportName = keyof typeof viewports;

/**
 * Starts Chromium headless. Each launch gets a fresh temporary profile (user data dir) that
 * playwright creates and deletes, so no cookies or localStorage leak between runs.
 */
export async function launchBrowser(): Promise<Browser> {
  if (!existsSync(chromiumPath)) {
    throw new Error(
      `Chromium is required for browser tests but ${chromiumPath} does not exist. ` +
        'Install it with `apt-get install -y chromium` (Debian package); CI installs it.',
    );
  }
  return chromium.launch({
    executablePath: chromiumPath,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

export interface OpenedPage {
  page: Page;
  /** Uncaught exceptions thrown by the page so far; a healthy page leaves this empty. */
  errors: string[];
  /** Console errors, including the browser's own "Failed to load resource" lines for 4xx answers. */
  consoleErrors: string[];
  close(): Promise<void>;
}

/**
 * Opens a page in its own browser context (own localStorage) with the given viewport, resolving
 * relative URLs against baseUrl.
 */
export async function openPage(
  browser: Browser,
  baseUrl: string,
  viewport: ViewportName,
): Promise<OpenedPage> {
  const context = await browser.newContext({ ...viewports[viewport], baseURL: baseUrl });
  const page = await context.newPage();
  const errors: string[] = [];
  const consoleErrors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.stack ?? error.message));
  page.on('console', (message) => {
    if (message.type() === 'error') consoleErrors.push(message.text());
  });
  return { page, errors, consoleErrors, close: () => context.close() };
}

/** Writes a full-page PNG to test-results/screenshots/<name>.png and returns its path. */
export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(screenshotDir, { recursive: true });
  const path = join(screenshotDir, `${name}.png`);
  await page.screenshot({ path, fullPage: true });
  return path;
}

/** Waits until the locator is visible, failing with the locator's description after the timeout. */
export async function visible(locator: Locator, timeout = 15_000): Promise<Locator> {
  await locator.waitFor({ state: 'visible', timeout });
  return locator;
}
