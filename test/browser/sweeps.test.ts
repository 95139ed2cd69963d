/**
 * The Sweeps page in headless Chromium against the real server on the bundled data: a bundled spec's
 * variant count shown before anything runs, a spec edited to a 3-variant sweep over the first quarter
 * of 2018 and started, its progress followed to 100 % with the best variants listed, its report opened
 * in a new tab; the page at a phone's width (390 px) without horizontal overflow. Screenshots go to
 * docs/images. Needs the web build (npm run build:web) and the compiled sweep worker (npm run build).
 */
import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { phoneViewport, saveScreenshot } from './chromium.js';
import { useDashboardSession } from './dashboardSession.js';

/** How long a page may take to fetch its data and draw, milliseconds. */
const pageReadyTimeoutMs = 60_000;
/** A 3-variant sweep of a quarter: about 10 s (the worker loads the data first); the margin is for a busy machine. */
const sweepTimeoutMs = 150_000;
const phone = phoneViewport;

/** The preset's hedge-call delta (0.3) beside 0.2 and 0.4 over the first quarter of 2018. */
const smallSpec = {
  name: 'browser-small',
  description: 'Three variants of the ladder over the first quarter of 2018',
  basePreset: 'alvh-ladder',
  vary: [{ kind: 'list', path: 'hedge.hedgeCallDelta', values: [0.2, 0.4] }],
  period: { from: '2018-01-02', to: '2018-03-29' },
  walkForward: { inSampleMonths: 1, outOfSampleMonths: 1 },
  cscvBlocks: 2,
};

let sweepId = '';
const openPage = useDashboardSession('alvh-sweeps-page-').openPage;

const screenshot = (page: Page, name: string) => saveScreenshot(page, name);

/** The page's text, to say what it showed when a wait fails. */
const withPageText = (page: Page) => async (e: unknown) => {
  throw new Error(`${String(e)}\n${(await page.locator('main').innerText()).slice(0, 3000)}`);
};

describe('the Sweeps page', () => {
  it('counts a spec\'s variants, starts an edited spec, follows it to 100 % and opens its report', async () => {
    const { page, errors } = await openPage('sweeps');
    const form = page.getByRole('form', { name: 'Sweep spec' });
    await form.waitFor({ timeout: pageReadyTimeoutMs });
    // How the server runs the variants, and how to give it more threads.
    expect(await page.getByTestId('sweep-runs-on').textContent()).toBe("This server runs a sweep's variants on one thread; start it with alvh serve --sweep-workers N to use N threads.");
    // The bundled quick spec is chosen first: its count is shown before anything runs.
    await expect.poll(() => form.getByTestId('sweep-plan').textContent(), { timeout: pageReadyTimeoutMs }).toMatch(/^4 variants \(the alvh-ladder preset and 3 others\) varying hedge\.hedgeCallDelta, from 2018-01-02 to 2018-06-29/);
    await form.getByLabel('Bundled spec').selectOption('example');
    await expect.poll(() => form.getByTestId('sweep-plan').textContent(), { timeout: pageReadyTimeoutMs }).toMatch(/^37 variants/);

    // A typo is refused with its field named, and nothing can start.
    const editor = form.getByRole('textbox');
    await editor.fill(JSON.stringify({ ...smallSpec, rankedBy: 'sharpeRatio' }, null, 2));
    await form.getByText(/body spec\.rankedBy: unknown field; did you mean "rankBy"\?/).waitFor({ timeout: pageReadyTimeoutMs });
    expect(await form.getByRole('button', { name: /Start sweep/ }).isDisabled()).toBe(true);

    await editor.fill(JSON.stringify(smallSpec, null, 2));
    await expect.poll(() => form.getByTestId('sweep-plan').textContent(), { timeout: pageReadyTimeoutMs }).toMatch(/^3 variants \(the alvh-ladder preset and 2 others\)/);
    await form.getByRole('button', { name: 'Start sweep (3 variants)' }).click();

    const sweep = page.getByTestId('sweep');
    await sweep.waitFor({ timeout: pageReadyTimeoutMs });
    sweepId = new URLSearchParams(new URL(page.url()).hash.split('?')[1] ?? '').get('sweep') ?? '';
    expect(sweepId).toMatch(/^[0-9a-f-]{36}$/);
    const progress = sweep.getByTestId('sweep-progress');
    await progress.getByText(/3 \/ 3 variants \(100 %\)/).waitFor({ timeout: sweepTimeoutMs }).catch(withPageText(page));
    expect(await progress.locator('progress').getAttribute('value')).toBe('3');
    await sweep.getByRole('heading', { name: /Sweep browser-small \(done\)/ }).waitFor({ timeout: pageReadyTimeoutMs }).catch(withPageText(page));
    const top = sweep.getByRole('table', { name: 'Best variants so far' });
    expect(await top.locator('tbody tr').count()).toBe(3);
    expect(await top.locator('tbody tr th').allTextContents()).toContain('preset');
    // The live table names a repeated result as the report does; three different deltas repeat none.
    expect(await top.locator('thead th').allTextContents()).toContain('Same result as');
    expect(await top.locator('tbody tr td:nth-child(3)').allTextContents()).toEqual(['–', '–', '–']);
    // The report's verdict on luck, on the page.
    const verdict = sweep.getByTestId('sweep-verdict');
    await verdict.getByRole('heading', { name: 'Is it luck?' }).waitFor({ timeout: pageReadyTimeoutMs });
    expect(await verdict.getByRole('table', { name: "The verdict's figures" }).locator('tr').count()).toBe(5);
    expect(await verdict.locator('p').first().textContent()).toMatch(/DSR/);
    await screenshot(page, 'sweeps');

    // Each variant but the preset downloads its strategy config, which alvh signal --config follows.
    expect(await top.locator('thead th').allTextContents()).toContain('Config');
    const configButtons = top.getByRole('button', { name: /^Download the config of variant [0-9a-f]{10}$/ });
    expect(await configButtons.count()).toBe(2);
    const [download] = await Promise.all([page.waitForEvent('download'), configButtons.first().click()]);
    expect(download.suggestedFilename()).toMatch(/^alvh-ladder~[0-9a-f]{10}\.json$/);
    const config = JSON.parse(readFileSync((await download.path())!, 'utf8')) as { name: string; description: string };
    expect(`${config.name}.json`).toBe(download.suggestedFilename());
    expect(config.description).toContain("of sweep 'browser-small'");

    const report = sweep.getByTestId('sweep-report');
    const [tab] = await Promise.all([page.context().waitForEvent('page'), report.click()]);
    await tab.waitForLoadState();
    expect(await tab.title()).toBe('Sweep browser-small');
    expect(await tab.locator('body').innerText()).toMatch(/Is it luck\? Deflated Sharpe ratio and PBO/);
    await tab.close();
    // The browser logs the refused typo's 400 as a failed resource: that one was asked for, nothing else may fail.
    const refusedCheck = /status of 400 \(Bad Request\) \(http:\/\/127\.0\.0\.1:\d+\/api\/sweeps\/check\)/;
    expect(errors.filter((e) => !refusedCheck.test(e))).toEqual([]);
    await page.close();
  }, 2 * sweepTimeoutMs);

  it('a finished sweep\'s permalink fits a 390 px phone without horizontal overflow', async () => {
    expect(sweepId).not.toBe('');
    const { page, errors } = await openPage(`sweeps?sweep=${sweepId}`, phone);
    await page.getByRole('table', { name: 'Best variants so far' }).waitFor({ timeout: pageReadyTimeoutMs });
    await expect.poll(() => page.getByText('Loading…').count(), { timeout: pageReadyTimeoutMs }).toBe(0);
    await page.getByRole('form', { name: 'Sweep spec' }).getByTestId('sweep-plan').waitFor({ timeout: pageReadyTimeoutMs });
    const width = await page.evaluate<number>('document.documentElement.scrollWidth');
    expect(width, `the Sweeps page is ${width} px wide`).toBeLessThanOrEqual(phone.width);
    await screenshot(page, 'phone-sweeps');
    expect(errors).toEqual([]);
    await page.close();
  }, 2 * pageReadyTimeoutMs);
});
