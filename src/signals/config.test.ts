import { describe, expect, it } from 'vitest';
import { defaultSignalConfig, parseSignalConfig } from './config.js';

describe('signal config', () => {
  it('has the methodology defaults', () => {
    const c = defaultSignalConfig();
    expect([c.macdFastPeriodBars, c.macdSlowPeriodBars, c.macdSignalPeriodBars, c.rsiPeriodBars]).toEqual([12, 26, 9, 14]);
    expect([c.pivotLookbackBars, c.divergenceMinSpacingBars, c.divergenceMaxSpacingBars, c.confirmationWindowBars]).toEqual([5, 5, 60, 5]);
    expect([c.vixSpikeRatio, c.vixSpikeWindowBars]).toEqual([1.15, 5]);
    expect(c.vixRegimeThresholds).toEqual([15, 20, 28, 40]);
    expect([c.reliefWindowBars, c.reliefVixDropFraction, c.resolutionHoldBars]).toEqual([3, 0.1, 5]);
    expect(c.rsiFailureSwingLevel).toBe(60);
  });

  it('rejects bad values with the field named', () => {
    const bad = parseSignalConfig({ vixRegimeThresholds: [15, 28, 20, 40] });
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(bad.error.issues[0]).toMatch(/^vixRegimeThresholds: /);
    const nan = parseSignalConfig({ vixSpikeRatio: Number.NaN });
    expect(nan.ok).toBe(false);
    const unknown = parseSignalConfig({ vixSpikeRatioo: 1.2 });
    expect(unknown.ok).toBe(false);
    const swapped = parseSignalConfig({ macdFastPeriodBars: 30 });
    expect(swapped.ok).toBe(false);
  });

  it('accepts overrides', () => {
    const parsed = parseSignalConfig({ vixSpikeRatio: 1.2, entryAllowedRegimes: ['normal'] });
    expect(parsed.ok && parsed.value.vixSpikeRatio).toBe(1.2);
  });
});
