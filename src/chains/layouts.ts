/**
 * Writes quotes in each vendor layout alvh reads, cell for cell as the vendors lay them out. Used to
 * build the test fixtures from the bundled real chains and the generated benchmark file; columns the
 * source does not have (vendor greeks, sizes of a chain that has none) are left empty, never invented.
 */
import { isoFromDay, yearFractionAct365, ymdFromDay, type DayNumber } from '../time/day.js';
import { formatOsiSymbol } from './osi.js';
import type { CanonicalQuote } from './types.js';
import { CANONICAL_COLUMNS } from './formats/canonical.js';
import type { ChainFormatId } from './formats/format.js';

/** A quote with what some layouts carry besides the canonical fields. */
export interface LayoutQuote extends CanonicalQuote {
  /** DataShop's second snapshot (the canonical bid/ask are the 15:45 one); defaults to the same quote. */
  readonly eod?: { readonly bid: number; readonly ask: number; readonly underlyingPrice: number | undefined };
  readonly bidSize?: number;
  readonly askSize?: number;
}

const SECONDS_PER_DAY = 86_400;
/** 16:00 New York in winter (21:00 UTC): the OptionsDX quote time and a PM expiry. */
const PM_UTC_SECONDS = 21 * 3_600;
/** 09:30 New York in winter (14:30 UTC): an AM-settled expiry. */
const AM_UTC_SECONDS = 14 * 3_600 + 1_800;

const opt = (v: number | undefined) => (v === undefined ? '' : String(v));
const usDate = (day: DayNumber) => {
  const { year, month, dayOfMonth } = ymdFromDay(day);
  return `${month}/${dayOfMonth}/${year}`;
};
const osi = (q: CanonicalQuote, padded: boolean) => {
  const text = formatOsiSymbol({ root: q.root, expiryDay: q.expiryDay, right: q.right, strike: q.strike }, isoFromDay);
  return padded ? text : text.replace(/ +/, '');
};
const sizes = (q: LayoutQuote) => (q.bidSize === undefined || q.askSize === undefined ? '' : `"${q.bidSize} x ${q.askSize}"`);

/** Wide layouts hold the call and the put of one strike on one row. */
function pairs(quotes: readonly LayoutQuote[]): { call: LayoutQuote | undefined; put: LayoutQuote | undefined; any: LayoutQuote }[] {
  const byKey = new Map<string, { call: LayoutQuote | undefined; put: LayoutQuote | undefined; any: LayoutQuote }>();
  for (const q of quotes) {
    const key = `${q.quoteDay}|${q.root}|${q.expiryDay}|${q.strike}`;
    const entry = byKey.get(key) ?? { call: undefined, put: undefined, any: q };
    if (q.right === 'C') entry.call = q;
    else entry.put = q;
    byKey.set(key, entry);
  }
  return [...byKey.values()];
}

const OPTIONSDX_COLUMNS = [
  'QUOTE_UNIXTIME', 'QUOTE_READTIME', 'QUOTE_DATE', 'QUOTE_TIME_HOURS', 'UNDERLYING_LAST', 'EXPIRE_DATE', 'EXPIRE_UNIX', 'DTE',
  'C_DELTA', 'C_GAMMA', 'C_VEGA', 'C_THETA', 'C_RHO', 'C_IV', 'C_VOLUME', 'C_LAST', 'C_SIZE', 'C_BID', 'C_ASK', 'STRIKE',
  'P_BID', 'P_ASK', 'P_SIZE', 'P_LAST', 'P_DELTA', 'P_GAMMA', 'P_VEGA', 'P_THETA', 'P_RHO', 'P_IV', 'P_VOLUME', 'STRIKE_DISTANCE', 'STRIKE_DISTANCE_PCT',
];

/** OptionsDX: bracketed, space-padded headers and cells; no root column (the expiry time tells AM from PM). */
export function writeOptionsDx(quotes: readonly LayoutQuote[]): string {
  const lines = [OPTIONSDX_COLUMNS.map((c) => `[${c}]`).join(', ')];
  for (const { call, put, any } of pairs(quotes)) {
    const quoteIso = isoFromDay(any.quoteDay);
    const expireUnix = any.expiryDay * SECONDS_PER_DAY + (any.settlement === 'AM' ? AM_UTC_SECONDS : PM_UTC_SECONDS);
    const under = any.underlyingPrice;
    const distance = under === undefined ? '' : String(Number(Math.abs(any.strike - under).toFixed(2)));
    const distancePct = under === undefined ? '' : String(Number((Math.abs(any.strike - under) / under).toFixed(3)));
    const cells = [
      String(any.quoteDay * SECONDS_PER_DAY + PM_UTC_SECONDS), `${quoteIso} 16:00`, quoteIso, '16.000000', opt(under), isoFromDay(any.expiryDay), String(expireUnix),
      (any.expiryDay - any.quoteDay).toFixed(6),
      '', '', '', '', '', '', call === undefined ? '' : opt(call.volume), '', call === undefined ? '' : sizes(call), call === undefined ? '' : String(call.bid), call === undefined ? '' : String(call.ask),
      String(any.strike),
      put === undefined ? '' : String(put.bid), put === undefined ? '' : String(put.ask), put === undefined ? '' : sizes(put), '', '', '', '', '', '', '', put === undefined ? '' : opt(put.volume),
      distance, distancePct,
    ];
    lines.push(cells.join(', '));
  }
  return `${lines.join('\n')}\n`;
}

const DATASHOP_HEAD = ['underlying_symbol', 'quote_date', 'root', 'expiration', 'strike', 'option_type', 'open', 'high', 'low', 'close', 'trade_volume', 'bid_size_1545', 'bid_1545', 'ask_size_1545', 'ask_1545', 'underlying_bid_1545', 'underlying_ask_1545'];
const DATASHOP_CALCS = ['implied_underlying_price_1545', 'active_underlying_price_1545', 'implied_volatility_1545', 'delta_1545', 'gamma_1545', 'theta_1545', 'vega_1545', 'rho_1545'];
const DATASHOP_TAIL = ['bid_size_eod', 'bid_eod', 'ask_size_eod', 'ask_eod', 'underlying_bid_eod', 'underlying_ask_eod', 'vwap', 'open_interest', 'delivery_code'];

/** Cboe DataShop Option EOD Summary; `withCalcs` adds the (empty here) Calcs columns after the 15:45 underlying. */
export function writeDataShop(quotes: readonly LayoutQuote[], withCalcs: boolean): string {
  const lines = [[...DATASHOP_HEAD, ...(withCalcs ? DATASHOP_CALCS : []), ...DATASHOP_TAIL].join(',')];
  for (const q of quotes) {
    const eod = q.eod ?? { bid: q.bid, ask: q.ask, underlyingPrice: q.underlyingPrice };
    lines.push(
      [
        `^${q.underlying}`, isoFromDay(q.quoteDay), q.root, isoFromDay(q.expiryDay), String(q.strike), q.right, '', '', '', '', opt(q.volume),
        opt(q.bidSize), String(q.bid), opt(q.askSize), String(q.ask), opt(q.underlyingPrice), opt(q.underlyingPrice),
        ...(withCalcs ? DATASHOP_CALCS.map(() => '') : []),
        '', String(eod.bid), '', String(eod.ask), opt(eod.underlyingPrice), opt(eod.underlyingPrice), '', '', '',
      ].join(','),
    );
  }
  return `${lines.join('\n')}\n`;
}

const ORATS_COLUMNS = [
  'ticker', 'cOpra', 'pOpra', 'stkPx', 'expirDate', 'yte', 'strike', 'cVolu', 'cOi', 'pVolu', 'pOi', 'cBidPx', 'cValue', 'cAskPx', 'pBidPx', 'pValue', 'pAskPx',
  'cBidIv', 'cMidIv', 'cAskIv', 'smoothSmvVol', 'pBidIv', 'pMidIv', 'pAskIv', 'iRate', 'divRate', 'residualRateData', 'delta', 'gamma', 'theta', 'vega', 'rho', 'phi',
  'driftlessTheta', 'extVol', 'extCTheo', 'extPTheo', 'spot_px', 'trade_date',
];

/** ORATS SMV Strikes: wide, ticker SPX for both classes, the root in the OPRA symbols. */
export function writeOrats(quotes: readonly LayoutQuote[]): string {
  const lines = [ORATS_COLUMNS.join(',')];
  for (const { call, put, any } of pairs(quotes)) {
    const cells = [
      any.underlying, call === undefined ? '' : osi(call, true), put === undefined ? '' : osi(put, true), opt(any.underlyingPrice), usDate(any.expiryDay),
      yearFractionAct365(any.quoteDay, any.expiryDay).toFixed(6), String(any.strike),
      call === undefined ? '' : opt(call.volume), '', put === undefined ? '' : opt(put.volume), '',
      call === undefined ? '' : String(call.bid), '', call === undefined ? '' : String(call.ask),
      put === undefined ? '' : String(put.bid), '', put === undefined ? '' : String(put.ask),
      ...Array.from({ length: 20 }, () => ''), opt(any.underlyingPrice), usDate(any.quoteDay),
    ];
    lines.push(cells.join(','));
  }
  return `${lines.join('\n')}\n`;
}

const HOD_COLUMNS = ['UnderlyingSymbol', 'UnderlyingPrice', 'Exchange', 'OptionSymbol', 'OptionExt', 'Type', 'Expiration', 'DataDate', 'Strike', 'Last', 'Bid', 'Ask', 'Volume', 'OpenInterest', 'IV', 'Delta', 'Gamma', 'Theta', 'Vega', 'AKA'];

/** historicaloptiondata L2: one row per option, US dates, the unpadded OSI symbol. */
export function writeHod(quotes: readonly LayoutQuote[]): string {
  const lines = [HOD_COLUMNS.join(',')];
  for (const q of quotes) {
    const symbol = osi(q, false);
    lines.push(
      [q.underlying, opt(q.underlyingPrice), '*', symbol, '', q.right === 'C' ? 'call' : 'put', usDate(q.expiryDay), usDate(q.quoteDay), String(q.strike), '', String(q.bid), String(q.ask), opt(q.volume), '', '', '', '', '', '', symbol].join(','),
    );
  }
  return `${lines.join('\n')}\n`;
}

/** alvh's canonical CSV, with the optional settlement column. */
export function writeCanonical(quotes: readonly CanonicalQuote[]): string {
  const lines = [[...CANONICAL_COLUMNS, 'settlement'].join(',')];
  for (const q of quotes) {
    lines.push(
      [q.underlying, q.root, isoFromDay(q.quoteDay), isoFromDay(q.expiryDay), q.right, String(q.strike), String(q.bid), String(q.ask), opt(q.underlyingPrice), opt(q.volume), q.settlement].join(','),
    );
  }
  return `${lines.join('\n')}\n`;
}

export const LAYOUT_WRITERS: Readonly<Record<ChainFormatId | 'datashop-calcs', (quotes: readonly LayoutQuote[]) => string>> = {
  optionsdx: writeOptionsDx,
  datashop: (q) => writeDataShop(q, false),
  'datashop-calcs': (q) => writeDataShop(q, true),
  orats: writeOrats,
  hod: writeHod,
  canonical: writeCanonical,
};
