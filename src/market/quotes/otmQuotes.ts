/**
 * From raw chain rows to the out-of-the-money quotes the model is fitted and measured on, each with
 * its implied vol computed by us from the mid (never the vendor's IV: the 2018 sample carries
 * placeholder IVs in the wings). The forward of each (quote day, expiry) comes from put-call parity
 * on the chain itself, so the real-quote IVs do not depend on the model's rate and dividend inputs.
 */
import { err, ok, type Result } from '../../lib/result.js';
import { normCdf } from '../../pricing/normal.js';
import type { OptionType } from '../../pricing/black76.js';
import { yearFractionAct365, type DayNumber } from '../../time/day.js';
import { impliedVolFromPrice } from './impliedVol.js';

/** The fields of a chain row the measurement needs (both chain layouts have them). */
export interface ChainQuote {
  readonly quoteDay: DayNumber;
  readonly expiryDay: DayNumber;
  readonly type: OptionType;
  readonly strike: number;
  readonly bid: number;
  readonly ask: number;
}

export interface OtmQuote extends ChainQuote {
  readonly mid: number;
  readonly timeYears: number;
  readonly forward: number;
  readonly discountFactor: number;
  readonly impliedVol: number;
  /** N(d1) for calls, N(d1) - 1 for puts, at the quote's own implied vol. */
  readonly forwardDelta: number;
}

export interface OtmQuoteSet {
  readonly quotes: readonly OtmQuote[];
  /** Rows left out, by reason (no bid, crossed, in the money, expired, no implied vol). */
  readonly excluded: Readonly<Record<string, number>>;
  /** Parity forward per `${quoteDay}:${expiryDay}`. */
  readonly forwards: ReadonlyMap<string, number>;
}

export type OtmQuoteError = { readonly kind: 'otm-quotes'; readonly reason: string };

/** How many strikes nearest the money (smallest |call - put|) the parity forward is the median of. */
const PARITY_STRIKE_COUNT = 7;

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 === 1 ? (sorted[middle] as number) : 0.5 * ((sorted[middle - 1] as number) + (sorted[middle] as number));
}

/** Forward from put-call parity C - P = D (F - K) at the strikes where calls and puts are closest. */
export function parityForward(quotes: readonly ChainQuote[], discountFactor: number): number | undefined {
  const calls = new Map<number, number>();
  const puts = new Map<number, number>();
  for (const q of quotes) {
    if (!(q.bid > 0) || !(q.ask > q.bid)) continue;
    (q.type === 'call' ? calls : puts).set(q.strike, 0.5 * (q.bid + q.ask));
  }
  const pairs: { strike: number; difference: number }[] = [];
  for (const [strike, call] of calls) {
    const put = puts.get(strike);
    if (put !== undefined) pairs.push({ strike, difference: call - put });
  }
  if (pairs.length === 0) return undefined;
  pairs.sort((a, b) => Math.abs(a.difference) - Math.abs(b.difference) || a.strike - b.strike);
  return median(pairs.slice(0, PARITY_STRIKE_COUNT).map((p) => p.strike + p.difference / discountFactor));
}

/**
 * OTM quotes (puts below the forward, calls at or above) with a positive bid, ask above bid, at least
 * one day to expiry and an implied vol; `discountFactorFor` gives D for a quote day and expiry.
 */
export function prepareOtmQuotes(
  rows: readonly ChainQuote[],
  discountFactorFor: (quoteDay: DayNumber, expiryDay: DayNumber) => number,
): Result<OtmQuoteSet, OtmQuoteError> {
  const groups = new Map<string, ChainQuote[]>();
  for (const row of rows) {
    const key = `${row.quoteDay}:${row.expiryDay}`;
    const group = groups.get(key) ?? [];
    group.push(row);
    groups.set(key, group);
  }
  const excluded: Record<string, number> = {};
  const count = (reason: string) => void (excluded[reason] = (excluded[reason] ?? 0) + 1);
  const quotes: OtmQuote[] = [];
  const forwards = new Map<string, number>();
  for (const [key, group] of [...groups].sort(([a], [b]) => a.localeCompare(b))) {
    const first = group[0] as ChainQuote;
    const timeYears = yearFractionAct365(first.quoteDay, first.expiryDay);
    if (!(timeYears > 0)) {
      for (let i = 0; i < group.length; i++) count('expiry day');
      continue;
    }
    const discountFactor = discountFactorFor(first.quoteDay, first.expiryDay);
    if (!(discountFactor > 0) || !Number.isFinite(discountFactor)) {
      return err({ kind: 'otm-quotes', reason: `no discount factor for ${key}` });
    }
    const forward = parityForward(group, discountFactor);
    if (forward === undefined) {
      for (let i = 0; i < group.length; i++) count('no parity forward');
      continue;
    }
    forwards.set(key, forward);
    for (const q of group) {
      if (!(q.bid > 0)) {
        count('no bid');
        continue;
      }
      if (!(q.ask > q.bid)) {
        count('ask not above bid');
        continue;
      }
      if ((q.type === 'put' && q.strike >= forward) || (q.type === 'call' && q.strike < forward)) {
        count('in the money');
        continue;
      }
      const mid = 0.5 * (q.bid + q.ask);
      const iv = impliedVolFromPrice(q.type, mid, forward, q.strike, timeYears, discountFactor);
      if (!iv.ok) {
        count('no implied vol');
        continue;
      }
      const sd = iv.value * Math.sqrt(timeYears);
      const d1 = Math.log(forward / q.strike) / sd + 0.5 * sd;
      const forwardDelta = q.type === 'call' ? normCdf(d1) : normCdf(d1) - 1;
      quotes.push({ ...q, mid, timeYears, forward, discountFactor, impliedVol: iv.value, forwardDelta });
    }
  }
  return ok({ quotes, excluded, forwards });
}
