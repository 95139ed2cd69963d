import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DEFAULT_PROPERTY_SEED, propertySeedOf } from './propertySeed.js';

describe('property test seed', () => {
  it('every test file starts with the run seed (the fixed one unless ALVH_PROPERTY_SEED names another)', () => {
    expect(fc.readConfigureGlobal().seed).toBe(propertySeedOf(process.env.ALVH_PROPERTY_SEED));
  });

  it('reads ALVH_PROPERTY_SEED as an integer, falls back to the default, and refuses anything else', () => {
    expect(propertySeedOf(undefined)).toBe(DEFAULT_PROPERTY_SEED);
    expect(propertySeedOf('')).toBe(DEFAULT_PROPERTY_SEED);
    expect(propertySeedOf('42')).toBe(42);
    expect(() => propertySeedOf('4.2')).toThrow(/must be an integer, got '4.2'/);
  });
});
