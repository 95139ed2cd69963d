import { describe, expect, it } from 'vitest';
import { renderHtml } from '../report/report.js';
import { dayFromIso } from '../time/day.js';
import { analyseSweep, dailyReturnsDigest, dailyReturnsOf, identicalSeriesGroups, rankRows, sweepVerdictSummary, verdictOf } from './analysis.js';
import { deflatedSharpeOfBest } from '../overfitting/deflatedSharpe.js';
import { distinctResultsText, topTable } from '../cli/commands/sweep.js';
import { buildSweepReport, heatmapSvg } from './report.js';
import type { SweepRow } from './resultStore.js';
import { METRIC_COLUMNS, type VariantMetrics } from './runVariant.js';
import { parseSweepSpec } from './spec.js';

const spec = parseSweepSpec(
  {
    name: 'unit',
    basePreset: 'alvh-ladder',
    vary: [
      { kind: 'list', path: 'a.x', values: [1, 2] },
      { kind: 'list', path: 'a.y', values: [10, 20] },
    ],
    period: { from: '2024-01-01', to: '2024-06-30' },
    walkForward: { inSampleMonths: 2, outOfSampleMonths: 1 },
    cscvBlocks: 4,
  },
  'unit.json',
);

/** Six months of business days; variant i drifts by (i - 1.5) basis points a day with a shared wiggle. */
function rows(): SweepRow[] {
  const days: number[] = [];
  for (let d = dayFromIso('2024-01-02'); d <= dayFromIso('2024-06-28'); d++) if (((d % 7) + 7) % 7 !== 2 && ((d % 7) + 7) % 7 !== 3) days.push(d);
  const combos = [{}, { 'a.x': 1, 'a.y': 10 }, { 'a.x': 2, 'a.y': 10 }, { 'a.x': 1, 'a.y': 20 }, { 'a.x': 2, 'a.y': 20 }];
  return combos.map((values, i) => {
    let equity = 1e6;
    const curve = days.map((_, k) => (equity *= 1 + (i - 1.5) * 1e-4 + 0.002 * Math.sin(k * (1 + i * 0.3))));
    const metrics = Object.fromEntries(METRIC_COLUMNS.map((c) => [c, null])) as VariantMetrics;
    return {
      key: `k${i}`.padEnd(64, '0'),
      index: i,
      isBaseline: i === 0,
      valuesJson: JSON.stringify(values),
      result: { key: `k${i}`, dataVersion: 'd', codeVersion: 'c', periodFrom: '', periodTo: '', configJson: '{}', metrics: { ...metrics, sharpeRatio: i - 1.5 }, days: Int32Array.from(days), equityUsd: Float64Array.from(curve) },
    };
  });
}

describe('sweep analysis and report', () => {
  it('ranks by the metric in its direction, undefined last', () => {
    const r = rows();
    (r[2] as SweepRow).result.metrics.sharpeRatio = null;
    expect(rankRows(r, 'sharpeRatio').map((x) => x.index)).toEqual([4, 3, 1, 0, 2]);
  });

  it('computes DSR, PBO and the walk-forward from the stored curves', () => {
    const a = analyseSweep(spec, rows());
    expect(a.deflatedSharpe?.trials).toBe(5);
    expect(a.pbo?.combinations).toHaveLength(6);
    expect(a.walkForward?.windows.length).toBe(4);
    expect(a.verdict).toMatch(/DSR/);
  });

  it('sums up the verdict in figures, the walk-forward return from its out-of-sample curve', () => {
    const a = analyseSweep(spec, rows());
    const s = sweepVerdictSummary(a);
    const curve = a.walkForward?.curveEquity ?? [];
    expect(s).toEqual({
      verdict: a.verdict,
      variants: 5,
      distinctResults: 5,
      bestKey: a.deflatedSharpe?.bestKey,
      deflatedSharpeRatio: a.deflatedSharpe?.deflatedSharpeRatio,
      // Every result distinct: no second count.
      distinctDeflatedSharpeRatio: null,
      probabilityOfOverfitting: a.pbo?.probabilityOfOverfitting,
      probabilityOfOosLoss: a.pbo?.probabilityOfOosLoss,
      walkForwardWindows: 4,
      walkForwardOosReturnFraction: (curve[curve.length - 1] as number) - 1,
    });
    // Too short a period for a window: no walk-forward figure, not 0.
    const short = analyseSweep({ ...spec, walkForward: { inSampleMonths: 120, outOfSampleMonths: 12 } }, rows());
    expect(sweepVerdictSummary(short)).toMatchObject({ walkForwardWindows: 0, walkForwardOosReturnFraction: null });
  });

  it('groups series with the same values, a fingerprint collision kept apart', () => {
    expect(identicalSeriesGroups([[1, 2], [1, 2], [2, 1], [1, 2, 3], [2, 1]])).toEqual([[0, 1], [2, 4], [3]]);
    // Same length, sum, first, middle and last value, different elsewhere: two results, not one.
    expect(identicalSeriesGroups([[0, 1, 0, -1, 0], [0, -1, 0, 1, 0]])).toEqual([[0], [1]]);
    expect(identicalSeriesGroups([])).toEqual([]);
  });

  it('digests daily returns so that equal digests mean the groups above, without the curves', () => {
    // 100 -> 110 -> 99 is +10 % then -10 %; 200 -> 220 -> 198 the same returns on twice the capital.
    const curves = [[100, 110, 99], [200, 220, 198], [100, 110, 100], [100, 110, 99]];
    const digests = curves.map((c) => dailyReturnsDigest(c));
    const byDigest = [...new Set(digests)].map((d) => digests.flatMap((x, i) => (x === d ? [i] : [])));
    expect(byDigest).toEqual(identicalSeriesGroups(curves.map((c) => dailyReturnsOf(c))));
    expect(byDigest).toEqual([[0, 1, 3], [2]]);
    // A day after a ruined (zero) equity counts as a return of 0, as a flat day does.
    expect(dailyReturnsDigest([0, 0])).toBe(dailyReturnsDigest([1, 1]));
    expect(dailyReturnsDigest([1, 1])).toMatch(/^[0-9a-f]{64}$/);
  });

  it('counts variants that repeat another\'s daily returns as one trial, beside the stricter count', () => {
    const all = analyseSweep(spec, rows());
    expect(all.distinctResults).toEqual({ count: 5, repeatedGroups: [], deflatedSharpe: undefined, sameResultAsRank: new Map() });
    expect(distinctResultsText(all)).toBeUndefined();
    // Variant 4 given variant 3's curve: a varied field that changed nothing.
    const r = rows();
    const [third, fourth] = [r[3] as SweepRow, r[4] as SweepRow];
    r[4] = { ...fourth, result: { ...fourth.result, equityUsd: Float64Array.from(third.result.equityUsd) } };
    const a = analyseSweep(spec, r);
    expect(a.distinctResults.count).toBe(4);
    expect(a.distinctResults.repeatedGroups).toEqual([[(r[3] as SweepRow).key, (r[4] as SweepRow).key]]);
    // The verdict's DSR still counts 5 trials; the distinct one is the DSR over the 4 different curves.
    expect(a.deflatedSharpe?.trials).toBe(5);
    const returnsOf = (row: SweepRow) => Array.from(row.result.equityUsd).slice(1).map((v, k) => v / (row.result.equityUsd[k] as number) - 1);
    const expected = deflatedSharpeOfBest([0, 1, 2, 3].map((i) => returnsOf(r[i] as SweepRow)));
    expect(a.distinctResults.deflatedSharpe?.trials).toBe(4);
    expect(a.distinctResults.deflatedSharpe?.deflatedSharpeRatio).toBe(expected?.deflatedSharpeRatio);
    expect(a.distinctResults.deflatedSharpe?.sharpeVariance).toBe(expected?.sharpeVariance);
    // It tests the same variant as the stricter count, named by its key and index in expansion order.
    expect(a.distinctResults.deflatedSharpe?.bestKey).toBe(a.deflatedSharpe?.bestKey);
    expect(a.distinctResults.deflatedSharpe?.bestIndex).toBe(a.deflatedSharpe?.bestIndex);
    expect(distinctResultsText(a)).toMatch(/^distinct results: 4 of 5 variants \(1 repeat another's daily returns exactly: a varied field changed nothing in the period\); counting each distinct result once, DSR [0-9.]+ from 4 trials$/);
    // Ranked by Sharpe (i − 1.5), variant 4 is first and variant 3, its twin, second: "same as #1".
    expect(a.distinctResults.sameResultAsRank).toEqual(new Map([[(r[3] as SweepRow).key, 1]]));
    expect(topTable(a, 5, ['a.x', 'a.y']).split('\n')[2]).toMatch(/^ +2 {2}k300000000 +#1 /);
    const report = buildSweepReport(spec, a, { dataVersion: 'sha256:d', codeVersion: 'code:c' });
    expect(report.sections.find((x) => x.id === 'top')?.markdown).toContain('| 2 | `k300000000` | #1 |');
    const md = report.sections.find((x) => x.id === 'overfitting')?.markdown ?? '';
    expect(md).toContain('Distinct results: **4 of 5** variants. 1 repeat another variant\'s daily returns exactly (1 group(s), the largest of 2: `k300000000`, `k400000000`)');
  });

  it('the verdict says luck or not in plain words', () => {
    const dsr = { sharpe: 0.1, expectedMaxSharpe: 0.05, trials: 10, sharpeVariance: 0.001, count: 500, skewness: 0, kurtosis: 3 };
    expect(verdictOf({ ...dsr, deflatedSharpeRatio: 0.97 }, undefined, 10)).toMatch(/unlikely to be luck/);
    expect(verdictOf({ ...dsr, deflatedSharpeRatio: 0.4 }, undefined, 10)).toMatch(/may be luck/);
    // A spec whose values all resolve to the preset runs one variant: "deflating for 1 trials ... luck of
    // the search" described a search that did not happen.
    expect(verdictOf({ ...dsr, deflatedSharpeRatio: 0.425 }, undefined, 1)).toBe('One variant, so no search to deflate for: the probability that its Sharpe ratio is above zero is 42.5 % (< 95 %), not convincing.');
    expect(verdictOf({ ...dsr, deflatedSharpeRatio: 0.97 }, undefined, 1)).toBe('One variant, so no search to deflate for: its Sharpe ratio is above zero with probability 97.0 % (≥ 95 %).');
  });

  it('renders one offline page: verdict, top table with the preset, a heat map, the walk-forward curve', () => {
    const html = renderHtml(buildSweepReport(spec, analyseSweep(spec, rows()), { dataVersion: 'sha256:d', codeVersion: 'code:c' }));
    expect(html).toContain('Verdict.');
    // The facts name what the results came from: the data and the build.
    expect(html).toContain('sha256:d');
    expect(html).toContain('code:c');
    expect(html).toContain('alvh-ladder (preset)');
    expect(html).toContain('mean sharpeRatio: a.y by a.x');
    expect(html).toContain('Walk-forward out-of-sample curve');
    expect(html).not.toMatch(/<script|<link|src="http|href="http/);
  });

  it('a heat map cell per pair of levels, grey where there is no variant', () => {
    const svg = heatmapSvg('t', 'x', 'y', ['1', '2'], ['10'], [[0.5, undefined]], true);
    expect(svg.match(/<rect /g)).toHaveLength(2);
    expect(svg).toContain('fill="#eeeeee"');
  });
});
