import { describe, expect, it } from 'vitest';
import { compareSweeps, SweepCompareError } from './compare.js';
import type { SweepRow } from './resultStore.js';
import { METRIC_COLUMNS, type VariantMetrics } from './runVariant.js';
import { parseSweepSpec } from './spec.js';

const spec = (name: string, path = 'hedge.hedgeCallDelta') =>
  parseSweepSpec({ name, basePreset: 'alvh-ladder', vary: [{ kind: 'list', path, values: [0.2, 0.4] }], period: { from: '2020-01-01', to: '2020-06-30' } }, `${name}.json`);

/** Rows with the given Sharpe ratios (null: undefined for that variant), the first the preset's defaults. */
function rows(sharpes: ReadonlyArray<number | null>, valuesOf = (i: number) => (i === 0 ? '{}' : JSON.stringify({ 'hedge.hedgeCallDelta': i / 10 }))): SweepRow[] {
  const empty = Object.fromEntries(METRIC_COLUMNS.map((c) => [c, null])) as VariantMetrics;
  return sharpes.map((sharpeRatio, i) => ({
    key: `k${i}`,
    index: i,
    isBaseline: i === 0,
    valuesJson: valuesOf(i),
    result: { key: `k${i}`, dataVersion: 'd', codeVersion: 'c', periodFrom: '', periodTo: '', configJson: '{}', metrics: { ...empty, sharpeRatio, maxDrawdownFraction: sharpeRatio === null ? null : 0.5 - sharpeRatio / 10 }, days: new Int32Array(), equityUsd: new Float64Array() },
  }));
}

describe('comparing two sweeps of the same variants', () => {
  it('ranks the matched variants in each and works out the rank correlation, the winners and the top overlap', () => {
    // A's order: v3 (0.9) v2 (0.5) preset (0.1) v1 (-0.2) v4 (-0.4); B's: v1 v3 preset v4 v2.
    const a = rows([0.1, -0.2, 0.5, 0.9, -0.4]);
    const b = rows([0.3, 1.2, -0.5, 0.8, 0.0]);
    const c = compareSweeps({ spec: spec('a'), rows: a }, { spec: spec('b'), rows: b }, 'sharpeRatio');
    expect(c.variants.map((v) => [v.valuesJson, v.rankA, v.rankB])).toEqual([
      ['{"hedge.hedgeCallDelta":0.3}', 1, 2],
      ['{"hedge.hedgeCallDelta":0.2}', 2, 5],
      ['{}', 3, 3],
      ['{"hedge.hedgeCallDelta":0.1}', 4, 1],
      ['{"hedge.hedgeCallDelta":0.4}', 5, 4],
    ]);
    // Rank differences 1-2, 2-5, 3-3, 4-1, 5-4: d^2 = 1 + 9 + 0 + 9 + 1 = 20; rho = 1 - 6 x 20 / (5 x 24) = 0.
    expect(c.spearman).toBeCloseTo(0, 12);
    expect(c.bestOfA).toMatchObject({ valuesJson: '{"hedge.hedgeCallDelta":0.3}', rankB: 2 });
    expect(c.bestOfB).toMatchObject({ valuesJson: '{"hedge.hedgeCallDelta":0.1}', rankA: 4 });
    expect(c.variants.find((v) => v.isBaseline)).toMatchObject({ metricA: 0.1, metricB: 0.3 });
    // Top 5 of 5: all shared.
    expect([c.topOverlap, c.topCount]).toEqual([5, 5]);
    expect([c.unmatchedA, c.unmatchedB]).toEqual([0, 0]);
  });

  it('a metric where lower is better ranks the lowest first; the same order in both gives rho 1', () => {
    const c = compareSweeps({ spec: spec('a'), rows: rows([0.1, 0.2, 0.3]) }, { spec: spec('b'), rows: rows([1, 2, 3]) }, 'maxDrawdownFraction');
    // Drawdowns 0.49, 0.48, 0.47 in A: variant 2 (the highest Sharpe) has the smallest.
    expect(c.variants.map((v) => v.rankA)).toEqual([1, 2, 3]);
    expect(c.variants[0]?.valuesJson).toBe('{"hedge.hedgeCallDelta":0.2}');
    expect(c.spearman).toBeCloseTo(1, 12);
  });

  it('leaves out variants without the metric or without a counterpart, and counts them', () => {
    const a = rows([0.1, 0.2, null, 0.4]);
    const b = rows([0.1, 0.2, 0.3], (i) => (i === 0 ? '{}' : JSON.stringify({ 'hedge.hedgeCallDelta': i / 10 })));
    const c = compareSweeps({ spec: spec('a'), rows: a }, { spec: spec('b'), rows: b }, 'sharpeRatio');
    expect(c.variants).toHaveLength(2);
    expect([c.unmatchedA, c.unmatchedB]).toEqual([2, 1]);
    // Two pairs: no rank correlation.
    expect(c.spearman).toBeUndefined();
  });

  it('refuses sweeps that vary other fields, or share fewer than two variants', () => {
    expect(() => compareSweeps({ spec: spec('a'), rows: rows([1, 2]) }, { spec: spec('b', 'ironCondor.shortDelta'), rows: rows([1, 2]) }, 'sharpeRatio')).toThrow(/vary different fields \(a: hedge\.hedgeCallDelta; b: ironCondor\.shortDelta\)/);
    expect(() => compareSweeps({ spec: spec('a'), rows: rows([1, null]) }, { spec: spec('b'), rows: rows([1, 2]) }, 'sharpeRatio')).toThrow(SweepCompareError);
  });
});
