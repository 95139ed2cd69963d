/**
 * The VIX-futures fund's price path on the constructed market (src/engine/testing/constructedMarket.ts),
 * worked by hand. The VIX future d calendar days out is F = VIX + (20 - VIX)(1 - exp(-d/60)) and its beta
 * to spot VIX exp(-d/60). Settlements: 2020-12-16, 2021-01-20, 2021-02-17. The roll period around
 * 2021-01-04 runs from Tuesday 2020-12-15 to Tuesday 2021-01-19; after its first day it has dt = 22 NYSE
 * business days (Dec 16-18, 21-24, 28-31: 11; Jan 4-8, 11-15, 19: 11; Christmas, New Year and Martin
 * Luther King day are holidays). On Monday 2021-01-04, dr = 10 business days remain after today before
 * the January settlement (Jan 5-8, 11-15, 19): 10/22 of the index is in the January future, 12/22 in February.
 */
import { describe, expect, it } from 'vitest';
import { parseStrategyConfig } from '../../strategy/config.js';
import { dayFromIso } from '../../time/day.js';
import { Book } from '../book.js';
import { ConstructedMarket } from '../testing/constructedMarket.js';
import { fundExposurePerUsd, startFundIndex, stepFundIndex, VixFuturesFund } from './vixFuturesEtf.js';

/** Levels and weights computed two ways agree to 1e-12 (a level near 100, a weight near 0.5). */
const TOLERANCE = 1e-12;
/** USD amounts agree to a millionth of a dollar. */
const USD_TOLERANCE = 1e-6;
const JAN20 = dayFromIso('2021-01-20');
const FEB17 = dayFromIso('2021-02-17');
const MAR17 = dayFromIso('2021-03-17');
const future = (vix: number, dteDays: number) => vix + (20 - vix) * (1 - Math.exp(-dteDays / 60));
const beta = (dteDays: number) => Math.exp(-dteDays / 60);

function market(vix: number[], startIso = '2021-01-04') {
  return new ConstructedMarket({ startDay: dayFromIso(startIso), path: vix.map((v) => ({ spx: 4000, vix: v })) });
}

describe('the fund on its first day', () => {
  const mk = market([30]);
  const m = mk.marketOn(mk.days[0]!)!;
  const index = startFundIndex(m);
  it('holds 10/22 January and 12/22 February futures at today\'s prices, level 100', () => {
    expect(index.level).toBe(100);
    expect(index.holdings.map((h) => h.expiryDay)).toEqual([JAN20, FEB17]);
    expect(Math.abs(index.holdings[0]!.weight - 10 / 22)).toBeLessThan(TOLERANCE);
    expect(Math.abs(index.holdings[1]!.weight - 12 / 22)).toBeLessThan(TOLERANCE);
    // F(Jan, 16 d) = 30 - 10 x (1 - e^(-16/60)) = 27.66; F(Feb, 44 d) = 24.80.
    expect(index.holdings[0]!.pricePoints).toBeCloseTo(27.66, 2);
  });
  it('moves 0.0234 USD per VIX point per USD held: (w1 b1 + w2 b2) / (w1 F1 + w2 F2)', () => {
    // (10 x 0.7659 + 12 x 0.4803) / (10 x 27.659 + 12 x 24.803) = 13.42 / 574.2 = 0.02338.
    const hand = ((10 / 22) * beta(16) + (12 / 22) * beta(44)) / ((10 / 22) * future(30, 16) + (12 / 22) * future(30, 44));
    expect(Math.abs(fundExposurePerUsd(index, m) - hand)).toBeLessThan(TOLERANCE);
    expect(hand).toBeCloseTo(0.02338, 5);
  });
});

describe('the fund\'s daily step', () => {
  it('values yesterday\'s weights at today\'s futures, then takes the fee for the calendar days since', () => {
    // Friday 2021-01-08 (VIX 30) to Monday 2021-01-11 (VIX 35): Friday's weights are 6/22 January, 16/22
    // February. Level = 100 x (6 F(35, 9) + 16 F(35, 37)) / (6 F(30, 12) + 16 F(30, 40)) x (1 - 0.0089 x 3/365).
    const mk = market([30, 35], '2021-01-08');
    const [d0, d1] = mk.days as [number, number];
    const start = startFundIndex(mk.marketOn(d0)!);
    const next = stepFundIndex(start, mk.marketOn(d1)!, 0.0089);
    const er = (6 * future(35, 9) + 16 * future(35, 37)) / (6 * future(30, 12) + 16 * future(30, 40));
    expect(Math.abs(next.level - 100 * er * (1 - (0.0089 * 3) / 365))).toBeLessThan(TOLERANCE);
    expect(next.level).toBeGreaterThan(100); // VIX up 5: the futures rise more than the fee costs
  });
  it('crosses the roll: on Tuesday 2021-01-19 the whole index is in February, the next day 1/19 of it moves to March', () => {
    // Period Jan 19 - Feb 16: dt = 19 business days after its first day (Jan 20-22, 25-29, Feb 1-5, 8-12,
    // 16; Presidents' Day Feb 15 is a holiday). At Jan 19's close: all February. Jan 20: dr = 18 of 19.
    const mk = market([15, 15, 15], '2021-01-18');
    const days = mk.days; // Jan 18 (the constructed market trades on weekdays, holidays included), 19, 20
    const s0 = startFundIndex(mk.marketOn(days[1]!)!);
    expect(s0.holdings.map((h) => [h.expiryDay, h.weight])).toEqual([[FEB17, 1], [MAR17, 0]]);
    const s1 = stepFundIndex(s0, mk.marketOn(days[2]!)!, 0);
    expect(Math.abs(s1.holdings[0]!.weight - 18 / 19)).toBeLessThan(TOLERANCE);
    // VIX flat at 15 in contango: the February future, a day nearer, falls toward spot: the fund loses
    // the roll-down, 100 x F(15, 28) / F(15, 29) = 100 x 16.86 / 16.92.
    expect(Math.abs(s1.level - (100 * future(15, 28)) / future(15, 29))).toBeLessThan(TOLERANCE);
    expect(s1.level).toBeLessThan(100);
  });
});

describe('the fund in a book', () => {
  it('buys at its price plus the half-spread, is marked at its price, sells at its price less it', () => {
    const config = parseStrategyConfig({ name: 't', hedge: { firstLayerInstrument: 'vix-futures-etf' } }, 'test');
    const book = new Book(100_000);
    const fund = new VixFuturesFund(config, book);
    const mk = market([30, 35]);
    const m0 = mk.marketOn(mk.days[0]!)!;
    // 10,000 USD at level 100: 100 units, paid at 100 x 1.0005 = 100.05: 10,005 USD; marked at 100.
    const buy = fund.trade(m0, 10_000, 'hedge-1', 'test.buy');
    expect(buy.units).toBeCloseTo(100, 12);
    expect(Math.abs(book.cashUsd - (100_000 - 10_005))).toBeLessThan(USD_TOLERANCE);
    expect(Math.abs(book.equityUsd() - (100_000 - 5))).toBeLessThan(USD_TOLERANCE);
    const m1 = mk.marketOn(mk.days[1]!)!;
    fund.advance(m1);
    const level = fund.levelPoints()!;
    expect(Math.abs(fund.valueUsd() - 100 * level)).toBeLessThan(USD_TOLERANCE);
    fund.sellAll(m1, 'test.sell');
    // P&L = 100 x (level x 0.9995 - 100.05).
    expect(Math.abs(book.groupPnlUsd('hedge-1') - 100 * (level * 0.9995 - 100.05))).toBeLessThan(USD_TOLERANCE);
    expect(fund.state()).toBeNull();
    expect(book.indexHoldings.size).toBe(0);
  });
  it('under next-open fills, trades at the next open: the futures carried back by beta x (VIX open - close)', () => {
    // Day 0 2021-01-04 (VIX 30): the fund holds 10/22 Jan (16 d) and 12/22 Feb (44 d). Day 1 opens at VIX
    // 33 and closes at 35: each future opens at F(35, d - 1) + beta(d - 1) x (33 - 35).
    const config = parseStrategyConfig({ name: 't', hedge: { firstLayerInstrument: 'vix-futures-etf' } }, 'test');
    const book = new Book(100_000);
    const fund = new VixFuturesFund(config, book);
    const mk = new ConstructedMarket({ startDay: dayFromIso('2021-01-04'), path: [{ spx: 4000, vix: 30 }, { spx: 4000, vix: 35, vixOpen: 33 }] });
    const [m0, m1] = [mk.marketOn(mk.days[0]!)!, mk.marketOn(mk.days[1]!)!];
    fund.trade(m0, 10_000, 'hedge-1', 'test.buy');
    const open = (d: number) => future(35, d) + beta(d) * (33 - 35);
    const hand = (100 * ((10 / 22) * open(15) + (12 / 22) * open(43))) / ((10 / 22) * future(30, 16) + (12 / 22) * future(30, 44));
    expect(Math.abs(fund.levelAtNextOpen(m1) - hand)).toBeLessThan(TOLERANCE);
    // Selling all of it at that open: 100 units x hand x 0.9995, sized at today's level 100.
    const sale = fund.trade(m0, -10_000, 'hedge-1', 'test.sell', m1);
    expect(sale.units).toBeCloseTo(-100, 12);
    expect(Math.abs(sale.fillLevel - hand * 0.9995)).toBeLessThan(TOLERANCE);
  });
  it('says once per stretch that it is held with no condor open', () => {
    const config = parseStrategyConfig({ name: 't', hedge: { firstLayerInstrument: 'vix-futures-etf' } }, 'test');
    const fund = new VixFuturesFund(config, new Book(100_000));
    const mk = market([30]);
    expect(fund.noteHeldWithoutCondor(true)).toBe(false); // nothing held
    fund.trade(mk.marketOn(mk.days[0]!)!, 1000, 'hedge-1', 'test.buy');
    expect([true, true, false, true].map((noCondor) => fund.noteHeldWithoutCondor(noCondor))).toEqual([true, false, false, true]);
    // The flag travels in the saved state.
    expect(new VixFuturesFund(config, new Book(0), fund.state()).noteHeldWithoutCondor(true)).toBe(false);
  });
  it('refuses to sell what it does not hold and a trade that is not a finite amount', () => {
    const config = parseStrategyConfig({ name: 't' }, 'test');
    const fund = new VixFuturesFund(config, new Book(1000));
    const mk = market([30]);
    const m0 = mk.marketOn(mk.days[0]!)!;
    expect(() => fund.trade(m0, -10, 'hedge-1', 'test.sell')).toThrow(/not held/);
    expect(() => fund.trade(m0, Number.NaN, 'hedge-1', 'test.buy')).toThrow(RangeError);
  });
});
