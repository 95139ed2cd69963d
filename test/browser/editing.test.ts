/**
 * The dashboard's config editor, payoff date slider, phone heat map and validation charts in headless
 * Chromium: a nested config field changed and run (and an invalid one refused beside its field), the
 * payoff curve moved to a later date, the scenario grid at a phone's 390 px, and the validation page
 * with its target verdicts and charts. Screenshots go to docs/images.
 *
 * The validation report is computed once before the browser opens, by the same code `alvh validate`
 * runs, with the benchmark replications cut to 2018 so the test does not run the whole history, and
 * on the fixed smile too, as "Run the exam on every market model" asks (on a worker thread).
 */
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, sep } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultWebDistDir } from '../../src/cli/commands/serve.js';
import { defaultValidateDependencies, runValidate } from '../../src/cli/commands/validate.js';
import { runCli } from '../../src/cli/testing.js';
import { loadMarketModelConfigFile } from '../../src/data/modelConfigFile.js';
import { testServer, type TestServer } from '../../src/server/testing.js';
import { readValidationOutput } from '../../src/server/validationRun.js';
import { dayFromIso } from '../../src/time/day.js';
import { chromiumAvailable, desktopViewport, launchChromium, openDashboardPage, phoneViewport, saveScreenshot, screenshotDir } from './chromium.js';

/** How long a page may take to fetch its data and draw, milliseconds. */
const pageReadyTimeoutMs = 60_000;
/** A one-config backtest over a quarter of 2018 takes seconds; the margin is for a busy machine. */
const backtestTimeoutMs = 120_000;
const desktop = desktopViewport;
const phone = phoneViewport;
/** The bundled condor of January 2018, seen on a day of the February 2018 VIX spike. */
const bookFixture = 'test/fixtures/book/condor-2018-01-19.csv';
const bookDate = '2018-02-05';

let browser: Browser;
let server: TestServer;
let url = '';
let homeDir: string;
let reportDir: string;

beforeAll(async () => {
  if (!existsSync(join(defaultWebDistDir(), 'index.html'))) throw new Error('web/dist is missing: run `npm run build:web` before the browser tests');
  if (!chromiumAvailable()) throw new Error('Chromium is not installed at /usr/bin/chromium (apt-get install -y chromium)');
  homeDir = mkdtempSync(join(tmpdir(), 'alvh-editing-'));
  reportDir = mkdtempSync(join(tmpdir(), 'alvh-editing-report-'));
  mkdirSync(screenshotDir, { recursive: true });
  const imported = await runCli(['book', 'import', bookFixture, '--book', join(homeDir, 'book.sqlite')]);
  if (imported.code !== 0) throw new Error(`cannot seed the book: ${imported.stderr}`);
  const silent = { out: () => undefined, err: () => undefined, isTty: false };
  // With one other model (the fixed smile, examined on a worker thread meanwhile), as "Run the exam on every market model" asks.
  const skewOff = join('presets', 'model', 'skew-off.json');
  const acrossModels = [{ source: skewOff, config: loadMarketModelConfigFile(skewOff) }];
  const { files } = await runValidate({ json: true, out: reportDir, replicationSpan: { fromDay: dayFromIso('2018-01-02'), toDay: dayFromIso('2018-12-31') }, acrossModels }, silent, defaultValidateDependencies);
  const chartFiles = files.map((f) => relative(reportDir, f).split(sep).join('/')).filter((f) => f.startsWith('charts/'));
  server = await testServer({ dir: homeDir, webDistDir: defaultWebDistDir(), validation: () => readValidationOutput(reportDir, chartFiles) });
  url = await server.app.listen({ host: '127.0.0.1', port: 0 });
  browser = await launchChromium();
}, 300_000);

afterAll(async () => {
  await browser?.close();
  await server?.app.close();
  for (const dir of [homeDir, reportDir]) if (dir) rmSync(dir, { recursive: true, force: true });
});

const openPage = (path: string, viewport = desktop) => openDashboardPage(browser, url, path, viewport);

const screenshot = (page: Page, name: string) => saveScreenshot(page, name);

const mainText = async (page: Page) => (await page.locator('main').innerText()).slice(0, 3000);

describe('editing and reading from the dashboard', () => {
  it('Backtest: a nested config field out of bounds is refused beside the field; changed within them, it runs and the run lists it', async () => {
    const { page, errors } = await openPage('backtest');
    await page.getByRole('form', { name: 'Backtest settings' }).waitFor({ timeout: pageReadyTimeoutMs });
    // Only the edited config runs: the preset ticked by default is unticked.
    for (const box of await page.locator('input[name=preset]:checked').all()) await box.uncheck();
    await page.locator('summary', { hasText: 'Edit any config field' }).click();
    await page.getByRole('button', { name: 'Edit a copy' }).click();
    // The sections open on demand.
    for (const section of ['ironCondor', 'hedge']) await page.locator('.config-editor summary', { hasText: new RegExp(`^${section}$`) }).click();
    const shortDelta = page.getByLabel('ironCondor.shortDelta', { exact: true });
    await shortDelta.waitFor({ timeout: pageReadyTimeoutMs });
    // Each field shows its default and bounds (METHODOLOGY 3: 16-delta shorts, 0.15-0.20).
    const field = page.locator('[data-path="ironCondor.shortDelta"]');
    expect(await field.innerText()).toMatch(/default 0\.16 · 0\.15 to 0\.2/);
    expect(await shortDelta.inputValue()).toBe('0.16');

    // Reset puts a field back to its default.
    const bandMax = page.getByLabel('hedge.hedgeRatioBand.max', { exact: true });
    await bandMax.fill('1.5');
    expect(await bandMax.inputValue()).toBe('1.5');
    await page.getByRole('button', { name: 'Reset hedge.hedgeRatioBand.max' }).click();
    expect(await bandMax.inputValue()).toBe('1.2');

    await shortDelta.fill('0.3');
    await page.getByRole('button', { name: 'Run backtest' }).click();
    const reason = field.getByRole('alert');
    await reason.waitFor({ timeout: pageReadyTimeoutMs });
    expect(await reason.textContent()).toBe('Too big: expected number to be <=0.2');
    expect(await page.locator('main p.error[role=alert]').textContent()).toBe('body configs.0.ironCondor.shortDelta: Too big: expected number to be <=0.2');
    await screenshot(page, 'backtest-config-invalid');

    await shortDelta.fill('0.18');
    await page.getByRole('button', { name: 'Run backtest' }).click();
    const results = page.getByTestId('backtest-results');
    await results.waitFor({ timeout: backtestTimeoutMs }).catch(async (e: unknown) => {
      throw new Error(`${String(e)}\n${await mainText(page)}`);
    });
    // The reason is gone once the server accepted the config.
    expect(await field.getByRole('alert').count()).toBe(0);
    await results.locator('summary', { hasText: 'alvh-ladder-edited' }).click();
    const config = results.getByRole('table', { name: 'Config of alvh-ladder-edited' });
    const row = config.locator('tr', { has: page.locator('th', { hasText: /^ironCondor\.shortDelta$/ }) });
    expect(await row.locator('td').textContent()).toBe('0.18');
    // Fields left alone ran at the preset's values.
    const band = config.locator('tr', { has: page.locator('th', { hasText: /^hedge\.hedgeRatioBand\.max$/ }) });
    expect(await band.locator('td').textContent()).toBe('1.2');
    await screenshot(page, 'backtest-config-run');
    // The browser logs the refused request itself; nothing else may go wrong.
    expect(errors.filter((e) => !/status of 400 \(Bad Request\) \(http:\/\/127\.0\.0\.1:\d+\/api\/backtests\)$/.test(e))).toEqual([]);
    expect(errors).toHaveLength(1);
    await page.close();
  }, 3 * backtestTimeoutMs);

  it('Book: the date slider moves the payoff curve from today to the expiry, and the chart says which date it shows', async () => {
    const { page, errors } = await openPage('book');
    await page.getByLabel('Date', { exact: true }).fill(bookDate);
    const output = page.getByTestId('payoff-date');
    await output.waitFor({ timeout: pageReadyTimeoutMs });
    await expect.poll(() => output.textContent(), { timeout: pageReadyTimeoutMs }).toMatch(/on 2018-02-05 \(0 calendar days after 2018-02-05/);
    const slider = page.getByLabel('Date of the payoff curve');
    const chart = page.getByRole('img', { name: /^Book P&L against entry prices across SPX levels: on / });
    expect(await chart.getAttribute('aria-label')).toMatch(/on 2018-02-05,/);
    const today = await output.textContent();

    await slider.fill('15');
    await expect.poll(() => output.textContent()).not.toBe(today);
    const halfway = await output.textContent();
    // 15 of 30 steps over the 39 days to the condor's 2018-03-16 expiry: day 20 (rounded), 2018-02-25.
    expect(halfway).toMatch(/on 2018-02-25 \(20 calendar days after 2018-02-05, VIX unchanged/);
    await expect.poll(() => chart.getAttribute('aria-label')).toMatch(/on 2018-02-25,/);
    const dollars = (text: string | null) => /: (−?\$[\d,]+) at today's SPX/.exec(text ?? '')?.[1];
    expect(dollars(halfway)).toBeDefined();
    expect(dollars(halfway)).not.toBe(dollars(today));

    await slider.fill('30');
    await expect.poll(() => output.textContent()).toMatch(/on 2018-03-16 \(39 calendar days after/);
    // The scenario grid names its date and reference too.
    expect(await page.locator('main').innerText()).toMatch(/Each cell: the book's P&L against its entry prices if SPX and VIX moved at once on 2018-02-05/);
    await slider.fill('15');
    await expect.poll(() => output.textContent()).toBe(halfway);
    await page.locator('.chart[data-drawn]').nth(1).waitFor({ timeout: pageReadyTimeoutMs });
    await screenshot(page, 'book-payoff-date');
    expect(errors).toEqual([]);
    await page.close();
  }, 3 * pageReadyTimeoutMs);

  it('Book on a day before the book\'s fills: nothing is marked, and a banner names the state left out', async () => {
    const { page, errors } = await openPage('book');
    // The bundled condor was imported with fills of 2018-01-19: at the close of 2018-01-18 the book held nothing.
    await page.getByLabel('Date', { exact: true }).fill('2018-01-18');
    const banner = page.getByTestId('later-state-banner');
    await expect.poll(() => banner.textContent(), { timeout: pageReadyTimeoutMs }).toBe('The book held nothing at the close of 2018-01-18: book state #1 of 2018-01-19 is after 2018-01-18 and not in these marks: mark 2018-01-19 or later to see it.');
    expect(await page.locator('main table').count()).toBe(0);
    // On the fills' day itself the condor is marked and no banner is left.
    await page.getByLabel('Date', { exact: true }).fill('2018-01-19');
    await expect.poll(() => page.locator('main').innerText(), { timeout: pageReadyTimeoutMs }).toMatch(/short 10 SPX 2018-03-16 2700 put/);
    expect(await banner.count()).toBe(0);
    expect(errors).toEqual([]);
    await page.close();
  }, 2 * pageReadyTimeoutMs);

  it('Book on a 390 px phone: the scenario grid turned on its side fits the screen with figures a phone can show', async () => {
    const { page, errors } = await openPage('book', phone);
    await page.getByLabel('Date', { exact: true }).fill(bookDate);
    const heatMap = page.getByRole('img', { name: /by SPX move and VIX shift, USD \(SPX moves down the side, VIX shifts across\)/ });
    await heatMap.waitFor({ timeout: pageReadyTimeoutMs });
    await expect.poll(() => heatMap.getAttribute('data-drawn'), { timeout: pageReadyTimeoutMs }).toBe('true');
    await expect.poll(() => page.getByText('Loading…').count(), { timeout: pageReadyTimeoutMs }).toBe(0);
    const width = await page.evaluate<number>('document.documentElement.scrollWidth');
    expect(width, `the book page is ${width} px wide`).toBeLessThanOrEqual(phone.width);
    const box = (await heatMap.boundingBox())!;
    expect(box.x + box.width).toBeLessThanOrEqual(phone.width);
    // Nine SPX moves down the side at 34 px a row: each row tall enough for 12 px figures.
    expect(box.height).toBeGreaterThanOrEqual(9 * 34);
    await heatMap.scrollIntoViewIfNeeded();
    await heatMap.screenshot({ path: join(screenshotDir, 'phone-book-heatmap.png') });
    copyFileSync(join(screenshotDir, 'phone-book-heatmap.png'), join('docs', 'images', 'dashboard-phone-book-heatmap.png'));
    await screenshot(page, 'phone-book-scenarios');
    expect(errors).toEqual([]);
    await page.close();
  }, 3 * pageReadyTimeoutMs);

  it("Validation: the target table's verdicts first, then each section's charts, also on a phone", async () => {
    const { page, errors } = await openPage('validation');
    const heading = page.getByRole('heading', { name: /^Targets of the market model: \d+ met, \d+ missed/ });
    await heading.waitFor({ timeout: pageReadyTimeoutMs }).catch(async (e: unknown) => {
      throw new Error(`${String(e)}\n${await mainText(page)}`);
    });
    const rows = page.getByRole('table', { name: 'Targets met and missed' }).locator('tbody tr');
    // One row per target of src/validation/targets.ts.
    expect(await rows.count()).toBe(12);
    for (const verdict of await rows.locator('td:first-child').allTextContents()) expect(['met', 'missed', 'not measured']).toContain(verdict);
    const charts = page.locator('figure.validation-chart img');
    expect(await charts.count()).toBeGreaterThanOrEqual(10);
    // Every chart decoded as an image, with its title as text.
    for (const img of await charts.all()) {
      await img.scrollIntoViewIfNeeded();
      await expect
        .poll(() =>
          img.evaluate((el) => {
            // The Node project has no DOM types: the image's two fields, named.
            const image = el as unknown as { complete: boolean; naturalWidth: number };
            return image.complete && image.naturalWidth > 0;
          }),
        )
        .toBe(true);
      expect(await img.getAttribute('alt')).not.toBe('');
    }
    expect(await page.locator('figure[data-chart="spx-quotes-spx-iv-error-by-bucket"]').count()).toBe(1);
    // The exam on the other model: each target's verdict by model, and how many each meets.
    const across = page.getByRole('table', { name: 'Targets met by market model' });
    expect(await across.locator('thead th').allTextContents()).toEqual(['Target', 'defaults', 'skew-off.json']);
    expect(await across.locator('tbody tr').count()).toBe(13);
    for (const verdict of await across.locator('tbody tr td').allTextContents()) expect(verdict).toMatch(/^(met|missed|not measured|\d+ of 12)$/);
    expect(await across.locator('tbody tr').last().locator('td').allTextContents()).toEqual(expect.arrayContaining([expect.stringMatching(/^\d+ of 12$/)]));
    await screenshot(page, 'validation');
    await page.setViewportSize(phone);
    await expect.poll(() => page.evaluate<number>('document.documentElement.scrollWidth')).toBeLessThanOrEqual(phone.width);
    expect(errors).toEqual([]);
    await page.close();
  }, 3 * pageReadyTimeoutMs);

  // Last, since it adds a state after every day the tests above look at.
  it('Book and Today on days before a later edit: the banner names the edit, and no close or accept is offered that could only be refused', async () => {
    const added = await server.app.inject({
      method: 'POST',
      url: '/api/book/positions',
      // A hedge leg: a condor missing legs would make every later signal refuse the book.
      payload: { positions: [{ date: '2018-03-20', group: 'hedge-b', role: 'hedge', leg: 'longCall', type: 'call', strike: 20, expiry: '2018-04-18', quantity: 1, pricePoints: 1.5 }] },
    });
    expect(added.statusCode, added.body).toBe(200);
    const { page, errors } = await openPage('book');
    await page.getByLabel('Date', { exact: true }).fill(bookDate);
    const banner = page.getByTestId('later-state-banner');
    await expect.poll(() => banner.textContent(), { timeout: pageReadyTimeoutMs }).toBe(`Book state #2 of 2018-03-20 is after ${bookDate} and not in these marks: mark 2018-03-20 or later to see it.`);
    // The condor of 2018-01-19 is marked; the leg of 2018-03-20 is not.
    const table = page.getByRole('table', { name: 'Positions' });
    expect(await table.locator('tbody tr').count()).toBe(4);
    expect(await page.getByTestId('close-blocked').textContent()).toBe(`Closing is off in this view: a close is dated on the day shown, before book state #2 of 2018-03-20.`);
    for (const button of await table.getByRole('button', { name: /^Close / }).all()) expect(await button.isDisabled()).toBe(true);
    // On the edit's day the hedge leg is the book (the condor settled on 2018-03-16), and its close is offered.
    await page.getByLabel('Date', { exact: true }).fill('2018-03-20');
    await expect.poll(() => table.locator('tbody th').allTextContents(), { timeout: pageReadyTimeoutMs }).toEqual(['long 1 VIX 2018-04-18 20 call']);
    expect(await banner.count()).toBe(0);
    expect(await page.getByTestId('close-blocked').count()).toBe(0);
    for (const button of await table.getByRole('button', { name: /^Close / }).all()) expect(await button.isDisabled()).toBe(false);
    expect(errors).toEqual([]);
    await page.close();

    // The Today page on 2007-03-06, a day the entry trigger opens a condor for a book holding nothing:
    // the trades are shown, and accepting them (which the book would refuse) is off, saying why.
    const today = await openPage('');
    await today.page.getByLabel('Date', { exact: true }).fill('2007-03-06');
    const blocked = today.page.getByTestId('accept-blocked');
    await expect.poll(() => blocked.textContent(), { timeout: pageReadyTimeoutMs }).toBe('Accepting is off for this day: the book holds state #2 of 2018-03-20, and days are accepted in order.');
    expect(await today.page.getByText(/^Book: empty on this day; book state #2 of 2018-03-20 is after this day and not in this signal\./).count()).toBe(1);
    const form = today.page.getByRole('form', { name: "Accept the day's trades" });
    expect(await form.locator('tbody tr').count()).toBe(4);
    for (const name of ['Accept at model prices', 'Accept with these fills']) expect(await form.getByRole('button', { name }).isDisabled()).toBe(true);
    expect(today.errors).toEqual([]);
    await today.page.close();
  }, 3 * pageReadyTimeoutMs);
});
