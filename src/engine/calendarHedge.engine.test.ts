/**
 * Cboe VXTH on a constructed market (src/engine/testing/constructedMarket.ts): an SPX underlying leg
 * (`underlyingLeg`) and the calendar-triggered VIX call hedge (`hedge.trigger: calendar-weight`).
 *
 * Market: SPX 4000 flat, spot VIX 20 and a VIX futures curve F = VIX + (20 - VIX)(1 - e^(-d/60)), so
 * every future is 20 while VIX is 20; VIX calls Black-76 on F at a vol of vol 0.9; fills at mid, no fees
 * (as the preset: an index has no costs); zero rates. The constructed VIX expiries fall 30 days before
 * the next month's third Friday: 2021-01-20 is one (a Wednesday), the next is 2021-02-17.
 */
import { describe, expect, it } from 'vitest';
import { black76Price } from '../pricing/black76.js';
import { parseStrategyConfig, type StrategyConfigInput } from '../strategy/config.js';
import { dayFromIso } from '../time/day.js';
import { runBacktest } from './backtest.js';
import { ConstructedMarket, quietSignals, type ConstructedPathPoint } from './testing/constructedMarket.js';

const START = dayFromIso('2021-01-04');
/** USD sums of fills agree to a millionth of a dollar. */
const USD_TOLERANCE = 1e-6;

const vxth: StrategyConfigInput = {
  name: 'vxth-test',
  structure: 'custom',
  customLegs: [],
  underlyingLeg: { index: 'spx-total-return' },
  hedge: { trigger: 'calendar-weight' },
  sizing: { allowFractionalContracts: true },
  execution: { fillShareOfHalfSpread: 0, vixOptionFeePerContractUsd: 0, interestOnCash: false },
};

function run(path: readonly ConstructedPathPoint[], dividendYield = 0, config: StrategyConfigInput = vxth) {
  const market = new ConstructedMarket({ startDay: START, path, dividendYield });
  return { market, result: runBacktest({ config: parseStrategyConfig(config, 'test'), days: market.days, marketOn: market.marketOn, signalsOn: () => quietSignals() }) };
}

describe('VXTH: underlying leg and calendar-weight hedge', () => {
  // 40 trading days: 2021-01-04 .. 2021-02-26; VIX 20 until 2021-02-16, then 30 on 2021-02-17 (the second roll).
  const days = 40;
  const path = Array.from({ length: days }, (_, i) => ({ spx: 4000, vix: i < 32 ? 20 : 30 }));
  const { market, result } = run(path);
  const rollDay = dayFromIso('2021-01-20');

  it('day 0 buys the underlying with all the equity: 1,000,000 / 4000 = 250 SPX units', () => {
    const first = result.decisions.find((d) => d.rule === 'underlying.initialPurchase')!;
    expect(first.day).toBe(START);
    expect(Number(first.figures.units)).toBeCloseTo(250, 9);
  });

  it('on the VIX expiration day the front future (20) is in the 15-30 band: 1 % of equity, 10,000 USD, in 30-delta M1 calls', () => {
    expect(market.marketOn(rollDay)!.vixExpiresToday).toBe(true);
    const add = result.decisions.find((d) => d.action === 'add-layer' && d.group !== undefined)!;
    expect(add.day).toBe(rollDay);
    expect(add.figures.weightFraction).toBe(0.01);
    // M1 on 2021-01-20 is 2021-02-17 (28 days), F = 20. The 30-delta strike at sd = 0.9 sqrt(28/365) = 0.249:
    // d1 = -0.524 -> ln(20/K) = -0.524 x 0.249 - 0.249^2 / 2 = -0.161: K = 23.5 on the 0.5 grid. Mid = Black-76
    // (about 0.95): contracts = 10,000 / (mid x 100), about 105; premium 10,000 USD exactly (fractional units).
    const strike = Number(add.figures.strike);
    expect(strike).toBe(23.5);
    const mid = black76Price('call', 20, strike, 0.9 * Math.sqrt(28 / 365), 1);
    expect(Number(add.figures.contracts)).toBeCloseTo(10_000 / (mid * 100), 9);
    expect(Math.abs(Number(add.figures.premiumUsd) - 10_000)).toBeLessThan(USD_TOLERANCE);
  });

  it('the underlying is reset on the roll to the equity not in calls: 990,000 USD = 247.5 units', () => {
    const reset = result.decisions.find((d) => d.rule === 'underlying.rebalanceOnRoll' && d.day === rollDay)!;
    expect(Number(reset.figures.units)).toBeCloseTo(-2.5, 9);
    expect(Number(reset.figures.targetUsd)).toBeCloseTo(990_000, 6);
  });

  it('the calls are held to expiry and settle at the VIX open on 2021-02-17 (VIX 30: 30 - 23.5 = 6.5 points each)', () => {
    const settle = result.decisions.filter((d) => d.action === 'settle');
    expect(settle.map((d) => d.day)).toEqual([dayFromIso('2021-02-17')]);
    expect(settle[0]!.figures.intrinsicPoints).toBeCloseTo(6.5, 9);
    const trade = result.trades.find((t) => t.kind === 'hedge-layer')!;
    const contracts = trade.contracts;
    expect(Math.abs(trade.pnlUsd - (contracts * 6.5 * 100 - 10_000))).toBeLessThan(USD_TOLERANCE);
    // No cash-and-rebuy, no roll: between the two expiration days nothing else is traded.
    expect(result.decisions.filter((d) => d.action === 'cash-layer' || d.action === 'roll-layer')).toHaveLength(0);
  });

  it('at the second roll the front future is 30 + (20 - 30)(1 - e^(-28/60)) = 26.27: still the 1 % band', () => {
    const adds = result.decisions.filter((d) => d.action === 'add-layer' && d.group !== undefined);
    expect(adds.map((d) => d.day)).toEqual([rollDay, dayFromIso('2021-02-17')]);
    expect(Number(adds[1]!.figures.frontFuturePoints)).toBeCloseTo(30 - 10 * (1 - Math.exp(-28 / 60)), 9);
  });

  it('without the hedge the equity is the underlying alone: SPX flat, no dividends, equity flat at 1,000,000', () => {
    const { result: plain } = run(path, 0, { ...vxth, hedge: { enabled: false } });
    expect(Math.abs(plain.daily[plain.daily.length - 1]!.equityUsd - 1_000_000)).toBeLessThan(USD_TOLERANCE);
  });
});

describe('VXTH: a VIX expiration day in the schedule\'s 0 % band buys no calls', () => {
  // VIX 12 throughout: on the 2021-01-20 expiration day M1 (2021-02-17, 28 days) is
  // F = 12 + (20 - 12)(1 - e^(-28/60)) = 14.98, at most 15: the schedule's weight is 0. No call is
  // bought: the decision is a skipped layer naming the weight rule, and the underlying keeps all the
  // equity (1,000,000 USD = 250 units at SPX 4000, nothing to reset).
  const path = Array.from({ length: 15 }, () => ({ spx: 4000, vix: 12 }));
  const { result } = run(path);

  it('logs skip-layer with the weight rule and its front future, and trades no call', () => {
    const day = result.decisions.filter((d) => d.day === dayFromIso('2021-01-20') && d.rule === 'hedge.calendarWeight');
    expect(day.map((d) => [d.action, d.figures.weightFraction])).toEqual([['skip-layer', 0]]);
    expect(Number(day[0]!.figures.frontFuturePoints)).toBeCloseTo(12 + 8 * (1 - Math.exp(-28 / 60)), 9);
    expect(result.decisions.some((d) => d.action === 'add-layer')).toBe(false);
    expect(result.trades.some((t) => t.kind === 'hedge-layer')).toBe(false);
    expect(Math.abs(result.daily[result.daily.length - 1]!.equityUsd - 1_000_000)).toBeLessThan(USD_TOLERANCE);
  });
});

describe('a total-return underlying leg reinvests its dividends', () => {
  it('250 units at 4000 over one night (Mon -> Tue) at a 2 % yield: 1,000,000 x (e^(0.02/365) - 1) = 54.80 USD', () => {
    const { result } = run([{ spx: 4000, vix: 20 }, { spx: 4000, vix: 20 }], 0.02, { ...vxth, hedge: { enabled: false } });
    const dividends = result.ledger.filter((e) => e.kind === 'dividend');
    expect(dividends).toHaveLength(1);
    expect(Math.abs(dividends[0]!.amountUsd - 1_000_000 * (Math.exp(0.02 / 365) - 1))).toBeLessThan(USD_TOLERANCE);
    expect(dividends[0]!.amountUsd).toBeCloseTo(54.796, 3);
    // ...and buys 54.796 / 4000 = 0.0137 more SPX units with it: cash stays at zero.
    const reinvest = result.ledger.filter((e) => e.kind === 'index-trade' && e.rule === 'underlying.reinvestDividend');
    expect(reinvest).toHaveLength(1);
    expect(Math.abs(reinvest[0]!.amountUsd + dividends[0]!.amountUsd)).toBeLessThan(USD_TOLERANCE);
    expect(Math.abs(result.daily[result.daily.length - 1]!.cashUsd)).toBeLessThan(USD_TOLERANCE);
  });

  it('a price-only underlying leg receives none', () => {
    const { result } = run([{ spx: 4000, vix: 20 }, { spx: 4000, vix: 20 }], 0.02, { ...vxth, underlyingLeg: { index: 'spx-price' }, hedge: { enabled: false } });
    expect(result.ledger.filter((e) => e.kind === 'dividend')).toHaveLength(0);
  });
});
