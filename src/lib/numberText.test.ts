import { describe, expect, it } from 'vitest';
import { countText, fixedText, wholeUsdText } from './numberText.js';

describe('fixedText', () => {
  it('drops the sign of a value that rounds to zero, and only then', () => {
    // The default run's roll on a call side: a projected hedge payoff of -0.3 USD.
    expect((-0.3).toFixed(0)).toBe('-0');
    expect(fixedText(-0.3, 0)).toBe('0');
    expect(fixedText(-0.004, 2)).toBe('0.00');
    expect(fixedText(-0, 1)).toBe('0.0');
    expect(fixedText(-0.5, 0)).toBe('-1');
    expect(fixedText(-0.006, 2)).toBe('-0.01');
    expect(fixedText(-12.34, 1)).toBe('-12.3');
    expect(fixedText(0.3, 0)).toBe('0');
    expect(fixedText(604.4, 0)).toBe('604');
  });
});

describe('wholeUsdText', () => {
  it('groups thousands, rounds as fixedText does, and never writes -0', () => {
    // The claims check printed "hedge P&L over 2022: -50654 USD" beside tables that write -50,654.
    expect(wholeUsdText(-50_654.2)).toBe('-50,654');
    expect(wholeUsdText(1_000_000)).toBe('1,000,000');
    expect(wholeUsdText(999.5)).toBe('1,000');
    expect(wholeUsdText(-0.5)).toBe('-1');
    // A book's open P&L of -0.3 USD: Math.round gives -0, which toLocaleString writes "-0".
    expect(Math.round(-0.3).toLocaleString('en-US')).toBe('-0');
    expect(wholeUsdText(-0.3)).toBe('0');
    expect(wholeUsdText(-0)).toBe('0');
  });
});

describe('countText', () => {
  it('writes the singular noun for exactly one and the plural otherwise', () => {
    // A sweep of one distinct variant printed "1 variants" and "deflating for 1 trials".
    expect(countText(1, 'trial')).toBe('1 trial');
    expect(countText(2, 'trial')).toBe('2 trials');
    expect(countText(0, 'variant')).toBe('0 variants');
    expect(countText(1, 'quiet month')).toBe('1 quiet month');
    expect(countText(3, 'trading day')).toBe('3 trading days');
    expect(countText(2, 'child', 'children')).toBe('2 children');
  });
});
