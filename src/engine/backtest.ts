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
import { calendarHedgeWeight } from '../strategy/rules/hedgeRules.js';
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
  hedgeLayerRollWanted,
  hedgeLayerTakeProfit,
  hedgeLayerTrigger,
  vixSpikeCash,
  hedgeRebalanceExposureUsd,
  preFomcSeedDue,
  vixOptionVixExposureUsd,
} from '../strategy/rules/hedgeRules.js';
import { Book, describePosition, type BookState, multiplierOf, OPTION_MULTIPLIER_USD, VIX_FUTURE_MULTIPLIER_USD, type InstrumentType, type OptionPosition } from './book.js';
import type { EngineSignals, ListedExpiry, MarketDayView, ModelOptionQuote, VixTenor } from './marketView.js';
import type { DailyRecord, DecisionAction, DecisionRecord, TradeRecord } from './records.js';
import { bookGreeks } from './bookGreeks.js';
import { Execution, quoteAtNextOpen, settlementPrice } from './execution/execution.js';
import { dailyRecord } from './recorder/dailyRecord.js';
import { etfTargetOrder, firstLayerCallsConfig, ladderReferenceContracts } from '../strategy/rules/hedgeInstrumentRules.js';
import { hedgeRatio } from '../strategy/rules/hedgeRules.js';
import { VixFuturesFund, type VixFuturesFundState } from './instruments/vixFuturesEtf.js';
import { isPairedShortLeg, optionStructureOf, structureLegs, structureUnit } from './instruments/vixOptionStructures.js';

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
  /** The layer's identity for its whole life (`hedge-N`, N never reused). */
  readonly group: string;
  /** The layer's rung (1 = first layer): it keeps it through rolls, rebalances and trims. */
  readonly layer: number;
  readonly openedDay: DayNumber;
  /** How the layer's expiry is chosen when it is opened (its legs keep their own tenors when rolled). */
  readonly tenor: { kind: 'vixTenor'; index: number } | { kind: 'dteRange'; min: number; max: number } | { kind: 'dte'; days: number };
  /**
   * The layer's cumulative cost basis, USD: the first purchase, plus every roll's net debit and every
   * rebalance purchase, less the pro-rata basis of contracts trimmed. The take-profit rule reads it.
   */
  premiumUsd: number;
  legIds: string[];
  /** Long contracts held across the layer's legs (the sum actually bought, never a rounded request). */
  contracts: number;
  /** Times the layer has been rolled (0 when absent from an older snapshot). */
  rolls?: number;
  /** A due roll was refused because no rule wants the layer any more: it is left to expire. */
  letDecay?: boolean;
}

const sideSign = (quantity: number) => (quantity > 0 ? 1 : -1);

/**
 * The highest listed SPX strike at or below `reference`: the nearest listed strike, stepped down the
 * grid (whatever its spacing) while it is above the reference.
 */
function atOrBelow(m: MarketDayView, reference: number): number {
  let strike = m.snapSpxStrike(reference);
  for (let step = 0.5; strike > reference && step < reference; step *= 2) strike = m.snapSpxStrike(reference - step);
  return strike;
}

interface VerticalPlan {
  readonly expiry: ListedExpiry;
  readonly shortStrike: number;
  readonly longStrike: number;
  readonly creditPoints: number;
}

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
  /** Trading days left before a cashed rung may be bought again, by rung (absent in older snapshots). */
  readonly rungCooldown?: Readonly<Record<string, number>>;
  /** Highest VIX close of a spike under way (above `hedge.cashWhenVixAbove`), or null. */
  readonly vixSpikePeak?: number | null;
  /** Trading days since the last bearish divergence or layer-2 confirmation, or null if none yet. */
  readonly tradingDaysSinceHedgeSignal?: number | null;
  /** The last known risk-free rate, for interest across days without market data. */
  readonly lastRiskFreeRate?: number | null;
  /** The last known dividend yield, for a total-return underlying leg across days without market data. */
  readonly lastDividendYield?: number | null;
  /** The VIX-futures fund of layer 1 and its price path (absent when none is held). */
  readonly vixFuturesFund?: VixFuturesFundState | null;
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
  const nextOpen = inputs.config.execution.fillTiming === 'next-open';
  let market = days.length > 0 ? inputs.marketOn(days[0] as DayNumber) : undefined;
  for (let i = 0; i < days.length; i++) {
    const day = days[i] as DayNumber;
    const nextDay = days[i + 1];
    // The next day's view is built once: it prices today's fills (next-open) and is tomorrow's market.
    const nextMarket = nextDay === undefined ? undefined : inputs.marketOn(nextDay);
    engine.stepDay(day, market, market ? inputs.signalsOn(day) : undefined, nextDay, nextOpen ? nextMarket : undefined);
    market = nextMarket;
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
  private readonly rungCooldown = new Map<number, number>();
  private vixSpikePeak: number | undefined;
  private tradingDaysSinceHedgeSignal: number | undefined;
  private lastRiskFreeRate: number | undefined;
  private lastDividendYield: number | undefined;
  private readonly exec: Execution;
  /** Layer 1's VIX-futures fund (hedge.firstLayerInstrument: vix-futures-etf). */
  private readonly fund: VixFuturesFund;
  /** During a day's step under `fillTiming: next-open`: the next trading day's market, whose open fills today's orders. */
  private fillMarket: MarketDayView | undefined;

  constructor(config: StrategyConfig, state?: EngineStateSnapshot) {
    this.config = config;
    this.exec = new Execution(config);
    if (!state) {
      this.book = new Book(config.initialEquityUsd);
      this.fund = new VixFuturesFund(config, this.book);
      return;
    }
    if (state.configName !== config.name) throw new Error(`engine state is for '${state.configName}', not '${config.name}'`);
    const copy = JSON.parse(JSON.stringify(state)) as EngineStateSnapshot;
    this.book = Book.fromState(copy.book);
    this.fund = new VixFuturesFund(config, this.book, copy.vixFuturesFund ?? null);
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
    for (const [rung, days] of Object.entries(copy.rungCooldown ?? {})) this.rungCooldown.set(Number(rung), days);
    this.vixSpikePeak = copy.vixSpikePeak ?? undefined;
    this.tradingDaysSinceHedgeSignal = copy.tradingDaysSinceHedgeSignal ?? undefined;
    this.lastRiskFreeRate = copy.lastRiskFreeRate ?? undefined;
    this.lastDividendYield = copy.lastDividendYield ?? undefined;
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
        rungCooldown: Object.fromEntries(this.rungCooldown),
        vixSpikePeak: this.vixSpikePeak ?? null,
        tradingDaysSinceHedgeSignal: this.tradingDaysSinceHedgeSignal ?? null,
        lastRiskFreeRate: this.lastRiskFreeRate ?? null,
        lastDividendYield: this.lastDividendYield ?? null,
        ...(this.fund.state() ? { vixFuturesFund: this.fund.state() } : {}),
      }),
    ) as EngineStateSnapshot;
  }

  /**
   * One trading day: its decisions at the close (or a logged gap when there is no market), then
   * interest on cash up to `nextDay`. Returns the decisions made today. Under `fillTiming: next-open`,
   * `nextMarket` is the next trading day's market: today's orders fill at its open. Without it (the last
   * day of a run, the daily signal, a next day without data) they are priced at today's close, logged.
   */
  stepDay(day: DayNumber, market: MarketDayView | undefined, signals: EngineSignals | undefined, nextDay: DayNumber | undefined, nextMarket?: MarketDayView): DecisionRecord[] {
    const before = this.decisions.length;
    if (!market || !signals) {
      this.log(day, 'data-gap', 'engine.dataGap', 'no market data for this trading day: no decisions, positions carried', undefined, {});
    } else {
      this.fillMarket = this.config.execution.fillTiming === 'next-open' ? nextMarket : undefined;
      if (this.config.execution.fillTiming === 'next-open' && nextMarket === undefined) {
        this.log(day, 'fill-at-close', 'execution.fillTiming', 'fill timing is next-open but the next open is not known (last day, daily signal or a data gap): orders are priced at this close', undefined, {});
      }
      try {
        this.runDay(market, signals);
      } finally {
        this.fillMarket = undefined;
      }
    }
    this.tradingDaysSinceEntry = this.tradingDaysSinceEntry === undefined ? undefined : this.tradingDaysSinceEntry + 1;
    for (const [rung, left] of [...this.rungCooldown]) {
      if (left <= 1) this.rungCooldown.delete(rung);
      else this.rungCooldown.set(rung, left - 1);
    }
    if (market) this.lastRiskFreeRate = market.riskFreeRate;
    if (market) this.lastDividendYield = market.dividendYield;
    // A total-return underlying leg receives its dividends to the next trading day and reinvests them.
    if (nextDay !== undefined && this.config.underlyingLeg.index === 'spx-total-return' && this.lastDividendYield !== undefined) {
      for (const h of [...this.book.indexHoldings.values()]) {
        if (h.index !== 'SPX') continue;
        const amount = h.units * h.markLevel * (Math.exp((this.lastDividendYield * (nextDay - day)) / 365) - 1);
        if (amount === 0) continue;
        this.book.receiveDividend(day, h.id, amount, `${nextDay - day} day(s) of dividends at ${(this.lastDividendYield * 100).toFixed(3)} % on ${h.units.toFixed(4)} SPX units @ ${h.markLevel.toFixed(2)}`);
        // Reinvested at the day's level, as a total-return index does (left in cash they would earn T-bills).
        this.book.tradeIndex(day, h.id, h.group, 'condor', amount / h.markLevel, h.markLevel, 'underlying.reinvestDividend');
      }
    }
    // Cash earns interest on a day without market data too, at the last rate known.
    if (nextDay !== undefined && this.config.execution.interestOnCash && this.lastRiskFreeRate !== undefined) {
      this.book.accrueInterest(day, this.lastRiskFreeRate, nextDay - day);
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
    const hedgeSignal = signals.bearishDivergence || signals.confirmations.length > 0;
    this.tradingDaysSinceHedgeSignal = hedgeSignal ? 0 : this.tradingDaysSinceHedgeSignal === undefined ? undefined : this.tradingDaysSinceHedgeSignal + 1;
    this.settleExpiring(m);
    this.fund.advance(m);
    this.markAll(m);
    this.manageCondors(m, signals);
    this.maybeEnterCondor(m, signals);
    if (this.config.hedge.enabled && this.config.hedge.trigger === 'calendar-weight') this.manageCalendarHedge(m);
    else if (this.config.hedge.enabled) this.manageHedge(m, signals);
    this.holdUnderlying(m);
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
    return this.exec.quote(m, p);
  }

  private fillPrice(q: ModelOptionQuote, signedQuantity: number): number {
    return this.exec.fillPrice(q, signedQuantity);
  }

  /**
   * The quote an order decided on `m` fills against: `m`'s close, or under next-open the next day's
   * open. Decisions (sizing, costs, caps) are made on `m` only: the next open prices the fill, nothing else.
   */
  private fillQuote(m: MarketDayView, p: Pick<OptionPosition, 'underlying' | 'type' | 'strike' | 'expiryDay'>): ModelOptionQuote {
    return this.fillMarket ? quoteAtNextOpen(this.fillMarket, p, this.config.execution.vixFutureHalfSpreadPoints) : this.quote(m, p);
  }

  private feeFor(underlying: 'SPX' | 'VIX', type: InstrumentType): number {
    return this.exec.feePerContractUsd(underlying, type);
  }

  /** Open a position at its fill price; `rule` is the rule that ordered it (kept on the ledger for attribution). */
  private openLeg(m: MarketDayView, group: string, role: 'condor' | 'hedge', legId: string, layer: number | undefined, underlying: 'SPX' | 'VIX', type: InstrumentType, strike: number, expiry: ListedExpiry | VixTenor, quantity: number, rule?: string): OptionPosition {
    const expiryDay = 'day' in expiry ? expiry.day : expiry.expiryDay;
    const settlement = 'settlement' in expiry ? expiry.settlement : 'AM';
    const q = this.fillQuote(m, { underlying, type, strike, expiryDay });
    const price = this.fillPrice(q, quantity);
    return this.book.open(
      { id: `${group}.${legId}.${this.nextId++}`, group, role, legId, layer, underlying, type, strike, expiryDay, settlement, quantity, entryDay: m.day, entryPrice: price },
      this.feeFor(underlying, type),
      rule,
    );
  }

  /** Close `contracts` (all when omitted) of an open position; closing a position that is not open is a bug, not a 0. */
  private closeLeg(m: MarketDayView, id: string, reason: string, contracts?: number): number {
    const p = this.book.positions.get(id);
    if (!p) throw new Error(`${isoFromDay(m.day)}: ${reason} closes position ${id}, which is not open`);
    const closing = contracts ?? Math.abs(p.quantity);
    const price = this.fillPrice(this.fillQuote(m, p), -sideSign(p.quantity) * closing);
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
    for (const h of this.book.indexHoldings.values()) if (h.index === 'SPX') h.markLevel = m.spxClose;
    this.fund.mark();
    for (const p of this.book.positions.values()) {
      if (p.expiryDay < m.day) continue;
      p.markPrice = this.quote(m, p).mid;
    }
  }

  private trackRegime(regime: VixRegimeName): void {
    this.regimeRun = this.regimeRun && this.regimeRun.regime === regime ? { regime, days: this.regimeRun.days + 1 } : { regime, days: 1 };
  }

  // ---------------------------------------------------------------- underlying leg and calendar hedge

  /** The id of the underlying leg's holding: one per book. */
  private static readonly UNDERLYING_ID = 'underlying.spx';

  /**
   * The underlying leg is bought with all the equity not in the hedge the first day it can be (the
   * calendar hedge resets it on each roll); the fill is the close, or the next open under next-open.
   */
  private holdUnderlying(m: MarketDayView): void {
    if (this.config.underlyingLeg.index === 'none' || this.book.indexHoldings.has(StrategyEngine.UNDERLYING_ID)) return;
    this.resetUnderlying(m, this.book.equityUsd() - this.book.positionsValueUsd((p) => p.role === 'hedge'), 'underlying.initialPurchase');
  }

  /** Bring the underlying holding to `targetUsd` of index value (at the fill level), logging the trade. */
  private resetUnderlying(m: MarketDayView, targetUsd: number, rule: string): void {
    const level = this.fillMarket ? this.fillMarket.spxOpen : m.spxClose;
    const held = this.book.indexHoldings.get(StrategyEngine.UNDERLYING_ID);
    const heldUnits = held?.units ?? 0;
    const units = Math.max(targetUsd, 0) / level - heldUnits;
    if (Math.abs(units) < 1e-9) return;
    const group = held?.group ?? this.newGroup('underlying');
    this.book.tradeIndex(m.day, StrategyEngine.UNDERLYING_ID, group, 'condor', units, level, rule);
    this.log(m.day, 'rebalance', rule, `${units > 0 ? 'buy' : 'sell'} ${Math.abs(units).toFixed(4)} SPX units at ${level.toFixed(2)}: the underlying leg (${this.config.underlyingLeg.index}) holds ${(heldUnits + units).toFixed(4)} units, ${Math.max(targetUsd, 0).toFixed(0)} USD`, group, { units, level, targetUsd });
  }

  /**
   * Cboe VXTH's hedge: on each VIX expiration day (after the expiring calls settled at the opening
   * quotation) the weight of the schedule, read off the front VIX future, is spent on calls of the
   * configured delta and tenor; the underlying leg is reset to the rest of the equity. Held to expiry.
   */
  private manageCalendarHedge(m: MarketDayView): void {
    const cw = this.config.hedge.calendarWeight;
    if (!m.vixExpiresToday) return;
    const tenors = m.vixTenors();
    const front = tenors[0];
    if (!front) {
      this.log(m.day, 'add-layer', 'hedge.calendarWeight', 'VIX expiration day but no VIX futures or options are listed: nothing bought', undefined, {});
      return;
    }
    const outcome = calendarHedgeWeight(this.config, true, front.futurePrice);
    const equityUsd = this.book.equityUsd();
    const premiumUsd = equityUsd * outcome.weightFraction;
    const tenor = tenors[Number(cw.tenor.slice(1)) - 1];
    if (premiumUsd > 0 && tenor) {
      const strike = m.vixStrikeForDelta('call', cw.callDelta, tenor.expiryDay);
      const unitPoints = this.fillPrice(this.quote(m, { underlying: 'VIX', type: 'call', strike, expiryDay: tenor.expiryDay }), 1);
      const raw = premiumUsd / (unitPoints * OPTION_MULTIPLIER_USD);
      const contracts = this.config.sizing.allowFractionalContracts ? raw : Math.floor(raw);
      if (contracts > 0) {
        const group = this.newGroup('hedge');
        const p = this.openLeg(m, group, 'hedge', 'vixCall', 1, 'VIX', 'call', strike, tenor, contracts, outcome.rule);
        this.groupOpened.set(group, { entryDay: m.day, kind: 'hedge-layer', layer: 1, contracts, entryPricePoints: p.entryPrice, legs: describePosition(p) });
        this.logRule(m.day, 'add-layer', outcome, group, { contracts, strike, premiumUsd: contracts * p.entryPrice * OPTION_MULTIPLIER_USD, frontFuturePoints: front.futurePrice, equityUsd });
      } else {
        this.logRule(m.day, 'cap-bound', outcome, undefined, { contracts: raw, premiumUsd, reason: 'less than one whole contract' });
      }
    } else {
      this.logRule(m.day, 'add-layer', outcome, undefined, { equityUsd });
    }
    if (this.config.underlyingLeg.index !== 'none') {
      this.resetUnderlying(m, this.book.equityUsd() - this.book.positionsValueUsd((q) => q.role === 'hedge'), 'underlying.rebalanceOnRoll');
    }
  }

  // ---------------------------------------------------------------- 1. settlement

  private settleExpiring(m: MarketDayView): void {
    for (const p of [...this.book.positions.values()]) {
      if (p.expiryDay > m.day) continue;
      const price = settlementPrice(m, p);
      const value = price.value;
      let source = price.source;
      if (p.expiryDay < m.day) source += `; expiry ${isoFromDay(p.expiryDay)} had no data, settled on the next day with data`;
      const intrinsic = this.book.settle(m.day, p.id, value, source);
      this.log(m.day, 'settle', 'engine.settlement', `${p.legId} settles at ${value.toFixed(2)}: ${source}`, p.group, { strike: p.strike, settlementValue: value, intrinsicPoints: intrinsic, quantity: p.quantity, settlementFlagged: price.flagged });
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
      const plan = this.planVertical(m, side, a.rollToDteDays, shortDeltaForEntry(this.config, signals.tradingDaysToNextFomc).shortDelta);
      const rollCostUsd = this.rollCostUsd(m, c, side, plan);
      const projectedHedgePayoffUsd = this.projectedHedgePayoffUsd(m, short.strike);
      const decision = adaptiveRollDecision(this.config, {
        rollCostUsd,
        projectedHedgePayoffUsd,
        regimeChangeSignals: signals.regimeChangeSignals,
        tradingDaysToNextEvent: signals.tradingDaysToNextEvent,
        nextEventLabel: signals.nextEventLabel,
        hedgeEnabled: this.config.hedge.enabled,
        canAddLayer: this.config.hedge.enabled && this.nextFreeRung() !== undefined,
        reopenAvailable: plan !== undefined,
      });
      const figures = { threatenedBy: threat.rule, shortDeltaAbs: Math.abs(q.delta), spot: m.spxClose, shortStrike: short.strike, rollCostBasis: a.rollCostBasis };
      if (decision.action === 'roll') {
        this.rollSide(m, c, side, shortId as string, longId, plan, decision, figures);
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

  /**
   * The cost (USD) the roll-or-defer rule weighs. `frictions` (default): the half-spreads paid and the
   * fees of closing the tested vertical and of opening its replacement: the vertical's loss so far is
   * already in the marks and is lost whether the side is rolled or not. `cash-debit`: the net cash of
   * closing and reopening, marked loss included. Without a reopening plan only the close is counted,
   * and the decision records `reopenAvailable: false`.
   */
  private rollCostUsd(m: MarketDayView, c: CondorState, side: 'put' | 'call', plan: VerticalPlan | undefined): number {
    const ids = side === 'put' ? [c.putShortId, c.putLongId] : [c.callShortId, c.callLongId];
    if (this.config.management.adaptive.rollCostBasis === 'cash-debit') {
      const closeCost = this.costToClosePoints(m, ids, c.contracts);
      return (closeCost - (plan ? plan.creditPoints : 0)) * c.contracts * OPTION_MULTIPLIER_USD;
    }
    let friction = 0;
    for (const id of ids) {
      const p = id ? this.book.positions.get(id) : undefined;
      if (!p) continue;
      const q = this.quote(m, p);
      friction += Math.abs(p.quantity) * (Math.abs(this.fillPrice(q, -sideSign(p.quantity)) - q.mid) * OPTION_MULTIPLIER_USD + this.feeFor(p.underlying, p.type));
    }
    if (plan) {
      for (const strike of [plan.shortStrike, plan.longStrike]) {
        const q = m.priceSpxOption(side, strike, plan.expiry.day);
        friction += c.contracts * (Math.abs(this.fillPrice(q, 1) - q.mid) * OPTION_MULTIPLIER_USD + this.feeFor('SPX', side));
      }
    }
    return friction;
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
    return gain + this.fund.projectedGainUsd(m, vixChange);
  }

  private rollSide(m: MarketDayView, c: CondorState, side: 'put' | 'call', shortId: string, longId: string | undefined, plan: VerticalPlan | undefined, decision: RuleOutcome, figures: Record<string, number | string | boolean>): void {
    const closeCost = this.costToClosePoints(m, [shortId, longId], c.contracts);
    this.closeLeg(m, shortId, decision.rule);
    if (longId && this.book.positions.has(longId)) this.closeLeg(m, longId, decision.rule);
    if (!plan) {
      // No spread could be planned (no expiry or strike at the entry rules): the side is closed, not rolled.
      this.log(m.day, 'exit-condor', 'adaptive.roll.noReopen', `${decision.reason}; no ${side} spread could be planned at ${this.config.management.adaptive.rollToDteDays} days: the ${side} side is closed without reopening`, c.group, { ...figures, side, closeCostPoints: closeCost });
    }
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

  /**
   * A VIX leg's expiry: `vixTenor` Mk is the k-th listed VIX expiry after today; `targetDte` the VIX
   * expiry nearest the target days. (A VIX leg on the SPX monthly cycle is refused when the config is read.)
   */
  private chooseVixLegExpiry(m: MarketDayView, rule: LegSpec['expiry']): VixTenor | undefined {
    const tenors = m.vixTenors().filter((t) => t.expiryDay > m.day);
    if (rule.by === 'vixTenor') return tenors[Number(rule.tenor.slice(1)) - 1];
    if (rule.by !== 'targetDte') return undefined;
    let best: VixTenor | undefined;
    for (const t of tenors) if (!best || Math.abs(t.expiryDay - m.day - rule.dteDays) < Math.abs(best.expiryDay - m.day - rule.dteDays)) best = t;
    return best;
  }

  private strikeFor(m: MarketDayView, leg: LegSpec, expiryDay: DayNumber, chosen: ReadonlyMap<string, number>, shortDelta: number): number | undefined {
    const rule = leg.strike;
    if (leg.underlying === 'VIX') {
      // VIX options are struck off their own future: by delta to it, or by moneyness from it, on a
      // half-point grid *(choice: listed VIX strikes are 0.5 or 1 point apart)*.
      if (rule.by === 'delta') return m.vixStrikeForDelta(leg.type, rule.delta, expiryDay);
      if (rule.by === 'moneyness') return Math.round(m.vixFuturePrice(expiryDay) * (1 + rule.moneynessFraction) * 2) / 2;
      if (rule.by === 'atOrBelowReference') return Math.floor(m.vixFuturePrice(expiryDay) * 2) / 2;
      const base = chosen.get(rule.legId);
      return base === undefined ? undefined : base + rule.points;
    }
    if (rule.by === 'delta') {
      const delta = leg.side === 'short' && this.config.structure === 'iron-condor' ? shortDelta : rule.delta;
      return m.spxStrikeForDelta(leg.type, delta, expiryDay);
    }
    if (rule.by === 'moneyness') return m.snapSpxStrike(m.spxClose * (1 + rule.moneynessFraction));
    if (rule.by === 'atOrBelowReference') return atOrBelow(m, m.spxClose);
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
  private planVertical(m: MarketDayView, side: 'put' | 'call', dteDays: number, shortDelta: number): VerticalPlan | undefined {
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
    // A structure of only an underlying leg (a benchmark such as VXTH) has no options to open.
    if (incomeLegs(this.config).length === 0) return;
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
    const expiries = new Map<string, ListedExpiry | VixTenor>();
    const strikes = new Map<string, number>();
    const dayOf = (e: ListedExpiry | VixTenor) => ('day' in e ? e.day : e.expiryDay);
    for (const leg of legs) {
      const expiry = leg.underlying === 'VIX' ? this.chooseVixLegExpiry(m, leg.expiry) : this.chooseSpxExpiry(m, leg.expiry);
      if (!expiry) {
        this.log(m.day, 'skip-entry', rule, `no listed ${leg.underlying} expiry matches ${JSON.stringify(leg.expiry)} for leg ${leg.id}`, undefined, {});
        return undefined;
      }
      const strike = this.strikeFor(m, leg, dayOf(expiry), strikes, delta.shortDelta);
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
      const q = this.quote(m, { underlying: leg.underlying, type: leg.type, strike: strikes.get(leg.id) as number, expiryDay: dayOf(expiries.get(leg.id) as ListedExpiry | VixTenor) });
      const sign = leg.side === 'short' ? -1 : 1;
      creditPoints -= sign * leg.ratio * this.fillPrice(q, sign);
    }
    const putWing = this.wingWidth(legs, strikes, 'put');
    const callWing = this.wingWidth(legs, strikes, 'call');
    const widestWing = Math.max(putWing, callWing);
    const shortPutStrike = Math.max(0, ...legs.filter((l) => l.underlying === 'SPX' && l.type === 'put' && l.side === 'short').map((l) => strikes.get(l.id) as number));
    const sizing = condorContractsForRisk(this.config, this.book.equityUsd(), widestWing - creditPoints, widestWing, shortPutStrike);
    if (sizing.contracts <= 0) {
      this.logRule(m.day, 'skip-entry', sizing, undefined, { creditPoints, widestWingPoints: widestWing });
      return undefined;
    }
    const group = this.newGroup('condor');
    const c: CondorState = { group, entryDay: m.day, contracts: sizing.contracts, creditPoints: 0, rolls: 0, deferrals: 0, putShortId: undefined, putLongId: undefined, callShortId: undefined, callLongId: undefined, legIds: [] };
    let actualCredit = 0;
    for (const leg of legs) {
      const quantity = (leg.side === 'short' ? -1 : 1) * leg.ratio * sizing.contracts;
      const p = this.openLeg(m, group, 'condor', leg.id, undefined, leg.underlying, leg.type, strikes.get(leg.id) as number, expiries.get(leg.id) as ListedExpiry | VixTenor, quantity, rule);
      actualCredit -= (quantity / sizing.contracts) * p.entryPrice;
      c.legIds.push(p.id);
      if (leg.underlying !== 'SPX') continue;
      if (leg.type === 'put' && leg.side === 'short') c.putShortId = p.id;
      if (leg.type === 'put' && leg.side === 'long') c.putLongId = p.id;
      if (leg.type === 'call' && leg.side === 'short') c.callShortId = p.id;
      if (leg.type === 'call' && leg.side === 'long') c.callLongId = p.id;
    }
    c.creditPoints = actualCredit;
    this.condors.push(c);
    const legText = legs.map((l) => `${l.side} ${l.underlying === 'VIX' ? 'VIX ' : ''}${l.type} ${strikes.get(l.id)} ${isoFromDay(dayOf(expiries.get(l.id) as ListedExpiry | VixTenor))}`).join('; ');
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
    // The SPX verticals' wings define the risk; VIX legs are sized with them, not as wings.
    const own = legs.filter((l) => l.type === type && l.underlying === 'SPX');
    const shortK = own.find((l) => l.side === 'short');
    const longK = own.find((l) => l.side === 'long');
    if (!shortK || !longK) return 0;
    return Math.abs((strikes.get(shortK.id) as number) - (strikes.get(longK.id) as number));
  }

  // ---------------------------------------------------------------- 5. hedge

  private exposures(m: MarketDayView): { condor: number; hedge: number } {
    const g = bookGreeks(this.book.positions.values(), m, (p) => this.quote(m, p));
    return { condor: g.condorVixExposureUsd, hedge: g.hedgeVixExposureUsd + this.fund.exposureUsd(m) };
  }

  private layerValueUsd(l: HedgeLayerState): number {
    return this.book.positionsValueUsd((p) => p.group === l.group);
  }

  /** Premium spent on hedges in quiet regimes inside the drag cap's rolling window ending today, USD. */
  private quietPremiumInWindowUsd(day: DayNumber): number {
    const from = day - this.config.hedge.caps.dragWindowCalendarDays;
    // Entries older than the window are dropped on every read, so a stale purchase never binds the cap.
    while (this.quietPremium.length > 0 && (this.quietPremium[0] as { day: DayNumber }).day <= from) this.quietPremium.shift();
    return this.quietPremium.reduce((s, x) => s + x.usd, 0);
  }

  private spendPremium(m: MarketDayView, signals: EngineSignals, usd: number): void {
    if (usd > 0 && this.config.hedge.caps.quietRegimes.includes(signals.regime)) this.quietPremium.push({ day: m.day, usd });
  }

  private capsFor(m: MarketDayView, signals: EngineSignals, confirmed: boolean, premiumPerContractUsd: number, requestedContracts: number, excludeGroup?: string) {
    return applyHedgePremiumCaps(this.config, {
      equityUsd: this.book.equityUsd(),
      regime: signals.regime,
      heldPremiumUsd: this.layers.filter((l) => l.group !== excludeGroup).reduce((s, l) => s + Math.max(l.premiumUsd, 0), 0),
      quietPremiumLastMonthUsd: this.quietPremiumInWindowUsd(m.day),
      confirmed,
      premiumPerContractUsd,
      requestedContracts,
    });
  }

  private cashLayer(m: MarketDayView, l: HedgeLayerState, outcome: RuleOutcome): void {
    for (const id of [...l.legIds]) if (this.book.positions.has(id)) this.closeLeg(m, id, outcome.rule);
    // Layer 1's fund leaves with its calls.
    if (l.layer === 1) this.sellFund(m, outcome.rule, `layer 1 cashed: ${outcome.reason}`);
    this.logRule(m.day, 'cash-layer', outcome, l.group, { layer: l.layer, costBasisUsd: l.premiumUsd });
    this.finishGroup(m.day, l.group, outcome.rule);
    // The rung may not be bought back today, nor for the cooldown after.
    this.rungCooldown.set(l.layer, this.config.hedge.rebuyCooldownTradingDays);
  }

  private manageHedge(m: MarketDayView, signals: EngineSignals): void {
    // Cash first (the spike rule, then take-profit), then rolls, so new layers see the book after them.
    const spike = vixSpikeCash(this.config, this.vixSpikePeak, m.vixClose);
    this.vixSpikePeak = spike.peakVixClose;
    for (const l of [...this.layers]) {
      if (spike.fired) {
        const valueUsd = this.layerValueUsd(l);
        // The spike rule monetises gains: a layer bought late in the spike and worth less than it cost
        // is kept as protection rather than sold at a loss on the first retrace.
        if (!this.config.hedge.cashSpikeOnlyInProfit || valueUsd > l.premiumUsd) {
          this.cashLayer(m, l, spike);
          continue;
        }
        this.log(m.day, 'hold-layer', 'hedge.takeProfit.vixSpike.heldBelowCost', `${spike.reason}, but layer ${l.layer} is worth ${valueUsd.toFixed(0)} USD, under its cost basis ${l.premiumUsd.toFixed(0)} USD: held`, l.group, { ...spike.figures, layer: l.layer, valueUsd, costBasisUsd: l.premiumUsd });
      }
      const tp = hedgeLayerTakeProfit(this.config, this.layerValueUsd(l), l.premiumUsd);
      if (tp.fired) {
        this.cashLayer(m, l, tp);
        continue;
      }
      if (this.condors.length === 0) {
        // No condor left to protect: the layer is cashed or left to decay, as configured, and said so.
        if (this.config.hedge.whenNoCondor === 'cash') {
          this.cashLayer(m, l, { rule: 'hedge.cash.noCondor', fired: true, reason: 'no open condor to protect', figures: {} });
          continue;
        }
        if (l.letDecay !== true) {
          l.letDecay = true;
          this.log(m.day, 'let-decay', 'hedge.letDecay.noCondor', `no open condor to protect: layer ${l.layer} is held to decay (not rolled) until a condor opens or it expires`, l.group, { layer: l.layer });
        }
      }
      const dte = Math.min(...l.legIds.map((id) => (this.book.positions.get(id)?.expiryDay ?? Infinity) - m.day));
      const widening = [...(signals.bearishDivergence ? ['bearishDivergence'] : []), ...signals.confirmations];
      const roll = hedgeLayerRollDue(this.config, dte);
      const early = hedgeLayerEarlyRollDue(this.config, dte, widening);
      if (!roll.fired && !early.fired) continue;
      const wanted = hedgeLayerRollWanted(this.config, {
        condorOpen: this.condors.length > 0,
        resolution: signals.resolution,
        regime: signals.regime,
        tradingDaysSinceHedgeSignal: this.tradingDaysSinceHedgeSignal,
        layerAgeDays: m.day - l.openedDay,
      });
      // A layer that is due but no longer wanted is left to decay: logged once, on the day it falls due.
      if (!wanted.fired) {
        if (l.letDecay !== true) {
          l.letDecay = true;
          this.logRule(m.day, 'let-decay', wanted, l.group, { layer: l.layer, dteDays: dte });
        }
        continue;
      }
      this.rollLayer(m, signals, l, roll.fired ? roll : early, wanted);
    }
    this.dropClosedCondorsAndLayers();
    // Layer 1's fund is kept with layer 1 while no condor is open, and says so once each time.
    if (this.fund.noteHeldWithoutCondor(this.condors.length === 0)) this.log(m.day, 'let-decay', 'hedge.letDecay.noCondor', "no open condor to protect: layer 1's fund is held while layer 1 is", this.fund.group, { layer: 1 });
    this.managePreFomcSeeds(m, signals);

    const exposure = this.exposures(m);
    const forced = this.pendingForcedLayer;
    this.pendingForcedLayer = undefined;
    const trigger = hedgeLayerTrigger(this.config, {
      regime: signals.regime,
      rungsHeld: this.layers.map((l) => l.layer),
      rungsCooling: [...this.rungCooldown.keys()],
      condorOpen: this.condors.length > 0,
      bearishDivergence: signals.bearishDivergence,
      confirmations: signals.confirmations,
      regimeAgeTradingDays: this.regimeRun?.days ?? 0,
      termStructureInverted: signals.termStructureInverted,
      reliefRally: signals.reliefRally,
      resolution: signals.resolution,
    });
    if (trigger.fired) {
      this.addLayer(m, signals, trigger.layer, trigger.relief, trigger, exposure.condor);
    } else if (forced) {
      const rung = this.nextFreeRung();
      if (rung !== undefined && this.condors.length > 0) this.addLayer(m, signals, rung, false, forced, exposure.condor);
      else this.log(m.day, 'add-layer', 'adaptive.eventFavoursHedge.notAdded', `${forced.reason}, but no layer can be added today (${rung === undefined ? 'every rung held or cooling down' : 'no open condor'})`, undefined, forced.figures);
    }

    // After the day's adds, so a layer 1 that expired and is bought again today keeps its fund.
    if (!this.layers.some((l) => l.layer === 1)) this.sellFund(m, 'hedge.etf.layerOneGone', 'layer 1 is no longer held (expired, trimmed or not rebought at its roll)');
    this.tradingDaysSinceRebalance++;
    const planned = this.config.hedge.layering === 'ladder' ? this.config.hedge.ladderTenors.length : this.config.hedge.maxLayers;
    if (this.tradingDaysSinceRebalance >= this.config.hedge.rebalanceEveryTradingDays && this.condors.length > 0 && this.layers.length >= planned) {
      this.tradingDaysSinceRebalance = 0;
      this.rebalance(m, signals);
    }
  }

  /** The lowest rung neither held nor cooling down, or undefined when every rung is taken. */
  private nextFreeRung(): number | undefined {
    const held = new Set(this.layers.map((l) => l.layer));
    for (let rung = 1; rung <= this.config.hedge.maxLayers; rung++) if (!held.has(rung) && !this.rungCooldown.has(rung)) return rung;
    return undefined;
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

  /**
   * Open the calls (or spreads, or futures) of a layer: `contracts` split across its tenors, the
   * remainder going to the first tenors so the layer holds exactly what it says (10 over 3 tenors is
   * 4/3/3, never 3/3/3). Returns the premium paid (USD) and the contracts actually bought.
   */
  private buyLayerLegs(m: MarketDayView, l: HedgeLayerState, tenors: readonly HedgeLayerState['tenor'][], contracts: number, rule: string): { premiumUsd: number; contracts: number } {
    let premium = 0;
    let bought = 0;
    const base = Math.floor(contracts / tenors.length);
    const extra = contracts - base * tenors.length;
    tenors.forEach((tenor, i) => {
      const n = base + (i < extra ? 1 : 0);
      if (n <= 0) return;
      const t = this.chooseVixExpiry(m, tenor);
      if (!t) {
        this.log(m.day, 'add-layer', rule, `no VIX expiry for ${JSON.stringify(tenor)}: ${n} contract(s) of the layer not bought`, l.group, { layer: l.layer, contractsNotBought: n });
        return;
      }
      const bought1 = this.buyAtExpiry(m, l, t, n, rule);
      premium += bought1;
      bought += n;
    });
    return { premiumUsd: premium, contracts: bought };
  }

  /** Buy `n` units of the layer's instrument at one VIX expiry, at today's hedge strike. Returns the premium, USD. */
  private buyAtExpiry(m: MarketDayView, l: HedgeLayerState, t: VixTenor, n: number, rule: string): number {
    const h = this.config.hedge;
    const structure = optionStructureOf(this.config, l.layer);
    if (structure) return this.buyStructure(m, l, structure, t, n, rule);
    if (h.instrument === 'future') {
      const future = this.openLeg(m, l.group, 'hedge', 'longFuture', l.layer, 'VIX', 'future', 0, t, n, rule);
      l.legIds.push(future.id);
      // A future costs no premium; its face value is what the caps measure.
      return future.entryPrice * n * VIX_FUTURE_MULTIPLIER_USD;
    }
    const strike = m.vixStrikeForDelta('call', h.hedgeCallDelta, t.expiryDay);
    const long = this.openLeg(m, l.group, 'hedge', 'longCall', l.layer, 'VIX', 'call', strike, t, n, rule);
    l.legIds.push(long.id);
    let premium = long.entryPrice * n * OPTION_MULTIPLIER_USD;
    if (h.instrument === 'call-spread') {
      const short = this.openLeg(m, l.group, 'hedge', 'shortCall', l.layer, 'VIX', 'call', strike + h.callSpreadWidthPoints, t, -n, rule);
      premium -= short.entryPrice * n * OPTION_MULTIPLIER_USD;
      l.legIds.push(short.id);
    }
    return premium;
  }

  /**
   * One contract of the layer's instrument: its cost in points per $100 option multiplier (for a
   * future, its face value in the same units), its delta to the future, and its size relative to an option.
   */
  private layerUnit(m: MarketDayView, expiryDay: DayNumber, layer = 1): { premiumPoints: number; delta: number; multiplierRatio: number } {
    const h = this.config.hedge;
    const structure = optionStructureOf(this.config, layer);
    if (structure) {
      // A put spread or calendar: its premium at risk, and its exposure expressed as a delta at this
      // expiry's beta (so exposurePerUnitUsd gives the structure's own, legs at their own betas).
      const legs = structureLegs(this.config, structure, m, expiryDay, h.rollWhenDteBelowDays);
      if (!('legs' in legs)) return { premiumPoints: 0, delta: 0, multiplierRatio: 1 };
      const unit = structureUnit(m, legs.legs, (q, n) => this.fillPrice(q, n));
      const beta = m.vixFutureBetaToVix(expiryDay - m.day);
      return { premiumPoints: unit.premiumAtRiskPoints, delta: beta > 0 ? unit.exposurePerUnitUsd / (beta * OPTION_MULTIPLIER_USD) : 0, multiplierRatio: 1 };
    }
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

  private exposurePerUnitUsd(m: MarketDayView, expiryDay: DayNumber, unit: { delta: number; multiplierRatio: number }): number {
    return vixOptionVixExposureUsd(1, unit.delta, m.vixFutureBetaToVix(expiryDay - m.day)) * unit.multiplierRatio;
  }

  private addLayer(m: MarketDayView, signals: EngineSignals, layer: number, relief: boolean, trigger: RuleOutcome, condorExposureUsd: number): void {
    const tenors = this.tenorForLayer(layer, relief);
    const first = this.chooseVixExpiry(m, tenors[0] as HedgeLayerState['tenor']);
    if (!first) {
      this.log(m.day, 'add-layer', trigger.rule, `layer ${layer}: ${trigger.reason}; no VIX expiry available for it`, undefined, { layer });
      return;
    }
    const unit = this.layerUnit(m, first.expiryDay, layer);
    const exposurePerContract = this.exposurePerUnitUsd(m, first.expiryDay, unit);
    // The ladder counts from layer 1's size in calls as if it held no fund (hedge.firstLayerInstrument).
    const heldContracts = new Map(this.layers.map((l) => [l.layer, l.layer === 1 ? ladderReferenceContracts(this.config, l.contracts) : l.contracts]));
    const heldPremium = new Map(this.layers.map((l) => [l.layer, l.premiumUsd]));
    // What layer 1 would be today, for sizing a later rung while layer 1 is not held.
    let firstRungReference: { contracts: number; premiumUsd: number } | undefined;
    if (layer > 1 && !heldContracts.has(1)) {
      const firstTenor = this.chooseVixExpiry(m, this.tenorForLayer(1, false)[0] as HedgeLayerState['tenor']);
      if (firstTenor) {
        const u1 = this.layerUnit(m, firstTenor.expiryDay);
        const e1 = this.exposurePerUnitUsd(m, firstTenor.expiryDay, u1);
        const contracts = e1 > 0 ? Math.round((this.config.hedge.firstLayerFractionOfCondorExposure * Math.abs(condorExposureUsd)) / e1) : 0;
        firstRungReference = { contracts, premiumUsd: contracts * u1.premiumPoints * OPTION_MULTIPLIER_USD };
      }
    }
    const sizing = hedgeLayerContracts(layer === 1 ? firstLayerCallsConfig(this.config) : this.config, {
      layer,
      condorExposureUsd,
      exposurePerContractUsd: exposurePerContract,
      premiumPerContractUsd: unit.premiumPoints * OPTION_MULTIPLIER_USD,
      heldLayerContracts: heldContracts,
      heldLayerPremiumUsd: heldPremium,
      ...(firstRungReference ? { firstRungReference } : {}),
    });
    if (sizing.contracts <= 0) {
      this.logRule(m.day, 'add-layer', { ...sizing, reason: `layer ${layer}: ${trigger.reason}; ${sizing.reason}: no contracts` }, undefined, { layer });
      return;
    }
    // A new layer never lifts the hedge ratio above the band's top: what would be trimmed at the next
    // rebalance is not bought.
    const band = this.config.hedge.hedgeRatioBand;
    const headroomUsd = band.max * Math.abs(condorExposureUsd) - this.exposures(m).hedge;
    const bandContracts = exposurePerContract > 0 ? Math.max(Math.floor(headroomUsd / exposurePerContract), 0) : 0;
    let requested = sizing.contracts;
    if (bandContracts < requested) {
      this.log(m.day, 'cap-bound', 'hedge.band.max', `layer ${layer}: the band's top ${band.max} allows ${bandContracts} of ${requested} contracts`, undefined, { layer, requestedContracts: requested, allowedContracts: bandContracts, headroomUsd });
      requested = bandContracts;
      if (requested <= 0) return;
    }
    const caps = this.capsFor(m, signals, signals.confirmations.length > 0 || layer >= 2, unit.premiumPoints * OPTION_MULTIPLIER_USD, requested);
    if (caps.fired) this.logRule(m.day, 'cap-bound', caps, undefined, { layer });
    if (caps.contracts <= 0) return;
    const group = this.newGroup('hedge');
    const state: HedgeLayerState = { group, layer, openedDay: m.day, tenor: tenors[0] as HedgeLayerState['tenor'], premiumUsd: 0, legIds: [], contracts: 0, rolls: 0 };
    const bought = this.buyLayerLegs(m, state, tenors, caps.contracts, trigger.rule);
    if (state.legIds.length === 0) return;
    state.premiumUsd = bought.premiumUsd;
    state.contracts = bought.contracts;
    this.layers.push(state);
    this.spendPremium(m, signals, bought.premiumUsd);
    const legs = state.legIds.map((id) => this.book.positions.get(id)).filter((p): p is OptionPosition => p !== undefined);
    const legText = legs.map((p) => describePosition(p)).join('; ');
    this.groupOpened.set(group, { entryDay: m.day, kind: 'hedge-layer', layer, contracts: bought.contracts, entryPricePoints: bought.premiumUsd / (bought.contracts * OPTION_MULTIPLIER_USD), legs: legText });
    this.log(m.day, 'add-layer', trigger.rule, `layer ${layer}: ${trigger.reason}; ${sizing.reason}; ${legText}`, group, { ...trigger.figures, ...sizing.figures, layer, contracts: bought.contracts, premiumUsd: bought.premiumUsd, condorExposureUsd });
    if (layer === 1) this.resizeFund(m, trigger.rule);
  }

  /** Close seeds once their FOMC decision has passed; buy a new seed inside the next decision's window. */
  private managePreFomcSeeds(m: MarketDayView, signals: EngineSignals): void {
    const seedConfig = this.config.hedge.preFomcSeeding;
    const daysToFomc = signals.tradingDaysToNextFomc;
    for (const seed of [...this.seeds]) {
      if (daysToFomc !== undefined && daysToFomc <= seed.tradingDaysToFomcAtOpen) continue;
      for (const id of seed.legIds) if (this.book.positions.has(id)) this.closeLeg(m, id, 'hedge.preFomcSeed.decisionPassed');
      this.log(m.day, 'cash-layer', 'hedge.preFomcSeed.decisionPassed', 'the FOMC decision the seed was bought for has passed', seed.group, {});
      this.finishGroup(m.day, seed.group, 'hedge.preFomcSeed.decisionPassed');
    }
    this.dropClosedCondorsAndLayers();
    const due = preFomcSeedDue(this.config, daysToFomc, this.seeds.length > 0);
    if (!due.fired || daysToFomc === undefined) return;
    const h = this.config.hedge;
    const tenor = this.chooseVixExpiry(m, { kind: 'dte', days: seedConfig.dteDays });
    if (!tenor) {
      this.logRule(m.day, 'add-layer', { ...due, fired: false, reason: `${due.reason}, but no VIX expiry near ${seedConfig.dteDays} days is listed` }, undefined);
      return;
    }
    const strike = m.vixStrikeForDelta('call', h.hedgeCallDelta, tenor.expiryDay);
    const unitPoints = this.fillPrice(m.priceVixOption('call', strike, tenor.expiryDay), 1) - this.fillPrice(m.priceVixOption('call', strike + h.callSpreadWidthPoints, tenor.expiryDay), -1);
    if (!(unitPoints > 0)) return;
    const equity = this.book.equityUsd();
    const contracts = Math.floor(Math.min(seedConfig.fractionOfCapital.min * equity, seedConfig.fractionOfCapital.max * equity) / (unitPoints * OPTION_MULTIPLIER_USD));
    if (contracts <= 0) return;
    const group = this.newGroup('hedge');
    const seed = { group, layer: 0, openedDay: m.day, tenor: { kind: 'dte' as const, days: seedConfig.dteDays }, premiumUsd: 0, legIds: [] as string[], contracts, tradingDaysToFomcAtOpen: daysToFomc };
    const long = this.openLeg(m, group, 'hedge', 'seedLongCall', 0, 'VIX', 'call', strike, tenor, contracts, due.rule);
    const short = this.openLeg(m, group, 'hedge', 'seedShortCall', 0, 'VIX', 'call', strike + h.callSpreadWidthPoints, tenor, -contracts, due.rule);
    seed.legIds.push(long.id, short.id);
    seed.premiumUsd = (long.entryPrice - short.entryPrice) * contracts * OPTION_MULTIPLIER_USD;
    this.seeds.push(seed);
    const legs = `${describePosition(long)}; ${describePosition(short)}`;
    this.groupOpened.set(group, { entryDay: m.day, kind: 'hedge-layer', layer: 0, contracts, entryPricePoints: long.entryPrice - short.entryPrice, legs });
    this.logRule(m.day, 'add-layer', { ...due, reason: `${due.reason}: ${legs}` }, group, { contracts, premiumUsd: seed.premiumUsd });
  }

  /**
   * Roll a layer: each leg is closed and bought again at the expiry nearest the tenor it was bought at
   * (an M3 leg stays about three months out, a 30/60/90 relief layer keeps its three tenors), at
   * today's hedge strike, with the same contracts unless the caps cut them: a roll's net debit is new
   * premium like any other and counts against the notional cap and, in quiet regimes, the drag cap.
   */
  private rollLayer(m: MarketDayView, signals: EngineSignals, l: HedgeLayerState, roll: RuleOutcome, wanted: RuleOutcome): void {
    const h = this.config.hedge;
    // Copies: closing a position changes its quantity in the book.
    const longs = l.legIds.map((id) => this.book.positions.get(id)).filter((p): p is OptionPosition => p !== undefined && p.quantity > 0).map((p) => ({ ...p }));
    const plan: Array<{ leg: OptionPosition; target: VixTenor | undefined; unit: { premiumPoints: number; delta: number; multiplierRatio: number } | undefined }> = longs.map((leg) => {
      const target = this.chooseVixExpiry(m, { kind: 'dte', days: Math.max(leg.expiryDay - leg.entryDay, h.rollWhenDteBelowDays + 1) });
      return { leg, target, unit: target ? this.layerUnit(m, target.expiryDay, l.layer) : undefined };
    });
    const missing = plan.filter((x) => !x.target);
    // What closing brings back (at fill prices), to size the roll's net debit for the caps.
    const closeProceedsUsd = l.legIds.reduce((s, id) => {
      const p = this.book.positions.get(id);
      return p ? s + p.quantity * this.fillPrice(this.quote(m, p), -sideSign(p.quantity)) * multiplierOf(p) * (p.type === 'future' ? 0 : 1) : s;
    }, 0);
    const newPremiumUsd = plan.reduce((s, x) => s + (x.unit ? x.unit.premiumPoints * OPTION_MULTIPLIER_USD * x.leg.quantity : 0), 0);
    const wantedContracts = plan.reduce((s, x) => s + (x.target ? x.leg.quantity : 0), 0);
    const perContractDebitUsd = wantedContracts > 0 ? Math.max(newPremiumUsd - closeProceedsUsd, 0) / wantedContracts : 0;
    const caps = perContractDebitUsd > 0 ? this.capsFor(m, signals, true, perContractDebitUsd, wantedContracts, l.group) : undefined;
    const allowed = caps ? caps.contracts : wantedContracts;
    if (caps?.fired) this.logRule(m.day, 'cap-bound', caps, l.group, { layer: l.layer, roll: true });
    // Close every leg: the whole layer is rolled (or, where the caps or the listing allow nothing, let go).
    const costBefore = l.premiumUsd;
    let proceeds = 0;
    for (const id of [...l.legIds]) {
      const p = this.book.positions.get(id);
      if (!p) continue;
      const quantity = p.quantity;
      const price = this.closeLeg(m, id, roll.rule);
      if (p.type !== 'future') proceeds += quantity * price * OPTION_MULTIPLIER_USD;
    }
    l.legIds = [];
    const scale = wantedContracts > 0 ? allowed / wantedContracts : 0;
    let premium = 0;
    let bought = 0;
    const parts: string[] = [];
    for (const x of plan) {
      if (!x.target) continue;
      const n = Math.floor(x.leg.quantity * scale + 1e-9);
      if (n <= 0) continue;
      premium += this.buyAtExpiry(m, l, x.target, n, roll.rule);
      bought += n;
      parts.push(`${n} at ${isoFromDay(x.target.expiryDay)} (was ${isoFromDay(x.leg.expiryDay)})`);
    }
    l.contracts = bought;
    l.letDecay = false;
    l.premiumUsd = costBefore + premium - proceeds;
    l.rolls = (l.rolls ?? 0) + 1;
    this.spendPremium(m, signals, premium - proceeds);
    const figures = { layer: l.layer, contractsBefore: longs.reduce((s, p) => s + p.quantity, 0), contracts: bought, newPremiumUsd: premium, closeProceedsUsd: proceeds, costBasisUsd: l.premiumUsd, rolls: l.rolls, wantedBy: wanted.rule, expiriesMissing: missing.length };
    const why = `${roll.reason}; ${wanted.reason}; ${parts.join(', ') || 'nothing bought'}${missing.length > 0 ? `; ${missing.length} leg(s) found no later expiry and were closed` : ''}`;
    this.log(m.day, 'roll-layer', roll.rule, why, l.group, { ...roll.figures, ...figures });
    if (l.legIds.length === 0) this.finishGroup(m.day, l.group, `${roll.rule} (nothing rebought)`);
  }

  /**
   * Bring the hedge ratio back into the band. Adding buys the tenor with the most exposure per premium
   * dollar among the tenors the layering allows (the ladder's M1-M3, or the first layer's 30-45 days),
   * into the layer of that tenor; trimming sells the latest layers first.
   */
  private rebalance(m: MarketDayView, signals: EngineSignals): void {
    this.resizeFund(m, 'hedge.rebalance.etf');
    const exposure = this.exposures(m);
    const outcome = hedgeRebalanceExposureUsd(this.config, exposure.hedge, exposure.condor, signals.resolution);
    if (!outcome.fired || this.layers.length === 0) return;
    if (outcome.exposureChangeUsd < 0) {
      this.trimHedge(m, -outcome.exposureChangeUsd, outcome);
      return;
    }
    let best: { layer: HedgeLayerState; expiry: VixTenor; perContract: number; premiumPoints: number; perDollar: number } | undefined;
    const compared: string[] = [];
    for (const layer of this.layers) {
      const tenor = layer.tenor.kind === 'dte' ? { kind: 'dteRange' as const, min: this.config.hedge.firstLayerDteDays.min, max: this.config.hedge.firstLayerDteDays.max } : layer.tenor;
      const expiry = this.chooseVixExpiry(m, tenor);
      if (!expiry) continue;
      const unit = this.layerUnit(m, expiry.expiryDay, layer.layer);
      const perContract = this.exposurePerUnitUsd(m, expiry.expiryDay, unit);
      if (!(perContract > 0) || !(unit.premiumPoints > 0)) continue;
      const perDollar = perContract / (unit.premiumPoints * OPTION_MULTIPLIER_USD);
      compared.push(`layer ${layer.layer} ${isoFromDay(expiry.expiryDay)}: ${perDollar.toFixed(4)}`);
      if (!best || perDollar > best.perDollar) best = { layer, expiry, perContract, premiumPoints: unit.premiumPoints, perDollar };
    }
    if (!best) return;
    const wanted = Math.round(outcome.exposureChangeUsd / best.perContract);
    if (wanted <= 0) return;
    const caps = this.capsFor(m, signals, true, best.premiumPoints * OPTION_MULTIPLIER_USD, wanted);
    if (caps.fired) this.logRule(m.day, 'cap-bound', caps, best.layer.group, { layer: best.layer.layer });
    if (caps.contracts <= 0) return;
    const premium = this.buyAtExpiry(m, best.layer, best.expiry, caps.contracts, outcome.rule);
    best.layer.contracts += caps.contracts;
    best.layer.premiumUsd += premium;
    this.spendPremium(m, signals, premium);
    this.logRule(m.day, 'rebalance', { ...outcome, reason: `${outcome.reason}: bought the most VIX exposure per dollar (${compared.join('; ')} USD per VIX point per USD)` }, best.layer.group, { layer: best.layer.layer, contractsBought: caps.contracts, premiumUsd: premium, exposurePerContractUsd: best.perContract, exposurePerPremiumUsd: best.perDollar });
  }

  /** Sell hedge contracts, latest layers first, until `exposureUsd` of VIX exposure is gone; each layer's cost basis falls pro rata. */
  private trimHedge(m: MarketDayView, exposureUsd: number, outcome: RuleOutcome): void {
    let remaining = exposureUsd;
    let sold = 0;
    for (let i = this.layers.length - 1; i >= 0 && remaining > 0; i--) {
      const layer = this.layers[i] as HedgeLayerState;
      for (const id of [...layer.legIds].reverse()) {
        const p = this.book.positions.get(id);
        if (!p || p.quantity <= 0 || remaining <= 0) continue;
        const q = this.quote(m, p);
        const structure = optionStructureOf(this.config, layer.layer);
        const perContract = structure ? this.structureExposurePerLongUsd(m, layer, p) : vixOptionVixExposureUsd(1, q.delta, m.vixFutureBetaToVix(p.expiryDay - m.day)) * (multiplierOf(p) / OPTION_MULTIPLIER_USD);
        const n = perContract > 0 ? Math.min(p.quantity, Math.ceil(remaining / perContract)) : p.quantity;
        const held = layer.contracts;
        this.closeLeg(m, id, outcome.rule, n);
        // A call spread's short call goes with its long call: never leave a naked short VIX call.
        for (const shortId of layer.legIds) {
          const short = this.book.positions.get(shortId);
          if (!short || short.quantity >= 0 || !isPairedShortLeg(structure ?? 'vix-calls', p, short)) continue;
          this.closeLeg(m, shortId, outcome.rule, Math.min(n, -short.quantity));
          break;
        }
        if (held > 0) layer.premiumUsd *= Math.max(held - n, 0) / held;
        layer.contracts -= n;
        remaining -= n * Math.max(perContract, 0);
        sold += n;
      }
    }
    this.logRule(m.day, 'rebalance', outcome, undefined, { contractsSold: sold });
    for (const layer of [...this.layers]) {
      if (this.book.positionsOf(layer.group).length > 0) continue;
      // A layer trimmed away is not bought back before the cooldown, or trims and adds would churn.
      this.rungCooldown.set(layer.layer, this.config.hedge.rebuyCooldownTradingDays);
      this.finishGroup(m.day, layer.group, outcome.rule);
    }
    this.dropClosedCondorsAndLayers();
  }

  // ---------------------------------------------------------------- 6. record

  private recordDay(m: MarketDayView, signals: EngineSignals): void {
    const record = dailyRecord(this.config, this.book, this.condors, this.layers.length, m, signals.regime, (p) => this.quote(m, p));
    // Layer 1's fund is an index holding, not an option position: its value and exposure are added here.
    const fundExposureUsd = this.fund.exposureUsd(m);
    if (fundExposureUsd === 0 && this.fund.valueUsd() === 0) {
      this.daily.push(record);
      return;
    }
    const hedgeExposureUsd = record.hedgeVixExposureUsd + fundExposureUsd;
    this.daily.push({ ...record, hedgeValueUsd: record.hedgeValueUsd + this.fund.valueUsd(), hedgeVixExposureUsd: hedgeExposureUsd, hedgeRatio: hedgeRatio(hedgeExposureUsd, record.condorVixExposureUsd) });
  }

  // ---------------------------------------------------------------- hedge instruments (instruments/*)

  /**
   * Bring layer 1's fund to its share of the target exposure (hedge.firstLayerEtfShareOfTargetExposure):
   * bought with layer 1, resized at each rebalance. The fund is capital, not premium that can expire
   * worthless: the premium caps do not bind it; its size is set by exposure alone. Under next-open
   * fills it trades at the next open's price (sized at today's close).
   */
  private resizeFund(m: MarketDayView, rule: string): void {
    if (this.config.hedge.firstLayerInstrument !== 'vix-futures-etf') return;
    if (!this.layers.some((l) => l.layer === 1)) return;
    const condorExposureUsd = this.exposures(m).condor;
    const order = etfTargetOrder(this.config, { condorExposureUsd, exposurePerUsd: this.fund.exposurePerUsd(m), heldValueUsd: this.fund.valueUsd() });
    if (!order.fired || Math.abs(order.tradeUsd) < 1) return;
    const opening = this.fund.group === undefined;
    const group = this.fund.group ?? this.newGroup('hedge');
    const fill = this.fund.trade(m, order.tradeUsd, group, rule, this.fillMarket);
    if (opening) this.groupOpened.set(group, { entryDay: m.day, kind: 'hedge-layer', layer: 1, contracts: fill.units, entryPricePoints: fill.fillLevel, legs: `VIX short-term futures fund, ${fill.units.toFixed(4)} units` });
    this.log(m.day, opening ? 'add-layer' : 'rebalance', rule, `layer 1's fund: ${order.reason}; ${order.tradeUsd > 0 ? 'bought' : 'sold'} ${Math.abs(fill.units).toFixed(4)} units at ${fill.fillLevel.toFixed(4)}`, group, { ...order.figures, layer: 1, units: fill.units, fillLevel: fill.fillLevel });
  }

  /** Sell all of layer 1's fund, if any is held. */
  private sellFund(m: MarketDayView, rule: string, reason: string): void {
    const group = this.fund.group;
    if (group === undefined) return;
    const valueUsd = this.fund.valueUsd();
    const units = this.fund.sellAll(m, rule, this.fillMarket);
    this.log(m.day, 'cash-layer', rule, `${reason}: layer 1's fund sold, ${units.toFixed(4)} units worth ${valueUsd.toFixed(0)} USD`, group, { layer: 1, units, valueUsd });
    this.finishGroup(m.day, group, rule);
  }

  /** Open `n` units of a put spread or calendar at the layer's expiry `t`; returns what the layer's cost basis counts (premium at risk), USD. */
  private buyStructure(m: MarketDayView, l: HedgeLayerState, structure: NonNullable<ReturnType<typeof optionStructureOf>>, t: VixTenor, n: number, rule: string): number {
    const plan = structureLegs(this.config, structure, m, t.expiryDay, this.config.hedge.rollWhenDteBelowDays);
    if (!('legs' in plan)) {
      // Logged without the group when the layer holds nothing yet: no layer was opened.
      this.log(m.day, 'add-layer', rule, `layer ${l.layer}: no ${structure} at ${isoFromDay(t.expiryDay)}: ${plan.reason}`, l.legIds.length > 0 ? l.group : undefined, { layer: l.layer });
      return 0;
    }
    let netDebitUsd = 0;
    for (const leg of plan.legs) {
      const p = this.openLeg(m, l.group, 'hedge', leg.legId, l.layer, 'VIX', leg.type, leg.strike, leg.expiry, leg.signedRatio * n, rule);
      l.legIds.push(p.id);
      netDebitUsd += leg.signedRatio * n * p.entryPrice * OPTION_MULTIPLIER_USD;
    }
    const puts = plan.legs.filter((x) => x.type === 'put');
    const widthUsd = puts.length === 2 ? Math.abs((puts[0]?.strike ?? 0) - (puts[1]?.strike ?? 0)) * n * OPTION_MULTIPLIER_USD : 0;
    return netDebitUsd + widthUsd;
  }

  /** A structure layer's VIX exposure per bought contract of the leg `long` (the long leg and its paired short), USD per VIX point. */
  private structureExposurePerLongUsd(m: MarketDayView, layer: HedgeLayerState, long: OptionPosition): number {
    const structure = optionStructureOf(this.config, layer.layer) ?? 'vix-calls';
    let exposure = 0;
    for (const id of layer.legIds) {
      const p = this.book.positions.get(id);
      if (!p) continue;
      if (p.id !== long.id && !(p.quantity < 0 && isPairedShortLeg(structure, long, p))) continue;
      const q = this.quote(m, p);
      const perContract = vixOptionVixExposureUsd(1, q.delta, m.vixFutureBetaToVix(p.expiryDay - m.day));
      exposure += (p.quantity > 0 ? 1 : -1) * perContract;
    }
    return exposure;
  }
}
