import { describe, expect, it } from 'vitest';
import { fixedText } from './numberText.js';

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
