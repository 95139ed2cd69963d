/**
 * The daily signal for the user's book: the backtest's engine, restored from the book's state, steps
 * one day on that day's market view and signals. Its decisions are the recommendations; its state
 * after the step is what the book becomes when the user accepts them at model prices. Nothing here
 * reads a clock or a file: the same state, data and config give the same signal, byte for byte.
 */
import type { EngineStateSnapshot } from '../engine/backtest.js';
import { REINVEST_DIVIDEND_RULE, StrategyEngine } from '../engine/backtest.js';
import type { EngineSignals, MarketDayView } from '../engine/marketView.js';
import type { DailyRecord, DecisionRecord } from '../engine/records.js';
import { engineSignalsFrom } from '../engine/signalView.js';
import { indexOfDay } from '../history/daySearch.js';
import type { IndexedRows } from '../lib/columns.js';
import type { MarketHistory } from '../history/types.js';
import type { SignalConfig } from '../signals/config.js';
import type { DailySignals } from '../signals/dailySignals.js';
import { computeSignalTable, type SignalDeps } from '../signals/engine.js';
import type { StrategyConfig, VixRegimeName } from '../strategy/config.js';
import { isoFromDay, type DayNumber } from '../time/day.js';
import { describeIndexTrade, describeTrade, emptyBookSnapshot, engineFillsOfDay, indexTradesOfDay, type EngineFill } from './bookState.js';

/**
 * A signal whose last data day is more than this many calendar days before today is not today's
 * signal, and the terminal and the dashboard say so before anything else. Four days let a Friday close
 * be read on the Tuesday after a Monday holiday; a session missing beyond that is stale data.
 */
export const STALE_DATA_AFTER_CALENDAR_DAYS = 4;

/** How far the data is behind today, and whether that makes the signal stale (STALE_DATA_AFTER_CALENDAR_DAYS). */
export function dataStaleness(lastDataDay: DayNumber, today: DayNumber): { readonly calendarDaysBehind: number; readonly stale: boolean } {
  const calendarDaysBehind = today - lastDataDay;
  return { calendarDaysBehind, stale: calendarDaysBehind > STALE_DATA_AFTER_CALENDAR_DAYS };
}

/** A day's signals: the engine's view and the full record the summary is read from. */
export interface DaySignals {
  readonly engine: EngineSignals;
  readonly daily: DailySignals;
}

/**
 * Engine signals for every trading day from the first day of the history to `toDay`, warmed up the way
 * the backtest's suite warms them up (from the first day, carrying the regime over VIX gaps), so a
 * day's signal is the same whether the backtest or the daily signal asks for it.
 */
export function daySignalsThrough(history: MarketHistory, toDay: DayNumber, config: SignalConfig, deps: SignalDeps): Map<DayNumber, DaySignals> {
  const first = history.tradingDays[0];
  if (first === undefined || first > toDay) return new Map<DayNumber, DaySignals>();
  return daySignalsFromTable(history, computeSignalTable(history, first, toDay, config, deps));
}

/** The same from a signal table computed already (a market tape's), from the history's first trading day. */
export function daySignalsFromTable(history: MarketHistory, table: readonly DailySignals[]): Map<DayNumber, DaySignals> {
  const out = new Map<DayNumber, DaySignals>();
  let previousRegime: VixRegimeName | undefined;
  table.forEach((daily, i) => {
    const day = history.tradingDays[i] as DayNumber;
    const engine = engineSignalsFrom(daily, previousRegime);
    previousRegime = engine.regime;
    out.set(day, { engine, daily });
  });
  return out;
}

/**
 * A day's signals from a table read one row at a time, the same as daySignalsFromTable's entry for the
 * day: the regime carried over a day without one is the last known before it, found by reading back to
 * the nearest day that has one (a few rows at most in the bundled data) rather than by walking the
 * table from its first day. Only rows up to the day are read. Undefined for a day the table lacks.
 */
export function daySignalsFromRows(history: MarketHistory, rows: IndexedRows<DailySignals>, day: DayNumber): DaySignals | undefined {
  const i = indexOfDay(history.tradingDays, day);
  if (i === undefined || i >= rows.length) return undefined;
  const daily = rows.at(i);
  if (daily === undefined) return undefined;
  let previousRegime: VixRegimeName | undefined;
  if (daily.vix.regime === null) {
    for (let j = i - 1; j >= 0 && previousRegime === undefined; j--) previousRegime = rows.at(j)?.vix.regime ?? undefined;
  }
  return { engine: engineSignalsFrom(daily, previousRegime), daily };
}

export interface DailySignalInputs {
  readonly config: StrategyConfig;
  /** The book's state at the close of its last day; undefined for an empty book. */
  readonly base: EngineStateSnapshot | undefined;
  /** Cash of an empty book, USD (ignored when `base` is given). */
  readonly equityUsd: number;
  readonly day: DayNumber;
  readonly market: MarketDayView | undefined;
  readonly signals: DaySignals | undefined;
  /** The next trading day, for interest on cash; undefined when not known. */
  readonly nextDay: DayNumber | undefined;
}

export interface SignalDecision {
  readonly action: DecisionRecord['action'];
  readonly rule: string;
  readonly reason: string;
  readonly group: string | null;
  readonly figures: DecisionRecord['figures'];
}

export interface SignalTrade {
  readonly positionId: string;
  readonly group: string;
  readonly role: 'condor' | 'hedge';
  readonly leg: string;
  readonly layer: number | null;
  readonly kind: 'open' | 'close';
  readonly description: string;
  readonly underlying: 'SPX' | 'VIX';
  readonly type: 'call' | 'put' | 'future';
  readonly strike: number;
  readonly expiry: string;
  readonly settlement: 'AM' | 'PM';
  /** Signed contracts to trade: positive buy, negative sell. */
  readonly quantity: number;
  /** Expected fill per unit at the model (mid plus the configured share of the half-spread), index points. */
  readonly modelPricePoints: number;
  readonly feesUsd: number;
}

/**
 * A trade of index units (an underlying leg's SPX units, layer 1's VIX-futures fund): what accepting
 * the signal buys or sells beside the option and futures trades, at the index's level, without a fee.
 */
export interface SignalIndexTrade {
  readonly holdingId: string;
  readonly group: string;
  readonly role: 'condor' | 'hedge';
  readonly layer: number | null;
  readonly index: 'SPX' | 'VIX-ST-FUTURES';
  readonly description: string;
  /** Signed units: positive bought, negative sold. */
  readonly units: number;
  /** The level it trades at, points (1 USD a point a unit). */
  readonly levelPoints: number;
  /** Cash it costs, USD: positive for a purchase, negative for a sale. */
  readonly costUsd: number;
}

export interface BookGreeks {
  readonly equityUsd: number;
  readonly cashUsd: number;
  readonly spxDeltaUsdPerPoint: number;
  readonly spxGammaUsdPerPoint2: number;
  readonly spxVegaUsdPerVolPoint: number;
  readonly thetaUsdPerDay: number;
  /** Hedge P&L per 1-point move of spot VIX, USD (the hedge ratio in dollars). */
  readonly hedgeUsdPerVixPoint: number;
  readonly condorUsdPerVixPoint: number;
  /** Hedge exposure / |condor exposure|; null with no condor exposure. */
  readonly hedgeRatio: number | null;
  readonly openCondors: number;
  readonly hedgeLayers: number;
  /** A pre-FOMC seed's VIX exposure, USD per VIX point, while one is held: outside hedgeUsdPerVixPoint and the ratio. */
  readonly seedUsdPerVixPoint?: number;
}

export interface DailySignal {
  readonly date: string;
  readonly preset: string;
  readonly market: { readonly spxClose: number; readonly vixClose: number; readonly riskFreeRateDecimal: number } | null;
  readonly summary: {
    readonly regime: VixRegimeName;
    readonly vixSpike: boolean | null;
    readonly vixToVix3m: number | null;
    readonly termStructureInverted: boolean | null;
    readonly futuresContango: number | null;
    readonly entryTrigger: boolean;
    readonly entryReason: string;
    readonly confirmations: readonly string[];
    readonly bearishDivergence: boolean;
    readonly regimeChangeSignals: readonly string[];
    readonly relief: string;
    readonly nextEvent: string | null;
    readonly tradingDaysToNextEvent: number | null;
  } | null;
  readonly decisions: readonly SignalDecision[];
  readonly trades: readonly SignalTrade[];
  /**
   * Index units traded with them, present only when there are any (a book with an underlying leg or a
   * fund layer), so that a signal without them reads as it always has, in the journal too.
   */
  readonly indexTrades?: readonly SignalIndexTrade[];
  readonly greeksAfter: BookGreeks | null;
}

export interface DailySignalResult {
  readonly signal: DailySignal;
  /** The book's state if the user takes every trade at the model's price. */
  readonly after: EngineStateSnapshot;
  readonly before: EngineStateSnapshot;
  readonly fills: readonly EngineFill[];
}

function greeksOf(r: DailyRecord): BookGreeks {
  return {
    equityUsd: r.equityUsd,
    cashUsd: r.cashUsd,
    spxDeltaUsdPerPoint: r.spxDeltaUsdPerPoint,
    spxGammaUsdPerPoint2: r.spxGammaUsdPerPoint2,
    spxVegaUsdPerVolPoint: r.spxVegaUsdPerVolPoint,
    thetaUsdPerDay: r.thetaUsdPerDay,
    hedgeUsdPerVixPoint: r.hedgeVixExposureUsd,
    condorUsdPerVixPoint: r.condorVixExposureUsd,
    hedgeRatio: r.hedgeRatio ?? null,
    openCondors: r.openCondors,
    hedgeLayers: r.hedgeLayers,
    ...(r.seedVixExposureUsd !== undefined ? { seedUsdPerVixPoint: r.seedVixExposureUsd } : {}),
  };
}

function summaryOf(s: DaySignals): NonNullable<DailySignal['summary']> {
  const { engine, daily } = s;
  return {
    regime: engine.regime,
    vixSpike: daily.vix.spike,
    vixToVix3m: daily.termStructure.vixToVix3m,
    termStructureInverted: engine.termStructureInverted ?? null,
    futuresContango: daily.termStructure.futuresContango,
    entryTrigger: engine.entryTrigger,
    entryReason: engine.entryReason,
    confirmations: engine.confirmations,
    bearishDivergence: engine.bearishDivergence,
    regimeChangeSignals: engine.regimeChangeSignals,
    relief: daily.relief.state,
    nextEvent: engine.nextEventLabel ?? null,
    tradingDaysToNextEvent: engine.tradingDaysToNextEvent ?? null,
  };
}

/** Steps the engine one day from the book's state and reports what it decided. */
export function computeDailySignal(inputs: DailySignalInputs): DailySignalResult {
  const before = inputs.base ?? emptyBookSnapshot(inputs.config, inputs.equityUsd);
  const engine = new StrategyEngine(inputs.config, before);
  const hasData = inputs.market !== undefined && inputs.signals !== undefined;
  const decisions = engine.stepDay(inputs.day, inputs.market, inputs.signals?.engine, inputs.nextDay);
  const after = engine.snapshot();
  const fills = engineFillsOfDay(before, after, engine.result().ledger, inputs.day);
  const record = hasData ? engine.lastDailyRecord() : undefined;
  // A fund layer's group is its own, outside the option layers' states: the decision that bought it names the layer.
  const layerOfGroup = (group: string): number | null => {
    const named = decisions.find((d) => d.group === group && typeof d.figures.layer === 'number')?.figures.layer;
    return typeof named === 'number' ? named : (after.layers.find((l) => l.group === group)?.layer ?? null);
  };
  // A total-return leg's dividends are reinvested every day: the index's accrual, not an order to place.
  const indexTrades = indexTradesOfDay(after, engine.result().ledger, inputs.day)
    .filter((t) => t.rule !== REINVEST_DIVIDEND_RULE)
    .map(
      (t): SignalIndexTrade => ({
        holdingId: t.holdingId,
        group: t.group,
        role: t.role,
        layer: layerOfGroup(t.group),
        index: t.index,
        description: describeIndexTrade(t),
        units: t.units,
        levelPoints: t.levelPoints,
        costUsd: t.costUsd,
      }),
    );
  const signal: DailySignal = {
    date: isoFromDay(inputs.day),
    preset: inputs.config.name,
    market: inputs.market ? { spxClose: inputs.market.spxClose, vixClose: inputs.market.vixClose, riskFreeRateDecimal: inputs.market.riskFreeRate } : null,
    summary: inputs.signals && hasData ? summaryOf(inputs.signals) : null,
    decisions: decisions.map((d) => ({ action: d.action, rule: d.rule, reason: d.reason, group: d.group ?? null, figures: d.figures })),
    trades: fills.map((f) => ({
      positionId: f.position.id,
      group: f.position.group,
      role: f.position.role,
      leg: f.position.legId,
      layer: f.position.layer ?? null,
      kind: f.kind,
      description: describeTrade(f),
      underlying: f.position.underlying,
      type: f.position.type,
      strike: f.position.strike,
      expiry: isoFromDay(f.position.expiryDay),
      settlement: f.position.settlement,
      quantity: f.quantity,
      modelPricePoints: f.pricePoints,
      feesUsd: f.feesUsd,
    })),
    ...(indexTrades.length === 0 ? {} : { indexTrades }),
    greeksAfter: record && record.day === inputs.day ? greeksOf(record) : null,
  };
  return { signal, after, before, fills };
}
