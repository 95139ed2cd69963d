import { describe, expect, it } from 'vitest';
import { realHistory } from '../../test/fixtures/realMarket.js';
import { CndrReplicationConfigSchema, type LevelPoint } from '../analysis/cndrReplication.js';
import { DEFAULT_MARKET_MODEL_CONFIG } from '../market/config.js';
import { dayFromIso } from '../time/day.js';
import { rollDayAttribution, rollDayGapSections, rollDaySection, ROLL_DAY_SECTION_ID, type RollDayMeasurement } from './rollDayGap.js';

const config = CndrReplicationConfigSchema.parse({ cautionMonths: [] });
const period = { id: '2014', label: '2014', fromMonth: '2014-01', toMonth: '2014-12', heldOut: false };
/** Annualised points agree to 1e-9 (sums of a few logs). */
const POINTS_TOLERANCE = 1e-9;

// Monday 2014-01-06 to Friday 2014-01-10; the Wednesday is the roll day.
const days = ['2014-01-06', '2014-01-07', '2014-01-08', '2014-01-09', '2014-01-10'].map(dayFromIso);
const points = (levels: readonly number[]): LevelPoint[] => levels.map((level, i) => ({ day: days[i]!, level }));
const replica = points([100, 101, 99, 100, 102]);
const index = points([100, 100, 100, 101, 101]);
const roll = new Set([days[2]!]);

describe('rollDayAttribution', () => {
  it('splits the log-return gap into the roll day and the other days, annualised over the span', () => {
    // Daily (replica - index) log returns: Tue ln(1.01) - 0 = +0.0099503; Wed (roll) ln(99/101) - 0 =
    // -0.0200007; Thu ln(100/99) - ln(1.01) = +0.0001000; Fri ln(1.02) - 0 = +0.0198026.
    // Roll day -0.0200007, other days +0.0298529, over 4 calendar days = 4 / 365.25 years:
    // -182.63 and +272.60 points a year. Together ln(1.02) - ln(1.01) = +0.0098523, the span's log gap.
    const a = rollDayAttribution(replica, index, roll, period, config)!;
    const years = 4 / 365.25;
    expect(a.years).toBeCloseTo(years, 15);
    expect(a.rollDaysCompared).toBe(1);
    expect(a.otherDaysCompared).toBe(3);
    expect(Math.abs(a.rollDaysPointsPerYear - (100 * Math.log(99 / 101)) / years)).toBeLessThan(POINTS_TOLERANCE);
    expect(a.rollDaysPointsPerYear).toBeCloseTo(-182.63, 2);
    expect(a.otherDaysPointsPerYear).toBeCloseTo(272.6, 1);
    expect(Math.abs(((a.rollDaysPointsPerYear + a.otherDaysPointsPerYear) * years) / 100 - Math.log(1.02 / 1.01))).toBeLessThan(POINTS_TOLERANCE);
  });

  it('skips a day the index has no level on (and the day after it, which has no base)', () => {
    const gappy = index.filter((_, i) => i !== 3);
    const a = rollDayAttribution(replica, gappy, roll, period, config)!;
    expect(a.otherDaysCompared).toBe(1);
    expect(a.rollDaysCompared).toBe(1);
  });

  it('leaves out caution months and eras without a compared day', () => {
    const cautious = CndrReplicationConfigSchema.parse({ cautionMonths: [{ fromMonth: '2014-01', toMonth: '2014-01', reason: 'test' }] });
    expect(rollDayAttribution(replica, index, roll, period, cautious)).toBeUndefined();
    expect(rollDayAttribution(replica, index, roll, { ...period, fromMonth: '2015-01', toMonth: '2015-12' }, config)).toBeUndefined();
  });
});

describe('rollDaySection', () => {
  const measurement: RollDayMeasurement = {
    replica: 'PUT',
    strategy: 'put',
    eras: [{ period, gapPoints: { preset: -1.4, 'close-fills': -1.25, 'bundled-open': -1.4, neither: -1.25 }, attribution: { rollDaysPointsPerYear: -0.5, otherDaysPointsPerYear: -0.9, rollDaysCompared: 12, otherDaysCompared: 240, years: 1 } }],
  };

  it('prints one row per era with the counterfactual differences, and one summary line per era', () => {
    const built = rollDaySection([measurement]);
    const [section] = built.sections;
    expect(section?.id).toBe(ROLL_DAY_SECTION_ID);
    // From intraday fills: -1.40 - (-1.25) = -0.15; from the settlement estimate: -1.40 - (-1.40) = 0.
    expect(section?.markdown).toContain('| 2014 | -1.40 | -1.25 | -1.40 | -1.25 | -0.15 | 0.00 | -0.50 | -0.90 | 12 / 240 |');
    expect(built.summary).toEqual([
      { section: ROLL_DAY_SECTION_ID, metric: 'PUT 2014: gap from roll days / other days (pts/yr); from intraday fills, from settlement estimate (pts)', value: '-0.50 / -0.90; -0.15, 0.00' },
    ]);
  });
});

/** The signal table over all history plus 19 months of model days for four variants, twice, on a shared 2-core machine. */
const SHORT_SPAN_TIMEOUT_MS = 240_000;

describe('roll-day gap on the bundled data (short span)', () => {
  it(
    'runs the three presets and their counterfactuals over 2017 to mid-2018: every roll day counted, the settlement estimate a no-op, the intraday fill not',
    async () => {
      const history = await realHistory();
      const built = rollDayGapSections()({ history, config: DEFAULT_MARKET_MODEL_CONFIG, replicationSpan: { fromDay: dayFromIso('2016-12-01'), toDay: dayFromIso('2018-06-29') } });
      if (!built.ok) throw new Error(built.error);
      const json = built.value.sections[0]?.json as {
        replicas: { replica: string; eras: { era: string; gapPoints: Record<string, number | null>; fromSettlementEstimatePoints: number | null; attribution: { rollDaysCompared: number } | null }[] }[];
      };
      expect(json.replicas.map((r) => r.replica)).toEqual(['CNDR', 'PUT', 'PPUT']);
      // Roll days 2016-12-16, the twelve expiry Fridays of 2017 and six of 2018 (the run's first day,
      // 2016-12-01, has no base): 19 for PUT and PPUT; CNDR's comparison leaves out its caution months February and
      // March 2017: 17. Both eras' gaps need 12 compared months: January 2017 to June 2018 has 18 (CNDR 16).
      const rollsCompared = { CNDR: 17, PUT: 19, PPUT: 19 } as Record<string, number>;
      for (const r of json.replicas) {
        const heldOut = r.eras.find((e) => e.era === '2016-today')!;
        expect(heldOut.attribution?.rollDaysCompared).toBe(rollsCompared[r.replica]);
        // From 2008 the bundled SPX opens are prints inside the day's range: the estimate changes nothing.
        expect(heldOut.fromSettlementEstimatePoints).toBe(0);
        // The intraday fill changes strikes and credits: the gap moves.
        expect(heldOut.gapPoints.preset).not.toBe(heldOut.gapPoints.closeFills);
      }
    },
    SHORT_SPAN_TIMEOUT_MS,
  );
});
