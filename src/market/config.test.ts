import { describe, expect, it } from 'vitest';
import { DEFAULT_MARKET_MODEL_CONFIG, marketModelConfigChanges, marketModelConfigSchema } from './config.js';
import { FITTED_SPREAD_PARAMS } from './spread/config.js';
import { FITTED_VIX_VOL_SURFACE } from './vix/config.js';

describe('MarketModelConfig', () => {
  it('defaults every sub-model to its recorded values', () => {
    expect(DEFAULT_MARKET_MODEL_CONFIG.vix.surface.atmLogVolDecayPerYear).toBe(FITTED_VIX_VOL_SURFACE.atmLogVolDecayPerYear);
    expect(DEFAULT_MARKET_MODEL_CONFIG.spread.spx.logScale).toBe(FITTED_SPREAD_PARAMS.spx.logScale);
    expect(DEFAULT_MARKET_MODEL_CONFIG.spread.vix.ticks.tickBelowThresholdPoints).toBe(0.05);
  });

  it('keeps a partial override and fills in the rest', () => {
    const config = marketModelConfigSchema.parse({ vix: { surface: { atmLogVolDecayPerYear: 0.3 } }, spread: { spx: { vixElasticity: 1.5 } } });
    expect(config.vix.surface.atmLogVolDecayPerYear).toBe(0.3);
    expect(config.vix.surface.callSkewSlopePerStdDev).toBe(FITTED_VIX_VOL_SURFACE.callSkewSlopePerStdDev);
    expect(config.spread.spx.vixElasticity).toBe(1.5);
    expect(config.spread.vix.vixElasticity).toBe(0);
  });

  it('rejects values outside their domain, naming the field', () => {
    const parsed = marketModelConfigSchema.safeParse({ vix: { surface: { atmLogVolDecayPerYear: -1 } }, spread: { vix: { ticks: { tickBelowThresholdPoints: Number.NaN } } } });
    expect(parsed.success).toBe(false);
    const paths = parsed.error?.issues.map((i) => i.path.join('.')) ?? [];
    expect(paths).toContain('vix.surface.atmLogVolDecayPerYear');
    expect(paths).toContain('spread.vix.ticks.tickBelowThresholdPoints');
  });

  it('names the fields a config changes from the defaults, and none for the defaults', () => {
    expect(marketModelConfigChanges(DEFAULT_MARKET_MODEL_CONFIG)).toEqual([]);
    const config = marketModelConfigSchema.parse({ spx: { skewCalibration: 'off' }, spread: { spx: { vixElasticity: 1.5, ticks: { tickBelowThresholdPoints: 0.01 } } } });
    expect(marketModelConfigChanges(config)).toEqual(['spx.skewCalibration: "off"', 'spread.spx.ticks.tickBelowThresholdPoints: 0.01', 'spread.spx.vixElasticity: 1.5']);
    // A value set to its default is no change.
    expect(marketModelConfigChanges(marketModelConfigSchema.parse({ spread: { vix: { vixElasticity: 0 } } }))).toEqual([]);
  });
});
