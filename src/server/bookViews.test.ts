/**
 * The book page's marks of a stored book that holds SPX index units (a PPUT or VXTH book's underlying
 * leg) beside its options: the units count in its equity and its SPX delta, as in the engine's daily
 * record. Market: the constructed one (src/engine/testing/constructedMarket.ts), SPX 4000, vol 0.20,
 * zero rates; 2021-01-04 is its first day, 11 days before the 2021-01-15 expiry.
 */
import { describe, expect, it } from 'vitest';
import { emptyBookSnapshot } from '../book/bookState.js';
import type { EngineStateSnapshot } from '../engine/backtest.js';
import type { IndexHolding, OptionPosition } from '../engine/portfolio/book.js';
import { StrategyEngine } from '../engine/backtest.js';
import { fundExposurePerUsd, markStoredFund } from '../engine/instruments/vixFuturesEtf.js';
import type { DailyRecord } from '../engine/records.js';
import { ConstructedMarket, quietSignals } from '../engine/testing/constructedMarket.js';
import { WIDE_NOTIONAL_CAPS } from '../engine/testing/constructedRun.js';
import { parseStrategyConfig } from '../strategy/config.js';
import { dayFromIso } from '../time/day.js';
import { markIndexHoldings } from '../book/holdings.js';
import { bookRisk, RiskScenarioConfigSchema } from '../book/scenarios.js';
import { bookPayoff, markBook, openPositionsOn } from './bookViews.js';
import { DashboardConfigSchema } from './config.js';

/** USD sums agree to a millionth of a dollar. */
const USD_TOLERANCE = 1e-6;

describe("the book page's marks with an underlying leg", () => {
  const config = parseStrategyConfig({ name: 'pput-book', structure: 'custom', customLegs: [], underlyingLeg: { index: 'spx-total-return' }, sizing: { mode: 'underlying-units', allowFractionalContracts: true } }, 'test');
  const market = new ConstructedMarket({ startDay: dayFromIso('2021-01-04'), path: [{ spx: 4000, vix: 20 }] });
  const m = market.marketOn(dayFromIso('2021-01-04'))!;
  const empty = emptyBookSnapshot(config, 1_000_000);
  // The PPUT package both tests mark: 250 SPX units at 4000 and 2.5 contracts of the 3800 put bought at
  // the model's mid, out of 1,000,000 USD.
  const expiry = dayFromIso('2021-01-15');
  const put = m.priceSpxOption('put', 3800, expiry);
  const holding: IndexHolding = { id: 'underlying.spx', group: 'underlying-1', index: 'SPX', units: 250, markLevel: 4000 };
  const longPut: OptionPosition = { id: 'condor-1.longPut', group: 'condor-1', role: 'condor', legId: 'longPut', layer: undefined, underlying: 'SPX', type: 'put', strike: 3800, expiryDay: expiry, settlement: 'AM', quantity: 2.5, entryDay: dayFromIso('2021-01-04'), entryPrice: put.mid, markPrice: put.mid };
  const snapshot: EngineStateSnapshot = { ...empty, book: { ...empty.book, cashUsd: 1_000_000 - 250 * 4000 - 2.5 * 100 * put.mid, indexHoldings: [holding], positions: [longPut] } };

  it('250 SPX units and 2.5 contracts of the 3800 put: equity cash + 250 x 4000 + the puts, delta 250 + 250 x put delta', () => {
    const marked = markBook(snapshot, m);
    // Bought at the model's mid and marked at it the same day: the equity is the 1,000,000 it started with.
    expect(Math.abs(marked.greeks.equityUsd - 1_000_000)).toBeLessThan(USD_TOLERANCE);
    expect(marked.greeks.spxDeltaUsdPerPoint).toBeCloseTo(250 + 2.5 * 100 * put.delta, 9);
    expect(marked.greeks.spxDeltaUsdPerPoint).toBeGreaterThan(200);
    // The underlying leg's own group is not a second condor.
    expect(marked.greeks.openCondors).toBe(1);
  });

  it('the SPX units are in the risk grid and the payoff: a floor under the put, not a put alone', () => {
    const holdings = markIndexHoldings(snapshot, m, undefined);
    // SPX down 10 %, VIX unchanged: the units lose 250 x 400 = 100,000 USD, the put gains its repricing.
    const risk = bookRisk([longPut], m, 0, RiskScenarioConfigSchema.parse({ spxMovesFraction: [-0.1], vixShiftsPoints: [0] }), holdings);
    const optionsOnly = bookRisk([longPut], m, 0, RiskScenarioConfigSchema.parse({ spxMovesFraction: [-0.1], vixShiftsPoints: [0] }));
    expect(risk.grid[0]!.condorPnlUsd - optionsOnly.grid[0]!.condorPnlUsd).toBeCloseTo(-100_000, 6);
    // At expiry the package is floored at the strike: at SPX 3600 the units lose 250 x 400 and the put
    // pays 250 x 200, so the book loses 50,000 plus the put's premium (250 x mid), as it does at 3800.
    const config = DashboardConfigSchema.parse({});
    const payoff = bookPayoff(snapshot, m, 0, config);
    const at = (level: number) => payoff.expiryPnlUsd[payoff.spxLevels.findIndex((x) => Math.abs(x - level) < 1e-9)]!;
    const floor = -250 * 200 - 250 * put.mid;
    for (const level of payoff.spxLevels.filter((x) => x <= 3800)) expect(Math.abs(payoff.expiryPnlUsd[payoff.spxLevels.indexOf(level)]! - floor)).toBeLessThan(USD_TOLERANCE);
    expect(at(4000)).toBeCloseTo(-250 * put.mid, 6);
  });

  it('a book without index units is marked as before: its equity is its cash, its delta zero', () => {
    const marked = markBook(empty, m);
    expect(marked.greeks.equityUsd).toBe(1_000_000);
    expect(marked.greeks.spxDeltaUsdPerPoint).toBe(0);
  });
});

/**
 * A stored book holding layer 1's VIX-futures fund (the `alvh-methodology` preset's layer 1): the book
 * page counts the fund as the engine's daily record does, in the equity, the hedge's VIX exposure and
 * the hedge ratio, and steps its price path to the mark day as the engine would. Market: the constructed
 * one at SPX 4000 and VIX 30, 32, 42, 48 (the fund engine test's path, src/engine/instruments/
 * hedgeInstruments.engine.test.ts): layer 1 and its fund (87.571 units at 100.05) go on with the condor
 * on 2021-01-04 in the high regime.
 */
describe("the book page's marks with layer 1's VIX-futures fund", () => {
  const config = parseStrategyConfig({ name: 'fund-book', entry: { mode: 'calendar' }, management: { mode: 'hold-to-expiry' }, hedge: { maxLayers: 1, caps: WIDE_NOTIONAL_CAPS, takeProfitMultipleOfCost: 50, firstLayerInstrument: 'vix-futures-etf' } }, 'test');
  const vix = [30, 32, 42, 48];
  const market = new ConstructedMarket({ startDay: dayFromIso('2021-01-04'), path: vix.map((v) => ({ spx: 4000, vix: v })) });
  const views = market.days.map((d) => market.marketOn(d)!);
  const engine = new StrategyEngine(config);
  const snapshots: EngineStateSnapshot[] = [];
  const records: DailyRecord[] = [];
  market.days.forEach((day, i) => {
    engine.stepDay(day, views[i], quietSignals({ regime: vix[i]! >= 40 ? 'extreme' : 'high' }), market.days[i + 1]);
    snapshots.push(engine.snapshot());
    records.push(engine.lastDailyRecord()!);
  });
  const fee = config.hedge.vixFuturesEtf.annualFeeFraction;

  it('on the stored day: the equity, hedge exposure and hedge ratio of the engine\'s own record', () => {
    const stored = snapshots[0]!;
    expect(stored.vixFuturesFund).toBeTruthy();
    const fund = markStoredFund(stored.vixFuturesFund!, views[0]!, [], fee);
    const marked = markBook(stored, views[0]!, undefined, fund);
    const record = records[0]!;
    expect(Math.abs(marked.greeks.equityUsd - record.equityUsd)).toBeLessThan(USD_TOLERANCE);
    expect(Math.abs(marked.greeks.hedgeUsdPerVixPoint - record.hedgeVixExposureUsd)).toBeLessThan(USD_TOLERANCE);
    expect(marked.greeks.hedgeRatio).toBeCloseTo(record.hedgeRatio!, 12);
    // The fund is a row of its own: 87.571 units at the stored price, 100 (bought at 100.05).
    const row = marked.holdings.find((h) => h.index === 'VIX-ST-FUTURES')!;
    expect(row.units).toBeCloseTo(87.571, 3);
    expect(row.levelPoints).toBe(100);
    expect(row.levelDate).toBe('2021-01-04');
    expect(row.role).toBe('hedge');
    // What the page left out before it counted the fund: its 8,757 USD of value and its 204.7 USD per VIX
    // point (the fund's 25 % of 0.9 x the condor's 909.79).
    expect(row.valueUsd).toBeCloseTo(8757.10, 2);
    expect(row.vixExposureUsdPerPoint).toBeCloseTo(204.7, 1);
    // Without a price path to step, the fund keeps its stored price and carries no exposure, and says so.
    const unpriced = markBook(stored, views[0]!).holdings.find((h) => h.index === 'VIX-ST-FUTURES')!;
    expect(unpriced.levelDate).toBeNull();
    expect(unpriced.vixExposureUsdPerPoint).toBe(0);
  });

  it('three trading days later: the stored price path stepped day by day is the engine\'s, bit for bit', () => {
    const stored = snapshots[0]!;
    const fund = markStoredFund(stored.vixFuturesFund!, views[3]!, [views[1]!, views[2]!], fee);
    const engineFund = snapshots[3]!.vixFuturesFund!;
    expect(fund.levelPoints).toBe(engineFund.index.level);
    expect(fund.levelDay).toBe(market.days[3]);
    expect(fund.vixExposurePerUsd).toBe(fundExposurePerUsd(engineFund.index, views[3]!));
    // The futures rose with VIX from 30 to 48: the fund's price rose from 100.
    expect(fund.levelPoints).toBeGreaterThan(110);
    const marked = markBook(stored, views[3]!, views[2]!, fund);
    const row = marked.holdings.find((h) => h.index === 'VIX-ST-FUTURES')!;
    expect(row.valueUsd).toBeCloseTo(row.units * fund.levelPoints, 9);
    expect(row.vixExposureUsdPerPoint).toBeCloseTo(row.valueUsd * fund.vixExposurePerUsd, 9);
  });

  it("the fund's VIX exposure is in the risk grid's hedge column: +10 VIX points gain 10 x its exposure", () => {
    const stored = snapshots[0]!;
    const fund = markStoredFund(stored.vixFuturesFund!, views[0]!, [], fee);
    const holdings = markIndexHoldings(stored, views[0]!, fund);
    const exposure = holdings.find((h) => h.index === 'VIX-ST-FUTURES')!.vixExposureUsdPerPoint;
    const grid = (h: typeof holdings) => bookRisk(openPositionsOn(stored, market.days[0]!), views[0]!, 0, RiskScenarioConfigSchema.parse({ spxMovesFraction: [0], vixShiftsPoints: [10] }), h).grid[0]!;
    // Its holdings are two futures moved by their betas x 10: the fund's price moves by exposure per USD x 10.
    expect(grid(holdings).hedgePnlUsd - grid([]).hedgePnlUsd).toBeCloseTo(10 * exposure, 6);
    expect(grid(holdings).condorPnlUsd).toBe(grid([]).condorPnlUsd);
  });

  it('a mark before the stored day keeps the stored price and says so by its date', () => {
    const later = snapshots[2]!;
    const fund = markStoredFund(later.vixFuturesFund!, views[1]!, [], fee);
    expect(fund.levelDay).toBe(market.days[2]);
    expect(fund.levelPoints).toBe(later.vixFuturesFund!.index.level);
  });
});

describe("the book page's marks of a book holding a pre-FOMC seed", () => {
  // The engine's own book: 14 condors and layer 1's calls at VIX 30 (a high regime), with seeding on and
  // the decision 5 trading days away, so the seed's call spreads are bought on the first day too.
  const config = parseStrategyConfig({ name: 'seed-book', entry: { mode: 'calendar' }, management: { mode: 'hold-to-expiry' }, hedge: { maxLayers: 1, caps: WIDE_NOTIONAL_CAPS, preFomcSeeding: { enabled: true } } }, 'test');
  const market = new ConstructedMarket({ startDay: dayFromIso('2021-01-04'), path: [{ spx: 4000, vix: 30 }] });
  const m = market.marketOn(market.days[0]!)!;
  const engine = new StrategyEngine(config);
  engine.stepDay(market.days[0]!, m, quietSignals({ regime: 'high', tradingDaysToNextFomc: 5 }), undefined);
  const record = engine.lastDailyRecord()!;

  it('the seed stands apart, as in the engine\'s record: the hedge, its ratio and the layer count are the layers\'', () => {
    const marked = markBook(engine.snapshot(), m);
    expect(record.seedVixExposureUsd!).toBeGreaterThan(0);
    expect(marked.greeks.seedUsdPerVixPoint).toBeCloseTo(record.seedVixExposureUsd!, 6);
    expect(Math.abs(marked.greeks.hedgeUsdPerVixPoint - record.hedgeVixExposureUsd)).toBeLessThan(USD_TOLERANCE);
    expect(marked.greeks.hedgeRatio).toBeCloseTo(record.hedgeRatio!, 12);
    expect(marked.greeks.hedgeLayers).toBe(record.hedgeLayers);
    expect(record.hedgeLayers).toBe(1);
  });
});
