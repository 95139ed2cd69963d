import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DEFAULT_PROPERTY_SEED } from './propertySeed.js';

describe('property test seed', () => {
  it('every test file starts with the run seed (the fixed one unless ALVH_PROPERTY_SEED names another)', () => {
    const wanted = process.env.ALVH_PROPERTY_SEED ? Number(process.env.ALVH_PROPERTY_SEED) : DEFAULT_PROPERTY_SEED;
    expect(fc.readConfigureGlobal().seed).toBe(wanted);
  });
});
