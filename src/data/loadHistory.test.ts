import { mkdtemp, rm } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { defaultUserDir, loadMarketHistory, packageRoot, type LoadedHistory } from './loadHistory.js';
import { continuousRateFromDiscountYieldPct } from '../history/treasuryBill.js';
import { defaultHistoryConfig } from '../history/historyConfig.js';
import { dayFromIso, isoFromDay } from '../time/day.js';

// Spot values are those recorded in data/PROVENANCE.md.
const PRICE_TOLERANCE_POINTS = 1e-9;

describe('loadMarketHistory on the bundled data', () => {
  let userDir: string;
  let loaded: LoadedHistory;

  beforeAll(async () => {
    userDir = await mkdtemp(join(tmpdir(), 'alvh-load-'));
    vi.stubEnv('ALVH_HOME', userDir);
    loaded = await loadMarketHistory();
  });
  afterAll(async () => {
    vi.unstubAllEnvs();
    await rm(userDir, { recursive: true, force: true });
  });

  it('finds the package root and the overlay folder from the environment', () => {
    expect(existsSync(join(packageRoot(), 'data', 'spx_daily.csv'))).toBe(true);
    expect(defaultUserDir({ ALVH_HOME: '/x/y' })).toBe('/x/y');
    expect(defaultUserDir({})).toMatch(/\.alvh$/);
  });

  it('starts the trading days in 1990 and keeps SPX and VIX closes', () => {
    const h = loaded.history;
    expect(isoFromDay(h.tradingDays[0] as number)).toBe('1990-01-02');
    expect(isoFromDay(h.tradingDays[h.tradingDays.length - 1] as number)).toBe('2026-08-21');
    expect(h.closeOn('vix', dayFromIso('2018-02-05'))).toBe(37.32);
    expect(h.closeOn('vix', dayFromIso('2020-03-16'))).toBe(82.69);
    expect(h.closeOn('spx', dayFromIso('2020-03-23'))).toBe(2237.4);
    expect(h.barOn('spx', dayFromIso('2018-02-05'))?.volume).toBeGreaterThan(0);
    expect(h.closeOn('vvix', dayFromIso('2020-03-16'))).toBe(207.59);
    expect(h.closeOn('skew', dayFromIso('2018-02-05'))).toBe(117.33);
    expect(h.closeOn('vix6m', dayFromIso('2018-02-05'))).toBe(24.55);
    expect(h.closeOn('pput', dayFromIso('2020-03-16'))).toBe(987.16);
  });

  it('gives the VIX futures curves of February 2018 and March 2020', () => {
    const h = loaded.history;
    const feb5 = dayFromIso('2018-02-05');
    const curve2018 = h.termStructureOn(feb5);
    expect(curve2018[0]).toMatchObject({ contract: 'VXG18', settle: 33.225, dteDays: 9 });
    expect(curve2018[1]).toMatchObject({ contract: 'VXH18', settle: 27.975 });
    const mar16 = dayFromIso('2020-03-16');
    const curve2020 = h.termStructureOn(mar16);
    expect(curve2020[0]).toMatchObject({ contract: 'VXH20', settle: 72.625, dteDays: 2 });
    expect(curve2020[1]).toMatchObject({ contract: 'VXJ20', settle: 59.15, dteDays: 30 });
    expect(h.vxFuturesOn(dayFromIso('2020-03-18'))[0]).toMatchObject({ contract: 'VXH20', settle: 69.76 });
    expect(h.vxFuturesOn(dayFromIso('2008-11-20')).find((s) => s.contract === 'VXZ08')?.settle).toBe(66.23);
  });

  it('puts the 30-day constant-maturity future between M1 and M2', () => {
    const h = loaded.history;
    // 2018-02-05: M1 VXG18 9 days 33.225, M2 VXH18 44 days 27.975 -> 21/35 of the way.
    const cm2018 = h.constantMaturityFutureOn(dayFromIso('2018-02-05'), 30) ?? NaN;
    expect(Math.abs(cm2018 - (33.225 + (21 / 35) * (27.975 - 33.225)))).toBeLessThan(PRICE_TOLERANCE_POINTS);
    // 2020-03-16: VXJ20 has exactly 30 days left.
    expect(h.constantMaturityFutureOn(dayFromIso('2020-03-16'), 30)).toBe(59.15);
    // Every standard target is bracketed on 2018-02-05 and equals the linear rule on its bracket.
    const curve = h.termStructureOn(dayFromIso('2018-02-05'));
    for (const target of [30, 60, 90, 120, 150, 180]) {
      const above = curve.find((p) => p.dteDays >= target);
      const below = [...curve].reverse().find((p) => p.dteDays <= target);
      if (!above || !below) throw new Error(`no bracket for ${target} days`);
      const expected = below.settle + ((target - below.dteDays) / (above.dteDays - below.dteDays)) * (above.settle - below.settle);
      expect(Math.abs((h.constantMaturityFutureOn(dayFromIso('2018-02-05'), target) ?? NaN) - expected)).toBeLessThan(PRICE_TOLERANCE_POINTS);
    }
  });

  it('converts DTB3 on 2020-03-16 (0.24 % discount) into a continuous rate', () => {
    const expected = continuousRateFromDiscountYieldPct(0.24, defaultHistoryConfig);
    expect(expected.ok && loaded.history.riskFreeRateOn(dayFromIso('2020-03-16'))).toBe(expected.ok && expected.value);
    // A Sunday takes Friday's quote; after DTB3's end (2026-03-26) ^IRX takes over.
    expect(loaded.history.riskFreeRateOn(dayFromIso('2020-03-15'))).toBe(loaded.history.riskFreeRateOn(dayFromIso('2020-03-13')));
    expect(loaded.history.rateSources.map((s) => [s.source, isoFromDay(s.lastDay)])).toEqual([
      ['dtb3', '2026-03-26'],
      ['irx', '2026-08-20'],
    ]);
  });

  it('takes the dividend yield of the month before and carries the last Shiller value forward', () => {
    // A 2020-03 day uses February 2020's value (div_yield_pct 1.8043), not March's 2.2463.
    expect(loaded.history.dividendYieldOn(dayFromIso('2020-03-16'))).toBe(Math.log1p(1.8043 / 100));
    // From 2026-02 on, December 2025's 1.1604 is carried forward.
    expect(loaded.history.dividendYieldOn(dayFromIso('2026-08-21'))).toBe(Math.log1p(1.1604 / 100));
    expect(isoFromDay(loaded.history.dividendYieldCarriedForwardFromDay as number)).toBe('2026-02-01');
  });

  it('builds the event calendar with unscheduled FOMC moves flagged', () => {
    const march2020 = loaded.history.eventsBetween(dayFromIso('2020-03-01'), dayFromIso('2020-03-31'));
    const fomc = march2020.filter((e) => e.kind === 'fomc');
    expect(fomc.map((e) => [isoFromDay(e.day), e.scheduled])).toEqual([
      ['2020-03-03', false],
      ['2020-03-15', false],
      ['2020-03-23', false],
    ]);
    expect(march2020.some((e) => e.kind === 'cpi' && isoFromDay(e.day) === '2020-03-11')).toBe(true);
    const early = loaded.history.eventsBetween(dayFromIso('1990-12-01'), dayFromIso('1991-02-28')).filter((e) => !e.scheduled);
    expect(early.map((e) => isoFromDay(e.day))).toEqual(['1990-12-07', '1991-01-08', '1991-02-01']);
    // Conference-call statements in the research file are not taken as rate moves.
    expect(loaded.history.eventsBetween(dayFromIso('2003-03-25'), dayFromIso('2003-03-25'))).toEqual([]);
  });

  it('drops the implausible 2006 VVIX values and the inverted VIX6M bar with a warning each', () => {
    expect(loaded.warnings.filter((w) => w.includes('vvix_daily.csv'))).toHaveLength(6);
    expect(loaded.warnings.some((w) => w.startsWith("dropped vvix_daily.csv:3: field 'low': 15.71"))).toBe(true);
    expect(loaded.history.closeOn('vvix', dayFromIso('2006-03-15'))).toBeUndefined();
    expect(loaded.history.closeOn('vix6m', dayFromIso('2019-07-05'))).toBeUndefined();
    expect(loaded.history.missingSeriesOn(dayFromIso('2019-07-05'))).toContain('vix6m');
  });

  it('has a content-hash data version that is the same on every load', async () => {
    expect(loaded.history.dataVersion).toMatch(/^sha256:[0-9a-f]{64}$/);
    const again = await loadMarketHistory({ userDir });
    expect(again.history.dataVersion).toBe(loaded.history.dataVersion);
  });
});
