import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { ConstructedMarket } from '../engine/testing/constructedMarket.js';
import { bsmOptionPrice } from '../pricing/bsm.js';
import { dayFromIso, yearFractionAct365 } from '../time/day.js';
import { bookRisk, RiskScenarioConfigSchema, type ScenarioPosition } from './scenarios.js';

// The constructed market: SPX 4000, VIX 20, flat vol VIX/100, zero rates; dividends zero here.
const market = new ConstructedMarket({ startDay: dayFromIso('2021-01-04'), path: [{ spx: 4000, vix: 20 }] });
const day = market.days[0]!;
const m = market.marketOn(day)!;
const expiry = dayFromIso('2021-02-19');
const vixExpiry = m.vixTenors()[1]!.expiryDay;
const config = RiskScenarioConfigSchema.parse({});
const DIVIDEND_YIELD = 0;

/** USD figures from repricing agree to a thousandth of a cent. */
const USD_TOLERANCE = 1e-5;
/** Central differences with a 0.05 % spot step match the analytic delta to 0.1 % of its size. */
const DELTA_RELATIVE_TOLERANCE = 1e-3;
/** Index points: a break-even found by bisection reprices to its entry within 1e-7 points. */
const PRICE_TOLERANCE_POINTS = 1e-7;

const put = (strike: number, quantity: number, entryPrice: number): ScenarioPosition => ({ role: 'condor', underlying: 'SPX', type: 'put', strike, expiryDay: expiry, quantity, entryPrice });
const condor: ScenarioPosition[] = [
  put(3700, -10, 20),
  put(3600, 10, 12),
  { role: 'condor', underlying: 'SPX', type: 'call', strike: 4250, expiryDay: expiry, quantity: -10, entryPrice: 15 },
  { role: 'condor', underlying: 'SPX', type: 'call', strike: 4350, expiryDay: expiry, quantity: 10, entryPrice: 8 },
];
const vixCall: ScenarioPosition = { role: 'hedge', underlying: 'VIX', type: 'call', strike: 25, expiryDay: vixExpiry, quantity: 20, entryPrice: 1 };

describe('book risk scenarios on a constructed market', () => {
  it('the grid is moves x shifts, zero at the origin, condors and hedge summing to the total', () => {
    const r = bookRisk([...condor, vixCall], m, DIVIDEND_YIELD, config);
    expect(r.grid.length).toBe(config.spxMovesFraction.length * config.vixShiftsPoints.length);
    const origin = r.grid.find((c) => c.spxMoveFraction === 0 && c.vixShiftPoints === 0)!;
    expect(origin.totalPnlUsd).toBe(0);
    for (const c of r.grid) expect(Math.abs(c.condorPnlUsd + c.hedgePnlUsd - c.totalPnlUsd)).toBeLessThan(USD_TOLERANCE);
  });

  it('SPX P&L near the origin is the book delta (central finite difference)', () => {
    const h = 0.0005;
    const r = bookRisk(condor, m, DIVIDEND_YIELD, RiskScenarioConfigSchema.parse({ spxMovesFraction: [-h, h], vixShiftsPoints: [0] }));
    const [down, up] = r.grid;
    const fdDeltaUsdPerPoint = (up!.totalPnlUsd - down!.totalPnlUsd) / (2 * h * m.spxClose);
    const analytic = condor.reduce((s, p) => s + p.quantity * m.priceSpxOption(p.type as 'put' | 'call', p.strike, p.expiryDay).delta * 100, 0);
    expect(Math.abs(fdDeltaUsdPerPoint - analytic)).toBeLessThan(DELTA_RELATIVE_TOLERANCE * Math.abs(analytic));
  });

  it('a long VIX call gains with VIX whatever SPX does, and its share ignores the SPX move', () => {
    fc.assert(
      fc.property(fc.double({ min: -0.3, max: 0.2, noNaN: true }), fc.double({ min: 0.5, max: 40, noNaN: true }), (move, shift) => {
        const r = bookRisk([vixCall], m, DIVIDEND_YIELD, RiskScenarioConfigSchema.parse({ spxMovesFraction: [move, 0], vixShiftsPoints: [0, shift] }));
        const at = (mv: number, v: number) => r.grid.find((c) => c.spxMoveFraction === mv && c.vixShiftPoints === v)!;
        return at(move, shift).hedgePnlUsd > at(move, 0).hedgePnlUsd && at(move, shift).hedgePnlUsd === at(0, shift).hedgePnlUsd && at(move, shift).condorPnlUsd === 0;
      }),
    );
  });

  it('a VIX shift past zero stops where the future reaches the floor: a VIX call is priced there, never off a negative future', () => {
    // A shift 5 points beyond the one that takes the future to zero (VIX 20 here): the shift stops at
    // (1 - future) / beta, where the future is 1 point (minVixFuturePoints), and the call is priced there.
    const dte = vixExpiry - day;
    const future = m.vixFuturePrice(vixExpiry);
    const beta = m.vixFutureBetaToVix(dte);
    const shift = -Math.ceil(future / beta) - 5;
    expect(future + beta * shift).toBeLessThan(0);
    const stop = (config.minVixFuturePoints - future) / beta;
    const r = bookRisk([vixCall], m, DIVIDEND_YIELD, RiskScenarioConfigSchema.parse({ spxMovesFraction: [0], vixShiftsPoints: [0, shift] }));
    const value = (x: number) => m.repriceVixOption('call', vixCall.strike, vixExpiry, x, 0);
    const expected = vixCall.quantity * (value(stop) - value(0)) * 100;
    expect(Number.isFinite(r.grid[1]!.hedgePnlUsd)).toBe(true);
    expect(Math.abs(r.grid[1]!.hedgePnlUsd - expected)).toBeLessThan(USD_TOLERANCE);
    for (const x of [...r.breakEvenVolShiftPoints, ...r.breakEvenSpxLevels, r.openPnlUsd]) expect(Number.isFinite(x)).toBe(true);
  });

  it('the price break-even of a short put sold above its value is where it reprices to its entry', () => {
    const entry = m.priceSpxOption('put', 3800, expiry).mid + 5;
    const r = bookRisk([put(3800, -1, entry)], m, DIVIDEND_YIELD, config);
    expect(r.openPnlUsd).toBeGreaterThan(0);
    expect(r.breakEvenSpxLevels.length).toBe(1);
    const level = r.breakEvenSpxLevels[0]!;
    expect(level).toBeLessThan(m.spxClose);
    const repriced = bsmOptionPrice({ type: 'put', spot: level, strike: 3800, timeYears: yearFractionAct365(day, expiry), rate: 0, dividendYield: 0, sigma: 0.2 });
    expect(Math.abs(repriced - entry)).toBeLessThan(PRICE_TOLERANCE_POINTS);
  });

  it('the volatility break-even of the same put is the IV shift that reprices it to its entry', () => {
    const entry = m.priceSpxOption('put', 3800, expiry).mid + 5;
    const r = bookRisk([put(3800, -1, entry)], m, DIVIDEND_YIELD, config);
    expect(r.breakEvenVolShiftPoints.length).toBe(1);
    const shift = r.breakEvenVolShiftPoints[0]!;
    expect(shift).toBeGreaterThan(0);
    const repriced = bsmOptionPrice({ type: 'put', spot: m.spxClose, strike: 3800, timeYears: yearFractionAct365(day, expiry), rate: 0, dividendYield: 0, sigma: 0.2 + shift / 100 });
    expect(Math.abs(repriced - entry)).toBeLessThan(PRICE_TOLERANCE_POINTS);
  });

  it('an iron condor at a profit has two price break-evens around spot', () => {
    const r = bookRisk(condor.map((p) => ({ ...p, entryPrice: m.priceSpxOption(p.type as 'put' | 'call', p.strike, p.expiryDay).mid + (p.quantity < 0 ? 1 : 0) })), m, DIVIDEND_YIELD, config);
    expect(r.breakEvenSpxLevels.length).toBe(2);
    expect(r.breakEvenSpxLevels[0]!).toBeLessThan(m.spxClose);
    expect(r.breakEvenSpxLevels[1]!).toBeGreaterThan(m.spxClose);
  });

  it('positions expiring on or before the day are left out', () => {
    const r = bookRisk([{ ...put(3800, -1, 10), expiryDay: day }], m, DIVIDEND_YIELD, config);
    expect(r.grid.every((c) => c.totalPnlUsd === 0)).toBe(true);
    expect(r.openPnlUsd).toBe(0);
  });
});
