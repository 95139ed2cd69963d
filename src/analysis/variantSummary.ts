/**
 * Everything a report says about one backtest variant, computed from its result alone: the headline
 * metrics, trade statistics, rolls, hedge cost, and the same metrics inside each stress window.
 */
import type { BacktestResult } from '../engine/backtest.js';
import type { DailyRecord } from '../engine/records.js';
import { performanceMetrics, tradeOutcomeStats, type PerformanceMetrics, type TradeOutcomeStats } from '../metrics/performance.js';
import type { RiskFreeReturn } from '../metrics/riskFree.js';
import { dayFromIso, DAYS_PER_YEAR_ACT365, isoFromDay, yearFractionAct365, type DayNumber } from '../time/day.js';
import { isNyseTradingDay, nextNyseTradingDay, previousNyseTradingDay } from '../calendar/index.js';
import { STRESS_WINDOWS, type StressWindow } from './stressWindows.js';

export interface WindowSummary {
  readonly window: StressWindow;
  /** Undefined when the run does not cover the window. */
  readonly metrics: PerformanceMetrics | undefined;
  readonly condorPnlUsd: number | undefined;
  readonly hedgePnlUsd: number | undefined;
}

export interface VariantSummary {
  readonly name: string;
  readonly metrics: PerformanceMetrics;
  readonly condorTrades: TradeOutcomeStats;
  /** Every hedge layer, closed or still open at the end (at its final mark). */
  readonly hedgeLayerTrades: TradeOutcomeStats;
  readonly condorRolls: number;
  readonly condorRollsPerYear: number;
  readonly deferredRolls: number;
  /** Premium paid for hedge layers per year, USD. */
  readonly hedgePremiumPerYearUsd: number;
  /** Net hedge P&L per year (negative = cost), USD. */
  readonly hedgeNetPnlPerYearUsd: number;
  readonly capBindings: number;
  readonly windows: readonly WindowSummary[];
}

const monthOf = (day: DayNumber) => isoFromDay(day).slice(0, 7);

/**
 * Why a run does not cover a window of calendar days whole, or undefined when it does: its first close
 * must be on or before the window's first NYSE session and its last close on or after the window's last
 * one. A window measured on part of its days would be printed under its name with another answer (a
 * run to 2022-03-31 read 2022's hedge loss as 1.1 % of equity, against 7.2 % over the whole year).
 */
export function windowNotCovered(daily: readonly DailyRecord[], fromDay: DayNumber, toDay: DayNumber): string | undefined {
  const first = daily[0];
  const last = daily[daily.length - 1];
  if (first === undefined || last === undefined) return 'the run recorded no close';
  const firstSession = isNyseTradingDay(fromDay) ? fromDay : nextNyseTradingDay(fromDay);
  const lastSession = isNyseTradingDay(toDay) ? toDay : previousNyseTradingDay(toDay);
  if (first.day > firstSession) return `the run starts ${isoFromDay(first.day)}, after the window's first session ${isoFromDay(firstSession)}`;
  if (last.day < lastSession) return `the run ends ${isoFromDay(last.day)}, before the window's last session ${isoFromDay(lastSession)}`;
  return undefined;
}

/** A window's records (recordsInWindow) when the run covers it whole, else why not (windowNotCovered). */
export function coveredWindowRecords(daily: readonly DailyRecord[], fromDay: DayNumber, toDay: DayNumber): { readonly records: DailyRecord[] } | { readonly notCovered: string } {
  const why = windowNotCovered(daily, fromDay, toDay);
  if (why !== undefined) return { notCovered: why };
  const records = recordsInWindow(daily, fromDay, toDay);
  return records.length >= 2 ? { records } : { notCovered: 'the run has fewer than two closes in the window' };
}

/** Daily records of a window, with the last record before it as the base (so day 1's move counts). */
export function recordsInWindow(daily: readonly DailyRecord[], fromDay: DayNumber, toDay: DayNumber): DailyRecord[] {
  const firstInside = daily.findIndex((d) => d.day >= fromDay);
  if (firstInside < 0) return [];
  const start = Math.max(firstInside - 1, 0);
  const out: DailyRecord[] = [];
  for (let i = start; i < daily.length && (daily[i] as DailyRecord).day <= toDay; i++) out.push(daily[i] as DailyRecord);
  return out;
}

/** P&L of every hedge layer: closed ones from their trade records, those still open at their final mark. */
function hedgeLayerPnls(result: BacktestResult): number[] {
  const closed = result.trades.filter((t) => t.kind === 'hedge-layer');
  const closedGroups = new Set(closed.map((t) => t.group));
  const open = Object.entries(result.pnlByGroupUsd).filter(([g]) => g.startsWith('hedge') && !closedGroups.has(g)).map(([, pnl]) => pnl);
  return [...closed.map((t) => t.pnlUsd), ...open];
}

/** The shortest span a summary annualises over: one calendar day, in ACT/365 years. */
const ONE_DAY_YEARS = 1 / DAYS_PER_YEAR_ACT365;

/**
 * `windows: false` leaves the stress windows out (empty): a sweep's flat metrics do not read them. The
 * headline reads the run's equity curve and tallies, which every recording keeps; the windows read the
 * daily records, which only a `full` recording keeps.
 */
export function summariseVariant(result: BacktestResult, riskFreeReturn: RiskFreeReturn, options: { readonly windows?: boolean } = {}): VariantSummary {
  const wantWindows = options.windows ?? true;
  if (wantWindows && result.recording !== 'full') throw new Error(`the stress windows of '${result.config.name}' need its daily records: run it with recording 'full'`);
  const daily = result.daily;
  const curve = result.curve;
  if (curve.days.length === 0) throw new Error(`'${result.config.name}' recorded no close`);
  const points = Array.from(curve.days, (day, i) => ({ day, equity: curve.equityUsd[i] as number }));
  const metrics = performanceMetrics(points, { riskFreeReturn, monthOf });
  const years = Math.max(yearFractionAct365(metrics.startDay, metrics.endDay), ONE_DAY_YEARS);
  const endHedgePnlUsd = curve.hedgePnlUsd[curve.hedgePnlUsd.length - 1] as number;
  const windows = (wantWindows ? STRESS_WINDOWS : []).map((window): WindowSummary => {
    const covered = coveredWindowRecords(daily, dayFromIso(window.from), dayFromIso(window.to));
    if (!('records' in covered)) return { window, metrics: undefined, condorPnlUsd: undefined, hedgePnlUsd: undefined };
    const { records } = covered;
    const first = records[0] as DailyRecord;
    const end = records[records.length - 1] as DailyRecord;
    return {
      window,
      metrics: performanceMetrics(records.map((d) => ({ day: d.day, equity: d.equityUsd })), { riskFreeReturn, monthOf }),
      condorPnlUsd: end.condorPnlUsd - first.condorPnlUsd,
      hedgePnlUsd: end.hedgePnlUsd - first.hedgePnlUsd,
    };
  });
  return {
    name: result.config.name,
    metrics,
    condorTrades: tradeOutcomeStats(result.trades.filter((t) => t.kind === 'condor').map((t) => t.pnlUsd)),
    hedgeLayerTrades: tradeOutcomeStats(hedgeLayerPnls(result)),
    condorRolls: result.condorRolls,
    condorRollsPerYear: result.condorRolls / years,
    deferredRolls: result.deferredRolls,
    hedgePremiumPerYearUsd: result.hedgePremiumPaidUsd / years,
    hedgeNetPnlPerYearUsd: endHedgePnlUsd / years,
    capBindings: result.decisionCounts['cap-bound'] ?? 0,
    windows,
  };
}
