// One check for a page as it stands: no serious or critical axe finding, no sideways scrolling, and a screenshot
// under test-results/screenshots/<name>-<width>.png to look at.
import type { Page } from 'playwright-core';
import { expect } from 'vitest';
import { axeViolations } from './axe.ts';
import { screenshot, type ViewportName, viewports } from './browser.ts';

export async function checkPage(page: Page, viewport: ViewportName, name: string): Promise<string> {
  const width = viewports[viewport].viewport.width;
  const where = `${name} at ${width} px`;
  const serious = (await axeViolations(page)).filter((v) => /\((serious|critical)\)/.test(v));
  expect(serious, `axe on ${where}`).toEqual([]);
  const overflow = await page.evaluate(
    () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
  );
  expect(overflow, `sideways scrolling on ${where}`).toBeLessThanOrEqual(0);
  return screenshot(page, `${name}-${width}`);
}
