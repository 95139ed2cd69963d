import { describe, expect, it } from 'vitest';
import { realHistory } from '../../test/fixtures/realMarket.js';
import { monthEndSeries as series } from '../../test/support/monthEndSeries.js';
import { DEFAULT_MARKET_MODEL_CONFIG } from '../market/config.js';
import { dayFromIso } from '../time/day.js';
import { PutReplicationConfigSchema, putReplicaSections, putReplicationSectionFromSeries, PUT_SECTION_ID } from './putReplica.js';

const config = PutReplicationConfigSchema.parse({});

// 48 months, 2014-01..2017-12: two years of the 2007-15 era and two held-out years. A put-writing
// shape: small steady gains with an occasional large loss.
const INDEX_RETURNS = Array.from({ length: 48 }, (_, i) => 0.006 * Math.sin(i * 1.7) + (i % 9 === 0 ? -0.04 : 0.008));
const span = { fromDay: dayFromIso('2013-12-28'), toDay: dayFromIso('2017-12-28') };

describe('PUT replication config', () => {
  it("has the PUT index's eras, no caution months, the ±1 point gap target, and rejects unknown fields", () => {
    expect(config.periods.map((p) => [p.id, p.fromMonth, p.toMonth, p.heldOut])).toEqual([
      ['2007-2015', '2007-01', '2015-12', false],
      ['2016-today', '2016-01', undefined, true],
    ]);
    expect(config.cautionMonths).toEqual([]);
    expect(config.targets.maxAnnualReturnGapPercentagePoints).toBe(1);
    expect(PutReplicationConfigSchema.safeParse({ period: [] }).success).toBe(false);
  });
});

describe('PUT replication section from constructed series', () => {
  it('a replica equal to the index meets the gap target in every era and charts both eras', () => {
    const built = putReplicationSectionFromSeries({ replica: series(INDEX_RETURNS, 1e6), index: series(INDEX_RETURNS, 900) }, span, 'put', config);
    if (!built.ok) throw new Error(built.error);
    const [section] = built.value.sections;
    expect(section?.id).toBe(PUT_SECTION_ID);
    expect(section?.svgCharts.map((c) => c.id)).toEqual(['growth-2007-2015', 'growth-2016-today']);
    expect(section?.svgCharts[0]?.svg).toMatch(/^<svg /);
    expect(section?.markdown).toContain('| era | months compared | correlation |');
    expect(built.value.targets).toHaveLength(1);
    const [target] = built.value.targets ?? [];
    expect(target?.id).toBe('put-replica');
    expect(target?.met).toBe(true);
    expect(target?.figure).toMatch(/^2007-15: gap 0\.00 pts .*correlation 1\.000\); 2016-today \(held out\): gap 0\.00 pts/);
    expect(built.value.summary.find((r) => r.metric === 'PUT 2016-today (held out): annual return gap (pts)')).toMatchObject({ value: '0.00', target: '|gap| <= 1', met: true });
    // Jan 2014 has the December 2013 month-end as its base: 24 months in each era.
    const json = section?.json as { periods: { id: string; statistics: { monthsCompared?: number } }[] };
    expect(json.periods.map((p) => [p.id, p.statistics.monthsCompared])).toEqual([
      ['2007-2015', 24],
      ['2016-today', 24],
    ]);
  });

  it('a replica earning 0.1 % a month more is within the gap (about +1.2 pts a year is not): the bound is per era', () => {
    // +0.1 % a month compounds to roughly +1.2 to +1.3 points a year at these return levels: missed.
    const richer = putReplicationSectionFromSeries({ replica: series(INDEX_RETURNS.map((r) => r + 0.001), 1e6), index: series(INDEX_RETURNS, 900) }, span, 'put', config);
    if (!richer.ok) throw new Error(richer.error);
    expect(richer.value.targets?.[0]?.met).toBe(false);
    expect(richer.value.sections[0]?.markdown).toContain('**Missed**');
    // +0.05 % a month is about +0.6 to +0.65 points a year: met.
    const close = putReplicationSectionFromSeries({ replica: series(INDEX_RETURNS.map((r) => r + 0.0005), 1e6), index: series(INDEX_RETURNS, 900) }, span, 'put', config);
    if (!close.ok) throw new Error(close.error);
    expect(close.value.targets?.[0]?.met).toBe(true);
    const gap = close.value.summary.find((r) => r.metric === 'PUT 2007-15: annual return gap (pts)')?.value;
    expect(Number(gap)).toBeGreaterThan(0.55);
    expect(Number(gap)).toBeLessThan(0.7);
  });

  it('one era off the target makes the row missed even when the other is met', () => {
    // Only the held-out months (index 24 on) earn 0.2 % a month more.
    const replicaReturns = INDEX_RETURNS.map((r, i) => (i >= 24 ? r + 0.002 : r));
    const built = putReplicationSectionFromSeries({ replica: series(replicaReturns, 1e6), index: series(INDEX_RETURNS, 900) }, span, 'put', config);
    if (!built.ok) throw new Error(built.error);
    expect(built.value.summary.find((r) => r.metric === 'PUT 2007-15: annual return gap (pts)')?.met).toBe(true);
    expect(built.value.summary.find((r) => r.metric === 'PUT 2016-today (held out): annual return gap (pts)')?.met).toBe(false);
    expect(built.value.targets?.[0]?.met).toBe(false);
  });

  it('an era without enough months is not compared and the row is missed', () => {
    const built = putReplicationSectionFromSeries({ replica: series(INDEX_RETURNS.slice(0, 20), 1e6), index: series(INDEX_RETURNS.slice(0, 20), 900) }, span, 'put', config);
    if (!built.ok) throw new Error(built.error);
    expect(built.value.targets?.[0]).toMatchObject({ met: false, figure: expect.stringContaining('2016-today (held out): not compared (0 months compared') as unknown });
  });

  it('a bad level is an error naming the series, position and day', () => {
    const replica = series(INDEX_RETURNS, 1e6).map((p, i) => (i === 3 ? { ...p, level: Number.NaN } : p));
    expect(putReplicationSectionFromSeries({ replica, index: series(INDEX_RETURNS, 900) }, span, 'put', config)).toEqual({
      ok: false,
      error: 'PUT replication: replica series, point 3 (2014-03-28): level NaN is not a positive finite number',
    });
  });

  it('is deterministic: the same series give byte-identical sections', () => {
    const inputs = { replica: series(INDEX_RETURNS, 1e6), index: series(INDEX_RETURNS, 900) };
    expect(JSON.stringify(putReplicationSectionFromSeries(inputs, span, 'put', config))).toBe(JSON.stringify(putReplicationSectionFromSeries(inputs, span, 'put', config)));
  });
});

/** The signal table over all history plus ~400 model days on a shared 2-core machine. */
const SHORT_SPAN_TIMEOUT_MS = 180_000;

describe('PUT replication on the bundled data (short span)', () => {
  it(
    'runs the put preset through the engine over 2016-06..2017-12 and compares 18 held-out months with the real index',
    async () => {
      const history = await realHistory();
      const provide = putReplicaSections();
      const built = provide({ history, config: DEFAULT_MARKET_MODEL_CONFIG, replicationSpan: { fromDay: dayFromIso('2016-06-01'), toDay: dayFromIso('2017-12-29') } });
      if (!built.ok) throw new Error(built.error);
      const json = built.value.sections[0]?.json as { periods: { id: string; statistics: { monthsCompared?: number; monthlyReturnCorrelation?: number; annualReturnGapPercentagePoints?: number } }[] };
      const heldOut = json.periods.find((p) => p.id === '2016-today')?.statistics;
      // June 2016 has no month-end before it inside the span: July 2016..December 2017.
      expect(heldOut?.monthsCompared).toBe(18);
      // A short ATM put replica follows the index's months closely whatever its level gap: the same
      // expiries, strikes near the same money, the same collateral.
      expect(heldOut?.monthlyReturnCorrelation).toBeGreaterThan(0.8);
      expect(Number.isFinite(heldOut?.annualReturnGapPercentagePoints)).toBe(true);
      const [target] = built.value.targets ?? [];
      expect(target?.id).toBe('put-replica');
      // The in-sample era has no months in this span, so the row cannot be met here.
      expect(target?.met).toBe(false);
      expect(target?.figure).toContain('2007-15: not compared');
    },
    SHORT_SPAN_TIMEOUT_MS,
  );
});
