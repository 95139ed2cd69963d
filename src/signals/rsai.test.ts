import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { defaultSignalConfig } from './config.js';
import { RealisedVol } from './indicators/realisedVol.js';
import { WilderRsi } from './indicators/wilderRsi.js';
import { AdaptiveRsi, icEntryDecision, rsaiPeriodBars, rsaiScore, type EntryInputs } from './rsai.js';
import { SPX_SAMPLE_2017_2018 } from './testing/spxSample.js';
import { dayFromIso } from '../time/day.js';

const config = defaultSignalConfig();
const RSI_TOLERANCE_POINTS = 1e-9;

describe('rsaiPeriodBars', () => {
  it('is the base period at the neutral vol ratio, shorter when realised runs hot, clamped to [7, 28]', () => {
    expect(rsaiPeriodBars(0.8, config)).toBe(14);
    expect(rsaiPeriodBars(1.12, config)).toBe(10);
    expect(rsaiPeriodBars(0.56, config)).toBe(20);
    expect(rsaiPeriodBars(5, config)).toBe(7);
    expect(rsaiPeriodBars(0.05, config)).toBe(28);
  });

  it('never lengthens when the ratio rises', () => {
    fc.assert(
      fc.property(fc.double({ min: 0.01, max: 10, noNaN: true }), fc.double({ min: 0.01, max: 10, noNaN: true }), (a, b) => {
        const [lo, hi] = a < b ? [a, b] : [b, a];
        expect(rsaiPeriodBars(hi, config)).toBeLessThanOrEqual(rsaiPeriodBars(lo, config));
      }),
    );
  });
});

describe('AdaptiveRsi', () => {
  it("equals Wilder's RSI(14) when realised vol sits exactly at the neutral ratio to implied", () => {
    // Feed a VIX that makes RV20 / (VIX/100) = 0.8 every day, so the period is always 14.
    const shadowVol = new RealisedVol(config.realisedVolWindowBars);
    const adaptive = new AdaptiveRsi(config);
    const wilder = new WilderRsi(14);
    let compared = 0;
    for (const row of SPX_SAMPLE_2017_2018) {
      const day = dayFromIso(row.date);
      const rv = shadowVol.update(day, row.close);
      const vix = rv === undefined ? undefined : (100 * rv) / config.rsaiNeutralVolRatio;
      const a = adaptive.update(day, row.close, vix);
      const w = wilder.update(row.close);
      if (a !== undefined) {
        expect(a.periodBars).toBe(14);
        expect(Math.abs(a.adaptiveRsi - (w ?? NaN))).toBeLessThan(RSI_TOLERANCE_POINTS);
        compared += 1;
      }
    }
    expect(compared).toBeGreaterThan(50);
  });

  it('reacts faster than RSI(14) when realised vol is high against implied (Feb 2018)', () => {
    const adaptive = new AdaptiveRsi(config);
    const wilder = new WilderRsi(14);
    let onFeb8: { adaptive: number; wilder: number; period: number } | undefined;
    for (const row of SPX_SAMPLE_2017_2018) {
      // A low implied vol (VIX 10) makes the ratio high once the selloff starts.
      const a = adaptive.update(dayFromIso(row.date), row.close, 10);
      const w = wilder.update(row.close);
      if (row.date === '2018-02-08' && a && w !== undefined) onFeb8 = { adaptive: a.adaptiveRsi, wilder: w, period: a.periodBars };
    }
    expect(onFeb8?.period).toBeLessThan(14);
    expect(onFeb8?.adaptive).toBeLessThan(onFeb8?.wilder ?? 0);
  });

  it('is not valid without a VIX close', () => {
    const adaptive = new AdaptiveRsi(config);
    const out = SPX_SAMPLE_2017_2018.map((row) => adaptive.update(dayFromIso(row.date), row.close, undefined));
    expect(out.every((o) => o === undefined)).toBe(true);
  });
});

describe('rsaiScore', () => {
  it('maps RSI 50..100 to 0..100 and moves against the trend a divergence contradicts', () => {
    expect(rsaiScore(75, { bearish: 'none', bullish: 'none' }, 20)).toBe(50);
    expect(rsaiScore(75, { bearish: 'active', bullish: 'none' }, 20)).toBe(30);
    expect(rsaiScore(75, { bearish: 'confirmed', bullish: 'none' }, 20)).toBe(10);
    expect(rsaiScore(30, { bearish: 'none', bullish: 'confirmed' }, 20)).toBe(0);
  });

  it('stays within [-100, 100]', () => {
    const state = fc.constantFrom('none' as const, 'active' as const, 'confirmed' as const);
    fc.assert(
      fc.property(fc.double({ min: 0, max: 100, noNaN: true }), state, state, fc.double({ min: 0, max: 100, noNaN: true }), (rsi, bearish, bullish, points) => {
        const s = rsaiScore(rsi, { bearish, bullish }, points);
        expect(s).toBeGreaterThanOrEqual(-100);
        expect(s).toBeLessThanOrEqual(100);
      }),
    );
  });
});

describe('icEntryDecision', () => {
  const base: EntryInputs = { score: 10, divergence: { bearish: 'none', bullish: 'none' }, regime: 'normal', inverted: false };

  it('triggers on neutral momentum in an allowed regime', () => {
    expect(icEntryDecision(base, config)).toEqual({ trigger: true, reason: 'neutral-momentum' });
    expect(icEntryDecision({ ...base, score: -20 }, config).trigger).toBe(true);
  });

  it('does not trigger while momentum trends, unless a confirmed divergence shows exhaustion', () => {
    expect(icEntryDecision({ ...base, score: 45 }, config)).toEqual({ trigger: false, reason: 'momentum-trending' });
    expect(icEntryDecision({ ...base, score: 45, divergence: { bearish: 'confirmed', bullish: 'none' } }, config)).toEqual({
      trigger: true,
      reason: 'confirmed-bearish-divergence',
    });
    expect(icEntryDecision({ ...base, score: 45, divergence: { bearish: 'active', bullish: 'none' } }, config).trigger).toBe(false);
  });

  it('applies the regime and inversion filters first', () => {
    expect(icEntryDecision({ ...base, regime: 'calm' }, config).reason).toBe('regime-not-allowed');
    expect(icEntryDecision({ ...base, regime: 'extreme' }, config).reason).toBe('regime-not-allowed');
    expect(icEntryDecision({ ...base, regime: 'high' }, config).trigger).toBe(true);
    expect(icEntryDecision({ ...base, inverted: true }, config).reason).toBe('term-structure-inverted');
    expect(icEntryDecision({ ...base, inverted: undefined }, config).trigger).toBe(true);
    expect(icEntryDecision({ ...base, inverted: true }, { ...config, entryBlockedWhenInverted: false }).trigger).toBe(true);
    expect(icEntryDecision({ ...base, score: undefined }, config).reason).toBe('rsai-unavailable');
  });
});
