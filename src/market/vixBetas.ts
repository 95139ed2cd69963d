/**
 * Rolling betas that turn exposures into "USD per 1-point move of spot VIX" (METHODOLOGY section 4):
 * - the beta of SPX implied vol at a tenor to spot VIX: daily changes of VIX9D, VIX3M and VIX6M
 *   (constant-maturity implied vols at 9, 93 and 183 days) regressed on daily changes of VIX (30 days,
 *   beta 1 by construction);
 * - the beta of a constant-maturity VIX future (30..180 days) to spot VIX, the same way;
 * - VIX's log change per unit of SPX log return, for the roll rule's "VIX repriced through its
 *   historical relation to SPX returns".
 * Each beta on day t is an OLS slope over the last `windowTradingDays` pairs of changes ending at t:
 * only data known at t. Where a series does not exist yet, a documented prior is used instead and the
 * record says so.
 */
import { z } from 'zod';
import type { MarketHistory } from '../history/types.js';
import type { DayNumber } from '../time/day.js';

export const VixBetaConfigSchema = z
  .strictObject({
    /** Trading days of changes in each regression (METHODOLOGY: rolling, about a year). */
    windowTradingDays: z.number().int().min(20).default(252),
    /** Fewer valid pairs than this in the window: the prior is used instead. */
    minObservations: z.number().int().min(10).default(60),
    /**
     * Prior for the implied-vol beta where VIX9D/VIX3M/VIX6M do not exist: (30 / dte)^exponent beyond
     * 30 days, 1 inside *(choice: the square-root decay of a mean-reverting variance's response)*.
     */
    priorSpxVolBetaExponent: z.number().min(0).max(2).default(0.5),
    /** Prior for the futures beta where futures do not exist: exp(-dte / this many days). */
    priorFutureBetaDecayDays: z.number().positive().default(75),
    /** Prior log-VIX change per unit SPX log return (about -5: a 1 % fall lifts VIX about 5 %). */
    priorVixLogChangePerSpxReturn: z.number().default(-5),
  })
  .prefault({});
export type VixBetaConfig = z.infer<typeof VixBetaConfigSchema>;

/** Tenors (calendar days) at which betas are estimated. */
export const SPX_VOL_BETA_TENORS_DAYS = [9, 30, 93, 183] as const;
export const FUTURE_BETA_TENORS_DAYS = [30, 60, 90, 120, 150, 180] as const;

export interface BetaPoint {
  readonly dteDays: number;
  readonly beta: number;
  /** `regression` when estimated from the window, `prior` when the data did not allow it. */
  readonly source: 'regression' | 'prior';
}

export interface VixBetas {
  readonly day: DayNumber;
  readonly spxVolBetas: readonly BetaPoint[];
  readonly futureBetas: readonly BetaPoint[];
  readonly vixLogChangePerSpxReturn: number;
  readonly vixLogChangeSource: 'regression' | 'prior';
}

/** Linear interpolation in days to expiry, flat beyond the ends. */
export function betaAt(points: readonly BetaPoint[], dteDays: number): number {
  const first = points[0];
  if (!first) throw new Error('no beta points');
  if (dteDays <= first.dteDays) return first.beta;
  for (let i = 1; i < points.length; i++) {
    const hi = points[i] as BetaPoint;
    const lo = points[i - 1] as BetaPoint;
    if (dteDays <= hi.dteDays) return lo.beta + ((hi.beta - lo.beta) * (dteDays - lo.dteDays)) / (hi.dteDays - lo.dteDays);
  }
  return (points[points.length - 1] as BetaPoint).beta;
}

/**
 * OLS slope of y on x over a window that slides forward one day at a time, over the pairs where both
 * are finite: running sums make each day O(1) instead of O(window). Adding and removing values leaves
 * rounding residue in the sums, so they are summed afresh once every window length, which keeps the
 * slopes within a few ulps-per-window of a direct sum.
 */
export class RollingSlope {
  private n = 0;
  private sx = 0;
  private sy = 0;
  private sxx = 0;
  private sxy = 0;
  private from = 0;
  private to = 0;
  private stepsSinceResum = 0;

  constructor(
    private readonly xs: Float64Array,
    private readonly ys: Float64Array,
    private readonly window: number,
  ) {}

  private add(i: number, sign: 1 | -1): void {
    const x = this.xs[i] as number;
    const y = this.ys[i] as number;
    if (!Number.isFinite(x) || !Number.isFinite(y)) return;
    this.n += sign;
    this.sx += sign * x;
    this.sy += sign * y;
    this.sxx += sign * x * x;
    this.sxy += sign * x * y;
  }

  private resum(from: number, to: number): void {
    this.n = 0;
    this.sx = 0;
    this.sy = 0;
    this.sxx = 0;
    this.sxy = 0;
    for (let i = from; i < to; i++) this.add(i, 1);
    this.stepsSinceResum = 0;
  }

  /** The slope over pairs [from, to); windows must move forward. */
  slopeOver(from: number, to: number, minObservations: number): number | undefined {
    if (this.stepsSinceResum >= this.window || from < this.from || to < this.to) this.resum(from, to);
    else {
      for (let i = this.to; i < to; i++) this.add(i, 1);
      for (let i = this.from; i < from; i++) this.add(i, -1);
      this.stepsSinceResum++;
    }
    this.from = from;
    this.to = to;
    const { n, sx, sy, sxx, sxy } = this;
    if (n < minObservations) return undefined;
    const varX = sxx - (sx * sx) / n;
    if (!(varX > 0)) return undefined;
    return (sxy - (sx * sy) / n) / varX;
  }
}

/** Day-over-day changes of a series on the trading-day axis; NaN where either day is missing. */
function changes(values: Float64Array, log: boolean): Float64Array {
  const out = new Float64Array(values.length).fill(Number.NaN);
  for (let i = 1; i < values.length; i++) {
    const a = values[i - 1] as number;
    const b = values[i] as number;
    if (!Number.isFinite(a) || !Number.isFinite(b)) continue;
    out[i] = log ? Math.log(b / a) : b - a;
  }
  return out;
}

/**
 * Betas for every trading day of the history (index-aligned with `history.tradingDays`). NaN is used
 * only inside this function as "no observation"; nothing NaN leaves it.
 */
export function computeVixBetas(history: Pick<MarketHistory, 'tradingDays' | 'closeOn' | 'constantMaturityFutureOn'>, config: VixBetaConfig): VixBetas[] {
  const days = history.tradingDays;
  const n = days.length;
  const column = (get: (day: DayNumber) => number | undefined) => {
    const out = new Float64Array(n).fill(Number.NaN);
    for (let i = 0; i < n; i++) {
      const v = get(days[i] as number);
      if (v !== undefined) out[i] = v;
    }
    return out;
  };
  const vix = column((d) => history.closeOn('vix', d));
  const spx = column((d) => history.closeOn('spx', d));
  const dVix = changes(vix, false);
  const dLogVix = changes(vix, true);
  const spxReturn = changes(spx, true);
  const volSeries: Record<number, Float64Array> = {
    9: changes(column((d) => history.closeOn('vix9d', d)), false),
    93: changes(column((d) => history.closeOn('vix3m', d)), false),
    183: changes(column((d) => history.closeOn('vix6m', d)), false),
  };
  const futureSeries = FUTURE_BETA_TENORS_DAYS.map((t) => changes(column((d) => history.constantMaturityFutureOn(d, t)), false));

  const priorVol = (dte: number) => (dte <= 30 ? 1 : Math.pow(30 / dte, config.priorSpxVolBetaExponent));
  const priorFuture = (dte: number) => Math.exp(-dte / config.priorFutureBetaDecayDays);
  const window = config.windowTradingDays;
  const volSlopes = new Map(SPX_VOL_BETA_TENORS_DAYS.filter((dte) => dte !== 30).map((dte) => [dte, new RollingSlope(dVix, volSeries[dte] as Float64Array, window)]));
  const futureSlopes = futureSeries.map((series) => new RollingSlope(dVix, series, window));
  const vixOnSpxSlope = new RollingSlope(spxReturn, dLogVix, window);
  const out: VixBetas[] = [];
  for (let i = 0; i < n; i++) {
    const from = Math.max(1, i + 1 - config.windowTradingDays);
    const to = i + 1;
    const spxVolBetas = SPX_VOL_BETA_TENORS_DAYS.map((dte): BetaPoint => {
      if (dte === 30) return { dteDays: 30, beta: 1, source: 'regression' };
      const b = (volSlopes.get(dte) as RollingSlope).slopeOver(from, to, config.minObservations);
      return b === undefined ? { dteDays: dte, beta: priorVol(dte), source: 'prior' } : { dteDays: dte, beta: b, source: 'regression' };
    });
    const futureBetas = FUTURE_BETA_TENORS_DAYS.map((dte, k): BetaPoint => {
      const b = (futureSlopes[k] as RollingSlope).slopeOver(from, to, config.minObservations);
      return b === undefined ? { dteDays: dte, beta: priorFuture(dte), source: 'prior' } : { dteDays: dte, beta: b, source: 'regression' };
    });
    const vixOnSpx = vixOnSpxSlope.slopeOver(from, to, config.minObservations);
    out.push({
      day: days[i] as number,
      spxVolBetas,
      futureBetas,
      vixLogChangePerSpxReturn: vixOnSpx ?? config.priorVixLogChangePerSpxReturn,
      vixLogChangeSource: vixOnSpx === undefined ? 'prior' : 'regression',
    });
  }
  return out;
}
