/**
 * Intraday roll fills (`execution.rollFillTime: intraday`). Cboe's benchmark indexes (CNDR, PUT) sell
 * their new options around 11:00 ET on the roll day, not at the close; a replica that fills at the close
 * carries the roll day's 11:00-to-close move in its strikes and credits. The market model is built from
 * closes, so the roll day's 11:00 market is reached from the close the way `quoteAtNextOpen` reaches
 * the next open: SPX moves to the intraday estimate of the day's bar (src/market/settlement,
 * `intradayPriceEstimate`: open + f (close - open) for the elapsed session fraction f, inside the day's
 * range, a stale open first replaced by the settlement rule), every SPX quote moves with it by delta
 * and gamma (vols held: the close's surface carried sticky-strike), and a strike chosen by delta is the
 * close's strike for that delta moved with spot (sticky-moneyness: K x S_fill / S_close, on the listed
 * grid). VIX quotes and the futures curve stay at the close (the replicas hold no VIX legs).
 *
 * No look-ahead in the decisions: the roll day and its rules are fixed by the calendar, and the engine
 * acts at the roll day's close, when the day's bar is known; the bar only tells where SPX was at 11:00.
 */
import { DEFAULT_SETTLEMENT_CONFIG, intradayPriceEstimate, settlementConfigSchema, type SettlementConfig } from '../../market/settlement/index.js';
import { isoFromDay } from '../../time/day.js';
import type { MarketDayView } from '../marketView.js';
import { SettlementDataError, shiftQuote } from './execution.js';

/** The regular session of SPX, Eastern time, minutes after midnight: 09:30-16:00. */
const SESSION_OPEN_MINUTES_ET = 9 * 60 + 30;
const SESSION_CLOSE_MINUTES_ET = 16 * 60;

/** The elapsed fraction of the 09:30-16:00 session at an `HH:MM` Eastern time (11:00 -> 90 / 390 = 0.2308). */
export function sessionFractionAt(timeEt: string): number {
  const match = /^(\d{2}):(\d{2})$/.exec(timeEt);
  const minutes = match ? Number(match[1]) * 60 + Number(match[2]) : Number.NaN;
  if (!(minutes >= SESSION_OPEN_MINUTES_ET && minutes <= SESSION_CLOSE_MINUTES_ET)) {
    throw new RangeError(`intraday fill time '${timeEt}' is not an HH:MM time inside the 09:30-16:00 ET session`);
  }
  return (minutes - SESSION_OPEN_MINUTES_ET) / (SESSION_CLOSE_MINUTES_ET - SESSION_OPEN_MINUTES_ET);
}

/** The settlement module's config with the session fraction of `timeEt`. */
export function settlementConfigForFillTime(timeEt: string, base: SettlementConfig = DEFAULT_SETTLEMENT_CONFIG): SettlementConfig {
  return settlementConfigSchema.parse({ ...base, intradayFillSessionFraction: sessionFractionAt(timeEt) });
}

export interface IntradayFill {
  /**
   * The roll day's market at the fill time: SPX quotes moved to the estimate of SPX then; the level the
   * roll's rules read (`spxClose`) and its delta strikes at the reference time's estimate (the fill
   * time's when no reference time is given).
   */
  readonly market: MarketDayView;
  /** The intraday estimate of SPX at the fill time, index points. */
  readonly spxFillLevelPoints: number;
  /** What the ledger's entry decision carries about the fill. */
  readonly figures: Record<string, number | string>;
}

/**
 * The roll day's market at `timeEt`. Needs the day's SPX high and low (the model's view has them); a
 * market without them cannot place an intraday fill, which is an error, not a silent close fill.
 */
export function intradayFillMarket(m: MarketDayView, timeEt: string, referenceTimeEt?: string): IntradayFill {
  const level = intradayLevel(m, timeEt);
  const reference = referenceTimeEt === undefined ? level : intradayLevel(m, referenceTimeEt);
  const moveToFillPoints = level - m.spxClose;
  const scale = reference / m.spxClose;
  const market: MarketDayView = {
    ...m,
    // The level the roll's rules see (a reference price, at-the-money strikes, the decision's spot).
    spxClose: reference,
    priceSpxOption: (type, strike, expiryDay) => shiftQuote(m.priceSpxOption(type, strike, expiryDay), moveToFillPoints),
    spxStrikeForDelta: (type, absDelta, expiryDay) => m.snapSpxStrike(m.spxStrikeForDelta(type, absDelta, expiryDay) * scale),
  };
  const figures: Record<string, number | string> = { rollFillTime: `intraday ${timeEt} ET`, spxFillLevelPoints: level, spxClosePoints: m.spxClose };
  if (referenceTimeEt !== undefined) {
    figures.referenceTime = `${referenceTimeEt} ET`;
    figures.spxReferenceLevelPoints = reference;
  }
  return { market, spxFillLevelPoints: level, figures };
}

/** The intraday estimate of SPX at `timeEt` from the day's bar; a market without the day's range is an error, not a silent close fill. */
function intradayLevel(m: MarketDayView, timeEt: string): number {
  if (m.spxHigh === undefined || m.spxLow === undefined) {
    throw new SettlementDataError(`${isoFromDay(m.day)}: an intraday roll fill needs the day's SPX high and low, which this market does not give`);
  }
  const estimate = intradayPriceEstimate({ open: m.spxOpen, high: m.spxHigh, low: m.spxLow, close: m.spxClose }, m.spxPreviousClose, settlementConfigForFillTime(timeEt));
  if (!estimate.ok) {
    throw new SettlementDataError(`${isoFromDay(m.day)}: the SPX bar cannot place an intraday fill: ${estimate.error.field} is ${estimate.error.value}`);
  }
  return estimate.value;
}
