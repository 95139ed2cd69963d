/**
 * The backtest engine: a thin daily loop that wires, in one direction,
 *   market view -> strategy (the condor and hedge managers, src/strategy) -> execution (fills,
 *   spreads, fees, settlement; src/engine/execution) -> portfolio (the book, cash, interest;
 *   src/engine/portfolio) -> recorder (decisions, trades, daily records; src/engine/recorder).
 * The managers decide on the day's close from the market view, the book (read-only) and their own
 * state, and return orders that carry the rule and the figures that fired them; the loop fills each
 * step's orders before asking for the next step, so every decision sees the book after the last one.
 *
 * Order of a day (all decisions at the close, with only data known at that close):
 *   1. settle options expiring today (SPX AM at the open, SPX PM at the close, VIX at the VIX open);
 *   2. mark every position at the model's mid;
 *   3. manage open condors (fixed R:R exits, or ALVH roll/defer decisions);
 *   4. open a new condor when the entry rules say so;
 *   5. manage the hedge: cash and take profit, rolls, pre-FOMC seeds, new layers, rebalance;
 *   6. record the day; accrue interest on cash to the next trading day.
 * Everything the next day's decisions depend on is in the snapshot (the book, the strategy state, the
 * open groups' openings): the daily signal restores it and steps the same code once.
 * The same inputs always give the same outputs: no clock, no randomness, ids are counters.
 */
import type { DayNumber } from '../time/day.js';
import { DAYS_PER_YEAR_ACT365, isoFromDay } from '../time/day.js';
import type { StrategyConfig, VixRegimeName } from '../strategy/config.js';
import type { RuleOutcome } from '../strategy/rules/condorRules.js';
import type { ManagerContext } from '../strategy/context.js';
import { IdCounter, type LegOrder, type LegFill } from '../strategy/orders.js';
import { advanceTradingDay, emptyStrategyState, pruneClosed, allocateId, type CondorState, type GroupOpening, type HedgeLayerState, type SeedState, type StrategyState } from '../strategy/state.js';
import { applyCondorOpen, applyDeferral, applySideRoll, applyWidening, entryWanted, manageCondor, planCondorEntry } from '../strategy/condor/condorManager.js';
import {
  applyAddLayer,
  applyCalendarHedge,
  applyLayerCash,
  applyLayerRoll,
  applySeed,
  applyTopUp,
  applyTrim,
  beginHedgeDay,
  coolDownRung,
  layerWanted,
  manageLayer,
  passedSeeds,
  seedsWithoutCondor,
  planAddLayer,
  planCalendarHedge,
  planRebalance,
  planSeed,
  rebalanceDue,
  bandApplies,
  bandHeadroom,
  layerMayGrow,
  type VixExposures,
} from '../strategy/hedge/hedgeManager.js';
import { applyFundResize, applyFundSale, fundWithoutCondor, planFundResize, planFundSale, planFundSaleWithoutLayerOne, type FundResizeOrder, type FundSaleOrder } from '../strategy/hedge/fundManager.js';
import { hedgeRatio } from '../strategy/rules/hedgeRules.js';
import type { VixFuturesFundState } from './instruments/vixFuturesEtf.js';
import { Book, OPTION_MULTIPLIER_USD, type BookState, type OptionPosition } from './portfolio/book.js';
import type { EngineSignals, MarketDayView, ModelOptionQuote } from './marketView.js';
import type { DailyRecord, DecisionAction, DecisionRecord, TradeRecord } from './records.js';
import { bookGreeks, type BookGreeksTotals } from './bookGreeks.js';
import { settlementLabel, settlementPrice } from './execution/execution.js';
import { intradayFillMarket } from './execution/intradayFill.js';
import { OrderExecutor } from './execution/executor.js';
import { dailyRecord } from './recorder/dailyRecord.js';
import { bandDayEvents, classifyBandDay } from './recorder/bandDay.js';
import { fullyLayered, lowestMissingRung } from '../strategy/hedge/rungs.js';
import { Recorder, type EquityCurve, type Recording } from './recorder/recorder.js';

export type { CondorState, GroupOpening, HedgeLayerState } from '../strategy/state.js';

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

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
  /** What the run kept (BacktestsInputs.recording): under `metrics`, `daily`, `decisions` and `ledger` are empty. */
  readonly recording: Recording;
  readonly daily: DailyRecord[];
  readonly trades: TradeRecord[];
  readonly decisions: DecisionRecord[];
  readonly ledger: Book['ledger'];
  /** Equity and the hedge's cumulative P&L at every recorded close, whatever the recording. */
  readonly curve: EquityCurve;
  /** Decisions logged, by action, whatever the recording. */
  readonly decisionCounts: Readonly<Partial<Record<DecisionAction, number>>>;
  /** Premium paid for hedge groups over the run (cash out of their 'premium' movements), USD, positive. */
  readonly hedgePremiumPaidUsd: number;
  /** Final P&L by group (condor-N, hedge-N), USD. */
  readonly pnlByGroupUsd: Record<string, number>;
  readonly condorRolls: number;
  readonly deferredRolls: number;
}

/**
 * The rule of a total-return underlying leg's daily dividend reinvestment: the index's own accrual,
 * which the daily signal leaves out of the trades it asks a trader to place.
 */
export const REINVEST_DIVIDEND_RULE = 'underlying.reinvestDividend';

/** Everything the next day's decisions depend on, JSON-serialisable (the daily signal stores it). */
export interface EngineStateSnapshot {
  readonly configName: string;
  readonly book: BookState;
  readonly condors: readonly CondorState[];
  readonly layers: readonly HedgeLayerState[];
  readonly seeds: readonly SeedState[];
  readonly nextId: number;
  readonly tradingDaysSinceEntry: number | null;
  readonly tradingDaysSinceRebalance: number;
  /** The band applies (the hedge fully layered since it last held no layer); absent in older snapshots. */
  readonly bandEngaged?: boolean;
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
  /** Layer 1's VIX-futures fund and its price path (absent when none is held). */
  readonly vixFuturesFund?: VixFuturesFundState | null;
}

/**
 * The same engine state handed to another strategy (a book switched to a sweep's variant): positions,
 * condors, layers, counters and cooldowns carry over, and the other config's rules manage them from
 * the next step. The engine refuses a snapshot made for another strategy otherwise, so this is the one
 * place a state changes hands. A property test steps random pairs of configurations through it.
 */
export function snapshotForStrategy(snapshot: EngineStateSnapshot, config: StrategyConfig): EngineStateSnapshot {
  return { ...snapshot, configName: config.name };
}

export function runBacktest(inputs: BacktestInputs): BacktestResult {
  const { config, onProgress, ...rest } = inputs;
  return runBacktests({ ...rest, configs: [config], ...(onProgress ? { onProgress: (_name, done, total) => onProgress(done, total) } : {}) })[0] as BacktestResult;
}

export interface BacktestsInputs extends Omit<BacktestInputs, 'config' | 'onProgress'> {
  readonly configs: readonly StrategyConfig[];
  /**
   * Classify each hedged day against the band (`DailyRecord.band`; default true). A report reads it; no
   * decision depends on it. Under `recording: 'metrics'` (a sweep) no daily record is built, so there is
   * nothing to classify whatever this says.
   */
  readonly recordBandDays?: boolean;
  /**
   * `full` (default) keeps every decision, daily record and ledger entry, for reports; `metrics` keeps
   * the trades, the equity curve and the tallies a variant's metrics read (a sweep). The decisions
   * made are the same either way: nothing recorded feeds back into a decision.
   */
  readonly recording?: Recording;
  /** Called after each day for each variant, for progress bars; never influences the run. */
  readonly onProgress?: (variant: string, doneDays: number, totalDays: number) => void;
}

/**
 * Several variants stepped together, day by day: each day's market view is asked for once and handed
 * to every variant while it is fresh, and nothing of a day outlives the next (a variant-by-variant run
 * keeps every day's view, and the quotes in it, until the last variant has passed it). Each variant's
 * engine is its own: the results are those of runBacktest on each config alone.
 */
export function runBacktests(inputs: BacktestsInputs): BacktestResult[] {
  const { days, configs } = inputs;
  const engines = configs.map((config) => new StrategyEngine(config, undefined, { recordBandDays: inputs.recordBandDays ?? true, recording: inputs.recording ?? 'full' }));
  const nextOpen = configs.map((config) => config.execution.fillTiming === 'next-open');
  let market = days.length > 0 ? inputs.marketOn(days[0] as DayNumber) : undefined;
  for (let i = 0; i < days.length; i++) {
    const day = days[i] as DayNumber;
    const nextDay = days[i + 1];
    // The next day's view is built once: it prices today's fills (next-open) and is tomorrow's market.
    const nextMarket = nextDay === undefined ? undefined : inputs.marketOn(nextDay);
    const signals = market ? inputs.signalsOn(day) : undefined;
    for (let v = 0; v < engines.length; v++) {
      (engines[v] as StrategyEngine).stepDay(day, market, signals, nextDay, nextOpen[v] ? nextMarket : undefined);
      inputs.onProgress?.((configs[v] as StrategyConfig).name, i + 1, days.length);
    }
    market = nextMarket;
  }
  return engines.map((engine) => engine.result());
}

/**
 * The strategy's day for one book, one trading day at a time. The backtest steps it over history;
 * the daily signal restores it from the user's book and steps it once. The same code decides in both,
 * which is what makes a backtest's decisions and a day's recommendations comparable.
 */
export class StrategyEngine {
  private readonly config: StrategyConfig;
  /** The portfolio: positions, cash, interest and the ledger. */
  private readonly book: Book;
  /** The managers' state across days. */
  private readonly state: StrategyState;
  private readonly recorder: Recorder;
  private readonly exec: OrderExecutor;
  /** The last known risk-free rate and dividend yield, for carry across days without market data. */
  private lastRiskFreeRate: number | undefined;
  private lastDividendYield: number | undefined;
  /** The Greeks of the book's positions at a version of them (derived, never part of the snapshot). */
  private greeksMemo: { day: DayNumber; version: number; totals: BookGreeksTotals } | undefined;
  /** The day the rebalance last ran (read only by the same day's band classification, never by a decision). */
  private rebalanceRanDay: DayNumber | undefined;
  /** The day the rebalance last trimmed (the same: read only by the band classification). */
  private rebalanceTrimDay: DayNumber | undefined;

  /** Whether each hedged day's record carries its band classification (see BacktestsInputs.recordBandDays). */
  private readonly recordBandDays: boolean;

  constructor(config: StrategyConfig, snapshot?: EngineStateSnapshot, options: { readonly recordBandDays?: boolean; readonly recording?: Recording } = {}) {
    this.config = config;
    this.recordBandDays = options.recordBandDays ?? true;
    const recording = options.recording ?? 'full';
    this.recorder = new Recorder(recording);
    this.state = emptyStrategyState();
    if (!snapshot) {
      this.book = new Book(config.initialEquityUsd, { keepLedger: recording === 'full' });
      this.exec = new OrderExecutor(config, this.book);
      return;
    }
    if (snapshot.configName !== config.name) throw new Error(`engine state is for '${snapshot.configName}', not '${config.name}'`);
    const copy = JSON.parse(JSON.stringify(snapshot)) as EngineStateSnapshot;
    this.book = Book.fromState(copy.book);
    this.exec = new OrderExecutor(config, this.book, copy.vixFuturesFund ?? null);
    const s = this.state;
    s.condors.push(...(copy.condors as CondorState[]));
    s.layers.push(...(copy.layers as HedgeLayerState[]));
    s.seeds.push(...(copy.seeds as SeedState[]));
    s.nextId = copy.nextId;
    s.tradingDaysSinceEntry = copy.tradingDaysSinceEntry ?? undefined;
    s.tradingDaysSinceRebalance = copy.tradingDaysSinceRebalance;
    s.bandEngaged = copy.bandEngaged ?? fullyLayered(config, s);
    s.condorRolls = copy.condorRolls;
    s.deferredRolls = copy.deferredRolls;
    s.regimeRun = copy.regimeRun ?? undefined;
    s.quietPremium.push(...copy.quietPremium);
    for (const [g, o] of Object.entries(copy.groupOpened)) this.recorder.groupOpened.set(g, o);
    for (const [rung, days] of Object.entries(copy.rungCooldown ?? {})) s.rungCooldown.set(Number(rung), days);
    s.vixSpikePeak = copy.vixSpikePeak ?? undefined;
    s.tradingDaysSinceHedgeSignal = copy.tradingDaysSinceHedgeSignal ?? undefined;
    this.lastRiskFreeRate = copy.lastRiskFreeRate ?? undefined;
    this.lastDividendYield = copy.lastDividendYield ?? undefined;
  }

  /** The live state after the last step (no history: decisions, trades and daily records are separate). */
  snapshot(): EngineStateSnapshot {
    const s = this.state;
    return JSON.parse(
      JSON.stringify({
        configName: this.config.name,
        book: this.book.state(),
        condors: s.condors,
        layers: s.layers,
        seeds: s.seeds,
        nextId: s.nextId,
        tradingDaysSinceEntry: s.tradingDaysSinceEntry ?? null,
        tradingDaysSinceRebalance: s.tradingDaysSinceRebalance,
        bandEngaged: s.bandEngaged,
        condorRolls: s.condorRolls,
        deferredRolls: s.deferredRolls,
        regimeRun: s.regimeRun ?? null,
        quietPremium: s.quietPremium,
        groupOpened: Object.fromEntries(this.recorder.groupOpened),
        rungCooldown: Object.fromEntries(s.rungCooldown),
        vixSpikePeak: s.vixSpikePeak ?? null,
        tradingDaysSinceHedgeSignal: s.tradingDaysSinceHedgeSignal ?? null,
        lastRiskFreeRate: this.lastRiskFreeRate ?? null,
        lastDividendYield: this.lastDividendYield ?? null,
        ...(this.exec.fund.state() ? { vixFuturesFund: this.exec.fund.state() } : {}),
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
    const before = this.recorder.decisions.length;
    if (!market || !signals) {
      this.recorder.log(day, 'data-gap', 'engine.dataGap', 'no market data for this trading day: no decisions, positions carried', undefined, {});
    } else {
      this.exec.fillMarket = this.config.execution.fillTiming === 'next-open' ? nextMarket : undefined;
      if (this.config.execution.fillTiming === 'next-open' && nextMarket === undefined) {
        this.recorder.log(day, 'fill-at-close', 'execution.fillTiming', 'fill timing is next-open but the next open is not known (last day, daily signal or a data gap): orders are priced at this close', undefined, {});
      }
      try {
        this.runDay(market, signals);
      } finally {
        this.exec.fillMarket = undefined;
      }
    }
    advanceTradingDay(this.state);
    if (market) this.lastRiskFreeRate = market.riskFreeRate;
    if (market) this.lastDividendYield = market.dividendYield;
    // A total-return underlying leg receives its dividends to the next trading day and reinvests them.
    if (nextDay !== undefined && this.config.underlyingLeg.index === 'spx-total-return' && this.lastDividendYield !== undefined) {
      for (const h of [...this.book.indexHoldings.values()]) {
        if (h.index !== 'SPX') continue;
        const amount = h.units * h.markLevel * (Math.exp((this.lastDividendYield * (nextDay - day)) / DAYS_PER_YEAR_ACT365) - 1);
        if (amount === 0) continue;
        this.book.receiveDividend(day, h.id, amount, `${nextDay - day} day(s) of dividends at ${(this.lastDividendYield * 100).toFixed(3)} % on ${h.units.toFixed(4)} SPX units @ ${h.markLevel.toFixed(2)}`);
        // Reinvested at the day's level, as a total-return index does (left in cash they would earn T-bills).
        this.book.tradeIndex(day, h.id, h.group, 'condor', amount / h.markLevel, h.markLevel, REINVEST_DIVIDEND_RULE);
      }
    }
    // Cash earns interest on a day without market data too, at the last rate known.
    if (nextDay !== undefined && this.config.execution.interestOnCash && this.lastRiskFreeRate !== undefined) {
      this.book.accrueInterest(day, this.lastRiskFreeRate, nextDay - day);
    }
    return this.recorder.decisions.slice(before);
  }

  /** The latest daily record (after the last step), for the daily signal's Greeks and hedge ratio. */
  lastDailyRecord(): DailyRecord | undefined {
    return this.recorder.daily[this.recorder.daily.length - 1];
  }

  result(): BacktestResult {
    const pnlByGroupUsd: Record<string, number> = {};
    for (const g of this.book.groups()) pnlByGroupUsd[g] = this.book.groupPnlUsd(g);
    return {
      config: this.config,
      recording: this.recorder.keepsDetail ? 'full' : 'metrics',
      daily: this.recorder.daily,
      trades: this.recorder.trades as TradeRecord[],
      decisions: this.recorder.decisions,
      ledger: this.book.ledger,
      curve: this.recorder.curve(),
      decisionCounts: Object.fromEntries(this.recorder.actionCounts),
      hedgePremiumPaidUsd: this.book.premiumPaidUsd('hedge'),
      pnlByGroupUsd,
      condorRolls: this.state.condorRolls,
      deferredRolls: this.state.deferredRolls,
    };
  }

  private runDay(m: MarketDayView, signals: EngineSignals): void {
    const s = this.state;
    s.regimeRun = s.regimeRun && s.regimeRun.regime === signals.regime ? { regime: signals.regime, days: s.regimeRun.days + 1 } : { regime: signals.regime, days: 1 };
    const hedgeSignal = signals.bearishDivergence || signals.confirmations.length > 0;
    s.tradingDaysSinceHedgeSignal = hedgeSignal ? 0 : s.tradingDaysSinceHedgeSignal === undefined ? undefined : s.tradingDaysSinceHedgeSignal + 1;
    this.settleExpiring(m);
    this.exec.fund.advance(m);
    this.markAll(m);
    const ctx: ManagerContext = { config: this.config, market: m, signals, portfolio: this.book, pricing: this.exec.pricing, fund: this.exec.fund };
    const forcedLayer = this.manageCondors(ctx);
    this.maybeEnterCondor(ctx);
    if (this.config.hedge.enabled && this.config.hedge.trigger === 'calendar-weight') this.manageCalendarHedge(ctx);
    else if (this.config.hedge.enabled) this.manageHedge(ctx, forcedLayer);
    this.holdUnderlying(m);
    this.markOpenedToday(m);
    this.recordDay(m, signals, ctx);
  }

  /** The day's record; layer 1's fund is an index holding, not an option position: its value and exposure are added here. */
  private recordDay(m: MarketDayView, signals: EngineSignals, ctx: ManagerContext): void {
    if (!this.recorder.keepsDetail) {
      const totals = this.book.summary();
      this.recorder.curvePoint(m.day, totals.equityUsd, totals.hedgePnlUsd);
      return;
    }
    const s = this.state;
    const record = dailyRecord(this.config, this.book, s.condors, s.layers.length, m, signals.regime, (p) => this.quote(m, p), this.greeks(m));
    const fund = this.exec.fund;
    const fundExposureUsd = fund.exposureUsd(m);
    if (fundExposureUsd === 0 && fund.valueUsd() === 0) {
      this.recorder.closeDay(this.withBand(ctx, record));
      return;
    }
    const hedgeExposureUsd = record.hedgeVixExposureUsd + fundExposureUsd;
    // The fund holds VIX futures worth its value: that value is its VIX notional (claim 2's yardstick).
    // The record is today's own, fresh from dailyRecord: its fields are set in place, in their order.
    const own = record as Mutable<DailyRecord>;
    own.hedgeValueUsd = record.hedgeValueUsd + fund.valueUsd();
    own.hedgeVixNotionalUsd = record.hedgeVixNotionalUsd + fund.valueUsd();
    own.hedgeVixExposureUsd = hedgeExposureUsd;
    own.hedgeRatio = hedgeRatio(hedgeExposureUsd, record.condorVixExposureUsd);
    this.recorder.closeDay(this.withBand(ctx, record));
  }

  /** A hedged day of the layered hedge gets its band classification, measured on the record's exposures at the close. */
  private withBand(ctx: ManagerContext, record: DailyRecord): DailyRecord {
    const h = this.config.hedge;
    const s = this.state;
    if (!this.recordBandDays || !h.enabled || h.trigger === 'calendar-weight' || record.hedgeLayers === 0 || record.hedgeRatio === undefined) return record;
    const missing = lowestMissingRung(this.config, s);
    const previous = this.recorder.daily[this.recorder.daily.length - 1];
    const band = classifyBandDay({
      hedgeRatio: record.hedgeRatio,
      band: h.hedgeRatioBand,
      headroom: bandHeadroom(ctx, s, { condor: record.condorVixExposureUsd, hedge: record.hedgeVixExposureUsd }),
      rebalanceRanToday: this.rebalanceRanDay === ctx.market.day,
      rebalanceTrimmedToday: this.rebalanceTrimDay === ctx.market.day,
      fullyLayered: fullyLayered(this.config, s),
      bandApplies: bandApplies(this.config, s),
      missingRungCooling: missing !== undefined && s.rungCooldown.has(missing),
      topUpWithheld: ctx.signals.resolution || s.layers.every((l) => !layerMayGrow(this.config, ctx.market.day, l)),
      today: record,
      previous,
      events: bandDayEvents(this.recorder.decisions, ctx.market.day),
    });
    // Added in place (the record is today's own): a copy of its two dozen numbers per hedged day is not needed.
    (record as Mutable<DailyRecord>).band = band;
    return record;
  }

  // ---------------------------------------------------------------- wiring helpers

  /** Run a manager's decision with the state's id counter, and keep the ids it handed out. */
  private decide<T>(decision: (ids: IdCounter) => T): T {
    const ids = new IdCounter(this.state.nextId);
    const out = decision(ids);
    this.state.nextId = ids.next;
    return out;
  }

  /** Fill a step's orders; each group they touch that is still open records the legs it now holds. */
  private fill(m: MarketDayView, orders: readonly LegOrder[]): LegFill[] {
    // Named before the fill: a position closed whole leaves the book.
    const groups: string[] = [];
    for (const o of orders) {
      const group = o.kind === 'open' ? o.group : this.book.positions.get(o.positionId)?.group;
      if (group !== undefined && !groups.includes(group)) groups.push(group);
    }
    const fills = this.exec.execute(m, orders);
    for (const group of groups) this.recorder.legsChanged(this.book, group);
    return fills;
  }

  private prune(): void {
    pruneClosed(this.state, (id) => this.book.positions.has(id));
  }

  private finishGroup(day: DayNumber, group: string, exitRule: string, settlement?: string): void {
    this.recorder.finishGroup(this.book, day, group, exitRule, settlement);
  }

  private quote(m: MarketDayView, p: Pick<OptionPosition, 'underlying' | 'type' | 'strike' | 'expiryDay'>): ModelOptionQuote {
    return this.exec.pricing.quote(m, p);
  }

  /** Mark every position at the model's mid and the index holdings at the close. */
  private markAll(m: MarketDayView): void {
    for (const h of this.book.indexHoldings.values()) if (h.index === 'SPX') h.markLevel = m.spxClose;
    this.exec.fund.mark();
    for (const p of this.book.positions.values()) {
      if (p.expiryDay < m.day) continue;
      p.markPrice = this.quote(m, p).mid;
    }
    this.exec.openedSinceMark.length = 0;
  }

  /**
   * The close's second mark, after the day's trades: only the positions opened since markAll (the others
   * already carry today's mid, and a partial close leaves a mark as it is) and the index holdings.
   */
  private markOpenedToday(m: MarketDayView): void {
    for (const h of this.book.indexHoldings.values()) if (h.index === 'SPX') h.markLevel = m.spxClose;
    this.exec.fund.mark();
    for (const p of this.exec.openedSinceMark) {
      if (this.book.positions.get(p.id) !== p || p.expiryDay < m.day) continue;
      p.markPrice = this.quote(m, p).mid;
    }
    this.exec.openedSinceMark.length = 0;
  }

  /** The book's Greeks at this close, measured once per set of positions (trades change them, marks do not). */
  private greeks(m: MarketDayView): BookGreeksTotals {
    const version = this.book.positionsVersion;
    if (this.greeksMemo && this.greeksMemo.day === m.day && this.greeksMemo.version === version) return this.greeksMemo.totals;
    const totals = bookGreeks(this.book.positions.values(), m, (p) => this.quote(m, p));
    this.greeksMemo = { day: m.day, version, totals };
    return totals;
  }

  private exposures(m: MarketDayView): VixExposures {
    const g = this.greeks(m);
    return { condor: g.condorVixExposureUsd, hedge: g.hedgeVixExposureUsd + this.exec.fund.exposureUsd(m) };
  }

  // ---------------------------------------------------------------- 1. settlement

  private settleExpiring(m: MarketDayView): void {
    // Most days nothing expires: the expiring positions are picked out, in the book's order, instead of copying the book.
    const expiring: OptionPosition[] = [];
    for (const p of this.book.positions.values()) if (p.expiryDay <= m.day) expiring.push(p);
    for (const p of expiring) {
      const price = settlementPrice(m, p, this.config.execution.amSettlementPrice);
      const value = price.value;
      let source = price.source;
      if (p.expiryDay < m.day) source += `; expiry ${isoFromDay(p.expiryDay)} had no data, settled on the next day with data`;
      const intrinsic = this.book.settle(m.day, p.id, value, source);
      this.recorder.log(m.day, 'settle', 'engine.settlement', `${p.legId} settles at ${value.toFixed(2)}: ${source}`, p.group, { strike: p.strike, settlementValue: value, intrinsicPoints: intrinsic, quantity: p.quantity, settlementFlagged: price.flagged, settlementSource: price.basis, settlementReason: price.reason });
      this.finishGroup(m.day, p.group, 'settled at expiry', settlementLabel(price));
    }
    // A group with legs left (one side expired before the other) holds fewer legs from now on.
    for (const group of new Set(expiring.map((p) => p.group))) this.recorder.legsChanged(this.book, group);
    this.prune();
  }

  // ---------------------------------------------------------------- 3. condors

  /** Each open condor's orders, filled in turn. Returns the deferral that asks for a hedge layer instead, if any. */
  private manageCondors(ctx: ManagerContext): RuleOutcome | undefined {
    const day = ctx.market.day;
    let forcedLayer: RuleOutcome | undefined;
    for (const c of [...this.state.condors]) {
      const orders = this.decide((ids) => manageCondor(ctx, this.state, c, ids, () => this.exposures(ctx.market)));
      for (const o of orders) {
        if (o.kind === 'exit') {
          this.fill(ctx.market, o.orders);
          this.recorder.logRule(day, 'exit-condor', o.outcome, c.group);
          this.finishGroup(day, c.group, o.outcome.rule);
          this.prune();
          if (o.reopen) {
            const reopened = this.openCondor(ctx, 'fixedRr.reopen');
            if (reopened) {
              this.state.condorRolls++;
              this.recorder.logRule(day, 'roll-condor', { ...o.outcome, rule: 'fixedRr.roll', reason: `closed by ${o.outcome.rule} and reopened at the entry rules` }, reopened.group);
            }
          }
        } else if (o.kind === 'roll') {
          const fills = this.fill(ctx.market, o.orders);
          for (const n of applySideRoll(this.config, this.state, c, o, fills)) this.recorder.note(day, n);
          // A side closed without a reopening (adaptive.roll.noReopen) is a partial close, not a roll.
          if (o.plan) this.recorder.rolled(c.group);
          this.prune();
        } else {
          this.recorder.note(day, applyDeferral(this.state, c, o));
          if (o.outcome.action === 'hedge-instead') forcedLayer = o.outcome;
          if (o.widen) {
            const fills = this.fill(ctx.market, o.widen.orders);
            this.recorder.note(day, applyWidening(c, o.widen, fills));
            this.prune();
          }
        }
      }
    }
    return forcedLayer;
  }

  // ---------------------------------------------------------------- 4. entries

  private maybeEnterCondor(ctx: ManagerContext): void {
    const wanted = entryWanted(ctx, this.state, this.recorder.condorClosedOn(ctx.market.day));
    if (!wanted) return;
    // A calendar roll fills at the configured time of the roll day (the close, or intraday like Cboe's benchmarks).
    const fill = this.config.entry.mode === 'calendar' && this.config.execution.rollFillTime === 'intraday' ? intradayFillMarket(ctx.market, this.config.execution.intradayFillTimeEt, this.config.execution.intradayReferenceTimeEt) : undefined;
    const opened = fill ? this.openCondor({ ...ctx, market: fill.market }, wanted.rule, { ...wanted, figures: { ...wanted.figures, ...fill.figures } }) : this.openCondor(ctx, wanted.rule, wanted);
    if (opened) this.state.tradingDaysSinceEntry = 0;
  }

  private openCondor(ctx: ManagerContext, rule: string, trigger?: RuleOutcome): CondorState | undefined {
    const entry = this.decide((ids) => planCondorEntry(ctx, ids, rule, trigger));
    if (entry.kind === 'skip') {
      this.recorder.note(ctx.market.day, entry.note);
      return undefined;
    }
    const fills = this.fill(ctx.market, entry.orders);
    const opened = applyCondorOpen(ctx, this.state, entry, fills);
    this.recorder.opened(entry.group, opened.opening);
    for (const n of opened.notes) this.recorder.note(ctx.market.day, n);
    // Cboe PPUT's packages: the underlying leg holds one unit per option unit, bought at the roll's fill level.
    if (this.config.sizing.mode === 'underlying-units') {
      this.resetUnderlying(ctx.market, entry.contracts * OPTION_MULTIPLIER_USD * this.exec.indexFillLevel(ctx.market), 'sizing.underlyingUnits');
    }
    return opened.condor;
  }

  // ---------------------------------------------------------------- 5. hedge

  private manageHedge(ctx: ManagerContext, forcedLayer: RuleOutcome | undefined): void {
    const m = ctx.market;
    const s = this.state;
    // Cash first (the spike rule, then take-profit), then rolls, so new layers see the book after them.
    const spike = beginHedgeDay(ctx, s);
    for (const l of [...s.layers]) {
      const d = this.decide((ids) => manageLayer(ctx, s, l, spike, ids, () => this.exposures(m)));
      for (const n of d.notes) this.recorder.note(m.day, n);
      if (d.letDecay && l.letDecay !== true) l.letDecay = true;
      if (d.order?.kind === 'cash') {
        this.fill(m, d.order.orders);
        // Layer 1's fund leaves with its calls, under the same rule.
        // (Not while a renewal of layer 1, hedge.agedLayerTopUps: renew, still holds the rung.)
        if (l.layer === 1 && !s.layers.some((x) => x !== l && x.layer === 1)) this.sellFund(m, planFundSale(ctx, d.order.outcome.rule, `layer 1 cashed: ${d.order.outcome.reason}`));
        const n = applyLayerCash(ctx, s, l, d.order);
        this.recorder.note(m.day, n);
        this.finishGroup(m.day, l.group, d.order.outcome.rule);
      } else if (d.order?.kind === 'roll') {
        const fills = this.fill(m, [...d.order.closes, ...d.order.buys.flatMap((b) => b.orders)]);
        this.recorder.note(m.day, applyLayerRoll(ctx, s, l, d.order, fills));
        // A roll that bought nothing back is the layer's exit, not a roll.
        if (l.legIds.length === 0) this.finishGroup(m.day, l.group, `${d.order.roll.rule} (nothing rebought)`);
        else this.recorder.rolled(l.group);
      }
    }
    this.prune();
    // Layer 1's fund is kept with layer 1 while no condor is open, and says so once each time.
    const noCondor = fundWithoutCondor(ctx, s);
    if (noCondor) {
      this.exec.fund.noteHeldWithoutCondor(noCondor.heldWithoutCondor);
      if (noCondor.note) this.recorder.note(m.day, noCondor.note);
    }

    const passedToday = passedSeeds(ctx, s);
    for (const passed of passedToday) {
      this.fill(m, passed.orders);
      this.recorder.note(m.day, passed.note);
      this.finishGroup(m.day, passed.seed.group, passed.note.rule);
    }
    // A seed whose condors are gone is sold (its orders) or held to its decision (a note only).
    for (const alone of seedsWithoutCondor(ctx, s)) {
      if (passedToday.some((p) => p.seed === alone.seed)) continue;
      if (alone.letDecay) alone.seed.letDecay = true;
      if (alone.orders.length > 0) this.fill(m, alone.orders);
      this.recorder.note(m.day, alone.note);
      if (alone.orders.length > 0) this.finishGroup(m.day, alone.seed.group, alone.note.rule);
    }
    this.prune();
    const seed = this.decide((ids) => planSeed(ctx, s, ids));
    if (seed.note) this.recorder.note(m.day, seed.note);
    if (seed.order) {
      const fills = this.fill(m, seed.order.orders);
      const booked = applySeed(s, seed.order, fills);
      this.recorder.opened(seed.order.seed.group, booked.opening);
      this.recorder.note(m.day, booked.note);
    }

    const exposures = this.exposures(m);
    const want = layerWanted(ctx, s, forcedLayer);
    if (want && 'note' in want) this.recorder.note(m.day, want.note);
    else if (want) {
      const add = this.decide((ids) => planAddLayer(ctx, s, ids, want, exposures));
      for (const n of add.notes) this.recorder.note(m.day, n);
      if (add.order) {
        const fills = this.fill(m, add.order.buys.flatMap((b) => b.orders));
        const booked = applyAddLayer(ctx, s, add.order, fills);
        this.recorder.opened(add.order.layer.group, booked.opening);
        this.recorder.note(m.day, booked.note);
        if (add.order.layer.layer === 1) this.resizeFund(ctx, add.order.trigger.rule);
      }
    }
    // After the day's adds, so a layer 1 that expired and is bought again today keeps its fund.
    this.sellFund(m, planFundSaleWithoutLayerOne(ctx, s));

    if (!rebalanceDue(ctx, s)) return;
    this.rebalanceRanDay = m.day;
    this.resizeFund(ctx, 'hedge.rebalance.etf');
    const rebalance = this.decide((ids) => planRebalance(ctx, s, ids, this.exposures(m)));
    for (const n of rebalance.notes) this.recorder.note(m.day, n);
    const o = rebalance.order;
    if (o?.kind === 'trim') {
      this.rebalanceTrimDay = m.day;
      this.fill(m, o.orders);
      this.recorder.note(m.day, applyTrim(o));
      for (const layer of [...s.layers]) {
        if (this.book.positionsOf(layer.group).length > 0) continue;
        coolDownRung(ctx, s, layer);
        this.finishGroup(m.day, layer.group, o.outcome.rule);
      }
      this.prune();
    } else if (o?.kind === 'top-up') {
      const fills = this.fill(m, o.buy.orders);
      const booked = applyTopUp(ctx, s, o, fills);
      // A renewal (hedge.agedLayerTopUps: renew) opens a new layer group: its trade record starts here.
      if (booked.opening) this.recorder.opened(o.layer.group, booked.opening);
      for (const n of booked.notes) this.recorder.note(m.day, n);
    }
  }

  /** Bring layer 1's fund to its share of the target exposure (sized on the condor exposure now), a purchase under the band's top. */
  private resizeFund(ctx: ManagerContext, rule: string): void {
    const planned = this.decide((ids) => planFundResize(ctx, this.state, ids, this.exposures(ctx.market), rule));
    if (planned.note) this.recorder.note(ctx.market.day, planned.note);
    const o: FundResizeOrder | undefined = planned.order;
    if (!o) return;
    const booked = applyFundResize(ctx, o, this.exec.executeFund(ctx.market, o.order));
    if (booked.opening) this.recorder.opened(o.order.group, booked.opening);
    else this.recorder.legsChanged(this.book, o.order.group);
    this.recorder.note(ctx.market.day, booked.note);
  }

  /** Sell all of layer 1's fund (when a sale was ordered) and close its group. */
  private sellFund(m: MarketDayView, o: FundSaleOrder | undefined): void {
    if (!o) return;
    this.recorder.note(m.day, applyFundSale(o, this.exec.executeFund(m, o.order)));
    this.finishGroup(m.day, o.order.group, o.order.rule);
  }

  /** Cboe VXTH's calendar hedge; the underlying leg is reset to the rest of the equity on each roll. */
  private manageCalendarHedge(ctx: ManagerContext): void {
    const plan = this.decide((ids) => planCalendarHedge(ctx, ids));
    if (!plan) return;
    if (plan.note) this.recorder.note(ctx.market.day, plan.note);
    if (plan.order) {
      const [fill] = this.fill(ctx.market, [plan.order.order]);
      const booked = applyCalendarHedge(ctx.market.day, plan.order, fill as LegFill);
      this.recorder.opened(plan.order.group, booked.opening);
      this.recorder.note(ctx.market.day, booked.note);
    }
    if (plan.resetUnderlying && this.config.underlyingLeg.index !== 'none') {
      this.resetUnderlying(ctx.market, this.book.equityUsd() - this.book.positionsValueUsd((q) => q.role === 'hedge'), 'underlying.rebalanceOnRoll');
    }
  }

  // ---------------------------------------------------------------- the underlying leg

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
    const level = this.exec.indexFillLevel(m);
    const held = this.book.indexHoldings.get(StrategyEngine.UNDERLYING_ID);
    const heldUnits = held?.units ?? 0;
    const units = Math.max(targetUsd, 0) / level - heldUnits;
    if (Math.abs(units) < 1e-9) return;
    const group = held?.group ?? allocateId(this.state, 'underlying');
    this.book.tradeIndex(m.day, StrategyEngine.UNDERLYING_ID, group, 'condor', units, level, rule);
    this.recorder.log(m.day, 'rebalance', rule, `${units > 0 ? 'buy' : 'sell'} ${Math.abs(units).toFixed(4)} SPX units at ${level.toFixed(2)}: the underlying leg (${this.config.underlyingLeg.index}) holds ${(heldUnits + units).toFixed(4)} units, ${Math.max(targetUsd, 0).toFixed(0)} USD`, group, { units, level, targetUsd });
  }
}
