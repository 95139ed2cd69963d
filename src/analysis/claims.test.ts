import { describe, expect, it } from 'vitest';
import { parseStrategyConfig } from '../strategy/config.js';
import type { BacktestResult } from '../engine/backtest.js';
import type { DailyRecord } from '../engine/records.js';
import { dayFromIso } from '../time/day.js';
import { checkClaims, ClaimsCheckConfigSchema } from './claims.js';
import { summariseVariant } from './variantSummary.js';

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

  it('claim 5: roll frequency against fixed R:R', () => {
    const ladder = result('alvh-ladder', '2010-01-01', 730, () => ({}), 4);
    const fixed = result('fixed-rr', '2010-01-01', 730, () => ({}), 20);
    expect(checkClaims(new Map([['alvh-ladder', ladder], ['fixed-rr', fixed]]), claimsConfig)[4]!.verdict).toBe('supported');
    expect(checkClaims(new Map([['alvh-ladder', fixed], ['fixed-rr', ladder]]), claimsConfig)[4]!.verdict).toBe('not supported');
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
});

describe('variant summary', () => {
  it('measures stress windows only when the run covers them', () => {
    const r = result('x', '2018-01-01', 100, (i) => ({ equityUsd: 1_000_000 + i * 100 }));
    const s = summariseVariant(r, 0);
    const feb = s.windows.find((w) => w.window.id === '2018-02')!;
    expect(feb.metrics).toBeDefined();
    expect(s.windows.find((w) => w.window.id === '2022')!.metrics).toBeUndefined();
  });

  it('without the stress windows (the sweep\'s summary) every other figure is the same', () => {
    const r = result('x', '2018-01-01', 100, (i) => ({ equityUsd: 1_000_000 + i * 100 - (i % 7) * 900 }));
    const full = summariseVariant(r, 0.01);
    const lean = summariseVariant(r, 0.01, { windows: false });
    expect(lean.windows).toEqual([]);
    expect(full.windows.length).toBeGreaterThan(0);
    expect(JSON.stringify({ ...lean, windows: full.windows })).toBe(JSON.stringify(full));
  });
});
