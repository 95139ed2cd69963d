import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { canonicalJson } from './variants.js';
import { ResultStore } from './resultStore.js';
import { METRIC_COLUMNS, type VariantMetrics } from './runVariant.js';
import { parseSweepSpec } from './spec.js';
import { readStoredSweep, relatedSweeps, StoredSweepError, type RelatedSweep } from './storedSweeps.js';
import { relatedSweepLine } from './report.js';

const DB = ':memory:';
let store: ResultStore;

const spec = (name: string, basePreset = 'alvh-ladder', path = 'hedge.hedgeCallDelta', marketModel?: unknown) =>
  parseSweepSpec({ name, basePreset, vary: [{ kind: 'list', path, values: [0.2, 0.4] }], period: { from: '2020-01-01', to: '2020-06-30' }, ...(marketModel === undefined ? {} : { marketModel }) }, `${name}.json`);

/** Defines a sweep of three variants (the preset, path=0.2, path=0.4) with these Sharpe ratios; `finished: false` leaves the last without a result. */
async function define(name: string, sharpes: readonly number[], options: { basePreset?: string; path?: string; marketModel?: unknown; finished?: boolean; codeVersion?: string } = {}) {
  const s = spec(name, options.basePreset, options.path, options.marketModel);
  const path = options.path ?? 'hedge.hedgeCallDelta';
  const members = sharpes.map((_, i) => ({ key: `${name}-k${i}`, index: i, isBaseline: i === 0, valuesJson: i === 0 ? '{}' : JSON.stringify({ [path]: i === 1 ? 0.2 : 0.4 }) }));
  await store.defineSweep(name, canonicalJson(s), members);
  const empty = Object.fromEntries(METRIC_COLUMNS.map((c) => [c, null])) as VariantMetrics;
  for (const [i, m] of members.entries()) {
    if (options.finished === false && i === members.length - 1) continue;
    await store.put({ key: m.key, dataVersion: 'd', codeVersion: options.codeVersion ?? 'c', periodFrom: '2020-01-01', periodTo: '2020-06-30', configJson: '{}', metrics: { ...empty, sharpeRatio: sharpes[i] as number }, days: Int32Array.from([1, 2]), equityUsd: Float64Array.from([1, 2]) });
  }
}

beforeAll(async () => {
  store = await ResultStore.open(DB);
  await define('a', [0.1, 0.3, 0.2]);
  await define('b-fixed-smile', [0.2, 0.1, 0.3], { marketModel: { spx: { skewCalibration: 'off' } } });
  await define('c-other-preset', [0.1, 0.3, 0.2], { basePreset: 'alvh-taper' });
  await define('d-unfinished', [0.1, 0.3, 0.2], { finished: false });
  await define('e-other-field', [0.1, 0.3, 0.2], { path: 'ironCondor.shortDelta' });
  await define('f-another-build', [0.1, 0.3, 0.2], { codeVersion: 'c2' });
});
afterAll(() => store.close());

describe('stored sweeps', () => {
  it('reads a finished sweep back with its spec; names what the database holds, or what is unfinished', async () => {
    const a = await readStoredSweep(store, 'a', DB);
    expect(a.spec.name).toBe('a');
    expect(a.rows.map((r) => r.result.metrics.sharpeRatio)).toEqual([0.1, 0.3, 0.2]);
    await expect(readStoredSweep(store, 'nope', DB)).rejects.toThrow("no sweep 'nope' in :memory:; it holds a, b-fixed-smile, c-other-preset, d-unfinished, e-other-field, f-another-build");
    await expect(readStoredSweep(store, 'd-unfinished', DB)).rejects.toThrow(StoredSweepError);
    await expect(readStoredSweep(store, 'd-unfinished', DB)).rejects.toThrow(/not finished: 1 of its 3 variants have no result/);
  });

  it('relates a sweep to the finished sweeps of the same preset and varied fields only', async () => {
    const related = await relatedSweeps(store, await readStoredSweep(store, 'a', DB), 'sharpeRatio', DB);
    expect(related.map((r) => r.other.spec.name)).toEqual(['b-fixed-smile', 'f-another-build']);
    // Results of another build are related too, and said to be: its rules may differ.
    expect(related.map((r) => r.anotherBuild)).toEqual([false, true]);
    expect(relatedSweepLine(spec('a'), related[1] as RelatedSweep)).toMatch(/^f-another-build \(market model defaults; the same period; another build of alvh, whose rules may differ\): 3 variants in both, Spearman 1\.000/);
    expect(relatedSweepLine(spec('a'), related[0] as RelatedSweep)).not.toContain('another build');
    // a ranks 0.2 (0.3), 0.4 (0.2), preset (0.1); the fixed smile 0.4 (0.3), preset (0.2), 0.2 (0.1):
    // ranks 1,2,3 against 3,1,2, d^2 = 4 + 1 + 1 = 6, rho = 1 - 6 x 6 / (3 x 8) = -0.5.
    expect(related[0]?.comparison.spearman).toBeCloseTo(-0.5, 12);
    expect(related[0]?.comparison.bestOfA).toMatchObject({ valuesJson: '{"hedge.hedgeCallDelta":0.2}', rankB: 3 });
  });
});
