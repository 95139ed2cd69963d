/**
 * The chain fixtures: small slices of the three bundled real chains (SPXW Jan-Feb 2018, SPX
 * 2020-12-01, VIX 2016-06-01) written in every vendor layout. Every layout of a set carries the same
 * quotes, so importing any of them must give the same store content. test/fixtures/chains holds the
 * committed output; test/fixtures/chains/generate.mjs rewrites it.
 */
import { join } from 'node:path';
import { loadBundledChains, type BundledChains } from '../data/chains/bundledChains.js';
import { dayFromIso, type DayNumber } from '../time/day.js';
import { LAYOUT_WRITERS, type LayoutQuote } from './layouts.js';

export const FIXTURE_SETS = ['spxw2018', 'spx20201201', 'vix20160601'] as const;
export type FixtureSet = (typeof FIXTURE_SETS)[number];
export const FIXTURE_LAYOUTS = ['optionsdx', 'datashop', 'datashop-calcs', 'orats', 'hod', 'canonical'] as const;
export type FixtureLayout = (typeof FIXTURE_LAYOUTS)[number];

/** SPX close of 2020-12-01 (data/spx_daily.csv): the OptionMetrics-style sample has no underlying column. */
export const SPX_CLOSE_20201201 = 3662.45;

/** File names as the vendors name theirs (OptionsDX's spx_/vix_ prefix also tells the underlying). */
export function fixtureFileName(set: FixtureSet, layout: FixtureLayout): string {
  const prefix = set.startsWith('vix') ? 'vix' : 'spx';
  switch (layout) {
    case 'optionsdx':
      return `${prefix}_eod_${set}.txt`;
    case 'datashop':
      return `UnderlyingOptionsEODQuotes_${set}.csv`;
    case 'datashop-calcs':
      return `UnderlyingOptionsEODCalcs_${set}.csv`;
    case 'orats':
      return `orats_smv_strikes_${set}.csv`;
    case 'hod':
      return `hod_L2_${set}.csv`;
    case 'canonical':
      return `alvh_chain_${set}.csv`;
  }
}

const inList = (days: readonly string[]) => new Set(days.map(dayFromIso));

/** An SPX quote of a bundled chain as the layouts write it; the two SPX sets differ in what `set` gives. */
function spxLayoutQuote(
  q: Pick<BundledChains['spx20201201'][number], 'quoteDay' | 'expiryDay' | 'type' | 'strike' | 'bid' | 'ask'>,
  set: Pick<LayoutQuote, 'root' | 'settlement' | 'underlyingPrice' | 'volume'>,
): LayoutQuote {
  return {
    underlying: 'SPX',
    root: set.root,
    settlement: set.settlement,
    quoteDay: q.quoteDay,
    expiryDay: q.expiryDay,
    right: q.type === 'call' ? 'C' : 'P',
    strike: q.strike,
    bid: q.bid,
    ask: q.ask,
    underlyingPrice: set.underlyingPrice,
    volume: set.volume,
  };
}

/** Whole quotes of a slice: the selection is by day and strike only, so each slice is a real sub-chain. */
export function fixtureQuotes(chains: BundledChains, set: FixtureSet, selection: { days?: ReadonlySet<DayNumber>; strike?: (k: number) => boolean } = {}): LayoutQuote[] {
  const keepDay = (d: DayNumber) => selection.days === undefined || selection.days.has(d);
  const keepStrike = (k: number) => selection.strike === undefined || selection.strike(k);
  switch (set) {
    case 'spxw2018':
      return chains.spxw2018JanFeb
        .filter((q) => keepDay(q.quoteDay) && keepStrike(q.strike))
        .map((q) => spxLayoutQuote(q, { root: 'SPXW', settlement: 'PM', underlyingPrice: q.underlyingLast, volume: q.volume }));
    case 'spx20201201':
      return chains.spx20201201
        .filter((q) => keepDay(q.quoteDay) && keepStrike(q.strike))
        .map((q) => spxLayoutQuote(q, { root: 'SPX', settlement: 'AM', underlyingPrice: SPX_CLOSE_20201201, volume: undefined }));
    case 'vix20160601':
      return chains.vix20160601
        .filter((q) => keepDay(q.quoteDay) && keepStrike(q.strike))
        .map((q) => ({
          underlying: 'VIX',
          root: q.root,
          settlement: 'AM',
          quoteDay: q.quoteDay,
          expiryDay: q.expiryDay,
          right: q.type === 'call' ? 'C' : 'P',
          strike: q.strike,
          bid: q.bid1545,
          ask: q.ask1545,
          underlyingPrice: 0.5 * (q.underlyingBid1545 + q.underlyingAsk1545),
          volume: q.tradeVolume,
          eod: { bid: q.bidEod, ask: q.askEod, underlyingPrice: 0.5 * (q.underlyingBidEod + q.underlyingAskEod) },
          bidSize: q.bidSize1545,
          askSize: q.askSize1545,
        }));
  }
}

/**
 * The committed slices: three SPXW days around the January expiry and the February sell-off, 50-point
 * strikes near the money; the SPX day's 50-point strikes 3500-3800; the VIX day's whole strikes 12-25
 * (both roots, so the BVZ rows show the unknown-root check).
 */
export function committedFixtureQuotes(chains: BundledChains, set: FixtureSet): LayoutQuote[] {
  switch (set) {
    case 'spxw2018':
      return fixtureQuotes(chains, set, { days: inList(['2018-01-31', '2018-02-01', '2018-02-05']), strike: (k) => k >= 2600 && k <= 2850 && k % 50 === 0 });
    case 'spx20201201':
      return fixtureQuotes(chains, set, { strike: (k) => k >= 3500 && k <= 3800 && k % 50 === 0 });
    case 'vix20160601':
      return fixtureQuotes(chains, set, { strike: (k) => k >= 12 && k <= 25 && Number.isInteger(k) });
  }
}

/** A layout's file text for `quotes`; OptionsDX has no root column, so it carries only the roots it can tell apart. */
export function layoutText(layout: FixtureLayout, quotes: readonly LayoutQuote[]): string {
  const representable = layout === 'optionsdx' ? quotes.filter((q) => (q.underlying === 'VIX' ? q.root === 'VIX' : q.root === 'SPX' || q.root === 'SPXW')) : quotes;
  return LAYOUT_WRITERS[layout](representable);
}

/** Every committed fixture file: relative path -> text. */
export function buildChainFixtures(dataDir?: string): Map<string, string> {
  const chains = loadBundledChains(dataDir);
  if (!chains.ok) throw new Error(`cannot read the bundled chains: ${JSON.stringify(chains.error)}`);
  const files = new Map<string, string>();
  for (const set of FIXTURE_SETS) {
    const quotes = committedFixtureQuotes(chains.value, set);
    for (const layout of FIXTURE_LAYOUTS) files.set(join(set, fixtureFileName(set, layout)), layoutText(layout, quotes));
  }
  return files;
}
