import { describe, expect, it } from 'vitest';
import type { BandHeadroom } from '../../strategy/hedge/hedgeManager.js';
import { dayFromIso } from '../../time/day.js';
import type { BandDay, DecisionRecord } from '../records.js';
import { bandDayEvents, classifyBandDay, type BandDayInputs } from './bandDay.js';

const band = { min: 0.6, max: 1.2 };
const noEvents = { condorExited: false, condorRolled: false, layerRolled: false, layerAdded: false };
// Condor exposure -1,000 USD/VIX pt, hedge 400 (ratio 0.4); the day before the same book.
const book = { condorVixExposureUsd: -1_000, hedgeVixExposureUsd: 400, openCondors: 1 };
const base: BandDayInputs = { hedgeRatio: 0.4, band, headroom: undefined, rebalanceRanToday: false, rebalanceTrimmedToday: false, fullyLayered: true, bandApplies: true, topUpWithheld: false, missingRungCooling: false, today: book, previous: book, events: noEvents };
// Missing 0.6 x 1,000 - 400 = 200 USD/VIX pt.
const reachable: BandHeadroom = { missingExposureUsd: 200, unitsNeeded: 14, unitsAllowed: 14, allowedPremiumUsd: 5_000, reachable: true, boundBy: undefined };
const capped: BandHeadroom = { missingExposureUsd: 200, unitsNeeded: 14, unitsAllowed: 0, allowedPremiumUsd: 90, reachable: false, boundBy: 'hedge.caps.maxDrag' };

/** Above the band: hedge 1,300 against a condor at -1,000 (ratio 1.3), 100 USD/VIX pt over the top. */
const above: Partial<BandDayInputs> = { hedgeRatio: 1.3, today: { ...book, hedgeVixExposureUsd: 1_300 } };
const aboveDay = (o: Partial<BandDayInputs>) => {
  const b = classifyBandDay({ ...base, ...above, ...o });
  if (b.status !== 'above-band') throw new Error(`expected above-band, got ${b.status}`);
  return b;
};

describe('classifyBandDay', () => {
  it('in the band at both edges, above it past the top; the fully layered and band-applies flags are carried', () => {
    expect(classifyBandDay({ ...base, hedgeRatio: 0.6 })).toEqual({ status: 'in-band', fullyLayered: true, bandApplies: true });
    expect(classifyBandDay({ ...base, hedgeRatio: 1.2, fullyLayered: false })).toEqual({ status: 'in-band', fullyLayered: false, bandApplies: true });
    expect(classifyBandDay({ ...base, hedgeRatio: 1.2, fullyLayered: false, bandApplies: false })).toEqual({ status: 'in-band', fullyLayered: false, bandApplies: false });
    expect(classifyBandDay({ ...base, ...above }).status).toBe('above-band');
  });

  it('below the band: the cap that blocks when the caps leave too little', () => {
    expect(classifyBandDay({ ...base, headroom: capped })).toEqual({ status: 'below-band-capped', cap: 'hedge.caps.maxDrag', missingExposureUsd: 200, allowedPremiumUsd: 90, fullyLayered: true, bandApplies: true });
  });

  it('below the band with headroom: why nothing reached it, in order of what the day did', () => {
    const why = (o: Partial<BandDayInputs>) => {
      const b = classifyBandDay({ ...base, headroom: reachable, ...o });
      return b.status === 'below-band-headroom' ? b.reason : b.status;
    };
    expect(why({ rebalanceRanToday: true })).toBe('rebalance-short');
    expect(why({ bandApplies: true })).toBe('rebalance-interval');
    // A rung lost after the ladder was complete: the band still applies, the rebalance will run.
    expect(why({ fullyLayered: false, bandApplies: true })).toBe('rebalance-interval');
    // A resolution, or every layer left to decay: the rebalance buys nothing by rule, run or not.
    expect(why({ topUpWithheld: true })).toBe('let-decay');
    expect(why({ topUpWithheld: true, rebalanceRanToday: true })).toBe('let-decay');
    // ...but before the band applies the missing rung is the reason.
    expect(why({ topUpWithheld: true, fullyLayered: false, bandApplies: false })).toBe('rung-missing-no-trigger');
    expect(why({ fullyLayered: false, bandApplies: false, missingRungCooling: true })).toBe('rung-missing-cooldown');
    expect(why({ fullyLayered: false, bandApplies: false, missingRungCooling: false })).toBe('rung-missing-no-trigger');
  });

  it('above the band: why no trim brought it back, and the exposure over the top', () => {
    expect(aboveDay({}).excessExposureUsd).toBeCloseTo(1_300 - 1.2 * 1_000, 9);
    expect(aboveDay({ rebalanceRanToday: true, rebalanceTrimmedToday: true }).reason).toBe('rebalance-trim-short');
    expect(aboveDay({ rebalanceRanToday: true }).reason).toBe('rebalance-no-trim');
    expect(aboveDay({ bandApplies: true }).reason).toBe('rebalance-interval');
    expect(aboveDay({ fullyLayered: false, bandApplies: true }).reason).toBe('rebalance-interval');
    expect(aboveDay({ fullyLayered: false, bandApplies: false }).reason).toBe('not-fully-layered');
  });

  it('above the band: what lifted it there, the day\'s decisions first', () => {
    expect(aboveDay({ previous: { ...book, openCondors: 2 } }).cause).toBe('condor-closed');
    expect(aboveDay({ events: { ...noEvents, condorExited: true, layerRolled: true } }).cause).toBe('condor-closed');
    expect(aboveDay({ events: { ...noEvents, condorRolled: true, layerRolled: true } }).cause).toBe('condor-rolled');
    expect(aboveDay({ events: { ...noEvents, layerRolled: true, layerAdded: true } }).cause).toBe('layer-rolled');
    expect(aboveDay({ events: { ...noEvents, layerAdded: true } }).cause).toBe('layer-added');
  });

  it('above the band: otherwise the exposure that moved the ratio more, in log terms', () => {
    // Yesterday hedge 1,000 against -1,000 (ratio 1.0). Today hedge 1,100 against -900: ratio 1.222;
    // ln(1,100 / 1,000) = 0.0953 from the hedge, -ln(900 / 1,000) = 0.1054 from the condor: the condor.
    const previous = { ...book, hedgeVixExposureUsd: 1_000 };
    expect(aboveDay({ hedgeRatio: 1_100 / 900, today: { ...book, condorVixExposureUsd: -900, hedgeVixExposureUsd: 1_100 }, previous }).cause).toBe('condor-exposure-fell');
    // Today hedge 1,150 against -950: ln 1.15 = 0.1398 against -ln 0.95 = 0.0513: the hedge.
    expect(aboveDay({ hedgeRatio: 1_150 / 950, today: { ...book, condorVixExposureUsd: -950, hedgeVixExposureUsd: 1_150 }, previous }).cause).toBe('hedge-exposure-rose');
    // No previous close to compare with: put on the hedge's side.
    expect(aboveDay({ previous: undefined }).cause).toBe('hedge-exposure-rose');
  });

  it('a spell above the band keeps the cause of its first day', () => {
    const before: BandDay = { status: 'above-band', reason: 'rebalance-interval', cause: 'condor-rolled', excessExposureUsd: 10, fullyLayered: true, bandApplies: true };
    expect(aboveDay({ previous: { ...book, band: before }, events: { ...noEvents, layerAdded: true } }).cause).toBe('condor-rolled');
    // After a day inside the band, the cause is judged afresh.
    expect(aboveDay({ previous: { ...book, band: { status: 'in-band', fullyLayered: true, bandApplies: true } }, events: { ...noEvents, layerAdded: true } }).cause).toBe('layer-added');
  });
});

describe('bandDayEvents', () => {
  const day = dayFromIso('2021-01-05');
  const d = (dayIso: string, action: DecisionRecord['action'], group: string | undefined, figures: DecisionRecord['figures'] = {}): DecisionRecord => ({ day: dayFromIso(dayIso), action, rule: 'r', reason: '', group, figures });

  it('reads only the day\'s decisions, from the end of the log', () => {
    const log = [d('2021-01-04', 'exit-condor', 'condor-1'), d('2021-01-04', 'roll-layer', 'hedge-2'), d('2021-01-05', 'roll-condor', 'condor-3')];
    expect(bandDayEvents(log, day)).toEqual({ condorExited: false, condorRolled: true, layerRolled: false, layerAdded: false });
  });

  it('counts a layer bought, not an add that bought nothing; a rebalance only when it bought contracts', () => {
    expect(bandDayEvents([d('2021-01-05', 'add-layer', undefined, { layer: 2 })], day).layerAdded).toBe(false);
    expect(bandDayEvents([d('2021-01-05', 'add-layer', 'hedge-4', { contracts: 3 })], day).layerAdded).toBe(true);
    expect(bandDayEvents([d('2021-01-05', 'rebalance', undefined, { contractsSold: 5 })], day).layerAdded).toBe(false);
    expect(bandDayEvents([d('2021-01-05', 'rebalance', 'hedge-4', { contractsBought: 2 })], day).layerAdded).toBe(true);
    expect(bandDayEvents([d('2021-01-05', 'exit-condor', 'condor-1')], day).condorExited).toBe(true);
  });
});
