import { copyFile, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { importFile, prepareImport } from './importFile.js';
import { openMarketDataStore } from '../store/fileMarketDataStore.js';
import { defaultBundledDir, historyFromContents } from '../loadHistory.js';
import { calendarFromTradingDays, type TradingDayCalendar } from '../validate/tradingDayCalendar.js';
import type { MarketDataStore } from '../store/marketDataStore.js';
import { snapshotDir } from '../../../test/support/dirSnapshot.js';
import { packageRoot } from '../loadHistory.js';
import { dayFromIso } from '../../time/day.js';

const FIXTURES = join(packageRoot(), 'test', 'fixtures', 'import');
const fixture = (name: string): string => join(FIXTURES, name);

describe('data import', () => {
  let userDir: string;
  let store: MarketDataStore;
  let calendar: TradingDayCalendar;

  beforeAll(async () => {
    const probe = await openMarketDataStore({ bundledDir: defaultBundledDir(), userDir: join(tmpdir(), 'alvh-none') });
    calendar = calendarFromTradingDays(historyFromContents(probe.contents()).tradingDays);
  });
  beforeEach(async () => {
    userDir = await mkdtemp(join(tmpdir(), 'alvh-import-'));
    store = await openMarketDataStore({ bundledDir: defaultBundledDir(), userDir });
  });
  afterEach(async () => {
    await rm(userDir, { recursive: true, force: true });
  });

  async function expectRejected(name: string, pattern: RegExp, series?: 'spx' | 'vix'): Promise<void> {
    const before = await snapshotDir(userDir);
    const outcome = await importFile(store, calendar, { path: fixture(name), replace: false, ...(series ? { target: series } : {}) });
    expect(outcome.ok).toBe(false);
    if (!outcome.ok) expect(outcome.error.message).toMatch(pattern);
    expect(await snapshotDir(userDir)).toEqual(before);
  }

  it('accepts Cboe VIX history rows equal to the bundled ones without writing a change', async () => {
    const outcome = await importFile(store, calendar, { path: fixture('VIX_History.csv'), replace: false });
    expect(outcome.ok && outcome.value.change).toEqual({ key: 'index-vix', added: 0, replaced: 0, unchanged: 5, keptStored: 0 });
    expect(outcome.ok && outcome.value.format).toBe('cboe-index');
    expect(await snapshotDir(userDir)).toEqual({});
  });

  it('reads Yahoo and Stooq SPX files, naming the series from ^GSPC.csv and spx_d.csv', async () => {
    for (const name of ['^GSPC.csv', 'spx_d.csv']) {
      const outcome = await importFile(store, calendar, { path: fixture(name), replace: false });
      expect(outcome.ok && outcome.value.change).toEqual({ key: 'index-spx', added: 0, replaced: 0, unchanged: 9, keptStored: 0 });
    }
  });

  it('reads both VX futures layouts: current archive (expiry in the name) and legacy CFE (prices x10 before 2007-03-26)', async () => {
    const current = await importFile(store, calendar, { path: fixture('VX_2018-02-14.csv'), replace: false });
    expect(current.ok && current.value.change).toEqual({ key: 'vxFutures', added: 0, replaced: 0, unchanged: 10, keptStored: 0 });
    const legacy = await importFile(store, calendar, { path: fixture('CFE_K07_VX.csv'), replace: false });
    expect(legacy.ok && legacy.value.change.replaced + legacy.value.change.added).toBe(0);
    expect(legacy.ok && legacy.value.change.unchanged).toBeGreaterThan(200);
  });

  it('reads a FRED DTB3 file', async () => {
    const outcome = await importFile(store, calendar, { path: fixture('DTB3.csv'), replace: false });
    expect(outcome.ok && outcome.value.change).toEqual({ key: 'rate-dtb3', added: 0, replaced: 0, unchanged: 9, keptStored: 0 });
  });

  it('refuses a revised value for a stored day unless --replace, then stores it', async () => {
    await expectRejected('vix_revised.csv', /vix_revised\.csv:6: field 'date': 2026-07-31: close 16\.99 differs from the stored close/, 'vix');
    const replaced = await importFile(store, calendar, { path: fixture('vix_revised.csv'), target: 'vix', replace: true });
    expect(replaced.ok && replaced.value.change).toEqual({ key: 'index-vix', added: 0, replaced: 1, unchanged: 4, keptStored: 0 });
    const reopened = await openMarketDataStore({ bundledDir: defaultBundledDir(), userDir });
    expect(historyFromContents(reopened.contents()).closeOn('vix', dayFromIso('2026-07-31'))).toBe(16.99);
  });

  it('names file, line and field for every kind of bad row, and leaves the store unchanged', async () => {
    await expectRejected('bad/spx_unparsable.csv', /spx_unparsable\.csv:3: field 'open': not a number: 'abc'[\s\S]*spx_unparsable\.csv:4: field 'close': not a number: 'NaN'/, 'spx');
    await expectRejected('bad/spx_high_below_low.csv', /:2: field 'high': high 6186\.18 is below low 6215\.08/, 'spx');
    await expectRejected('bad/spx_duplicate.csv', /:3: field 'date': duplicate date 2026-06-29/, 'spx');
    await expectRejected('bad/spx_unsorted.csv', /:3: field 'date': 2026-06-29 is before the previous row's 2026-06-30/, 'spx');
    await expectRejected('bad/spx_holiday.csv', /:2: field 'date': 2026-07-03 is not an exchange trading day \(exchange holiday\)/, 'spx');
    await expectRejected('bad/spx_zero_price.csv', /:2: field 'open': must be positive, got 0/, 'spx');
    await expectRejected('bad/spx_missing_close.csv', /spx_missing_close\.csv:1: field 'close': missing column/, 'spx');
    await expectRejected('bad/VVIX_History.csv', /VVIX_History\.csv:3: field 'low': 15\.71 is outside the plausible vvix range/);
    await expectRejected('bad/unknown_header.csv', /no recognised header; expected one of: Cboe index history/);
  });

  it('says which series it needs when the file name does not tell', async () => {
    await expectRejected('vix_revised.csv', /pass --series/);
  });
});

describe('import parsing details', () => {
  const weekdays: TradingDayCalendar = { isTradingDay: (d) => ![0, 6].includes((((d + 4) % 7) + 7) % 7) };

  it('skips FRED holiday placeholders and a Cboe disclaimer above the header, and tolerates a trailing comma', () => {
    const fred = prepareImport('DATE,DTB3\n2026-03-19,3.62\n2026-03-20,.\n2026-03-23,3.63\n', 'DTB3.csv', undefined, weekdays);
    expect(fred.ok && fred.value.dataset.records.length).toBe(2);
    const withDisclaimer = prepareImport(
      'CFE data is compiled for the convenience of site visitors\nTrade Date,Futures,Open,High,Low,Close,Settle,Change,Total Volume,EFP,Open Interest\n2018-02-13,G (Feb 2018),0,0,0,0,30.1,0,10,0,100,\n2018-02-14,G (Feb 2018),0,0,0,0,29.06,0,10,0,100\n',
      'VX_2018-02-14.csv',
      undefined,
      weekdays,
    );
    expect(withDisclaimer.ok && withDisclaimer.value.dataset).toMatchObject({ kind: 'vxFutures', records: [{ contract: 'VXG18', line: 3 }, { line: 4 }] });
  });

  it('drops a Cboe index row on an exchange holiday with a warning but rejects a weekend', () => {
    const holiday: TradingDayCalendar = { isTradingDay: (d) => weekdays.isTradingDay(d) && d !== dayFromIso('2026-07-03') };
    const cboe = prepareImport('DATE,OPEN,HIGH,LOW,CLOSE\n07/02/2026,16,17,15,16.5\n07/03/2026,16,17,15,16.4\n', 'VIX_History.csv', undefined, holiday);
    expect(cboe.ok && cboe.value.warnings.map((w) => w.line)).toEqual([3]);
    const weekend = prepareImport('DATE,OPEN,HIGH,LOW,CLOSE\n07/04/2026,16,17,15,16.5\n', 'VIX_History.csv', undefined, holiday);
    expect(!weekend.ok && weekend.error.message).toMatch(/:2: field 'date': 2026-07-04 is not an exchange trading day \(weekend\)/);
  });

  it('requires SPX volume, which on-balance volume needs', () => {
    const noVolume = prepareImport('Date,Open,High,Low,Close\n2026-06-29,7400,7420,7390,7410\n', 'spx_d.csv', undefined, weekdays);
    expect(!noVolume.ok && noVolume.error.message).toMatch(/spx_d\.csv:1: field 'Volume': missing column/);
  });

  it('imports events (weekend dates kept) and breadth', () => {
    const events = prepareImport('date,event,scheduled,label\n2020-03-15,fomc,false,emergency cut\n2020-03-16,cpi,true,\n', 'my_events.csv', undefined, weekdays);
    expect(events.ok && events.value.dataset).toMatchObject({ kind: 'events', records: [{ kind: 'fomc', scheduled: false }, { kind: 'cpi', scheduled: true, label: 'CPI' }] });
    const badEvent = prepareImport('date,event\n2020-03-16,gdp\n', 'e.csv', undefined, weekdays);
    expect(!badEvent.ok && badEvent.error.message).toMatch(/e\.csv:2: field 'event': unknown event 'gdp'/);
    const breadth = prepareImport('date,advancing,declining\n2020-03-16,120,2900\n2020-03-17,x,10\n', 'breadth.csv', undefined, weekdays);
    expect(!breadth.ok && breadth.error.message).toMatch(/breadth\.csv:3: field 'advancing': not a number: 'x'/);
  });
});

describe('all or nothing under random corruption', () => {
  it('either imports the corrupted file or leaves the store byte-for-byte unchanged', async () => {
    const userDir = await mkdtemp(join(tmpdir(), 'alvh-prop-'));
    const workDir = await mkdtemp(join(tmpdir(), 'alvh-prop-in-'));
    try {
      const store = await openMarketDataStore({ bundledDir: defaultBundledDir(), userDir });
      const calendar = calendarFromTradingDays(historyFromContents(store.contents()).tradingDays);
      // A first successful replace makes the overlay non-empty, so "unchanged" is a real comparison.
      await importFile(store, calendar, { path: fixture('vix_revised.csv'), target: 'vix', replace: true });
      const valid = await readFile(fixture('VIX_History_2026-08.csv'), 'utf8');
      const path = join(workDir, 'VIX_History.csv');
      await fc.assert(
        fc.asyncProperty(
          fc.integer({ min: 0, max: valid.length - 1 }),
          fc.constantFrom('', ',', 'x', '-', '9', '\n', '.', '/'),
          fc.integer({ min: 0, max: 3 }),
          async (at, insert, removeCount) => {
            const corrupted = valid.slice(0, at) + insert + valid.slice(at + removeCount);
            await writeFile(path, corrupted);
            const before = await snapshotDir(userDir);
            const outcome = await importFile(store, calendar, { path, target: 'vix', replace: true });
            if (!outcome.ok) expect(await snapshotDir(userDir)).toEqual(before);
            else expect((await readdir(join(userDir, 'overlay'))).every((n) => n.endsWith('.csv'))).toBe(true);
          },
        ),
        { numRuns: 60 },
      );
    } finally {
      await rm(userDir, { recursive: true, force: true });
      await rm(workDir, { recursive: true, force: true });
    }
  });
});

describe('appending new days', () => {
  it('appends days after the bundled end and they reach the history', async () => {
    const bundledDir = await mkdtemp(join(tmpdir(), 'alvh-bundle-'));
    const userDir = await mkdtemp(join(tmpdir(), 'alvh-append-'));
    try {
      for (const name of await readdir(defaultBundledDir())) await copyFile(join(defaultBundledDir(), name), join(bundledDir, name));
      // The bundle as it was before its August 2026 VIX rows.
      const vix = (await readFile(join(bundledDir, 'vix_daily.csv'), 'utf8')).split('\n').filter((l) => !l.startsWith('2026-08-'));
      await writeFile(join(bundledDir, 'vix_daily.csv'), vix.join('\n'));
      const store = await openMarketDataStore({ bundledDir, userDir });
      const calendar = calendarFromTradingDays(historyFromContents(store.contents()).tradingDays);
      const outcome = await importFile(store, calendar, { path: fixture('VIX_History_2026-08.csv'), target: 'vix', replace: false });
      expect(outcome.ok && outcome.value.change).toEqual({ key: 'index-vix', added: 15, replaced: 0, unchanged: 0, keptStored: 0 });
      expect(historyFromContents(store.contents()).closeOn('vix', dayFromIso('2026-08-21'))).toBe(15.13);
    } finally {
      await rm(bundledDir, { recursive: true, force: true });
      await rm(userDir, { recursive: true, force: true });
    }
  });
});
