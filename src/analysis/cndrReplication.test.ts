import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { dayFromIso, dayFromYmd } from '../time/day.js';
import {
  compareCndrReplication,
  creditByPeriod,
  creditTargetMet,
  quantile,
  CndrReplicationConfigSchema,
  monthlyComparisons,
  replicationStatistics,
  type CndrReplicationConfig,
  type LevelPoint,
  type MonthlyComparison,
} from './cndrReplication.js';

/** Sums of a few dozen doubles: agreement far below any figure the report prints. */
const FLOAT_TOLERANCE = 1e-12;

const noCaution: CndrReplicationConfig = CndrReplicationConfigSchema.parse({ cautionMonths: [], minMonthsCompared: 2 });

/** Month-end points (the 28th, so every month has the day) for `returns.length + 1` months from Jan 2000. */
function monthlySeries(returns: readonly number[], start = 100, firstYear = 2000): LevelPoint[] {
  const points: LevelPoint[] = [{ day: dayFromYmd(firstYear, 1, 28), level: start }];
  let level = start;
  returns.forEach((r, i) => {
    level *= 1 + r;
    const monthIndex = i + 1;
    points.push({ day: dayFromYmd(firstYear + Math.floor(monthIndex / 12), (monthIndex % 12) + 1, 28), level });
  });
  return points;
}

function statsOf(replica: LevelPoint[], index: LevelPoint[], config = noCaution) {
  const monthly = monthlyComparisons(replica, index, config);
  if (!monthly.ok) throw new Error(JSON.stringify(monthly.error));
  const stats = replicationStatistics(monthly.value.filter((m) => m.excluded === undefined), config);
  if (!stats.ok) throw new Error(JSON.stringify(stats.error));
  return stats.value;
}

const RETURNS = [0.012, -0.034, 0.021, 0.004, -0.08, 0.05, 0.017, 0.009, -0.011, 0.026, 0.013, -0.002];

describe('monthly comparison of a replica against the CNDR index', () => {
  it('identical series: correlation 1, tracking error 0, equal returns and volatilities', () => {
    const s = monthlySeries(RETURNS);
    const stats = statsOf(s, s);
    expect(stats.monthsCompared).toBe(RETURNS.length);
    expect(stats.monthlyReturnCorrelation).toBeCloseTo(1, 12);
    expect(stats.trackingErrorFraction).toBeLessThan(FLOAT_TOLERANCE);
    expect(stats.replica).toEqual(stats.index);
    expect(stats.annualReturnGapPercentagePoints).toBe(0);
  });

  it('a scaled copy (equity in USD vs index points) compares as identical', () => {
    const index = monthlySeries(RETURNS, 100);
    const replica = monthlySeries(RETURNS, 1_000_000);
    const stats = statsOf(replica, index);
    expect(stats.monthlyReturnCorrelation).toBeCloseTo(1, 12);
    expect(stats.trackingErrorFraction).toBeLessThan(FLOAT_TOLERANCE);
  });

  it('a constant monthly offset: correlation 1, no tracking error, the return gap compounds the offset', () => {
    const offset = 0.001;
    const index = monthlySeries(RETURNS);
    const replica = monthlySeries(RETURNS.map((r) => r + offset));
    const stats = statsOf(replica, index);
    expect(stats.monthlyReturnCorrelation).toBeCloseTo(1, 12);
    expect(stats.trackingErrorFraction).toBeLessThan(FLOAT_TOLERANCE);
    const growth = (rs: readonly number[]) => rs.reduce((g, r) => g * (1 + r), 1) ** (12 / rs.length) - 1;
    // Twelve months: the annualised return is the 12-month total return.
    expect(stats.replica.annualReturnFraction).toBeCloseTo(growth(RETURNS.map((r) => r + offset)), 12);
    expect(stats.index.annualReturnFraction).toBeCloseTo(growth(RETURNS), 12);
    expect(stats.annualReturnGapPercentagePoints).toBeGreaterThan(100 * offset * 12 * 0.9);
  });

  it('an alternating difference: tracking error is the annualised sample sd of the monthly differences', () => {
    const diff = RETURNS.map((_, i) => (i % 2 === 0 ? 0.01 : -0.01));
    const index = monthlySeries(RETURNS);
    const replica = monthlySeries(RETURNS.map((r, i) => r + (diff[i] as number)));
    const stats = statsOf(replica, index);
    const meanDiff = diff.reduce((s, d) => s + d, 0) / diff.length;
    const sd = Math.sqrt(diff.reduce((s, d) => s + (d - meanDiff) ** 2, 0) / (diff.length - 1));
    expect(stats.trackingErrorFraction).toBeCloseTo(sd * Math.sqrt(12), 12);
    expect(stats.monthlyReturnCorrelation).toBeLessThan(1);
  });

  it('volatility: annualised sample sd of monthly returns (hand-computed golden value)', () => {
    // Returns +10 %, -10 %: mean 0, sample variance 0.02, annual volatility sqrt(0.02 * 12).
    const s = monthlySeries([0.1, -0.1]);
    const stats = statsOf(s, monthlySeries([0.05, -0.02]));
    expect(stats.replica.annualVolatilityFraction).toBeCloseTo(Math.sqrt(0.24), 12);
    // Geometric: 1.1 * 0.9 = 0.99 over two months, so 0.99^6 - 1 per year.
    expect(stats.replica.annualReturnFraction).toBeCloseTo(0.99 ** 6 - 1, 12);
  });

  it('month ends on the last COMMON day: a day missing in the index moves both month ends', () => {
    const replica: LevelPoint[] = [
      { day: dayFromIso('1996-12-31'), level: 100 },
      { day: dayFromIso('1997-01-30'), level: 110 },
      { day: dayFromIso('1997-01-31'), level: 200 },
      { day: dayFromIso('1997-02-28'), level: 121 },
    ];
    const index: LevelPoint[] = [
      { day: dayFromIso('1996-12-31'), level: 50 },
      { day: dayFromIso('1997-01-30'), level: 55 },
      { day: dayFromIso('1997-02-28'), level: 60.5 },
    ];
    const monthly = monthlyComparisons(replica, index, noCaution);
    expect(monthly.ok).toBe(true);
    if (!monthly.ok) return;
    const jan = monthly.value.find((m) => m.month === '1997-01') as MonthlyComparison;
    expect(jan.monthEndDay).toBe(dayFromIso('1997-01-30'));
    expect(jan.replicaReturnFraction).toBeCloseTo(0.1, 12);
    expect(jan.indexReturnFraction).toBeCloseTo(0.1, 12);
    const feb = monthly.value.find((m) => m.month === '1997-02') as MonthlyComparison;
    expect(feb.replicaReturnFraction).toBeCloseTo(0.1, 12);
  });

  it('a month missing from one series is excluded, and so is the month after it (no base)', () => {
    const index = monthlySeries(RETURNS);
    const replica = index.filter((_, i) => i !== 5);
    const monthly = monthlyComparisons(replica, index, noCaution);
    if (!monthly.ok) throw new Error('unexpected input error');
    const excluded = monthly.value.filter((m) => m.excluded !== undefined).map((m) => [m.month, m.excluded?.reason]);
    expect(excluded).toEqual([
      ['2000-01', 'no-previous-month-end'],
      ['2000-06', 'no-common-day'],
      ['2000-07', 'no-previous-month-end'],
    ]);
    expect(statsOf(replica, index).monthsCompared).toBe(RETURNS.length - 2);
  });

  it('a calendar month with no data at all is listed as excluded', () => {
    const index = monthlySeries(RETURNS).filter((_, i) => i !== 3);
    const monthly = monthlyComparisons(index, index, noCaution);
    if (!monthly.ok) throw new Error('unexpected input error');
    expect(monthly.value.map((m) => m.month)).toContain('2000-04');
    expect(monthly.value.find((m) => m.month === '2000-04')?.excluded?.reason).toBe('no-common-day');
  });

  it('caution months are left out of the headline statistics but kept in the all-months ones', () => {
    const config = CndrReplicationConfigSchema.parse({
      minMonthsCompared: 2,
      cautionMonths: [{ fromMonth: '2000-03', toMonth: '2000-04', reason: 'bad index data' }],
      periods: [{ id: 'all', label: 'all', fromMonth: '2000-01', heldOut: true }],
    });
    const index = monthlySeries(RETURNS);
    const replica = monthlySeries(RETURNS.map((r, i) => (i === 2 ? r + 0.05 : r)));
    const compared = compareCndrReplication(replica, index, config);
    if (!compared.ok) throw new Error('unexpected input error');
    const period = compared.value.periods[0];
    if (!period?.statistics.ok || !period.statisticsAllMonths.ok) throw new Error('statistics expected');
    expect(period.statistics.value.monthsCompared).toBe(RETURNS.length - 2);
    expect(period.statistics.value.trackingErrorFraction).toBeLessThan(FLOAT_TOLERANCE);
    expect(period.statisticsAllMonths.value.monthsCompared).toBe(RETURNS.length);
    expect(period.statisticsAllMonths.value.trackingErrorFraction).toBeGreaterThan(0.01);
    expect(period.months.find((m) => m.month === '2000-03')?.excluded).toEqual({ reason: 'caution', detail: 'bad index data' });
    expect(period.targets).toEqual({ correlationMet: true, annualReturnGapMet: true });
  });

  it('splits into periods by month and judges every period against the targets', () => {
    const config = CndrReplicationConfigSchema.parse({
      cautionMonths: [],
      minMonthsCompared: 2,
      periods: [
        { id: 'a', label: 'a', fromMonth: '2000-01', toMonth: '2000-06', heldOut: false },
        { id: 'b', label: 'b', fromMonth: '2000-07', heldOut: true },
      ],
    });
    const index = monthlySeries(RETURNS);
    // Replica earns 0.5 % a month more from July: 6 points a year, beyond the 1-point target.
    const replica = monthlySeries(RETURNS.map((r, i) => (i >= 5 ? r + 0.005 : r)));
    const compared = compareCndrReplication(replica, index, config);
    if (!compared.ok) throw new Error('unexpected input error');
    const [a, b] = compared.value.periods;
    expect(a?.statistics.ok && a.statistics.value.monthsCompared).toBe(5);
    expect(a?.targets).toEqual({ correlationMet: true, annualReturnGapMet: true });
    expect(b?.statistics.ok && b.statistics.value.monthsCompared).toBe(7);
    expect(b?.targets).toEqual({ correlationMet: true, annualReturnGapMet: false });
  });

  it('too few months or a flat series give typed errors, not numbers', () => {
    const s = monthlySeries([0.01]);
    const monthly = monthlyComparisons(s, s, CndrReplicationConfigSchema.parse({}));
    if (!monthly.ok) throw new Error('unexpected input error');
    expect(replicationStatistics(monthly.value, CndrReplicationConfigSchema.parse({}))).toEqual({
      ok: false,
      error: { kind: 'too-few-months', monthsCompared: 1, minMonths: 12 },
    });
    const flat = monthlySeries([0, 0, 0]);
    const varying = monthlySeries([0.01, -0.01, 0.02]);
    const m2 = monthlyComparisons(flat, varying, noCaution);
    if (!m2.ok) throw new Error('unexpected input error');
    expect(replicationStatistics(m2.value, noCaution)).toEqual({ ok: false, error: { kind: 'zero-variance', series: 'replica' } });
  });

  it('rejects non-finite or non-positive levels and unordered days, naming series, position and day', () => {
    const good = monthlySeries(RETURNS);
    const withNaN = good.map((p, i) => (i === 3 ? { ...p, level: Number.NaN } : p));
    const r1 = monthlyComparisons(good, withNaN, noCaution);
    expect(r1.ok).toBe(false);
    if (!r1.ok) expect(r1.error).toMatchObject({ kind: 'not-positive-finite', series: 'index', index: 3, day: good[3]?.day });
    const unordered = [good[1], good[0], ...good.slice(2)] as LevelPoint[];
    const r2 = monthlyComparisons(unordered, good, noCaution);
    if (!r2.ok) expect(r2.error).toMatchObject({ kind: 'days-not-increasing', series: 'replica', index: 1 });
    else expect.unreachable('unordered days must be rejected');
    const r3 = monthlyComparisons(good.map((p) => ({ ...p, level: 0 })), good, noCaution);
    expect(r3.ok).toBe(false);
  });

  it('the default config holds the issue targets and its four eras', () => {
    const config = CndrReplicationConfigSchema.parse({});
    expect(config.periods.map((p) => [p.fromMonth, p.toMonth, p.heldOut])).toEqual([
      ['1990-01', '1999-12', false],
      ['2000-01', '2007-12', false],
      ['2008-01', '2015-12', false],
      ['2016-01', undefined, true],
    ]);
    expect(config.targets).toEqual({ minMonthlyReturnCorrelation: 0.93, maxAnnualReturnGapPercentagePoints: 1 });
  });

  it('quantile interpolates between order statistics (hand-worked: p80 of 1..5 is 4.2)', () => {
    // Position 0.8 x (5 - 1) = 3.2: 4 + 0.2 x (5 - 4).
    expect(quantile([5, 1, 3, 2, 4], 0.8)).toBeCloseTo(4.2, 12);
    expect(quantile([7], 0.8)).toBe(7);
    expect(quantile([], 0.5)).toBeUndefined();
  });

  it('credit proxy: a replica whose good months earn 30 % more than the index misses the credit target', () => {
    const config = CndrReplicationConfigSchema.parse({ cautionMonths: [], periods: [{ id: 'all', label: 'all', fromMonth: '2000-01', heldOut: false }] });
    const returns = Array.from({ length: 36 }, (_, i) => (i % 6 === 0 ? -0.02 : 0.01));
    const index = monthlySeries(returns);
    const richer = monthlySeries(returns.map((r) => (r > 0 ? 1.3 * r : r)));
    const same = compareCndrReplication(index, index, config);
    const rich = compareCndrReplication(richer, index, config);
    if (!same.ok || !rich.ok) throw new Error('constructed series must compare');
    const credits = [{ entryDay: index[3]?.day as number, creditOverCollateralFraction: 0.012 }];
    expect(creditTargetMet(creditByPeriod(same.value, credits, config), config)).toBe(true);
    const richRows = creditByPeriod(rich.value, credits, config);
    expect(richRows[0]?.proxyRatio).toBeCloseTo(1.3, 9);
    expect(richRows[0]?.replicaMedianCreditFraction).toBe(0.012);
    expect(creditTargetMet(richRows, config)).toBe(false);
  });

  it('properties: symmetric correlation and tracking error, bounded correlation, TE 0 against itself', () => {
    const monthlyReturn = fc.double({ min: -0.3, max: 0.3, noNaN: true });
    fc.assert(
      fc.property(fc.array(fc.tuple(monthlyReturn, monthlyReturn), { minLength: 3, maxLength: 40 }), (pairs) => {
        const a = monthlySeries(pairs.map((p) => p[0]));
        const b = monthlySeries(pairs.map((p) => p[1]));
        const ma = monthlyComparisons(a, b, noCaution);
        const mb = monthlyComparisons(b, a, noCaution);
        if (!ma.ok || !mb.ok) return false;
        const ab = replicationStatistics(ma.value, noCaution);
        const ba = replicationStatistics(mb.value, noCaution);
        if (!ab.ok || !ba.ok) return ab.ok === ba.ok || (!ab.ok && ab.error.kind === 'zero-variance');
        const self = replicationStatistics((monthlyComparisons(a, a, noCaution) as { value: MonthlyComparison[] }).value, noCaution);
        return (
          Math.abs(ab.value.monthlyReturnCorrelation - ba.value.monthlyReturnCorrelation) < FLOAT_TOLERANCE &&
          Math.abs(ab.value.trackingErrorFraction - ba.value.trackingErrorFraction) < FLOAT_TOLERANCE &&
          Math.abs(ab.value.monthlyReturnCorrelation) <= 1 &&
          (!self.ok || self.value.trackingErrorFraction < FLOAT_TOLERANCE)
        );
      }),
    );
  });
});
