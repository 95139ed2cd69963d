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
    const unavailable: UnavailableSignal[] = [];
    const note: Note = (signal, reason) => void unavailable.push({ signal, reason });
    const iso = isoFromDay(day);

    const spx = this.stepSpx(i, day, iso, note);
    const vix = this.stepVix(i, day, iso, note);
    const term = this.readTermStructure(day, iso, vix.close, note);
    const { known, records: events } = this.eventRecords(i, day, note);
    this.updateEpisode(i, day, known, spx.close, vix.close, term.contango, spx.hasBreadth, spx.activeBearish, note);
    const { rsai, entry, realisedVol } = this.stepRsai(day, spx, vix.regime, vix.close, term.record.inverted, note);

    return {
      date: iso,
      barIndex: i,
      spx: { ...spx.record, realisedVol },
      vix: vix.record,
      termStructure: term.record,
      divergences: spx.divergences,
      events,
      relief: this.reliefRecord(),
      rsai,
      entry,
      unavailable,
    };
  }

  /** SPX momentum, volume and breadth lines, pivots, divergences and failure swings. */
  private stepSpx(i: number, day: DayNumber, iso: string, note: Note) {
    const bar = this.history.barOn('spx', day);
    if (bar === undefined) throw new SignalStepError(`history has no SPX bar on its own trading day ${iso}`);
    const close = requireFinite(`SPX close on ${iso}`, bar.close);
    if (bar.volume !== undefined) requireFinite(`SPX volume on ${iso}`, bar.volume);
    this.spxBarsSeen += 1;
    this.spxCloses[i] = close;
    const warming = (signal: string, needBars: number): void => note(signal, `warming up: needs ${needBars} bars, has ${this.spxBarsSeen}`);

    const macd = this.spxMacd.update(close);
    const cross = macdCross(this.previousSpxMacd, macd);
    // A cross needs the signal line on two consecutive bars; before that it is unknown, not "no cross".
    const crossKnown = this.previousSpxMacd?.signal !== undefined && macd?.signal !== undefined;
    this.previousSpxMacd = macd;
    this.crosses[i] = cross;
    if (macd?.signal === undefined) warming('spx.macd', this.spxMacd.warmupBars);
    const rsi = this.spxRsi.update(close);
    if (rsi === undefined) warming('spx.rsi', this.spxRsi.warmupBars);
    const obv = this.obv.update(close, bar.volume);
    if (obv === undefined) note('spx.obv', 'no SPX volume recorded on this day (the line restarts after the gap)');
    const breadth = this.history.breadthOn(day);
    if (breadth !== undefined) {
      requireFinite(`NYSE advancing issues on ${iso}`, breadth.advancing);
      requireFinite(`NYSE declining issues on ${iso}`, breadth.declining);
    }
    const ad = this.adLine.update(breadth);
    if (ad === undefined) note('spx.adLine', 'no NYSE breadth record for this day (breadth is user-imported, never estimated)');

    this.readings.macd[i] = macd === undefined ? undefined : { value: macd.line, segment: 0 };
    this.readings.rsi[i] = rsi === undefined ? undefined : { value: rsi, segment: 0 };
    this.readings.obv[i] = obv;
    this.readings.adLine[i] = ad;
    for (const name of OSCILLATORS) {
      if (this.readings[name][i] === undefined) note(`divergences.${name}`, `no ${name} value today; pivots on such days are not compared on it`);
    }

    const newPivots = this.pivots.update(i, close);
    const detected = this.divergences.update(
      i,
      newPivots,
      (name, b) => this.readings[name][b],
      (b) => this.crosses[b] ?? 'none',
    );
    const failure = rsi === undefined ? undefined : this.failureSwings.update(i, rsi);
    // Realised vol comes from the RSAi, which needs the day's VIX: processBar adds it.
    const record: Omit<DailySignals['spx'], 'realisedVol'> = {
      close,
      macd: macdRecord(macd),
      macdCrossunder: crossKnown ? cross === 'down' : null,
      macdCrossover: crossKnown ? cross === 'up' : null,
      rsi: rsi ?? null,
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
      newPivots: newPivots.map((p) => ({ kind: p.kind, date: this.dateAt(p.barIndex), close: p.value })),
    };
    return {
      close,
      record,
      hasBreadth: breadth !== undefined,
      divergences: this.divergenceSet(this.divergences, detected, i),
      activeBearish: this.activeDivergence(this.divergences, 'bearish', i),
      activeBullish: this.activeDivergence(this.divergences, 'bullish', i),
    };
  }

  /** VIX regime, spike, MACD, RSI and VIX divergences; nothing moves on a day without a VIX close. */
  private stepVix(i: number, day: DayNumber, iso: string, note: Note): { close: number | undefined; regime: VixRegime | undefined; record: DailySignals['vix'] } {
    const close = finiteOrUndefined(`VIX close on ${iso}`, this.history.closeOn('vix', day));
    this.vixCloses[i] = close;
    if (close === undefined) {
      note('vix', 'no VIX close on this day');
      const empty: DailySignals['vix'] = {
        close: null,
        regime: null,
        regimeBars: null,
        spike: null,
        ratioToRecentLow: null,
        macd: null,
        macdCrossUp: null,
        rsi: null,
        divergences: this.divergenceSet(this.vixDivergences, [], i),
      };
      return { close, regime: undefined, record: empty };
    }
    this.vixBarsSeen += 1;
    const warming = (signal: string, needBars: number): void => note(signal, `warming up: needs ${needBars} VIX days, has ${this.vixBarsSeen}`);
    const regime = vixRegime(close, this.config.vixRegimeThresholds);
    this.regimeBars = regime === this.previousRegime ? this.regimeBars + 1 : 1;
    this.previousRegime = regime;
    const macd = this.vixMacd.update(close);
    const cross = macdCross(this.previousVixMacd, macd);
    const crossKnown = this.previousVixMacd?.signal !== undefined && macd?.signal !== undefined;
    this.previousVixMacd = macd;
    this.vixCrosses[i] = cross;
    const rsi = this.vixRsi.update(close);
    const spike = this.vixSpike.update(close);
    if (macd?.signal === undefined) warming('vix.macd', this.vixMacd.warmupBars);
    if (rsi === undefined) warming('vix.rsi', this.vixRsi.warmupBars);
    if (spike === undefined) warming('vix.spike', this.vixSpike.warmupBars);
    this.vixReadings.macd[i] = macd === undefined ? undefined : { value: macd.line, segment: 0 };
    this.vixReadings.rsi[i] = rsi === undefined ? undefined : { value: rsi, segment: 0 };
    const detected = this.vixDivergences.update(
      i,
      this.vixPivots.update(i, close),
      (name, b) => (name === 'macd' || name === 'rsi' ? this.vixReadings[name][b] : undefined),
      (b) => this.vixCrosses[b] ?? 'none',
    );
    return {
      close,
      regime,
      record: {
        close,
        regime,
        regimeBars: this.regimeBars,
        spike: spike?.spike ?? null,
        ratioToRecentLow: spike?.ratioToRecentLow ?? null,
        macd: macdRecord(macd),
        macdCrossUp: crossKnown ? cross === 'up' : null,
        rsi: rsi ?? null,
        divergences: this.divergenceSet(this.vixDivergences, detected, i),
      },
    };
  }

  /** VIX / VIX3M and the futures slope; `contango` prefers futures and falls back to the spot ratio. */
  private readTermStructure(day: DayNumber, iso: string, vixClose: number | undefined, note: Note) {
    const c = this.config;
    const vix3m = finiteOrUndefined(`VIX3M close on ${iso}`, this.history.closeOn('vix3m', day));
    const spotRatio = vixClose !== undefined && vix3m !== undefined && vix3m > 0 ? spotTermRatio(vixClose, vix3m, c.vixTermInversionRatio) : undefined;
    if (spotRatio === undefined) note('termStructure.vixToVix3m', vix3m === undefined ? 'no VIX3M close on this day' : 'no VIX close on this day');
    const curve = this.history.termStructureOn(day);
    for (const point of curve) requireFinite(`${point.contract} settlement on ${iso}`, point.settle);
    const slope = futuresSlope(curve, c.futuresFrontMinDteDays);
    if (slope === undefined) note('termStructure.futuresContango', 'fewer than two VIX futures listed on this day');
    const contango = slope !== undefined ? slope.contango > 0 : spotRatio !== undefined ? !spotRatio.inverted : undefined;
    const record: DailySignals['termStructure'] = {
      vix3m: vix3m ?? null,
      vixToVix3m: spotRatio?.vixToVix3m ?? null,
      inverted: spotRatio?.inverted ?? null,
      frontContract: slope?.front.contract ?? null,
      frontSettle: slope?.front.settle ?? null,
      secondContract: slope?.second.contract ?? null,
      secondSettle: slope?.second.settle ?? null,
      futuresContango: slope?.contango ?? null,
    };
    return { record, contango };
  }

  private eventRecords(i: number, day: DayNumber, note: Note): { known: MarketEvent[]; records: EventProximityRecord[] } {
    const c = this.config;
    const known = eventsKnownOn(this.history, day, c.eventSearchHorizonDays);
    const pastAxis = this.axis.subarray(0, i + 1);
    const records = c.eventKinds.map((kind): EventProximityRecord => {
      const p = eventProximity(kind, day, known, pastAxis, this.deps.countTradingDays);
      if (p.nextDay === undefined) note(`events.${kind}.next`, `no ${kind} event known within ${c.eventSearchHorizonDays} days`);
      if (p.lastDay === undefined) note(`events.${kind}.last`, `no ${kind} event within the last ${c.eventSearchHorizonDays} days`);
      return {
        kind,
        nextDate: p.nextDay === undefined ? null : isoFromDay(p.nextDay),
        tradingDaysToNext: p.tradingDaysToNext ?? null,
        lastDate: p.lastDay === undefined ? null : isoFromDay(p.lastDay),
        tradingDaysSinceLast: p.tradingDaysSinceLast ?? null,
      };
    });
    return { known, records };
  }

  /** The RSAi and the entry decision; also completes the SPX record with the realised vol. */
  private stepRsai(
    day: DayNumber,
    spx: ReturnType<EngineState['stepSpx']>,
    regime: VixRegime | undefined,
    vixClose: number | undefined,
    inverted: boolean | null,
    note: Note,
  ): { rsai: DailySignals['rsai']; entry: DailySignals['entry']; realisedVol: number | null } {
    const c = this.config;
    const reading = this.adaptiveRsi.update(day, spx.close, vixClose);
    const realisedVol = this.adaptiveRsi.lastRealisedVolDecimal;
    if (realisedVol === undefined) note('spx.realisedVol', `warming up: needs ${c.realisedVolWindowBars + 1} bars, has ${this.spxBarsSeen}`);
    const divergence: DivergenceStateForScore = { bearish: scoreState(spx.activeBearish), bullish: scoreState(spx.activeBullish) };
    const score = reading === undefined ? undefined : rsaiScore(reading.adaptiveRsi, divergence, c.rsaiDivergencePoints);
    if (reading === undefined) {
      note('rsai', vixClose === undefined ? 'no VIX close on this day (the vol ratio needs implied vol)' : `warming up: needs ${this.adaptiveRsi.warmupBars} bars`);
    }
    if (inverted === null && c.entryBlockedWhenInverted) note('entry.inversionFilter', 'VIX / VIX3M unavailable: the inversion filter is skipped');
    const entry = icEntryDecision({ score, divergence, regime, inverted: inverted ?? undefined }, c);
    return {
      rsai: {
        volRatio: reading?.volRatio ?? null,
        periodBars: reading?.periodBars ?? null,
        adaptiveRsi: reading?.adaptiveRsi ?? null,
        score: score ?? null,
      },
      entry: { trigger: entry.trigger, reason: entry.reason },
      realisedVol: realisedVol ?? null,
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
    missing: Note,
  ): void {
    const c = this.config;
    const previousDay = i > 0 ? this.axis[i - 1] : undefined;
    if (previousDay !== undefined) {
      const opening = known.filter((e) => e.day > previousDay && e.day <= day && c.eventKinds.includes(e.kind));
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

type Note = (signal: string, reason: string) => void;

function scoreState(d: Divergence | undefined): DivergenceStateForScore['bearish'] {
  if (d === undefined) return 'none';
  return d.confirmation === undefined ? 'active' : 'confirmed';
}

function macdRecord(value: MacdValue | undefined): MacdRecord | null {
  if (value === undefined) return null;
  return { line: value.line, signal: value.signal ?? null, histogram: value.histogram ?? null };
}
