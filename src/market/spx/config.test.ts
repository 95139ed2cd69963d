import { describe, expect, it } from 'vitest';
import { DEFAULT_SPX_MODEL_CONFIG, SpxModelConfigSchema } from './config.js';

describe('SpxModelConfigSchema', () => {
  it('fills every field with its default', () => {
    expect(SpxModelConfigSchema.parse({})).toEqual(DEFAULT_SPX_MODEL_CONFIG);
    expect(DEFAULT_SPX_MODEL_CONFIG.vixTenorDays).toBe(30);
  });

  it('rejects out-of-domain values and unknown fields, naming the field', () => {
    const badRho = SpxModelConfigSchema.safeParse({ smileSkewRho: -1 });
    expect(badRho.success).toBe(false);
    expect(badRho.error?.issues[0]?.path).toEqual(['smileSkewRho']);
    expect(SpxModelConfigSchema.safeParse({ smileWingSlopePerZ: Number.NaN }).success).toBe(false);
    expect(SpxModelConfigSchema.safeParse({ vixTenorDays: 30.5 }).success).toBe(false);
    expect(SpxModelConfigSchema.safeParse({ vixTenorDay: 30 }).success).toBe(false);
  });

  it("refuses a smile whose total variance turns negative at a skew level the calibration may reach, naming the level that would be safe", () => {
    // smile.test.ts works the numbers: with zeta 2.5 the lower bound of m(z) is 1 - L * 0.48416, below 0
    // from L = 1 / 0.48416 = 2.065; the default skewLevelMax is 2.5. Such a config used to price a
    // high-SKEW day's options at a NaN vol, deep inside a backtest.
    const wide = SpxModelConfigSchema.safeParse({ smileSmoothingZ: 2.5 });
    expect(wide.success).toBe(false);
    expect(wide.error?.issues[0]?.path).toEqual(['skewLevelMax']);
    expect(wide.error?.issues[0]?.message).toBe(
      "the smile's total variance turns negative at skew level 2.5 (m(z) falls to -0.210 near z = 2.85): eta * zeta * (1 - sqrt(1 - rho^2)) must stay below 1 at every level the calibration may reach; lower smileWingSlopePerZ or smileSmoothingZ, or skewLevelMax below 2.065 with this shape",
    );
    // Below that level, or at the fitted level alone (no daily SKEW), the same shape is fine.
    expect(SpxModelConfigSchema.safeParse({ smileSmoothingZ: 2.5, skewLevelMax: 2 }).success).toBe(true);
    expect(SpxModelConfigSchema.safeParse({ smileSmoothingZ: 2.5, skewCalibration: 'off' }).success).toBe(true);
    // Without daily SKEW only level 1 (and the level without SKEW) is used: a shape negative there is named by its own field.
    const steep = SpxModelConfigSchema.safeParse({ smileSmoothingZ: 6, skewCalibration: 'off' });
    expect(steep.success).toBe(false);
    expect(steep.error?.issues[0]?.path).toEqual(['smileWingSlopePerZ']);
    // No level bound to lower there: the message names only the shape's fields.
    expect(steep.error?.issues[0]?.message).toMatch(/lower smileWingSlopePerZ or smileSmoothingZ$/);
  });
});
