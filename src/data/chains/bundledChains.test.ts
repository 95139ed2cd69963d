import { describe, expect, it } from 'vitest';
import { dayFromIso } from '../../time/day.js';
import { formatChainLoadError, loadBundledChains, loadSpxOptionsFile } from './bundledChains.js';

/** Row counts and spot values as documented by the data's provenance notes. */
describe('loadBundledChains (real files)', () => {
  const loaded = loadBundledChains();
  if (!loaded.ok) throw new Error(formatChainLoadError(loaded.error));
  const chains = loaded.value;

  it('reads every row of every file', () => {
    expect(chains.spx20201201).toHaveLength(2072);
    expect(chains.zeroRates20201201).toHaveLength(45);
    expect(chains.spxw2018JanFeb).toHaveLength(14438);
    expect(chains.vix20160601).toHaveLength(882);
  });

  it('has 40 SPXW quote dates and the two expiries 2018-01-31 and 2018-02-28', () => {
    expect(new Set(chains.spxw2018JanFeb.map((q) => q.quoteDay)).size).toBe(40);
    expect([...new Set(chains.spxw2018JanFeb.map((q) => q.expiryDay))].sort()).toEqual([
      dayFromIso('2018-01-31'),
      dayFromIso('2018-02-28'),
    ]);
  });

  it('matches the documented 2018-02-05 spot values', () => {
    const call = chains.spxw2018JanFeb.find(
      (q) => q.quoteDay === dayFromIso('2018-02-05') && q.expiryDay === dayFromIso('2018-02-28') && q.type === 'call' && q.strike === 2500,
    );
    expect(call).toMatchObject({ underlyingLast: 2648.98, bid: 171.6, ask: 187.6, vendorImpliedVol: 0.3241 });
  });

  it('has the three 2020-12-01 expiries with equal call and put counts', () => {
    expect([...new Set(chains.spx20201201.map((q) => q.expiryDay))].sort()).toEqual(
      ['2020-12-18', '2021-01-15', '2021-02-19'].map(dayFromIso),
    );
    expect(chains.spx20201201.filter((q) => q.type === 'call')).toHaveLength(1036);
  });

  it('reports an unreadable file by name', () => {
    const missing = loadSpxOptionsFile('no-such-dir/spx.csv');
    expect(!missing.ok && formatChainLoadError(missing.error)).toContain('no-such-dir/spx.csv');
  });
});
