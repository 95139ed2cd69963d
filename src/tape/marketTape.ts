/**
 * The market tape: everything about the market of each day that depends on the data and the model
 * settings but never on a strategy (the SPX surface calibrated to the VIX family and SKEW, the VIX-option
 * surface calibrated to VVIX, the rolling VIX betas, the signal table), computed once and read by every
 * variant of a run, by the daily signal and by the dashboard. Pure: the cache adapter (tapeCache.ts)
 * keeps a tape's content on disk between runs.
 *
 * Days are calibrated on first use and kept (a run from 2007 pays for 2007 on, not for 1990); the
 * calibrated state is stored as the plain data the calibration returned (spxSurfaceState), so a field the
 * calibration gains travels with the tape without being listed here. A restored day prices exactly as the
 * freshly calibrated one: the state holds every number the surface reads, and doubles round-trip exactly.
 */
import { createHash } from 'node:crypto';
import { calibrateModelDay, modelMarketFrom, type CalibratedDay } from '../engine/modelMarketView.js';
import type { MarketDayView } from '../engine/marketView.js';
import type { MarketHistory } from '../history/types.js';
import { DEFAULT_MARKET_MODEL_CONFIG, type MarketModelConfig } from '../market/config.js';
import { spxSurfaceFromState, spxSurfaceState, type SpxSurfaceState } from '../market/spx/surface.js';
import { vixDaySurfaceFromState, vixDaySurfaceState, type VixDaySurfaceState } from '../market/vix/daySurface.js';
import { computeVixBetas, VixBetaConfigSchema, type VixBetaConfig, type VixBetas } from '../market/vixBetas.js';
import { defaultSignalConfig, type SignalConfig } from '../signals/config.js';
import type { DailySignals } from '../signals/dailySignals.js';
import { computeSignalTable, type SignalDeps } from '../signals/engine.js';
import { isoFromDay, type DayNumber } from '../time/day.js';
import { indexOfDay } from '../history/daySearch.js';
import type { IndexedRows } from '../lib/columns.js';

/** Bumped whenever the content's layout changes: a tape of another version is rebuilt, never read. */
export const MARKET_TAPE_FORMAT_VERSION = 2;

/** Everything a tape's content depends on besides the data: the model, beta and signal settings. */
export interface MarketTapeSettings {
  readonly modelConfig: MarketModelConfig;
  readonly betaConfig: VixBetaConfig;
  readonly signalConfig: SignalConfig;
}

/** The settings every command runs with: the default betas and signals, on the default market model or the one given (`--model-config`, a sweep spec's `marketModel`). */
export function defaultTapeSettings(modelConfig: MarketModelConfig = DEFAULT_MARKET_MODEL_CONFIG): MarketTapeSettings {
  return { modelConfig, betaConfig: VixBetaConfigSchema.parse({}), signalConfig: defaultSignalConfig() };
}

/** One calibrated day as stored: the SPX surface's state and the VIX-option surface's (null where VIX options do not trade). */
export interface TapeDayState {
  readonly spx: SpxSurfaceState;
  readonly vix: VixDaySurfaceState | null;
}

/**
 * A tape's content, as the cache writes it. `days` is index-aligned with the history's trading days:
 * a state, null (calibrated: the model cannot be built on that day), or undefined (not calibrated yet).
 */
export interface MarketTapeContent {
  readonly formatVersion: number;
  readonly dataVersion: string;
  readonly settingsHash: string;
  readonly tradingDays: Int32Array;
  readonly betas: readonly VixBetas[];
  /** The signal table from the history's first trading day to its last, index-aligned with tradingDays. */
  readonly signals: readonly DailySignals[];
  readonly days: readonly (TapeDayState | null | undefined)[];
}

/**
 * A content a tape is created from: as written, or read back with its days and signals (by index of the
 * history's trading days) decoded as they are read: a daily signal reads a day or two of thousands.
 */
export interface StoredTapeContent extends Omit<MarketTapeContent, 'days' | 'signals'> {
  readonly days: IndexedRows<TapeDayState | null>;
  readonly signals: IndexedRows<DailySignals>;
}

export class MarketTapeError extends Error {
  override name = 'MarketTapeError';
}

/** Object keys in sorted order at every depth: the same settings always give the same text. */
function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
}

/** Hex SHA-256 of the canonical settings. */
export function marketTapeSettingsHash(settings: MarketTapeSettings): string {
  return createHash('sha256').update(canonicalJson({ model: settings.modelConfig, betas: settings.betaConfig, signals: settings.signalConfig })).digest('hex');
}

/**
 * The cache key of a tape: the data version, the settings hash, the format version and a fingerprint of
 * the code that computes the content (a changed calibration must not read an old tape), hashed together.
 */
export function marketTapeKey(dataVersion: string, settings: MarketTapeSettings, codeFingerprint: string): string {
  return createHash('sha256')
    .update(canonicalJson({ dataVersion, settings: marketTapeSettingsHash(settings), formatVersion: MARKET_TAPE_FORMAT_VERSION, code: codeFingerprint }))
    .digest('hex');
}

/**
 * Why a content cannot be the tape of this history and these settings, or undefined when it can. The
 * cache checks the bytes; this checks that what they hold belongs here.
 */
export function contentMismatch(content: StoredTapeContent, history: MarketHistory, settings: MarketTapeSettings): string | undefined {
  if (content.formatVersion !== MARKET_TAPE_FORMAT_VERSION) return `format version ${content.formatVersion}, expected ${MARKET_TAPE_FORMAT_VERSION}`;
  if (content.dataVersion !== history.dataVersion) return 'another data version';
  if (content.settingsHash !== marketTapeSettingsHash(settings)) return 'other model settings';
  const days = history.tradingDays;
  if (!(content.tradingDays instanceof Int32Array) || content.tradingDays.length !== days.length) return 'another trading-day axis';
  for (let i = 0; i < days.length; i++) if (content.tradingDays[i] !== days[i]) return `another trading-day axis at ${isoFromDay(days[i] as number)}`;
  if (typeof content.days?.at !== 'function' || content.days.length !== days.length) return 'a day list of the wrong length';
  if (typeof content.signals?.at !== 'function' || content.signals.length !== days.length) return 'a signal table of the wrong length';
  if (!Array.isArray(content.betas)) return 'no betas';
  return undefined;
}

export interface MarketTape {
  readonly settings: MarketTapeSettings;
  readonly dataVersion: string;
  /** The market view of a day, reading the tape (calibrating and recording the day on first use). */
  readonly marketOn: (day: DayNumber) => MarketDayView | undefined;
  /** The calibrated market of a day, undefined when the model cannot be built on it. */
  calibratedOn(day: DayNumber): CalibratedDay | undefined;
  /** The signal table from the history's first trading day through `toDay`. */
  signalTable(toDay: DayNumber): readonly DailySignals[];
  /** The signal table's rows, index-aligned with the history's trading days, each read alone (a stored tape decodes only those read). */
  signalRows(): IndexedRows<DailySignals>;
  /** Days calibrated since the tape was created or loaded: > 0 means the stored copy is behind. */
  readonly addedDays: number;
  /** Days calibrated (with or without a surface) in all. */
  readonly calibratedDays: number;
  /** The content to store (shares its betas and signals with the tape: write it, do not change it); a stored tape's rows are decoded for it. */
  content(): MarketTapeContent;
}

/**
 * The tape of a history under these settings: from a stored content (checked with contentMismatch by the
 * caller) or computed (betas and signals at once, days on first use).
 */
export function createMarketTape(history: MarketHistory, settings: MarketTapeSettings, signalDeps: SignalDeps, stored?: StoredTapeContent): MarketTape {
  const axis = history.tradingDays;
  if (axis.length === 0) throw new MarketTapeError('the history has no trading days');
  if (stored !== undefined) {
    const mismatch = contentMismatch(stored, history, settings);
    if (mismatch !== undefined) throw new MarketTapeError(`the stored tape does not belong to this history and these settings: ${mismatch}`);
  }
  const settingsHash = marketTapeSettingsHash(settings);
  const betas = stored?.betas ?? computeVixBetas(history, settings.betaConfig);
  const signalRows: IndexedRows<DailySignals> =
    stored?.signals ?? computeSignalTable(history, axis[0] as number, axis[axis.length - 1] as number, settings.signalConfig, signalDeps);
  // The whole table, for a run over many days and for the content to store: decoded once when first asked.
  let signalList: readonly DailySignals[] | undefined = Array.isArray(signalRows) ? (signalRows as readonly DailySignals[]) : undefined;
  const signals = (): readonly DailySignals[] =>
    (signalList ??= Array.from({ length: signalRows.length }, (_, i) => {
      const row = signalRows.at(i);
      if (row === undefined) throw new MarketTapeError(`the stored signal table has no row ${i}`);
      return row;
    }));
  // The days this tape calibrated; a stored day is read from `storedDays` (decoded then) until then.
  const states = new Array<TapeDayState | null | undefined>(axis.length).fill(undefined);
  const storedDays = stored?.days;
  const stateAt = (i: number): TapeDayState | null | undefined => (states[i] !== undefined ? states[i] : storedDays?.at(i));
  const restored = new Array<CalibratedDay | null | undefined>(axis.length).fill(undefined);
  let added = 0;
  const { modelConfig } = settings;

  const calibratedOn = (day: DayNumber): CalibratedDay | undefined => {
    const i = indexOfDay(axis, day);
    // Not a trading day of the history: nothing to keep, calibrated as it comes.
    if (i === undefined) return calibrateModelDay(history, modelConfig, day);
    const known = restored[i];
    if (known !== undefined) return known ?? undefined;
    // Read once: the day's calibrated market is kept in `restored` below.
    const state = stateAt(i);
    let calibrated: CalibratedDay | undefined;
    if (state === undefined) {
      calibrated = calibrateModelDay(history, modelConfig, day);
      states[i] = calibrated === undefined ? null : { spx: spxSurfaceState(calibrated.spx), vix: calibrated.vix === undefined ? null : vixDaySurfaceState(calibrated.vix) };
      added++;
    } else if (state !== null) {
      calibrated = {
        spx: spxSurfaceFromState(state.spx, modelConfig.spx),
        vix: state.vix === null ? undefined : vixDaySurfaceFromState(modelConfig.vix.surface, state.vix),
      };
    }
    restored[i] = calibrated ?? null;
    return calibrated;
  };

  const marketOn = modelMarketFrom({ history, modelConfig, betas, calibratedOn });
  return {
    settings,
    dataVersion: history.dataVersion,
    marketOn,
    calibratedOn,
    signalTable(toDay) {
      let end = 0;
      while (end < axis.length && (axis[end] as number) <= toDay) end++;
      return signals().slice(0, end);
    },
    signalRows: () => signalRows,
    get addedDays() {
      return added;
    },
    get calibratedDays() {
      let n = 0;
      for (let i = 0; i < axis.length; i++) if (stateAt(i) !== undefined) n++;
      return n;
    },
    content: () => ({ formatVersion: MARKET_TAPE_FORMAT_VERSION, dataVersion: history.dataVersion, settingsHash, tradingDays: Int32Array.from(axis), betas, signals: signals(), days: Array.from(axis, (_, i) => stateAt(i)) }),
  };
}

/** The calibrated days of [fromDay, toDay] at once (before handing the tape to workers that read it from disk). */
export function calibrateTapeDays(tape: MarketTape, history: MarketHistory, fromDay: DayNumber, toDay: DayNumber): void {
  for (const day of history.tradingDays) {
    if (day < fromDay) continue;
    if (day > toDay) break;
    tape.calibratedOn(day);
  }
}
