/**
 * Typed rows of the bundled option-chain samples. Prices are index points per unit (multiply by the
 * contract multiplier, 100 for SPX and VIX options, for dollars); days are day numbers. Rows are kept as
 * the file has them (zero bids, placeholder vendor IVs, already-expired strikes): deciding which quotes
 * are usable is the measurement's job, not the parser's.
 */
import type { OptionType } from '../../pricing/black76.js';
import type { DayNumber } from '../../time/day.js';
import type { ChainQuote } from '../../market/quotes/otmQuotes.js';

/** SPX / VIX options have a multiplier of 100 USD per index point. */
export const INDEX_OPTION_MULTIPLIER_USD_PER_POINT = 100;

/** One end-of-day SPX option quote (the OptionMetrics-style 2020-12-01 sample): exactly a chain quote. */
export type SpxOptionQuote = ChainQuote;

/** One point of a zero-coupon curve: continuously compounded rate for `tenorDays` calendar days. */
export interface ZeroRatePoint {
  readonly day: DayNumber;
  readonly tenorDays: number;
  /** Continuously compounded, decimal (0.0010 = 0.10 %); the file stores percent. */
  readonly rateDecimal: number;
}

/** One end-of-day SPXW quote of the 2018 sample (HistoricalOptionData "L2" layout). */
export interface SpxwOptionQuote extends SpxOptionQuote {
  /** SPX level the vendor recorded with the quote (index points). */
  readonly underlyingLast: number;
  readonly last: number;
  readonly volume: number;
  readonly openInterest: number;
  /**
   * The vendor's implied vol (decimal). Deep ITM/OTM rows carry placeholders (0.0908, 0.30): never
   * compare against it; compute the IV from the mid instead.
   */
  readonly vendorImpliedVol: number;
  readonly vendorDelta: number;
}

/** One Cboe DataShop VIX option quote (the 2016-06-01 sample); prices in VIX points. */
export interface VixOptionQuote {
  readonly quoteDay: DayNumber;
  /** `VIX` (monthly) or a weekly root such as `BVZ`. */
  readonly root: string;
  readonly expiryDay: DayNumber;
  readonly type: OptionType;
  readonly strike: number;
  /** Contracts on the best bid and offer at 15:45, summed across exchanges. */
  readonly bidSize1545: number;
  readonly askSize1545: number;
  readonly bid1545: number;
  readonly ask1545: number;
  readonly bidEod: number;
  readonly askEod: number;
  /** Spot VIX (not the matching future) at 15:45 and at the close. */
  readonly underlyingBid1545: number;
  readonly underlyingAsk1545: number;
  readonly underlyingBidEod: number;
  readonly underlyingAskEod: number;
  readonly close: number;
  readonly tradeVolume: number;
  readonly openInterest: number;
}
