/**
 * The signal engine: every signal of METHODOLOGY.md section 2, computed one trading day at a time.
 *
 * A backtest and the live daily signal run this same code. `step(day)` consumes the history's
 * trading-day axis in order up to `day` and reads, for each day, only that day's data (bars, futures
 * curve, breadth) plus the events known on that day (scheduled ones in advance, unscheduled ones from
 * their own day): a value for day t never depends on data after t.
 */
import type { MarketEvent, MarketHistory } from '../history/types.js';
import { requireFinite } from '../lib/finite.js';
import { isoFromDay, type DayNumber } from '../time/day.js';
import type { SignalConfig, VixRegime } from './config.js';
import type {
  DailySignals,
  DivergenceRecord,
  DivergenceSet,
  EventProximityRecord,
  MacdRecord,
  ReliefRecord,
  UnavailableSignal,
} from './dailySignals.js';
import { DivergenceTracker, OSCILLATORS, type Divergence, type DivergenceDirection, type OscillatorName, type OscillatorReading } from './divergence.js';
import { eventProximity, eventsKnownOn, type CountTradingDays } from './events.js';
import { RsiFailureSwingDetector } from './failureSwing.js';
import { AdvanceDeclineLine } from './indicators/advanceDeclineLine.js';
import { Macd, macdCross, type MacdCross, type MacdValue } from './indicators/macd.js';
import { OnBalanceVolume } from './indicators/onBalanceVolume.js';
import { WilderRsi } from './indicators/wilderRsi.js';
import { SwingPivotDetector } from './pivots.js';
import { advanceEpisode, openEpisode, reliefStateOf, type ReliefEpisode } from './reliefRally.js';
import { AdaptiveRsi, icEntryDecision, rsaiScore, type DivergenceStateForScore } from './rsai.js';
import { futuresSlope, spotTermRatio } from './termStructure.js';
import { VixSpikeDetector, vixRegime } from './vix.js';

export interface SignalDeps {
  /**
   * Trading days in (fromExclusive, toInclusive] on the exchange calendar, used for days to the next
   * event (which may lie beyond the loaded data). Pass `countNyseTradingDays` from src/calendar/nyse.ts.
   */
  readonly countTradingDays: CountTradingDays;
}

export interface SignalEngineDeps extends SignalDeps {
  readonly history: MarketHistory;
}

export interface SignalEngine {
  readonly config: SignalConfig;
  /**
   * Signals for `day`, a day of `history.tradingDays` not before the last day stepped. Days skipped
   * since the previous call are processed on the way (indicators need every bar).
   */
  step(day: DayNumber): DailySignals;
}

/** Misuse of the engine (a day off the axis, or stepping backwards): a programming error. */
export class SignalStepError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SignalStepError';
  }
}

export function createSignalEngine(config: SignalConfig, deps: SignalEngineDeps): SignalEngine {
  const state = new EngineState(config, deps);
  return {
    config,
    step: (day) => state.step(day),
  };
}

/**
 * Signals for every trading day in [fromDay, toDay]. Indicators warm up from the first day of the
 * history, so a day's values do not depend on `fromDay`.
 */
export function computeSignalTable(
  history: MarketHistory,
  fromDay: DayNumber,
  toDay: DayNumber,
  config: SignalConfig,
  deps: SignalDeps,
): DailySignals[] {
  if (fromDay > toDay) throw new SignalStepError(`fromDay ${isoFromDay(fromDay)} is after toDay ${isoFromDay(toDay)}`);
  const engine = new EngineState(config, { ...deps, history });
  const table: DailySignals[] = [];
  for (const day of history.tradingDays) {
    if (day > toDay) break;
    const signals = engine.step(day);
    if (day >= fromDay) table.push(signals);
  }
  return table;
}

class EngineState {
  private readonly history: MarketHistory;
  private readonly axis: Int32Array;
  private nextIndex = 0;
  private last: DailySignals | undefined;

  private readonly spxMacd: Macd;
  private readonly spxRsi: WilderRsi;
  private readonly obv = new OnBalanceVolume();
  private readonly adLine = new AdvanceDeclineLine();
  private readonly pivots: SwingPivotDetector;
  private readonly divergences: DivergenceTracker;
  private readonly failureSwings: RsiFailureSwingDetector;
  private readonly vixMacd: Macd;
  private readonly vixRsi: WilderRsi;
  private readonly vixSpike: VixSpikeDetector;
  private readonly adaptiveRsi: AdaptiveRsi;

  private readonly readings: Record<OscillatorName, (OscillatorReading | undefined)[]> = { macd: [], rsi: [], obv: [], adLine: [] };
  private readonly crosses: MacdCross[] = [];
  // VIX divergences run on the same axis positions; a day without VIX breaks the VIX pivot window.
  private readonly vixPivots: SwingPivotDetector;
  private readonly vixDivergences: DivergenceTracker;
  private readonly vixReadings: Record<'macd' | 'rsi', (OscillatorReading | undefined)[]> = { macd: [], rsi: [] };
  private readonly vixCrosses: MacdCross[] = [];
  private readonly spxCloses: number[] = [];
  private readonly vixCloses: (number | undefined)[] = [];
  private previousSpxMacd: MacdValue | undefined;
  private previousVixMacd: MacdValue | undefined;
  private episode: ReliefEpisode | undefined;
  private spxBarsSeen = 0;
  private vixBarsSeen = 0;
  private previousRegime: VixRegime | undefined;
  private regimeBars = 0;

  constructor(
    private readonly config: SignalConfig,
    private readonly deps: SignalEngineDeps,
  ) {
    this.history = deps.history;
    this.axis = deps.history.tradingDays;
    this.spxMacd = new Macd(config.macdFastPeriodBars, config.macdSlowPeriodBars, config.macdSignalPeriodBars);
    this.spxRsi = new WilderRsi(config.rsiPeriodBars);
    this.vixMacd = new Macd(config.macdFastPeriodBars, config.macdSlowPeriodBars, config.macdSignalPeriodBars);
    this.vixRsi = new WilderRsi(config.rsiPeriodBars);
    this.vixSpike = new VixSpikeDetector(config.vixSpikeWindowBars, config.vixSpikeRatio);
    this.pivots = new SwingPivotDetector(config.pivotLookbackBars);
    this.vixPivots = new SwingPivotDetector(config.pivotLookbackBars);
    this.vixDivergences = new DivergenceTracker(config);
    this.divergences = new DivergenceTracker(config);
    this.failureSwings = new RsiFailureSwingDetector(config);
    this.adaptiveRsi = new AdaptiveRsi(config);
  }

  step(day: DayNumber): DailySignals {
    const lastDay = this.nextIndex > 0 ? this.axis[this.nextIndex - 1] : undefined;
    if (lastDay !== undefined && day === lastDay && this.last !== undefined) return this.last;
    if (lastDay !== undefined && day < lastDay) {
      throw new SignalStepError(`cannot step back to ${isoFromDay(day)}: already at ${isoFromDay(lastDay)}`);
    }
    while (this.nextIndex < this.axis.length) {
      const axisDay = this.axis[this.nextIndex];
      if (axisDay === undefined || axisDay > day) break;
      this.last = this.processBar(this.nextIndex, axisDay);
      this.nextIndex += 1;
      if (axisDay === day) return this.last;
    }
    throw new SignalStepError(`${isoFromDay(day)} is not a trading day of the history`);
  }

  private processBar(i: number, day: DayNumber): DailySignals {
    const c = this.config;
    const unavailable: UnavailableSignal[] = [];
    const missing = (signal: string, reason: string): void => void unavailable.push({ signal, reason });
    const warming = (signal: string, needBars: number, haveBars: number): void =>
      missing(signal, `warming up: needs ${needBars} bars, has ${haveBars}`);

    const spxBar = this.history.barOn('spx', day);
    if (spxBar === undefined) throw new SignalStepError(`history has no SPX bar on its own trading day ${isoFromDay(day)}`);
    const iso = isoFromDay(day);
    const spxClose = requireFinite(`SPX close on ${iso}`, spxBar.close);
    if (spxBar.volume !== undefined) requireFinite(`SPX volume on ${iso}`, spxBar.volume);
    this.spxBarsSeen += 1;
    this.spxCloses[i] = spxClose;

    // SPX momentum and volume.
    const spxMacd = this.spxMacd.update(spxClose);
    const cross = macdCross(this.previousSpxMacd, spxMacd);
    // A cross needs the signal line on two consecutive bars; before that it is unknown, not "no cross".
    const crossKnown = this.previousSpxMacd?.signal !== undefined && spxMacd?.signal !== undefined;
    this.previousSpxMacd = spxMacd;
    this.crosses[i] = cross;
    if (spxMacd?.signal === undefined) warming('spx.macd', this.spxMacd.warmupBars, this.spxBarsSeen);
    const spxRsi = this.spxRsi.update(spxClose);
    if (spxRsi === undefined) warming('spx.rsi', this.spxRsi.warmupBars, this.spxBarsSeen);
    const obv = this.obv.update(spxClose, spxBar.volume);
    if (obv === undefined) missing('spx.obv', 'no SPX volume recorded on this day (the line restarts after the gap)');
    const breadth = this.history.breadthOn(day);
    if (breadth !== undefined) {
      requireFinite(`NYSE advancing issues on ${iso}`, breadth.advancing);
      requireFinite(`NYSE declining issues on ${iso}`, breadth.declining);
    }
    const ad = this.adLine.update(breadth);
    if (ad === undefined) missing('spx.adLine', 'no NYSE breadth record for this day (breadth is user-imported, never estimated)');

    this.readings.macd[i] = spxMacd === undefined ? undefined : { value: spxMacd.line, segment: 0 };
    this.readings.rsi[i] = spxRsi === undefined ? undefined : { value: spxRsi, segment: 0 };
    this.readings.obv[i] = obv;
    this.readings.adLine[i] = ad;

    // Pivots, divergences, failure swings.
    const newPivots = this.pivots.update(i, spxClose);
    const detected = this.divergences.update(
      i,
      newPivots,
      (name, bar) => this.readings[name][bar],
      (bar) => this.crosses[bar] ?? 'none',
    );
    const failure = spxRsi === undefined ? undefined : this.failureSwings.update(i, spxRsi);
    for (const name of OSCILLATORS) {
      if (this.readings[name][i] === undefined) missing(`divergences.${name}`, `no ${name} value today; pivots on such days are not compared on it`);
    }
    const activeBearish = this.activeDivergence(this.divergences, 'bearish', i);
    const activeBullish = this.activeDivergence(this.divergences, 'bullish', i);

    // VIX.
    const vixClose = finiteOrUndefined(`VIX close on ${iso}`, this.history.closeOn('vix', day));
    this.vixCloses[i] = vixClose;
    let regime: VixRegime | undefined;
    let vixMacd: MacdValue | undefined;
    let vixRsi: number | undefined;
    let vixCrossUp: boolean | undefined;
    let spike: ReturnType<VixSpikeDetector['update']>;
    let vixDetected: Divergence[] = [];
    if (vixClose === undefined) {
      missing('vix', 'no VIX close on this day');
    } else {
      this.vixBarsSeen += 1;
      regime = vixRegime(vixClose, c.vixRegimeThresholds);
      this.regimeBars = regime === this.previousRegime ? this.regimeBars + 1 : 1;
      this.previousRegime = regime;
      vixMacd = this.vixMacd.update(vixClose);
      const vixCross = macdCross(this.previousVixMacd, vixMacd);
      this.vixCrosses[i] = vixCross;
      vixCrossUp = vixMacd?.signal === undefined || this.previousVixMacd?.signal === undefined ? undefined : vixCross === 'up';
      this.previousVixMacd = vixMacd;
      vixRsi = this.vixRsi.update(vixClose);
      spike = this.vixSpike.update(vixClose);
      this.vixReadings.macd[i] = vixMacd === undefined ? undefined : { value: vixMacd.line, segment: 0 };
      this.vixReadings.rsi[i] = vixRsi === undefined ? undefined : { value: vixRsi, segment: 0 };
      vixDetected = this.vixDivergences.update(
        i,
        this.vixPivots.update(i, vixClose),
        (name, bar) => (name === 'macd' || name === 'rsi' ? this.vixReadings[name][bar] : undefined),
        (bar) => this.vixCrosses[bar] ?? 'none',
      );
      if (vixMacd?.signal === undefined) warming('vix.macd', this.vixMacd.warmupBars, this.vixBarsSeen);
      if (vixRsi === undefined) warming('vix.rsi', this.vixRsi.warmupBars, this.vixBarsSeen);
      if (spike === undefined) warming('vix.spike', this.vixSpike.warmupBars, this.vixBarsSeen);
    }

    // Term structure.
    const vix3m = finiteOrUndefined(`VIX3M close on ${iso}`, this.history.closeOn('vix3m', day));
    const spotRatio = vixClose !== undefined && vix3m !== undefined && vix3m > 0 ? spotTermRatio(vixClose, vix3m, c.vixTermInversionRatio) : undefined;
    if (spotRatio === undefined) missing('termStructure.vixToVix3m', vix3m === undefined ? 'no VIX3M close on this day' : 'no VIX close on this day');
    const curve = this.history.termStructureOn(day);
    for (const point of curve) requireFinite(`${point.contract} settlement on ${iso}`, point.settle);
    const slope = futuresSlope(curve, c.futuresFrontMinDteDays);
    if (slope === undefined) missing('termStructure.futuresContango', 'fewer than two VIX futures listed on this day');
    const contango = slope !== undefined ? slope.contango > 0 : spotRatio !== undefined ? !spotRatio.inverted : undefined;

    // Events.
    const known = eventsKnownOn(this.history, day, c.eventSearchHorizonDays);
    const pastAxis = this.axis.subarray(0, i + 1);
    const events: EventProximityRecord[] = c.eventKinds.map((kind) => {
      const p = eventProximity(kind, day, known, pastAxis, this.deps.countTradingDays);
      if (p.nextDay === undefined) missing(`events.${kind}.next`, `no ${kind} event known within ${c.eventSearchHorizonDays} days`);
      if (p.lastDay === undefined) missing(`events.${kind}.last`, `no ${kind} event within the last ${c.eventSearchHorizonDays} days`);
      return {
        kind,
        nextDate: p.nextDay === undefined ? null : isoFromDay(p.nextDay),
        tradingDaysToNext: p.tradingDaysToNext ?? null,
        lastDate: p.lastDay === undefined ? null : isoFromDay(p.lastDay),
        tradingDaysSinceLast: p.tradingDaysSinceLast ?? null,
      };
    });

    // Relief rally vs resolution.
    this.updateEpisode(i, day, known, spxClose, vixClose, contango, breadth !== undefined, activeBearish, missing);

    // RSAi and the entry trigger.
    const rsai = this.adaptiveRsi.update(day, spxClose, vixClose);
    const divergenceState: DivergenceStateForScore = {
      bearish: scoreState(activeBearish),
      bullish: scoreState(activeBullish),
    };
    const score = rsai === undefined ? undefined : rsaiScore(rsai.adaptiveRsi, divergenceState, c.rsaiDivergencePoints);
    if (rsai === undefined) {
      missing('rsai', vixClose === undefined ? 'no VIX close on this day (the vol ratio needs implied vol)' : `warming up: needs ${this.adaptiveRsi.warmupBars} bars`);
    }
    if (spotRatio === undefined && c.entryBlockedWhenInverted) missing('entry.inversionFilter', 'VIX / VIX3M unavailable: the inversion filter is skipped');
    const entry = icEntryDecision({ score, divergence: divergenceState, regime, inverted: spotRatio?.inverted }, c);
    const realisedVol = this.adaptiveRsi.lastRealisedVolDecimal;
    if (realisedVol === undefined) warming('spx.realisedVol', c.realisedVolWindowBars + 1, this.spxBarsSeen);

    return {
      date: isoFromDay(day),
      barIndex: i,
      spx: {
        close: spxClose,
        macd: macdRecord(spxMacd),
        macdCrossunder: crossKnown ? cross === 'down' : null,
        macdCrossover: crossKnown ? cross === 'up' : null,
        rsi: spxRsi ?? null,
        rsiFailureSwing:
          failure === undefined
            ? null
            : {
                firstHighDate: this.dateAt(failure.firstHighBarIndex),
                secondHighDate: this.dateAt(failure.secondHighBarIndex),
                firstHighRsi: failure.firstHighRsi,
                secondHighRsi: failure.secondHighRsi,
              },
        obv: obv?.value ?? null,
        adLine: ad?.value ?? null,
        realisedVol: realisedVol ?? null,
        newPivots: newPivots.map((p) => ({ kind: p.kind, date: this.dateAt(p.barIndex), close: p.value })),
      },
      vix: {
        close: vixClose ?? null,
        regime: regime ?? null,
        regimeBars: regime === undefined ? null : this.regimeBars,
        spike: spike?.spike ?? null,
        ratioToRecentLow: spike?.ratioToRecentLow ?? null,
        macd: macdRecord(vixMacd),
        macdCrossUp: vixCrossUp ?? null,
        rsi: vixRsi ?? null,
        divergences: this.divergenceSet(this.vixDivergences, vixDetected, i),
      },
      termStructure: {
        vix3m: vix3m ?? null,
        vixToVix3m: spotRatio?.vixToVix3m ?? null,
        inverted: spotRatio?.inverted ?? null,
        frontContract: slope?.front.contract ?? null,
        frontSettle: slope?.front.settle ?? null,
        secondContract: slope?.second.contract ?? null,
        secondSettle: slope?.second.settle ?? null,
        futuresContango: slope?.contango ?? null,
      },
      divergences: this.divergenceSet(this.divergences, detected, i),
      events,
      relief: this.reliefRecord(),
      rsai: {
        volRatio: rsai?.volRatio ?? null,
        periodBars: rsai?.periodBars ?? null,
        adaptiveRsi: rsai?.adaptiveRsi ?? null,
        score: score ?? null,
      },
      entry: { trigger: entry.trigger, reason: entry.reason },
      unavailable,
    };
  }

  private updateEpisode(
    i: number,
    day: DayNumber,
    known: readonly MarketEvent[],
    spxClose: number,
    vixClose: number | undefined,
    contango: boolean | undefined,
    hasBreadth: boolean,
    activeBearish: Divergence | undefined,
    missing: (signal: string, reason: string) => void,
  ): void {
    const c = this.config;
    const previousDay = i > 0 ? this.axis[i - 1] : undefined;
    if (previousDay !== undefined) {
      const opening = known.filter((e) => e.day > previousDay && e.day <= day && c.eventKinds.includes(e.kind as (typeof c.eventKinds)[number]));
      const first = opening[0];
      // A live relief rally keeps its pre-event anchor through a following release (CPI then PPI the
      // next morning); otherwise the newest event opens a fresh episode.
      if (first !== undefined && this.episode?.phase !== 'relief-rally') {
        const preSpx = this.spxCloses[i - 1];
        const preVix = this.vixCloses[i - 1];
        const kinds = [...new Set(opening.map((e) => e.kind))].sort();
        this.episode = preSpx !== undefined && preVix !== undefined ? openEpisode(first.day, kinds, preSpx, preVix) : undefined;
      }
    }
    if (this.episode === undefined) return;
    if (vixClose === undefined) {
      missing('relief', 'no VIX close on this day');
      return;
    }
    if (contango === undefined) missing('relief.contangoCondition', 'no VIX3M and no VIX futures: the contango condition is skipped');
    const divergingOn: OscillatorName = hasBreadth ? 'adLine' : 'rsi';
    if (!hasBreadth) missing('relief.adLineCondition', 'no NYSE breadth: SPX RSI divergence is used instead');
    const breadthDiverging = activeBearish !== undefined && activeBearish.oscillators.includes(divergingOn);
    this.episode = advanceEpisode(this.episode, { day, spxClose, vixClose, contango, breadthDiverging }, c);
  }

  private divergenceSet(tracker: DivergenceTracker, detected: readonly Divergence[], i: number): DivergenceSet {
    const bearish = this.activeDivergence(tracker, 'bearish', i);
    const bullish = this.activeDivergence(tracker, 'bullish', i);
    return {
      detectedToday: detected.map((d) => this.divergenceRecord(d, i)),
      activeBearish: bearish === undefined ? null : this.divergenceRecord(bearish, i),
      activeBullish: bullish === undefined ? null : this.divergenceRecord(bullish, i),
    };
  }

  private activeDivergence(tracker: DivergenceTracker, direction: DivergenceDirection, i: number): Divergence | undefined {
    const d = tracker.latestDivergence(direction);
    if (d === undefined || i - d.detectedBarIndex >= this.config.divergenceActiveBars) return undefined;
    return d;
  }

  private dateAt(barIndex: number): string {
    const day = this.axis[barIndex];
    if (day === undefined) throw new SignalStepError(`bar ${barIndex} is outside the trading-day axis`);
    return isoFromDay(day);
  }

  private divergenceRecord(d: Divergence, i: number): DivergenceRecord {
    return {
      direction: d.direction,
      oscillators: d.oscillators,
      firstPivotDate: this.dateAt(d.firstPivotBarIndex),
      secondPivotDate: this.dateAt(d.secondPivotBarIndex),
      detectedDate: this.dateAt(d.detectedBarIndex),
      confirmed: d.confirmation !== undefined,
      confirmedBy: d.confirmation?.by ?? null,
      confirmedDate: d.confirmation === undefined ? null : this.dateAt(d.confirmation.barIndex),
      ageBars: i - d.detectedBarIndex,
    };
  }

  private reliefRecord(): ReliefRecord {
    const e = this.episode;
    const iso = (day: DayNumber | undefined): string | null => (day === undefined ? null : isoFromDay(day));
    return {
      state: reliefStateOf(e),
      phase: e?.phase ?? null,
      eventDate: iso(e?.eventDay),
      eventKinds: e?.eventKinds ?? [],
      preEventSpxClose: e?.preEventSpxClose ?? null,
      preEventVixClose: e?.preEventVixClose ?? null,
      vixBelowPreEventBars: e?.vixBelowPreEventBars ?? null,
      reliefDate: iso(e?.reliefDay),
      resolutionDate: iso(e?.resolutionDay),
      fadeDate: iso(e?.fadeDay),
    };
  }
}

/** A value the history gives must be finite when present: NaN would be a broken adapter, not a missing day. */
function finiteOrUndefined(field: string, value: number | undefined): number | undefined {
  return value === undefined ? undefined : requireFinite(field, value);
}

function scoreState(d: Divergence | undefined): DivergenceStateForScore['bearish'] {
  if (d === undefined) return 'none';
  return d.confirmation === undefined ? 'active' : 'confirmed';
}

function macdRecord(value: MacdValue | undefined): MacdRecord | null {
  if (value === undefined) return null;
  return { line: value.line, signal: value.signal ?? null, histogram: value.histogram ?? null };
}
