/**
 * The Book page with index holdings in headless Chromium: a book that follows the `alvh-methodology`
 * preset's signals from 2019-06-03 to 2019-06-10, accepted day by day through the CLI, holds layer 1's
 * VIX-futures fund (121.7035 units bought on 2019-06-10). The page lists the fund in its own table with
 * its price, the day that price is from, its value and its VIX exposure.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/testing.js';
import { saveScreenshot } from './chromium.js';
import { useDashboardSession } from './dashboardSession.js';

/** How long a page may take to fetch its data and draw, milliseconds. */
const pageReadyTimeoutMs = 60_000;
const days = ['2019-06-03', '2019-06-04', '2019-06-05', '2019-06-06', '2019-06-07', '2019-06-10'];

const session = useDashboardSession('alvh-holdings-');
/** The CLI's output of each step of the set-up, by command and day. */
const signalTexts = new Map<string, string>();

describe("the Book page's index holdings", () => {
  beforeAll(async () => {
    for (const date of days) {
      for (const args of [['signal'], ['book', 'accept']]) {
        const r = await runCli([...args, '--preset', 'alvh-methodology', '--date', date, '--book', session.bookPath()]);
        expect(r.code, r.stderr).toBe(0);
        signalTexts.set(`${args.join(' ')} ${date}`, r.stdout);
      }
    }
  }, 120_000);

  it("lists the fund's purchase among the day's trades, in the signal and in what accepting recorded", () => {
    // 2019-06-10: layer 1's fund, 25 % of the 1140 USD/VIX pt target at 0.02343 per USD, is 12,170 USD at
    // the fund's mid of 100.00 = 121.7035 units, paid at its fill level of 100.05: 12,176 USD.
    expect(signalTexts.get('signal 2019-06-10')).toContain(
      '\n  buy 121.7035 units of the VIX short-term futures fund @ 100.05, 12,176 USD, at the index level, no fee  [hedge-8.vixFuturesFund, layer 1]\n',
    );
    expect(signalTexts.get('book accept 2019-06-10')).toContain('\n  bought 121.7035 units of the VIX short-term futures fund @ 100.05 [hedge-8.vixFuturesFund]\n');
  });

  it("lists layer 1's fund with its price, its date, its value and its VIX exposure", async () => {
    const { page, errors } = await session.openPage('book');
    await page.getByLabel('Date', { exact: true }).fill('2019-06-14');
    const holdings = page.getByRole('table', { name: 'Index holdings' });
    await holdings.waitFor({ timeout: pageReadyTimeoutMs }).catch(async (e: unknown) => {
      throw new Error(`${String(e)}\n${(await page.locator('main').innerText()).slice(0, 3000)}`);
    });
    await expect.poll(() => holdings.locator('tbody tr').count(), { timeout: pageReadyTimeoutMs }).toBe(1);
    const row = await holdings.locator('tbody tr').first().innerText();
    expect(row).toContain('121.7035 units of the VIX short-term futures fund');
    // The fund's price on 2019-06-14, stepped from the stored 100 through every trading day since.
    expect(row).toContain('(2019-06-14)');
    expect(row).not.toMatch(/\b100\.00\b/);
    await saveScreenshot(page, 'book-holdings', false);
    expect(errors).toEqual([]);
    await page.close();
  }, 2 * pageReadyTimeoutMs);
});
