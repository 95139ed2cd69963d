import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { DEFAULT_VIX_OPTION_MODEL_CONFIG } from './config.js';
import { atmTermFactor, MAX_DIP_DEPTH, shortTenorDipDepth, skewFactor, standardizedLogMoneyness, vixVolFromAtmLevel } from './volSurface.js';

const surface = DEFAULT_VIX_OPTION_MODEL_CONFIG.surface;
const VOL_TOLERANCE_DECIMAL = 1e-12;
const FIT_DAY_CONTANGO = surface.dipReferenceContangoFraction;

describe('VIX vol surface', () => {
  it('has the calibrated ATM vol at the reference tenor, whatever the contango', () => {
    fc.assert(
      fc.property(fc.double({ min: 0.2, max: 3, noNaN: true }), fc.double({ min: -0.5, max: 0.5, noNaN: true }), (atm, contango) => {
        expect(vixVolFromAtmLevel(surface, atm, surface.referenceTenorDays, 0, contango)).toBeCloseTo(atm, 12);
      }),
    );
  });

  it('lowers the ATM vol of longer tenors beyond the reference (exp(-lambda (T - 30 d)))', () => {
    // Hand-worked: 168 days on a flat curve, exp(-0.894013 * 138 / 365) = 0.7134.
    expect(atmTermFactor(surface, 168, 0)).toBeCloseTo(Math.exp((-surface.atmLogVolDecayPerYear * 138) / 365), 12);
    // In backwardation there is no dip: the ATM vol falls with tenor from the first day.
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 400 }), fc.integer({ min: 1, max: 100 }), fc.double({ min: -0.5, max: 0, noNaN: true }), (dteDays, extraDays, contango) => {
        expect(atmTermFactor(surface, dteDays + extraDays, contango)).toBeLessThan(atmTermFactor(surface, dteDays, contango));
      }),
    );
    // At the fit day's contango the dip has faded by 30 days; a steeper contango humps the curve a little beyond it.
    fc.assert(
      fc.property(fc.integer({ min: 30, max: 400 }), fc.integer({ min: 1, max: 100 }), (dteDays, extraDays) => {
        expect(atmTermFactor(surface, dteDays + extraDays, FIT_DAY_CONTANGO)).toBeLessThan(atmTermFactor(surface, dteDays, FIT_DAY_CONTANGO));
      }),
    );
  });

  it('gives short-dated options the most vol in backwardation, and a dip in contango', () => {
    // Backwardation (2020-03-16: spot 82.69 over a 30-day forward near 59): no dip, 7 days above 30 days.
    expect(shortTenorDipDepth(surface, -0.28)).toBe(0);
    expect(atmTermFactor(surface, 7, -0.28)).toBeGreaterThan(1);
    // The fit day's contango: the 14-day option below the 30-day one, as the 2016-06-01 quotes are (about 70 % against 81 %).
    expect(shortTenorDipDepth(surface, FIT_DAY_CONTANGO)).toBeCloseTo(surface.shortTenorDipFraction, 12);
    expect(atmTermFactor(surface, 14, FIT_DAY_CONTANGO)).toBeLessThan(1);
    // A steep contango never takes the dip past its cap.
    expect(shortTenorDipDepth(surface, 10)).toBeLessThanOrEqual(MAX_DIP_DEPTH);
  });

  it('has an upward skew: vol rises with the strike at every tenor and level', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 300 }),
        fc.double({ min: 0.3, max: 3, noNaN: true }),
        fc.double({ min: -1.5, max: 1.5, noNaN: true }),
        fc.double({ min: 0.001, max: 0.5, noNaN: true }),
        (dteDays, atm, logMoneyness, step) => {
          const lower = vixVolFromAtmLevel(surface, atm, dteDays, logMoneyness, 0.1);
          const higher = vixVolFromAtmLevel(surface, atm, dteDays, logMoneyness + step, 0.1);
          expect(higher).toBeGreaterThan(lower - VOL_TOLERANCE_DECIMAL);
        },
      ),
    );
  });

  it('keeps far strikes within the saturation bounds exp(+-slope*L) around the ATM vol', () => {
    const upper = Math.exp(surface.callSkewSlopePerStdDev * surface.skewSaturationStdDevs);
    const lower = Math.exp(-surface.putSkewSlopePerStdDev * surface.skewSaturationStdDevs);
    fc.assert(
      fc.property(fc.double({ min: -1e6, max: 1e6, noNaN: true }), (z) => {
        const factor = skewFactor(surface, z);
        expect(factor).toBeLessThanOrEqual(upper * (1 + VOL_TOLERANCE_DECIMAL));
        expect(factor).toBeGreaterThanOrEqual(lower * (1 - VOL_TOLERANCE_DECIMAL));
      }),
    );
  });

  it('keeps its shape in standard deviations when the level moves (the stress case)', () => {
    // One standard deviation out at 30 days: the same vol ratio at ATM 0.8 (a calm day) and 2.0 (2020-03-16).
    const t = 30;
    for (const atm of [0.8, 2]) {
      const oneStdDev = atm * Math.sqrt(t / 365);
      expect(standardizedLogMoneyness(atm, oneStdDev, t)).toBeCloseTo(1, 12);
      expect(vixVolFromAtmLevel(surface, atm, t, oneStdDev, 0) / atm).toBeCloseTo(skewFactor(surface, 1), 12);
    }
  });

  it('matches the slope of the skew on each side of the money by finite differences', () => {
    const h = 1e-6;
    const callSide = (Math.log(skewFactor(surface, 2 * h)) - Math.log(skewFactor(surface, h))) / h;
    const putSide = (Math.log(skewFactor(surface, -h)) - Math.log(skewFactor(surface, -2 * h))) / h;
    expect(callSide).toBeCloseTo(surface.callSkewSlopePerStdDev, 5);
    expect(putSide).toBeCloseTo(surface.putSkewSlopePerStdDev, 5);
  });
});
