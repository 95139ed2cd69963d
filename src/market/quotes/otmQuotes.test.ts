import { describe, expect, it } from 'vitest';
import { black76Price } from '../../pricing/black76.js';
import { parityForward, prepareOtmQuotes, type ChainQuote } from './otmQuotes.js';

const FORWARD = 2000;
const DISCOUNT = 0.995;
const T = 30 / 365;

function syntheticChain(halfSpread: number): ChainQuote[] {
  const rows: ChainQuote[] = [];
  for (let strike = 1600; strike <= 2400; strike += 25) {
    for (const type of ['call', 'put'] as const) {
      const vol = 0.2 - 0.3 * Math.log(strike / FORWARD);
      const mid = black76Price(type, FORWARD, strike, vol * Math.sqrt(T), DISCOUNT);
      rows.push({ quoteDay: 100, expiryDay: 130, type, strike, bid: Math.max(mid - halfSpread, 0), ask: mid + halfSpread });
    }
  }
  return rows;
}

describe('parityForward', () => {
  it('recovers the forward of a parity-consistent chain', () => {
    expect(parityForward(syntheticChain(0.2), DISCOUNT)).toBeCloseTo(FORWARD, 6);
  });

  it('has no answer without a strike quoted on both sides', () => {
    expect(parityForward([{ quoteDay: 1, expiryDay: 2, type: 'call', strike: 10, bid: 1, ask: 2 }], 1)).toBeUndefined();
  });
});

describe('prepareOtmQuotes', () => {
  it('keeps OTM quotes with a bid, recovers their vols from the mid, and counts what it leaves out', () => {
    const rows = [...syntheticChain(0.2), { quoteDay: 130, expiryDay: 130, type: 'call' as const, strike: 2000, bid: 1, ask: 2 }];
    const set = prepareOtmQuotes(rows, () => DISCOUNT);
    if (!set.ok) throw new Error(set.error.reason);
    for (const q of set.value.quotes) {
      expect(q.type === 'put' ? q.strike < q.forward : q.strike >= q.forward).toBe(true);
      expect(q.impliedVol).toBeCloseTo(0.2 - 0.3 * Math.log(q.strike / FORWARD), 6);
      expect(Math.sign(q.forwardDelta)).toBe(q.type === 'call' ? 1 : -1);
    }
    expect(set.value.excluded['in the money']).toBe(33);
    expect(set.value.excluded['expiry day']).toBe(1);
  });

  it('fails with a typed error when a discount factor is missing', () => {
    const set = prepareOtmQuotes(syntheticChain(0.2), () => Number.NaN);
    expect(!set.ok && set.error.kind).toBe('otm-quotes');
  });
});
