import { describe, expect, it } from 'vitest';
import { parseStrategyConfig } from '../strategy/config.js';
import type { BacktestResult } from '../engine/backtest.js';
import type { DailyRecord } from '../engine/records.js';
import { dayFromIso } from '../time/day.js';
import { checkClaims, ClaimsCheckConfigSchema, FULL_BOOK_LABEL } from './claims.js';
import { summariseVariant, windowNotCovered } from './variantSummary.js';
import { constantRiskFreeReturn, ZERO_RISK_FREE_RETURN } from '../metrics/riskFree.js';

const claimsConfig = ClaimsCheckConfigSchema.parse({});

/** A result whose days run from `from` for `n` weekdays-agnostic calendar days with the given shapes. */
function result(name: string, from: string, n: number, shape: (i: number, day: number) => Partial<DailyRecord>, rolls = 0): BacktestResult {
  const start = dayFromIso(from);
  const daily: DailyRecord[] = Array.from({ length: n }, (_, i) => ({
    day: start + i,
    equityUsd: 1_000_000,
    cashUsd: 1_000_000,
    condorPnlUsd: 0,
    hedgePnlUsd: 0,
    interestUsd: 0,
    condorValueUsd: 0,
    hedgeValueUsd: 0,
    hedgeVixNotionalUsd: 0,
    spxClose: 4000,
    vixClose: 15,
    regime: 'normal',
    openCondors: 1,
    hedgeLayers: 0,
    spxDeltaUsdPerPoint: 0,
    spxGammaUsdPerPoint2: 0,
    spxVegaUsdPerVolPoint: 0,
    thetaUsdPerDay: 0,
    condorVixExposureUsd: 0,
    hedgeVixExposureUsd: 0,
    hedgeRatio: undefined,
    buyingPowerUsedUsd: 0,
    ...shape(i, start + i),
  }));
  // The curve every recording keeps, here the daily records' own closes.
  const curve = { days: Int32Array.from(daily, (d) => d.day), equityUsd: Float64Array.from(daily, (d) => d.equityUsd), hedgePnlUsd: Float64Array.from(daily, (d) => d.hedgePnlUsd) };
  return { config: parseStrategyConfig({ name }, 'test'), recording: 'full', daily, trades: [], decisions: [], ledger: [], curve, decisionCounts: {}, hedgePremiumPaidUsd: 0, pnlByGroupUsd: {}, condorRolls: rolls, deferredRolls: 0 };
}

describe('claims check', () => {
  it('claim 1: deep unhedged drawdowns in both tail windows are supported, one is not', () => {
    const crash = (dates: string[]) => (_: number, day: number) => ({ equityUsd: dates.some((d) => day >= dayFromIso(d) && day < dayFromIso(d) + 10) ? 600_000 : 1_000_000 });
    const both = checkClaims(new Map([['unhedged', result('unhedged', '2017-01-01', 1400, crash(['2018-02-06', '2020-03-10']))]]), claimsConfig)[0]!;
    expect(both.verdict).toBe('supported');
    expect(both.figures['maxDrawdown2018-02']).toBeCloseTo(0.4, 12);
    const one = checkClaims(new Map([['unhedged', result('unhedged', '2017-01-01', 1400, crash(['2018-02-06']))]]), claimsConfig)[0]!;
    expect(one.verdict).toBe('not supported');
    const short = checkClaims(new Map([['unhedged', result('unhedged', '2019-01-01', 100, () => ({}))]]), claimsConfig)[0]!;
    expect(short.verdict).toBe('not measurable');
  });

  it('claim 2: VIX upside capture against an equal-notional VIX position', () => {
    // 20 VIX calls held at the start with VIX at 15: notional 20 x 100 x 15 = 30k USD. VIX doubles
    // (15 -> 30): spot VIX of that notional gains 30k (20 x 100 x 15 points). The hedge, worth only 4k in
    // premium, gains 19.5k: 65 % of the 30k. (Its premium would give 488 %, the wrong yardstick.)
    const r = result('alvh-ladder', '2018-01-01', 60, (_, day) => {
      const after = day >= dayFromIso('2018-02-05');
      return { hedgeValueUsd: 4_000, hedgeVixNotionalUsd: 20 * 100 * (after ? 30 : 15), vixClose: after ? 30 : 15, hedgePnlUsd: after ? 19_500 : 0 };
    });
    const c = checkClaims(new Map([['alvh-ladder', r]]), claimsConfig)[1]!;
    expect(c.figures.captureFraction).toBeCloseTo(0.65, 12);
    expect(c.verdict).toBe('supported');
    const noHedge = checkClaims(new Map([['alvh-ladder', result('alvh-ladder', '2018-01-01', 60, () => ({}))]]), claimsConfig)[1]!;
    expect(noHedge.verdict).toBe('not measurable');
  });

  it('measures claims 1 and 2 again on the fully allocated book, each right after its measure on the risk-sized book', () => {
    // The terminal and the report number the claims: 1, 2, 1, 2, 3 ... read as a numbering error.
    const flat = (name: string) => result(name, '2017-01-01', 1400, () => ({}));
    const claims = checkClaims(new Map(['unhedged', 'unhedged-full', 'alvh-ladder', 'alvh-ladder-full', 'fixed-rr'].map((n) => [n, flat(n)])), claimsConfig);
    expect(claims.map((c) => c.id)).toEqual([1, 1, 2, 2, 3, 4, 5, 6]);
    expect(claims.map((c) => c.claim.endsWith(`${FULL_BOOK_LABEL}.`))).toEqual([false, true, false, true, false, false, false, false]);
    // Without the fully allocated presets each claim is measured once.
    expect(checkClaims(new Map([['alvh-ladder', flat('alvh-ladder')]]), claimsConfig).map((c) => c.id)).toEqual([1, 2, 3, 4, 5, 6]);
  });

  it('claims 3 and 4: hedge P&L in March 2020 and over 2022', () => {
    const r = result('alvh-ladder', '2020-01-01', 1200, (_, day) => ({
      hedgePnlUsd: day >= dayFromIso('2020-03-16') && day < dayFromIso('2022-01-01') ? 50_000 : day >= dayFromIso('2022-01-01') ? 50_000 - (day - dayFromIso('2022-01-01')) * 30 : 0,
    }));
    const [, , march, y2022] = checkClaims(new Map([['alvh-ladder', r]]), claimsConfig);
    expect(march!.verdict).toBe('supported');
    // 2022 loses 30 USD a day over a year: about 10.9k, 1.1 % of 1M: modest.
    expect(y2022!.verdict).toBe('supported');
    expect(Number(y2022!.figures.shareOfEquity)).toBeLessThan(0);
  });

  it('claims 3 and 4 are not measured on part of their window', () => {
    // The hedge loses 100 USD a day from 2020-03-01 to 2020-03-10 and gains 2,000 a day after: over the
    // whole of March it gains. A run ending 2020-03-10 holds only the losing days: once judged "not
    // supported" on them, it is now not measurable and says where the run ends.
    const march = (n: number) => result('alvh-ladder', '2020-02-01', n, (_, day) => ({ hedgePnlUsd: day <= dayFromIso('2020-03-10') ? -100 * Math.max(day - dayFromIso('2020-03-01'), 0) : -900 + 2_000 * (day - dayFromIso('2020-03-10')) }));
    const cut = checkClaims(new Map([['alvh-ladder', march(39)]]), claimsConfig)[2]!; // 2020-02-01 .. 2020-03-10
    expect(cut.verdict).toBe('not measurable');
    expect(cut.reason).toBe("the ladder variant does not cover March 2020 whole: the run ends 2020-03-10, before the window's last session 2020-03-31");
    const whole = checkClaims(new Map([['alvh-ladder', march(60)]]), claimsConfig)[2]!; // to 2020-03-31
    expect(whole.verdict).toBe('supported');
    // 2022 cut at 2022-03-31: a loss of 30 USD a day, 2.7k by then (0.27 %, "modest"), 10.9k over the year.
    const y2022 = (to: string) => result('alvh-ladder', '2021-12-01', dayFromIso(to) - dayFromIso('2021-12-01') + 1, (_, day) => ({ hedgePnlUsd: -30 * Math.max(day - dayFromIso('2022-01-01'), 0) }));
    expect(checkClaims(new Map([['alvh-ladder', y2022('2022-03-31')]]), claimsConfig)[3]!.reason).toMatch(/does not cover 2022 whole: the run ends 2022-03-31, before the window's last session 2022-12-30/);
    // 2022-12-31 is a Saturday: a run whose last close is the year's last session, 2022-12-30, covers 2022.
    expect(checkClaims(new Map([['alvh-ladder', y2022('2022-12-30')]]), claimsConfig)[3]!.verdict).toBe('supported');
  });

  it('a window is covered from its first NYSE session to its last', () => {
    const days = (from: string, to: string) => result('x', from, dayFromIso(to) - dayFromIso(from) + 1, () => ({})).daily;
    const [from, to] = [dayFromIso('2020-03-01'), dayFromIso('2020-03-31')];
    // 2020-03-01 is a Sunday: the window's first session is Monday 2020-03-02.
    expect(windowNotCovered(days('2020-03-02', '2020-03-31'), from, to)).toBeUndefined();
    expect(windowNotCovered(days('2020-03-03', '2020-03-31'), from, to)).toBe("the run starts 2020-03-03, after the window's first session 2020-03-02");
    expect(windowNotCovered(days('2020-02-03', '2020-03-30'), from, to)).toBe("the run ends 2020-03-30, before the window's last session 2020-03-31");
    expect(windowNotCovered([], from, to)).toBe('the run recorded no close');
  });

  it('claim 5: roll frequency against fixed R:R', () => {
    const ladder = result('alvh-ladder', '2010-01-01', 730, () => ({}), 4);
    const fixed = result('fixed-rr', '2010-01-01', 730, () => ({}), 20);
    expect(checkClaims(new Map([['alvh-ladder', ladder], ['fixed-rr', fixed]]), claimsConfig)[4]!.verdict).toBe('supported');
    expect(checkClaims(new Map([['alvh-ladder', fixed], ['fixed-rr', ladder]]), claimsConfig)[4]!.verdict).toBe('not supported');
    // Three months: 1 roll against 3 would read as 4.1 against 12.2 a year; under a year is not measured.
    const short = checkClaims(new Map([['alvh-ladder', result('alvh-ladder', '2010-01-01', 90, () => ({}), 1)], ['fixed-rr', result('fixed-rr', '2010-01-01', 90, () => ({}), 3)]]), claimsConfig)[4]!;
    expect(short.verdict).toBe('not measurable');
    expect(short.reason).toBe('the run spans 0.24 years; rolls a year are compared over at least 1.0');
  });

  it('claim 6: quiet-month drag against 0.15 % of equity', () => {
    const cheap = result('alvh-ladder', '2017-01-01', 365, (i) => ({ hedgePnlUsd: -i * 40 })); // ~1.2k a month = 0.12 %
    const dear = result('alvh-ladder', '2017-01-01', 365, (i) => ({ hedgePnlUsd: -i * 100 })); // ~3k a month = 0.3 %
    expect(checkClaims(new Map([['alvh-ladder', cheap]]), claimsConfig)[5]!.verdict).toBe('supported');
    expect(checkClaims(new Map([['alvh-ladder', dear]]), claimsConfig)[5]!.verdict).toBe('not supported');
    // A hedge that gained a few dollars a month: a drag of -0.00004 %, printed as 0.000 %, not "-0.000 %".
    const gaining = result('alvh-ladder', '2017-01-01', 365, (i) => ({ hedgePnlUsd: i * 0.01 }));
    expect(checkClaims(new Map([['alvh-ladder', gaining]]), claimsConfig)[5]!.measured).toMatch(/^mean hedge drag 0\.000 % of equity a month/);
  });

  it("claim 6 shows, beside the drag, the premium the drag cap counted in the same months", () => {
    // 2017: a hedge losing 100 USD a day (about 3,000 a month, 0.3 % of 1M: the claim is not supported),
    // while the drag cap counted 1,000 + 500 = 1,500 USD in January (0.15 %: within) and 2,000 in
    // March (0.2 %: over), nothing in the other ten months. Mean (1,500 + 2,000) / 12 / 1M = 0.0292 %.
    const r = result('alvh-ladder', '2017-01-01', 365, (i) => ({ hedgePnlUsd: -i * 100 }));
    const decision = (iso: string, usd: number) => ({ day: dayFromIso(iso), action: 'add-layer' as const, rule: 'hedge.layer1.divergence', reason: '', group: 'hedge-1', figures: { premiumUsd: usd, dragCapCountedUsd: usd } });
    const withCounts = { ...r, decisions: [decision('2017-01-05', 1_000), decision('2017-01-20', 500), decision('2017-03-10', 2_000), { ...decision('2017-05-02', 900), figures: { premiumUsd: 900 } }] };
    const c = checkClaims(new Map([['alvh-ladder', withCounts]]), claimsConfig)[5]!;
    expect(c.verdict).toBe('not supported');
    expect(c.figures.meanMonthlyDragCapCountedFraction).toBeCloseTo(3_500 / 12 / 1_000_000, 12);
    expect(c.figures.monthsDragCapCountedWithinCap).toBe(11);
    expect(c.measured).toMatch(/; premium the drag cap counted in those months 0\.029 % a month, 11 within 0\.15 %$/);
    // A run recorded for its metrics only has no decisions: the figure is left out, not shown as 0.
    const metricsOnly = checkClaims(new Map([['alvh-ladder', { ...withCounts, recording: 'metrics' as const }]]), claimsConfig)[5]!;
    expect(metricsOnly.measured).not.toMatch(/drag cap counted/);
    expect(metricsOnly.figures.meanMonthlyDragCapCountedFraction).toBeUndefined();
  });

  it('claim 6 counts whole months only, and at least twelve of them', () => {
    // 2017-01-01 .. 2018-01-10: twelve whole months at 40 USD a day (0.11-0.124 % a month), then ten days of
    // January 2018 at 1,000 USD a day. Counted as a month, those ten days (1 % of equity) lifted the mean
    // to 0.19 %, over the cap; January 2018 is now left out as a month the run covers in part.
    const r = result('alvh-ladder', '2017-01-01', 375, (i, day) => ({ hedgePnlUsd: day < dayFromIso('2018-01-01') ? -i * 40 : -364 * 40 - (day - dayFromIso('2017-12-31')) * 1_000 }));
    const c = checkClaims(new Map([['alvh-ladder', r]]), claimsConfig)[5]!;
    expect(c.verdict).toBe('supported');
    expect(c.figures).toMatchObject({ quietMonths: 12, partialQuietMonthsLeftOut: 1 });
    expect(c.measured).toMatch(/over 12 quiet months; 12 within 0\.15 %; premium the drag cap counted in those months 0\.000 % a month, 12 within 0\.15 % \(1 quiet month the run covers only in part left out\)$/);
    // Eleven whole months (to 2017-11-30, plus a December cut at the 15th): not measurable.
    const short = checkClaims(new Map([['alvh-ladder', result('alvh-ladder', '2017-01-01', 349, (i) => ({ hedgePnlUsd: -i * 40 }))]]), claimsConfig)[5]!;
    expect(short.verdict).toBe('not measurable');
    expect(short.reason).toBe('11 whole quiet months in the run, fewer than the 12 a verdict needs (1 quiet month the run covers only in part left out)');
  });
});

describe('variant summary', () => {
  it('measures stress windows only when the run covers them', () => {
    const r = result('x', '2018-01-01', 100, (i) => ({ equityUsd: 1_000_000 + i * 100 }));
    const s = summariseVariant(r, ZERO_RISK_FREE_RETURN);
    const feb = s.windows.find((w) => w.window.id === '2018-02')!;
    expect(feb.metrics).toBeDefined();
    expect(s.windows.find((w) => w.window.id === '2022')!.metrics).toBeUndefined();
    // A run ending 2018-02-15 does not cover February 2018 whole: no figures under its name.
    const cut = summariseVariant(result('x', '2018-01-01', 46, () => ({})), ZERO_RISK_FREE_RETURN);
    expect(cut.windows.find((w) => w.window.id === '2018-02')!.metrics).toBeUndefined();
    // One starting on 2018-02-05, after the window's first session (2018-02-01), neither (it used to count
    // when it started within a week of the window).
    expect(summariseVariant(result('x', '2018-02-05', 60, () => ({})), ZERO_RISK_FREE_RETURN).windows.find((w) => w.window.id === '2018-02')!.metrics).toBeUndefined();
  });

  it('without the stress windows (the sweep\'s summary) every other figure is the same', () => {
    const r = result('x', '2018-01-01', 100, (i) => ({ equityUsd: 1_000_000 + i * 100 - (i % 7) * 900 }));
    const full = summariseVariant(r, constantRiskFreeReturn(0.01));
    const lean = summariseVariant(r, constantRiskFreeReturn(0.01), { windows: false });
    expect(lean.windows).toEqual([]);
    expect(full.windows.length).toBeGreaterThan(0);
    expect(JSON.stringify({ ...lean, windows: full.windows })).toBe(JSON.stringify(full));
  });
});
