/**
 * Settlement as the exchange does it, and intraday roll fills, on constructed markets worked by hand.
 *
 * Constructed market (src/engine/testing/constructedMarket.ts): SPX options Black-76 on spot at a flat
 * vol VIX/100 (VIX 20 -> 0.20), zero rates, half-spread min(0.25, mid/2), fills take half of it
 * (mid -/+ 0.125), fees 0.66 USD per contract, SPX strikes on a 5-point grid. Days from Monday
 * 2021-01-04 (day 0); the January standard monthly, Friday 2021-01-15 (day 9), is AM-settled.
 * The strategy sells one at-the-money put (moneyness 0) of the next standard monthly on the monthly roll
 * date, held to settlement.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { black76Price } from '../../pricing/black76.js';
import { normCdf, normPdf } from '../../pricing/normal.js';
import { parseStrategyConfig, type StrategyConfigInput } from '../../strategy/config.js';
import { dayFromIso } from '../../time/day.js';
import { runBacktest, type BacktestResult } from '../backtest.js';
import { ConstructedMarket, quietSignals, type ConstructedPathPoint } from '../testing/constructedMarket.js';
import { openingSettlement, settlementLabel } from './execution.js';
import { intradayFillMarket, sessionFractionAt } from './intradayFill.js';

const START = dayFromIso('2021-01-04');
const SETTLEMENT_DAY = dayFromIso('2021-01-15');
/** Prices computed two ways (engine, hand formula) agree to 1e-9 index points. */
const POINTS_TOLERANCE = 1e-9;
/** Cash amounts agree to a millionth of a dollar. */
const USD_TOLERANCE = 1e-6;

function run(path: readonly ConstructedPathPoint[], execution: NonNullable<StrategyConfigInput['execution']>): BacktestResult {
  const market = new ConstructedMarket({ startDay: START, path });
  const config: StrategyConfigInput = {
    name: 'settle',
    structure: 'custom',
    customLegs: [{ id: 'shortPut', underlying: 'SPX', side: 'short', type: 'put', strike: { by: 'moneyness', moneynessFraction: 0 }, expiry: { by: 'nextStandardMonthly', minDteDays: 1 } }],
    entry: { mode: 'calendar', calendarCycle: 'monthly-roll-date', maxOpenCondors: 1 },
    sizing: { mode: 'fixed-contracts', fixedContracts: 1 },
    management: { mode: 'hold-to-expiry' },
    hedge: { enabled: false },
    execution,
  };
  return runBacktest({ config: parseStrategyConfig(config, 'test'), days: market.days, marketOn: market.marketOn, signalsOn: () => quietSignals() });
}

/** Eight days flat at 4000 after day 0, then the settlement day (day 9). */
function pathTo(day8Close: number, settlementDay: ConstructedPathPoint): ConstructedPathPoint[] {
  return [...Array.from({ length: 8 }, () => ({ spx: 4000, vix: 20 })), { spx: day8Close, vix: 20 }, settlementDay];
}

function settlementOf(r: BacktestResult) {
  const decision = r.decisions.find((d) => d.action === 'settle' && d.day === SETTLEMENT_DAY)!;
  const trade = r.trades.find((t) => t.exitDay === SETTLEMENT_DAY)!;
  const cashUsd = r.ledger.filter((e) => e.kind === 'settlement' && e.day === SETTLEMENT_DAY).reduce((s, e) => s + e.amountUsd, 0);
  return { decision, trade, cashUsd };
}

describe('AM settlement judged by the settlement rule', () => {
  it('an open that repeats the previous close settles at the previous close clamped into the day', () => {
    // Day 8 closes at 4000; day 9's bundled open is that close again (no open given), its range is
    // 3950-3990 and it closes at 3960. The open is a copy: the estimate is clamp(4000, 3950, 3990) = 3990.
    // The short 4000 put settles 4000 - 3990 = 10 points in the money: -10 x 100 = -1,000 USD.
    // Taking the bundled open (4000) instead, it would expire worthless.
    const path = pathTo(4000, { spx: 3960, vix: 20, spxHigh: 3990, spxLow: 3950 });
    const estimated = settlementOf(run(path, {}));
    expect(estimated.decision.figures.settlementValue).toBe(3990);
    expect(estimated.decision.figures.settlementFlagged).toBe(true);
    expect(estimated.decision.figures.settlementSource).toBe('estimated');
    expect(estimated.decision.figures.settlementReason).toBe('open-equals-previous-close');
    expect(estimated.decision.reason).toContain('SPX special opening quotation: ESTIMATED: the bundled open repeats the previous close');
    expect(estimated.decision.reason).toContain('(open 4000.00, range 3950.00-3990.00, previous close 4000.00); FLAGGED');
    expect(estimated.trade.settlement).toBe('estimated: open-equals-previous-close');
    expect(Math.abs(estimated.cashUsd - -1000)).toBeLessThan(USD_TOLERANCE);

    const bundled = settlementOf(run(path, { amSettlementPrice: 'bundled-open' }));
    expect(bundled.decision.figures.settlementValue).toBe(4000);
    expect(bundled.decision.figures.settlementFlagged).toBe(true);
    expect(bundled.trade.settlement).toBe('open (flagged: equals the previous close)');
    expect(bundled.cashUsd).toBe(0);
  });

  it('an open outside the day\'s range settles at the previous close clamped into the range', () => {
    // Day 8 closes at 3950; day 9 prints an open of 4100 but trades 3975-4030 and closes at 3990. An
    // open above the day's high is no opening print: the estimate is clamp(3950, 3975, 4030) = 3975 (the
    // day gapped up past the previous close, so its low is where it started). The short 4000 put pays
    // 4000 - 3975 = 25 points: -2,500 USD. On the bundled open 4100 it would expire worthless.
    const path = pathTo(3950, { spx: 3990, vix: 20, spxOpen: 4100, spxHigh: 4030, spxLow: 3975 });
    const estimated = settlementOf(run(path, {}));
    expect(estimated.decision.figures.settlementValue).toBe(3975);
    expect(estimated.decision.figures.settlementReason).toBe('open-outside-range');
    expect(estimated.trade.settlement).toBe('estimated: open-outside-range');
    expect(Math.abs(estimated.cashUsd - -2500)).toBeLessThan(USD_TOLERANCE);
    const bundled = settlementOf(run(path, { amSettlementPrice: 'bundled-open' }));
    expect(bundled.decision.figures.settlementValue).toBe(4100);
    expect(bundled.decision.figures.settlementFlagged).toBe(false);
    expect(bundled.trade.settlement).toBe('open');
  });

  it('an open inside the range that is not the previous close is the settlement, unflagged', () => {
    // Day 9 opens at 3980 inside 3950-3995 after a 4000 close: a real print; the put pays 20 points.
    const path = pathTo(4000, { spx: 3990, vix: 20, spxOpen: 3980, spxHigh: 3995, spxLow: 3950 });
    const s = settlementOf(run(path, {}));
    expect(s.decision.figures.settlementValue).toBe(3980);
    expect(s.decision.figures.settlementFlagged).toBe(false);
    expect(s.trade.settlement).toBe('open');
    expect(Math.abs(s.cashUsd - -2000)).toBeLessThan(USD_TOLERANCE);
  });

  it('a VIX expiry is judged the same way on the VIX bar', () => {
    // VIX closed at 30; the bundled open repeats it, but the day traded 31-36 (it gapped up): the
    // estimate is clamp(30, 31, 36) = 31, flagged. A 28 call settles at 31 - 28 = 3, not 30 - 28 = 2.
    const market = new ConstructedMarket({ startDay: START, path: [{ spx: 4000, vix: 30 }, { spx: 3950, vix: 34, vixOpen: 30 }] });
    const day1 = { ...market.marketOn(market.days[1]!)!, vixHigh: 36, vixLow: 31, vixPreviousClose: 30, vixOpenIsPreviousClose: true };
    const price = openingSettlement(day1, 'VIX', 'estimate');
    expect(price).toMatchObject({ value: 31, basis: 'estimated', reason: 'open-equals-previous-close', flagged: true });
    expect(price.source).toContain('VIX special opening quotation: ESTIMATED');
    expect(openingSettlement(day1, 'VIX', 'bundled-open')).toMatchObject({ value: 30, basis: 'open', flagged: true });
  });

  it('a market without the day\'s range takes the open as it is and says so', () => {
    const market = new ConstructedMarket({ startDay: START, path: [{ spx: 4000, vix: 20 }, { spx: 3960, vix: 20 }] });
    const price = openingSettlement(market.marketOn(market.days[1]!)!, 'SPX', 'estimate');
    expect(price.value).toBe(4000);
    expect(price.reason).toBe('no-day-range');
    expect(price.flagged).toBe(true);
    expect(settlementLabel(price)).toBe('open (range unknown)');
  });
});

/** Black-76 put on spot (zero rates) and its delta and gamma, as the constructed market prices it. */
function put(spot: number, strike: number, sigma: number, tYears: number) {
  const sd = sigma * Math.sqrt(tYears);
  const d1 = Math.log(spot / strike) / sd + sd / 2;
  return { mid: black76Price('put', spot, strike, sd, 1), delta: normCdf(d1) - 1, gamma: normPdf(d1) / (spot * sd) };
}

describe('intraday roll fills', () => {
  // Day 0 (the first roll of the run) opens at 3950, trades 3940-4010 and closes at 4000.
  const path: ConstructedPathPoint[] = [{ spx: 4000, vix: 20, spxOpen: 3950, spxHigh: 4010, spxLow: 3940 }, ...Array.from({ length: 5 }, () => ({ spx: 4000, vix: 20 }))];

  it('11:00 ET is 90 of the 390 minutes of the session', () => {
    expect(sessionFractionAt('11:00')).toBeCloseTo(90 / 390, 15);
    expect(sessionFractionAt('09:30')).toBe(0);
    expect(sessionFractionAt('16:00')).toBe(1);
    expect(() => sessionFractionAt('17:00')).toThrow(/09:30-16:00/);
  });

  it('the roll fills at the 11:00 estimate of SPX, the close\'s quote moved there by delta and gamma', () => {
    // SPX at 11:00: open + (90/390)(close - open) = 3950 + 0.230769 x 50 = 3961.54 (inside 3940-4010).
    // The at-the-money strike is taken there: 3961.54 -> 3960 on the 5-point grid (at the close it is 4000).
    // The close's quote of the 3960 put, 11 days to 2021-01-15 at vol 0.20: mid 37.419, delta -0.3795,
    // gamma 0.002740. Moved by dS = 3961.54 - 4000 = -38.46: 37.419 + 14.596 + 2.027 = 54.041.
    // Sold at 54.041 - 0.125 = 53.916 (the same-close fill would be the 4000 put at 55.33 - 0.125).
    const r = run(path, { rollFillTime: 'intraday' });
    const entry = r.decisions.find((d) => d.action === 'enter-condor')!;
    const level = 3950 + (90 / 390) * 50;
    expect(Math.abs(Number(entry.figures.spxFillLevelPoints) - level)).toBeLessThan(POINTS_TOLERANCE);
    expect(entry.figures.rollFillTime).toBe('intraday 11:00 ET');
    expect(entry.reason).toContain('short put 3960');
    const q = put(4000, 3960, 0.2, 11 / 365);
    const dS = level - 4000;
    const expected = q.mid + q.delta * dS + 0.5 * q.gamma * dS * dS - 0.125;
    expect(expected).toBeCloseTo(53.916, 3);
    expect(Math.abs(Number(entry.figures.creditPoints) - expected)).toBeLessThan(POINTS_TOLERANCE);
    // The day's marks stay at the close: the position is marked on the close's quote of the 3960 put.
    const day0 = r.daily[0]!;
    expect(day0.spxClose).toBe(4000);

    const close = run(path, {});
    const closeEntry = close.decisions.find((d) => d.action === 'enter-condor')!;
    expect(closeEntry.reason).toContain('short put 4000');
    expect(closeEntry.figures.rollFillTime).toBeUndefined();
    expect(Math.abs(Number(closeEntry.figures.creditPoints) - (put(4000, 4000, 0.2, 11 / 365).mid - 0.125))).toBeLessThan(POINTS_TOLERANCE);
  });

  it('Cboe PUT\'s timing: the strike from the 11:00 level, the sale at the 11:45 level (the middle of its 11:30-12:00 VWAP)', () => {
    // Reference at 11:00: 3961.54, so the strike is 3960, as above. The sale at 11:45: open + (135/390)
    // (close - open) = 3950 + 0.346154 x 50 = 3967.31, dS = -32.69 from the close. The close's 3960 put
    // (mid 37.419, delta -0.3795, gamma 0.002740) moved there: 37.419 + 12.406 + 1.464 = 51.289, sold at
    // 51.164 (53.916 when sold at 11:00 as well: SPX rose from 11:00 to 11:45 and the put lost 2.75).
    const r = run(path, { rollFillTime: 'intraday', intradayReferenceTimeEt: '11:00', intradayFillTimeEt: '11:45' });
    const entry = r.decisions.find((d) => d.action === 'enter-condor')!;
    const reference = 3950 + (90 / 390) * 50;
    const fillLevel = 3950 + (135 / 390) * 50;
    expect(entry.reason).toContain('short put 3960');
    expect(entry.figures.rollFillTime).toBe('intraday 11:45 ET');
    expect(entry.figures.referenceTime).toBe('11:00 ET');
    expect(Math.abs(Number(entry.figures.spxReferenceLevelPoints) - reference)).toBeLessThan(POINTS_TOLERANCE);
    expect(Math.abs(Number(entry.figures.spxFillLevelPoints) - fillLevel)).toBeLessThan(POINTS_TOLERANCE);
    const q = put(4000, 3960, 0.2, 11 / 365);
    const dS = fillLevel - 4000;
    const expected = q.mid + q.delta * dS + 0.5 * q.gamma * dS * dS - 0.125;
    expect(expected).toBeCloseTo(51.164, 3);
    expect(Math.abs(Number(entry.figures.creditPoints) - expected)).toBeLessThan(POINTS_TOLERANCE);
    // Without a reference time both read the fill time's level: the 11:45 strike is 3965.
    const both = run(path, { rollFillTime: 'intraday', intradayFillTimeEt: '11:45' }).decisions.find((d) => d.action === 'enter-condor')!;
    expect(both.reason).toContain('short put 3965');
    expect(both.figures.referenceTime).toBeUndefined();
  });

  it('refuses a reference time beside an underlying leg, whose units are bought at the fill', () => {
    expect(() => parseStrategyConfig({ name: 'x', structure: 'custom', customLegs: [], underlyingLeg: { index: 'spx-total-return' }, execution: { rollFillTime: 'intraday', intradayReferenceTimeEt: '11:00' } }, 'test')).toThrow(/execution\.intradayReferenceTimeEt/);
    expect(() => parseStrategyConfig({ name: 'x', execution: { intradayReferenceTimeEt: '11:60' } }, 'test')).toThrow(/intradayReferenceTimeEt/);
  });

  it('a strike chosen by delta is the close\'s strike moved with spot (sticky moneyness)', () => {
    // The close's 25-delta put strike K scaled by 3961.54 / 4000 and snapped to the 5-point grid.
    const market = new ConstructedMarket({ startDay: START, path });
    const m = market.marketOn(START)!;
    const fill = intradayFillMarket(m, '11:00');
    const closeStrike = m.spxStrikeForDelta('put', 0.25, SETTLEMENT_DAY);
    expect(fill.market.spxStrikeForDelta('put', 0.25, SETTLEMENT_DAY)).toBe(Math.round((closeStrike * fill.spxFillLevelPoints) / 4000 / 5) * 5);
    expect(fill.market.spxClose).toBe(fill.spxFillLevelPoints);
    expect(fill.market.vixClose).toBe(m.vixClose);
  });

  it('a market without the day\'s range cannot place an intraday fill', () => {
    const market = new ConstructedMarket({ startDay: START, path: [{ spx: 4000, vix: 20 }] });
    expect(() => intradayFillMarket(market.marketOn(START)!, '11:00')).toThrow(/high and low/);
  });

  it('refuses intraday roll fills with next-open fills', () => {
    expect(() => parseStrategyConfig({ name: 'x', execution: { rollFillTime: 'intraday', fillTiming: 'next-open' } }, 'test')).toThrow(/execution\.rollFillTime/);
    expect(() => parseStrategyConfig({ name: 'x', execution: { intradayFillTimeEt: '8:00' } }, 'test')).toThrow(/intradayFillTimeEt/);
  });
});

describe('properties on random bars', () => {
  /** A day's bar around 4000 with the open anywhere (even outside the range) and a previous close. */
  const bar = fc
    .record({
      low: fc.double({ min: 3500, max: 4000, noNaN: true }),
      width: fc.double({ min: 0, max: 300, noNaN: true }),
      closeAt: fc.double({ min: 0, max: 1, noNaN: true }),
      open: fc.double({ min: 3300, max: 4500, noNaN: true }),
      previousClose: fc.double({ min: 3300, max: 4500, noNaN: true }),
    })
    .map((b) => ({ ...b, high: b.low + b.width, close: b.low + b.closeAt * b.width }));

  function viewOf(b: { low: number; high: number; close: number; open: number; previousClose: number }) {
    const market = new ConstructedMarket({ startDay: START, path: [{ spx: 4000, vix: 20 }, { spx: b.close, vix: 20, spxOpen: b.open, spxHigh: b.high, spxLow: b.low }] });
    return { ...market.marketOn(market.days[1]!)!, spxPreviousClose: b.previousClose };
  }

  it('a settlement judged by the rule lies inside the day\'s range, and is the open exactly when the open is a print', () => {
    fc.assert(
      fc.property(bar, (b) => {
        const price = openingSettlement(viewOf(b), 'SPX', 'estimate');
        expect(price.value).toBeGreaterThanOrEqual(b.low);
        expect(price.value).toBeLessThanOrEqual(b.high);
        const print = b.open >= b.low && b.open <= b.high && Math.abs(b.open - b.previousClose) > 0.005;
        expect(price.basis === 'open').toBe(print);
        if (print) expect(price.value).toBe(b.open);
      }),
    );
  });

  it('an intraday fill level lies inside the day\'s range and every SPX quote moves to it by delta and gamma', () => {
    fc.assert(
      fc.property(bar, fc.integer({ min: 3400, max: 4600 }), (b, strike) => {
        const m = viewOf(b);
        const fill = intradayFillMarket(m, '11:00');
        expect(fill.spxFillLevelPoints).toBeGreaterThanOrEqual(b.low);
        expect(fill.spxFillLevelPoints).toBeLessThanOrEqual(b.high);
        const q = m.priceSpxOption('put', strike, SETTLEMENT_DAY);
        const dS = fill.spxFillLevelPoints - b.close;
        const moved = fill.market.priceSpxOption('put', strike, SETTLEMENT_DAY);
        expect(Math.abs(moved.mid - Math.max(q.mid + q.delta * dS + 0.5 * q.gamma * dS * dS, 0))).toBeLessThan(POINTS_TOLERANCE);
        expect(moved.halfSpread).toBe(q.halfSpread);
      }),
    );
  });
});
