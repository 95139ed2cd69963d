/**
 * The probability of backtest overfitting by combinatorially symmetric cross-validation (Bailey,
 * Borwein, López de Prado & Zhu, "The Probability of Backtest Overfitting", J. Computational Finance
 * 20(4), 2017).
 *
 * The T x N matrix of returns (T periods, N trials) is cut into S contiguous blocks of equal length.
 * For each of the C(S, S/2) ways to pick half of the blocks as the in-sample set (the rest, in order,
 * is the out-of-sample set), the trial with the best in-sample performance is selected and its
 * relative rank ω among the N trials out of sample is taken (rank / (N + 1), rank 1 the worst, ties
 * averaged); λ = ln(ω / (1 − ω)). PBO is the share of combinations with λ ≤ 0: how often the
 * in-sample winner does no better than the median trial out of sample.
 */
import { OverfittingInputError } from './deflatedSharpe.js';

/** Performance of one trial over a set of periods; higher is better. */
export type PerformanceMeasure = (returns: readonly number[]) => number;

/** Mean over standard deviation (per period); a flat series ranks by the sign of its mean. */
export const sharpeMeasure: PerformanceMeasure = (returns) => {
  const n = returns.length;
  let sum = 0;
  for (const r of returns) sum += r;
  const mean = sum / n;
  let ss = 0;
  for (const r of returns) ss += (r - mean) ** 2;
  return sharpeFrom(mean, ss, n);
};

/** Mean over the sample standard deviation from the mean and the sum of squared deviations of n returns. */
function sharpeFrom(mean: number, sumSquaredDeviations: number, n: number): number {
  const sd = n > 1 ? Math.sqrt(sumSquaredDeviations / (n - 1)) : 0;
  if (sd > 0) return mean / sd;
  return mean > 0 ? Infinity : mean < 0 ? -Infinity : 0;
}

/**
 * Each block's sum and sum of squared deviations from its own mean, for one trial: [sum_0, m2_0,
 * sum_1, m2_1, ...]. Any set of blocks then has its Sharpe ratio from these alone (sharpeOfBlocks), so
 * a split costs O(S) per trial instead of a pass over its periods: with 16 blocks, 12,870 splits.
 */
function blockMoments(returns: ArrayLike<number>, dropped: number, perBlock: number, blocks: number): Float64Array {
  const out = new Float64Array(2 * blocks);
  for (let b = 0; b < blocks; b++) {
    const from = dropped + b * perBlock;
    let sum = 0;
    for (let i = from; i < from + perBlock; i++) sum += returns[i] as number;
    const mean = sum / perBlock;
    let m2 = 0;
    for (let i = from; i < from + perBlock; i++) m2 += ((returns[i] as number) - mean) ** 2;
    out[2 * b] = sum;
    out[2 * b + 1] = m2;
  }
  return out;
}

/**
 * sharpeMeasure of the blocks in `blockSet` taken together, from their moments: the mean is the sum of
 * their sums over the count, and the squared deviations add each block's own to its size times its
 * mean's squared distance from the whole's (Chan, Golub & LeVeque's pairwise combination, exact in
 * real arithmetic and stable in floating point). Agrees with the two passes over the gathered returns
 * to rounding (about 1e-15 relative).
 */
function sharpeOfBlocks(moments: Float64Array, blockSet: readonly number[], perBlock: number): number {
  const n = blockSet.length * perBlock;
  let sum = 0;
  for (const b of blockSet) sum += moments[2 * b] as number;
  const mean = sum / n;
  let m2 = 0;
  for (const b of blockSet) {
    const deviation = (moments[2 * b] as number) / perBlock - mean;
    m2 += (moments[2 * b + 1] as number) + perBlock * deviation * deviation;
  }
  return sharpeFrom(mean, m2, n);
}

export interface CscvCombination {
  /** Block indices used in sample. */
  readonly inSampleBlocks: readonly number[];
  readonly selectedTrial: number;
  readonly inSamplePerformance: number;
  readonly outOfSamplePerformance: number;
  /** Relative out-of-sample rank of the selected trial, in (0, 1). */
  readonly relativeRank: number;
  readonly logit: number;
}

export interface PboResult {
  readonly trials: number;
  readonly blocks: number;
  readonly periodsPerBlock: number;
  /** Periods left out at the start so the blocks are of equal length. */
  readonly droppedPeriods: number;
  readonly combinations: readonly CscvCombination[];
  /** Share of combinations with logit ≤ 0. */
  readonly probabilityOfOverfitting: number;
  /** Share of combinations whose selected trial loses out of sample (performance < 0). */
  readonly probabilityOfOosLoss: number;
}

/** Every k-subset of 0..n-1, in lexicographic order. */
export function combinations(n: number, k: number): number[][] {
  const out: number[][] = [];
  const pick: number[] = [];
  const rec = (start: number) => {
    if (pick.length === k) {
      out.push([...pick]);
      return;
    }
    for (let i = start; i <= n - (k - pick.length); i++) {
      pick.push(i);
      rec(i + 1);
      pick.pop();
    }
  };
  rec(0);
  return out;
}

/** 1-based rank of values[index] among values, ascending, ties given their average rank. */
export function averageRank(values: readonly number[], index: number): number {
  const x = values[index] as number;
  let below = 0;
  let equal = 0;
  for (const v of values) {
    if (v < x) below++;
    else if (v === x) equal++;
  }
  return below + (equal + 1) / 2;
}

/**
 * PBO of `trialReturns` (one array per trial, all the same length, period by period). `blocks` must
 * be even and at most the number of periods.
 */
export function probabilityOfBacktestOverfitting(trialReturns: ReadonlyArray<ArrayLike<number>>, blocks: number, measure: PerformanceMeasure = sharpeMeasure): PboResult {
  const n = trialReturns.length;
  if (n < 2) throw new OverfittingInputError('PBO needs at least two trials');
  if (!Number.isInteger(blocks) || blocks < 2 || blocks % 2 !== 0) throw new OverfittingInputError(`the number of blocks must be an even integer >= 2 (got ${blocks})`);
  const t = (trialReturns[0] as ArrayLike<number>).length;
  for (const [i, r] of trialReturns.entries()) {
    if (r.length !== t) throw new OverfittingInputError(`trial ${i} has ${r.length} periods, trial 0 has ${t}`);
    for (let j = 0; j < r.length; j++) if (!Number.isFinite(r[j] as number)) throw new OverfittingInputError(`trial ${i}, period ${j}: not a finite return`);
  }
  const perBlock = Math.floor(t / blocks);
  if (perBlock < 1) throw new OverfittingInputError(`${t} periods cannot fill ${blocks} blocks`);
  const dropped = t - perBlock * blocks;
  const rowsOf = (blockSet: readonly number[]) => blockSet.flatMap((b) => Array.from({ length: perBlock }, (_, j) => dropped + b * perBlock + j));
  // The default measure works from each trial's block moments, computed once; another measure gets
  // each split's returns gathered in period order.
  const moments = measure === sharpeMeasure ? trialReturns.map((r) => blockMoments(r, dropped, perBlock, blocks)) : undefined;
  const perf = (blockSet: readonly number[]) => {
    if (moments !== undefined) return moments.map((m) => sharpeOfBlocks(m, blockSet, perBlock));
    const rows = rowsOf(blockSet);
    return trialReturns.map((r) => measure(rows.map((row) => r[row] as number)));
  };
  const result: CscvCombination[] = [];
  for (const inSample of combinations(blocks, blocks / 2)) {
    const outOfSample = Array.from({ length: blocks }, (_, b) => b).filter((b) => !inSample.includes(b));
    const isPerf = perf(inSample);
    const oosPerf = perf(outOfSample);
    let selected = 0;
    for (let i = 1; i < n; i++) if ((isPerf[i] as number) > (isPerf[selected] as number)) selected = i;
    const relativeRank = averageRank(oosPerf, selected) / (n + 1);
    result.push({
      inSampleBlocks: inSample,
      selectedTrial: selected,
      inSamplePerformance: isPerf[selected] as number,
      outOfSamplePerformance: oosPerf[selected] as number,
      relativeRank,
      logit: Math.log(relativeRank / (1 - relativeRank)),
    });
  }
  const overfit = result.filter((c) => c.logit <= 0).length;
  const losses = result.filter((c) => c.outOfSamplePerformance < 0).length;
  return {
    trials: n,
    blocks,
    periodsPerBlock: perBlock,
    droppedPeriods: dropped,
    combinations: result,
    probabilityOfOverfitting: overfit / result.length,
    probabilityOfOosLoss: losses / result.length,
  };
}
