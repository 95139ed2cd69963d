/**
 * The market pages' data, read from the history as it was on each day: the VIX futures curve and the
 * VIX family against a week and a month earlier, and a range of daily signals with SPX bars and events.
 * Pure: the routes pass the loaded history.
 */
import type { MarketHistory } from '../history/types.js';
import { defaultSignalConfig } from '../signals/config.js';
import type { CountTradingDays } from '../signals/events.js';
import { computeSignalTable } from '../signals/engine.js';
import { isoFromDay, type DayNumber } from '../time/day.js';
import type { DashboardConfig } from './config.js';
import { badRequest } from './httpError.js';
import type { SignalsResponse, SpxBar, TermStructureCurve, TermStructureResponse } from './schemas.js';
import { indexAtOrBefore } from '../history/daySearch.js';
import { notATradingDay } from '../book/fillChecks.js';

/** The last trading day on or before `day`, or undefined before the history starts. */
export function tradingDayOnOrBefore(history: MarketHistory, day: DayNumber): DayNumber | undefined {
  const i = indexAtOrBefore(history.tradingDays, day);
  return i === undefined ? undefined : (history.tradingDays[i] as DayNumber);
}

/** The last trading day with a VIX futures curve (two contracts at least). */
export function lastCurveDay(history: MarketHistory): DayNumber | undefined {
  const days = history.tradingDays;
  for (let i = days.length - 1; i >= 0; i--) {
    const day = days[i] as DayNumber;
    if (history.termStructureOn(day).length >= 2) return day;
  }
  return undefined;
}

function curveOn(history: MarketHistory, label: TermStructureCurve['label'], day: DayNumber): TermStructureCurve {
  const close = (name: 'vix9d' | 'vix' | 'vix3m' | 'vix6m') => history.closeOn(name, day) ?? null;
  return {
    label,
    day: isoFromDay(day),
    futures: history.termStructureOn(day).map((p) => ({ contract: p.contract, expiry: isoFromDay(p.expiryDay), dteDays: p.dteDays, settle: p.settle })),
    vixFamily: { vix9d: close('vix9d'), vix: close('vix'), vix3m: close('vix3m'), vix6m: close('vix6m') },
  };
}

const MONTH_NAMES = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/**
 * The curve as vixcentral draws it: spot VIX, then the contracts by month, each with its change since
 * the previous trading day, its contango over the point before it and its roll toward spot per day.
 *
 * Worked example: spot 20, front 22 at 20 DTE (21 the day before), second 23: the front's change is
 * +1, its contango 22/20 - 1 = 10 %, its roll (22 - 20) / 20 = 0.1 point a day; the second's contango
 * 23/22 - 1 = 4.5 %.
 */
export function vixCentralMonths(today: TermStructureCurve, previous: TermStructureCurve | undefined): TermStructureResponse['months'] {
  const spot = today.vixFamily.vix;
  const before = new Map((previous?.futures ?? []).map((f) => [f.contract, f.settle]));
  const rows: TermStructureResponse['months'] = [];
  if (spot !== null) rows.push({ label: 'VIX', contract: null, expiry: null, dteDays: 0, level: spot, changePoints: previous?.vixFamily.vix == null ? null : spot - previous.vixFamily.vix, contangoFraction: null, rollYieldPointsPerDay: null });
  let prior = spot;
  for (const f of today.futures) {
    const month = Number(f.expiry.slice(5, 7));
    const was = before.get(f.contract);
    rows.push({
      label: `${MONTH_NAMES[month - 1] ?? '?'} ${f.expiry.slice(0, 4)}`,
      contract: f.contract,
      expiry: f.expiry,
      dteDays: f.dteDays,
      level: f.settle,
      changePoints: was === undefined ? null : f.settle - was,
      contangoFraction: prior === null || prior <= 0 ? null : f.settle / prior - 1,
      rollYieldPointsPerDay: spot === null || f.dteDays <= 0 ? null : (f.settle - spot) / f.dteDays,
    });
    prior = f.settle;
  }
  return rows;
}

export function termStructureView(history: MarketHistory, requested: DayNumber | undefined, config: DashboardConfig): TermStructureResponse {
  const last = lastCurveDay(history);
  if (last === undefined) throw badRequest('the data has no VIX futures curve on any day');
  let day = last;
  if (requested !== undefined) {
    const why = notATradingDay(history, requested);
    if (why !== undefined) throw badRequest(`date ${why}`);
    if (requested > last) throw badRequest(`date ${isoFromDay(requested)} is after the last VIX futures curve (${isoFromDay(last)})`);
    day = requested;
  }
  const curves: TermStructureCurve[] = [curveOn(history, 'today', day)];
  const earlier: Array<[TermStructureCurve['label'], number]> = [
    ['1 week ago', config.curveWeekAgoCalendarDays],
    ['1 month ago', config.curveMonthAgoCalendarDays],
  ];
  for (const [label, back] of earlier) {
    const d = tradingDayOnOrBefore(history, day - back);
    if (d !== undefined) curves.push(curveOn(history, label, d));
  }
  const today = curves[0] as TermStructureCurve;
  const days = history.tradingDays;
  const previousDay = days[days.indexOf(day) - 1] as DayNumber | undefined;
  const previous = previousDay === undefined ? undefined : curveOn(history, 'today', previousDay);
  const front = today.futures[0];
  const second = today.futures[1];
  const { vix, vix3m } = today.vixFamily;
  const vixToVix3mHistory: Array<{ date: string; value: number }> = [];
  for (const d of history.tradingDays) {
    if (d <= day - config.vixRatioHistoryCalendarDays || d > day) continue;
    const v = history.closeOn('vix', d);
    const v3 = history.closeOn('vix3m', d);
    if (v !== undefined && v3 !== undefined && v3 > 0) vixToVix3mHistory.push({ date: isoFromDay(d), value: v / v3 });
  }
  return {
    day: isoFromDay(day),
    curves,
    contango: {
      frontToSecond: front && second && front.settle > 0 ? (second.settle - front.settle) / front.settle : null,
      vixToVix3m: vix !== null && vix3m !== null && vix3m > 0 ? vix / vix3m : null,
    },
    vixToVix3mHistory,
    previousDay: previousDay === undefined ? null : isoFromDay(previousDay),
    months: vixCentralMonths(today, previous),
  };
}

export function signalsView(history: MarketHistory, from: DayNumber | undefined, to: DayNumber | undefined, config: DashboardConfig, countTradingDays: CountTradingDays): SignalsResponse {
  const lastDay = history.tradingDays[history.tradingDays.length - 1];
  if (lastDay === undefined) throw badRequest('the data has no trading days');
  const toDay = to ?? lastDay;
  const fromDay = from ?? toDay - config.signalsDefaultRangeCalendarDays;
  if (fromDay > toDay) throw badRequest(`from ${isoFromDay(fromDay)} is after to ${isoFromDay(toDay)}`);
  if (toDay - fromDay > config.signalsMaxRangeCalendarDays) {
    throw badRequest(`from ${isoFromDay(fromDay)} to ${isoFromDay(toDay)} spans ${toDay - fromDay} calendar days; at most ${config.signalsMaxRangeCalendarDays} per request`);
  }
  const days = computeSignalTable(history, fromDay, toDay, defaultSignalConfig(), { countTradingDays });
  if (days.length === 0) throw badRequest(`no trading days between ${isoFromDay(fromDay)} and ${isoFromDay(toDay)} (the data covers ${isoFromDay(history.tradingDays[0] ?? lastDay)} to ${isoFromDay(lastDay)})`);
  const spx: SpxBar[] = [];
  const series = history.series('spx');
  if (series) {
    for (let i = 0; i < series.length; i++) {
      const d = series.days[i] as DayNumber;
      if (d < fromDay || d > toDay) continue;
      spx.push({ date: isoFromDay(d), open: series.open[i] as number, high: series.high[i] as number, low: series.low[i] as number, close: series.close[i] as number });
    }
  }
  const events = history.eventsBetween(fromDay, toDay).map((e) => ({ date: isoFromDay(e.day), kind: e.kind }));
  return { from: isoFromDay(fromDay), to: isoFromDay(toDay), days, spx, events };
}
