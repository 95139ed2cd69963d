import { describe, expect, it } from 'vitest';
import { fitSetQuotes } from '../../../../test/support/chainQuotes.js';
import { DEFAULT_SPX_MODEL_CONFIG } from '../config.js';
import { atmVolFromQuotes, fitSmileShape } from './skewFit.js';

/** The recorded defaults keep four significant digits. */
const RECORDED_VALUE_TOLERANCE = 5e-4;

describe('fitSmileShape on the 2020-12-01 SPX chain (the fit set)', () => {
  const quotes = fitSetQuotes();
  const fit = fitSmileShape(quotes.quotes);
  if (!fit.ok) throw new Error(fit.error.reason);

  it('gives the smile parameters recorded in the config defaults', () => {
    expect(Math.abs(fit.value.shape.wingSlopePerZ - DEFAULT_SPX_MODEL_CONFIG.smileWingSlopePerZ)).toBeLessThan(RECORDED_VALUE_TOLERANCE);
    expect(Math.abs(fit.value.shape.skewRho - DEFAULT_SPX_MODEL_CONFIG.smileSkewRho)).toBeLessThan(RECORDED_VALUE_TOLERANCE);
    expect(Math.abs(fit.value.shape.smoothingZ - DEFAULT_SPX_MODEL_CONFIG.smileSmoothingZ)).toBeLessThan(RECORDED_VALUE_TOLERANCE);
  });

  it('fits the chain to well under one vol point RMS, on all three expiries', () => {
    expect(fit.value.rmsErrorVolPoints).toBeLessThan(1);
    expect(fit.value.atmVolByExpiryDay.size).toBe(3);
    expect(fit.value.quoteCount).toBeGreaterThan(500);
  });

  it('reads an ATM vol between its two neighbouring strikes', () => {
    const first = [...fit.value.atmVolByExpiryDay.values()][0] as number;
    expect(first).toBeGreaterThan(0.1);
    expect(first).toBeLessThan(0.3);
  });

  it('refuses a set with too few quotes', () => {
    expect(fitSmileShape(quotes.quotes.slice(0, 5)).ok).toBe(false);
    expect(atmVolFromQuotes([])).toBeUndefined();
  });
});
