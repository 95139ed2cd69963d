/**
 * Properties of the daily calibration over the bundled history (1990-today): on random days the Cboe
 * VIX and SKEW procedures on the model's own strips give back their targets; on every trading day with a
 * VIX close (about 9,200 days, about 9 s) the surface is free of calendar and butterfly arbitrage and has
 * no NaN anywhere.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { testHistory } from '../../../test/support/realSurfaces.js';
import { dayFromIso, isoFromDay, type DayNumber } from '../../time/day.js';
import { marketDayFromHistory } from '../marketDay.js';
import { DEFAULT_SPX_MODEL_CONFIG, PUT_WING_SMILE, SpxModelConfigSchema, type SpxModelConfig } from './config.js';
import { buildSpxSurface, modelIndexDecimal, modelSkewIndex, type SpxVolSurface } from './surface.js';

const history = testHistory();
const tradingDays: DayNumber[] = Array.from(history.tradingDays).filter((day) => history.closeOn('vix', day) !== undefined);

/** The calibration's own tolerances (config), plus float slack: the check must be the same rule. */
const VIX_TOLERANCE_VOL_POINTS = DEFAULT_SPX_MODEL_CONFIG.calibrationToleranceVolPoints + 1e-9;
const SKEW_TOLERANCE_POINTS = DEFAULT_SPX_MODEL_CONFIG.skewCalibrationToleranceSkewPoints + 1e-9;
/** Durrleman's density condition g(k) >= 0, with slack for central differences of step 1e-4 in k. */
const DENSITY_SLACK = 1e-6;
/** Total variance (decimal^2 x years): rounding only. */
const TOTAL_VARIANCE_SLACK = 1e-12;
const EXPIRY_GRID_DAYS = [1, 2, 5, 9, 16, 30, 45, 60, 93, 120, 183, 270, 365, 400];
const LOG_MONEYNESS_GRID = Array.from({ length: 151 }, (_, i) => -2 + i * 0.02);
const DIFFERENCE_STEP = 1e-4;

function surfaceOn(day: DayNumber, config: SpxModelConfig = DEFAULT_SPX_MODEL_CONFIG): SpxVolSurface {
  const marketDay = marketDayFromHistory(history, day);
  if (!marketDay.ok) throw new Error(`test fixture: ${marketDay.error.missing}`);
  const surface = buildSpxSurface(marketDay.value, config);
  if (!surface.ok) throw new Error(`${isoFromDay(day)}: ${surface.error.reason}`);
  return surface.value;
}

/**
 * Durrleman's g(k) = (1 − k w'/(2w))² − w'²/4 (1/w + 1/4) + w''/2: the risk-neutral density is
 * g / sqrt(2π w) exp(−d2²/2), so g >= 0 everywhere is the absence of butterfly arbitrage.
 */
function durrleman(surface: SpxVolSurface, k: number, t: number): number {
  const h = DIFFERENCE_STEP;
  const w = surface.totalVariance(k, t);
  const up = surface.totalVariance(k + h, t);
  const down = surface.totalVariance(k - h, t);
  const slope = (up - down) / (2 * h);
  const curvature = (up - 2 * w + down) / (h * h);
  return (1 - (k * slope) / (2 * w)) ** 2 - ((slope * slope) / 4) * (1 / w + 0.25) + curvature / 2;
}

describe('daily calibration on random days of 1990-today', () => {
  it('the VIX procedure on the model strips gives back every VIX-family target, and SKEW its target', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: tradingDays.length - 1 }), (i) => {
        const day = tradingDays[i] as DayNumber;
        const surface = surfaceOn(day);
        for (const node of surface.nodes) {
          const index = modelIndexDecimal(surface, node.tenorDays);
          expect(index.ok).toBe(true);
          if (index.ok) expect(100 * Math.abs(index.value - node.indexDecimal), `${isoFromDay(day)} ${node.tenor}`).toBeLessThanOrEqual(VIX_TOLERANCE_VOL_POINTS);
        }
        const skew = modelSkewIndex(surface);
        expect(skew.ok).toBe(true);
        if (!skew.ok) return;
        if (surface.skew.source === 'skew') {
          expect(Math.abs(skew.value - (surface.skew.targetSkew as number)), isoFromDay(day)).toBeLessThanOrEqual(SKEW_TOLERANCE_POINTS);
        } else if (surface.skew.source === 'skew-at-bound') {
          // The target is beyond what the bound allows: the model's SKEW falls short of it on the same side.
          const { skewLevel } = surface.skew;
          const target = surface.skew.targetSkew as number;
          expect(skewLevel === DEFAULT_SPX_MODEL_CONFIG.skewLevelMax ? skew.value < target : skew.value > target).toBe(true);
        }
      }),
      { numRuns: 60, seed: 20180205 },
    );
  });
});

/**
 * Fails (naming the day, strike and expiry) where the surface's total variance falls with the expiry
 * at a fixed log-moneyness (calendar arbitrage) or its Durrleman density is negative (butterfly).
 */
function expectNoStaticArbitrage(surface: SpxVolSurface, where: string): void {
  for (const k of LOG_MONEYNESS_GRID) {
    let previous = 0;
    for (const days of EXPIRY_GRID_DAYS) {
      const t = days / 365;
      const w = surface.totalVariance(k, t);
      if (!(Number.isFinite(w) && w >= previous - TOTAL_VARIANCE_SLACK)) expect.fail(`${where}: total variance ${w} at k ${k}, ${days} d after ${previous}`);
      previous = w;
      const g = durrleman(surface, k, t);
      if (!(g >= -DENSITY_SLACK)) expect.fail(`${where}: negative density g = ${g} at k ${k}, ${days} d (skew level ${surface.skew.skewLevel})`);
    }
  }
}

describe('the calibrated surface on every trading day of 1990-today', () => {
  it('is free of calendar and butterfly arbitrage and has no NaN', () => {
    let checkedDays = 0;
    for (const day of tradingDays) {
      const surface = surfaceOn(day);
      const where = isoFromDay(day);
      for (const node of surface.nodes) expect(Number.isFinite(node.atmVolDecimal) && Number.isFinite(node.modelIndexDecimal), where).toBe(true);
      expect(Number.isFinite(surface.skew.skewLevel), where).toBe(true);
      expectNoStaticArbitrage(surface, where);
      const price = surface.priceAtTime('put', surface.forward(30 / 365) * 0.9, 30 / 365);
      if (!Number.isFinite(price)) expect.fail(`${where}: 30-day put price ${price}`);
      checkedDays++;
    }
    expect(checkedDays).toBe(tradingDays.length);
    // 1990-01-02 to the last bundled day: a history cut short would shrink the check unnoticed.
    expect(checkedDays).toBeGreaterThan(9000);
  });

  it('the density check can fail: a far too steep put wing gives a negative density (negative control)', () => {
    const marketDay = marketDayFromHistory(history, tradingDays[tradingDays.length - 1] as DayNumber);
    if (!marketDay.ok) throw new Error(marketDay.error.missing);
    const steep = { ...DEFAULT_SPX_MODEL_CONFIG, skewCalibration: 'off' as const, smileWingSlopePerZ: 6, smileSkewRho: -0.98, smileSmoothingZ: 0.05 };
    const surface = buildSpxSurface(marketDay.value, steep);
    if (!surface.ok) throw new Error(surface.error.reason);
    const worst = Math.min(...LOG_MONEYNESS_GRID.map((k) => durrleman(surface.value, k, 30 / 365)));
    expect(worst).toBeLessThan(-DENSITY_SLACK);
  });
});

/** The put-wing smile (PUT_WING_SMILE) on a sparser sample: every 25th trading day, about 370 days. */
const PUT_WING_SAMPLE_EVERY = 25;

describe(`the put-wing smile calibrated on every ${PUT_WING_SAMPLE_EVERY}th trading day of 1990-today`, () => {
  const config: SpxModelConfig = { ...DEFAULT_SPX_MODEL_CONFIG, ...PUT_WING_SMILE };
  const sample = tradingDays.filter((_, i) => i % PUT_WING_SAMPLE_EVERY === 0);

  it('reproduces SKEW, is free of calendar and butterfly arbitrage and has no NaN', () => {
    for (const day of sample) {
      const surface = surfaceOn(day, config);
      const where = `${isoFromDay(day)} (put-wing)`;
      expect(Number.isFinite(surface.skew.skewLevel), where).toBe(true);
      if (surface.skew.source === 'skew') {
        const skew = modelSkewIndex(surface);
        expect(skew.ok && Math.abs(skew.value - (surface.skew.targetSkew as number)) <= SKEW_TOLERANCE_POINTS, where).toBe(true);
      }
      expectNoStaticArbitrage(surface, where);
    }
    expect(sample.length).toBeGreaterThan(360);
  });
});

/** Calm and stressed days of each era, where a random config's smile meets the most different levels. */
const RANDOM_CONFIG_DAYS = ['1990-08-23', '1998-10-08', '2008-10-10', '2017-11-03', '2018-02-05', '2020-03-16', '2024-08-05'];

describe('random model configs the schema accepts', () => {
  it('give a surface with a positive, finite total variance everywhere, or fail the day with a reason, and never hang', () => {
    // Two shapes a config once let through did neither: a smile whose variance turned negative at a
    // reachable skew level (now refused by the schema) and a call wing so steep the strip never ended
    // (now a failed day, stripIndex.test.ts). Each failure here is a typed error with a reason.
    const days = RANDOM_CONFIG_DAYS.map(dayFromIso);
    fc.assert(
      fc.property(
        fc.record({
          smileWingSlopePerZ: fc.double({ min: 0.01, max: 3, noNaN: true }),
          smileSkewRho: fc.double({ min: -0.99, max: 0.99, noNaN: true }),
          smileSmoothingZ: fc.double({ min: 0.01, max: 6, noNaN: true }),
          smilePutTailSlopePerZ: fc.double({ min: 0, max: 3, noNaN: true }),
          skewLevelMoves: fc.constantFrom('put-wing', 'both-wings'),
          skewCalibration: fc.constantFrom('daily', 'off'),
          skewLevelMax: fc.double({ min: 1.01, max: 4, noNaN: true }),
          longTenorExtension: fc.constantFrom('mean-reversion', 'flat'),
          vixStripZeroBid: fc.constantFrom('fraction-of-spot', 'exchange-tick'),
          skewTargetExcessScale: fc.double({ min: 0.1, max: 2, noNaN: true }),
        }),
        fc.integer({ min: 0, max: days.length - 1 }),
        (raw, i) => {
          const config = SpxModelConfigSchema.safeParse(raw);
          if (!config.success) return;
          const day = days[i] as DayNumber;
          const marketDay = marketDayFromHistory(history, day);
          if (!marketDay.ok) throw new Error(`test fixture: ${marketDay.error.missing}`);
          const surface = buildSpxSurface(marketDay.value, config.data);
          if (!surface.ok) {
            expect(surface.error.reason.length).toBeGreaterThan(0);
            return;
          }
          for (const days of EXPIRY_GRID_DAYS) {
            for (const k of LOG_MONEYNESS_GRID) {
              const w = surface.value.totalVariance(k, days / 365);
              expect(Number.isFinite(w) && w > 0, `${isoFromDay(day)} k ${k} ${days}d: ${w} (${JSON.stringify(raw)})`).toBe(true);
            }
          }
        },
      ),
      { seed: 29, numRuns: 120 },
    );
  });
});
