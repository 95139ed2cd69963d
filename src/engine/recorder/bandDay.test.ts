import { describe, expect, it } from 'vitest';
import type { BandHeadroom } from '../../strategy/hedge/hedgeManager.js';
import { classifyBandDay, type BandDayInputs } from './bandDay.js';

const band = { min: 0.6, max: 1.2 };
const base: BandDayInputs = { hedgeRatio: 0.4, band, headroom: undefined, rebalanceRanToday: false, everyRungHeld: true, missingRungCooling: false };
// Condor exposure -1,000 USD/VIX pt, hedge 400: missing 0.6 x 1,000 - 400 = 200 USD/VIX pt.
const reachable: BandHeadroom = { missingExposureUsd: 200, unitsNeeded: 14, unitsAllowed: 14, allowedPremiumUsd: 5_000, reachable: true, boundBy: undefined };
const capped: BandHeadroom = { missingExposureUsd: 200, unitsNeeded: 14, unitsAllowed: 0, allowedPremiumUsd: 90, reachable: false, boundBy: 'hedge.caps.maxDrag' };

describe('classifyBandDay', () => {
  it('in the band at both edges, above it past the top', () => {
    expect(classifyBandDay({ ...base, hedgeRatio: 0.6 }).status).toBe('in-band');
    expect(classifyBandDay({ ...base, hedgeRatio: 1.2 }).status).toBe('in-band');
    expect(classifyBandDay({ ...base, hedgeRatio: 1.21 }).status).toBe('above-band');
  });

  it('below the band: the cap that blocks when the caps leave too little', () => {
    expect(classifyBandDay({ ...base, headroom: capped })).toEqual({ status: 'below-band-capped', cap: 'hedge.caps.maxDrag', missingExposureUsd: 200, allowedPremiumUsd: 90 });
  });

  it('below the band with headroom: why nothing reached it, in order of what the day did', () => {
    const why = (o: Partial<BandDayInputs>) => {
      const b = classifyBandDay({ ...base, headroom: reachable, ...o });
      return b.status === 'below-band-headroom' ? b.reason : b.status;
    };
    expect(why({ rebalanceRanToday: true, everyRungHeld: true })).toBe('rebalance-short');
    expect(why({ everyRungHeld: true })).toBe('rebalance-interval');
    expect(why({ everyRungHeld: false, missingRungCooling: true })).toBe('rung-missing-cooldown');
    expect(why({ everyRungHeld: false, missingRungCooling: false })).toBe('rung-missing-no-trigger');
  });
});
