/**
 * The model's own VIX-family index (surface.ts `modelIndexDecimal`) without building the strike strip
 * as objects: the strip is generated in strike order into reused typed arrays and run through the same
 * steps as the Cboe procedure of vixFormula.ts (forward from parity, K0, two-zero truncation, the
 * half-distance sum) in the same order. Calibration evaluates it about 100,000 times per backtest, so it
 * allocates nothing per call and prices each strike's out-of-the-money option with one logarithm and
 * one exponential (exp(-d2^2/2) = exp(-d1^2/2) * F/K, as the chain pricer does); the prices agree with
 * black76Price to a few ulps, so the index agrees with the object path to about 1e-14 relative.
 */
import { normCdfWithGaussian } from '../../pricing/normal.js';
import { skewCorrections, skewnessFromMoments } from './skewFormula.js';
import type { SmileShape } from './smile.js';

const SMALLEST_NORMAL_DOUBLE = 2.2250738585072014e-308;

/**
 * Discounted Black price of the out-of-the-money option at `strike` (the put below the forward, the
 * call at or above it) on the smile w(k) = A m(k / sqrt(A)) of smile.ts.
 */
function otmPrice(shape: SmileShape, tail: TailConstants, atmTotalVariance: number, sqrtAtm: number, forward: number, strike: number, discount: number): number {
  const logMoneyness = Math.log(strike / forward);
  let totalVariance = 0;
  if (atmTotalVariance > 0) {
    const z = logMoneyness / sqrtAtm;
    const { wingSlopePerZ: eta, skewRho: rho, smoothingZ: zeta } = shape;
    // putTailRatio of smile.ts with its constants hoisted out of the strike loop (the same operations,
    // so the same doubles): beta (g(z - z0) - g(-z0)), g(u) = (sqrt(u^2 + delta^2) - u) / 2.
    let tailRatio = 0;
    if (tail.beta !== 0) {
      const u = z - tail.startZ;
      tailRatio = tail.beta * (0.5 * (Math.sqrt(u * u + tail.deltaSquared) - u) - tail.hingeAtMoney);
    }
    totalVariance = atmTotalVariance * (1 + eta * (rho * z + Math.sqrt(z * z + zeta * zeta) - zeta) + tailRatio);
  }
  const sign = strike < forward ? -1 : 1;
  if (!(totalVariance > 0)) return 0;
  const stdDev = Math.sqrt(totalVariance);
  const d1 = -logMoneyness / stdDev + 0.5 * stdDev;
  const d2 = d1 - stdDev;
  const gaussian1 = Math.exp(-0.5 * d1 * d1);
  // Only when the first Gaussian has left the normal range is the second computed on its own.
  const gaussian2 = gaussian1 > SMALLEST_NORMAL_DOUBLE ? (gaussian1 * forward) / strike : Math.exp(-0.5 * d2 * d2);
  return discount * sign * (forward * normCdfWithGaussian(sign * d1, gaussian1) - strike * normCdfWithGaussian(sign * d2, gaussian2));
}

/** The far put tail's constants (smile.ts putTailRatio), computed once per strip. */
interface TailConstants {
  readonly beta: number;
  readonly startZ: number;
  readonly deltaSquared: number;
  /** g(-z0), so that the tail is 0 at the money. */
  readonly hingeAtMoney: number;
}

function tailConstantsOf(shape: SmileShape): TailConstants {
  const beta = shape.putTailSlopePerZ ?? 0;
  const startZ = shape.putTailStartZ ?? 0;
  const delta = shape.putTailSmoothingZ ?? 1;
  const deltaSquared = delta * delta;
  const u = -startZ;
  return { beta, startZ, deltaSquared, hingeAtMoney: 0.5 * (Math.sqrt(u * u + deltaSquared) - u) };
}

/** What one term of the model's strip needs: the surface at that time and the strip's spacing rules. */
export interface StripTermInputs {
  readonly shape: SmileShape;
  readonly timeYears: number;
  readonly rateDecimal: number;
  readonly forward: number;
  readonly discountFactor: number;
  readonly atmTotalVariance: number;
  readonly strikeStepPoints: number;
  readonly minPricePoints: number;
}

/** Why a term has no variance; the caller rebuilds the typed error through the object path. */
export type StripTermFailure = 'no-parity-strike' | 'no-strike-below-forward' | 'too-few-strikes' | 'non-positive-variance' | 'no-zero-bid-above';

/**
 * The strip's calls end at two zero bids: with the fitted smile within about 1.5 x the forward, and
 * real strips within about 2 x. A call wing steeper than Lee's moment bound (total variance growing
 * faster than 2|k|) keeps the calls above the zero bid at every strike, and one a little inside it
 * only far beyond any listed strike: the strip never ended, and a surface built on it hung and took
 * all the memory there was. The strip now stops at this multiple of the forward, and the day's
 * procedure fails with a reason.
 */
export const MAX_STRIP_STRIKE_OVER_FORWARD = 20;

let capacity = 1024;
let strikes = new Float64Array(capacity);
let calls = new Float64Array(capacity);
let puts = new Float64Array(capacity);
// The strip below the centre is generated downwards; it is kept here and copied in reverse.
let downStrikes = new Float64Array(capacity);
let downCalls = new Float64Array(capacity);
let downPuts = new Float64Array(capacity);

function grow(): void {
  const next = capacity * 2;
  const widen = (a: Float64Array) => {
    const b = new Float64Array(next);
    b.set(a);
    return b;
  };
  strikes = widen(strikes);
  calls = widen(calls);
  puts = widen(puts);
  downStrikes = widen(downStrikes);
  downCalls = widen(downCalls);
  downPuts = widen(downPuts);
  capacity = next;
}

/**
 * Fills strikes/calls/puts in ascending strike order with the model's strip (modelStrikeStrip's
 * strikes, prices and zero-bid rule) and returns its length; -1 when the calls reach no zero bid
 * below MAX_STRIP_STRIKE_OVER_FORWARD x the forward.
 */
function fillStrip(t: StripTermInputs): number {
  const { shape, forward, discountFactor: discount, atmTotalVariance, strikeStepPoints: step, minPricePoints: minPrice } = t;
  const sqrtAtm = Math.sqrt(atmTotalVariance);
  const tail = tailConstantsOf(shape);
  let downCount = 0;
  const centre = Math.floor(forward / step) * step;
  for (let strike = centre, zeros = 0; strike > 0 && zeros < 2; strike -= step) {
    if (downCount === capacity) grow();
    const otm = otmPrice(shape, tail, atmTotalVariance, sqrtAtm, forward, strike, discount);
    const parity = discount * (forward - strike);
    const call = strike < forward ? otm + parity : otm;
    const put = strike < forward ? otm : otm - parity;
    downStrikes[downCount] = strike;
    downCalls[downCount] = call < minPrice ? 0 : call;
    downPuts[downCount] = put < minPrice ? 0 : put;
    downCount++;
    zeros = put < minPrice && strike < forward ? zeros + 1 : 0;
  }
  while (capacity < downCount + 1) grow();
  for (let i = 0; i < downCount; i++) {
    const from = downCount - 1 - i;
    strikes[i] = downStrikes[from] as number;
    calls[i] = downCalls[from] as number;
    puts[i] = downPuts[from] as number;
  }
  let count = downCount;
  const highestStrike = MAX_STRIP_STRIKE_OVER_FORWARD * forward;
  for (let strike = centre + step, zeros = 0; zeros < 2; strike += step) {
    if (strike > highestStrike) return -1;
    if (count === capacity) grow();
    const otm = otmPrice(shape, tail, atmTotalVariance, sqrtAtm, forward, strike, discount);
    const parity = discount * (forward - strike);
    const call = strike < forward ? otm + parity : otm;
    const put = strike < forward ? otm : otm - parity;
    strikes[count] = strike;
    calls[count] = call < minPrice ? 0 : call;
    puts[count] = put < minPrice ? 0 : put;
    count++;
    zeros = call < minPrice ? zeros + 1 : 0;
  }
  return count;
}

/** Result slot of stripTermVariance, so the hot path returns a plain number and no object. */
export interface StripTermOutcome {
  failure: StripTermFailure | undefined;
}

/** Where stripTermVariance also writes the SKEW procedure's skewness of the same strip (skewFormula.ts). */
export interface StripSkewnessOutcome {
  skewness: number;
}

/**
 * The Cboe term variance sigma^2 (annualised, decimal^2) of the model's strip at one time, or undefined
 * with `outcome.failure` set when the procedure has no answer. With `skewOut`, the same pass also
 * accumulates the SKEW procedure's moments P1..P3 (with its corrections for K0 below the forward) and
 * writes the term's skewness there (NaN when the strip's P2 - P1^2 is not positive).
 */
export function stripTermVariance(t: StripTermInputs, outcome: StripTermOutcome, skewOut?: StripSkewnessOutcome): number | undefined {
  outcome.failure = undefined;
  const n = fillStrip(t);
  if (n < 0) {
    outcome.failure = 'no-zero-bid-above';
    return undefined;
  }
  const { timeYears, rateDecimal } = t;
  let parityIndex = -1;
  let parityGap = 0;
  for (let i = 0; i < n; i++) {
    const c = calls[i] as number;
    const p = puts[i] as number;
    if (!(c > 0 && p > 0)) continue;
    const gap = Math.abs(c - p);
    if (parityIndex < 0 || gap < parityGap) {
      parityIndex = i;
      parityGap = gap;
    }
  }
  if (parityIndex < 0) {
    outcome.failure = 'no-parity-strike';
    return undefined;
  }
  const growth = Math.exp(rateDecimal * timeYears);
  const forward = (strikes[parityIndex] as number) + growth * ((calls[parityIndex] as number) - (puts[parityIndex] as number));
  let k0Index = -1;
  for (let i = 0; i < n; i++) if ((strikes[i] as number) <= forward) k0Index = i;
  if (k0Index < 0) {
    outcome.failure = 'no-strike-below-forward';
    return undefined;
  }
  const k0 = strikes[k0Index] as number;
  // The selected strip is a contiguous run of priced strikes except for skipped zero-priced ones; find
  // its ends with the two-zero rule, then sum over priced strikes in ascending order.
  let lowest = k0Index;
  for (let i = k0Index - 1, zeros = 0; i >= 0 && zeros < 2; i--) {
    if (puts[i] === 0) zeros++;
    else {
      zeros = 0;
      lowest = i;
    }
  }
  let highest = k0Index;
  for (let i = k0Index + 1, zeros = 0; i < n && zeros < 2; i++) {
    if (calls[i] === 0) zeros++;
    else {
      zeros = 0;
      highest = i;
    }
  }
  const priceAt = (i: number): number =>
    i === k0Index ? 0.5 * ((calls[i] as number) + (puts[i] as number)) : i < k0Index ? (puts[i] as number) : (calls[i] as number);
  const nextPriced = (i: number): number => {
    let j = i + 1;
    while (j <= highest && j !== k0Index && priceAt(j) === 0) j++;
    return j;
  };
  let selectedCount = 0;
  let sum = 0;
  let sum1 = 0;
  let sum2 = 0;
  let sum3 = 0;
  let below = -1;
  let here = lowest;
  while (here <= highest) {
    const above = nextPriced(here);
    const hereStrike = strikes[here] as number;
    const deltaStrike =
      below < 0
        ? // A lone strike has no neighbour; the count check below rejects it.
          above <= highest
          ? (strikes[above] as number) - hereStrike
          : 0
        : above > highest
          ? hereStrike - (strikes[below] as number)
          : 0.5 * ((strikes[above] as number) - (strikes[below] as number));
    sum += (deltaStrike / (hereStrike * hereStrike)) * growth * priceAt(here);
    if (skewOut !== undefined) {
      const weight = (deltaStrike / (hereStrike * hereStrike)) * priceAt(here);
      const logMoneyness = Math.log(hereStrike / forward);
      sum1 -= weight;
      sum2 += 2 * (1 - logMoneyness) * weight;
      sum3 += 3 * (2 * logMoneyness - logMoneyness * logMoneyness) * weight;
    }
    selectedCount++;
    below = here;
    here = above;
  }
  if (selectedCount < 3) {
    outcome.failure = 'too-few-strikes';
    return undefined;
  }
  const variance = (2 / timeYears) * sum - (1 / timeYears) * (forward / k0 - 1) ** 2;
  if (skewOut !== undefined) {
    const { epsilon1, epsilon2, epsilon3 } = skewCorrections(forward, k0);
    skewOut.skewness = skewnessFromMoments(growth * sum1 + epsilon1, growth * sum2 + epsilon2, growth * sum3 + epsilon3) ?? Number.NaN;
  }
  if (!(variance > 0)) {
    outcome.failure = 'non-positive-variance';
    return undefined;
  }
  return variance;
}
