import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { DEFAULT_VIX_OPTION_MODEL_CONFIG } from './config.js';
import { vixAtmVolDecimal, vixImpliedVolDecimal } from './volSurface.js';

const surface = DEFAULT_VIX_OPTION_MODEL_CONFIG.surface;
const VOL_TOLERANCE_DECIMAL = 1e-12;

describe('VIX vol surface', () => {
  it('prices the 30-day ATM option at atmVolToVvixRatio x VVIX/100', () => {
    const vol = vixImpliedVolDecimal(surface, { vvixPercent: 80, dteDays: surface.referenceTenorDays, logMoneyness: 0 });
    expect(vol).toBeCloseTo(surface.atmVolToVvixRatio * 0.8, 12);
  });

  it('lowers the ATM vol of longer tenors (the fitted exponent is positive)', () => {
    expect(surface.termStructureExponent).toBeGreaterThan(0);
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 300 }), fc.integer({ min: 1, max: 100 }), (dteDays, extraDays) => {
        expect(vixAtmVolDecimal(surface, 90, dteDays + extraDays)).toBeLessThan(vixAtmVolDecimal(surface, 90, dteDays));
      }),
    );
  });

  it('has an upward skew: vol rises with the strike at every tenor', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 300 }),
        fc.double({ min: -1.5, max: 1.5, noNaN: true }),
        fc.double({ min: 0.001, max: 0.5, noNaN: true }),
        (dteDays, logMoneyness, step) => {
          const lower = vixImpliedVolDecimal(surface, { vvixPercent: 100, dteDays, logMoneyness });
          const higher = vixImpliedVolDecimal(surface, { vvixPercent: 100, dteDays, logMoneyness: logMoneyness + step });
          expect(higher).toBeGreaterThan(lower - VOL_TOLERANCE_DECIMAL);
        },
      ),
    );
  });

  it('keeps far strikes within the saturation bound exp(+-slope*L) around the ATM vol', () => {
    const bound = Math.exp(surface.skewSlopePerScaledLogMoneyness * surface.skewSaturationScaledLogMoneyness);
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 300 }), fc.double({ min: -20, max: 20, noNaN: true }), (dteDays, logMoneyness) => {
        const atm = vixAtmVolDecimal(surface, 100, dteDays);
        const vol = vixImpliedVolDecimal(surface, { vvixPercent: 100, dteDays, logMoneyness });
        expect(vol).toBeLessThanOrEqual(atm * bound * (1 + VOL_TOLERANCE_DECIMAL));
        expect(vol).toBeGreaterThanOrEqual((atm / bound) * (1 - VOL_TOLERANCE_DECIMAL));
      }),
    );
  });

  it('matches the slope of the skew near the money by finite differences', () => {
    const dteDays = 49;
    const h = 1e-5;
    const atm = vixAtmVolDecimal(surface, 100, dteDays);
    const up = vixImpliedVolDecimal(surface, { vvixPercent: 100, dteDays, logMoneyness: h });
    const down = vixImpliedVolDecimal(surface, { vvixPercent: 100, dteDays, logMoneyness: -h });
    const slopeOfLogVol = (Math.log(up) - Math.log(down)) / (2 * h);
    const expected = surface.skewSlopePerScaledLogMoneyness / Math.sqrt(dteDays / surface.referenceTenorDays);
    expect(slopeOfLogVol).toBeCloseTo(expected, 6);
    expect(atm).toBeGreaterThan(0);
  });
});
