import { describe, expect, it } from 'vitest';
import { realHistory } from '../../test/fixtures/realMarket.js';
import { monthEndSeries as series } from '../../test/support/monthEndSeries.js';
import { CndrReplicationConfigSchema } from '../analysis/cndrReplication.js';
import { loadPreset } from '../data/presets.js';
import { createModelMarket } from '../engine/modelMarketView.js';
import { DEFAULT_MARKET_MODEL_CONFIG } from '../market/config.js';
import { VixBetaConfigSchema } from '../market/vixBetas.js';
import { dayFromIso } from '../time/day.js';
import { buildCndrReplicationSection, cndrReplicationSectionFromSeries, CNDR_SECTION_ID } from './cndrReplica.js';

const config = CndrReplicationConfigSchema.parse({});

// 48 months, 2014-01..2017-12: two years of the 2008-15 era and two held-out years.
const INDEX_RETURNS = Array.from({ length: 48 }, (_, i) => 0.01 * Math.sin(i * 1.3) + (i % 7 === 0 ? -0.03 : 0.004));

describe('CNDR replication section from constructed series', () => {
  const span = { fromDay: dayFromIso('2013-12-28'), toDay: dayFromIso('2017-12-28') };

  it('a replica equal to the index meets the targets of every era it covers and charts those eras', () => {
    const credits = [{ entryDay: dayFromIso('2014-03-21'), creditOverCollateralFraction: 0.011 }, { entryDay: dayFromIso('2016-04-15'), creditOverCollateralFraction: 0.009 }];
    const built = cndrReplicationSectionFromSeries({ replica: series(INDEX_RETURNS, 1e6), index: series(INDEX_RETURNS, 700), credits }, span, 'cndr', config);
    if (!built.ok) throw new Error(built.error);
    const [section] = built.value.sections;
    expect(section?.id).toBe(CNDR_SECTION_ID);
    expect(section?.svgCharts.map((c) => c.id)).toEqual(['growth-2008-2015', 'growth-2016-today']);
    const correlation = built.value.summary.find((r) => r.metric === '2016-today (held out): monthly-return correlation');
    expect(correlation).toMatchObject({ value: '1.000', target: '>= 0.93', met: true });
    expect(built.value.summary.find((r) => r.metric === '2016-today (held out): annual return gap (pts)')).toMatchObject({ value: '0.00', met: true });
    // Every era is judged, in-sample ones too.
    expect(built.value.summary.find((r) => r.metric === '2008-15: monthly-return correlation')).toMatchObject({ target: '>= 0.93', met: true });
    // The target table's rows: eras without data are not compared (missed), the others met; identical
    // series have the same monthly-return percentile, so the credit proxy ratio is 1 where there are months.
    const targets = new Map((built.value.targets ?? []).map((t) => [t.id, t]));
    expect(targets.get('cndr-replica-2016-today')?.met).toBe(true);
    expect(targets.get('cndr-replica-2008-2015')?.figure).toMatch(/^gap \+0\.00 pts .* correlation 1\.000$/);
    expect(targets.get('cndr-replica-1990-1999')).toMatchObject({ met: false, figure: expect.stringMatching(/^not compared/) as unknown });
    expect(targets.get('cndr-credit-over-collateral')?.met).toBe(false);
    expect(targets.get('cndr-credit-over-collateral')?.figure).toContain('2008-15: credit 1.10 %');
    expect(section?.markdown).toContain('| period | months compared | correlation |');
    // Caution months 2016-02..2016-11 and 2017-02..03 are listed as not compared.
    expect(section?.markdown).toMatch(/\| 2016-02 \| caution \|/);
    const json = section?.json as {
      config: { targets: unknown };
      periods: { id: string; statistics: { monthsCompared?: number } }[];
      creditOverCollateral: { period: string; proxyRatio: number | null }[];
    };
    expect(json.config.targets).toEqual({ minMonthlyReturnCorrelation: 0.93, maxAnnualReturnGapPercentagePoints: 1 });
    expect(json.periods.map((p) => [p.id, p.statistics.monthsCompared])).toEqual([
      ['1990-1999', undefined],
      ['2000-2007', undefined],
      ['2008-2015', 24],
      ['2016-today', 24 - 12],
    ]);
    expect(json.creditOverCollateral.map((c) => [c.period, c.proxyRatio])).toEqual([
      ['1990-1999', null],
      ['2000-2007', null],
      ['2008-2015', 1],
      ['2016-today', 1],
    ]);
  });

  it('a replica earning 0.3 % a month more misses the return target and says so', () => {
    const built = cndrReplicationSectionFromSeries({ replica: series(INDEX_RETURNS.map((r) => r + 0.003), 1e6), index: series(INDEX_RETURNS, 700) }, span, 'cndr', config);
    if (!built.ok) throw new Error(built.error);
    expect(built.value.summary.find((r) => r.metric === '2016-today (held out): annual return gap (pts)')?.met).toBe(false);
    expect(built.value.sections[0]?.markdown).toContain('annual return missed');
  });

  it('is deterministic: the same series give byte-identical sections', () => {
    const inputs = { replica: series(INDEX_RETURNS, 1e6), index: series(INDEX_RETURNS, 700) };
    expect(JSON.stringify(cndrReplicationSectionFromSeries(inputs, span, 'cndr', config))).toBe(JSON.stringify(cndrReplicationSectionFromSeries(inputs, span, 'cndr', config)));
  });

  it('a bad level is an error naming the series, position and day', () => {
    const replica = series(INDEX_RETURNS, 1e6).map((p, i) => (i === 4 ? { ...p, level: Number.POSITIVE_INFINITY } : p));
    const built = cndrReplicationSectionFromSeries({ replica, index: series(INDEX_RETURNS, 700) }, span, 'cndr', config);
    expect(built).toEqual({ ok: false, error: 'CNDR replication: replica series, point 4 (2014-04-28): level Infinity is not a positive finite number' });
  });

  it('a period without enough months is reported as not compared, not as numbers', () => {
    const built = cndrReplicationSectionFromSeries({ replica: series(INDEX_RETURNS.slice(0, 20), 1e6), index: series(INDEX_RETURNS.slice(0, 20), 700) }, span, 'cndr', config);
    if (!built.ok) throw new Error(built.error);
    expect(built.value.summary.find((r) => r.metric === '2016-today (held out): not compared')?.value).toBe('0 months compared, fewer than the 12 required');
  });
});

/** A year and a half of the real engine: the signal table over all history plus ~380 model days. */
const SHORT_SPAN_TIMEOUT_MS = 180_000;

describe('CNDR replication on the bundled data (short span)', () => {
  it(
    'runs the cndr preset over 2016-06..2017-12 and compares 18 months with the real index',
    async () => {
      const history = await realHistory();
      const fromDay = dayFromIso('2016-06-01');
      const toDay = dayFromIso('2017-12-29');
      const built = buildCndrReplicationSection({
        history,
        strategy: loadPreset('cndr'),
        marketOn: createModelMarket(history, DEFAULT_MARKET_MODEL_CONFIG, VixBetaConfigSchema.parse({})),
        fromDay,
        toDay,
        config: CndrReplicationConfigSchema.parse({ cautionMonths: [] }),
      });
      if (!built.ok) throw new Error(built.error);
      const json = built.value.sections[0]?.json as { periods: { id: string; statistics: { monthsCompared?: number; monthlyReturnCorrelation?: number; error?: string } }[] };
      const heldOut = json.periods.find((p) => p.id === '2016-today')?.statistics;
      // June 2016 has no month-end before it inside the span: July 2016..December 2017.
      expect(heldOut?.monthsCompared).toBe(18);
      expect(heldOut?.monthlyReturnCorrelation).toBeGreaterThan(0);
      expect(json.periods.find((p) => p.id === '2008-2015')?.statistics.error).toMatch(/^0 months compared/);
    },
    SHORT_SPAN_TIMEOUT_MS,
  );
});

/** The whole history: a surface per day for about 9,200 days (about 40-90 s on a shared 2-core machine). */
const FULL_SPAN_TIMEOUT_MS = 600_000;

describe('CNDR replication on the bundled data (full span, the figures docs/model.md reports)', () => {
  it(
    'compares every month from February 1990 in four eras and judges each against the targets',
    async () => {
      const history = await realHistory();
      const days = history.tradingDays;
      const built = buildCndrReplicationSection({
        history,
        strategy: loadPreset('cndr'),
        marketOn: createModelMarket(history, DEFAULT_MARKET_MODEL_CONFIG, VixBetaConfigSchema.parse({})),
        fromDay: Math.max(days[0] as number, dayFromIso('1990-01-01')),
        toDay: days[days.length - 1] as number,
        config,
      });
      if (!built.ok) throw new Error(built.error);
      const json = built.value.sections[0]?.json as {
        periods: {
          id: string;
          statistics: { monthsCompared: number; firstMonth: string; monthlyReturnCorrelation: number; annualReturnGapPercentagePoints: number; trackingErrorFraction: number };
        }[];
        months: { month: string; excluded: { reason: string } | null }[];
        creditOverCollateral: { period: string; condorCount: number; replicaMedianCreditFraction: number | null }[];
      };
      const era = (id: string) => json.periods.find((p) => p.id === id)?.statistics;
      // January 1990 has no month-end before the data; every later month to December 2015 is compared.
      expect(era('1990-1999')?.firstMonth).toBe('1990-02');
      expect([era('1990-1999'), era('2000-2007'), era('2008-2015')].map((s) => s?.monthsCompared)).toEqual([119, 96, 96]);
      expect(json.months.filter((m) => m.month < '2016-01' && m.excluded !== null).map((m) => m.month)).toEqual(['1990-01']);
      // Held out: everything from January 2016 except the twelve caution months.
      expect(json.months.filter((m) => m.month >= '2016-01' && m.excluded !== null).every((m) => m.excluded?.reason === 'caution')).toBe(true);
      const targets = new Map((built.value.targets ?? []).map((t) => [t.id, t]));
      for (const [id, target] of [
        ['1990-1999', 'cndr-replica-1990-1999'],
        ['2000-2007', 'cndr-replica-2000-2007'],
        ['2008-2015', 'cndr-replica-2008-2015'],
        ['2016-today', 'cndr-replica-2016-today'],
      ] as const) {
        const s = era(id);
        // A replica of a 20/5-delta condor on 10x collateral cannot wander far from the index month by month.
        expect(s?.trackingErrorFraction).toBeLessThan(0.05);
        expect(s?.monthlyReturnCorrelation).toBeGreaterThan(0.8);
        // met says what the figures say, whatever they are.
        const met = (s?.monthlyReturnCorrelation ?? 0) >= config.targets.minMonthlyReturnCorrelation && Math.abs(s?.annualReturnGapPercentagePoints ?? Infinity) <= config.targets.maxAnnualReturnGapPercentagePoints;
        expect(targets.get(target)?.met).toBe(met);
      }
      // About one condor a month in every era, each with a credit of a fraction of a percent to a few percent of its collateral.
      for (const c of json.creditOverCollateral) {
        expect(c.condorCount).toBeGreaterThan(90);
        expect(c.replicaMedianCreditFraction).toBeGreaterThan(0.002);
        expect(c.replicaMedianCreditFraction).toBeLessThan(0.05);
      }
    },
    FULL_SPAN_TIMEOUT_MS,
  );
});
