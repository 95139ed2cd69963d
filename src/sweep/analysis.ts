/**
 * What a finished sweep says: the variants ranked by the spec's metric beside the baseline preset, the
 * deflated Sharpe ratio of the best (daily returns, all variants as the trials), the probability of
 * backtest overfitting by CSCV over the daily return matrix, and the walk-forward out-of-sample curve
 * when re-choosing by the ranking metric. Pure: it reads stored rows.
 */
import { createHash } from 'node:crypto';
import { rankingMetricOf } from '../metrics/performance.js';
import { ZERO_RISK_FREE_RETURN } from '../metrics/riskFree.js';
import { deflatedSharpeOfBest, type DeflatedSharpe } from '../overfitting/deflatedSharpe.js';
import { probabilityOfBacktestOverfitting, type PboResult } from '../overfitting/pbo.js';
import { walkForward, type WalkForwardResult, type WindowScore } from '../overfitting/walkForward.js';
import type { MetricColumn } from './runVariant.js';
import type { SweepRow } from './resultStore.js';
import { RANKING_METRICS, type RankingMetric, type SweepSpec } from './spec.js';

/** The DSR at or above which the best variant's edge is called real (the paper's 95 % bar). */
export const DSR_CONFIDENCE = 0.95;
/** A PBO above this says the selection process is more likely to pick an overfit variant than not. */
export const PBO_OVERFIT_THRESHOLD = 0.5;

/** A DSR with the variant it tests: its index in expansion order and its key. */
export type BestVariantDsr = DeflatedSharpe & { readonly bestIndex: number; readonly bestKey: string };

/**
 * Variants whose daily returns repeat another's exactly: a varied field that changed nothing over the
 * period (a take-profit never reached, a cap never binding). They are one trial, not several.
 */
export interface DistinctResults {
  /** How many different daily-return series the variants gave. */
  readonly count: number;
  /** Each group of two or more variants with the same daily returns, by key in expansion order; groups in the order of their first variant. */
  readonly repeatedGroups: readonly (readonly string[])[];
  /**
   * The best variant's DSR with each distinct result counted once as a trial (its Sharpe-ratio
   * variance over the distinct results); undefined when every result is distinct or none has a Sharpe.
   */
  readonly deflatedSharpe: BestVariantDsr | undefined;
  /**
   * For each variant that repeats a better-ranked one's daily returns, that variant's rank (1 the
   * best), so a ranked table can say "same result as #1" instead of showing it as a new finding.
   */
  readonly sameResultAsRank: ReadonlyMap<string, number>;
}

export interface SweepAnalysis {
  readonly ranked: readonly SweepRow[];
  readonly baseline: SweepRow | undefined;
  readonly rankBy: RankingMetric;
  /** All variants as the trials: the conservative count, which the verdict reads. */
  readonly deflatedSharpe: BestVariantDsr | undefined;
  readonly distinctResults: DistinctResults;
  readonly pbo: PboResult | undefined;
  readonly walkForward: (WalkForwardResult & { selectedKeys: readonly string[] }) | undefined;
  readonly verdict: string;
}

/** What ranking needs of a row: its expansion order and its metrics (a stored row, or a result as it arrives). */
export interface RankableRow {
  readonly index: number;
  readonly result: { readonly metrics: Readonly<Record<MetricColumn, number | null>> };
}

const metricOf = (row: RankableRow, metric: RankingMetric): number | null => row.result.metrics[metric as MetricColumn];

/** Ranks best first by the metric's direction; variants without the metric last; ties by expansion order. */
export function rankRows<R extends RankableRow>(rows: readonly R[], metric: RankingMetric): R[] {
  const sign = RANKING_METRICS[metric] === 'higher' ? -1 : 1;
  return [...rows].sort((a, b) => {
    const x = metricOf(a, metric);
    const y = metricOf(b, metric);
    if (x === null || y === null) return x === null && y === null ? a.index - b.index : x === null ? 1 : -1;
    return x === y ? a.index - b.index : sign * (x - y);
  });
}

/**
 * Each day's return on the day before (0 after a ruined, non-positive equity). A typed array of the
 * exact size: a 10,000-variant sweep holds 10,000 of them at once, 0.4 GB off the JavaScript heap,
 * where grown arrays left as much again to collect.
 */
export function dailyReturnsOf(equity: ArrayLike<number>): Float64Array {
  const out = new Float64Array(Math.max(0, equity.length - 1));
  for (let i = 1; i < equity.length; i++) {
    const prev = equity[i - 1] as number;
    out[i - 1] = prev > 0 ? (equity[i] as number) / prev - 1 : 0;
  }
  return out;
}

/** A window score from the ranking metric, on the window's own equity (risk-free rate 0: it only ranks). */
export function windowScoreFor(metric: RankingMetric): WindowScore {
  const sign = RANKING_METRICS[metric] === 'higher' ? 1 : -1;
  return (days, equity) => {
    const value = rankingMetricOf(
      days.map((day, i) => ({ day, equity: equity[i] as number })),
      metric,
      ZERO_RISK_FREE_RETURN,
    );
    return value === undefined ? undefined : sign * value;
  };
}

/**
 * A digest of a variant's daily returns (SHA-256 of their doubles): two variants with the same digest
 * have the same daily returns, what `identicalSeriesGroups` compares, without keeping either curve. A
 * running sweep's best-so-far table groups its results by it as they arrive.
 */
export function dailyReturnsDigest(equity: ArrayLike<number>): string {
  // Never -0 (x / prev - 1 is +0 when equal), so equal bytes and === agree.
  const returns = dailyReturnsOf(equity);
  return createHash('sha256').update(new Uint8Array(returns.buffer)).digest('hex');
}

/**
 * The indexes of the series grouped by identical values (every element equal, lengths equal), each
 * group in index order, the groups in the order of their first index. Series are bucketed by a cheap
 * fingerprint first, so 10,000 variants of 5,000 days cost one pass, not a pass per pair.
 */
export function identicalSeriesGroups(series: ReadonlyArray<ArrayLike<number>>): number[][] {
  const groups: number[][] = [];
  const byFingerprint = new Map<string, number[][]>();
  for (let i = 0; i < series.length; i++) {
    const values = series[i] as ArrayLike<number>;
    let sum = 0;
    for (let k = 0; k < values.length; k++) sum += values[k] as number;
    const fingerprint = `${values.length}:${sum}:${values[0]}:${values[values.length >> 1]}:${values[values.length - 1]}`;
    const candidates = byFingerprint.get(fingerprint) ?? [];
    const same = candidates.find((group) => sameValues(series[group[0] as number] as ArrayLike<number>, values));
    if (same !== undefined) same.push(i);
    else {
      const group = [i];
      candidates.push(group);
      groups.push(group);
      byFingerprint.set(fingerprint, candidates);
    }
  }
  return groups;
}

function sameValues(a: ArrayLike<number>, b: ArrayLike<number>): boolean {
  if (a.length !== b.length) return false;
  for (let k = 0; k < a.length; k++) if (a[k] !== b[k]) return false;
  return true;
}

export function verdictOf(dsr: DeflatedSharpe | undefined, pbo: PboResult | undefined, trials: number): string {
  const parts: string[] = [];
  if (dsr === undefined) parts.push('No variant has a Sharpe ratio (flat equity), so the deflated Sharpe ratio cannot be computed.');
  else if (trials === 1) {
    // One variant was run (every listed value resolved to the preset's config): there was no search,
    // and with one trial the deflated Sharpe ratio is the probability that the true Sharpe ratio is above 0.
    const probability = `${(dsr.deflatedSharpeRatio * 100).toFixed(1)} %`;
    parts.push(
      dsr.deflatedSharpeRatio >= DSR_CONFIDENCE
        ? `One variant, so no search to deflate for: its Sharpe ratio is above zero with probability ${probability} (≥ ${DSR_CONFIDENCE * 100} %).`
        : `One variant, so no search to deflate for: the probability that its Sharpe ratio is above zero is ${probability} (< ${DSR_CONFIDENCE * 100} %), not convincing.`,
    );
  } else if (dsr.deflatedSharpeRatio >= DSR_CONFIDENCE) {
    parts.push(`The best variant's Sharpe ratio survives deflation for ${trials} trials (DSR ${(dsr.deflatedSharpeRatio * 100).toFixed(1)} % ≥ ${DSR_CONFIDENCE * 100} %): its edge is unlikely to be luck of the search alone.`);
  } else {
    parts.push(`After deflating for ${trials} trials the best variant's Sharpe ratio is not convincing (DSR ${(dsr.deflatedSharpeRatio * 100).toFixed(1)} % < ${DSR_CONFIDENCE * 100} %): its lead may be luck of the search.`);
  }
  if (pbo !== undefined) {
    parts.push(
      pbo.probabilityOfOverfitting > PBO_OVERFIT_THRESHOLD
        ? `PBO ${(pbo.probabilityOfOverfitting * 100).toFixed(0)} %: the in-sample winner usually ranks below the median out of sample, so picking the top of this sweep is more likely overfitting than skill.`
        : `PBO ${(pbo.probabilityOfOverfitting * 100).toFixed(0)} %: the in-sample winner usually stays above the median out of sample, so the ranking carries some information.`,
    );
  }
  return parts.join(' ');
}

export function analyseSweep(spec: SweepSpec, rows: readonly SweepRow[]): SweepAnalysis {
  const ranked = rankRows(rows, spec.rankBy);
  const baseline = rows.find((r) => r.isBaseline);
  const returns = rows.map((r) => dailyReturnsOf(r.result.equityUsd));
  const dsr = rows.length > 0 && (returns[0] as Float64Array).length >= 2 ? deflatedSharpeOfBest(returns) : undefined;
  const groups = identicalSeriesGroups(returns);
  const distinctDsr = dsr !== undefined && groups.length < rows.length ? deflatedSharpeOfBest(groups.map((g) => returns[g[0] as number] as Float64Array)) : undefined;
  // Each group stands for its first variant; the best group's is the best variant of all trials too.
  const bestOfDistinct = distinctDsr === undefined ? -1 : ((groups[distinctDsr.bestIndex] as number[])[0] as number);
  const repeatedGroups = groups.filter((g) => g.length > 1).map((g) => g.map((i) => (rows[i] as SweepRow).key));
  const distinctResults: DistinctResults = {
    count: groups.length,
    repeatedGroups,
    deflatedSharpe: distinctDsr === undefined ? undefined : { ...distinctDsr, bestIndex: bestOfDistinct, bestKey: (rows[bestOfDistinct] as SweepRow).key },
    sameResultAsRank: sameResultAsRank(repeatedGroups, ranked),
  };
  const sameLength = returns.every((r) => r.length === (returns[0] as Float64Array).length);
  const pbo = rows.length >= 2 && sameLength && (returns[0] as Float64Array).length >= spec.cscvBlocks ? probabilityOfBacktestOverfitting(returns, spec.cscvBlocks) : undefined;
  let wf: SweepAnalysis['walkForward'];
  const first = rows[0];
  if (first !== undefined && rows.every((r) => r.result.days.length === first.result.days.length)) {
    const result = walkForward(Array.from(first.result.days), rows.map((r) => r.result.equityUsd), spec.walkForward, windowScoreFor(spec.rankBy));
    wf = { ...result, selectedKeys: result.windows.map((w) => (rows[w.selectedTrial] as SweepRow).key) };
  }
  return {
    ranked,
    baseline,
    rankBy: spec.rankBy,
    deflatedSharpe: dsr === undefined ? undefined : { ...dsr, bestKey: (rows[dsr.bestIndex] as SweepRow).key },
    distinctResults,
    pbo,
    walkForward: wf,
    verdict: verdictOf(dsr, pbo, rows.length),
  };
}

/**
 * The overfitting verdict in figures a page or a record can carry without the curves: the plain-words
 * verdict, the DSR with every variant as a trial and with each distinct result once, PBO, and the
 * walk-forward's out-of-sample return (null where the analysis could not compute one).
 */
export interface SweepVerdictSummary {
  readonly verdict: string;
  readonly variants: number;
  readonly distinctResults: number;
  readonly bestKey: string | null;
  readonly deflatedSharpeRatio: number | null;
  readonly distinctDeflatedSharpeRatio: number | null;
  readonly probabilityOfOverfitting: number | null;
  readonly probabilityOfOosLoss: number | null;
  readonly walkForwardWindows: number;
  readonly walkForwardOosReturnFraction: number | null;
}

export function sweepVerdictSummary(analysis: SweepAnalysis): SweepVerdictSummary {
  const w = analysis.walkForward;
  const windows = w?.windows.length ?? 0;
  return {
    verdict: analysis.verdict,
    variants: analysis.ranked.length,
    distinctResults: analysis.distinctResults.count,
    bestKey: analysis.deflatedSharpe?.bestKey ?? null,
    deflatedSharpeRatio: analysis.deflatedSharpe?.deflatedSharpeRatio ?? null,
    distinctDeflatedSharpeRatio: analysis.distinctResults.deflatedSharpe?.deflatedSharpeRatio ?? null,
    probabilityOfOverfitting: analysis.pbo?.probabilityOfOverfitting ?? null,
    probabilityOfOosLoss: analysis.pbo?.probabilityOfOosLoss ?? null,
    walkForwardWindows: windows,
    // The out-of-sample curve starts at 1: its last level less 1 is the return over every window.
    walkForwardOosReturnFraction: w === undefined || windows === 0 ? null : (w.curveEquity[w.curveEquity.length - 1] as number) - 1,
  };
}

/** Each repeated variant's best-ranked twin's rank (1-based), for every member of a group but that twin. */
function sameResultAsRank(repeatedGroups: readonly (readonly string[])[], ranked: readonly SweepRow[]): Map<string, number> {
  const rankOf = new Map(ranked.map((r, i) => [r.key, i + 1]));
  const out = new Map<string, number>();
  for (const group of repeatedGroups) {
    // A loop, not Math.min(...): a group can hold thousands of a large sweep's variants.
    let best = Number.POSITIVE_INFINITY;
    for (const key of group) best = Math.min(best, rankOf.get(key) ?? Number.POSITIVE_INFINITY);
    for (const key of group) if (rankOf.get(key) !== best) out.set(key, best);
  }
  return out;
}
