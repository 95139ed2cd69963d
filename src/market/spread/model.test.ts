import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { DEFAULT_SPREAD_MODEL_CONFIG } from './config.js';
import { halfSpreadPoints, rawHalfSpreadPoints, tickSizePoints } from './model.js';

const { spx, vix } = DEFAULT_SPREAD_MODEL_CONFIG;
const TICK_GRID_TOLERANCE_POINTS = 1e-9;

const inputs = fc.record({
  pricePoints: fc.double({ min: 0.05, max: 300, noNaN: true }),
  absDelta: fc.double({ min: 0, max: 1, noNaN: true }),
  dteDays: fc.integer({ min: 1, max: 120 }),
  vixLevel: fc.double({ min: 9, max: 85, noNaN: true }),
  impliedVolDecimal: fc.double({ min: 0.05, max: 3, noNaN: true }),
});

describe('spread model', () => {
  it('uses the Cboe tick grid: 0.05 below 3.00, 0.10 from 3.00', () => {
    expect(tickSizePoints(spx.ticks, 2.95)).toBe(0.05);
    expect(tickSizePoints(spx.ticks, 3)).toBe(0.1);
  });

  it('quotes a width of at least one tick, on the tick grid', () => {
    fc.assert(
      fc.property(inputs, (input) => {
        for (const params of [spx, vix]) {
          const width = 2 * halfSpreadPoints(params, input);
          const tick = tickSizePoints(params.ticks, input.pricePoints);
          expect(width).toBeGreaterThanOrEqual(tick - TICK_GRID_TOLERANCE_POINTS);
          expect(Math.abs(width / tick - Math.round(width / tick))).toBeLessThan(TICK_GRID_TOLERANCE_POINTS);
        }
      }),
    );
  });

  it("never narrows when the option's vol rises, or when VIX rises under a stress elasticity", () => {
    const stressed = { ...spx, vixElasticity: 1 };
    fc.assert(
      fc.property(inputs, fc.double({ min: 0.001, max: 2, noNaN: true }), fc.double({ min: 0.1, max: 40, noNaN: true }), (input, volRise, vixRise) => {
        for (const params of [spx, vix]) {
          expect(halfSpreadPoints(params, { ...input, impliedVolDecimal: input.impliedVolDecimal + volRise })).toBeGreaterThanOrEqual(halfSpreadPoints(params, input));
        }
        expect(halfSpreadPoints(stressed, { ...input, vixLevel: input.vixLevel + vixRise })).toBeGreaterThanOrEqual(halfSpreadPoints(stressed, input));
      }),
    );
  });

  it('scales the raw half-spread by (vol / reference)^elasticity (hand-worked)', () => {
    const base = { pricePoints: 10, absDelta: 0.2, dteDays: 30, vixLevel: 20, impliedVolDecimal: spx.referenceImpliedVolDecimal };
    const doubled = { ...base, impliedVolDecimal: 2 * spx.referenceImpliedVolDecimal };
    expect(rawHalfSpreadPoints(spx, doubled) / rawHalfSpreadPoints(spx, base)).toBeCloseTo(2 ** spx.impliedVolElasticity, 12);
  });

  it('is narrower in index points for a far-OTM wing than for a near-the-money option, wider relative to its price', () => {
    // 45-day SPX put at VIX 20: 5-delta wing about 2.50, 30-delta about 30.00.
    const wing = { pricePoints: 2.5, absDelta: 0.05, dteDays: 45, vixLevel: 20, impliedVolDecimal: 0.3 };
    const nearMoney = { pricePoints: 30, absDelta: 0.3, dteDays: 45, vixLevel: 20, impliedVolDecimal: 0.2 };
    expect(halfSpreadPoints(spx, wing)).toBeLessThan(halfSpreadPoints(spx, nearMoney));
    expect(halfSpreadPoints(spx, wing) / wing.pricePoints).toBeGreaterThan(halfSpreadPoints(spx, nearMoney) / nearMoney.pricePoints);
  });

  it('doubles the raw half-spread from the stress VIX level on, and not below it (hand-worked)', () => {
    // Cboe's double-width relief: the same option at VIX 29.99 and at VIX 30 differs by exactly 2x.
    const calm = { pricePoints: 20, absDelta: 0.16, dteDays: 45, vixLevel: spx.stressVixLevel - 0.01, impliedVolDecimal: 0.35 };
    const stressed = { ...calm, vixLevel: spx.stressVixLevel };
    expect(rawHalfSpreadPoints(spx, stressed) / rawHalfSpreadPoints(spx, calm)).toBeCloseTo(2, 12);
    expect(rawHalfSpreadPoints({ ...spx, stressWidthMultiplier: 1 }, stressed)).toBeCloseTo(rawHalfSpreadPoints(spx, calm), 12);
    // Below the stress level VIX moves nothing (vixElasticity 0 by default).
    expect(rawHalfSpreadPoints(spx, { ...calm, vixLevel: 12 })).toBe(rawHalfSpreadPoints(spx, calm));
  });
});
