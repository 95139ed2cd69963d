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
export const sharpeMeasure: PerformanceMeasure = (returns) => sharpeOfRows(returns, undefined, returns.length);

/**
 * sharpeMeasure of returns[rows[0]], ..., returns[rows[count - 1]] (of the first `count` returns
 * without `rows`), summed in that order: the same doubles as on the gathered array, without gathering.
 */
function sharpeOfRows(returns: ArrayLike<number>, rows: readonly number[] | undefined, count: number): number {
  let sum = 0;
  for (let i = 0; i < count; i++) sum += returns[rows === undefined ? i : (rows[i] as number)] as number;
  const mean = sum / count;
  let ss = 0;
  for (let i = 0; i < count; i++) ss += ((returns[rows === undefined ? i : (rows[i] as number)] as number) - mean) ** 2;
  const sd = count > 1 ? Math.sqrt(ss / (count - 1)) : 0;
  if (sd > 0) return mean / sd;
  return mean > 0 ? Infinity : mean < 0 ? -Infinity : 0;
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
  const result: CscvCombination[] = [];
  for (const inSample of combinations(blocks, blocks / 2)) {
    const outOfSample = Array.from({ length: blocks }, (_, b) => b).filter((b) => !inSample.includes(b));
    const isRows = rowsOf(inSample);
    const oosRows = rowsOf(outOfSample);
    // The default measure reads the rows in place: a trial's in- and out-of-sample returns are not
    // gathered into new arrays for each of the C(S, S/2) combinations.
    const perf = (rows: readonly number[]) =>
      measure === sharpeMeasure ? trialReturns.map((r) => sharpeOfRows(r, rows, rows.length)) : trialReturns.map((r) => measure(rows.map((row) => r[row] as number)));
    const isPerf = perf(isRows);
    const oosPerf = perf(oosRows);
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
