/**
 * The quote checks of an import. A quote that can be read but is not a usable quote of a known
 * SPX or VIX option is rejected and counted with its reason; it never reaches the store.
 */
import type { ChainImportConfig } from './config.js';
import type { RawQuote } from './formats/format.js';
import type { CanonicalQuote, ChainUnderlying, RejectReason } from './types.js';

/** Vendor spellings of the two underlyings (DataShop `^SPX`, some files `$SPX`, HOD `SPXW`). */
const UNDERLYING_BY_SYMBOL: Readonly<Record<string, ChainUnderlying>> = {
  SPX: 'SPX',
  SPXW: 'SPX',
  VIX: 'VIX',
};

export function underlyingOf(symbol: string): ChainUnderlying | undefined {
  const bare = symbol.trim().toUpperCase().replace(/^[\^$.]/, '');
  return Object.hasOwn(UNDERLYING_BY_SYMBOL, bare) ? UNDERLYING_BY_SYMBOL[bare] : undefined;
}

export type CheckOutcome = { readonly ok: true; readonly quote: CanonicalQuote } | { readonly ok: false; readonly reason: RejectReason };

export function checkQuote(raw: RawQuote, config: ChainImportConfig): CheckOutcome {
  const underlying = underlyingOf(raw.underlyingSymbol);
  if (underlying === undefined) return { ok: false, reason: 'other underlying' };
  if (raw.bid === undefined || raw.ask === undefined) return { ok: false, reason: 'one side not quoted' };
  if (raw.bid < 0 || raw.ask < 0) return { ok: false, reason: 'negative price' };
  if (raw.bid > raw.ask) return { ok: false, reason: 'bid above ask' };
  if (!(raw.expiryDay > raw.quoteDay)) return { ok: false, reason: 'expiry not after quote date' };
  const roots = config.knownRoots[underlying];
  const root = raw.root?.toUpperCase();
  if (root === undefined || !Object.hasOwn(roots, root)) return { ok: false, reason: 'unknown root' };
  const settlement = roots[root] as 'AM' | 'PM';
  if (raw.statedSettlement !== undefined && raw.statedSettlement !== settlement) return { ok: false, reason: 'settlement style mismatch' };
  return {
    ok: true,
    quote: {
      underlying,
      root,
      settlement,
      quoteDay: raw.quoteDay,
      expiryDay: raw.expiryDay,
      right: raw.right,
      strike: raw.strike,
      bid: raw.bid,
      ask: raw.ask,
      underlyingPrice: raw.underlyingPrice,
      volume: raw.volume,
    },
  };
}
