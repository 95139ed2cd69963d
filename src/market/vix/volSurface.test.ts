import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { black76Price } from '../../pricing/black76.js';
import { DEFAULT_VIX_OPTION_MODEL_CONFIG } from './config.js';
import { atmTermFactor, MAX_DIP_DEPTH, shortTenorDipDepth, skewFactor, skewSaturationStdDevsFor, standardizedLogMoneyness, vixVolFromAtmLevel } from './volSurface.js';

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
    // At the fit day's contango the dip still rises a little beyond 30 days: the curve peaks where the dip's
    // log-slope a e^(-T/tau) / (tau (1 - a e^(-T/tau))) equals the decay lambda / 365, at
    // T* = tau ln(a / u), u = c / (1 + c), c = lambda tau / 365. Hand-worked with the fitted values:
    // c = 0.866227 * 19.080244 / 365 = 0.045282, u = 0.043320, T* = 19.080244 ln(0.354971 / 0.043320) = 40.1 days
    // (the quotes: 28 days about 81 %, 49 days about 78.5 %).
    const c = (surface.atmLogVolDecayPerYear * surface.shortTenorDipDays) / 365;
    const peakDays = surface.shortTenorDipDays * Math.log(surface.shortTenorDipFraction / (c / (1 + c)));
    expect(peakDays).toBeCloseTo(40.1, 1);
    expect(atmTermFactor(surface, 40, FIT_DAY_CONTANGO)).toBeGreaterThan(atmTermFactor(surface, 30, FIT_DAY_CONTANGO));
    fc.assert(
      fc.property(fc.integer({ min: 41, max: 400 }), fc.integer({ min: 1, max: 100 }), (dteDays, extraDays) => {
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

  it('keeps far strikes within the saturation bounds exp(+-slope*L(s)) around the ATM vol', () => {
    fc.assert(
      fc.property(fc.double({ min: -1e6, max: 1e6, noNaN: true }), fc.double({ min: 0.001, max: 5, noNaN: true }), (z, atmStdDev) => {
        const saturation = skewSaturationStdDevsFor(surface, atmStdDev);
        const factor = skewFactor(surface, z, atmStdDev);
        expect(factor).toBeLessThanOrEqual(Math.exp(surface.callSkewSlopePerStdDev * saturation) * (1 + VOL_TOLERANCE_DECIMAL));
        expect(factor).toBeGreaterThanOrEqual(Math.exp(-surface.putSkewSlopePerStdDev * saturation) * (1 - VOL_TOLERANCE_DECIMAL));
        // L(s) lies between its values at the two bounds of s.
        expect(saturation).toBeLessThanOrEqual(surface.skewSaturationStdDevs);
        expect(saturation).toBeGreaterThanOrEqual(skewSaturationStdDevsFor(surface, surface.skewSaturationMaxStdDev) * (1 - VOL_TOLERANCE_DECIMAL));
      }),
    );
  });

  it('saturates the call wing sooner, in standard deviations, the wider the expiry (the stress case)', () => {
    // Hand-worked with the fitted L = 4.121218, gamma = 1.824395, s_ref = 0.23, s_max = 0.42. One standard
    // deviation out the slope is the call slope but for the blend's tail: 0.312699 + (1 + tanh(1 / 0.25)) / 2
    // * (0.192068 - 0.312699) = 0.192108.
    // s <= 0.23 (a calm 30-day expiry, ATM 0.8): L = 4.121218, and
    // sigma / sigma_atm = exp(0.192108 * 4.121218 * tanh(1 / 4.121218)) = exp(0.18842) = 1.2073.
    // s = 0.57 (2020-03-16, ATM 2.0 over 30 days) is beyond s_max: L = 4.121218 (0.42 / 0.23)^-1.824395
    // = 4.121218 * 0.33334 = 1.37375, and exp(0.192108 * 1.37375 * tanh(1 / 1.37375)) = exp(0.16410) = 1.1783.
    const t = 30;
    const calmStdDev = 0.8 * Math.sqrt(t / 365);
    const stressStdDev = 2 * Math.sqrt(t / 365);
    expect(skewSaturationStdDevsFor(surface, calmStdDev)).toBeCloseTo(4.121218, 6);
    expect(skewSaturationStdDevsFor(surface, stressStdDev)).toBeCloseTo(1.37375, 4);
    expect(vixVolFromAtmLevel(surface, 0.8, t, calmStdDev, 0) / 0.8).toBeCloseTo(1.2073, 4);
    expect(vixVolFromAtmLevel(surface, 2, t, stressStdDev, 0) / 2).toBeCloseTo(1.1783, 4);
    expect(standardizedLogMoneyness(2, stressStdDev, t)).toBeCloseTo(1, 12);
    // Between the bounds L(s) is a power of s: at their geometric mean it is the geometric mean of L at both.
    const mid = Math.sqrt(surface.skewReferenceStdDev * surface.skewSaturationMaxStdDev);
    expect(skewSaturationStdDevsFor(surface, mid) ** 2).toBeCloseTo(surface.skewSaturationStdDevs * skewSaturationStdDevsFor(surface, surface.skewSaturationMaxStdDev), 9);
  });

  it('turns the put slope into the call slope smoothly: finite differences of ln(sigma / sigma_atm) in z', () => {
    // d/dz [slope(z) L tanh(z / L)] = slope'(z) L tanh(z / L) + slope(z) sech^2(z / L): at z = 0 the mean
    // of the two slopes, (0.192068 + 0.312699) / 2 = 0.2523835; two standard deviations out, where the blend
    // has ended (tanh(2 / 0.25) = 1 - 2e-7), the call or put slope times sech^2(2 / L).
    const h = 1e-6;
    const lnFactor = (z: number, atmStdDev: number) => Math.log(skewFactor(surface, z, atmStdDev));
    for (const atmStdDev of [0.05, 0.23, 0.3, 0.6]) {
      const saturation = skewSaturationStdDevsFor(surface, atmStdDev);
      const atTheMoney = (lnFactor(h, atmStdDev) - lnFactor(-h, atmStdDev)) / (2 * h);
      expect(atTheMoney).toBeCloseTo(0.5 * (surface.callSkewSlopePerStdDev + surface.putSkewSlopePerStdDev), 6);
      const sech2 = 1 / Math.cosh(2 / saturation) ** 2;
      const callSide = (lnFactor(2 + h, atmStdDev) - lnFactor(2 - h, atmStdDev)) / (2 * h);
      const putSide = (lnFactor(-2 + h, atmStdDev) - lnFactor(-2 - h, atmStdDev)) / (2 * h);
      expect(callSide).toBeCloseTo(surface.callSkewSlopePerStdDev * sech2, 5);
      expect(putSide).toBeCloseTo(surface.putSkewSlopePerStdDev * sech2, 5);
    }
    expect(0.5 * (surface.callSkewSlopePerStdDev + surface.putSkewSlopePerStdDev)).toBeCloseTo(0.2523835, 7);
  });

  it('is free of vertical and butterfly arbitrage on every tenor and level, the money included', () => {
    // Undiscounted Black-76 calls in units of the forward on a strike grid: non-increasing and convex in
    // the strike. A switch from the put slope to the call slope at the money, without the blend, gave a
    // concave kink there: a butterfly worth -0.14 % of the forward at worst.
    const stepLog = 0.01;
    /** Rounding of prices near 1e-16 of the forward in far wings; a slope or a price step, in forward units. */
    const PRICE_TOLERANCE = 1e-10;
    fc.assert(
      fc.property(
        fc.double({ min: 0.3, max: 3, noNaN: true }),
        fc.integer({ min: 1, max: 400 }),
        fc.double({ min: -0.5, max: 0.5, noNaN: true }),
        (atm, dteDays, contango) => {
          const stdDevOf = (k: number) => vixVolFromAtmLevel(surface, atm, dteDays, k, contango) * Math.sqrt(dteDays / 365);
          const call = (k: number) => black76Price('call', 1, Math.exp(k), stdDevOf(k), 1);
          for (let k = -3; k <= 3; k += stepLog) {
            const [k0, k1, k2] = [Math.exp(k - stepLog), Math.exp(k), Math.exp(k + stepLog)];
            const [c0, c1, c2] = [call(k - stepLog), call(k), call(k + stepLog)];
            expect(Number.isFinite(c1)).toBe(true);
            expect(c2).toBeLessThanOrEqual(c1 + PRICE_TOLERANCE);
            expect((c1 - c0) / (k1 - k0)).toBeLessThanOrEqual((c2 - c1) / (k2 - k1) + PRICE_TOLERANCE);
          }
        },
      ),
      { numRuns: 60 },
    );
  });
});
