/**
 * The backtest engine: one daily loop over trading days that settles expiring options, marks the book
 * on the market model, applies the methodology's rules (src/strategy/rules) in a fixed order, and
 * records equity, Greeks, the hedge ratio, trades and every decision with the rule that made it.
 *
 * Order of a day (all decisions at the close, with only data known at that close):
 *   1. settle options expiring today (SPX AM at the open, SPX PM at the close, VIX at the VIX open);
 *   2. mark every position at the model's mid;
 *   3. manage open condors (fixed R:R exits, or ALVH roll/defer decisions);
 *   4. open a new condor when the entry rules say so;
 *   5. manage the hedge: take profit, roll, new layers, rebalance;
 *   6. record the day; accrue interest on cash to the next trading day.
 * The same inputs always give the same outputs: no clock, no randomness, ids are counters.
 */
import type { DayNumber } from '../time/day.js';
import { isoFromDay } from '../time/day.js';
import type { OptionType } from '../pricing/black76.js';
import { incomeLegs, StrategyConfigError, type LegSpec, type StrategyConfig, type VixRegimeName } from '../strategy/config.js';
import {
  adaptiveRollDecision,
  condorContractsForRisk,
  fixedRiskRewardExit,
  shortDeltaForEntry,
  shortStrikeThreatened,
  type RuleOutcome,
} from '../strategy/rules/condorRules.js';
import {
  applyHedgePremiumCaps,
  hedgeLayerContracts,
  hedgeLayerEarlyRollDue,
  hedgeLayerRollDue,
  hedgeLayerTakeProfit,
  hedgeLayerTrigger,
  hedgeRebalanceExposureUsd,
  preFomcSeedDue,
  vixOptionVixExposureUsd,
} from '../strategy/rules/hedgeRules.js';
import { Book, describePosition, type BookState, multiplierOf, OPTION_MULTIPLIER_USD, positionValueUsd, VIX_FUTURE_MULTIPLIER_USD, type InstrumentType, type OptionPosition } from './book.js';
import type { EngineSignals, ListedExpiry, MarketDayView, ModelOptionQuote, VixTenor } from './marketView.js';
import type { DailyRecord, DecisionAction, DecisionRecord, TradeRecord } from './records.js';
import { bookGreeks } from './bookGreeks.js';

export interface BacktestInputs {
  readonly config: StrategyConfig;
  /** Trading days of the run, ascending. */
  readonly days: readonly DayNumber[];
  /** The market on a day, or undefined when the data for it is missing (the day is skipped and logged). */
  readonly marketOn: (day: DayNumber) => MarketDayView | undefined;
  readonly signalsOn: (day: DayNumber) => EngineSignals;
  /** Called after each day, for progress bars; never influences the run. */
  readonly onProgress?: (doneDays: number, totalDays: number) => void;
}

export interface BacktestResult {
  readonly config: StrategyConfig;
  readonly daily: DailyRecord[];
  readonly trades: TradeRecord[];
  readonly decisions: DecisionRecord[];
  readonly ledger: Book['ledger'];
  /** Final P&L by group (condor-N, hedge-N), USD. */
  readonly pnlByGroupUsd: Record<string, number>;
  readonly condorRolls: number;
  readonly deferredRolls: number;
}

interface CondorState {
  readonly group: string;
  readonly entryDay: DayNumber;
  contracts: number;
  /** Net credit per unit so far (entry credit, adjusted by rolls), index points. */
  creditPoints: number;
  rolls: number;
  deferrals: number;
  /** The vertical on each side, by position id. */
  putShortId: string | undefined;
  putLongId: string | undefined;
  callShortId: string | undefined;
  callLongId: string | undefined;
  legIds: string[];
}

interface HedgeLayerState {
  readonly group: string;
  readonly layer: number;
  readonly openedDay: DayNumber;
  /** How the layer's expiry is chosen when it is opened or rolled. */
  readonly tenor: { kind: 'vixTenor'; index: number } | { kind: 'dteRange'; min: number; max: number } | { kind: 'dte'; days: number };
  premiumUsd: number;
  legIds: string[];
  contracts: number;
}

const sideSign = (quantity: number) => (quantity > 0 ? 1 : -1);

/** Everything the next day's decisions depend on, JSON-serialisable (the daily signal stores it). */
export interface EngineStateSnapshot {
  readonly configName: string;
  readonly book: BookState;
  readonly condors: readonly CondorState[];
  readonly layers: readonly HedgeLayerState[];
  readonly seeds: ReadonlyArray<HedgeLayerState & { tradingDaysToFomcAtOpen: number }>;
  readonly nextId: number;
  readonly tradingDaysSinceEntry: number | null;
  readonly tradingDaysSinceRebalance: number;
  readonly condorRolls: number;
  readonly deferredRolls: number;
  readonly regimeRun: { regime: VixRegimeName; days: number } | null;
  readonly quietPremium: ReadonlyArray<{ day: DayNumber; usd: number }>;
  readonly groupOpened: Readonly<Record<string, GroupOpening>>;
}

interface GroupOpening {
  entryDay: DayNumber;
  kind: 'condor' | 'hedge-layer';
  layer: number | undefined;
  contracts: number;
  entryPricePoints: number;
  legs: string;
}

export function runBacktest(inputs: BacktestInputs): BacktestResult {
  const engine = new StrategyEngine(inputs.config);
  const { days } = inputs;
  for (let i = 0; i < days.length; i++) {
    const day = days[i] as DayNumber;
    const market = inputs.marketOn(day);
    engine.stepDay(day, market, market ? inputs.signalsOn(day) : undefined, days[i + 1]);
    inputs.onProgress?.(i + 1, days.length);
  }
  return engine.result();
}

/**
 * The strategy's decision code for one book, one trading day at a time. The backtest steps it over
 * history; the daily signal restores it from the user's book and steps it once. The same code decides
 * in both, which is what makes a backtest's decisions and a day's recommendations comparable.
 */
export class StrategyEngine {
  private readonly config: StrategyConfig;
  private readonly book: Book;
  private readonly daily: DailyRecord[] = [];
  private readonly trades: TradeRecord[] = [];
  private readonly decisions: DecisionRecord[] = [];
  private readonly condors: CondorState[] = [];
  private readonly layers: HedgeLayerState[] = [];
  /** Pre-FOMC call-spread seeds, with the days-to-FOMC count when each was bought. */
  private readonly seeds: Array<HedgeLayerState & { tradingDaysToFomcAtOpen: number }> = [];
  private nextId = 1;
  /** Trading days since the last condor entry; undefined before the first. */
  private tradingDaysSinceEntry: number | undefined;
  private tradingDaysSinceRebalance = 0;
  private condorRolls = 0;
  private deferredRolls = 0;
  private regimeRun: { regime: VixRegimeName; days: number } | undefined;
  /** Premium spent on new layers in quiet regimes, by day, for the monthly drag cap. */
  private readonly quietPremium: Array<{ day: DayNumber; usd: number }> = [];
  private readonly groupOpened = new Map<string, GroupOpening>();

  constructor(config: StrategyConfig, state?: EngineStateSnapshot) {
    this.config = config;
    if (!state) {
      this.book = new Book(config.initialEquityUsd);
      return;
    }
    if (state.configName !== config.name) throw new Error(`engine state is for '${state.configName}', not '${config.name}'`);
    const copy = JSON.parse(JSON.stringify(state)) as EngineStateSnapshot;
    this.book = Book.fromState(copy.book);
    this.condors.push(...(copy.condors as CondorState[]));
    this.layers.push(...(copy.layers as HedgeLayerState[]));
    this.seeds.push(...(copy.seeds as Array<HedgeLayerState & { tradingDaysToFomcAtOpen: number }>));
    this.nextId = copy.nextId;
    this.tradingDaysSinceEntry = copy.tradingDaysSinceEntry ?? undefined;
    this.tradingDaysSinceRebalance = copy.tradingDaysSinceRebalance;
    this.condorRolls = copy.condorRolls;
    this.deferredRolls = copy.deferredRolls;
    this.regimeRun = copy.regimeRun ?? undefined;
    this.quietPremium.push(...copy.quietPremium);
    for (const [g, o] of Object.entries(copy.groupOpened)) this.groupOpened.set(g, o);
  }

  /** The live state after the last step (no history: decisions, trades and daily records are separate). */
  snapshot(): EngineStateSnapshot {
    return JSON.parse(
      JSON.stringify({
        configName: this.config.name,
        book: this.book.state(),
        condors: this.condors,
        layers: this.layers,
        seeds: this.seeds,
        nextId: this.nextId,
        tradingDaysSinceEntry: this.tradingDaysSinceEntry ?? null,
        tradingDaysSinceRebalance: this.tradingDaysSinceRebalance,
        condorRolls: this.condorRolls,
        deferredRolls: this.deferredRolls,
        regimeRun: this.regimeRun ?? null,
        quietPremium: this.quietPremium,
        groupOpened: Object.fromEntries(this.groupOpened),
      }),
    ) as EngineStateSnapshot;
  }

  /**
   * One trading day: its decisions at the close (or a logged gap when there is no market), then
   * interest on cash up to `nextDay`. Returns the decisions made today.
   */
  stepDay(day: DayNumber, market: MarketDayView | undefined, signals: EngineSignals | undefined, nextDay: DayNumber | undefined): DecisionRecord[] {
    const before = this.decisions.length;
    if (!market || !signals) {
      this.log(day, 'data-gap', 'engine.dataGap', 'no market data for this trading day: no decisions, positions carried', undefined, {});
    } else {
      this.runDay(market, signals);
    }
    this.tradingDaysSinceEntry = this.tradingDaysSinceEntry === undefined ? undefined : this.tradingDaysSinceEntry + 1;
    if (nextDay !== undefined && market && this.config.execution.interestOnCash) {
      this.book.accrueInterest(day, market.riskFreeRate, nextDay - day);
    }
    return this.decisions.slice(before);
  }

  /** The latest daily record (after the last step), for the daily signal's Greeks and hedge ratio. */
  lastDailyRecord(): DailyRecord | undefined {
    return this.daily[this.daily.length - 1];
  }

  result(): BacktestResult {
    const pnlByGroupUsd: Record<string, number> = {};
    for (const g of this.book.groups()) pnlByGroupUsd[g] = this.book.groupPnlUsd(g);
    return {
      config: this.config,
      daily: this.daily,
      trades: this.trades,
      decisions: this.decisions,
      ledger: this.book.ledger,
      pnlByGroupUsd,
      condorRolls: this.condorRolls,
      deferredRolls: this.deferredRolls,
    };
  }

  private runDay(m: MarketDayView, signals: EngineSignals): void {
    this.trackRegime(signals.regime);
    this.settleExpiring(m);
    this.markAll(m);
    this.manageCondors(m, signals);
    this.maybeEnterCondor(m, signals);
    if (this.config.hedge.enabled) this.manageHedge(m, signals);
    this.markAll(m);
    this.recordDay(m, signals);
  }

  // ---------------------------------------------------------------- bookkeeping helpers

  private log(day: DayNumber, action: DecisionAction, rule: string, reason: string, group: string | undefined, figures: Record<string, number | string | boolean>): void {
    this.decisions.push({ day, action, rule, reason, group, figures });
  }

  private logRule(day: DayNumber, action: DecisionAction, outcome: RuleOutcome, group: string | undefined, extra: Record<string, number | string | boolean> = {}): void {
    this.log(day, action, outcome.rule, outcome.reason, group, { ...outcome.figures, ...extra });
  }

  private newGroup(prefix: string): string {
    return `${prefix}-${this.nextId++}`;
  }

  private quote(m: MarketDayView, p: Pick<OptionPosition, 'underlying' | 'type' | 'strike' | 'expiryDay'>): ModelOptionQuote {
    if (p.type === 'future') {
      return { mid: m.vixFuturePrice(p.expiryDay), halfSpread: this.config.execution.vixFutureHalfSpreadPoints, impliedVol: 0, delta: 1, gamma: 0, vegaPerVolPoint: 0, thetaPerDay: 0 };
    }
    return p.underlying === 'SPX' ? m.priceSpxOption(p.type, p.strike, p.expiryDay) : m.priceVixOption(p.type, p.strike, p.expiryDay);
  }

  /** Fill price for a trade of `signedQuantity` at the model mid plus the configured share of the half-spread. */
  private fillPrice(q: ModelOptionQuote, signedQuantity: number): number {
    const slip = this.config.execution.fillShareOfHalfSpread * q.halfSpread;
    return Math.max(signedQuantity > 0 ? q.mid + slip : q.mid - slip, 0);
  }

  private feeFor(underlying: 'SPX' | 'VIX', type: InstrumentType): number {
    const e = this.config.execution;
    if (type === 'future') return e.vixFutureFeePerContractUsd;
    return underlying === 'SPX' ? e.spxOptionFeePerContractUsd : e.vixOptionFeePerContractUsd;
  }

  private openLeg(m: MarketDayView, group: string, role: 'condor' | 'hedge', legId: string, layer: number | undefined, underlying: 'SPX' | 'VIX', type: InstrumentType, strike: number, expiry: ListedExpiry | VixTenor, quantity: number): OptionPosition {
    const expiryDay = 'day' in expiry ? expiry.day : expiry.expiryDay;
    const settlement = 'settlement' in expiry ? expiry.settlement : 'AM';
    const q = this.quote(m, { underlying, type, strike, expiryDay });
    const price = this.fillPrice(q, quantity);
    return this.book.open(
      { id: `${group}.${legId}.${this.nextId++}`, group, role, legId, layer, underlying, type, strike, expiryDay, settlement, quantity, entryDay: m.day, entryPrice: price },
      this.feeFor(underlying, type),
    );
  }

  private closeLeg(m: MarketDayView, id: string, reason: string, contracts?: number): number {
    const p = this.book.positions.get(id);
    if (!p) return 0;
    const closing = contracts ?? Math.abs(p.quantity);
    const price = this.fillPrice(this.quote(m, p), -sideSign(p.quantity) * closing);
    this.book.close(m.day, id, price, this.feeFor(p.underlying, p.type), reason, closing);
    return price;
  }

  private finishGroup(day: DayNumber, group: string, exitRule: string): void {
    const opened = this.groupOpened.get(group);
    if (!opened || this.book.positionsOf(group).length > 0) return;
    this.trades.push({ group, kind: opened.kind, layer: opened.layer, entryDay: opened.entryDay, exitDay: day, contracts: opened.contracts, entryPricePoints: opened.entryPricePoints, pnlUsd: this.book.groupPnlUsd(group), exitRule, legs: opened.legs });
    this.groupOpened.delete(group);
  }

  private markAll(m: MarketDayView): void {
    for (const p of this.book.positions.values()) {
      if (p.expiryDay < m.day) continue;
      p.markPrice = this.quote(m, p).mid;
    }
  }

  private trackRegime(regime: VixRegimeName): void {
    this.regimeRun = this.regimeRun && this.regimeRun.regime === regime ? { regime, days: this.regimeRun.days + 1 } : { regime, days: 1 };
  }

  // ---------------------------------------------------------------- 1. settlement

  private settleExpiring(m: MarketDayView): void {
    for (const p of [...this.book.positions.values()]) {
      if (p.expiryDay > m.day) continue;
      let value: number;
      let source: string;
      if (p.underlying === 'VIX') {
        value = m.vixOpen;
        source = 'VIX open (approximates the VIX special opening quotation)';
      } else if (p.settlement === 'AM') {
        value = m.spxOpen;
        source = 'SPX open (approximates the special opening quotation)';
      } else {
        value = m.spxClose;
        source = 'SPX close (PM settlement)';
      }
      if (p.expiryDay < m.day) source += `; expiry ${isoFromDay(p.expiryDay)} had no data, settled on the next day with data`;
      const intrinsic = this.book.settle(m.day, p.id, value, source);
      this.log(m.day, 'settle', 'engine.settlement', `${p.legId} settles at ${value.toFixed(2)}: ${source}`, p.group, { strike: p.strike, settlementValue: value, intrinsicPoints: intrinsic, quantity: p.quantity });
      this.finishGroup(m.day, p.group, 'settled at expiry');
    }
    this.dropClosedCondorsAndLayers();
  }

  private dropClosedCondorsAndLayers(): void {
    for (let i = this.condors.length - 1; i >= 0; i--) {
      const c = this.condors[i] as CondorState;
      c.legIds = c.legIds.filter((id) => this.book.positions.has(id));
      if (c.legIds.length === 0) this.condors.splice(i, 1);
    }
    for (const list of [this.layers, this.seeds] as HedgeLayerState[][]) {
      for (let i = list.length - 1; i >= 0; i--) {
        const l = list[i] as HedgeLayerState;
        l.legIds = l.legIds.filter((id) => this.book.positions.has(id));
        if (l.legIds.length === 0) list.splice(i, 1);
      }
    }
  }

  // ---------------------------------------------------------------- 3. condor management

  /** Cost to close a set of legs per unit of the condor (positive = pay), at fill prices. */
  private costToClosePoints(m: MarketDayView, ids: readonly (string | undefined)[], unitContracts: number): number {
    let cost = 0;
    for (const id of ids) {
      const p = id ? this.book.positions.get(id) : undefined;
      if (!p) continue;
      const price = this.fillPrice(this.quote(m, p), -sideSign(p.quantity));
      // Buying back a short costs its price; selling a long brings its price in.
      cost -= (p.quantity / unitContracts) * price;
    }
    return cost;
  }

  private manageCondors(m: MarketDayView, signals: EngineSignals): void {
    const mode = this.config.management.mode;
    if (mode === 'hold-to-expiry') return;
    for (const c of [...this.condors]) {
      const minDte = Math.min(...c.legIds.map((id) => (this.book.positions.get(id)?.expiryDay ?? Infinity) - m.day));
      if (mode === 'fixed-rr') {
        const cost = this.costToClosePoints(m, c.legIds, c.contracts);
        const outcome = fixedRiskRewardExit(this.config, { entryCreditPoints: c.creditPoints, costToClosePoints: cost, dteDays: minDte });
        if (!outcome.fired) continue;
        this.closeCondor(m, c, outcome);
        if (this.config.management.fixedRr.reopenAfterClose) {
          const reopened = this.openCondor(m, signals, 'fixedRr.reopen');
          if (reopened) {
            this.condorRolls++;
            this.logRule(m.day, 'roll-condor', { ...outcome, rule: 'fixedRr.roll', reason: `closed by ${outcome.rule} and reopened at the entry rules` }, reopened.group);
          }
        }
        continue;
      }
      this.manageAdaptive(m, signals, c, minDte);
    }
  }

  private closeCondor(m: MarketDayView, c: CondorState, outcome: RuleOutcome): void {
    for (const id of c.legIds) this.closeLeg(m, id, outcome.rule);
    this.logRule(m.day, 'exit-condor', outcome, c.group);
    this.finishGroup(m.day, c.group, outcome.rule);
    this.dropClosedCondorsAndLayers();
  }

  private manageAdaptive(m: MarketDayView, signals: EngineSignals, c: CondorState, minDte: number): void {
    const a = this.config.management.adaptive;
    if (a.closeAtDteDays > 0 && minDte <= a.closeAtDteDays) {
      this.closeCondor(m, c, { rule: 'adaptive.timeExit', fired: true, reason: `${minDte} days to expiry <= ${a.closeAtDteDays}`, figures: { dteDays: minDte } });
      return;
    }
    for (const side of ['put', 'call'] as const) {
      const shortId = side === 'put' ? c.putShortId : c.callShortId;
      const longId = side === 'put' ? c.putLongId : c.callLongId;
      const short = shortId ? this.book.positions.get(shortId) : undefined;
      if (!short) continue;
      const q = this.quote(m, short);
      const threat = shortStrikeThreatened(this.config, { side, shortStrike: short.strike, shortDeltaAbs: Math.abs(q.delta), spot: m.spxClose });
      if (!threat.fired) continue;
      const rollCostUsd = this.rollCostUsd(m, c, side);
      const projectedHedgePayoffUsd = this.projectedHedgePayoffUsd(m, short.strike);
      const decision = adaptiveRollDecision(this.config, {
        rollCostUsd,
        projectedHedgePayoffUsd,
        regimeChangeSignals: signals.regimeChangeSignals,
        tradingDaysToNextEvent: signals.tradingDaysToNextEvent,
        nextEventLabel: signals.nextEventLabel,
        hedgeEnabled: this.config.hedge.enabled,
      });
      const figures = { threatenedBy: threat.rule, shortDeltaAbs: Math.abs(q.delta), spot: m.spxClose, shortStrike: short.strike };
      if (decision.action === 'roll') {
        this.rollSide(m, signals, c, side, shortId as string, longId, decision, figures);
      } else {
        c.deferrals++;
        this.deferredRolls++;
        this.logRule(m.day, 'defer-roll', decision, c.group, figures);
        if (decision.action === 'hedge-instead') this.pendingForcedLayer = decision;
        if (side === 'put' && longId && a.widenPutOnDeferredRoll) this.widenPutWing(m, c, longId);
      }
    }
  }

  private pendingForcedLayer: RuleOutcome | undefined;

  /** Move the long put further out by the configured points (the methodology's optional widening). */
  private widenPutWing(m: MarketDayView, c: CondorState, longId: string): void {
    const long = this.book.positions.get(longId);
    if (!long) return;
    const points = this.config.management.adaptive.deferredRollPutWideningPoints.min;
    const newStrike = m.snapSpxStrike(long.strike - points);
    if (newStrike >= long.strike) return;
    const sold = this.closeLeg(m, longId, 'adaptive.widenPutOnDeferredRoll');
    const expiry: ListedExpiry = { day: long.expiryDay, settlement: long.settlement, standardMonthly: false };
    const added = this.openLeg(m, c.group, 'condor', 'longPut', undefined, 'SPX', 'put', newStrike, expiry, c.contracts);
    c.legIds.push(added.id);
    c.putLongId = added.id;
    c.creditPoints += sold - added.entryPrice;
    this.log(m.day, 'defer-roll', 'adaptive.widenPutOnDeferredRoll', `long put moved from ${long.strike} to ${newStrike}: the put side is ${points} points wider`, c.group, { fromStrike: long.strike, toStrike: newStrike });
    this.dropClosedCondorsAndLayers();
  }

  /** Net cost (USD) of closing the tested vertical and reopening it at the entry rules further out. */
  private rollCostUsd(m: MarketDayView, c: CondorState, side: 'put' | 'call'): number {
    const ids = side === 'put' ? [c.putShortId, c.putLongId] : [c.callShortId, c.callLongId];
    const closeCost = this.costToClosePoints(m, ids, c.contracts);
    const plan = this.planVertical(m, side, this.config.management.adaptive.rollToDteDays, this.config.ironCondor.shortDelta);
    const newCredit = plan ? plan.creditPoints : 0;
    return (closeCost - newCredit) * c.contracts * OPTION_MULTIPLIER_USD;
  }

  /** The hedge's projected gain (USD) if SPX moves to `targetSpx` over the projection horizon. */
  private projectedHedgePayoffUsd(m: MarketDayView, targetSpx: number): number {
    const horizon = this.config.management.adaptive.projectionHorizonDays;
    const horizonDays = Math.round((horizon.min + horizon.max) / 2);
    const vixChange = m.vixChangeForSpxReturn(targetSpx / m.spxClose - 1);
    let gain = 0;
    for (const p of this.book.positions.values()) {
      if (p.role !== 'hedge' || p.underlying !== 'VIX') continue;
      if (p.type === 'future') {
        gain += p.quantity * m.vixFutureBetaToVix(p.expiryDay - m.day) * vixChange * VIX_FUTURE_MULTIPLIER_USD;
        continue;
      }
      const future = m.repriceVixOption(p.type, p.strike, p.expiryDay, vixChange, Math.min(horizonDays, Math.max(p.expiryDay - m.day, 0)));
      gain += p.quantity * (future - p.markPrice) * OPTION_MULTIPLIER_USD;
    }
    return gain;
  }

  private rollSide(m: MarketDayView, signals: EngineSignals, c: CondorState, side: 'put' | 'call', shortId: string, longId: string | undefined, decision: RuleOutcome, figures: Record<string, number | string | boolean>): void {
    const plan = this.planVertical(m, side, this.config.management.adaptive.rollToDteDays, shortDeltaForEntry(this.config, signals.tradingDaysToNextFomc).shortDelta);
    const closeCost = this.costToClosePoints(m, [shortId, longId], c.contracts);
    this.closeLeg(m, shortId, decision.rule);
    if (longId) this.closeLeg(m, longId, decision.rule);
    let newCredit = 0;
    if (plan) {
      const s = this.openLeg(m, c.group, 'condor', `short${side === 'put' ? 'Put' : 'Call'}`, undefined, 'SPX', side, plan.shortStrike, plan.expiry, -c.contracts);
      const l = this.openLeg(m, c.group, 'condor', `long${side === 'put' ? 'Put' : 'Call'}`, undefined, 'SPX', side, plan.longStrike, plan.expiry, c.contracts);
      newCredit = s.entryPrice - l.entryPrice;
      c.legIds.push(s.id, l.id);
      if (side === 'put') {
        c.putShortId = s.id;
        c.putLongId = l.id;
      } else {
        c.callShortId = s.id;
        c.callLongId = l.id;
      }
    }
    c.creditPoints += newCredit - closeCost;
    c.rolls++;
    this.condorRolls++;
    this.logRule(m.day, 'roll-condor', decision, c.group, { ...figures, side, closeCostPoints: closeCost, newCreditPoints: newCredit, newExpiry: plan ? isoFromDay(plan.expiry.day) : 'none' });
    this.dropClosedCondorsAndLayers();
  }

  // ---------------------------------------------------------------- 4. entries

  private chooseSpxExpiry(m: MarketDayView, rule: LegSpec['expiry']): ListedExpiry | undefined {
    const listed = m.listedSpxExpiries().filter((e) => e.day > m.day);
    if (rule.by === 'nextStandardMonthly') return listed.find((e) => e.standardMonthly && e.day - m.day >= rule.minDteDays);
    if (rule.by === 'targetDte') {
      let best: ListedExpiry | undefined;
      for (const e of listed) {
        if (rule.monthlyOnly && !e.standardMonthly) continue;
        const distance = Math.abs(e.day - m.day - rule.dteDays);
        // Ties go to the later expiry: more time, the side the methodology's 45-day target leans to.
        if (!best || distance <= Math.abs(best.day - m.day - rule.dteDays)) {
          if (!best || distance < Math.abs(best.day - m.day - rule.dteDays) || e.day > best.day) best = e;
        }
      }
      return best;
    }
    return undefined;
  }

  private strikeFor(m: MarketDayView, leg: LegSpec, expiryDay: DayNumber, chosen: ReadonlyMap<string, number>, shortDelta: number): number | undefined {
    const rule = leg.strike;
    if (rule.by === 'delta') {
      const delta = leg.side === 'short' && this.config.structure === 'iron-condor' ? shortDelta : rule.delta;
      return m.spxStrikeForDelta(leg.type, delta, expiryDay);
    }
    if (rule.by === 'moneyness') return m.snapSpxStrike(m.spxClose * (1 + rule.moneynessFraction));
    const base = chosen.get(rule.legId);
    if (base === undefined) return undefined;
    // A wing wider than the short strike itself has no listed strike: a config error, named as one.
    if (!(base + rule.points > 0)) {
      const path = this.config.structure === 'iron-condor' ? 'ironCondor.wingWidthPoints' : `customLegs.${leg.id}.strike.points`;
      throw new StrategyConfigError(this.config.name, [{ path, message: `${Math.abs(rule.points)} points from the ${rule.legId} strike ${base} on ${isoFromDay(m.day)} is no strike; use a width below the short strike` }]);
    }
    return m.snapSpxStrike(base + rule.points);
  }

  /** Strikes and expected credit of one side's vertical under the entry rules, for rolls. */
  private planVertical(m: MarketDayView, side: 'put' | 'call', dteDays: number, shortDelta: number): { expiry: ListedExpiry; shortStrike: number; longStrike: number; creditPoints: number } | undefined {
    const legs = incomeLegs(this.config).filter((l) => l.underlying === 'SPX' && l.type === side);
    const expiry = this.chooseSpxExpiry(m, { by: 'targetDte', dteDays, monthlyOnly: this.config.ironCondor.expirySelection === 'standard-monthly' });
    if (!expiry) return undefined;
    const chosen = new Map<string, number>();
    for (const leg of legs) {
      const k = this.strikeFor(m, leg, expiry.day, chosen, shortDelta);
      if (k === undefined) return undefined;
      chosen.set(leg.id, k);
    }
    const shortLeg = legs.find((l) => l.side === 'short');
    const longLeg = legs.find((l) => l.side === 'long');
    if (!shortLeg || !longLeg) return undefined;
    const shortStrike = chosen.get(shortLeg.id) as number;
    const longStrike = chosen.get(longLeg.id) as number;
    const credit = this.fillPrice(m.priceSpxOption(side, shortStrike, expiry.day), -1) - this.fillPrice(m.priceSpxOption(side, longStrike, expiry.day), 1);
    return { expiry, shortStrike, longStrike, creditPoints: credit };
  }

  private maybeEnterCondor(m: MarketDayView, signals: EngineSignals): void {
    const entry = this.config.entry;
    if (this.condors.length >= entry.maxOpenCondors) return;
    let outcome: RuleOutcome;
    if (entry.mode === 'signal') {
      if (!signals.entryTrigger) return;
      if (this.tradingDaysSinceEntry !== undefined && this.tradingDaysSinceEntry < entry.minTradingDaysBetweenEntries) return;
      outcome = { rule: 'entry.rsaiTrigger', fired: true, reason: signals.entryReason, figures: { regime: signals.regime } };
    } else if (entry.calendarCycle === 'monthly-roll-date') {
      const first = this.tradingDaysSinceEntry === undefined;
      const rollDate = this.condors.length === 0 && (first || this.condorSettledOn(m.day));
      if (!rollDate) return;
      outcome = { rule: 'entry.calendarMonthlyRollDate', fired: true, reason: first ? 'first day of the run' : 'standard monthly roll date', figures: {} };
    } else {
      if (this.tradingDaysSinceEntry !== undefined && this.tradingDaysSinceEntry < entry.calendarEveryTradingDays) return;
      outcome = { rule: 'entry.calendarEveryNTradingDays', fired: true, reason: `every ${entry.calendarEveryTradingDays} trading days`, figures: {} };
    }
    const opened = this.openCondor(m, signals, outcome.rule, outcome);
    if (opened) this.tradingDaysSinceEntry = 0;
  }

  /** The calendar cycle's roll date is the day the previous condor settled. */
  private condorSettledOn(day: DayNumber): boolean {
    return this.trades.some((t) => t.kind === 'condor' && t.exitDay === day);
  }

  private openCondor(m: MarketDayView, signals: EngineSignals, rule: string, outcome?: RuleOutcome): CondorState | undefined {
    const legs = incomeLegs(this.config);
    const delta = shortDeltaForEntry(this.config, signals.tradingDaysToNextFomc);
    const expiries = new Map<string, ListedExpiry>();
    const strikes = new Map<string, number>();
    for (const leg of legs) {
      const expiry = this.chooseSpxExpiry(m, leg.expiry);
      if (!expiry) {
        this.log(m.day, 'skip-entry', rule, `no listed SPX expiry matches ${JSON.stringify(leg.expiry)}`, undefined, {});
        return undefined;
      }
      const strike = this.strikeFor(m, leg, expiry.day, strikes, delta.shortDelta);
      if (strike === undefined) {
        this.log(m.day, 'skip-entry', rule, `no strike for leg ${leg.id}`, undefined, {});
        return undefined;
      }
      expiries.set(leg.id, expiry);
      strikes.set(leg.id, strike);
    }
    // Expected fills per unit, then size by risk.
    let creditPoints = 0;
    for (const leg of legs) {
      const q = m.priceSpxOption(leg.type, strikes.get(leg.id) as number, (expiries.get(leg.id) as ListedExpiry).day);
      const sign = leg.side === 'short' ? -1 : 1;
      creditPoints -= sign * leg.ratio * this.fillPrice(q, sign);
    }
    const putWing = this.wingWidth(legs, strikes, 'put');
    const callWing = this.wingWidth(legs, strikes, 'call');
    const widestWing = Math.max(putWing, callWing);
    const sizing = condorContractsForRisk(this.config, this.book.equityUsd(), widestWing - creditPoints, widestWing);
    if (sizing.contracts <= 0) {
      this.logRule(m.day, 'skip-entry', sizing, undefined, { creditPoints, widestWingPoints: widestWing });
      return undefined;
    }
    const group = this.newGroup('condor');
    const c: CondorState = { group, entryDay: m.day, contracts: sizing.contracts, creditPoints: 0, rolls: 0, deferrals: 0, putShortId: undefined, putLongId: undefined, callShortId: undefined, callLongId: undefined, legIds: [] };
    let actualCredit = 0;
    for (const leg of legs) {
      const quantity = (leg.side === 'short' ? -1 : 1) * leg.ratio * sizing.contracts;
      const p = this.openLeg(m, group, 'condor', leg.id, undefined, 'SPX', leg.type, strikes.get(leg.id) as number, expiries.get(leg.id) as ListedExpiry, quantity);
      actualCredit -= (quantity / sizing.contracts) * p.entryPrice;
      c.legIds.push(p.id);
      if (leg.type === 'put' && leg.side === 'short') c.putShortId = p.id;
      if (leg.type === 'put' && leg.side === 'long') c.putLongId = p.id;
      if (leg.type === 'call' && leg.side === 'short') c.callShortId = p.id;
      if (leg.type === 'call' && leg.side === 'long') c.callLongId = p.id;
    }
    c.creditPoints = actualCredit;
    this.condors.push(c);
    const legText = legs.map((l) => `${l.side} ${l.type} ${strikes.get(l.id)} ${isoFromDay((expiries.get(l.id) as ListedExpiry).day)}`).join('; ');
    this.groupOpened.set(group, { entryDay: m.day, kind: 'condor', layer: undefined, contracts: sizing.contracts, entryPricePoints: actualCredit, legs: legText });
    const shortPut = c.putShortId ? this.book.positions.get(c.putShortId)?.strike : undefined;
    const shortCall = c.callShortId ? this.book.positions.get(c.callShortId)?.strike : undefined;
    const figures: Record<string, number | string | boolean> = { contracts: sizing.contracts, creditPoints: actualCredit, widestWingPoints: widestWing, shortDelta: delta.shortDelta, spot: m.spxClose };
    if (shortPut !== undefined) figures.lowerBreakEvenDistanceFraction = (m.spxClose - (shortPut - actualCredit)) / m.spxClose;
    if (shortCall !== undefined) figures.upperBreakEvenDistanceFraction = (shortCall + actualCredit - m.spxClose) / m.spxClose;
    const base = outcome ?? { rule, fired: true, reason: 'entry rules', figures: {} };
    this.log(m.day, 'enter-condor', base.rule, `${base.reason}; ${legText}`, group, { ...base.figures, ...figures });
    if (delta.fired) this.logRule(m.day, 'enter-condor', delta, group);
    return c;
  }

  private wingWidth(legs: readonly LegSpec[], strikes: ReadonlyMap<string, number>, type: OptionType): number {
    const own = legs.filter((l) => l.type === type);
    const shortK = own.find((l) => l.side === 'short');
    const longK = own.find((l) => l.side === 'long');
    if (!shortK || !longK) return 0;
    return Math.abs((strikes.get(shortK.id) as number) - (strikes.get(longK.id) as number));
  }

  // ---------------------------------------------------------------- 5. hedge

  private exposures(m: MarketDayView): { condor: number; hedge: number } {
    const g = bookGreeks(this.book.positions.values(), m, (p) => this.quote(m, p));
    return { condor: g.condorVixExposureUsd, hedge: g.hedgeVixExposureUsd };
  }

  private layerValueUsd(l: HedgeLayerState): number {
    return this.book.positionsValueUsd((p) => p.group === l.group);
  }

  private manageHedge(m: MarketDayView, signals: EngineSignals): void {
    // Take profit and rolls first, so new layers see the book as it is after them.
    for (const l of [...this.layers]) {
      const tp = hedgeLayerTakeProfit(this.config, this.layerValueUsd(l), l.premiumUsd, m.vixClose);
      if (tp.fired) {
        for (const id of l.legIds) this.closeLeg(m, id, tp.rule);
        this.logRule(m.day, 'cash-layer', tp, l.group, { layer: l.layer });
        this.finishGroup(m.day, l.group, tp.rule);
        continue;
      }
      const dte = Math.min(...l.legIds.map((id) => (this.book.positions.get(id)?.expiryDay ?? Infinity) - m.day));
      const widening = [...(signals.bearishDivergence ? ['bearishDivergence'] : []), ...signals.confirmations];
      const roll = hedgeLayerRollDue(this.config, dte);
      const early = hedgeLayerEarlyRollDue(this.config, dte, widening);
      if (this.condors.length > 0 && (roll.fired || early.fired)) this.rollLayer(m, l, roll.fired ? roll : early);
    }
    this.dropClosedCondorsAndLayers();
    this.managePreFomcSeeds(m, signals);

    const exposure = this.exposures(m);
    const forced = this.pendingForcedLayer;
    this.pendingForcedLayer = undefined;
    const trigger = hedgeLayerTrigger(this.config, {
      regime: signals.regime,
      layersHeld: this.layers.length,
      condorOpen: this.condors.length > 0,
      bearishDivergence: signals.bearishDivergence,
      confirmations: signals.confirmations,
      regimeAgeTradingDays: this.regimeRun?.days ?? 0,
      termStructureInverted: signals.termStructureInverted,
      reliefRally: signals.reliefRally,
      resolution: signals.resolution,
    });
    const layerToAdd = trigger.fired ? trigger : forced && this.layers.length < this.config.hedge.maxLayers && this.condors.length > 0 ? { ...forced, layer: this.layers.length + 1, relief: false } : undefined;
    if (layerToAdd) this.addLayer(m, signals, layerToAdd.layer, layerToAdd.relief, layerToAdd, exposure.condor);

    this.tradingDaysSinceRebalance++;
    const planned = this.config.hedge.layering === 'ladder' ? this.config.hedge.ladderTenors.length : this.config.hedge.maxLayers;
    if (this.tradingDaysSinceRebalance >= this.config.hedge.rebalanceEveryTradingDays && this.condors.length > 0 && this.layers.length >= planned) {
      this.tradingDaysSinceRebalance = 0;
      this.rebalance(m, signals);
    }
  }

  private tenorForLayer(layer: number, relief: boolean): HedgeLayerState['tenor'][] {
    const h = this.config.hedge;
    if (relief) return h.reliefRallyTenorsDays.map((days) => ({ kind: 'dte', days }) as const);
    if (h.layering === 'ladder') {
      const tenor = h.ladderTenors[Math.min(layer - 1, h.ladderTenors.length - 1)] as string;
      return [{ kind: 'vixTenor', index: Number(tenor.slice(1)) - 1 }];
    }
    return [{ kind: 'dteRange', min: h.firstLayerDteDays.min, max: h.firstLayerDteDays.max }];
  }

  /**
   * The VIX expiry for a layer. Ladder tenors count from the expiry nearest the first layer's target
   * (the middle of 30-45 days) *(choice: "M1" is the first-layer tenor, M2 and M3 the next listed ones,
   * so the first layer keeps the methodology's 30-45 days)*; other layers take the expiry nearest their
   * target days. Expiries inside the roll window are never chosen.
   */
  private chooseVixExpiry(m: MarketDayView, tenor: HedgeLayerState['tenor']): VixTenor | undefined {
    const h = this.config.hedge;
    const tenors = m.vixTenors().filter((t) => t.expiryDay - m.day > h.rollWhenDteBelowDays);
    const nearestIndex = (target: number) => {
      let best = -1;
      tenors.forEach((t, i) => {
        if (best < 0 || Math.abs(t.expiryDay - m.day - target) < Math.abs((tenors[best] as VixTenor).expiryDay - m.day - target)) best = i;
      });
      return best;
    };
    if (tenor.kind === 'vixTenor') {
      const m1 = nearestIndex((h.firstLayerDteDays.min + h.firstLayerDteDays.max) / 2);
      return m1 < 0 ? undefined : tenors[m1 + tenor.index];
    }
    const index = nearestIndex(tenor.kind === 'dte' ? tenor.days : (tenor.min + tenor.max) / 2);
    return index < 0 ? undefined : tenors[index];
  }

  /** Open the calls (or spreads) of a layer: `contracts` split across its tenors. Returns premium paid, USD. */
  private buyLayerLegs(m: MarketDayView, l: HedgeLayerState, tenors: readonly HedgeLayerState['tenor'][], contracts: number): number {
    const h = this.config.hedge;
    let premium = 0;
    const perTenor = Math.max(Math.floor(contracts / tenors.length), 1);
    for (const tenor of tenors) {
      const t = this.chooseVixExpiry(m, tenor);
      if (!t) continue;
      if (h.instrument === 'future') {
        const future = this.openLeg(m, l.group, 'hedge', 'longFuture', l.layer, 'VIX', 'future', 0, t, perTenor);
        // A future costs no premium; its face value is what the caps measure.
        premium += future.entryPrice * perTenor * VIX_FUTURE_MULTIPLIER_USD;
        l.legIds.push(future.id);
        continue;
      }
      const strike = m.vixStrikeForDelta('call', h.hedgeCallDelta, t.expiryDay);
      const long = this.openLeg(m, l.group, 'hedge', 'longCall', l.layer, 'VIX', 'call', strike, t, perTenor);
      premium += long.entryPrice * perTenor * OPTION_MULTIPLIER_USD;
      l.legIds.push(long.id);
      if (h.instrument === 'call-spread') {
        const short = this.openLeg(m, l.group, 'hedge', 'shortCall', l.layer, 'VIX', 'call', strike + h.callSpreadWidthPoints, t, -perTenor);
        premium -= short.entryPrice * perTenor * OPTION_MULTIPLIER_USD;
        l.legIds.push(short.id);
      }
    }
    return premium;
  }

  /**
   * One contract of the layer's instrument: its cost in points per $100 option multiplier (for a
   * future, its face value in the same units), its delta to the future, and its size relative to an option.
   */
  private layerUnit(m: MarketDayView, expiryDay: DayNumber): { premiumPoints: number; delta: number; multiplierRatio: number } {
    const h = this.config.hedge;
    if (h.instrument === 'future') {
      const ratio = VIX_FUTURE_MULTIPLIER_USD / OPTION_MULTIPLIER_USD;
      return { premiumPoints: m.vixFuturePrice(expiryDay) * ratio, delta: 1, multiplierRatio: ratio };
    }
    const strike = m.vixStrikeForDelta('call', h.hedgeCallDelta, expiryDay);
    const q = m.priceVixOption('call', strike, expiryDay);
    if (h.instrument === 'call') return { premiumPoints: this.fillPrice(q, 1), delta: q.delta, multiplierRatio: 1 };
    const qs = m.priceVixOption('call', strike + h.callSpreadWidthPoints, expiryDay);
    return { premiumPoints: this.fillPrice(q, 1) - this.fillPrice(qs, -1), delta: q.delta - qs.delta, multiplierRatio: 1 };
  }

  private addLayer(m: MarketDayView, signals: EngineSignals, layer: number, relief: boolean, trigger: RuleOutcome, condorExposureUsd: number): void {
    const h = this.config.hedge;
    const tenors = this.tenorForLayer(layer, relief);
    const first = this.chooseVixExpiry(m, tenors[0] as HedgeLayerState['tenor']);
    if (!first) {
      this.log(m.day, 'add-layer', trigger.rule, 'no VIX expiry available for the layer', undefined, {});
      return;
    }
    const unit = this.layerUnit(m, first.expiryDay);
    const unitPremium = unit.premiumPoints;
    const exposurePerContract = vixOptionVixExposureUsd(1, unit.delta, m.vixFutureBetaToVix(first.expiryDay - m.day)) * unit.multiplierRatio;
    const heldContracts = new Map(this.layers.map((l) => [l.layer, l.contracts]));
    const heldPremium = new Map(this.layers.map((l) => [l.layer, l.premiumUsd]));
    const sizing = hedgeLayerContracts(this.config, { layer, condorExposureUsd, exposurePerContractUsd: exposurePerContract, premiumPerContractUsd: unitPremium * OPTION_MULTIPLIER_USD, heldLayerContracts: heldContracts, heldLayerPremiumUsd: heldPremium });
    if (sizing.contracts <= 0) {
      this.logRule(m.day, 'add-layer', { ...sizing, reason: `${trigger.reason}; ${sizing.reason}: no contracts` }, undefined);
      return;
    }
    const equity = this.book.equityUsd();
    const monthAgo = m.day - 30;
    while (this.quietPremium.length > 0 && (this.quietPremium[0] as { day: DayNumber }).day <= monthAgo) this.quietPremium.shift();
    const caps = applyHedgePremiumCaps(this.config, {
      equityUsd: equity,
      regime: signals.regime,
      heldPremiumUsd: this.layers.reduce((s, l) => s + l.premiumUsd, 0),
      quietPremiumLastMonthUsd: this.quietPremium.reduce((s, x) => s + x.usd, 0),
      confirmed: signals.confirmations.length > 0 || layer >= 2,
      premiumPerContractUsd: unitPremium * OPTION_MULTIPLIER_USD,
      requestedContracts: sizing.contracts,
    });
    if (caps.fired) this.logRule(m.day, 'cap-bound', caps, undefined, { layer });
    if (caps.contracts <= 0) return;
    const group = this.newGroup('hedge');
    const state: HedgeLayerState = { group, layer, openedDay: m.day, tenor: tenors[0] as HedgeLayerState['tenor'], premiumUsd: 0, legIds: [], contracts: caps.contracts };
    state.premiumUsd = this.buyLayerLegs(m, state, tenors, caps.contracts);
    if (state.legIds.length === 0) return;
    this.layers.push(state);
    if (h.caps.quietRegimes.includes(signals.regime)) this.quietPremium.push({ day: m.day, usd: state.premiumUsd });
    const legs = state.legIds.map((id) => this.book.positions.get(id)).filter((p): p is OptionPosition => p !== undefined);
    const legText = legs.map((p) => describePosition(p)).join('; ');
    this.groupOpened.set(group, { entryDay: m.day, kind: 'hedge-layer', layer, contracts: caps.contracts, entryPricePoints: state.premiumUsd / (caps.contracts * OPTION_MULTIPLIER_USD), legs: legText });
    this.log(m.day, 'add-layer', trigger.rule, `layer ${layer}: ${trigger.reason}; ${sizing.reason}; ${legText}`, group, { ...trigger.figures, ...sizing.figures, contracts: caps.contracts, premiumUsd: state.premiumUsd, condorExposureUsd });
  }

  /** Close seeds once their FOMC decision has passed; buy a new seed inside the next decision's window. */
  private managePreFomcSeeds(m: MarketDayView, signals: EngineSignals): void {
    const seedConfig = this.config.hedge.preFomcSeeding;
    const daysToFomc = signals.tradingDaysToNextFomc;
    for (const seed of [...this.seeds]) {
      if (daysToFomc !== undefined && daysToFomc <= seed.tradingDaysToFomcAtOpen) continue;
      for (const id of seed.legIds) this.closeLeg(m, id, 'hedge.preFomcSeed.decisionPassed');
      this.log(m.day, 'cash-layer', 'hedge.preFomcSeed.decisionPassed', 'the FOMC decision the seed was bought for has passed', seed.group, {});
      this.finishGroup(m.day, seed.group, 'hedge.preFomcSeed.decisionPassed');
    }
    this.dropClosedCondorsAndLayers();
    const due = preFomcSeedDue(this.config, daysToFomc, this.seeds.length > 0);
    if (!due.fired || daysToFomc === undefined) return;
    const h = this.config.hedge;
    const tenor = this.chooseVixExpiry(m, { kind: 'dte', days: seedConfig.dteDays });
    if (!tenor) return;
    const strike = m.vixStrikeForDelta('call', h.hedgeCallDelta, tenor.expiryDay);
    const unitPoints = this.fillPrice(m.priceVixOption('call', strike, tenor.expiryDay), 1) - this.fillPrice(m.priceVixOption('call', strike + h.callSpreadWidthPoints, tenor.expiryDay), -1);
    if (!(unitPoints > 0)) return;
    const equity = this.book.equityUsd();
    const contracts = Math.floor(Math.min(seedConfig.fractionOfCapital.min * equity, seedConfig.fractionOfCapital.max * equity) / (unitPoints * OPTION_MULTIPLIER_USD));
    if (contracts <= 0) return;
    const group = this.newGroup('hedge');
    const seed = { group, layer: 0, openedDay: m.day, tenor: { kind: 'dte' as const, days: seedConfig.dteDays }, premiumUsd: 0, legIds: [] as string[], contracts, tradingDaysToFomcAtOpen: daysToFomc };
    const long = this.openLeg(m, group, 'hedge', 'seedLongCall', 0, 'VIX', 'call', strike, tenor, contracts);
    const short = this.openLeg(m, group, 'hedge', 'seedShortCall', 0, 'VIX', 'call', strike + h.callSpreadWidthPoints, tenor, -contracts);
    seed.legIds.push(long.id, short.id);
    seed.premiumUsd = (long.entryPrice - short.entryPrice) * contracts * OPTION_MULTIPLIER_USD;
    this.seeds.push(seed);
    const legs = `${describePosition(long)}; ${describePosition(short)}`;
    this.groupOpened.set(group, { entryDay: m.day, kind: 'hedge-layer', layer: 0, contracts, entryPricePoints: long.entryPrice - short.entryPrice, legs });
    this.logRule(m.day, 'add-layer', { ...due, reason: `${due.reason}: ${legs}` }, group, { contracts, premiumUsd: seed.premiumUsd });
  }

  private rollLayer(m: MarketDayView, l: HedgeLayerState, roll: RuleOutcome): void {
    const contracts = l.contracts;
    for (const id of l.legIds) this.closeLeg(m, id, roll.rule);
    l.legIds = [];
    const tenor = l.tenor.kind === 'dte' ? { kind: 'dteRange' as const, min: this.config.hedge.firstLayerDteDays.min, max: this.config.hedge.firstLayerDteDays.max } : l.tenor;
    const premium = this.buyLayerLegs(m, l, [tenor], contracts);
    this.logRule(m.day, 'roll-layer', roll, l.group, { layer: l.layer, contracts, newPremiumUsd: premium });
    l.premiumUsd = premium;
  }

  private rebalance(m: MarketDayView, signals: EngineSignals): void {
    const exposure = this.exposures(m);
    const outcome = hedgeRebalanceExposureUsd(this.config, exposure.hedge, exposure.condor, signals.resolution);
    const latest = this.layers[this.layers.length - 1];
    if (!outcome.fired || !latest) return;
    if (outcome.exposureChangeUsd < 0) {
      this.trimHedge(m, -outcome.exposureChangeUsd, outcome);
      return;
    }
    // Add at today's hedge strike in the latest layer's tenor: an old strike may have drifted far out
    // of the money, where a contract carries almost no exposure.
    const expiry = this.chooseVixExpiry(m, latest.tenor.kind === 'dte' ? { kind: 'dteRange', min: this.config.hedge.firstLayerDteDays.min, max: this.config.hedge.firstLayerDteDays.max } : latest.tenor);
    if (!expiry) return;
    const unit = this.layerUnit(m, expiry.expiryDay);
    const perContract = vixOptionVixExposureUsd(1, unit.delta, m.vixFutureBetaToVix(expiry.expiryDay - m.day)) * unit.multiplierRatio;
    if (!(perContract > 0) || !(unit.premiumPoints > 0)) return;
    const wanted = Math.round(outcome.exposureChangeUsd / perContract);
    const caps = applyHedgePremiumCaps(this.config, {
      equityUsd: this.book.equityUsd(),
      regime: signals.regime,
      heldPremiumUsd: this.layers.reduce((s, l) => s + l.premiumUsd, 0),
      quietPremiumLastMonthUsd: this.quietPremium.reduce((s, x) => s + x.usd, 0),
      confirmed: true,
      premiumPerContractUsd: unit.premiumPoints * OPTION_MULTIPLIER_USD,
      requestedContracts: wanted,
    });
    if (caps.fired) this.logRule(m.day, 'cap-bound', caps, latest.group, { layer: latest.layer });
    if (caps.contracts <= 0) return;
    const premium = this.buyLayerLegs(m, latest, [latest.tenor.kind === 'dte' ? { kind: 'dte', days: expiry.expiryDay - m.day } : latest.tenor], caps.contracts);
    latest.contracts += caps.contracts;
    latest.premiumUsd += premium;
    if (this.config.hedge.caps.quietRegimes.includes(signals.regime)) this.quietPremium.push({ day: m.day, usd: premium });
    this.logRule(m.day, 'rebalance', outcome, latest.group, { contractsBought: caps.contracts, premiumUsd: premium, exposurePerContractUsd: perContract });
  }

  /** Sell hedge contracts, latest layers first, until `exposureUsd` of VIX exposure is gone. */
  private trimHedge(m: MarketDayView, exposureUsd: number, outcome: RuleOutcome): void {
    let remaining = exposureUsd;
    let sold = 0;
    for (let i = this.layers.length - 1; i >= 0 && remaining > 0; i--) {
      const layer = this.layers[i] as HedgeLayerState;
      for (const id of [...layer.legIds].reverse()) {
        const p = this.book.positions.get(id);
        if (!p || p.quantity <= 0 || remaining <= 0) continue;
        const q = this.quote(m, p);
        const perContract = vixOptionVixExposureUsd(1, q.delta, m.vixFutureBetaToVix(p.expiryDay - m.day)) * (multiplierOf(p) / OPTION_MULTIPLIER_USD);
        const n = perContract > 0 ? Math.min(p.quantity, Math.ceil(remaining / perContract)) : p.quantity;
        this.closeLeg(m, id, outcome.rule, n);
        // A call spread's short call goes with its long call: never leave a naked short VIX call.
        for (const shortId of layer.legIds) {
          const short = this.book.positions.get(shortId);
          if (!short || short.quantity >= 0 || short.expiryDay !== p.expiryDay) continue;
          this.closeLeg(m, shortId, outcome.rule, Math.min(n, -short.quantity));
          break;
        }
        layer.contracts -= n;
        remaining -= n * Math.max(perContract, 0);
        sold += n;
      }
    }
    this.logRule(m.day, 'rebalance', outcome, undefined, { contractsSold: sold });
    for (const layer of [...this.layers]) this.finishGroup(m.day, layer.group, outcome.rule);
    this.dropClosedCondorsAndLayers();
  }

  // ---------------------------------------------------------------- 6. record

  private recordDay(m: MarketDayView, signals: EngineSignals): void {
    let condorValue = 0;
    let hedgeValue = 0;
    let buyingPower = 0;
    for (const p of this.book.positions.values()) {
      const value = positionValueUsd(p);
      if (p.role === 'condor') condorValue += value;
      else hedgeValue += value;
      if (p.expiryDay <= m.day) continue;
      if (p.type === 'future') {
        buyingPower += Math.abs(p.quantity) * p.markPrice * VIX_FUTURE_MULTIPLIER_USD * this.config.execution.vixFutureMarginFractionOfNotional;
      } else if (p.role === 'hedge' && p.quantity > 0) {
        // Long options are paid in full: their value is buying power in use.
        buyingPower += value;
      }
    }
    for (const c of this.condors) {
      const put = (c.putShortId && c.putLongId) ? Math.abs((this.book.positions.get(c.putShortId)?.strike ?? 0) - (this.book.positions.get(c.putLongId)?.strike ?? 0)) : 0;
      const call = (c.callShortId && c.callLongId) ? Math.abs((this.book.positions.get(c.callShortId)?.strike ?? 0) - (this.book.positions.get(c.callLongId)?.strike ?? 0)) : 0;
      // Defined-risk spreads: the widest wing is the margin; the long wings are part of it, not extra.
      buyingPower += Math.max(put, call) * c.contracts * OPTION_MULTIPLIER_USD;
    }
    const greeks = bookGreeks(this.book.positions.values(), m, (p) => this.quote(m, p));
    this.daily.push({
      day: m.day,
      equityUsd: this.book.equityUsd(),
      cashUsd: this.book.cashUsd,
      condorPnlUsd: this.book.rolePnlUsd('condor'),
      hedgePnlUsd: this.book.rolePnlUsd('hedge'),
      interestUsd: this.book.interestUsd,
      condorValueUsd: condorValue,
      hedgeValueUsd: hedgeValue,
      spxClose: m.spxClose,
      vixClose: m.vixClose,
      regime: signals.regime,
      openCondors: this.condors.length,
      hedgeLayers: this.layers.length,
      spxDeltaUsdPerPoint: greeks.spxDeltaUsdPerPoint,
      spxGammaUsdPerPoint2: greeks.spxGammaUsdPerPoint2,
      spxVegaUsdPerVolPoint: greeks.spxVegaUsdPerVolPoint,
      thetaUsdPerDay: greeks.thetaUsdPerDay,
      condorVixExposureUsd: greeks.condorVixExposureUsd,
      hedgeVixExposureUsd: greeks.hedgeVixExposureUsd,
      hedgeRatio: greeks.hedgeRatio,
      buyingPowerUsedUsd: buyingPower,
    });
  }
}
