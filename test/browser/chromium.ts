/**
 * Headless Chromium for the browser tests: the distribution's build (installed with apt-get), never a
 * downloaded one, launched with the flags that keep it off the network and out of a sandbox the test
 * container cannot provide.
 */
import { copyFileSync, existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';

export const chromiumExecutablePath = '/usr/bin/chromium';

const chromiumArgs = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export function chromiumAvailable(): boolean {
  return existsSync(chromiumExecutablePath);
}

export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: chromiumExecutablePath, headless: true, args: chromiumArgs });
}

/** Console errors and uncaught exceptions of a page, collected from the moment it opens. */
export function collectPageErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(`console: ${message.text()} (${message.location().url})`);
  });
  page.on('pageerror', (error) => errors.push(`page error: ${error.message}`));
  return errors;
}

/** Where every browser test saves its screenshots; those the docs show are copied to docs/images. */
export const screenshotDir = 'test-output/screenshots';
export const desktopViewport = { width: 1400, height: 1000 };
/** An iPhone 12-15's CSS width. */
export const phoneViewport = { width: 390, height: 844 };

/** Opens a dashboard page (`#/path`) in a new tab, collecting its errors from the start. */
export async function openDashboardPage(browser: Browser, baseUrl: string, path: string, viewport: { width: number; height: number } = desktopViewport): Promise<{ page: Page; errors: string[] }> {
  const page = await browser.newPage({ viewport });
  const errors = collectPageErrors(page);
  await page.goto(`${baseUrl}/#/${path}`);
  return { page, errors };
}

/** A full-page screenshot under test-output/screenshots, copied to docs/images/dashboard-NAME.png when `toDocs`. */
export async function saveScreenshot(page: Page, name: string, toDocs = true): Promise<void> {
  mkdirSync(screenshotDir, { recursive: true });
  const path = join(screenshotDir, `${name}.png`);
  await page.screenshot({ path, fullPage: true });
  if (toDocs) copyFileSync(path, join('docs', 'images', `dashboard-${name}.png`));
}
