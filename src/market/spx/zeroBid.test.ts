/**
 * The strip's zero-bid rule (vixStripZeroBid): where the model's own VIX and SKEW strips end. Worked by
 * hand: at SPX 300 the default rule's zero bid is 0.00002 x 300 = 0.006 points, a tenth of the 1/16 tick
 * SPX options traded in then; under `exchange-tick` a strike ends the strip when its mid is below 1/16
 * (0.0625) before the 2001-04-09 decimal conversion and below 0.05 from that day.
 */
import { describe, expect, it } from 'vitest';
import { realSurface } from '../../../test/support/realSurfaces.js';
import { dayFromIso } from '../../time/day.js';
import { DEFAULT_SPX_MODEL_CONFIG, SpxModelConfigSchema } from './config.js';
import { modelIndexDecimal, modelSkewIndex, modelStrikeStrip, zeroBidPricePoints } from './surface.js';

const TICK = SpxModelConfigSchema.parse({ vixStripZeroBid: 'exchange-tick' });
/** The calibration's own target for the model's VIX-family indices, vol points. */
const CALIBRATION_TARGET_VOL_POINTS = 0.1;
/** The calibration stops within this of the SKEW target (skewCalibrationToleranceSkewPoints), SKEW points, plus float slack. */
const SKEW_TOLERANCE_POINTS = DEFAULT_SPX_MODEL_CONFIG.skewCalibrationToleranceSkewPoints + 1e-9;
const THIRTY_DAYS_YEARS = 30 / 365;

describe('zeroBidPricePoints', () => {
  it('is a fraction of spot by default: 0.006 points at SPX 300, 0.05 at 2500', () => {
    expect(zeroBidPricePoints(DEFAULT_SPX_MODEL_CONFIG, dayFromIso('1990-06-01'), 300)).toBeCloseTo(0.006, 12);
    expect(zeroBidPricePoints(DEFAULT_SPX_MODEL_CONFIG, dayFromIso('2018-02-01'), 2500)).toBeCloseTo(0.05, 12);
  });

  it('is the exchange tick of the day under exchange-tick, whatever the spot', () => {
    expect(zeroBidPricePoints(TICK, dayFromIso('1990-06-01'), 300)).toBe(0.0625);
    // The last day of fractions and the first of decimals.
    expect(zeroBidPricePoints(TICK, dayFromIso('2001-04-06'), 1128)).toBe(0.0625);
    expect(zeroBidPricePoints(TICK, dayFromIso('2001-04-09'), 1137)).toBe(0.05);
    expect(zeroBidPricePoints(TICK, dayFromIso('2024-06-03'), 5283)).toBe(0.05);
  });

  it('refuses a decimal start that is not a date', () => {
    expect(() => SpxModelConfigSchema.parse({ vixStripDecimalTicksFrom: '2001-02-30' })).toThrow(/must be a date/);
  });
});

describe('the strip under exchange-tick on a 1995 day', () => {
  const iso = '1995-06-01';
  const byFraction = realSurface(iso);
  const byTick = realSurface(iso, TICK);
  const stripOf = (surface: typeof byTick) => {
    const strip = modelStrikeStrip(surface, THIRTY_DAYS_YEARS);
    if (!strip.ok) throw new Error(strip.error.reason);
    return strip.value;
  };

  it('ends each wing after two strikes whose mid is under 1/16, where the default strip runs on', () => {
    const strip = stripOf(byTick);
    const puts = strip.filter((r) => r.strike < byTick.forward(THIRTY_DAYS_YEARS)).sort((a, b) => a.strike - b.strike);
    // The two lowest strikes are the zero bids that stopped the strip; every other put is worth a tick at least.
    expect(puts.slice(0, 2).map((r) => r.putMid)).toEqual([0, 0]);
    for (const r of puts.slice(2)) expect(r.putMid).toBeGreaterThanOrEqual(0.0625);
    const lowestTick = puts[0]?.strike as number;
    const lowestFraction = Math.min(...stripOf(byFraction).map((r) => r.strike));
    expect(lowestFraction).toBeLessThan(lowestTick);
  });

  it('still reproduces the day’s VIX family and SKEW, with a steeper smile to do it', () => {
    for (const node of byTick.nodes) {
      const index = modelIndexDecimal(byTick, node.tenorDays);
      if (!index.ok) throw new Error(index.error.reason);
      expect(Math.abs(100 * (index.value - node.indexDecimal))).toBeLessThan(CALIBRATION_TARGET_VOL_POINTS);
    }
    const skewByTick = modelSkewIndex(byTick);
    const skewByFraction = modelSkewIndex(byFraction);
    if (!skewByTick.ok || !skewByFraction.ok) throw new Error('no model SKEW');
    expect(Math.abs(skewByTick.value - skewByFraction.value)).toBeLessThan(2 * SKEW_TOLERANCE_POINTS);
    // A shorter strip sees less of the put wing, so the same SKEW needs a larger skew level.
    expect(byTick.skew.skewLevel).toBeGreaterThan(byFraction.skew.skewLevel);
  });
});
