/**
 * How much of each benchmark replica's gap comes from its roll days (issue 12). Cboe's CNDR, PUT and
 * PPUT settle the expiring options at the special opening quotation of the roll day and trade the new
 * ones in the late morning; a replica that settles on a bundled open that is no opening print, or fills its
 * roll at the close, carries those differences into its return on that one day a month.
 *
 * Two measures per replica and era:
 * - Counterfactual runs: the preset as configured (intraday roll fills, settlements judged by the
 *   settlement rule) against the same preset with roll fills at the close, with settlements on the
 *   bundled open, and with both; each run's annualised return gap (replica - index) from the same
 *   month-end comparison as the replica's own section. The differences are what each choice moves.
 * - Attribution of the preset's gap by day: the replica's and the index's daily log returns are
 *   differenced and summed separately over roll days (the days the replica opened a new position) and
 *   over the other days, each annualised over the era's compared span. The two parts add up to the
 *   log-return gap of the era over the compared days (the month-end gap of the section is geometric and
 *   differs from it slightly). Days of the comparison's caution months are left out, as they are there.
 */
import { countNyseTradingDays } from '../calendar/nyse.js';
import { CndrReplicationConfigSchema, compareCndrReplication, monthKeyOfDay, type CndrReplicationConfig, type LevelPoint, type ReplicationPeriod } from '../analysis/cndrReplication.js';
import type { MarketDayView } from '../engine/marketView.js';
import { runSuite } from '../engine/suite.js';
import type { IndexSeriesName, MarketHistory } from '../history/types.js';
import { err, ok, type Result } from '../lib/result.js';
import { markdownTable, signedFixed } from '../report/markdownTable.js';
import type { SectionsWithSummary, SummaryRow } from './summary.js';
import { defaultSignalConfig } from '../signals/config.js';
import type { StrategyConfig } from '../strategy/config.js';
import { isoFromDay, type DayNumber } from '../time/day.js';
import { PutReplicationConfigSchema, type PutReplicationConfig } from './putReplica.js';
import { PputReplicationConfigSchema, type PputReplicationConfig } from './pputReplica.js';
import { replicaMarket, replicaPlan, type ReplicaContext } from './replicationParts.js';
import type { JsonValue, ReportSection } from '../report/section.js';

export const ROLL_DAY_SECTION_ID = 'roll-day-gap';
/** Calendar days per year for annualising a sum of daily log returns over a span of dates. */
const DAYS_PER_YEAR = 365.25;

/** The execution choices the counterfactual runs switch. */
export const ROLL_DAY_VARIANTS = [
  { id: 'preset', label: 'as the preset', execution: {} },
  { id: 'close-fills', label: 'roll fills at the close', execution: { rollFillTime: 'close' } },
  { id: 'bundled-open', label: 'settlement on the bundled open', execution: { amSettlementPrice: 'bundled-open' } },
  { id: 'neither', label: 'both (close fills, bundled open)', execution: { rollFillTime: 'close', amSettlementPrice: 'bundled-open' } },
] as const satisfies ReadonlyArray<{ id: string; label: string; execution: Partial<StrategyConfig['execution']> }>;
export type RollDayVariantId = (typeof ROLL_DAY_VARIANTS)[number]['id'];

export interface RollDayAttribution {
  /** Annualised sum of (replica - index) daily log returns on roll days, percentage points a year. */
  readonly rollDaysPointsPerYear: number;
  /** The same over the other compared days. */
  readonly otherDaysPointsPerYear: number;
  readonly rollDaysCompared: number;
  readonly otherDaysCompared: number;
  /** The compared span in years (first to last compared date). */
  readonly years: number;
}

function inPeriod(day: DayNumber, period: ReplicationPeriod): boolean {
  const month = monthKeyOfDay(day);
  return month >= period.fromMonth && (period.toMonth === undefined || month <= period.toMonth);
}

function inCaution(day: DayNumber, config: CndrReplicationConfig): boolean {
  const month = monthKeyOfDay(day);
  return config.cautionMonths.some((c) => month >= c.fromMonth && month <= c.toMonth);
}

/**
 * The preset's gap of one era split into roll days and other days. A day is compared when the replica
 * and the index both have a level on it and on the previous compared trading day of the replica.
 * Undefined when the era has no compared day.
 */
export function rollDayAttribution(
  replica: readonly LevelPoint[],
  index: readonly LevelPoint[],
  rollDays: ReadonlySet<DayNumber>,
  period: ReplicationPeriod,
  config: CndrReplicationConfig,
): RollDayAttribution | undefined {
  const indexOn = new Map(index.map((p) => [p.day, p.level]));
  let roll = 0;
  let other = 0;
  let rollCount = 0;
  let otherCount = 0;
  let first: DayNumber | undefined;
  let last: DayNumber | undefined;
  for (let i = 1; i < replica.length; i++) {
    const now = replica[i] as LevelPoint;
    const before = replica[i - 1] as LevelPoint;
    if (!inPeriod(now.day, period) || inCaution(now.day, config)) continue;
    const indexNow = indexOn.get(now.day);
    const indexBefore = indexOn.get(before.day);
    if (indexNow === undefined || indexBefore === undefined) continue;
    const difference = Math.log(now.level / before.level) - Math.log(indexNow / indexBefore);
    if (rollDays.has(now.day)) {
      roll += difference;
      rollCount++;
    } else {
      other += difference;
      otherCount++;
    }
    first ??= before.day;
    last = now.day;
  }
  if (first === undefined || last === undefined) return undefined;
  const years = (last - first) / DAYS_PER_YEAR;
  return { rollDaysPointsPerYear: (100 * roll) / years, otherDaysPointsPerYear: (100 * other) / years, rollDaysCompared: rollCount, otherDaysCompared: otherCount, years };
}

/** One replica to measure: its preset, the bundled index it follows and its comparison config. */
export interface RollDayReplica {
  /** Short name for the report (CNDR, PUT, PPUT). */
  readonly name: string;
  readonly strategy: StrategyConfig;
  readonly indexSeries: IndexSeriesName;
  readonly config: CndrReplicationConfig;
  readonly fromDay: DayNumber;
  readonly toDay: DayNumber;
}

export interface RollDayEra {
  readonly period: ReplicationPeriod;
  /** Annualised return gap (replica - index), percentage points, by variant; undefined when the era could not be compared. */
  readonly gapPoints: Readonly<Record<RollDayVariantId, number | undefined>>;
  readonly attribution: RollDayAttribution | undefined;
}

export interface RollDayMeasurement {
  readonly replica: string;
  readonly strategy: string;
  readonly eras: readonly RollDayEra[];
}

/** Runs the preset and its three counterfactuals in one suite (they share each day's market) and measures every era. */
export function measureRollDayGap(history: MarketHistory, marketOn: (day: DayNumber) => MarketDayView | undefined, replica: RollDayReplica): Result<RollDayMeasurement, string> {
  const configs = ROLL_DAY_VARIANTS.map((v): StrategyConfig => ({ ...replica.strategy, name: `${replica.strategy.name}~${v.id}`, execution: { ...replica.strategy.execution, ...v.execution } }));
  const suite = runSuite({
    history,
    configs,
    fromDay: replica.fromDay,
    toDay: replica.toDay,
    signalConfig: defaultSignalConfig(),
    signalDeps: { countTradingDays: countNyseTradingDays },
    marketOn,
  });
  const index: LevelPoint[] = [];
  for (const day of suite.days) {
    const level = history.closeOn(replica.indexSeries, day);
    if (level !== undefined) index.push({ day, level });
  }
  const gaps = new Map<RollDayVariantId, Map<string, number>>();
  let presetSeries: LevelPoint[] = [];
  let rollDays = new Set<DayNumber>();
  for (const [i, variant] of ROLL_DAY_VARIANTS.entries()) {
    const result = suite.results.get((configs[i] as StrategyConfig).name);
    if (result === undefined || result.daily.length === 0) return err(`${replica.name} roll-day runs: the ${variant.label} run produced no days`);
    const series = result.daily.map((d) => ({ day: d.day, level: d.equityUsd }));
    const compared = compareCndrReplication(series, index, replica.config);
    if (!compared.ok) return err(`${replica.name} roll-day runs: the ${variant.label} run cannot be compared (${compared.error.kind} at ${isoFromDay(compared.error.day)})`);
    const byEra = new Map<string, number>();
    for (const p of compared.value.periods) if (p.statistics.ok) byEra.set(p.period.id, p.statistics.value.annualReturnGapPercentagePoints);
    gaps.set(variant.id, byEra);
    if (variant.id === 'preset') {
      presetSeries = series;
      rollDays = new Set(result.decisions.filter((d) => d.action === 'enter-condor').map((d) => d.day));
    }
  }
  const eras = replica.config.periods.map((period): RollDayEra => {
    const gapOf = (id: RollDayVariantId) => gaps.get(id)?.get(period.id);
    return {
      period,
      gapPoints: { preset: gapOf('preset'), 'close-fills': gapOf('close-fills'), 'bundled-open': gapOf('bundled-open'), neither: gapOf('neither') },
      attribution: rollDayAttribution(presetSeries, index, rollDays, period, replica.config),
    };
  });
  return ok({ replica: replica.name, strategy: replica.strategy.name, eras });
}

const signedText = (value: number | undefined): string => signedFixed(value, 2);
const differenceOf = (a: number | undefined, b: number | undefined): number | undefined => (a === undefined || b === undefined ? undefined : a - b);

const HEADERS = [
  'era',
  'gap as preset',
  'roll fills at close',
  'settle on bundled open',
  'both',
  'from intraday fills',
  'from settlement estimate',
  'gap from roll days (pts/yr)',
  'gap on other days (pts/yr)',
  'roll / other days',
];

function eraRow(e: RollDayEra): string[] {
  const g = e.gapPoints;
  const a = e.attribution;
  return [
    e.period.label,
    signedText(g.preset),
    signedText(g['close-fills']),
    signedText(g['bundled-open']),
    signedText(g.neither),
    signedText(differenceOf(g.preset, g['close-fills'])),
    signedText(differenceOf(g.preset, g['bundled-open'])),
    signedText(a?.rollDaysPointsPerYear),
    signedText(a?.otherDaysPointsPerYear),
    a === undefined ? 'n/a' : `${a.rollDaysCompared} / ${a.otherDaysCompared}`,
  ];
}

function eraJson(e: RollDayEra): JsonValue {
  const g = e.gapPoints;
  const a = e.attribution;
  return {
    era: e.period.id,
    label: e.period.label,
    gapPoints: { preset: g.preset ?? null, closeFills: g['close-fills'] ?? null, bundledOpen: g['bundled-open'] ?? null, neither: g.neither ?? null },
    fromIntradayFillsPoints: differenceOf(g.preset, g['close-fills']) ?? null,
    fromSettlementEstimatePoints: differenceOf(g.preset, g['bundled-open']) ?? null,
    attribution:
      a === undefined
        ? null
        : { rollDaysPointsPerYear: a.rollDaysPointsPerYear, otherDaysPointsPerYear: a.otherDaysPointsPerYear, rollDaysCompared: a.rollDaysCompared, otherDaysCompared: a.otherDaysCompared, years: a.years },
  };
}

/** The section and one summary line per replica and era ("gap from roll days"). */
export function rollDaySection(measurements: readonly RollDayMeasurement[]): SectionsWithSummary {
  const markdown = [
    "How much of each replica's annualised return gap (replica − index, percentage points) comes from its roll days. " +
      'The first four columns are the era\'s month-end gap of four runs of the preset: as configured (roll fills at ' +
      '`execution.intradayFillTimeEt` on the roll day, settlements judged by the settlement rule), with the roll filled at the ' +
      'close, with every AM settlement on the bundled open as it is, and with both. "From intraday fills" and "from settlement ' +
      "estimate\" are the preset's gap minus the counterfactual's. The last columns split the preset's gap by day: the replica's " +
      "minus the index's daily log returns summed over the roll days (the days the replica opened its new position: the expiry " +
      'settles and the new position fills that day) and over the other days, each annualised over the era; the two add up to ' +
      "the era's log-return gap over the compared days (caution months left out, as in the replica's section).",
    ...measurements.flatMap((m) => ['', `**${m.replica}** (preset \`${m.strategy}\`):`, '', markdownTable(HEADERS, m.eras.map(eraRow))]),
  ].join('\n');
  const summary: SummaryRow[] = measurements.flatMap((m) =>
    m.eras.map((e) => ({
      section: ROLL_DAY_SECTION_ID,
      metric: `${m.replica} ${e.period.label}: gap from roll days / other days (pts/yr); from intraday fills, from settlement estimate (pts)`,
      value: `${signedText(e.attribution?.rollDaysPointsPerYear)} / ${signedText(e.attribution?.otherDaysPointsPerYear)}; ${signedText(differenceOf(e.gapPoints.preset, e.gapPoints['close-fills']))}, ${signedText(differenceOf(e.gapPoints.preset, e.gapPoints['bundled-open']))}`,
    })),
  );
  const section: ReportSection = {
    id: ROLL_DAY_SECTION_ID,
    title: 'Gap from roll days: settlement and roll-fill time in the CNDR, PUT and PPUT replicas',
    markdown,
    json: { replicas: measurements.map((m) => ({ replica: m.replica, strategy: m.strategy, eras: m.eras.map(eraJson) })) },
    svgCharts: [],
  };
  return { sections: [section], summary };
}

/**
 * The validate provider: the `cndr`, `put` and `pput` presets, each from its index's first close in its
 * first era (or the span given) to the end of the data, each with its counterfactuals.
 */
export function rollDayGapSections(
  cndrConfig: CndrReplicationConfig = CndrReplicationConfigSchema.parse({}),
  putConfig: PutReplicationConfig = PutReplicationConfigSchema.parse({}),
  pputConfig: PputReplicationConfig = PputReplicationConfigSchema.parse({}),
): (context: ReplicaContext) => Result<SectionsWithSummary, string> {
  return (context) => {
    const { history } = context;
    // Each replica from its index's first close in its first era (or the span given), as its own section runs it.
    const plan = (label: string, indexSeries: IndexSeriesName, preset: string, config: CndrReplicationConfig) => {
      const firstMonth = config.periods[0]?.fromMonth;
      const planned = replicaPlan(context, { label, indexSeries, preset, ...(firstMonth === undefined ? {} : { fromMonth: firstMonth }) });
      return planned.ok ? planned : err(`roll-day gap: ${planned.error}`);
    };
    const cndr = plan('CNDR', 'cndr', 'cndr', cndrConfig);
    if (!cndr.ok) return cndr;
    const put = plan('PUT', 'put', 'put', putConfig);
    if (!put.ok) return put;
    const pput = plan('PPUT', 'pput', 'pput', pputConfig);
    if (!pput.ok) return pput;
    const marketOn = replicaMarket(context);
    const replicas: RollDayReplica[] = [
      { name: 'CNDR', indexSeries: 'cndr', config: cndrConfig, ...cndr.value },
      { name: 'PUT', indexSeries: 'put', config: putConfig, ...put.value },
      { name: 'PPUT', indexSeries: 'pput', config: pputConfig, ...pput.value },
    ];
    const measured: RollDayMeasurement[] = [];
    for (const replica of replicas) {
      const m = measureRollDayGap(history, marketOn, replica);
      if (!m.ok) return m;
      measured.push(m.value);
    }
    return ok(rollDaySection(measured));
  };
}
