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
});
