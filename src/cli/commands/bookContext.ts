/**
 * What `alvh signal` and `alvh book ...` share: the book file, the strategy, the market history with
 * its model market and signals, and how their errors reach the user.
 */
import { existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { BookEditError } from '../../book/bookState.js';
import type { BookContext } from '../../book/bookService.js';
import { daySignalsFromTable, type DaySignals } from '../../book/dailySignal.js';
import { BookStore, BookStoreError, explainSqliteError } from '../../book/store.js';
import { countNyseTradingDays } from '../../calendar/nyse.js';
import { defaultUserDir, loadMarketHistory } from '../../data/loadHistory.js';
import { loadPreset, PresetError } from '../../data/presets.js';
import { lastUsableDay } from '../../engine/backtestJob.js';
import { MarketModelError } from '../../engine/modelMarketView.js';
import type { MarketHistory } from '../../history/types.js';
import { createMarketTape, defaultTapeSettings, type MarketTape } from '../../tape/marketTape.js';
import { defaultTapeCacheDir, openMarketTape } from '../../tape/tapeCache.js';
import { StrategyConfigError, type StrategyConfig } from '../../strategy/config.js';
import { dayFromIso, isoFromDay, parseIsoDate, type DayNumber } from '../../time/day.js';
import { UserError } from '../io.js';
import { parseFiniteDecimal } from '../../data/csv/csv.js';
import { quoteValue } from '../../lib/capText.js';

export const DEFAULT_BOOK_PRESET = 'alvh-ladder';
export const BOOK_FILE_NAME = 'book.sqlite';

export interface BookCommandDeps {
  readonly loadHistory: () => Promise<MarketHistory>;
  /** Today's date, for how stale the data is; only ever printed, never part of a signal. */
  readonly today: () => DayNumber;
  /**
   * The market tape of the history (each day's calibrated market and the signal table), with how to
   * store what it gained; a tape for this command alone when absent.
   */
  readonly openTape?: (history: MarketHistory) => { readonly tape: MarketTape; save(): boolean };
}

export const defaultBookDeps: BookCommandDeps = {
  loadHistory: async () => (await loadMarketHistory()).history,
  today: () => dayFromIso(new Date().toISOString().slice(0, 10)),
  openTape: (history) => openMarketTape({ history, settings: defaultTapeSettings(), signalDeps: { countTradingDays: countNyseTradingDays }, cacheDir: defaultTapeCacheDir(defaultUserDir()) }),
};

export function defaultBookPath(): string {
  return join(defaultUserDir(), BOOK_FILE_NAME);
}

export function dayOption(flag: string, value: string): DayNumber {
  const parsed = parseIsoDate(value);
  if (!parsed.ok) throw new UserError(`${flag} ${quoteValue(value)}: ${parsed.error.reason}`);
  return parsed.value;
}

/**
 * A number option written as a plain decimal (`12`, `-3.5`, `1e3`): hex (`0x10`, which Number() reads
 * as 16), blanks, NaN and infinities are refused like any other non-number.
 */
export function numberOption(flag: string, value: string, check: (n: number) => boolean = Number.isFinite, what = 'a finite number'): number {
  const n = parseFiniteDecimal(value.trim());
  if (n === undefined || !check(n)) throw new UserError(`${flag} ${quoteValue(value)}: must be ${what}`);
  return n;
}

export function strategyFor(preset: string): StrategyConfig {
  try {
    return loadPreset(preset);
  } catch (error) {
    if (error instanceof PresetError || error instanceof StrategyConfigError) throw new UserError(error.message);
    throw error;
  }
}

/** Runs `body` with the book's context open, turning the book's own errors into user errors. */
export async function withBook<T>(options: { book?: string; preset?: string }, deps: BookCommandDeps, body: (ctx: BookContext) => T): Promise<T> {
  const config = strategyFor(options.preset ?? DEFAULT_BOOK_PRESET);
  let history: MarketHistory;
  try {
    history = await deps.loadHistory();
  } catch (caught) {
    throw new UserError(`cannot load the market history: ${(caught as Error).message}`);
  }
  const path = options.book ?? defaultBookPath();
  const existed = existsSync(path);
  let store: BookStore;
  try {
    store = BookStore.open(path);
  } catch (error) {
    if (error instanceof BookStoreError) throw new UserError(error.message);
    throw error;
  }
  let failed = true;
  const signalDeps = { countTradingDays: countNyseTradingDays };
  const opened = deps.openTape?.(history) ?? { tape: createMarketTape(history, defaultTapeSettings(), signalDeps), save: () => false };
  const { tape } = opened;
  // Each day's model market once per process: an accept builds it before taking the book's write lock
  // and reads it again inside.
  const markets = new Map<DayNumber, ReturnType<typeof tape.marketOn>>();
  const marketOn = (day: DayNumber) => {
    if (!markets.has(day)) markets.set(day, tape.marketOn(day));
    return markets.get(day);
  };
  let signals = new Map<DayNumber, DaySignals>();
  let signalsThrough: DayNumber | undefined;
  const signalsOn = (day: DayNumber) => {
    if (signalsThrough === undefined || day > signalsThrough) {
      signals = daySignalsFromTable(history, tape.signalTable(day));
      signalsThrough = day;
    }
    return signals.get(day);
  };
  try {
    const result = body({ store, config, history, marketOn, signalsOn });
    failed = false;
    try {
      opened.save();
    } catch {
      // A tape that cannot be stored costs the next command its head start, never this answer.
    }
    return result;
  } catch (error) {
    if (error instanceof BookEditError || error instanceof BookStoreError || error instanceof MarketModelError) throw new UserError(error.message);
    // A read that SQLite refuses (a full disk can fail even a read in WAL mode): one line naming the book.
    const explained = explainSqliteError(path, error);
    if (explained instanceof BookStoreError) throw new UserError(explained.message);
    throw error;
  } finally {
    // A refused command changes nothing: a book file it created (still empty) is removed again.
    let createdEmpty = false;
    if (failed && !existed) {
      try {
        createdEmpty = store.stateCount() === 0 && store.journalDays().length === 0;
      } catch {
        // The book cannot even be read: leave it for the user to look at.
      }
    }
    store.close();
    if (createdEmpty) removeBookFiles(path);
  }
}

function removeBookFiles(path: string): void {
  for (const suffix of ['', '-wal', '-shm']) rmSync(`${path}${suffix}`, { force: true });
}

/** The day a command works on: the one asked for (a trading day of the data), else the last usable one. */
export function signalDay(history: MarketHistory, config: StrategyConfig, requested: string | undefined): { day: DayNumber; lastDataDay: DayNumber } {
  const last = lastUsableDay(history, [config]).day;
  if (requested === undefined) return { day: last, lastDataDay: last };
  const day = dayOption('--date', requested);
  const days = history.tradingDays;
  if (day > last) throw new UserError(`--date ${requested}: the data the strategy needs ends on ${isoFromDay(last)} (run alvh data update)`);
  if (!days.includes(day)) {
    const before = [...days].reverse().find((d) => d < day);
    throw new UserError(`--date ${requested} is not a trading day in the data${before !== undefined ? ` (the trading day before is ${isoFromDay(before)})` : ''}`);
  }
  return { day, lastDataDay: last };
}
