/**
 * Spearman's rank correlation: the Pearson correlation of the two samples' ranks, tied values sharing
 * the mean of the ranks they span (the "fractional ranking" every statistics package uses). It says how
 * far one ordering of variants (one market model, one period) carries over to another: 1 the same
 * order, 0 none, −1 reversed. Pure.
 */

export class RankCorrelationError extends Error {
  override name = 'RankCorrelationError';
}

/** Ranks 1..n, ascending; tied values get the mean of their positions. */
export function fractionalRanks(values: readonly number[]): number[] {
  for (const [i, v] of values.entries()) if (!Number.isFinite(v)) throw new RankCorrelationError(`value ${i} is not a finite number (${v})`);
  const order = values.map((_, i) => i).sort((a, b) => (values[a] as number) - (values[b] as number));
  const ranks = new Array<number>(values.length);
  for (let start = 0; start < order.length; ) {
    let end = start;
    while (end + 1 < order.length && values[order[end + 1] as number] === values[order[start] as number]) end++;
    // Positions start..end (0-based) hold one value: each gets the mean rank (start + end) / 2 + 1.
    for (let k = start; k <= end; k++) ranks[order[k] as number] = (start + end) / 2 + 1;
    start = end + 1;
  }
  return ranks;
}

/**
 * Spearman's ρ of paired samples; undefined when it is not defined: fewer than three pairs, or one
 * sample constant (its ranks have no variance).
 */
export function spearmanRho(x: readonly number[], y: readonly number[]): number | undefined {
  if (x.length !== y.length) throw new RankCorrelationError(`the samples differ in length (${x.length} and ${y.length})`);
  const n = x.length;
  if (n < 3) return undefined;
  const rx = fractionalRanks(x);
  const ry = fractionalRanks(y);
  const mean = (n + 1) / 2;
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (let i = 0; i < n; i++) {
    const dx = (rx[i] as number) - mean;
    const dy = (ry[i] as number) - mean;
    sxy += dx * dy;
    sxx += dx * dx;
    syy += dy * dy;
  }
  if (sxx === 0 || syy === 0) return undefined;
  return sxy / Math.sqrt(sxx * syy);
}
