/**
 * Assembles the market-model sections of `alvh validate` from a market history and the bundled option
 * chains: maps the chain rows and history series to the plain inputs the pure section builders take.
 */
import type { ChainQuote } from '../market/quotes/otmQuotes.js';
import type { BundledChains } from '../data/chains/bundledChains.js';
import type { VixOptionQuote as VixChainRow } from '../data/chains/types.js';
import type { MarketHistory } from '../history/types.js';
import { err, ok, type Result } from '../lib/result.js';
import type { SpreadModelConfig } from '../market/spread/config.js';
import { spreadObservations } from '../market/spread/observations.js';
import { buildSpreadSection } from './spread.js';
import type { VixOptionModelConfig } from '../market/vix/config.js';
import { vixMarketDayFromHistory, type VixMarketDay, type VixMarketDayError } from '../market/vix/marketDay.js';
import { buildVixOptionSection, type VvixObservation } from './vix.js';
import { dayFromIso, isoFromDay, type DayNumber } from '../time/day.js';
import { FIT_CHAINS } from '../market/holdOut.js';
import type { SectionsWithSummary } from './summary.js';

/** The quote day of the bundled VIX option chain. */
export const VIX_CHAIN_QUOTE_DAY_ISO = FIT_CHAINS['vix_options_20160601.csv'];

/** The VIX spike of the stress check and the April expiry a 30-45 day hedge layer bought that day. */
export const VIX_STRESS_DAY_ISO = '2020-03-16';
export const VIX_STRESS_EXPIRY_ISO = '2020-04-15';

/** Every day with a VVIX close and a VX futures curve, for the daily VVIX residual. */
export function vvixMarketDays(history: MarketHistory): VixMarketDay[] {
  return vvixObservations(history).flatMap((o) => {
    const day = vixMarketDayFromHistory(history, o.day);
    return day.ok && day.value.vvix !== undefined ? [day.value] : [];
  });
}

/** End-of-day quotes of the VIX chain (the 15:45 snapshot is not used). */
export function vixQuotesFromChain(rows: readonly VixChainRow[]): ChainQuote[] {
  return rows.map((r) => ({ quoteDay: r.quoteDay, expiryDay: r.expiryDay, type: r.type, strike: r.strike, bid: r.bidEod, ask: r.askEod }));
}

/** Days with both a VIX and a VVIX close, ascending. */
export function vvixObservations(history: MarketHistory): VvixObservation[] {
  const vvix = history.series('vvix');
  if (vvix === undefined) return [];
  const rows: VvixObservation[] = [];
  for (let i = 0; i < vvix.length; i += 1) {
    const day = vvix.days[i] as DayNumber;
    const vix = history.closeOn('vix', day);
    if (vix !== undefined) rows.push({ day, vix, vvix: vvix.close[i] as number });
  }
  return rows;
}

export function vixChainMarketDay(history: MarketHistory): Result<VixMarketDay, VixMarketDayError> {
  return vixMarketDayFromHistory(history, dayFromIso(VIX_CHAIN_QUOTE_DAY_ISO));
}

export type MarketModelReportError = { kind: 'history-incomplete'; detail: string };

export function buildMarketModelSections(
  history: MarketHistory,
  chains: BundledChains,
  configs: { readonly vix: VixOptionModelConfig; readonly spread: SpreadModelConfig },
): Result<SectionsWithSummary, MarketModelReportError> {
  const market = vixChainMarketDay(history);
  if (!market.ok) {
    return err({ kind: 'history-incomplete', detail: `no ${market.error.series} on ${isoFromDay(market.error.day)} for the VIX option chain` });
  }
  const vixQuotes = vixQuotesFromChain(chains.vix20160601);
  const stress = vixMarketDayFromHistory(history, dayFromIso(VIX_STRESS_DAY_ISO));
  const vix = buildVixOptionSection({
    config: configs.vix,
    market: market.value,
    quotes: vixQuotes,
    vvixHistory: vvixObservations(history),
    ...(stress.ok ? { stressDay: { market: stress.value, expiryDay: dayFromIso(VIX_STRESS_EXPIRY_ISO) } } : {}),
    vvixDays: vvixMarketDays(history),
  });
  const vixCloseOn = (day: DayNumber): number | undefined => history.closeOn('vix', day);
  const spread = buildSpreadSection({
    config: configs.spread,
    spxFit: spreadObservations(chains.spx20201201, vixCloseOn),
    vixFit: spreadObservations(vixQuotes, vixCloseOn),
    spxHeldOut: spreadObservations(chains.spxw2018JanFeb, vixCloseOn),
  });
  return ok({ sections: [vix.section, spread.section], summary: [...vix.summary, ...spread.summary], targets: [...(vix.targets ?? []), ...(spread.targets ?? [])] });
}
