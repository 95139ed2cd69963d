/**
 * The SPX implied-volatility surface of one day, built from that day's inputs only:
 *  - forward F(T) = S * exp((r - q) T), discounting at r;
 *  - ATM total variance A(T) interpolated linearly in T between the VIX-family tenors (flat vol
 *    before the first, the mean-reverting variance swap after the last: longTenorGrowthOf), each
 *    tenor's A solved so that the Cboe VIX procedure applied to the model's own option prices
 *    reproduces that tenor's index (observed or fallback);
 *  - the smile m(z) of smile.ts on top: w(k, T) = A(T) * m(k / sqrt(A(T))), its wing scale times the
 *    day's skew level, solved with the ATM nodes so that Cboe's SKEW procedure on the model's own
 *    30-day strips reproduces the day's SKEW target (skewCalibration 'daily').
 */
import { err, ok, type Result } from '../../lib/result.js';
import { black76Price, type OptionType } from '../../pricing/black76.js';
import { normCdf } from '../../pricing/normal.js';
import { DAYS_PER_YEAR_ACT365, dayFromIso, yearFractionAct365, type DayNumber } from '../../time/day.js';
import type { MarketDay } from '../marketDay.js';
import { DEFAULT_SPX_MODEL_CONFIG, type SpxModelConfig } from './config.js';
import { smileShapeOf, smileTotalVariance, type SmileShape } from './smile.js';
import { termStructureNodes, type TermStructureNode, type TermStructureOptions } from './termStructure.js';
import { MAX_STRIP_STRIKE_OVER_FORWARD, stripTermVariance, type StripSkewnessOutcome, type StripTermInputs, type StripTermOutcome } from './stripIndex.js';
import { SKEW_CONSTANT, SKEW_SCALE, skewFromTwoExpiries } from './skewFormula.js';
import { cubicOverAtmVariance, gaussLegendreRule, varianceSwapTotalVariance } from './varianceSwap.js';
import { vixFromTwoExpiries, type StrikeMids, type VixFormulaTerm } from './vixFormula.js';
import { memoisedPair } from '../../lib/memo.js';
import { volDecimalFromPoints, volPointsFromDecimal } from '../../lib/units.js';

export interface CalibratedNode extends TermStructureNode {
  /** Solved ATM implied vol at the node's tenor, decimal. */
  readonly atmVolDecimal: number;
  /** The Cboe procedure on the model's prices at this tenor, decimal (equals indexDecimal when calibrated). */
  readonly modelIndexDecimal: number;
  /** True when the node's ATM variance had to be raised to keep total variance increasing in T. */
  readonly raisedForCalendar: boolean;
}

export type SurfaceError =
  | { readonly kind: 'surface-input'; readonly reason: string }
  | { readonly kind: 'surface-calibration'; readonly reason: string };

export type SurfaceQueryError = { readonly kind: 'surface-query'; readonly reason: string };

/** Where the day's skew level came from. */
export type SkewLevelSource =
  /** Solved so that the model's SKEW equals the SKEW target of the day. */
  | 'skew'
  /** Solved, but the target lies beyond skewLevelMin/Max: the level sits at the bound. */
  | 'skew-at-bound'
  /** No SKEW close in the window: skewLevelWithoutSkew stands in. */
  | 'no-skew'
  /** skewCalibration 'off': the fitted shape. */
  | 'fixed';

export interface SkewCalibration {
  /** Multiplier of the fitted smileWingSlopePerZ for this day. */
  readonly skewLevel: number;
  readonly source: SkewLevelSource;
  /** The SKEW the calibration aimed at (trailing median of the published closes), when there is one. */
  readonly targetSkew?: number;
  /**
   * Cboe's SKEW procedure on the model's own strips at skewTenorDays -/+ vixStripBracketDays, when the
   * calibration aimed at a target (otherwise `modelSkewIndex` computes it).
   */
  readonly modelSkew?: number;
}

export interface SpxVolSurface {
  readonly marketDay: MarketDay;
  /**
   * The market day's numbers every quote reads, copied from it when the surface is built: market days
   * differ in their fields (a VIX tenor or SKEW not yet published, or missing on a day), so a quote
   * that read them through `marketDay` would meet a different object shape from one era to the next.
   */
  readonly day: DayNumber;
  readonly spotPoints: number;
  readonly rateDecimal: number;
  readonly dividendYieldDecimal: number;
  readonly config: SpxModelConfig;
  readonly nodes: readonly CalibratedNode[];
  readonly calibrationIterations: number;
  /** The day's smile: the fitted shape with its wing scale times the skew level. */
  readonly smileShape: SmileShape;
  readonly skew: SkewCalibration;
  forward(timeYears: number): number;
  discountFactor(timeYears: number): number;
  /** ATM (k = 0) total variance A(T). */
  atmTotalVariance(timeYears: number): number;
  /** Total implied variance w(k, T) at log-moneyness k = ln(K / F(T)). */
  totalVariance(logMoneyness: number, timeYears: number): number;
  /** Implied vol for a strike and an expiry day (1 to maxExpiryDays calendar days ahead). */
  impliedVol(strike: number, expiryDay: DayNumber): Result<number, SurfaceQueryError>;
  /** Model price in index points (0 days to expiry gives intrinsic value). */
  optionPrice(type: OptionType, strike: number, expiryDay: DayNumber): Result<number, SurfaceQueryError>;
  /** Price at a time in years (no expiry-day rounding), for strips and arbitrage checks. */
  priceAtTime(type: OptionType, strike: number, timeYears: number): number;
}

/**
 * ATM total variance at T from node tenors (years) and their ATM total variances. Beyond the last
 * tenor, the last node's ATM total variance times `longTenorGrowth(T)` (1 at the last tenor).
 */
function interpolateAtmVariance(
  tenorsYears: readonly number[],
  atmVariances: readonly number[],
  timeYears: number,
  longTenorGrowth: (timeYears: number) => number,
): number {
  const n = tenorsYears.length;
  const firstT = tenorsYears[0] as number;
  const lastT = tenorsYears[n - 1] as number;
  if (timeYears <= firstT) return ((atmVariances[0] as number) * timeYears) / firstT;
  if (timeYears >= lastT) return (atmVariances[n - 1] as number) * longTenorGrowth(timeYears);
  let i = 1;
  while ((tenorsYears[i] as number) < timeYears) i++;
  const t0 = tenorsYears[i - 1] as number;
  const t1 = tenorsYears[i] as number;
  const a0 = atmVariances[i - 1] as number;
  const a1 = atmVariances[i] as number;
  return a0 + ((a1 - a0) * (timeYears - t0)) / (t1 - t0);
}

/**
 * How ATM total variance grows beyond the last VIX-family tenor T_L, as a multiple of its value there.
 * `mean-reversion`: as the variance swap's total variance under the fallback's mean reversion from the
 * last tenor's level V_L towards the long-run level θ, V(T) T = θ T + (V_L − θ) T f(T) / f(T_L) with
 * f(τ) = (1 − e^(−κτ)) / (κτ) (termStructure.ts), so a calm curve keeps rising towards θ and a stressed
 * one falls back; T f(T) rises with T, so the total variance rises (its slope is at least
 * θ (1 − e^(−κ T_L) / f(T_L)) > 0). `flat`: the last tenor's ATM vol, A T / T_L.
 */
export function longTenorGrowthOf(config: SpxModelConfig, lastTenorYears: number, lastIndexDecimal: number): (timeYears: number) => number {
  if (config.longTenorExtension === 'flat') return (timeYears) => timeYears / lastTenorYears;
  const longRunVariance = config.longRunVolDecimal ** 2;
  const kappa = config.meanReversionPerYear;
  const lastVariance = lastIndexDecimal ** 2;
  const totalAt = (timeYears: number) => longRunVariance * timeYears + ((lastVariance - longRunVariance) * (1 - Math.exp(-kappa * timeYears))) / kappa;
  const atLast = totalAt(lastTenorYears);
  return (timeYears) => totalAt(timeYears) / atLast;
}

class Surface implements SpxVolSurface {
  nodes: readonly CalibratedNode[] = [];
  calibrationIterations = 0;
  smileShape: SmileShape;
  skew: SkewCalibration = { skewLevel: 1, source: 'fixed' };
  skewLevel = 1;
  private readonly tenorsYears: number[];
  private readonly longTenorGrowth: (timeYears: number) => number;
  atmVariances: number[];
  readonly day: DayNumber;
  readonly spotPoints: number;
  readonly rateDecimal: number;
  readonly dividendYieldDecimal: number;
  /** Rate minus dividend yield, continuously compounded, decimal. */
  private readonly carryDecimal: number;

  constructor(
    readonly marketDay: MarketDay,
    readonly config: SpxModelConfig,
    tenorsYears: number[],
    atmVariances: number[],
    lastIndexDecimal: number,
  ) {
    this.day = marketDay.day;
    this.spotPoints = marketDay.spot;
    this.rateDecimal = marketDay.rateDecimal;
    this.dividendYieldDecimal = marketDay.dividendYieldDecimal;
    this.carryDecimal = marketDay.rateDecimal - marketDay.dividendYieldDecimal;
    this.smileShape = smileShapeOf(config);
    this.tenorsYears = tenorsYears;
    this.longTenorGrowth = longTenorGrowthOf(config, tenorsYears[tenorsYears.length - 1] as number, lastIndexDecimal);
    this.atmVariances = atmVariances;
  }

  forward(timeYears: number): number {
    return this.spotPoints * Math.exp(this.carryDecimal * timeYears);
  }

  discountFactor(timeYears: number): number {
    return Math.exp(-this.rateDecimal * timeYears);
  }

  atmTotalVariance(timeYears: number): number {
    return interpolateAtmVariance(this.tenorsYears, this.atmVariances, timeYears, this.longTenorGrowth);
  }

  totalVariance(logMoneyness: number, timeYears: number): number {
    return smileTotalVariance(this.smileShape, this.atmTotalVariance(timeYears), logMoneyness);
  }

  setSkewLevel(level: number): void {
    this.skewLevel = level;
    this.smileShape = smileShapeOf(this.config, level);
  }

  priceAtTime(type: OptionType, strike: number, timeYears: number): number {
    const forward = this.forward(timeYears);
    const w = timeYears > 0 ? this.totalVariance(Math.log(strike / forward), timeYears) : 0;
    return black76Price(type, forward, strike, Math.sqrt(w), this.discountFactor(timeYears));
  }

  private timeTo(expiryDay: DayNumber): Result<number, SurfaceQueryError> {
    const days = expiryDay - this.day;
    if (days < 0 || days > this.config.maxExpiryDays) {
      return err({ kind: 'surface-query', reason: `expiry ${days} days ahead is outside 0..${this.config.maxExpiryDays}` });
    }
    return ok(yearFractionAct365(this.day, expiryDay));
  }

  impliedVol(strike: number, expiryDay: DayNumber): Result<number, SurfaceQueryError> {
    if (!(strike > 0) || !Number.isFinite(strike)) return err({ kind: 'surface-query', reason: `strike must be > 0, got ${strike}` });
    const time = this.timeTo(expiryDay);
    if (!time.ok) return time;
    if (time.value === 0) return err({ kind: 'surface-query', reason: 'no implied vol on the expiry day itself' });
    return ok(Math.sqrt(this.totalVariance(Math.log(strike / this.forward(time.value)), time.value) / time.value));
  }

  optionPrice(type: OptionType, strike: number, expiryDay: DayNumber): Result<number, SurfaceQueryError> {
    if (!(strike > 0) || !Number.isFinite(strike)) return err({ kind: 'surface-query', reason: `strike must be > 0, got ${strike}` });
    const time = this.timeTo(expiryDay);
    if (!time.ok) return time;
    return ok(this.priceAtTime(type, strike, time.value));
  }
}

/** Per config, the first day of decimal ticks as a day number (parsed once, not per strip). */
const decimalTicksFromDay = new WeakMap<SpxModelConfig, DayNumber>();

/**
 * The price below which a strike of the model's strip counts as a zero bid on `day` with SPX at `spot`,
 * index points: a fraction of spot, or the day's exchange tick (config.vixStripZeroBid).
 */
export function zeroBidPricePoints(config: SpxModelConfig, day: DayNumber, spot: number): number {
  if (config.vixStripZeroBid === 'fraction-of-spot') return config.vixStripMinPriceFractionOfSpot * spot;
  let decimalFrom = decimalTicksFromDay.get(config);
  if (decimalFrom === undefined) {
    decimalFrom = dayFromIso(config.vixStripDecimalTicksFrom);
    decimalTicksFromDay.set(config, decimalFrom);
  }
  return day < decimalFrom ? config.vixStripFractionalTickPoints : config.vixStripDecimalTickPoints;
}

/**
 * The strike strip the model's index uses at time T: a uniform grid around the forward, extended on
 * each side until the out-of-the-money price drops below the zero-bid threshold; mids below it are 0.
 */
export function modelStrikeStrip(surface: SpxVolSurface, timeYears: number): Result<StrikeMids[], SurfaceError> {
  const { spot } = surface.marketDay;
  const step = surface.config.vixStripStrikeStepFractionOfSpot * spot;
  const minPrice = zeroBidPricePoints(surface.config, surface.marketDay.day, spot);
  const forward = surface.forward(timeYears);
  const discount = surface.discountFactor(timeYears);
  const atmVariance = surface.atmTotalVariance(timeYears);
  const shape = surface.smileShape;
  const rowAt = (strike: number): StrikeMids => {
    const w = smileTotalVariance(shape, atmVariance, Math.log(strike / forward));
    const sd = Math.sqrt(w);
    // Price the out-of-the-money side and take the other from parity (exact for the model, half the work).
    const otmType = strike < forward ? 'put' : 'call';
    const otm = black76Price(otmType, forward, strike, sd, discount);
    const parity = discount * (forward - strike);
    const call = otmType === 'call' ? otm : otm + parity;
    const put = otmType === 'put' ? otm : otm - parity;
    return { strike, callMid: call < minPrice ? 0 : call, putMid: put < minPrice ? 0 : put };
  };
  const centre = Math.floor(forward / step) * step;
  const rows: StrikeMids[] = [];
  for (let strike = centre, zeros = 0; strike > 0 && zeros < 2; strike -= step) {
    const row = rowAt(strike);
    rows.push(row);
    zeros = row.putMid === 0 && strike < forward ? zeros + 1 : 0;
  }
  const highestStrike = MAX_STRIP_STRIKE_OVER_FORWARD * forward;
  for (let strike = centre + step, zeros = 0; zeros < 2; strike += step) {
    if (strike > highestStrike) {
      const days = Math.round(timeYears * DAYS_PER_YEAR_ACT365);
      return err({
        kind: 'surface-calibration',
        reason: `the ${days}-day strip's calls are still worth ${rowAt(strike).callMid.toPrecision(3)} points, above the zero bid of ${minPrice.toPrecision(3)}, at ${MAX_STRIP_STRIKE_OVER_FORWARD} x the forward (${forward.toFixed(2)}): the smile's call wing is too steep for Cboe's procedure (real strips end within about 2 x); lower smileWingSlopePerZ or skewLevelMax, or make smileSkewRho more negative`,
      });
    }
    const row = rowAt(strike);
    rows.push(row);
    zeros = row.callMid === 0 ? zeros + 1 : 0;
  }
  return ok(rows);
}

/** The near and next terms of the model's strip for Cboe's procedures; a strip's failure prefixed with `what`. */
function stripTerms(surface: SpxVolSurface, nearDays: number, nextDays: number, what: string): Result<{ near: VixFormulaTerm; next: VixFormulaTerm }, SurfaceError> {
  const terms: VixFormulaTerm[] = [];
  for (const days of [nearDays, nextDays]) {
    const timeYears = days / DAYS_PER_YEAR_ACT365;
    const strikes = modelStrikeStrip(surface, timeYears);
    if (!strikes.ok) return err({ kind: 'surface-calibration', reason: `${what}: ${strikes.error.reason}` });
    terms.push({ timeYears, rateDecimal: surface.marketDay.rateDecimal, strikes: strikes.value });
  }
  return ok({ near: terms[0] as VixFormulaTerm, next: terms[1] as VixFormulaTerm });
}

/** The Cboe procedure on the model's prices for a tenor, with near/next expiries at tenor -/+ bracket days. */
export function modelIndexDecimal(surface: SpxVolSurface, tenorDays: number): Result<number, SurfaceError> {
  const fast = fastModelIndexDecimal(surface, tenorDays);
  return fast === undefined ? objectModelIndexDecimal(surface, tenorDays) : ok(fast);
}

/** The same procedure through modelStrikeStrip and vixFromTwoExpiries: the reference, and the error path. */
function objectModelIndexDecimal(surface: SpxVolSurface, tenorDays: number): Result<number, SurfaceError> {
  const bracket = surface.config.vixStripBracketDays;
  const nearDays = Math.max(1, tenorDays - bracket);
  const nextDays = tenorDays + bracket;
  const terms = stripTerms(surface, nearDays, nextDays, `tenor ${tenorDays}d`);
  if (!terms.ok) return terms;
  const index = vixFromTwoExpiries(terms.value.near, terms.value.next, tenorDays / DAYS_PER_YEAR_ACT365);
  if (!index.ok) return err({ kind: 'surface-calibration', reason: `tenor ${tenorDays}d: ${index.error.reason}` });
  return ok(index.value.indexPoints / 100);
}

const stripOutcome: StripTermOutcome = { failure: undefined };
const skewOutcome: StripSkewnessOutcome = { skewness: Number.NaN };
/** Where the VIX-tenor pass writes the SKEW of the same strips when the SKEW tenor is that tenor. */
interface SkewIndexOutcome {
  skewIndex: number;
}
const skewIndexOutcome: SkewIndexOutcome = { skewIndex: Number.NaN };

function stripTermInputs(
  surface: SpxVolSurface,
  shape: SmileShape,
  days: number,
  atmTotalVarianceAt: (timeYears: number) => number = (t) => surface.atmTotalVariance(t),
): StripTermInputs {
  const { spot, rateDecimal } = surface.marketDay;
  const timeYears = days / DAYS_PER_YEAR_ACT365;
  return {
    shape,
    timeYears,
    rateDecimal,
    forward: surface.forward(timeYears),
    discountFactor: surface.discountFactor(timeYears),
    atmTotalVariance: atmTotalVarianceAt(timeYears),
    strikeStepPoints: surface.config.vixStripStrikeStepFractionOfSpot * spot,
    minPricePoints: zeroBidPricePoints(surface.config, surface.marketDay.day, spot),
  };
}

/**
 * modelIndexDecimal on reused buffers (stripIndex.ts), equal to the object path to about 1e-14
 * relative; undefined when the procedure fails, so the caller takes the object path for its typed error.
 */
function fastModelIndexDecimal(surface: SpxVolSurface, tenorDays: number, skewIndexOut?: SkewIndexOutcome): number | undefined {
  const bracket = surface.config.vixStripBracketDays;
  const nearDays = Math.max(1, tenorDays - bracket);
  const nextDays = tenorDays + bracket;
  const targetYears = tenorDays / DAYS_PER_YEAR_ACT365;
  if (!(targetYears > 0) || !Number.isFinite(targetYears) || !(nextDays > nearDays)) return undefined;
  const shape = surface.smileShape;
  const skewOut = skewIndexOut === undefined ? undefined : skewOutcome;
  const near = stripTermInputs(surface, shape, nearDays);
  const nearVariance = stripTermVariance(near, stripOutcome, skewOut);
  if (nearVariance === undefined) return undefined;
  const nearSkewness = skewOutcome.skewness;
  const next = stripTermInputs(surface, shape, nextDays);
  const nextVariance = stripTermVariance(next, stripOutcome, skewOut);
  if (nextVariance === undefined) return undefined;
  const t1 = near.timeYears;
  const t2 = next.timeYears;
  const weightNear = (t2 - targetYears) / (t2 - t1);
  const weightNext = (targetYears - t1) / (t2 - t1);
  if (skewIndexOut !== undefined) skewIndexOut.skewIndex = SKEW_CONSTANT - SKEW_SCALE * (weightNear * nearSkewness + weightNext * skewOutcome.skewness);
  const totalVariance = t1 * nearVariance * weightNear + t2 * nextVariance * weightNext;
  if (!(totalVariance > 0)) return undefined;
  // Through the index in points and back, as Cboe's procedure (vixFormula.ts) states it: the decimal
  // is then bit for bit that procedure's index over 100.
  return volDecimalFromPoints(volPointsFromDecimal(Math.sqrt(totalVariance / targetYears)));
}

function checkMarketDay(day: MarketDay): Result<MarketDay, SurfaceError> {
  const fields: [string, number][] = [
    ['spot', day.spot],
    ['vixDecimal', day.vixDecimal],
    ['rateDecimal', day.rateDecimal],
    ['dividendYieldDecimal', day.dividendYieldDecimal],
  ];
  for (const [name, value] of fields) {
    if (!Number.isFinite(value)) return err({ kind: 'surface-input', reason: `${name} must be finite, got ${value}` });
  }
  if (!(day.spot > 0)) return err({ kind: 'surface-input', reason: `spot must be > 0, got ${day.spot}` });
  return ok(day);
}

/** Elasticity d ln(index) / d ln(ATM variance) assumed for the first step (index ~ sqrt(A)). */
const ASSUMED_INDEX_ELASTICITY = 0.5;
/** A measured elasticity outside this range is noise from a tiny step, and the previous one is kept. */
const MIN_INDEX_ELASTICITY = 0.25;
const MAX_INDEX_ELASTICITY = 1;
/**
 * The solve on the prediction stops when a step moves ln A by less than this: far below the strip
 * procedure's noise, so the bias measured against it is that of the strip, not of the solve.
 */
const PREDICTED_SOLVE_LN_TOLERANCE = 1e-10;
const PREDICTED_SOLVE_MAX_STEPS = 50;

/**
 * The model index at a tenor with the predicted variance in place of each term's strip: the same
 * near and next expiries (tenor -/+ bracket days, their ATM variances interpolated between the nodes)
 * and the same interpolation between them, so it moves with the neighbouring nodes as the strip does.
 */
function predictedModelIndexDecimal(surface: Surface, termVariance: TermVarianceOfAtm, tenorDays: number): number {
  const bracket = surface.config.vixStripBracketDays;
  const nearYears = Math.max(1, tenorDays - bracket) / DAYS_PER_YEAR_ACT365;
  const nextYears = (tenorDays + bracket) / DAYS_PER_YEAR_ACT365;
  const targetYears = tenorDays / DAYS_PER_YEAR_ACT365;
  const weightNear = (nextYears - targetYears) / (nextYears - nearYears);
  const totalVariance =
    termVariance(surface.atmTotalVariance(nearYears)) * weightNear + termVariance(surface.atmTotalVariance(nextYears)) * (1 - weightNear);
  return Math.sqrt(totalVariance / targetYears);
}

/**
 * Moves every node's ATM variance until each tenor's predicted model index equals its target: ln A
 * steps by ln(target / index) over the elasticity, measured by secant per tenor. Each index depends
 * mostly on its own node, so the joint (Jacobi) steps converge about as fast as single ones.
 */
function solvePredicted(surface: Surface, termVariance: TermVarianceOfAtm, tenorDays: readonly number[], targets: readonly number[]): void {
  const count = tenorDays.length;
  const elasticity = new Array<number>(count).fill(ASSUMED_INDEX_ELASTICITY);
  let previousLnA: number[] | undefined;
  let previousLnIndex: number[] | undefined;
  for (let step = 0; step < PREDICTED_SOLVE_MAX_STEPS; step++) {
    const lnA = surface.atmVariances.map((a) => Math.log(a));
    const lnIndex = tenorDays.map((days) => Math.log(predictedModelIndexDecimal(surface, termVariance, days)));
    let largestMove = 0;
    const next = lnA.map((value, i) => {
      if (previousLnA !== undefined && previousLnIndex !== undefined && value !== previousLnA[i]) {
        const measured = ((lnIndex[i] as number) - (previousLnIndex[i] as number)) / (value - (previousLnA[i] as number));
        if (measured >= MIN_INDEX_ELASTICITY && measured <= MAX_INDEX_ELASTICITY) elasticity[i] = measured;
      }
      const move = (Math.log(targets[i] as number) - (lnIndex[i] as number)) / (elasticity[i] as number);
      if (!Number.isFinite(move)) return value;
      largestMove = Math.max(largestMove, Math.abs(move));
      return value + move;
    });
    previousLnA = lnA;
    previousLnIndex = lnIndex;
    surface.atmVariances = next.map((value) => Math.exp(value));
    if (largestMove < PREDICTED_SOLVE_LN_TOLERANCE) break;
  }
}

/** A term's predicted total variance (decimal^2 times years) at ATM total variance A. */
type TermVarianceOfAtm = (atmTotalVariance: number) => number;

/** What the calibration reads instead of a term's strip: its total variance and its SKEW skewness at A. */
interface StripPrediction {
  readonly termVariance: TermVarianceOfAtm;
  readonly skewness: (atmTotalVariance: number) => number;
}

/**
 * The strip's variance is tabulated from 1e-5 (7% vol over 8 days) to 0.3 (77% vol over 6 months) in
 * steps of 0.05 in ln A; above, the strip would run to tens of thousands of strikes, and below it has
 * too few; there the continuous integral stands in.
 */
const CANONICAL_STRIP_GRID = { lnAtmVarianceFrom: Math.log(1e-5), lnAtmVarianceTo: Math.log(0.3), lnAtmVarianceStep: 0.05 } as const;

const stripPredictions = new Map<string, StripPrediction>();
/**
 * A daily-calibrated run reads the tables of the 20-40 skew-level grid nodes its SKEW targets span; a
 * sweep over smile shapes must not keep every table it built.
 */
const MAX_CACHED_TABLES = 128;

/**
 * A canonical strip tabulated over ln A on CANONICAL_STRIP_GRID, each grid cell sampled the first time
 * a lookup needs it (a run reads only the cells its days' ATM variances fall in, of the 40 or so skew
 * levels it meets): the cell's ln(total variance / A) and skewness, the same numbers whatever the order
 * of lookups. Variance: cubic through the four cells around A (as tabulateOverAtmVariance), the
 * continuous variance swap where a cell has none or A is off the grid. Skewness: linear between the
 * two cells around A, the nearest cell with a value where one has none, the end cell off the grid.
 */
function lazyStripPrediction(
  sampleStrip: (atmTotalVariance: number) => { readonly variance: number | undefined; readonly skewness: number },
  varianceFallback: (atmTotalVariance: number) => number,
): StripPrediction {
  const { lnAtmVarianceFrom: from, lnAtmVarianceStep: step } = CANONICAL_STRIP_GRID;
  const count = Math.floor((CANONICAL_STRIP_GRID.lnAtmVarianceTo - from) / step) + 1;
  const lnRatio = new Float64Array(count);
  const skewness = new Float64Array(count);
  const sampled = new Uint8Array(count);
  const cell = (i: number): void => {
    if (sampled[i] === 1) return;
    const atmVariance = Math.exp(from + i * step);
    const sample = sampleStrip(atmVariance);
    lnRatio[i] = sample.variance !== undefined && sample.variance > 0 ? Math.log(sample.variance / atmVariance) : Number.NaN;
    skewness[i] = sample.skewness;
    sampled[i] = 1;
  };
  const termVariance = (atmTotalVariance: number): number => cubicOverAtmVariance(lnRatio, from, step, atmTotalVariance, varianceFallback, cell);
  const skewnessAt = (i: number): number => {
    cell(i);
    if (Number.isFinite(skewness[i])) return skewness[i] as number;
    // The smallest A have too few strikes for a skewness: the nearest cell that has one stands in.
    for (let d = 1; d < count; d++) {
      for (const j of [i + d, i - d]) {
        if (j < 0 || j >= count) continue;
        cell(j);
        if (Number.isFinite(skewness[j])) return skewness[j] as number;
      }
    }
    return Number.NaN;
  };
  const skewnessOf = (atmTotalVariance: number): number => {
    const position = (Math.log(atmTotalVariance) - from) / step;
    if (!(position > 0)) return skewnessAt(0);
    if (position >= count - 1) return skewnessAt(count - 1);
    const i = Math.floor(position);
    const t = position - i;
    return skewnessAt(i) * (1 - t) + skewnessAt(i + 1) * t;
  };
  return { termVariance, skewness: skewnessOf };
}

/**
 * The calibration's stand-in for a term's strip, one per smile and strip rule, built on first use (the
 * same config always reads the same numbers). In units of the forward, with no discounting, the strip's
 * total variance and skewness depend on A and barely on anything else: the strike step and zero-bid
 * price are fractions of spot, within e^(+-(r - q) T) of the forward, and where the forward sits
 * between two strikes moves the index by 1e-5 to 1e-4 of its level. So the strip on a canonical day
 * (forward 1 halfway between strikes, no rates) is tabulated over A once, and a day's strip is
 * predicted from it. Under `vixStripZeroBid: exchange-tick` the zero-bid price is a number of points,
 * not a fraction of spot: the table stays on the fraction-of-spot rule, as a predictor only, and the
 * calibration's correction by the exact strip (buildSpxSurface) carries the difference.
 */
function stripPredictionOf(config: SpxModelConfig, shape: SmileShape): StripPrediction {
  const key = JSON.stringify([
    shape.wingSlopePerZ,
    shape.skewRho,
    shape.smoothingZ,
    shape.putTailSlopePerZ ?? 0,
    shape.putTailStartZ ?? 0,
    shape.putTailSmoothingZ ?? 0,
    config.vixStripStrikeStepFractionOfSpot,
    config.vixStripMinPriceFractionOfSpot,
    config.calibrationQuadraturePointsPerSide,
    config.calibrationQuadratureMaxAbsZ,
  ]);
  let prediction = stripPredictions.get(key);
  if (prediction === undefined) {
    const quadrature = { rule: gaussLegendreRule(config.calibrationQuadraturePointsPerSide), maxAbsZ: config.calibrationQuadratureMaxAbsZ };
    const step = config.vixStripStrikeStepFractionOfSpot;
    const outcome: StripTermOutcome = { failure: undefined };
    const skewOut: StripSkewnessOutcome = { skewness: Number.NaN };
    const canonicalStrip = (atmTotalVariance: number) => {
      skewOut.skewness = Number.NaN;
      const variance = stripTermVariance(
        {
          shape,
          timeYears: 1,
          rateDecimal: 0,
          forward: (Math.round(1 / step) + 0.5) * step,
          discountFactor: 1,
          atmTotalVariance,
          strikeStepPoints: step,
          minPricePoints: config.vixStripMinPriceFractionOfSpot,
        },
        outcome,
        skewOut,
      );
      return { variance, skewness: skewOut.skewness };
    };
    prediction = lazyStripPrediction(canonicalStrip, (a) => varianceSwapTotalVariance(shape, a, quadrature));
    if (stripPredictions.size >= MAX_CACHED_TABLES) stripPredictions.clear();
    stripPredictions.set(key, prediction);
  }
  return prediction;
}

/**
 * The prediction at any skew level: the tables of the two neighbouring grid levels (multiples of
 * skewLevelGridStep), blended linearly. With the fitted shape (level 1, or calibration off) it is
 * that shape's own table.
 */
function stripPredictionAtLevel(config: SpxModelConfig, level: number): StripPrediction {
  const step = config.skewLevelGridStep;
  const position = level / step;
  const lower = Math.floor(position + 1e-9);
  const weight = position - lower;
  const below = gridNodePrediction(config, lower);
  if (weight < 1e-9) return below;
  const above = gridNodePrediction(config, lower + 1);
  return {
    termVariance: (a) => (1 - weight) * below.termVariance(a) + weight * above.termVariance(a),
    skewness: (a) => (1 - weight) * below.skewness(a) + weight * above.skewness(a),
  };
}

/** Per config object, its grid nodes' predictions, so the hot path does not rebuild the table key. */
const gridNodePredictions = new WeakMap<SpxModelConfig, Map<number, StripPrediction>>();

function gridNodePrediction(config: SpxModelConfig, node: number): StripPrediction {
  return memoisedPair(gridNodePredictions, config, node, () => stripPredictionOf(config, smileShapeOf(config, node * config.skewLevelGridStep)));
}

/** The model's SKEW predicted from the tables: the two terms' skewness at their ATM variances, weighted as the procedure weights them. */
function predictedModelSkew(surface: Surface, prediction: StripPrediction): number {
  const { skewTenorDays, vixStripBracketDays: bracket } = surface.config;
  const nearYears = Math.max(1, skewTenorDays - bracket) / DAYS_PER_YEAR_ACT365;
  const nextYears = (skewTenorDays + bracket) / DAYS_PER_YEAR_ACT365;
  const weightNear = (nextYears - skewTenorDays / DAYS_PER_YEAR_ACT365) / (nextYears - nearYears);
  const skewness =
    weightNear * prediction.skewness(surface.atmTotalVariance(nearYears)) + (1 - weightNear) * prediction.skewness(surface.atmTotalVariance(nextYears));
  return SKEW_CONSTANT - SKEW_SCALE * skewness;
}

/**
 * Cboe's SKEW procedure on the model's own strips at skewTenorDays -/+ vixStripBracketDays (the fast
 * path of stripIndex.ts; the object path through skewFormula.ts when it has no answer, for its error).
 */
export function modelSkewIndex(surface: SpxVolSurface): Result<number, SurfaceError> {
  return modelSkewIndexOfShape(surface, surface.smileShape);
}

/**
 * modelSkewIndex with another smile shape on the surface's forwards, and the ATM total variance of
 * `atmTotalVarianceAt` (the surface's by default): what the smile fit (fit/skewFit.ts) holds at the
 * day's SKEW while it tries shapes.
 */
export function modelSkewIndexOfShape(
  surface: SpxVolSurface,
  shape: SmileShape,
  atmTotalVarianceAt: (timeYears: number) => number = (t) => surface.atmTotalVariance(t),
): Result<number, SurfaceError> {
  const { skewTenorDays, vixStripBracketDays: bracket } = surface.config;
  const nearDays = Math.max(1, skewTenorDays - bracket);
  const nextDays = skewTenorDays + bracket;
  const targetYears = skewTenorDays / DAYS_PER_YEAR_ACT365;
  const near = stripTermInputs(surface, shape, nearDays, atmTotalVarianceAt);
  const nearVariance = stripTermVariance(near, stripOutcome, skewOutcome);
  const nearSkewness = skewOutcome.skewness;
  const next = stripTermInputs(surface, shape, nextDays, atmTotalVarianceAt);
  const nextVariance = stripTermVariance(next, stripOutcome, skewOutcome);
  const nextSkewness = skewOutcome.skewness;
  if (nearVariance !== undefined && nextVariance !== undefined && Number.isFinite(nearSkewness) && Number.isFinite(nextSkewness)) {
    const weightNear = (next.timeYears - targetYears) / (next.timeYears - near.timeYears);
    return ok(SKEW_CONSTANT - SKEW_SCALE * (weightNear * nearSkewness + (1 - weightNear) * nextSkewness));
  }
  if (shape !== surface.smileShape) return err({ kind: 'surface-calibration', reason: 'SKEW: the strip of the trial shape has no skewness' });
  const terms = stripTerms(surface, nearDays, nextDays, 'SKEW');
  if (!terms.ok) return terms;
  const skew = skewFromTwoExpiries(terms.value.near, terms.value.next, targetYears);
  if (!skew.ok) return err({ kind: 'surface-calibration', reason: `SKEW: ${skew.error.reason}` });
  return ok(skew.value.skewIndex);
}

/**
 * The day's SKEW target: the median of the closes in the window, its excess over 100 scaled by
 * skewTargetExcessScale, or undefined when none was published.
 */
export function skewTargetOf(day: MarketDay, config: SpxModelConfig): number | undefined {
  const window = config.skewMedianWindowTradingDays;
  const closes = (day.recentSkew ?? (day.skew === undefined ? [] : [{ tradingDaysAgo: 0, close: day.skew }]))
    .filter((c) => c.tradingDaysAgo < window && Number.isFinite(c.close))
    .map((c) => c.close)
    .sort((a, b) => a - b);
  if (closes.length === 0) return undefined;
  const middle = closes.length >> 1;
  const median = closes.length % 2 === 1 ? (closes[middle] as number) : 0.5 * ((closes[middle - 1] as number) + (closes[middle] as number));
  const scale = config.skewTargetExcessScale;
  // At the default scale of 1 the median itself, bit for bit.
  return scale === 1 ? median : SKEW_CONSTANT + (median - SKEW_CONSTANT) * scale;
}

/** The joint solve on the predictions stops when the skew level moves less than this. */
const SKEW_LEVEL_SOLVE_TOLERANCE = 1e-7;
const JOINT_SOLVE_MAX_STEPS = 30;

/**
 * The skew level whose predicted SKEW equals `target` with the surface's current ATM curve. The
 * prediction is linear in the level between grid nodes and rises with it, so the node interval that
 * brackets the target is found by walking from the current level, and the level inside it solved
 * exactly. Beyond the bounds, the bound.
 */
function levelForPredictedSkew(surface: Surface, target: number): { level: number; atBound: boolean } {
  const { skewLevelMin: min, skewLevelMax: max } = surface.config;
  const skewAt = (level: number) => predictedModelSkew(surface, stripPredictionAtLevel(surface.config, level));
  const step = surface.config.skewLevelGridStep;
  const nodeLevel = (k: number) => Math.min(max, Math.max(min, k * step));
  let k = Math.round(surface.skewLevel / step);
  let lowLevel = nodeLevel(k);
  let lowSkew = skewAt(lowLevel);
  if (lowSkew > target) {
    // Walk down until the node's SKEW is at or below the target.
    for (;;) {
      if (lowLevel <= min) return { level: min, atBound: true };
      const highLevel = lowLevel;
      const highSkew = lowSkew;
      k -= 1;
      lowLevel = nodeLevel(k);
      lowSkew = skewAt(lowLevel);
      if (lowSkew <= target) return { level: lowLevel + ((target - lowSkew) * (highLevel - lowLevel)) / (highSkew - lowSkew), atBound: false };
    }
  }
  for (;;) {
    if (lowLevel >= max) return { level: max, atBound: lowSkew < target };
    k += 1;
    const highLevel = nodeLevel(k);
    const highSkew = skewAt(highLevel);
    if (highSkew >= target) {
      if (!(highSkew > lowSkew)) return { level: lowLevel, atBound: false };
      return { level: lowLevel + ((target - lowSkew) * (highLevel - lowLevel)) / (highSkew - lowSkew), atBound: false };
    }
    lowLevel = highLevel;
    lowSkew = highSkew;
  }
}

/**
 * Solves the ATM nodes (VIX family) and, with a SKEW target, the skew level together on the
 * predictions: the ATM solve at the current level, then the level that gives the target with those
 * ATM variances, until the level settles. SKEW barely depends on the ATM level (about 1 SKEW point
 * between VIX 10 and 80 at a fixed level), so this takes two or three rounds.
 */
function solveJoint(surface: Surface, tenorDays: readonly number[], vixTargets: readonly number[], skewTarget: number | undefined): boolean {
  let atBound = false;
  for (let step = 0; step < JOINT_SOLVE_MAX_STEPS; step++) {
    solvePredicted(surface, stripPredictionAtLevel(surface.config, surface.skewLevel).termVariance, tenorDays, vixTargets);
    if (skewTarget === undefined) return false;
    const next = levelForPredictedSkew(surface, skewTarget);
    atBound = next.atBound;
    const moved = Math.abs(next.level - surface.skewLevel);
    surface.setSkewLevel(next.level);
    if (moved < SKEW_LEVEL_SOLVE_TOLERANCE) break;
  }
  solvePredicted(surface, stripPredictionAtLevel(surface.config, surface.skewLevel).termVariance, tenorDays, vixTargets);
  return atBound;
}

/**
 * Builds and calibrates the surface of `day`. Each tenor's ATM variance A (and, with
 * skewCalibration 'daily', the skew level) is first solved against a prediction of the strips: each
 * term's variance and skewness read from the canonical strip tabulated over A (see
 * stripPredictionOf), combined across the near and next terms as the Cboe procedures combine them.
 * The exact procedures on the day's own strips then check every tenor and SKEW: within tolerance ends
 * the calibration; otherwise each tenor's target for the solve is divided by the measured ratio (strip
 * index / predicted index), the SKEW target shifted by the measured gap, the solve redone and the
 * strips checked again.
 */
export function buildSpxSurface(
  day: MarketDay,
  config: SpxModelConfig = DEFAULT_SPX_MODEL_CONFIG,
  options: TermStructureOptions = {},
): Result<SpxVolSurface, SurfaceError> {
  const checked = checkMarketDay(day);
  if (!checked.ok) return checked;
  const nodes = termStructureNodes(day, config, options);
  if (!nodes.ok) return err({ kind: 'surface-input', reason: nodes.error.reason });
  const tenorsYears = nodes.value.map((n) => n.tenorDays / DAYS_PER_YEAR_ACT365);
  const targets = nodes.value.map((n) => n.indexDecimal);
  const tenorDays = nodes.value.map((n) => n.tenorDays);
  const surface = new Surface(
    day,
    config,
    tenorsYears,
    targets.map((index, i) => index ** 2 * (tenorsYears[i] as number)),
    targets[targets.length - 1] as number,
  );
  const daily = config.skewCalibration === 'daily';
  const skewTarget = daily ? skewTargetOf(day, config) : undefined;
  if (daily && skewTarget === undefined) surface.setSkewLevel(config.skewLevelWithoutSkew);
  const predictedTargets = [...targets];
  let predictedSkewTarget = skewTarget;
  let atBound = solveJoint(surface, tenorDays, predictedTargets, predictedSkewTarget);
  const toleranceDecimal = volDecimalFromPoints(config.calibrationToleranceVolPoints);
  let modelIndex: number[] = [];
  let modelSkew = Number.NaN;
  let iteration = 0;
  for (; iteration < config.calibrationMaxIterations; iteration++) {
    modelIndex = [];
    let sharedSkew: number | undefined;
    for (const n of nodes.value) {
      // SKEW reads the same two strips as the index of its own tenor: one pass gives both.
      const shared = skewTarget !== undefined && n.tenorDays === config.skewTenorDays;
      skewIndexOutcome.skewIndex = Number.NaN;
      const fast = fastModelIndexDecimal(surface, n.tenorDays, shared ? skewIndexOutcome : undefined);
      if (shared && fast !== undefined && Number.isFinite(skewIndexOutcome.skewIndex)) sharedSkew = skewIndexOutcome.skewIndex;
      const index = fast === undefined ? objectModelIndexDecimal(surface, n.tenorDays) : ok(fast);
      if (!index.ok) return index;
      modelIndex.push(index.value);
    }
    let skewGap = 0;
    if (skewTarget !== undefined) {
      const skew = sharedSkew === undefined ? modelSkewIndex(surface) : ok(sharedSkew);
      if (!skew.ok) return skew;
      modelSkew = skew.value;
      // At a bound the target cannot be met; only the VIX family decides whether to go on.
      skewGap = atBound ? 0 : modelSkew - skewTarget;
    }
    const worst = Math.max(...modelIndex.map((m, i) => Math.abs(m - (targets[i] as number))));
    if (worst <= toleranceDecimal && Math.abs(skewGap) <= config.skewCalibrationToleranceSkewPoints) break;
    const prediction = stripPredictionAtLevel(config, surface.skewLevel);
    for (let i = 0; i < tenorDays.length; i++) {
      // The strips' index over the predicted one at the current variances, assumed unchanged at the next.
      const stripBias = (modelIndex[i] as number) / predictedModelIndexDecimal(surface, prediction.termVariance, tenorDays[i] as number);
      predictedTargets[i] = (targets[i] as number) / stripBias;
    }
    if (skewTarget !== undefined && predictedSkewTarget !== undefined) {
      // The strips' SKEW minus the predicted one, assumed unchanged at the next level.
      predictedSkewTarget = skewTarget - (modelSkew - predictedModelSkew(surface, prediction));
    }
    atBound = solveJoint(surface, tenorDays, predictedTargets, predictedSkewTarget);
  }
  // Total variance must not fall with maturity; a node that would is raised to its predecessor.
  const raised = surface.atmVariances.map(() => false);
  for (let i = 1; i < surface.atmVariances.length; i++) {
    if ((surface.atmVariances[i] as number) < (surface.atmVariances[i - 1] as number)) {
      surface.atmVariances[i] = surface.atmVariances[i - 1] as number;
      raised[i] = true;
    }
  }
  let finalIndex = modelIndex;
  if (raised.some(Boolean)) {
    finalIndex = [];
    for (const n of nodes.value) {
      const index = modelIndexDecimal(surface, n.tenorDays);
      if (!index.ok) return index;
      finalIndex.push(index.value);
    }
  }
  if (skewTarget !== undefined && raised.some(Boolean)) {
    const skew = modelSkewIndex(surface);
    if (!skew.ok) return skew;
    modelSkew = skew.value;
  }
  surface.nodes = nodes.value.map((n, i) => ({
    ...n,
    atmVolDecimal: Math.sqrt((surface.atmVariances[i] as number) / (tenorsYears[i] as number)),
    modelIndexDecimal: finalIndex[i] as number,
    raisedForCalendar: raised[i] as boolean,
  }));
  const source: SkewLevelSource = !daily ? 'fixed' : skewTarget === undefined ? 'no-skew' : atBound ? 'skew-at-bound' : 'skew';
  surface.skew = {
    skewLevel: surface.skewLevel,
    source,
    ...(skewTarget === undefined ? {} : { targetSkew: skewTarget, modelSkew }),
  };
  surface.calibrationIterations = iteration;
  return ok(surface);
}

/** Forward delta N(d1) of a call (put: N(d1) - 1), the delta used for bucketing. */
export function forwardDelta(type: OptionType, forward: number, strike: number, totalStdDev: number): number {
  const d1 = Math.log(forward / strike) / totalStdDev + 0.5 * totalStdDev;
  return type === 'call' ? normCdf(d1) : normCdf(d1) - 1;
}

/**
 * A calibrated surface as plain data: every own field of it but its config and its functions (what a
 * market tape stores; fields the calibration adds are carried without being listed here).
 */
export type SpxSurfaceState = Readonly<Record<string, unknown>>;

export function spxSurfaceState(surface: SpxVolSurface): SpxSurfaceState {
  return Object.fromEntries(Object.entries(surface).filter(([name, value]) => name !== 'config' && typeof value !== 'function'));
}

/**
 * The surface again from its state and the config it was calibrated with (passed in, not stored: the
 * per-config tables are found by the config object). The constructor rebuilds what is derived (the long
 * tenor rule), the state then restores every calibrated field.
 */
export function spxSurfaceFromState(state: SpxSurfaceState, config: SpxModelConfig): SpxVolSurface {
  const nodes = state['nodes'] as readonly CalibratedNode[];
  const atmVariances = state['atmVariances'] as readonly number[];
  const last = nodes[nodes.length - 1];
  if (last === undefined || !Array.isArray(atmVariances)) throw new TypeError('a surface state needs its nodes and ATM variances');
  const surface = new Surface(state['marketDay'] as MarketDay, config, nodes.map((n) => n.tenorDays / DAYS_PER_YEAR_ACT365), [...atmVariances], last.indexDecimal);
  Object.assign(surface, state);
  return surface;
}
