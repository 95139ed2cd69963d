/**
 * The Today page of a book that follows a config file, in headless Chromium: the book is accepted once
 * through the CLI with `--config` (a variant of the ladder, as a sweep writes one), and the dashboard,
 * started without `--strategy-config`, follows the config the book kept and says so on the Today and
 * Book pages; the Book page then switches the book to a preset. A state stored under a bundled preset
 * as an earlier alvh shipped it gets the Today page's rules-changed banner.
 */
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BookStore } from '../../src/book/store.js';
import { runCli } from '../../src/cli/testing.js';
import { loadPreset } from '../../src/data/presets.js';
import { useDashboardSession } from './dashboardSession.js';

/** How long a page may take to fetch its data and draw, milliseconds. */
const pageReadyTimeoutMs = 60_000;

const session = useDashboardSession('alvh-kept-strategy-');
const dir = mkdtempSync(join(tmpdir(), 'alvh-kept-strategy-config-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const file = join(dir, 'my-ladder.json');

describe('the Today page of a book that follows a config file', () => {
  beforeAll(async () => {
    const ladder = loadPreset('alvh-ladder');
    writeFileSync(file, JSON.stringify({ ...ladder, name: 'my-ladder', description: 'The ladder with 0.4-delta hedge calls', hedge: { ...ladder.hedge, hedgeCallDelta: 0.4 } }));
    const r = await runCli(['book', 'accept', '--config', file, '--date', '2018-01-03', '--book', session.bookPath()]);
    expect(r.code, r.stderr).toBe(0);
  }, 120_000);

  it('follows the config the book kept, and names it with its description', async () => {
    const { page, errors } = await session.openPage('today');
    await page.getByLabel('Date', { exact: true }).fill('2018-01-04');
    const line = page.getByTestId('strategy-source');
    await line.waitFor({ timeout: pageReadyTimeoutMs }).catch(async (e: unknown) => {
      throw new Error(`${String(e)}\n${(await page.locator('main').innerText()).slice(0, 3000)}`);
    });
    expect(await line.innerText()).toMatch(/^Strategy: my-ladder, the config the book keeps \(sha256 [0-9a-f]{12}\): The ladder with 0\.4-delta hedge calls$/);
    expect(errors).toEqual([]);
    await page.close();
  }, 2 * pageReadyTimeoutMs);

  it('the Book page names the same strategy, as alvh book list does', async () => {
    const { page, errors } = await session.openPage('book');
    await page.getByLabel('Date', { exact: true }).fill('2018-01-04');
    const line = page.getByTestId('book-strategy');
    await line.waitFor({ timeout: pageReadyTimeoutMs });
    const list = await runCli(['book', 'list', '--date', '2018-01-04', '--book', session.bookPath()]);
    expect(list.code, list.stderr).toBe(0);
    const hash = /config kept in the book, config sha256 ([0-9a-f]{12})\)/.exec(list.stdout)?.[1];
    expect(hash).toBeDefined();
    expect(await line.innerText()).toBe(`Strategy: my-ladder (the config the book keeps, config sha256 ${hash}): The ladder with 0.4-delta hedge calls`);
    expect(errors).toEqual([]);
    await page.close();
  }, 2 * pageReadyTimeoutMs);

  it('switches the book to a preset from the Book page, as alvh book switch does', async () => {
    const { page, errors } = await session.openPage('book');
    await page.getByLabel('Date', { exact: true }).fill('2018-01-04');
    await page.getByTestId('book-strategy').waitFor({ timeout: pageReadyTimeoutMs });
    await page.getByText('Switch the book to another strategy').click();
    const form = page.getByRole('form', { name: 'Switch strategy' });
    await form.getByLabel('Strategy').selectOption('alvh-ladder');
    await form.getByRole('button', { name: 'Switch' }).click();
    await page.getByRole('status').getByText("Switched the book from 'my-ladder' to 'alvh-ladder' as of 2018-01-03 (state #2)").waitFor({ timeout: pageReadyTimeoutMs });
    await expect.poll(() => page.getByTestId('book-strategy').innerText(), { timeout: pageReadyTimeoutMs }).toMatch(/^Strategy: alvh-ladder \(bundled preset, config sha256 [0-9a-f]{12}\)$/);
    // The terminal reads the same book the same way.
    const list = await runCli(['book', 'list', '--date', '2018-01-04', '--book', session.bookPath()]);
    expect(list.stdout).toContain('\nStrategy: alvh-ladder (bundled preset, config sha256 ');
    expect(list.stdout).toContain("(edit: strategy switched from 'my-ladder' (config sha256 ");
    expect(errors).toEqual([]);
    await page.close();
  }, 2 * pageReadyTimeoutMs);

  it('replays a day accepted before a switch under the strategy the book followed then, and says so', async () => {
    // 2018-01-04 accepted under the preset, then the book handed back to the variant as of that day.
    const accepted = await runCli(['book', 'accept', '--date', '2018-01-04', '--book', session.bookPath()]);
    expect(accepted.code, accepted.stderr).toBe(0);
    const switched = await runCli(['book', 'switch', '--config', file, '--book', session.bookPath()]);
    expect(switched.code, switched.stderr).toBe(0);
    const { page, errors } = await session.openPage('today');
    await page.getByLabel('Date', { exact: true }).fill('2018-01-04');
    await expect
      .poll(() => page.getByTestId('strategy-source').innerText(), { timeout: pageReadyTimeoutMs })
      .toMatch(/^Strategy: alvh-ladder \(bundled preset, sha256 [0-9a-f]{12}\), the one the book followed on this day; it has since switched to my-ladder$/);
    expect(errors).toEqual([]);
    await page.close();
  }, 2 * pageReadyTimeoutMs);

  it('says which rules a bundled preset has changed since the state the signal starts from', async () => {
    // The book back on the preset (after the replay above it follows the variant), then the state an
    // earlier alvh would have stored: the same positions, under its alvh-ladder with another take-profit multiple.
    const back = await runCli(['book', 'switch', '--preset', 'alvh-ladder', '--book', session.bookPath()]);
    expect(back.code, back.stderr).toBe(0);
    const ladder = loadPreset('alvh-ladder');
    const earlier = { ...ladder, hedge: { ...ladder.hedge, takeProfitMultipleOfCost: 2.5 } };
    const store = BookStore.open(session.bookPath());
    try {
      const latest = store.latestState();
      if (latest === undefined) throw new Error('the book has no state');
      const configJson = JSON.stringify(earlier);
      store.appendState({ dayIso: latest.dayIso, kind: 'edit', preset: 'alvh-ladder', snapshotJson: latest.snapshotJson, dataVersion: latest.dataVersion, configHash: createHash('sha256').update(configJson).digest('hex'), note: 'as an earlier alvh stored it' }, [], { configJson });
    } finally {
      store.close();
    }
    const { page, errors } = await session.openPage('today');
    await page.getByLabel('Date', { exact: true }).fill('2018-01-05');
    const banner = page.getByTestId('rules-changed');
    await banner.waitFor({ timeout: pageReadyTimeoutMs }).catch(async (e: unknown) => {
      throw new Error(`${String(e)}\n${(await page.locator('main').innerText()).slice(0, 3000)}`);
    });
    expect(await banner.innerText()).toMatch(
      /^Rules changed since the book's state #\d+ of 2018-01-04, made under another config of 'alvh-ladder' \(sha256 [0-9a-f]{12}\): this signal follows the bundled preset as this alvh ships it, which sets hedge\.takeProfitMultipleOfCost 3 \(was 2\.5\)\. To keep the earlier rules: alvh book config --state \d+ --out FILE, give the file a name of its own, then alvh book switch --config FILE$/,
    );
    expect(errors).toEqual([]);
    await page.close();
    // The Book page names the same fields on its strategy line, as alvh book list does.
    const book = await session.openPage('book');
    await book.page.getByLabel('Date', { exact: true }).fill('2018-01-05');
    await expect
      .poll(() => book.page.getByTestId('book-strategy').innerText(), { timeout: pageReadyTimeoutMs })
      .toMatch(/^Strategy: alvh-ladder \(bundled preset, config sha256 [0-9a-f]{12}; this state was made under another config \(sha256 [0-9a-f]{12}\): the next signal follows this one, which sets hedge\.takeProfitMultipleOfCost 3 \(was 2\.5\)\)$/);
    const list = await runCli(['book', 'list', '--date', '2018-01-05', '--book', session.bookPath()]);
    expect(list.stdout).toContain('; this state was made under another config (sha256 ');
    expect(list.stdout).toContain('): the next signal follows this one, which sets hedge.takeProfitMultipleOfCost 3 (was 2.5))\n');
    expect(book.errors).toEqual([]);
    await book.page.close();
  }, 2 * pageReadyTimeoutMs);
});

