/**
 * The VIX-option day surface on random surface configs the schema accepts, on calm and stressed days:
 * each is calibrated to the day's VVIX with a positive, finite vol everywhere, or the calibration
 * says it cannot (VvixCalibrationError), which the engine turns into a stop naming the day.
 */
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { realHistory } from '../../../test/fixtures/realMarket.js';
import type { MarketHistory } from '../../history/types.js';
import { dayFromIso } from '../../time/day.js';
import { vixOptionModelConfigSchema } from './config.js';
import { vixDaySurface } from './daySurface.js';
import { vixMarketDayFromHistory, type VixMarketDay } from './marketDay.js';
import { VvixCalibrationError } from './vvixCalibration.js';

const DAYS = ['2008-10-10', '2011-08-08', '2017-11-03', '2018-02-05', '2020-03-16', '2024-08-05'];
const DTE_GRID_DAYS = [1, 7, 30, 60, 120, 300];
const LOG_MONEYNESS_GRID = Array.from({ length: 41 }, (_, i) => -1.5 + i * 0.1);

let markets: VixMarketDay[] = [];
beforeAll(async () => {
  const history: MarketHistory = await realHistory();
  markets = DAYS.map((iso) => {
    const m = vixMarketDayFromHistory(history, dayFromIso(iso));
    if (!m.ok) throw new Error(`test fixture: ${iso}`);
    return m.value;
  });
});

describe('the VIX-option day surface on random surface configs', () => {
  it('has a positive, finite vol on the grid, or says it cannot reach the day\'s VVIX', () => {
    fc.assert(
      fc.property(
        fc.record({
          atmLogVolDecayPerYear: fc.double({ min: 0, max: 10, noNaN: true }),
          shortTenorDipFraction: fc.double({ min: 0, max: 0.9, noNaN: true }),
          shortTenorDipDays: fc.double({ min: 1, max: 120, noNaN: true }),
          maxDipScale: fc.double({ min: 0, max: 5, noNaN: true }),
          callSkewSlopePerStdDev: fc.double({ min: 0, max: 5, noNaN: true }),
          putSkewSlopePerStdDev: fc.double({ min: 0, max: 5, noNaN: true }),
          skewSlopeBlendStdDevs: fc.double({ min: 0.01, max: 2, noNaN: true }),
          skewSaturationStdDevs: fc.double({ min: 0.01, max: 5, noNaN: true }),
          skewSaturationStdDevExponent: fc.double({ min: 0, max: 4, noNaN: true }),
          vvixTargetScale: fc.double({ min: 0.5, max: 1.5, noNaN: true }),
          vvixMinNearDteDays: fc.integer({ min: 1, max: 30 }),
        }),
        fc.integer({ min: 0, max: DAYS.length - 1 }),
        (surfaceConfig, i) => {
          const config = vixOptionModelConfigSchema.parse({ surface: surfaceConfig });
          let surface;
          try {
            surface = vixDaySurface(config, markets[i] as VixMarketDay);
          } catch (error) {
            expect(error).toBeInstanceOf(VvixCalibrationError);
            return;
          }
          for (const dte of DTE_GRID_DAYS) {
            for (const k of LOG_MONEYNESS_GRID) {
              const vol = surface.volDecimal(dte, k);
              expect(Number.isFinite(vol) && vol > 0, `${DAYS[i]} ${dte}d k ${k}: ${vol}`).toBe(true);
            }
          }
        },
      ),
      { seed: 31, numRuns: 200 },
    );
  });
});
