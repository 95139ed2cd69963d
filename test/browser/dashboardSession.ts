/**
 * A test file's dashboard: the real server on a random loopback port over a fresh alvh home (an empty
 * book), and headless Chromium, started before the file's tests and closed after them.
 */
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import { defaultWebDistDir, startServer, type RunningServer } from '../../src/cli/commands/serve.js';
import { DashboardConfigSchema } from '../../src/server/config.js';
import { chromiumAvailable, desktopViewport, launchChromium, openDashboardPage, screenshotDir } from './chromium.js';

export interface DashboardSession {
  /** Opens `#/path` in a new tab with its errors collected. */
  openPage(path: string, viewport?: { width: number; height: number }): Promise<{ page: Page; errors: string[] }>;
  /** The book file the session's server reads (for a test that fills it through the CLI first). */
  bookPath(): string;
}

export function useDashboardSession(homePrefix: string): DashboardSession {
  let browser: Browser | undefined;
  let dashboard: RunningServer | undefined;
  let homeDir: string | undefined;
  beforeAll(async () => {
    if (!existsSync(join(defaultWebDistDir(), 'index.html'))) throw new Error('web/dist is missing: run `npm run build:web` before the browser tests');
    if (!chromiumAvailable()) throw new Error('Chromium is not installed at /usr/bin/chromium (apt-get install -y chromium)');
    homeDir = mkdtempSync(join(tmpdir(), homePrefix));
    mkdirSync(screenshotDir, { recursive: true });
    dashboard = await startServer({ host: '127.0.0.1', port: 0, token: undefined, bookPath: join(homeDir, 'book.sqlite'), userDir: homeDir, webDistDir: defaultWebDistDir(), config: DashboardConfigSchema.parse({}), logger: false });
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await dashboard?.close();
    if (homeDir) rmSync(homeDir, { recursive: true, force: true });
  });
  return {
    openPage: (path, viewport = desktopViewport) => {
      if (!browser || !dashboard) throw new Error('the dashboard session has not started');
      return openDashboardPage(browser, dashboard.url, path, viewport);
    },
    bookPath: () => {
      if (!homeDir) throw new Error('the dashboard session has not started');
      return join(homeDir, 'book.sqlite');
    },
  };
}
