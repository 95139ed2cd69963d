/**
 * The dashboard's actions in headless Chromium on a fresh book: the Today page's stale-data banner,
 * trigger distances and fills accepted from the page; the Book page's add, broker import (checked
 * against the book first) and close; and every page at a phone's width (390 px) without horizontal
 * overflow. Screenshots of each go to docs/images.
 */
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { phoneViewport, saveScreenshot } from './chromium.js';
import { useDashboardSession } from './dashboardSession.js';

/** How long a page may take to fetch its data and draw, milliseconds. */
const pageReadyTimeoutMs = 60_000;
const phone = phoneViewport;
/** The day the ladder preset's entry trigger fires for an empty book (RSAI): four condor legs to accept. */
const entryDay = '2007-03-06';
const brokerFixture = join('src', 'book', 'brokers', 'fixtures', 'ibkr-flex.csv');

const openPage = useDashboardSession('alvh-actions-').openPage;

const screenshot = (page: Page, name: string) => saveScreenshot(page, name);

describe('acting from the dashboard', () => {
  it('Today: a stale-data banner, each trigger\'s distance, and the day\'s trades accepted with one fill entered', async () => {
    const { page, errors } = await openPage('today');
    // The bundled data ends months before the clock's today: the banner says so at the top.
    await page.getByTestId('stale-banner').waitFor({ timeout: pageReadyTimeoutMs });
    expect(await page.getByTestId('stale-banner').textContent()).toMatch(/Stale data\. The latest day with data is \d{4}-\d{2}-\d{2} \(the last day with (SPX data|VIX futures settlements; SPX data runs to \d{4}-\d{2}-\d{2})\), \d+ calendar days before today/);
    await page.getByLabel('Date', { exact: true }).fill(entryDay);
    await page.getByText(`Date${entryDay}`).or(page.locator('.card', { hasText: entryDay })).first().waitFor({ timeout: pageReadyTimeoutMs }).catch(async (e: unknown) => {
      throw new Error(`${String(e)}\n${await page.locator('main').innerText()}`);
    });
    await page.getByRole('table', { name: 'Trigger distances' }).waitFor({ timeout: pageReadyTimeoutMs });
    // An earlier day is a replay: the banner, which warns that the latest signal is not today's, is gone.
    expect(await page.getByTestId('stale-banner').count()).toBe(0);
    expect(await page.getByRole('table', { name: 'Trigger distances' }).getByText('hedge ratio against its band').count()).toBe(1);
    // Where the signal starts from and what the journal made of it, in the words `alvh signal` prints.
    expect(await page.getByTestId('signal-basis').textContent()).toMatch(
      /^Book: empty \(no position or fill stored yet\)\. Journal: (stored with the data version and config hash|identical to the signal stored for this day, data and config)\.$/,
    );
    const fills = page.getByRole('form', { name: "Accept the day's trades" });
    await fills.waitFor({ timeout: pageReadyTimeoutMs });
    const priceInputs = fills.locator('input[type=number]');
    expect(await priceInputs.count()).toBe(4);
    const modelPrice = Number(await priceInputs.first().inputValue());
    await priceInputs.first().fill(String(Number((modelPrice + 0.25).toFixed(2))));
    await fills.getByRole('button', { name: 'Accept with these fills' }).click();
    await page
      .getByText(/Accepted 4 trade\(s\) of 2007-03-06 into the book \(state #\d+\), 1 at the fills entered\./)
      .waitFor({ timeout: pageReadyTimeoutMs })
      .catch(async (e: unknown) => {
        throw new Error(`${String(e)}\n${(await page.locator('main').innerText()).slice(0, 3000)}`);
      });
    await screenshot(page, 'today-accept');
    expect(errors).toEqual([]);
    await page.close();
  }, 3 * pageReadyTimeoutMs);

  it('Book: a position added, a broker file checked against the book then imported, a position closed', async () => {
    const { page, errors } = await openPage('book');
    await page.getByLabel('Date', { exact: true }).fill('2018-02-05');
    await page.locator('summary', { hasText: 'Add a position' }).click();
    const form = page.getByRole('form', { name: 'Add a position' });
    await form.getByLabel('Group').fill('hedge-x');
    await form.getByLabel('Role').selectOption('hedge');
    await form.getByLabel('Leg').fill('longCall');
    await form.getByLabel('Type').selectOption('call');
    await form.getByLabel('Strike').fill('20');
    await form.getByLabel('Expiry').fill('2018-02-14');
    await form.getByLabel(/Contracts/).fill('10');
    await form.getByLabel(/Price/).fill('0.95');
    await form.getByLabel('Fill date').fill('2018-01-19');
    await form.getByRole('button', { name: 'Add position' }).click();
    await page.getByText(/Added hedge-x\.longCall\.\d+ \(state #\d+\)\./).waitFor({ timeout: pageReadyTimeoutMs });
    const positions = page.getByRole('table', { name: 'Positions' });
    await positions.waitFor({ timeout: pageReadyTimeoutMs });
    await expect.poll(() => positions.locator('tbody tr').count(), { timeout: pageReadyTimeoutMs }).toBe(1);
    await screenshot(page, 'book-add');

    await page.locator('summary', { hasText: "Import a broker's file" }).click();
    const importForm = page.getByRole('form', { name: "Import a broker's file" });
    await importForm.getByLabel('Broker').selectOption('ibkr-flex');
    await importForm.getByLabel('File').setInputFiles(brokerFixture);
    await importForm.getByRole('button', { name: 'Check against the book' }).click();
    const reconciliation = page.getByRole('region', { name: 'Reconciliation' });
    await reconciliation.waitFor({ timeout: pageReadyTimeoutMs });
    expect(await reconciliation.textContent()).toMatch(/new: condor condor-2018-03-16 \(4 leg\(s\), file lines 2, 3, 4, 5, 6\)/);
    expect(await reconciliation.textContent()).toMatch(/closing trade not applied/);
    // Nothing is written until the import is confirmed.
    expect(await positions.locator('tbody tr').count()).toBe(1);
    await screenshot(page, 'book-import');
    await reconciliation.getByRole('button', { name: 'Import 2 new group(s)' }).click();
    await page.getByText(/Imported 5 position\(s\) from ibkr-flex\.csv/).waitFor({ timeout: pageReadyTimeoutMs });
    await expect.poll(() => positions.locator('tbody tr').count(), { timeout: pageReadyTimeoutMs }).toBe(6);
    // Per-position Greeks and the day's P&L are on every row.
    expect(await positions.locator('thead th').allTextContents()).toEqual(expect.arrayContaining(['Day P&L', 'Delta / pt', 'Vega / vol pt', 'Theta / day']));

    const id = await positions.locator('tbody tr').first().locator('th').getAttribute('title');
    await page.getByLabel(`Close price of ${id}`).fill('0.40');
    await page.getByRole('button', { name: `Close ${id}` }).click();
    await page.getByText(`Closed ${id} at 0.40.`).waitFor({ timeout: pageReadyTimeoutMs });
    await expect.poll(() => positions.locator('tbody tr').count(), { timeout: pageReadyTimeoutMs }).toBe(5);
    // The payoff chart names its P&L reference, shared with the scenario grid.
    await page.getByRole('heading', { name: 'Payoff at expiry and today (P&L against entry prices, USD)' }).waitFor({ timeout: pageReadyTimeoutMs });
    await page.getByRole('heading', { name: 'Scenario grid (P&L against entry prices, USD)' }).waitFor();
    await page.locator('.chart[data-drawn]').nth(1).waitFor({ timeout: pageReadyTimeoutMs });
    await screenshot(page, 'book-actions');
    expect(errors).toEqual([]);
    await page.close();
  }, 3 * pageReadyTimeoutMs);

  it.each(['today', 'term-structure', 'signals', 'backtest', 'book', 'validation'])('%s fits a 390 px phone without horizontal overflow', async (path) => {
    const { page, errors } = await openPage(path, phone);
    await page.locator('main h1').waitFor();
    await expect.poll(() => page.getByText('Loading…').count(), { timeout: pageReadyTimeoutMs }).toBe(0);
    const width = await page.evaluate<number>('document.documentElement.scrollWidth');
    expect(width, `${path} is ${width} px wide`).toBeLessThanOrEqual(phone.width);
    if (path === 'today' || path === 'book') await screenshot(page, `phone-${path}`);
    expect(errors).toEqual([]);
    await page.close();
  }, 2 * pageReadyTimeoutMs);
});
