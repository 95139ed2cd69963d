/**
 * The daily signal record: a plain JSON-serialisable object (dates as ISO strings, `null` where a value
 * is unavailable, never NaN or a placeholder). The backtester, the daily signal and the CLI all read
 * this shape; `unavailable` says which signals have no value on the day and why.
 */
import type { VixRegime, SignalEventKind } from './config.js';
import type { OscillatorName, DivergenceDirection } from './divergence.js';
import type { ReliefPhase, ReliefState } from './reliefRally.js';
import type { EntryReason } from './rsai.js';

export interface MacdRecord {
  readonly line: number;
  readonly signal: number | null;
  readonly histogram: number | null;
}

export interface PivotRecord {
  readonly kind: 'high' | 'low';
  readonly date: string;
  readonly close: number;
}

export interface DivergenceRecord {
  readonly direction: DivergenceDirection;
  readonly oscillators: readonly OscillatorName[];
  readonly firstPivotDate: string;
  readonly secondPivotDate: string;
  readonly detectedDate: string;
  readonly confirmed: boolean;
  readonly confirmedBy: 'second-oscillator' | 'macd-cross' | null;
  readonly confirmedDate: string | null;
  /** Trading days since detection (0 on the detection day). */
  readonly ageBars: number;
}

/** Divergences of one price series (SPX, or VIX against its own MACD and RSI). */
export interface DivergenceSet {
  readonly detectedToday: readonly DivergenceRecord[];
  /** The latest divergence of each direction while it is active (`divergenceActiveBars`). */
  readonly activeBearish: DivergenceRecord | null;
  readonly activeBullish: DivergenceRecord | null;
}

export interface RsiFailureSwingRecord {
  readonly firstHighDate: string;
  readonly secondHighDate: string;
  readonly firstHighRsi: number;
  readonly secondHighRsi: number;
}

export interface EventProximityRecord {
  readonly kind: SignalEventKind;
  readonly nextDate: string | null;
  readonly tradingDaysToNext: number | null;
  readonly lastDate: string | null;
  readonly tradingDaysSinceLast: number | null;
}

export interface ReliefRecord {
  readonly state: ReliefState;
  readonly phase: ReliefPhase | null;
  readonly eventDate: string | null;
  readonly eventKinds: readonly string[];
  readonly preEventSpxClose: number | null;
  readonly preEventVixClose: number | null;
  readonly vixBelowPreEventBars: number | null;
  readonly reliefDate: string | null;
  readonly resolutionDate: string | null;
  readonly fadeDate: string | null;
}

export interface UnavailableSignal {
  /** Dotted path of the field (or rule) that has no value, e.g. `termStructure.vixToVix3m`. */
  readonly signal: string;
  readonly reason: string;
}

export interface DailySignals {
  readonly date: string;
  /** Position on the history's trading-day axis. */
  readonly barIndex: number;
  readonly spx: {
    readonly close: number;
    readonly macd: MacdRecord | null;
    readonly macdCrossunder: boolean | null;
    readonly macdCrossover: boolean | null;
    readonly rsi: number | null;
    readonly rsiFailureSwing: RsiFailureSwingRecord | null;
    readonly obv: number | null;
    readonly adLine: number | null;
    /** 20-day realised vol, decimal, ACT/365 annualised. */
    readonly realisedVol: number | null;
    /** Swing pivots that became known today (their dates are `pivotLookbackBars` earlier). */
    readonly newPivots: readonly PivotRecord[];
  };
  readonly vix: {
    readonly close: number | null;
    readonly regime: VixRegime | null;
    /** Consecutive VIX days in the current regime, today included (a regime that persists). */
    readonly regimeBars: number | null;
    readonly spike: boolean | null;
    readonly ratioToRecentLow: number | null;
    readonly macd: MacdRecord | null;
    readonly macdCrossUp: boolean | null;
    readonly rsi: number | null;
    /**
     * VIX against its own MACD line and RSI (directions refer to VIX: bullish = VIX makes a lower low
     * while its RSI or MACD makes a higher low, volatility pressure building; a regime-change warning
     * for the roll rules of METHODOLOGY.md section 5).
     */
    readonly divergences: DivergenceSet;
  };
  readonly termStructure: {
    readonly vix3m: number | null;
    readonly vixToVix3m: number | null;
    readonly inverted: boolean | null;
    readonly frontContract: string | null;
    readonly frontSettle: number | null;
    readonly secondContract: string | null;
    readonly secondSettle: number | null;
    /** (M2 - M1) / M1, decimal. */
    readonly futuresContango: number | null;
  };
  /** SPX price against its MACD line, RSI, OBV and A/D line. */
  readonly divergences: DivergenceSet;
  readonly events: readonly EventProximityRecord[];
  readonly relief: ReliefRecord;
  readonly rsai: {
    readonly volRatio: number | null;
    readonly periodBars: number | null;
    readonly adaptiveRsi: number | null;
    readonly score: number | null;
  };
  readonly entry: {
    readonly trigger: boolean;
    readonly reason: EntryReason;
  };
  readonly unavailable: readonly UnavailableSignal[];
}
