/**
 * Performance metrics of a daily equity curve. Pure functions over plain arrays so the backtest report,
 * the stress-window tables and the dashboard compute every figure the same way.
 *
 * Conventions: returns are simple daily returns of equity; annualisation uses
 * `TRADING_DAYS_PER_YEAR`; CAGR uses calendar time (ACT/365 between the first and last day) because an
 * equity curve lives in calendar time; the risk-free benchmark for Sharpe/Sortino is an explicit input,
 * a return over the same two closes as each daily return (riskFree.ts).
 */
import type { DayNumber } from '../time/day.js';
import { yearFractionAct365 } from '../time/day.js';
import type { RiskFreeReturn } from './riskFree.js';

export const TRADING_DAYS_PER_YEAR = 252;

/**
 * A daily standard deviation (of returns, or the downside deviation of excess returns) at or below
 * which the Sharpe and Sortino ratios are undefined: float noise, not risk (a thousandth of a dollar a
 * day on a million; cash at a basis point a year, its Monday earning three days, deviates 250 times as
 * much). A book of cash alone has excess returns of about 1e-16, the equity's float resolution:
 * dividing them by their own deviation would print a ratio of noise over noise.
 */
export const RATIO_MIN_DAILY_STD_DEV = 1e-9;

export interface EquityPoint {
  readonly day: DayNumber;
  readonly equity: number;
}

export interface Drawdown {
  /** Largest peak-to-trough fall as a positive fraction (0.25 = -25 %). */
  readonly maxDrawdownFraction: number;
  readonly peakDay: DayNumber | undefined;
  readonly troughDay: DayNumber | undefined;
  /** First day equity regained the peak after the trough; undefined if it never did. */
  readonly recoveryDay: DayNumber | undefined;
  /** Longest stretch below a previous peak, in calendar days (to the last day if not recovered). */
  readonly longestUnderwaterDays: number;
  /** Share of days spent below a previous peak. */
  readonly fractionOfDaysUnderwater: number;
}

export interface PerformanceMetrics {
  readonly startDay: DayNumber;
  readonly endDay: DayNumber;
  readonly startEquity: number;
  readonly endEquity: number;
  readonly totalReturnFraction: number;
  readonly cagrFraction: number;
  readonly annualVolatilityFraction: number;
  readonly sharpeRatio: number | undefined;
  readonly sortinoRatio: number | undefined;
  readonly calmarRatio: number | undefined;
  readonly drawdown: Drawdown;
  readonly worstMonth: { readonly month: string; readonly returnFraction: number } | undefined;
  /** Mean of the worst 5 % of daily returns (expected shortfall), a negative fraction. */
  readonly cvar5DailyFraction: number | undefined;
}

export class MetricsInputError extends Error {
  override name = 'MetricsInputError';
}

function validate(points: readonly EquityPoint[]): void {
  if (points.length < 2) throw new MetricsInputError('an equity curve needs at least two points');
  let previousDay = -Infinity;
  for (const [i, p] of points.entries()) {
    if (!Number.isFinite(p.equity)) throw new MetricsInputError(`equity at index ${i} is not finite`);
    if (p.day <= previousDay) throw new MetricsInputError(`days must be strictly increasing (index ${i})`);
    previousDay = p.day;
  }
}

/** Simple returns between consecutive points; a non-positive previous equity ends the curve (ruin). */
export function dailyReturns(points: readonly EquityPoint[]): number[] {
  const returns: number[] = [];
  for (let i = 1; i < points.length; i++) {
    const prev = (points[i - 1] as EquityPoint).equity;
    const cur = (points[i] as EquityPoint).equity;
    if (prev <= 0) break;
    returns.push(cur / prev - 1);
  }
  return returns;
}

function mean(xs: readonly number[]): number {
  let s = 0;
  for (const x of xs) s += x;
  return xs.length === 0 ? 0 : s / xs.length;
}

function sampleStdDev(xs: readonly number[]): number {
  if (xs.length < 2) return 0;
  const m = mean(xs);
  let s = 0;
  for (const x of xs) s += (x - m) * (x - m);
  return Math.sqrt(s / (xs.length - 1));
}

export function drawdownOf(points: readonly EquityPoint[]): Drawdown {
  validate(points);
  let peak = (points[0] as EquityPoint).equity;
  let peakDay = (points[0] as EquityPoint).day;
  let maxDd = 0;
  let maxPeakDay: DayNumber | undefined;
  let maxTroughDay: DayNumber | undefined;
  let underwaterSince: DayNumber | undefined;
  let longestUnderwater = 0;
  let daysUnderwater = 0;
  for (const p of points) {
    if (p.equity >= peak) {
      if (underwaterSince !== undefined) longestUnderwater = Math.max(longestUnderwater, p.day - underwaterSince);
      underwaterSince = undefined;
      peak = p.equity;
      peakDay = p.day;
      continue;
    }
    daysUnderwater++;
    underwaterSince ??= peakDay;
    const dd = peak > 0 ? 1 - p.equity / peak : 1;
    if (dd > maxDd) {
      maxDd = dd;
      maxPeakDay = peakDay;
      maxTroughDay = p.day;
    }
  }
  const last = points[points.length - 1] as EquityPoint;
  if (underwaterSince !== undefined) longestUnderwater = Math.max(longestUnderwater, last.day - underwaterSince);
  let recoveryDay: DayNumber | undefined;
  if (maxTroughDay !== undefined && maxPeakDay !== undefined) {
    const peakEquity = points.find((p) => p.day === maxPeakDay)?.equity ?? Infinity;
    recoveryDay = points.find((p) => p.day > (maxTroughDay as number) && p.equity >= peakEquity)?.day;
  }
  return {
    maxDrawdownFraction: maxDd,
    peakDay: maxPeakDay,
    troughDay: maxTroughDay,
    recoveryDay,
    longestUnderwaterDays: longestUnderwater,
    fractionOfDaysUnderwater: daysUnderwater / points.length,
  };
}

/** Returns per calendar month (`YYYY-MM`), from the last equity of the previous month. */
export function monthlyReturns(points: readonly EquityPoint[], monthOf: (day: DayNumber) => string): Array<{ month: string; returnFraction: number }> {
  validate(points);
  const result: Array<{ month: string; returnFraction: number }> = [];
  let base = (points[0] as EquityPoint).equity;
  let currentMonth = monthOf((points[0] as EquityPoint).day);
  let lastEquity = base;
  for (const p of points) {
    const m = monthOf(p.day);
    if (m !== currentMonth) {
      result.push({ month: currentMonth, returnFraction: base > 0 ? lastEquity / base - 1 : 0 });
      base = lastEquity;
      currentMonth = m;
    }
    lastEquity = p.equity;
  }
  result.push({ month: currentMonth, returnFraction: base > 0 ? lastEquity / base - 1 : 0 });
  return result;
}

/** Mean of the worst `tailFraction` of the returns (expected shortfall). */
export function conditionalValueAtRisk(returns: readonly number[], tailFraction: number): number | undefined {
  if (returns.length === 0) return undefined;
  const sorted = [...returns].sort((a, b) => a - b);
  const count = Math.max(1, Math.floor(sorted.length * tailFraction));
  return mean(sorted.slice(0, count));
}

export interface MetricsOptions {
  /** What cash earns between two closes, the benchmark of Sharpe and Sortino. */
  readonly riskFreeReturn: RiskFreeReturn;
  readonly monthOf: (day: DayNumber) => string;
}

/** The figures of a curve that need no calendar months: what performanceMetrics and rankingMetricOf share, computed once, the same way. */
interface HeadlineFigures {
  readonly totalReturnFraction: number;
  readonly cagrFraction: number;
  readonly annualVolatilityFraction: number;
  readonly sharpeRatio: number | undefined;
  readonly sortinoRatio: number | undefined;
  readonly returns: readonly number[];
}

function headlineFigures(points: readonly EquityPoint[], riskFreeReturn: RiskFreeReturn): HeadlineFigures {
  const first = points[0] as EquityPoint;
  const last = points[points.length - 1] as EquityPoint;
  const returns = dailyReturns(points);
  const years = yearFractionAct365(first.day, last.day);
  const totalReturn = first.equity > 0 ? last.equity / first.equity - 1 : 0;
  const cagr = years > 0 && last.equity > 0 && first.equity > 0 ? Math.pow(last.equity / first.equity, 1 / years) - 1 : last.equity <= 0 ? -1 : 0;
  // Each return's benchmark is cash over the same two closes (a Monday's carries the weekend).
  const excess = returns.map((r, i) => r - riskFreeReturn((points[i] as EquityPoint).day, (points[i + 1] as EquityPoint).day));
  const sd = sampleStdDev(returns);
  const annualVol = sd * Math.sqrt(TRADING_DAYS_PER_YEAR);
  const sharpe = sd > RATIO_MIN_DAILY_STD_DEV ? (mean(excess) / sd) * Math.sqrt(TRADING_DAYS_PER_YEAR) : undefined;
  // Downside deviation over all days (not only losing days), the usual Sortino definition.
  let downSq = 0;
  for (const x of excess) if (x < 0) downSq += x * x;
  const downsideDev = returns.length > 0 ? Math.sqrt(downSq / returns.length) : 0;
  const sortino = downsideDev > RATIO_MIN_DAILY_STD_DEV ? (mean(excess) / downsideDev) * Math.sqrt(TRADING_DAYS_PER_YEAR) : undefined;
  return { totalReturnFraction: totalReturn, cagrFraction: cagr, annualVolatilityFraction: annualVol, sharpeRatio: sharpe, sortinoRatio: sortino, returns };
}

export function performanceMetrics(points: readonly EquityPoint[], options: MetricsOptions): PerformanceMetrics {
  validate(points);
  const first = points[0] as EquityPoint;
  const last = points[points.length - 1] as EquityPoint;
  const h = headlineFigures(points, options.riskFreeReturn);
  const drawdown = drawdownOf(points);
  const calmar = drawdown.maxDrawdownFraction > 0 ? h.cagrFraction / drawdown.maxDrawdownFraction : undefined;
  const months = monthlyReturns(points, options.monthOf);
  let worstMonth: { month: string; returnFraction: number } | undefined;
  for (const m of months) if (!worstMonth || m.returnFraction < worstMonth.returnFraction) worstMonth = m;
  return {
    startDay: first.day,
    endDay: last.day,
    startEquity: first.equity,
    endEquity: last.equity,
    totalReturnFraction: h.totalReturnFraction,
    cagrFraction: h.cagrFraction,
    annualVolatilityFraction: h.annualVolatilityFraction,
    sharpeRatio: h.sharpeRatio,
    sortinoRatio: h.sortinoRatio,
    calmarRatio: calmar,
    drawdown,
    worstMonth,
    cvar5DailyFraction: conditionalValueAtRisk(h.returns, 0.05),
  };
}

/** The figures a curve can be ranked by: each as performanceMetrics gives it (maxDrawdownFraction: its drawdown's). */
export type RankableFigure = 'totalReturnFraction' | 'cagrFraction' | 'annualVolatilityFraction' | 'sharpeRatio' | 'sortinoRatio' | 'calmarRatio' | 'maxDrawdownFraction';

/**
 * One figure of performanceMetrics, bit for bit, without what it does not need: no calendar months (a
 * text per day), no expected shortfall (a sort), no drawdown unless the figure reads it. A sweep's
 * walk-forward ranks every variant in every window by one figure.
 */
export function rankingMetricOf(points: readonly EquityPoint[], figure: RankableFigure, riskFreeReturn: RiskFreeReturn): number | undefined {
  validate(points);
  if (figure === 'maxDrawdownFraction') return drawdownOf(points).maxDrawdownFraction;
  const h = headlineFigures(points, riskFreeReturn);
  if (figure !== 'calmarRatio') return h[figure];
  const maxDrawdown = drawdownOf(points).maxDrawdownFraction;
  return maxDrawdown > 0 ? h.cagrFraction / maxDrawdown : undefined;
}

export interface TradeOutcomeStats {
  readonly tradeCount: number;
  readonly winRate: number | undefined;
  readonly averageWin: number | undefined;
  readonly averageLoss: number | undefined;
}

/** Win rate and average win/loss (in the P&L's own currency) of closed trades. */
export function tradeOutcomeStats(pnls: readonly number[]): TradeOutcomeStats {
  const wins = pnls.filter((p) => p > 0);
  const losses = pnls.filter((p) => p <= 0);
  return {
    tradeCount: pnls.length,
    winRate: pnls.length > 0 ? wins.length / pnls.length : undefined,
    averageWin: wins.length > 0 ? mean(wins) : undefined,
    averageLoss: losses.length > 0 ? mean(losses) : undefined,
  };
}
