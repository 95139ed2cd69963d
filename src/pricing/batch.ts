/**
 * Chain-at-once pricing and implied vols for one expiry (shared forward, time and discount factor),
 * over typed arrays the caller owns. The loops allocate nothing per option (they keep scratch
 * buffers, grown to the largest chain), share one exponential between d1 and d2
 * (exp(-d2^2/2) = exp(-d1^2/2) * F/K) and compute it and the logarithm with the inlined table
 * functions of batchMath.ts, which is what makes thousands of options per backtest day cheap. The
 * results agree with the scalar API to a few ulps (batch.test.ts) and meet the golden vectors at the
 * scalar API's tolerances (batch.golden.test.ts).
 *
 * For BSM chains pass forward = S exp((r - q)T) and discountFactor = exp(-rT); the batch delta is the
 * forward delta dV/dF, and the spot delta is that times F/S.
 */
import { normCdfWithGaussian } from './normal.js';
import { expNonPositive, logPositive } from './batchMath.js';
import { MAX_STD_DEV_ITERATIONS, StdDevSolverState, startStdDevSolve, stdDevHouseholderStep } from './impliedVol.js';

const INV_SQRT_2PI = 0.3989422804014327;
const SMALLEST_NORMAL_DOUBLE = 2.2250738585072014e-308;

/** What every option of the chain shares. */
export interface ChainExpiry {
  /** Forward (futures price for VIX, S exp((r - q)T) for SPX), index points. */
  forward: number;
  /** Years to expiry (ACT/365), > 0. */
  timeYears: number;
  /** exp(-rate * timeYears). */
  discountFactor: number;
}

/** Per-option outputs of priceChain; `deltas` and `vegasPerUnitVol` are optional. */
export interface ChainPriceOutputs {
  prices: Float64Array;
  /** dV/dF including the discount factor (Black-76 delta). */
  deltas?: Float64Array;
  vegasPerUnitVol?: Float64Array;
}

function checkExpiry(expiry: ChainExpiry): void {
  const { forward, timeYears, discountFactor } = expiry;
  if (!(Number.isFinite(forward) && forward > 0)) throw new RangeError(`forward must be positive and finite, got ${forward}`);
  if (!(Number.isFinite(timeYears) && timeYears > 0)) throw new RangeError(`timeYears must be positive and finite, got ${timeYears}`);
  if (!(Number.isFinite(discountFactor) && discountFactor > 0))
    throw new RangeError(`discountFactor must be positive and finite, got ${discountFactor}`);
}

function checkLengths(count: number, arrays: Record<string, { length: number } | undefined>): void {
  for (const [name, array] of Object.entries(arrays)) {
    if (array !== undefined && array.length < count) throw new RangeError(`${name} has ${array.length} entries, needs ${count}`);
  }
}

/**
 * Per-call scratch of priceChain: the two signed CDF arguments of each option, then their
 * probabilities, and the two Gaussians. Grown (never shrunk) to the largest chain seen, so a backtest
 * allocates it once; JavaScript is single-threaded and the loops call nothing that could re-enter.
 */
let scratchArguments = new Float64Array(0);
let scratchGaussians = new Float64Array(0);

function ensureScratch(legCount: number): void {
  if (scratchArguments.length >= legCount) return;
  scratchArguments = new Float64Array(legCount);
  scratchGaussians = new Float64Array(legCount);
}

/**
 * The forward and sqrt(T) of the chain being priced, handed to pass 1 through a typed array rather
 * than as arguments. The optimising compiler converts a number argument (a tagged value) at each of
 * its uses, and inside a loop that is every iteration: it does not hoist the check and the unboxing
 * out of the loop. A typed-array element is read as a raw double once, before the loop. Measured on
 * the pricing bench (same process, interleaved): 21.4 to 21.7 M/s against 20.4. (Passing `x - 0`
 * instead worked only until the subtraction was moved into a helper, which the compiler folds away.)
 */
const chainScalars = new Float64Array(2);
const FORWARD = 0;
const SQRT_TIME = 1;

/**
 * Pass 1 works through the chain a block of options at a time, and takes the logarithms of a block in
 * a loop of their own over two fixed arrays. The table logarithm reads the bits of its argument by
 * storing it to a typed array, and after that store the compiler no longer trusts what it knew of the
 * other typed arrays in the loop: it reloads the data pointer and length of each array the caller
 * passed in, on every option. A module constant's pointer and length are folded into the code, so the
 * logarithm's own loop, over constants only, pays nothing, and the loops around it store nothing but
 * their results. Each option's arithmetic is unchanged, so every result is the same double. Measured
 * on the pricing bench, five alternated runs of each build: 26.9 to 29.4 M/s (median 28.0) against
 * 24.7 to 26.1 (median 24.9) for the single pass 1 loop; blocks of 64 to 1,024 options were all
 * within the runs' noise of 128 (docs/pricing.md, fourth round).
 */
const ARGUMENT_BLOCK_OPTIONS = 128;
const blockMoneyness = new Float64Array(ARGUMENT_BLOCK_OPTIONS);
const blockLogMoneyness = new Float64Array(ARGUMENT_BLOCK_OPTIONS);

/**
 * Pass 1 of priceChain: the signed CDF arguments and the Gaussians of each option into the scratch.
 * Each pass is its own function so that each gets the JIT's whole inlining budget. Every option is
 * checked before any output is written (pass 3 writes them), so a RangeError leaves them untouched.
 */
function chainArguments(n: number, isCall: Uint8Array, strikes: Float64Array, sigmas: Float64Array): void {
  for (let start = 0; start < n; start += ARGUMENT_BLOCK_OPTIONS) {
    const count = Math.min(ARGUMENT_BLOCK_OPTIONS, n - start);
    blockMoneynessOf(start, count, isCall, strikes, sigmas);
    blockLogarithms(count);
    blockArguments(start, count, isCall, sigmas);
  }
}

/** Checks options start..start+count-1 and writes F/K of each to blockMoneyness. */
function blockMoneynessOf(start: number, count: number, isCall: Uint8Array, strikes: Float64Array, sigmas: Float64Array): void {
  const forward = chainScalars[FORWARD] as number;
  for (let j = 0; j < count; j++) {
    const i = start + j;
    const strike = strikes[i] as number;
    const sigma = sigmas[i] as number;
    const callFlag = isCall[i] as number;
    if (!(strike > 0 && sigma > 0 && strike < Number.POSITIVE_INFINITY && sigma < Number.POSITIVE_INFINITY && callFlag <= 1)) {
      throw new RangeError(`option ${i}: strike and sigma must be positive and finite and isCall 0 or 1, got ${strike}, ${sigma} and ${callFlag}`);
    }
    blockMoneyness[j] = forward / strike;
  }
}

/** ln(F/K) of the block's options. */
function blockLogarithms(count: number): void {
  for (let j = 0; j < count; j++) blockLogMoneyness[j] = logPositive(blockMoneyness[j] as number);
}

/** d1, d2 (signed for calls and puts) and their Gaussians of the block's options into the scratch. */
function blockArguments(start: number, count: number, isCall: Uint8Array, sigmas: Float64Array): void {
  const sqrtT = chainScalars[SQRT_TIME] as number;
  const args = scratchArguments;
  const gaussians = scratchGaussians;
  for (let j = 0; j < count; j++) {
    const i = start + j;
    // +1 for a call, -1 for a put, by arithmetic: calls and puts alternate unpredictably in a chain,
    // and a mispredicted branch costs about as much as the logarithm.
    const sign = 2 * (isCall[i] as number) - 1;
    const stdDev = (sigmas[i] as number) * sqrtT;
    const moneyness = blockMoneyness[j] as number;
    const d1 = (blockLogMoneyness[j] as number) / stdDev + 0.5 * stdDev;
    const d2 = d1 - stdDev;
    // exp(-d2^2/2) = exp(-d1^2/2) * F/K: one exponential for both. Only if the first has underflowed
    // out of the normal range (and lost its precision) is the second computed on its own: a rarely
    // taken, well-predicted branch.
    const gaussian1 = expNonPositive(-0.5 * d1 * d1);
    const gaussian2 = gaussian1 > SMALLEST_NORMAL_DOUBLE ? gaussian1 * moneyness : expNonPositive(-0.5 * d2 * d2);
    args[2 * i] = sign * d1;
    args[2 * i + 1] = sign * d2;
    gaussians[2 * i] = gaussian1;
    gaussians[2 * i + 1] = gaussian2;
  }
}

/** Pass 2 of priceChain: every leg's normal CDF, in place. */
function chainProbabilities(legCount: number): void {
  const args = scratchArguments;
  const gaussians = scratchGaussians;
  for (let j = 0; j < legCount; j++) args[j] = normCdfWithGaussian(args[j] as number, gaussians[j] as number);
}

/**
 * Prices options i = 0..n-1 with isCall[i] (1 call, 0 put), strikes[i] and sigmas[i] into the output
 * arrays. Strikes and sigmas must be positive and finite and isCall 0 or 1 (checked per option before
 * anything is written; a RangeError names the index).
 *
 * Three passes over structure-of-arrays data rather than one loop per option: (1) the per-option
 * algebra, d1, d2 and one exponential for both Gaussians; (2) all 2n normal CDFs in one flat loop;
 * (3) the prices and Greeks, each pass its own function (priceChain itself holds no loop, so that its
 * own optimisation state, which V8 may drop and take a while to restore, never leaves a loop running
 * unoptimised and boxing every double). V8 inlines callees into an optimised
 * function up to a cumulative budget: one loop holding two copies of the CDF (with both of its range
 * branches) next to the logarithm and the exponential exhausts it, so that parts become calls that box
 * their results. One CDF call site in a loop of its own is inlined whole, and the first pass has room
 * for the inlined table logarithm and exponential of batchMath.ts. Measured on the pricing bench
 * (same process, interleaved): about 1.2x the single loop from the passes, 1.17x more from giving each
 * its own function with the table functions (neither helped without the other).
 */
export function priceChain(
  expiry: ChainExpiry,
  isCall: Uint8Array,
  strikes: Float64Array,
  sigmas: Float64Array,
  outputs: ChainPriceOutputs,
): void {
  checkExpiry(expiry);
  const n = strikes.length;
  const { prices, deltas, vegasPerUnitVol } = outputs;
  checkLengths(n, { isCall, sigmas, prices, deltas, vegasPerUnitVol });
  const { forward, timeYears, discountFactor } = expiry;
  const sqrtT = Math.sqrt(timeYears);
  ensureScratch(2 * n);
  chainScalars[FORWARD] = forward;
  chainScalars[SQRT_TIME] = sqrtT;
  chainArguments(n, isCall, strikes, sigmas);
  chainProbabilities(2 * n);
  chainPrices(n, isCall, strikes, forward, discountFactor, sqrtT, prices, deltas, vegasPerUnitVol);
}

/** Pass 3 of priceChain: prices and the optional Greeks from the probabilities and Gaussians. */
function chainPrices(
  n: number,
  isCall: Uint8Array,
  strikes: Float64Array,
  forward: number,
  discountFactor: number,
  sqrtT: number,
  prices: Float64Array,
  deltas: Float64Array | undefined,
  vegasPerUnitVol: Float64Array | undefined,
): void {
  const args = scratchArguments;
  const gaussians = scratchGaussians;
  const vegaScale = discountFactor * forward * INV_SQRT_2PI * sqrtT;
  for (let i = 0; i < n; i++) {
    const sign = 2 * (isCall[i] as number) - 1;
    const probability1 = args[2 * i] as number;
    const probability2 = args[2 * i + 1] as number;
    prices[i] = discountFactor * sign * (forward * probability1 - (strikes[i] as number) * probability2);
    if (deltas !== undefined) deltas[i] = sign * discountFactor * probability1;
    if (vegasPerUnitVol !== undefined) vegasPerUnitVol[i] = vegaScale * (gaussians[2 * i] as number);
  }
}

/** Outcome of one option in impliedVolChain. */
export const IMPLIED_VOL_STATUS = {
  solved: 0,
  atIntrinsic: 1,
  belowIntrinsic: 2,
  aboveUpperBound: 3,
  invalidInput: 4,
} as const;
export type ImpliedVolStatus = (typeof IMPLIED_VOL_STATUS)[keyof typeof IMPLIED_VOL_STATUS];

/** Solver state of impliedVolChain, grown (never shrunk) to the largest chain seen. */
let solverState = new StdDevSolverState(0);
/** Option index of each solver slot, and the slots still iterating. */
let solverOption = new Uint32Array(0);
let solverActive = new Uint32Array(0);

function ensureSolverCapacity(count: number): void {
  if (solverState.capacity >= count) return;
  solverState = new StdDevSolverState(count);
  solverOption = new Uint32Array(count);
  solverActive = new Uint32Array(count);
}

/**
 * Implied vols of a chain of discounted prices into `outSigmas`, with the outcome of each option in
 * `outStatus`. A price exactly at intrinsic value gives sigma 0 (status atIntrinsic, like the scalar
 * API); an impossible price or input writes NaN into outSigmas so that a caller who ignores the status
 * poisons its result visibly instead of trading on a silent 0. Returns how many options were solved
 * (solved or atIntrinsic).
 *
 * The solver runs step by step across the chain: every option's starting point, then one Householder
 * step for every option still iterating, and so on. Each option sees exactly the arithmetic of the
 * scalar solver (the results are bit-identical), but consecutive steps are now independent work that
 * the processor overlaps, where option by option each step waited on the one before.
 */
export function impliedVolChain(
  expiry: ChainExpiry,
  isCall: Uint8Array,
  strikes: Float64Array,
  prices: Float64Array,
  outSigmas: Float64Array,
  outStatus: Uint8Array,
): number {
  checkExpiry(expiry);
  const n = strikes.length;
  checkLengths(n, { isCall, prices, outSigmas, outStatus });
  ensureSolverCapacity(n);
  // Each loop is a function of its own, as in priceChain: impliedVolChain holds none, so that its own
  // optimisation state never leaves a loop running unoptimised.
  startChainSolves(expiry, n, isCall, strikes, prices, outSigmas, outStatus);
  const slotCount = CHAIN_COUNTS[0] as number;
  stepChainSolves(slotCount);
  writeChainSigmas(slotCount, Math.sqrt(expiry.timeYears), outSigmas);
  return CHAIN_COUNTS[1] as number;
}

/** What startChainSolves hands back: the options started in the solver, and the options solved. */
const CHAIN_COUNTS = new Int32Array(2);

/**
 * Pass 1 of impliedVolChain: every option's status, and the solver's start for those with time value.
 * Writes the number of solver slots and of solved options (solved or at intrinsic) to CHAIN_COUNTS.
 */
function startChainSolves(
  expiry: ChainExpiry,
  n: number,
  isCall: Uint8Array,
  strikes: Float64Array,
  prices: Float64Array,
  outSigmas: Float64Array,
  outStatus: Uint8Array,
): void {
  const { forward, discountFactor } = expiry;
  const state = solverState;
  const optionOfSlot = solverOption;
  const active = solverActive;
  let slotCount = 0;
  let solvedCount = 0;
  for (let i = 0; i < n; i++) {
    const strike = strikes[i] as number;
    const price = prices[i] as number;
    if (!(strike > 0 && strike < Number.POSITIVE_INFINITY && Number.isFinite(price) && (isCall[i] as number) <= 1)) {
      outSigmas[i] = Number.NaN;
      outStatus[i] = IMPLIED_VOL_STATUS.invalidInput;
      continue;
    }
    const isCallOption = isCall[i] === 1;
    const undiscounted = price / discountFactor;
    const forwardMinusStrike = forward - strike;
    const intrinsic = isCallOption ? Math.max(forwardMinusStrike, 0) : Math.max(-forwardMinusStrike, 0);
    const upperBound = isCallOption ? forward : strike;
    if (undiscounted < intrinsic) {
      outSigmas[i] = Number.NaN;
      outStatus[i] = IMPLIED_VOL_STATUS.belowIntrinsic;
      continue;
    }
    const timeValue = undiscounted - intrinsic;
    // beta < e^{x/2} with beta = timeValue / sqrt(F K) is timeValue < min(F, K): no exponential needed.
    if (!(undiscounted < upperBound && timeValue < Math.min(forward, strike))) {
      outSigmas[i] = Number.NaN;
      outStatus[i] = IMPLIED_VOL_STATUS.aboveUpperBound;
      continue;
    }
    solvedCount++;
    if (timeValue === 0) {
      outSigmas[i] = 0;
      outStatus[i] = IMPLIED_VOL_STATUS.atIntrinsic;
      continue;
    }
    state.x[slotCount] = -Math.abs(Math.log(forward / strike));
    state.beta[slotCount] = timeValue / Math.sqrt(forward * strike);
    startStdDevSolve(state, slotCount);
    optionOfSlot[slotCount] = i;
    active[slotCount] = slotCount;
    slotCount++;
    outStatus[i] = IMPLIED_VOL_STATUS.solved;
  }
  CHAIN_COUNTS[0] = slotCount;
  CHAIN_COUNTS[1] = solvedCount;
}

/** Pass 2: one Householder step for every slot still iterating, until all have converged. */
function stepChainSolves(slotCount: number): void {
  const state = solverState;
  const active = solverActive;
  let activeCount = slotCount;
  for (let iteration = 0; iteration < MAX_STD_DEV_ITERATIONS && activeCount > 0; iteration++) {
    let stillActive = 0;
    for (let j = 0; j < activeCount; j++) {
      const slot = active[j] as number;
      if (!stdDevHouseholderStep(state, slot)) active[stillActive++] = slot;
    }
    activeCount = stillActive;
  }
}

/** Pass 3: each slot's total standard deviation as a volatility into its option's place. */
function writeChainSigmas(slotCount: number, sqrtT: number, outSigmas: Float64Array): void {
  const stdDevs = solverState.s;
  const optionOfSlot = solverOption;
  for (let slot = 0; slot < slotCount; slot++) outSigmas[optionOfSlot[slot] as number] = (stdDevs[slot] as number) / sqrtT;
}
