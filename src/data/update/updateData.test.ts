import { copyFile, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { sourceFilesFor, updateData } from './updateData.js';
import { defaultUpdateSources, withBaseUrl } from './updateSources.js';
import { openMarketDataStore } from '../store/fileMarketDataStore.js';
import { defaultBundledDir, historyFromContents, packageRoot } from '../loadHistory.js';
import { calendarFromTradingDays } from '../validate/tradingDayCalendar.js';
import type { MarketDataStore } from '../store/marketDataStore.js';
import { closedPort, startFixtureServer, type FixtureServer, type Route } from '../../../test/support/fixtureServer.js';
import { snapshotDir } from '../../../test/support/dirSnapshot.js';
import { dayFromIso, isoFromDay } from '../../time/day.js';

const FIXTURES = join(packageRoot(), 'test', 'fixtures', 'update');
const VIX_PATH = '/api/global/us_indices/daily_prices/VIX_History.csv';
const FRED_PATH = '/graph/fredgraph.csv?id=DTB3';

async function fixture(path: string): Promise<string> {
  return readFile(join(FIXTURES, path), 'utf8');
}

describe('update sources', () => {
  it('rebases every URL on --base-url, keeping path and query', () => {
    const sources = withBaseUrl(defaultUpdateSources, 'http://127.0.0.1:9999');
    expect(sources.cboeIndexUrlTemplate).toBe(`http://127.0.0.1:9999${VIX_PATH.replace('VIX', '{NAME}')}`);
    expect(sources.fredCsvUrlTemplate).toBe(`http://127.0.0.1:9999${FRED_PATH.replace('DTB3', '{ID}')}`);
    expect(sources.stooqDailyUrlTemplate).toBe('http://127.0.0.1:9999/q/d/l/?s={SYMBOL}&i=d');
  });
});

describe('data update against a local server', () => {
  let bundledDir: string;
  let userDir: string;
  let store: MarketDataStore;
  let server: FixtureServer | undefined;

  beforeAll(async () => {
    // The bundle as it was before its August 2026 VIX rows, so a successful update has days to add.
    bundledDir = await mkdtemp(join(tmpdir(), 'alvh-upd-bundle-'));
    for (const name of await readdir(defaultBundledDir())) await copyFile(join(defaultBundledDir(), name), join(bundledDir, name));
    const vix = (await readFile(join(bundledDir, 'vix_daily.csv'), 'utf8')).split('\n').filter((l) => !l.startsWith('2026-08-'));
    await writeFile(join(bundledDir, 'vix_daily.csv'), vix.join('\n'));
  });
  afterAll(async () => {
    await rm(bundledDir, { recursive: true, force: true });
  });
  beforeEach(async () => {
    userDir = await mkdtemp(join(tmpdir(), 'alvh-upd-'));
    store = await openMarketDataStore({ bundledDir, userDir });
  });
  afterEach(async () => {
    await server?.close();
    server = undefined;
    await rm(userDir, { recursive: true, force: true });
  });

  async function run(routes: Record<string, Route>, series: ('vix' | 'dtb3')[]): ReturnType<typeof updateData> {
    server = await startFixtureServer(routes);
    const calendar = calendarFromTradingDays(historyFromContents(store.contents()).tradingDays);
    return updateData(store, calendar, series, withBaseUrl(defaultUpdateSources, server.baseUrl), { replace: false });
  }

  it('appends the new days of every series on success', async () => {
    const outcome = await run(
      { [VIX_PATH]: { status: 200, body: await fixture('success/VIX_History.csv') }, [FRED_PATH]: { status: 200, body: await fixture('success/fredgraph.csv') } },
      ['vix', 'dtb3'],
    );
    expect(outcome.ok && outcome.value.changes).toEqual([
      { key: 'index-vix', added: 15, replaced: 0, unchanged: 5, keptStored: 0 },
      { key: 'rate-dtb3', added: 0, replaced: 0, unchanged: 19, keptStored: 0 },
    ]);
    const reopened = await openMarketDataStore({ bundledDir, userDir });
    expect(historyFromContents(reopened.contents()).closeOn('vix', dayFromIso('2026-08-21'))).toBe(15.13);
  });

  it('keeps a differing stored value without --replace and takes the source value with it', async () => {
    const revised = (await fixture('success/VIX_History.csv')).replace('07/31/2026,16.82,18.7,15.82,15.99', '07/31/2026,16.82,18.7,15.82,16.01');
    const kept = await run({ [VIX_PATH]: { status: 200, body: revised } }, ['vix']);
    expect(kept.ok && kept.value.changes).toEqual([{ key: 'index-vix', added: 15, replaced: 0, unchanged: 4, keptStored: 1 }]);
    expect(historyFromContents(store.contents()).closeOn('vix', dayFromIso('2026-07-31'))).toBe(15.99);
    await server?.close();
    server = await startFixtureServer({ [VIX_PATH]: { status: 200, body: revised } });
    const calendar = calendarFromTradingDays(historyFromContents(store.contents()).tradingDays);
    const replaced = await updateData(store, calendar, ['vix'], withBaseUrl(defaultUpdateSources, server.baseUrl), { replace: true });
    expect(replaced.ok && replaced.value.changes).toEqual([{ key: 'index-vix', added: 0, replaced: 1, unchanged: 19, keptStored: 0 }]);
    expect(historyFromContents(store.contents()).closeOn('vix', dayFromIso('2026-07-31'))).toBe(16.01);
  });

  describe('leaves the store byte-for-byte unchanged when', () => {
    let before: Record<string, string>;
    beforeEach(async () => {
      // An earlier successful update, so the overlay has content to protect.
      const first = await run({ [VIX_PATH]: { status: 200, body: await fixture('success/VIX_History.csv') } }, ['vix']);
      expect(first.ok).toBe(true);
      await server?.close();
      server = undefined;
      before = await snapshotDir(userDir);
      expect(Object.keys(before)).toContain('overlay/index-vix.csv');
    });

    it('a source answers 404', async () => {
      const outcome = await run({ [VIX_PATH]: { status: 200, body: await fixture('success/VIX_History.csv') } }, ['vix', 'dtb3']);
      expect(!outcome.ok && outcome.error).toEqual([{ url: `${server?.baseUrl}${FRED_PATH}`, message: 'HTTP 404 Not Found' }]);
      expect(await snapshotDir(userDir)).toEqual(before);
    });

    it('the body is cut off mid-file', async () => {
      const body = await fixture('success/fredgraph.csv');
      const outcome = await run({ [FRED_PATH]: { truncateAfterBytes: 100, body } }, ['dtb3']);
      expect(!outcome.ok && outcome.error[0]?.message).toMatch(/broke off before the end of the file/);
      expect(await snapshotDir(userDir)).toEqual(before);
    });

    it('the CSV is malformed', async () => {
      const outcome = await run({ [VIX_PATH]: { status: 200, body: await fixture('malformed/VIX_History.csv') } }, ['vix']);
      expect(!outcome.ok && outcome.error[0]?.message).toMatch(/VIX_History\.csv:5: expected 5 fields, found 3/);
      expect(await snapshotDir(userDir)).toEqual(before);
    });

    it('the host cannot be reached', async () => {
      const port = await closedPort();
      const calendar = calendarFromTradingDays(historyFromContents(store.contents()).tradingDays);
      const outcome = await updateData(store, calendar, ['vix'], withBaseUrl(defaultUpdateSources, `http://127.0.0.1:${port}`), { replace: false });
      expect(!outcome.ok && outcome.error[0]).toMatchObject({ unreachable: true, message: expect.stringMatching(/cannot reach 127\.0\.0\.1:\d+ \(ECONNREFUSED\)/) });
      expect(await snapshotDir(userDir)).toEqual(before);
    });
  });

  it('asks for the archive files of the futures contracts still open at the last stored day', () => {
    const files = sourceFilesFor(['vxFutures'], defaultUpdateSources, store.contents());
    expect(files.map((f) => f.fileName)).toEqual(
      ['2026-05-19', '2026-06-17', '2026-07-22', '2026-08-19', '2026-09-16', '2026-10-21', '2026-11-18'].map((d) => `VX_${d}.csv`),
    );
    expect(files[0]?.url).toBe('https://cdn.cboe.com/data/us/futures/market_statistics/historical_data/VX/VX_2026-05-19.csv');
    expect(isoFromDay(store.contents().vxFutures.at(-1)?.day ?? 0)).toBe('2026-04-17');
  });
});
