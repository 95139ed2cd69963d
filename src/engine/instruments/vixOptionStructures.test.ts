import { describe, expect, it } from 'vitest';
import { isPairedShortLeg, spreadWidthsOf } from './vixOptionStructures.js';
import { parseStrategyConfig } from '../../strategy/config.js';

const expiry = 14_630;
const call = (strike: number, expiryDay = expiry) => ({ type: 'call', strike, expiryDay });
const put = (strike: number) => ({ type: 'put', strike, expiryDay: expiry });

describe('isPairedShortLeg', () => {
  it('a call-spread layer pairs a bought call with the call its width above, not any sold call of the expiry', () => {
    // A layer that bought the 33/43 spread one day and the 36/46 spread another holds sold calls at 43
    // and 46 on one expiry: the 33 call goes with the 43, the 36 call with the 46.
    const widths = spreadWidthsOf(parseStrategyConfig({ name: 'x', hedge: { instrument: 'call-spread', callSpreadWidthPoints: 10 } }, 'test'));
    expect(widths.callSpreadPoints).toBe(10);
    expect(isPairedShortLeg('vix-calls', call(33), call(43), widths)).toBe(true);
    expect(isPairedShortLeg('vix-calls', call(33), call(46), widths)).toBe(false);
    expect(isPairedShortLeg('vix-calls', call(36), call(46), widths)).toBe(true);
    expect(isPairedShortLeg('vix-calls', call(33), call(43, expiry + 28), widths)).toBe(false);
  });

  it('a put spread pairs by its width; plain calls have no width and pair by expiry; a calendar by strike and an earlier expiry', () => {
    const defaults = spreadWidthsOf(parseStrategyConfig({ name: 'x' }, 'test'));
    expect(defaults.callSpreadPoints).toBeUndefined();
    expect(isPairedShortLeg('vix-put-spread', put(15), put(15 + defaults.putSpreadPoints), defaults)).toBe(true);
    expect(isPairedShortLeg('vix-put-spread', put(15), put(16 + defaults.putSpreadPoints), defaults)).toBe(false);
    expect(isPairedShortLeg('vix-calls', call(33), call(46), defaults)).toBe(true);
    expect(isPairedShortLeg('vix-calendar', call(33), call(33, expiry - 28), defaults)).toBe(true);
    expect(isPairedShortLeg('vix-calendar', call(33), call(33, expiry + 28), defaults)).toBe(false);
  });
});
