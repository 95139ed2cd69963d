/**
 * Cboe PPUT on a constructed market (src/engine/testing/constructedMarket.ts): a total-return SPX
 * underlying leg and one long 5 %-out-of-the-money put per unit, bought in packages on each monthly roll
 * date (`sizing.mode: underlying-units`).
 *
 * Market: flat implied vol VIX / 100 = 0.20, zero rates and dividends, a 5-point strike grid, AM expiries
 * on the third Fridays (2021-01-15, 2021-02-19). Fills at mid at the close, no fees (the preset's index
 * terms, with the roll at the close instead of 11:00 so that every figure is worked from the close).
 */
import { describe, expect, it } from 'vitest';
import { black76Price } from '../pricing/black76.js';
import { parseStrategyConfig, type StrategyConfigInput } from '../strategy/config.js';
import { dayFromIso } from '../time/day.js';
import { runBacktest } from './backtest.js';
import { ConstructedMarket, quietSignals, type ConstructedPathPoint } from './testing/constructedMarket.js';

const START = dayFromIso('2021-01-04');
const JAN_EXPIRY = dayFromIso('2021-01-15');
const FEB_EXPIRY = dayFromIso('2021-02-19');
/** USD sums agree to a millionth of a dollar. */
const USD_TOLERANCE = 1e-6;

const pput: StrategyConfigInput = {
  name: 'pput-test',
  structure: 'custom',
  customLegs: [{ id: 'longPut', underlying: 'SPX', side: 'long', type: 'put', strike: { by: 'moneyness', moneynessFraction: -0.05 }, expiry: { by: 'nextStandardMonthly', minDteDays: 1 } }],
  underlyingLeg: { index: 'spx-total-return' },
  entry: { mode: 'calendar', calendarCycle: 'monthly-roll-date', maxOpenCondors: 1 },
  sizing: { mode: 'underlying-units', allowFractionalContracts: true },
  management: { mode: 'hold-to-expiry' },
  hedge: { enabled: false },
  execution: { fillShareOfHalfSpread: 0, spxOptionFeePerContractUsd: 0, interestOnCash: false },
};

/** The constructed market's put: Black-76 on F = S (zero rates), sd = 0.20 sqrt(days / 365). */
const putMid = (spot: number, strike: number, days: number) => black76Price('put', spot, strike, 0.2 * Math.sqrt(days / 365), 1);

describe('PPUT: packages of one SPX unit and one 5 % out-of-the-money put', () => {
  // 2021-01-04 .. 2021-01-14 at 4000 (9 days); 2021-01-15 opens, settles and closes at 3700 (inside a
  // 3690-3710 day, so the open is a print); then 3700 to 2021-01-22.
  const path: ConstructedPathPoint[] = [
    ...Array.from({ length: 9 }, () => ({ spx: 4000, vix: 20 })),
    { spx: 3700, vix: 20, spxOpen: 3700, spxHigh: 3710, spxLow: 3690 },
    ...Array.from({ length: 5 }, () => ({ spx: 3700, vix: 20 })),
  ];
  const market = new ConstructedMarket({ startDay: START, path });
  const result = runBacktest({ config: parseStrategyConfig(pput, 'test'), days: market.days, marketOn: market.marketOn, signalsOn: () => quietSignals() });
  // Day 0: strike 0.95 x 4000 = 3800, 11 days to 2021-01-15; the put costs P1 = 4.18 points
  // (ln(3800 / 4000) = -0.0513 against sd = 0.2 sqrt(11 / 365) = 0.0347: 1.5 sd out of the money).
  const p1 = putMid(4000, 3800, 11);
  const contracts1 = 1_000_000 / ((4000 + p1) * 100);
  const units1 = contracts1 * 100;

  it('day 0 buys 1,000,000 / ((4000 + P1) x 100) contracts of the 3800 put and as many hundred SPX units', () => {
    expect(p1).toBeCloseTo(4.176, 3);
    const entry = result.decisions.find((d) => d.action === 'enter-condor' && d.day === START)!;
    expect(entry.reason).toContain('long put 3800 2021-01-15');
    expect(Number(entry.figures.contracts)).toBeCloseTo(contracts1, 9);
    const units = result.decisions.find((d) => d.rule === 'sizing.underlyingUnits' && d.day === START)!;
    expect(Number(units.figures.units)).toBeCloseTo(units1, 9);
    // No purchase of the underlying with all the equity before it: the packages are the first trade.
    expect(result.decisions.filter((d) => d.rule === 'underlying.initialPurchase')).toHaveLength(0);
    // Fully invested: cash = 1,000,000 - 249.739 units x 4000 - contracts x 100 x P1 = 0.
    expect(Math.abs(result.daily[0]!.cashUsd)).toBeLessThan(USD_TOLERANCE);
    expect(Math.abs(result.daily[0]!.equityUsd - 1_000_000)).toBeLessThan(USD_TOLERANCE);
  });

  it("the day's delta counts the SPX units beside the puts: 249.739 USD a point, less the puts' 100 x contracts x |put delta|", () => {
    // Day 1 (2021-01-05): SPX 4000, 10 days to the 3800 put. Its delta from the constructed market's
    // Black-76 quote: N(d1) - 1 with d1 = ln(4000 / 3800) / sd + sd / 2, sd = 0.2 sqrt(10 / 365).
    const sd = 0.2 * Math.sqrt(10 / 365);
    const putDelta = market.marketOn(START + 1)!.priceSpxOption('put', 3800, JAN_EXPIRY).delta;
    expect(putDelta).toBeLessThan(0);
    expect(Math.log(4000 / 3800) / sd + sd / 2).toBeGreaterThan(1.5);
    const day1 = result.daily.find((d) => d.day === START + 1)!;
    expect(day1.spxDeltaUsdPerPoint).toBeCloseTo(units1 + contracts1 * 100 * putDelta, 9);
    // About 249.7 - 0.05 x 249.7: the package is long SPX, the put taking a few percent off.
    expect(day1.spxDeltaUsdPerPoint).toBeGreaterThan(0.9 * units1);
  });

  it('the put settles at the 3700 open for 100 points: the package is worth 3700 + 100 = 3800, the floor', () => {
    const settle = result.decisions.find((d) => d.action === 'settle' && d.day === JAN_EXPIRY)!;
    expect(settle.figures.intrinsicPoints).toBeCloseTo(100, 9);
    const trade = result.trades.find((t) => t.legs.includes('long put 3800'))!;
    expect(Math.abs(trade.pnlUsd - contracts1 * 100 * (100 - p1))).toBeLessThan(USD_TOLERANCE);
    // Equity at the close of the expiry day: units x 3800 = 1,000,000 x 3800 / (4000 + P1), a loss of
    // (200 + P1) / (4000 + P1) = 5.10 %, against 7.5 % for the index alone.
    const jan15 = result.daily.find((d) => d.day === JAN_EXPIRY)!;
    expect(Math.abs(jan15.equityUsd - units1 * 3800)).toBeLessThan(USD_TOLERANCE);
  });

  it('the roll on the expiry day buys new packages with that equity: the 3515 put (0.95 x 3700) of 2021-02-19', () => {
    // 35 days to 2021-02-19; contracts = units1 x 3800 / ((3700 + P2) x 100).
    const p2 = putMid(3700, 3515, 35);
    const contracts2 = (units1 * 3800) / ((3700 + p2) * 100);
    const entry = result.decisions.find((d) => d.action === 'enter-condor' && d.day === JAN_EXPIRY)!;
    expect(entry.rule).toBe('entry.calendarMonthlyRollDate');
    expect(entry.reason).toContain(`long put 3515 ${'2021-02-19'}`);
    expect(Number(entry.figures.contracts)).toBeCloseTo(contracts2, 9);
    const reset = result.decisions.find((d) => d.rule === 'sizing.underlyingUnits' && d.day === JAN_EXPIRY)!;
    // The units fall by the new puts' cost: from units1 to contracts2 x 100.
    expect(Number(reset.figures.units)).toBeCloseTo(contracts2 * 100 - units1, 9);
    expect(Number(reset.figures.level)).toBe(3700);
    const jan15 = result.daily.find((d) => d.day === JAN_EXPIRY)!;
    expect(Math.abs(jan15.cashUsd)).toBeLessThan(USD_TOLERANCE);
    expect(market.marketOn(FEB_EXPIRY)).toBeUndefined();
  });
});

describe('PPUT with the roll at 11:00 ET, as the preset runs', () => {
  it("buys the packages at the 11:00 estimate of SPX, 3974 + (90 / 390) x (4000 - 3974) = 3980: strike 0.95 x 3980 = 3781 -> 3780", () => {
    const path: ConstructedPathPoint[] = [{ spx: 4000, vix: 20, spxOpen: 3974, spxHigh: 4010, spxLow: 3970 }, { spx: 4000, vix: 20 }];
    const market = new ConstructedMarket({ startDay: START, path });
    const config = parseStrategyConfig({ ...pput, execution: { ...pput.execution, rollFillTime: 'intraday', intradayFillTimeEt: '11:00' } }, 'test');
    const result = runBacktest({ config, days: market.days, marketOn: market.marketOn, signalsOn: () => quietSignals() });
    const entry = result.decisions.find((d) => d.action === 'enter-condor')!;
    expect(entry.reason).toContain('long put 3780 2021-01-15');
    expect(Number(entry.figures.spxFillLevelPoints)).toBeCloseTo(3980, 9);
    const reset = result.decisions.find((d) => d.rule === 'sizing.underlyingUnits')!;
    expect(Number(reset.figures.level)).toBeCloseTo(3980, 9);
    expect(Number(reset.figures.units)).toBeCloseTo(Number(entry.figures.contracts) * 100, 9);
    // Bought at 3980 and marked at the 4000 close: the day gains 20 points on each unit, less the put's
    // fall from its 11:00 price to its close price.
    expect(result.daily[0]!.equityUsd).toBeGreaterThan(1_000_000);
  });
});
