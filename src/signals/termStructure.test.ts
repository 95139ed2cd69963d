import { describe, expect, it } from 'vitest';
import type { TermStructurePoint } from '../history/types.js';
import { futuresSlope, spotTermRatio } from './termStructure.js';

const point = (contract: string, dteDays: number, settle: number): TermStructurePoint => ({ contract, expiryDay: 20000 + dteDays, dteDays, settle });

describe('futuresSlope', () => {
  it('is (M2 - M1) / M1 of the first two contracts', () => {
    const slope = futuresSlope([point('VXG18', 14, 14), point('VXH18', 42, 15.4), point('VXJ18', 70, 16)], 1);
    expect(slope?.front.contract).toBe('VXG18');
    expect(slope?.contango).toBeCloseTo(0.1, 12);
  });

  it('skips a front contract that expires today', () => {
    const slope = futuresSlope([point('VXF18', 0, 11), point('VXG18', 28, 20), point('VXH18', 56, 18)], 1);
    expect([slope?.front.contract, slope?.second.contract]).toEqual(['VXG18', 'VXH18']);
    expect(slope?.contango).toBeCloseTo(-0.1, 12);
  });

  it('is unavailable with fewer than two contracts', () => {
    expect(futuresSlope([point('VXF18', 10, 11)], 1)).toBeUndefined();
    expect(futuresSlope([], 1)).toBeUndefined();
  });
});

describe('spotTermRatio', () => {
  it('is inverted at or above 1', () => {
    expect(spotTermRatio(20, 20, 1)).toEqual({ vixToVix3m: 1, inverted: true });
    expect(spotTermRatio(15, 17, 1).inverted).toBe(false);
    expect(spotTermRatio(37.32, 28.1, 1).inverted).toBe(true);
  });
});
