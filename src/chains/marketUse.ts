/**
 * Which market a day's figures came from (the user's chains, a carried quote or the model), as
 * `alvh signal` prints it and the dashboard's API returns it. Types only, free of Node modules, so the
 * web build can share them with the server.
 */
export type BacktestMarketMode = 'model' | 'chains' | 'hybrid';
/** Every market a run or a signal can price on (`--market`). */
export const BACKTEST_MARKET_MODES: readonly BacktestMarketMode[] = ['model', 'chains', 'hybrid'];
export type OptionRightOfSource = 'call' | 'put';

/** One option price of the day and where it came from. */
export interface OptionPriceSource {
  readonly underlying: 'SPX' | 'VIX';
  readonly type: OptionRightOfSource;
  readonly strike: number;
  readonly expiry: string;
  readonly source: 'chain' | 'carried' | 'model';
  readonly ageDays: number;
}

/** Which market a day's figures came from, as `alvh signal` prints it. */
export interface DayMarketUse {
  readonly mode: BacktestMarketMode;
  /** `chains`: SPX options on the chain quotes of the day; `model`: every price on the model. */
  readonly spxOptions: 'chains' | 'model';
  readonly vixOptions: 'chains where quoted' | 'model';
  /** Why the day is on the model, when it is. */
  readonly modelReason: string | null;
  readonly storeDir: string | null;
  readonly maxCarryDays: number;
  readonly spxQuotesOfDay: number;
  readonly vixQuotesOfDay: number;
  /** Distinct options priced on a chain quote of the day. */
  readonly chainQuotes: number;
  /** Distinct options priced on a carried quote, and by the quote's age in calendar days. */
  readonly carriedQuotes: number;
  readonly carriedByAgeDays: Readonly<Record<number, number>>;
  /** Distinct options priced on the model. */
  readonly modelPrices: number;
  /** Every question the model answered instead of the chains (prices, strikes by delta, listings), once each. */
  readonly modelFallbacks: readonly string[];
  /** The last price of each option asked for, with its source (index levels, the rate and VIX futures are always the history's and the model's). */
  readonly prices: readonly OptionPriceSource[];
}
