/** Order statistics for the validation tables (deterministic: sorts copies, never mutates input). */
export interface Distribution {
  readonly count: number;
  readonly median: number;
  readonly mean: number;
  readonly p90: number;
  readonly max: number;
}

/** Linear-interpolated quantile of sorted values, q in [0, 1]. */
export function quantileOfSorted(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return Number.NaN;
  const position = q * (sorted.length - 1);
  const lo = Math.floor(position);
  const hi = Math.ceil(position);
  const a = sorted[lo] as number;
  const b = sorted[hi] as number;
  return a + (b - a) * (position - lo);
}

/** Undefined for an empty sample (never a NaN or a zero placeholder). */
export function distributionOf(values: readonly number[]): Distribution | undefined {
  if (values.length === 0) return undefined;
  const sorted = [...values].sort((a, b) => a - b);
  const sum = sorted.reduce((acc, v) => acc + v, 0);
  return {
    count: sorted.length,
    median: quantileOfSorted(sorted, 0.5),
    mean: sum / sorted.length,
    p90: quantileOfSorted(sorted, 0.9),
    max: sorted[sorted.length - 1] as number,
  };
}
