/**
 * The dashboard in a real browser against the real server on the bundled market data: every page
 * loads without a console error and draws its charts, the pages work by keyboard and in both themes,
 * and a short backtest runs from the Backtest page with live progress until its equity chart draws.
 * A screenshot of each page is saved under test-output/screenshots/.
 */
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/testing.js';
import { chromiumAvailable, collectPageErrors, launchChromium } from './chromium.js';
import { defaultWebDistDir, startServer, type RunningServer } from '../../src/cli/commands/serve.js';
import { DashboardConfigSchema } from '../../src/server/config.js';

const screenshotDir = join('test-output', 'screenshots');
/** How long a page may take to fetch its data and draw, milliseconds (the signal table is the slowest). */
const pageReadyTimeoutMs = 60_000;
/** A one-preset backtest over a quarter of 2018 takes a few seconds; the margin is for a busy machine. */
const backtestTimeoutMs = 120_000;
const viewport = { width: 1400, height: 1000 };
/** The screenshots README.md and docs/dashboard.md show. */
// Not 'validation': this file may catch that page while its run is still under way; the docs' image
// of it is editing.test.ts's, taken once the target table and charts are drawn.
const docImages = new Set(['today', 'backtest', 'backtest-across-models', 'backtest-reattached', 'book', 'book-add', 'today-accept', 'book-import', 'phone-today', 'phone-book', 'term-structure', 'signals']);

/** The bundled condor of January 2018 (the same fixture the book's end-to-end tests use). */
const bookFixture = 'test/fixtures/book/condor-2018-01-19.csv';
const bookDate = '2018-02-05';

let browser: Browser;
let dashboard: RunningServer;
let homeDir: string;
/** The run of the 2007 backtest, opened again by its permalink after a restart. */
let permalinkRunId = '';

/** The server on the test's folder; port 0: the system picks a free loopback port, so parallel runs never collide. */
function startDashboard(): Promise<RunningServer> {
  return startServer({
    host: '127.0.0.1',
    port: 0,
    token: undefined,
    bookPath: join(homeDir, 'book.sqlite'),
    userDir: homeDir,
    webDistDir: defaultWebDistDir(),
    config: DashboardConfigSchema.parse({}),
    logger: false,
  });
}

beforeAll(async () => {
  if (!existsSync(join('web', 'dist', 'index.html'))) throw new Error('web/dist is missing: run `npm run build:web` before the browser tests');
  if (!chromiumAvailable()) throw new Error('Chromium is not installed at /usr/bin/chromium (apt-get install -y chromium)');
  homeDir = mkdtempSync(join(tmpdir(), 'alvh-dashboard-'));
  const bookFile = join(homeDir, 'book.sqlite');
  const imported = await runCli(['book', 'import', bookFixture, '--book', bookFile]);
  if (imported.code !== 0) throw new Error(`cannot seed the book: ${imported.stderr}`);
  mkdirSync(screenshotDir, { recursive: true });
  dashboard = await startDashboard();
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await dashboard?.close();
  if (homeDir) rmSync(homeDir, { recursive: true, force: true });
});

async function openPage(path: string): Promise<{ page: Page; errors: string[] }> {
  const page = await browser.newPage({ viewport });
  const errors = collectPageErrors(page);
  await page.goto(`${dashboard.url}/#/${path}`);
  return { page, errors };
}

/** Waits until `count` charts on the page have drawn (each chart marks itself once its series are set). */
async function waitForCharts(page: Page, count: number, scope = 'main'): Promise<void> {
  await page.locator(`${scope} .chart[data-drawn]`).nth(count - 1).waitFor({ timeout: pageReadyTimeoutMs });
  expect(await page.locator(`${scope} .chart[data-drawn] canvas`).count()).toBeGreaterThanOrEqual(count);
}

async function noLoadingLeft(page: Page): Promise<void> {
  await expect.poll(() => page.getByText('Loading…').count(), { timeout: pageReadyTimeoutMs }).toBe(0);
}

/** Evaluated in the page; a string so this Node-typed test needs no DOM types. */
const inPage = {
  theme: 'document.documentElement.dataset.theme',
  bodyBackground: 'getComputedStyle(document.body).backgroundColor',
  focusedText: "document.activeElement?.textContent ?? ''",
  focusedTag: "document.activeElement?.tagName ?? ''",
  /**
   * The colour of a pixel near the top left of the last chart's first canvas, as 'r,g,b': on the term
   * structure page the VIX/VIX3M history, a lightweight-charts chart that paints its background.
   */
  firstChartPixel: "Array.from([...document.querySelectorAll('.chart[data-drawn]')].at(-1).querySelector('canvas').getContext('2d').getImageData(4, 4, 1, 1).data.slice(0, 3)).join(',')",
};

/** Saved under test-output/screenshots, and those the docs show refreshed in docs/images. */
async function screenshot(page: Page, name: string): Promise<void> {
  const path = join(screenshotDir, `${name}.png`);
  await page.screenshot({ path, fullPage: true });
  if (docImages.has(name)) copyFileSync(path, join('docs', 'images', `dashboard-${name}.png`));
}

describe('dashboard in headless Chromium', () => {
  it('Today shows the signal with its reasons, the book Greeks and the data staleness', async () => {
    const { page, errors } = await openPage('today');
    await page.getByRole('heading', { name: 'Actions and reasons' }).waitFor({ timeout: pageReadyTimeoutMs });
    await page.getByRole('table', { name: 'Series' }).waitFor({ timeout: pageReadyTimeoutMs });
    await noLoadingLeft(page);
    // The volatility shock of 2018-02-05 with the January condor open: VIX closed at 37.32, a high regime.
    await page.getByLabel('Date', { exact: true }).fill(bookDate);
    await page.getByText('2018-02-05', { exact: true }).waitFor({ timeout: pageReadyTimeoutMs });
    await noLoadingLeft(page);
    expect(await page.locator('.card', { hasText: 'Regime' }).locator('.value').textContent()).toBe('high');
    expect(await page.locator('.card', { hasText: /^VIX\d/ }).locator('.value').textContent()).toBe('37.32');
    expect(await page.getByRole('list', { name: 'Decisions' }).locator('li').count()).toBeGreaterThan(0);
    // How the model was calibrated that day: the four VIX-family indexes, SKEW and VVIX, VIX's target its close.
    const calibration = page.getByTestId('model-calibration');
    expect(await calibration.locator('tbody th').allTextContents()).toEqual(['VIX9D', 'VIX', 'VIX3M', 'VIX6M', 'SKEW', 'VVIX']);
    expect(await calibration.locator('tbody tr').nth(1).locator('td').first().textContent()).toBe('37.32');
    expect(await page.locator('.error').count()).toBe(0);
    await screenshot(page, 'today');
    // The same book and day on each of the six other bundled market models: one entry each, what-ifs beside the signal.
    await page.getByRole('button', { name: 'Compare with the other market models' }).click();
    await page.getByTestId('across-models').waitFor({ timeout: pageReadyTimeoutMs });
    await noLoadingLeft(page);
    expect(await page.getByTestId('across-models').locator(':scope > li').count()).toBe(6);
    expect(await page.getByText('2018-02-05', { exact: true }).count()).toBeGreaterThan(0);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('Term structure draws the futures curve, the VIX family and the VIX/VIX3M history', async () => {
    const { page, errors } = await openPage('term-structure');
    await waitForCharts(page, 3);
    expect(await page.locator('table th[scope=row]').count()).toBeGreaterThan(3);
    await screenshot(page, 'term-structure');
    expect(errors).toEqual([]);
    await page.close();
  });

  it('Signals draws SPX with its MACD and RSI panes', async () => {
    const { page, errors } = await openPage('signals');
    await waitForCharts(page, 1);
    await expect.poll(() => page.locator('.chart[data-drawn] table tr').count(), { timeout: pageReadyTimeoutMs }).toBeGreaterThanOrEqual(3);
    await screenshot(page, 'signals');
    expect(errors).toEqual([]);
    await page.close();
  });

  it('Book shows positions, the scenario heat map and the payoff diagram for a real condor', async () => {
    const { page, errors } = await openPage('book');
    await page.getByLabel('Date', { exact: true }).fill(bookDate);
    await page.getByRole('table', { name: /Positions/ }).waitFor({ timeout: pageReadyTimeoutMs });
    await waitForCharts(page, 2);
    expect(await page.getByRole('table', { name: /Positions/ }).locator('tbody tr').count()).toBe(4);
    await screenshot(page, 'book');
    expect(errors).toEqual([]);
    await page.close();
  });

  it('Backtest runs one preset from 2007 from the page, with progress, and shows the whole run with benchmarks, log scale and a CSV', async () => {
    const { page, errors } = await openPage('backtest');
    const run = page.getByRole('button', { name: 'Run backtest' });
    await run.waitFor({ timeout: pageReadyTimeoutMs });
    const presets = page.locator('input[name=preset]');
    expect(await presets.count()).toBeGreaterThan(0);
    for (let i = 0; i < (await presets.count()); i++) await presets.nth(i).setChecked(i === 0);
    await page.locator('input[name=from]').fill('2007-01-03');
    await page.locator('input[name=to]').fill('2009-06-30');
    await run.click();
    await page.getByTestId('backtest-results').waitFor({ timeout: backtestTimeoutMs });
    // The progress the server streamed stays on the page, complete, next to the results.
    const progress = page.locator('progress');
    expect(await progress.count()).toBe(1);
    expect(await progress.getAttribute('value')).toBe(await progress.getAttribute('max'));
    await waitForCharts(page, 2, '[data-testid=backtest-results]');
    // The whole run is on screen: each chart's first visible bar is the run's first day (2007, not 2011).
    const results = page.getByTestId('backtest-results');
    for (let k = 0; k < 2; k++) {
      await expect.poll(async () => Number(await results.locator('.chart[data-drawn]').nth(k).getAttribute('data-visible-from-index')), { timeout: pageReadyTimeoutMs }).toBeLessThanOrEqual(0);
    }
    expect(await page.getByText(/Dashed: SPX \(price index\) and CNDR/).count()).toBe(1);
    const equityChart = results.locator('.chart[data-drawn]').first();
    await page.getByLabel('Log scale').check();
    await page.getByRole('heading', { name: 'Equity (USD, log scale)' }).waitFor();
    await equityChart.waitFor();
    expect(await page.getByRole('table', { name: 'Performance by variant' }).locator('tbody tr').count()).toBe(1);
    // No figure printed with every digit (1014040.628): a table cell has at most three decimals.
    const cells = await page.getByRole('table', { name: 'Performance by variant' }).locator('td').allTextContents();
    expect(cells.filter((c) => /\.\d{4,}/.test(c))).toEqual([]);
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export CSV' }).click()]);
    const csv = readFileSync((await download.path())!, 'utf8').split('\r\n');
    expect(csv[0]).toMatch(/^date,.* equity \(USD\),.* drawdown \(decimal\),SPX rebased \(USD\),CNDR rebased \(USD\)$/);
    expect(csv[1]).toMatch(/^2007-01-03,1000000,0,1000000,1000000$/);
    expect(csv.at(-2)).toMatch(/^2009-06-30,/);
    await page.getByRole('table', { name: 'Decision log' }).waitFor({ timeout: pageReadyTimeoutMs });
    expect(await page.getByRole('table', { name: 'Decision log' }).locator('tbody tr').count()).toBeGreaterThan(0);
    // What the model rested on: VIX9D was first published in 2011, so mean reversion from VIX stood in on every day of 2007-2009.
    const inputs = await page.getByRole('table', { name: 'Each model input by its source, over the run' }).locator('tbody tr').allTextContents();
    expect(inputs.filter((r) => r.startsWith('VIX9D (SPX ATM level at 9 days)'))).toEqual([expect.stringMatching(/^VIX9D \(SPX ATM level at 9 days\)stood in: mean reversion from VIX.*2007-01-03.*2009-06-30$/)]);
    permalinkRunId = new URLSearchParams(new URL(page.url()).hash.split('?')[1] ?? '').get('run') ?? '';
    expect(permalinkRunId).toMatch(/^[0-9a-f-]{36}$/);
    await screenshot(page, 'backtest');
    expect(errors).toEqual([]);
    await page.close();
  }, backtestTimeoutMs + pageReadyTimeoutMs);

  it('a run\'s permalink answers after the server restarts', async () => {
    await dashboard.close();
    dashboard = await startDashboard();
    const { page, errors } = await openPage(`backtest?run=${permalinkRunId}`);
    await page.getByTestId('backtest-results').waitFor({ timeout: pageReadyTimeoutMs });
    expect(await page.getByTestId('backtest-results').getByText(/2007-01-03 to 2009-06-30/).count()).toBe(1);
    await waitForCharts(page, 2, '[data-testid=backtest-results]');
    expect(errors).toEqual([]);
    await page.close();
  });

  it('Backtest also on the other market models: a progress bar for each, then the table by model and the verdict', async () => {
    const { page, errors } = await openPage('backtest');
    const run = page.getByRole('button', { name: 'Run backtest' });
    await run.waitFor({ timeout: pageReadyTimeoutMs });
    const presets = page.locator('input[name=preset]');
    for (let i = 0; i < (await presets.count()); i++) {
      const name = await presets.nth(i).getAttribute('value');
      await presets.nth(i).setChecked(name === 'alvh-ladder' || name === 'unhedged');
    }
    await page.locator('input[name=from]').fill('2018-01-02');
    await page.locator('input[name=to]').fill('2018-03-29');
    await page.getByLabel('Also on the other market models').check();
    await run.click();
    const across = page.getByTestId('backtest-across-models');
    await across.waitFor({ timeout: backtestTimeoutMs });
    // The two variants, then each of the six bundled model files (the run itself is on the defaults),
    // every bar complete: the job loads the history before its first progress, so the page sees them all.
    const bars = page.locator('progress');
    expect((await page.locator('[role=status] li').allTextContents()).map((t) => t.replace(/\s+\d+ \/ \d+ days$/, '').trim())).toEqual([
      'alvh-ladder',
      'unhedged',
      ...['exchange-tick.json', 'put-wing-smile.json', 'skew-off.json', 'skew-relative.json', 'vix-options-0.8x.json', 'vix-options-1.2x.json'].map((f) => `on ${f}`),
    ]);
    for (let i = 0; i < (await bars.count()); i++) expect(await bars.nth(i).getAttribute('value')).toBe(await bars.nth(i).getAttribute('max'));
    const table = across.getByRole('table');
    expect(await table.locator('thead th').allTextContents()).toEqual(['variant', 'defaults', 'exchange-tick.json', 'put-wing-smile.json', 'skew-off.json', 'skew-relative.json', 'vix-options-0.8x.json', 'vix-options-1.2x.json']);
    expect(await table.locator('tbody th').allTextContents()).toEqual(['alvh-ladder', 'unhedged', 'alvh-ladder − unhedged']);
    expect(await across.getByRole('list', { name: 'Verdicts across models' }).getByText(/^alvh-ladder - unhedged: CAGR .* models?/).count()).toBe(1);
    await screenshot(page, 'backtest-across-models');
    expect(errors).toEqual([]);
    await page.close();
  }, backtestTimeoutMs + pageReadyTimeoutMs);

  it('a running backtest is re-attached to after navigating away, and cancelled from there', async () => {
    const { page, errors } = await openPage('backtest');
    const run = page.getByRole('button', { name: 'Run backtest' });
    await run.waitFor({ timeout: pageReadyTimeoutMs });
    await page.locator('input[name=from]').fill('2008-01-02');
    await page.locator('input[name=to]').fill('2020-12-31');
    await run.click();
    await page.locator('progress').first().waitFor({ timeout: pageReadyTimeoutMs });
    // Away to another page and back to the plain Backtest page (no permalink): the run is found and followed.
    await page.goto(`${dashboard.url}/#/today`);
    await page.getByRole('heading', { level: 1, name: 'Today' }).waitFor();
    await page.goto(`${dashboard.url}/#/backtest`);
    const cancel = page.getByRole('button', { name: 'Cancel' });
    await expect.poll(() => cancel.isEnabled(), { timeout: pageReadyTimeoutMs }).toBe(true);
    await page.locator('progress').first().waitFor({ timeout: pageReadyTimeoutMs });
    expect(await run.isDisabled()).toBe(true);
    await screenshot(page, 'backtest-reattached');
    await cancel.click();
    await page.getByText('The run was cancelled.').waitFor({ timeout: backtestTimeoutMs });
    // The slot is free: a new run can start at once (no 429).
    expect(await run.isEnabled()).toBe(true);
    expect(errors).toEqual([]);
    await page.close();
  }, backtestTimeoutMs + pageReadyTimeoutMs);

  it('is usable by keyboard and switches between light and dark themes, charts included', async () => {
    const { page, errors } = await openPage('term-structure');
    await waitForCharts(page, 3);
    const themeBefore = await page.evaluate<string | undefined>(inPage.theme);
    const backgroundBefore = await page.evaluate<string>(inPage.bodyBackground);
    const chartPixelBefore = await page.evaluate<string>(inPage.firstChartPixel);
    await page.getByRole('button', { name: /theme/ }).focus();
    await page.keyboard.press('Enter');
    const themeAfter = await page.evaluate<string | undefined>(inPage.theme);
    expect(themeAfter).not.toBe(themeBefore);
    expect(['light', 'dark']).toContain(themeAfter);
    expect(await page.evaluate<string>(inPage.bodyBackground)).not.toBe(backgroundBefore);
    // The charts are rebuilt in the new theme's colours.
    await waitForCharts(page, 3);
    await expect.poll(() => page.evaluate<string>(inPage.firstChartPixel)).not.toBe(chartPixelBefore);
    await screenshot(page, `term-structure-${themeAfter ?? 'toggled'}`);
    await page.keyboard.press('Enter');
    expect(await page.evaluate<string | undefined>(inPage.theme)).toBe(themeBefore);

    // Tab from the top reaches the navigation; Enter on a link opens its page and focuses its heading.
    await page.locator('body').focus();
    let reached = '';
    // From the theme button through the page's controls and tables, round to the navigation.
    for (let i = 0; i < 20 && reached !== 'Signals'; i++) {
      await page.keyboard.press('Tab');
      reached = await page.evaluate<string>(inPage.focusedText);
    }
    expect(reached).toBe('Signals');
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { level: 1, name: 'Signals' }).waitFor();
    expect(await page.evaluate<string>(inPage.focusedTag)).toBe('H1');
    await waitForCharts(page, 1);
    expect(errors).toEqual([]);
    await page.close();
  });

  // Last: the first request starts the validation run in a worker, which would slow the backtests.
  it('Validation loads (the report, or its run under way) without errors', async () => {
    const { page, errors } = await openPage('validation');
    await page.locator('main section, main [role=status], main [role=alert]').first().waitFor({ timeout: pageReadyTimeoutMs });
    await noLoadingLeft(page);
    expect(await page.locator('main [role=alert]').count()).toBe(0);
    await screenshot(page, 'validation');
    expect(errors).toEqual([]);
    await page.close();
  });

});
