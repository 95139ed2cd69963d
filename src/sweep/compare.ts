/**
 * Two sweeps of the same variants compared: the same spec on another market model, over another
 * period, or on other data. Variants are matched by their varied values (the preset's own defaults
 * match each other), each sweep ranks its matched variants by one metric, and the comparison says how
 * far the ordering carries over: Spearman's rank correlation, where each sweep's winner ranks in the
 * other, and how many of each one's top variants are the other's. A ranking that does not survive a
 * change of model or period is a finding the deflated Sharpe ratio and PBO, computed within one sweep,
 * cannot see. Pure: it reads stored rows.
 */
import { spearmanRho } from '../overfitting/rankCorrelation.js';
import { rankRows } from './analysis.js';
import type { SweepRow } from './resultStore.js';
import type { MetricColumn } from './runVariant.js';
import type { RankingMetric, SweepSpec } from './spec.js';

/** How many of each sweep's best variants the top-overlap figure compares. */
export const COMPARE_TOP_VARIANTS = 5;

export class SweepCompareError extends Error {
  override name = 'SweepCompareError';
}

export interface ComparedVariant {
  /** The varied values, as stored (`{}` for the preset's defaults). */
  readonly valuesJson: string;
  readonly isBaseline: boolean;
  readonly metricA: number;
  readonly metricB: number;
  /** 1 = best, among the matched variants with the metric in both sweeps. */
  readonly rankA: number;
  readonly rankB: number;
}

export interface SweepComparison {
  readonly metric: RankingMetric;
  /** Matched variants with the metric in both sweeps, in A's order (best first). */
  readonly variants: readonly ComparedVariant[];
  /** Variants of A (of B) with no counterpart in the other sweep, or without the metric in either. */
  readonly unmatchedA: number;
  readonly unmatchedB: number;
  /** Spearman's rho of the two metrics over the matched variants; undefined below three or without variation. */
  readonly spearman: number | undefined;
  /** A's best variant and where it ranks in B; B's best and where it ranks in A. */
  readonly bestOfA: ComparedVariant;
  readonly bestOfB: ComparedVariant;
  /** How many of A's top `topCount` are among B's top `topCount`. */
  readonly topOverlap: number;
  readonly topCount: number;
}

const metricOf = (row: SweepRow, metric: RankingMetric): number | null => row.result.metrics[metric as MetricColumn];

/** A spec's varied config paths, sorted: two sweeps can be compared when theirs are the same. */
export function variedPathsOf(spec: SweepSpec): string[] {
  return spec.vary.map((f) => f.path).sort();
}

/** Compares sweep A with sweep B on `metric`: both sweeps' varied paths must be the same fields. */
export function compareSweeps(a: { readonly spec: SweepSpec; readonly rows: readonly SweepRow[] }, b: { readonly spec: SweepSpec; readonly rows: readonly SweepRow[] }, metric: RankingMetric): SweepComparison {
  const [pathsA, pathsB] = [variedPathsOf(a.spec), variedPathsOf(b.spec)];
  if (pathsA.join('\n') !== pathsB.join('\n')) {
    throw new SweepCompareError(`the sweeps vary different fields (${a.spec.name}: ${pathsA.join(', ')}; ${b.spec.name}: ${pathsB.join(', ')}): there are no variants to match`);
  }
  const usable = (rows: readonly SweepRow[]) => new Map(rows.filter((r) => metricOf(r, metric) !== null).map((r) => [r.valuesJson, r]));
  const [byValuesA, byValuesB] = [usable(a.rows), usable(b.rows)];
  const matchedA = [...byValuesA.values()].filter((r) => byValuesB.has(r.valuesJson));
  const matchedB = matchedA.map((r) => byValuesB.get(r.valuesJson) as SweepRow);
  if (matchedA.length < 2) throw new SweepCompareError(`${a.spec.name} and ${b.spec.name} share ${matchedA.length} variant(s) with ${metric} in both: at least 2 are needed to compare rankings`);
  // A's ranking is the comparison's order too: it is computed once.
  const rankedA = rankRows(matchedA, metric);
  const rankOf = (ranked: readonly SweepRow[]) => new Map(ranked.map((r, i) => [r.valuesJson, i + 1]));
  const [ranksA, ranksB] = [rankOf(rankedA), rankOf(rankRows(matchedB, metric))];
  const variants = rankedA.map(
    (r): ComparedVariant => ({
      valuesJson: r.valuesJson,
      isBaseline: r.isBaseline,
      metricA: metricOf(r, metric) as number,
      metricB: metricOf(byValuesB.get(r.valuesJson) as SweepRow, metric) as number,
      rankA: ranksA.get(r.valuesJson) as number,
      rankB: ranksB.get(r.valuesJson) as number,
    }),
  );
  const topCount = Math.min(COMPARE_TOP_VARIANTS, variants.length);
  const topOf = (rank: (v: ComparedVariant) => number) => new Set(variants.filter((v) => rank(v) <= topCount).map((v) => v.valuesJson));
  const [topA, topB] = [topOf((v) => v.rankA), topOf((v) => v.rankB)];
  return {
    metric,
    variants,
    unmatchedA: a.rows.length - variants.length,
    unmatchedB: b.rows.length - variants.length,
    spearman: spearmanRho(
      variants.map((v) => v.metricA),
      variants.map((v) => v.metricB),
    ),
    bestOfA: variants.find((v) => v.rankA === 1) as ComparedVariant,
    bestOfB: variants.find((v) => v.rankB === 1) as ComparedVariant,
    topOverlap: [...topA].filter((values) => topB.has(values)).length,
    topCount,
  };
}
