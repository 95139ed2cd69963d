import { describe, expect, it } from 'vitest';
import { realHistory } from '../../test/fixtures/realMarket.js';
import { monthEndSeries as series } from '../../test/support/monthEndSeries.js';
import { loadPreset } from '../data/presets.js';
import { DEFAULT_MARKET_MODEL_CONFIG } from '../market/config.js';
import { dayFromIso } from '../time/day.js';
import { PputReplicationConfigSchema, pputReplicaSections, pputReplicationSectionFromSeries, PPUT_SECTION_ID, underlyingOnlyConfig } from './pputReplica.js';

const config = PputReplicationConfigSchema.parse({});

// 48 months, 2014-01..2017-12: the last two years of 2008-15 and two held-out years. A protected
// index's shape: the index's months, the underlying a fixed 0.4 % a month above them (the puts' net cost).
const INDEX_RETURNS = Array.from({ length: 48 }, (_, i) => 0.01 * Math.sin(i * 1.3) + (i % 7 === 0 ? -0.02 : 0.006));
const UNDERLYING_RETURNS = INDEX_RETURNS.map((r) => r + 0.004);
// A premium of 0.5 % of the portfolio on the 20th of each held-out month (2016-01..2017-12): 6 % a year.
const HELD_OUT_PREMIUMS = Array.from({ length: 24 }, (_, i) => ({ day: dayFromIso(`${2016 + Math.floor(i / 12)}-${String((i % 12) + 1).padStart(2, '0')}-20`), fractionOfEquity: 0.005 }));
const span = { fromDay: dayFromIso('2013-12-28'), toDay: dayFromIso('2017-12-28') };

/** Geometric annual return of 24 monthly returns, in percent. */
const annualPercent = (returns: readonly number[]) => 100 * (returns.reduce((g, r) => g * (1 + r), 1) ** (12 / returns.length) - 1);

describe('PPUT replication config', () => {
  it("has CNDR's four eras (the PPUT file reaches back to 1986), no caution months, and rejects unknown fields", () => {
    expect(config.periods.map((p) => [p.id, p.heldOut])).toEqual([
      ['1990-1999', false],
      ['2000-2007', false],
      ['2008-2015', false],
      ['2016-today', true],
    ]);
    expect(config.cautionMonths).toEqual([]);
    expect(PputReplicationConfigSchema.safeParse({ caution: [] }).success).toBe(false);
  });
});

describe('the underlying leg alone', () => {
  it('is the preset with its option legs taken away: the same total-return leg, the same equity, nothing to open', () => {
    const pput = loadPreset('pput');
    const alone = underlyingOnlyConfig(pput);
    expect(alone.name).toBe('pput-underlying-only');
    expect(alone.customLegs).toEqual([]);
    expect(alone.underlyingLeg).toEqual({ index: 'spx-total-return' });
    expect(alone.initialEquityUsd).toBe(pput.initialEquityUsd);
    expect(alone.hedge.enabled).toBe(false);
  });
});

describe('PPUT replication section from constructed series', () => {
  it('splits each era into what the puts cost in the model and in the index', () => {
    // The replica's puts cost 0.05 % a month more than the index's.
    const replicaReturns = INDEX_RETURNS.map((r) => r - 0.0005);
    const built = pputReplicationSectionFromSeries(
      { replica: series(replicaReturns, 1e6), premiums: HELD_OUT_PREMIUMS, underlyingOnly: series(UNDERLYING_RETURNS, 1e6), index: series(INDEX_RETURNS, 500) },
      span,
      'pput',
      config,
    );
    if (!built.ok) throw new Error(built.error);
    const [section] = built.value.sections;
    expect(section?.id).toBe(PPUT_SECTION_ID);
    // It measures no row of the target table.
    expect(built.value.targets).toBeUndefined();
    // 2008-15 holds 2014-01..2015-12 (months 0-23), the held-out era 2016-01..2017-12 (months 24-47).
    const held = (xs: readonly number[]) => xs.slice(24);
    const underlying = annualPercent(held(UNDERLYING_RETURNS));
    const modelCost = underlying - annualPercent(held(replicaReturns));
    const indexCost = underlying - annualPercent(held(INDEX_RETURNS));
    // About 4.9 points a year for the index's puts, 0.6 more for the model's.
    expect(indexCost).toBeGreaterThan(4.5);
    expect(modelCost - indexCost).toBeGreaterThan(0.55);
    const json = section?.json as { periods: { id: string; putCost: { modelPercentagePointsPerYear: number; indexPercentagePointsPerYear: number; modelOverIndex: number; modelPremiumPercentPerYear: number | null } | null }[] };
    const heldOut = json.periods.find((p) => p.id === '2016-today')?.putCost;
    expect(heldOut?.modelPercentagePointsPerYear).toBeCloseTo(modelCost, 9);
    expect(heldOut?.indexPercentagePointsPerYear).toBeCloseTo(indexCost, 9);
    expect(heldOut?.modelOverIndex).toBeCloseTo(modelCost / indexCost, 9);
    expect(heldOut?.modelPremiumPercentPerYear).toBeCloseTo(6, 12);
    // The excess cost over the premium: about 0.6 / 6, 10 %.
    expect(section?.markdown).toContain(`| 2016-today (held out) | ${(annualPercent(held(UNDERLYING_RETURNS))).toFixed(2)} % | ${modelCost.toFixed(2)} | ${indexCost.toFixed(2)} | ${(modelCost / indexCost).toFixed(2)} | 6.00 | ${((100 * (modelCost - indexCost)) / 6).toFixed(1)} % |`);
    // 2008-15 had no premium in these series: not applicable, never a zero.
    expect(section?.markdown).toMatch(/\| 2008-15 \| [^|]+ \| [^|]+ \| [^|]+ \| [^|]+ \| n\/a \| n\/a \|/);
    // Eras without months have no statistics and no cost.
    expect(json.periods.find((p) => p.id === '1990-1999')?.putCost).toBeNull();
    expect(built.value.summary.find((r) => r.metric === 'PPUT 2016-today (held out): put cost model / PPUT (pts a year)')?.value).toBe(`${modelCost.toFixed(2)} / ${indexCost.toFixed(2)}`);
    expect(built.value.summary.find((r) => r.metric === 'PPUT 2016-today (held out): annual return gap (pts)')).toMatchObject({ met: true });
    expect(section?.markdown).toContain('| era | underlying alone (model total return) | put cost, model (pts/yr) | put cost, PPUT (pts/yr) | model / PPUT |');
    expect(section?.svgCharts.map((c) => c.id)).toEqual(['growth-2008-2015', 'growth-2016-today']);
  });

  it('a replica equal to the index has the same put cost: ratio 1 in every era compared', () => {
    const built = pputReplicationSectionFromSeries({ replica: series(INDEX_RETURNS, 1e6), premiums: [], underlyingOnly: series(UNDERLYING_RETURNS, 1e6), index: series(INDEX_RETURNS, 500) }, span, 'pput', config);
    if (!built.ok) throw new Error(built.error);
    const json = built.value.sections[0]?.json as { periods: { putCost: { modelOverIndex: number } | null }[] };
    const ratios = json.periods.flatMap((p) => (p.putCost === null ? [] : [p.putCost.modelOverIndex]));
    expect(ratios).toHaveLength(2);
    for (const r of ratios) expect(r).toBeCloseTo(1, 12);
  });

  it("a bad level in the underlying leg's series is an error naming it", () => {
    const underlyingOnly = series(UNDERLYING_RETURNS, 1e6).map((p, i) => (i === 5 ? { ...p, level: -1 } : p));
    expect(pputReplicationSectionFromSeries({ replica: series(INDEX_RETURNS, 1e6), premiums: [], underlyingOnly, index: series(INDEX_RETURNS, 500) }, span, 'pput', config)).toEqual({
      ok: false,
      error: 'PPUT replication (underlying leg alone): replica series, point 5 (2014-05-28): level -1 is not a positive finite number',
    });
  });
});

/** The signal table over all history plus ~400 model days on a shared 2-core machine. */
const SHORT_SPAN_TIMEOUT_MS = 180_000;

describe('PPUT replication on the bundled data (short span)', () => {
  it(
    'runs the pput preset and its underlying leg alone over 2016-06..2017-12 and compares 18 held-out months',
    async () => {
      const history = await realHistory();
      const built = pputReplicaSections()({ history, config: DEFAULT_MARKET_MODEL_CONFIG, replicationSpan: { fromDay: dayFromIso('2016-06-01'), toDay: dayFromIso('2017-12-29') } });
      if (!built.ok) throw new Error(built.error);
      const json = built.value.sections[0]?.json as { periods: { id: string; statistics: { monthsCompared?: number; monthlyReturnCorrelation?: number }; putCost: { modelPercentagePointsPerYear: number; indexPercentagePointsPerYear: number; modelPremiumPercentPerYear: number | null } | null }[] };
      const heldOut = json.periods.find((p) => p.id === '2016-today');
      expect(heldOut?.statistics.monthsCompared).toBe(18);
      // The replica holds the same index as PPUT: its months follow the index's closely.
      expect(heldOut?.statistics.monthlyReturnCorrelation).toBeGreaterThan(0.95);
      // Protection costs something in a calm rising market, in the model and in the index.
      expect(heldOut?.putCost?.modelPercentagePointsPerYear).toBeGreaterThan(0);
      expect(heldOut?.putCost?.indexPercentagePointsPerYear).toBeGreaterThan(0);
      // 18 rolls (2016-06-17 .. 2017-11-17 closed; the December put is still open on 2017-12-29), each a
      // few tenths of a percent of the portfolio.
      expect(heldOut?.putCost?.modelPremiumPercentPerYear).toBeGreaterThan(1);
      expect(heldOut?.putCost?.modelPremiumPercentPerYear).toBeLessThan(10);
    },
    SHORT_SPAN_TIMEOUT_MS,
  );
});
