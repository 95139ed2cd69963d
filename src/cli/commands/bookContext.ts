/**
 * What `alvh signal` and `alvh book ...` share: the book file, the strategy, the market history with
 * its model market and signals, and how their errors reach the user.
 */
import { existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { BookChangedMeanwhileError, BookEditError } from '../../book/bookState.js';
import { configHash, keptStrategyConfig, type BookContext, type IssuedSignal, type RulesChangedSinceState } from '../../book/bookService.js';
import { daySignalsFromRows, type DaySignals } from '../../book/dailySignal.js';
import { BookStore, BookStoreError, explainSqliteError, type EngineStateRow } from '../../book/store.js';
import { countNyseTradingDays } from '../../calendar/nyse.js';
import { defaultUserDir, loadMarketHistory } from '../../data/loadHistory.js';
import { listPresets, loadPreset, loadStrategyConfigFile, PresetError, presetNameClash } from '../../data/presets.js';
import { lastUsableDay } from '../../engine/backtestJob.js';
import { MarketModelError } from '../../engine/modelMarketView.js';
import type { MarketHistory } from '../../history/types.js';
import { dayCalibration, type DayCalibration } from '../../market/dayCalibration.js';
import { createMarketTape, defaultTapeSettings, marketTapeSettingsHash, type MarketTape, type MarketTapeSettings } from '../../tape/marketTape.js';
import { isDefaultMarketModel } from '../../market/config.js';
import { modelConfigOption, modelConfigSummary, type ModelConfigChoice } from '../modelConfigOption.js';
import { defaultTapeCacheDir, openMarketTape } from '../../tape/tapeCache.js';
import { parseStrategyConfig, StrategyConfigError, type StrategyConfig } from '../../strategy/config.js';
import { dayFromIso, isoFromDay, parseIsoDate, type DayNumber } from '../../time/day.js';
import { ConflictError, UserError } from '../io.js';
import { bookChainMarket, modelDayUse, type BookChainMarket, type DayMarketUse } from '../../chains/bookMarket.js';
import type { BacktestMarketMode } from '../../chains/engineView.js';
import { DEFAULT_CHAIN_SETTINGS } from '../../chains/settings.js';
import type { CanonicalQuote } from '../../chains/types.js';
import type { MarketDayView } from '../../engine/marketView.js';
import { defaultChainStoreDir, loadChainStore } from '../chainOptions.js';
import { partitionFilesHolding } from '../../chains/storeLayout.js';
import { quoteValue } from '../../lib/capText.js';
import { notATradingDay } from '../../book/fillChecks.js';
import { indexAtOrBefore } from '../../history/daySearch.js';

export const DEFAULT_BOOK_PRESET = 'alvh-ladder';
export const BOOK_FILE_NAME = 'book.sqlite';

/** Where the book's option prices come from: the user's chain store (`hybrid` by default) or the model. */
export interface BookChainSettings {
  readonly mode: BacktestMarketMode;
  readonly storeDir: string;
  readonly maxCarryDays: number;
}

export interface BookCommandDeps {
  readonly loadHistory: () => Promise<MarketHistory>;
  /** Today's date, for how stale the data is; only ever printed, never part of a signal. */
  readonly today: () => DayNumber;
  /** The chain store the book prices on where it has the day; without it, the model. */
  readonly chainMarket?: () => BookChainSettings;
  /**
   * The market tape of the history under these settings (each day's calibrated market and the signal
   * table), with how to store what it gained; a tape for this command alone when absent.
   */
  readonly openTape?: (history: MarketHistory, settings: MarketTapeSettings) => { readonly tape: MarketTape; save(): boolean };
}

export const DEFAULT_BOOK_MARKET: BacktestMarketMode = 'hybrid';

export const defaultBookDeps: BookCommandDeps = {
  loadHistory: async () => (await loadMarketHistory()).history,
  today: () => dayFromIso(new Date().toISOString().slice(0, 10)),
  chainMarket: () => ({ mode: DEFAULT_BOOK_MARKET, storeDir: defaultChainStoreDir(), maxCarryDays: DEFAULT_CHAIN_SETTINGS.market.maxCarryDays }),
  openTape: (history, settings) => openMarketTape({ history, settings, signalDeps: { countTradingDays: countNyseTradingDays }, cacheDir: defaultTapeCacheDir(defaultUserDir()) }),
};

/** What withBook gives the body besides the book's context: where the day's figures came from. */
export interface BookMarketInfo {
  readonly useOn: (day: DayNumber) => DayMarketUse;
  /** The market model the book's model prices come from (`--model-config`, else the defaults). */
  readonly model: ModelConfigChoice;
  /** `--across-models`: the same market on each other model config (its chain quotes priced the same way). */
  readonly otherModels: readonly { readonly model: ModelConfigChoice; readonly marketOn: (day: DayNumber) => MarketDayView | undefined }[];
  /** How the model was calibrated on a day (its VIX-family, SKEW and VVIX targets against the model's own); undefined where it cannot be built. */
  readonly calibrationOn: (day: DayNumber) => DayCalibration | undefined;
  /** Where the strategy the book runs came from. */
  readonly strategySource: BookStrategySource;
}

/** The market model in one line for a command's output: where it came from and the fields it changes. */
export function modelLine(model: ModelConfigChoice): string | undefined {
  const { source, changes } = modelConfigSummary(model);
  return changes.length === 0 ? undefined : `Market model: ${source} (${changes.join('; ')})`;
}

/**
 * The chain quotes for the day a command works on (the `maxCarryDays` before it, and the trading day
 * before it for day-over-day marks), read once before the body runs since the body is synchronous, and
 * how to price on them over a model's market (the book's own, and each `--across-models` model's: the
 * quotes are read once for all). Undefined on the model, or when the date is refused (the body says why).
 */
async function chainMarketsFor(settings: BookChainSettings, history: MarketHistory, config: StrategyConfig, date: string | undefined): Promise<((modelOn: (day: DayNumber) => MarketDayView | undefined) => BookChainMarket) | undefined> {
  if (settings.mode === 'model') return undefined;
  let day: DayNumber;
  try {
    day = signalDay(history, config, date).day;
  } catch {
    // The body refuses the same date with its own error.
    return undefined;
  }
  const previous = [...history.tradingDays].reverse().find((d) => d < day) ?? day;
  const span = { fromDay: Math.min(previous, day) - settings.maxCarryDays, toDay: day };
  let spx: CanonicalQuote[] = [];
  let vix: CanonicalQuote[] = [];
  try {
    // Without a stored SPX quote for the span there is nothing to read: DuckDB is not even loaded.
    if (partitionFilesHolding(settings.storeDir, { underlying: 'SPX', ...span }).length > 0) {
      const { readStoredQuotes } = await loadChainStore();
      spx = await readStoredQuotes(settings.storeDir, { underlying: 'SPX', ...span });
      vix = spx.length === 0 ? [] : await readStoredQuotes(settings.storeDir, { underlying: 'VIX', ...span });
    }
  } catch (error) {
    throw new UserError(`cannot read the chain store ${settings.storeDir}: ${(error as Error).message} (use --market model to price on the model)`);
  }
  const mode = settings.mode;
  return (modelOn) => bookChainMarket({ mode, modelOn, quotes: { spx, vix }, rateOn: (d) => history.riskFreeRateOn(d), maxCarryDays: settings.maxCarryDays, storeDir: settings.storeDir });
}

export function defaultBookPath(): string {
  return join(defaultUserDir(), BOOK_FILE_NAME);
}

export function dayOption(flag: string, value: string): DayNumber {
  const parsed = parseIsoDate(value);
  if (!parsed.ok) throw new UserError(`${flag} ${quoteValue(value)}: ${parsed.error.reason}`);
  return parsed.value;
}

/** What a stored book says of its strategy: its latest state's name and, where the book kept it, the config (JSON text). */
interface StoredStrategy {
  readonly name: string;
  readonly configJson: string | undefined;
  /** Why the kept config cannot be read (its text no longer matches its hash); reported only when a command needs it. */
  readonly configProblem?: string;
}

/**
 * The strategy a stored book follows (its latest state's, with the config that state was made under
 * when the book kept it), or undefined for a missing or empty book. A file that cannot be read gives
 * undefined here: the book's own open, which follows, reports it. A stored config that does not match
 * its hash is refused.
 */
function strategyOfStoredBook(path: string): StoredStrategy | undefined {
  if (!existsSync(path)) return undefined;
  let store: BookStore | undefined;
  let latest: ReturnType<BookStore['latestState']>;
  try {
    store = BookStore.open(path);
    latest = store.latestState();
  } catch {
    store?.close();
    return undefined;
  }
  try {
    return latest === undefined ? undefined : { name: latest.preset, configJson: store.strategyConfigJson(latest.configHash) };
  } catch (error) {
    // A command that names its strategy does not need the kept config, and is not stopped by it.
    if (error instanceof BookStoreError && latest !== undefined) return { name: latest.preset, configJson: undefined, configProblem: error.message };
    throw error;
  } finally {
    store.close();
  }
}

/**
 * The config a book kept for a strategy that is not a bundled preset, read as this alvh reads a config
 * file: a field this build no longer takes is an error naming it, never ignored.
 */
function storedStrategyConfig(stored: StoredStrategy & { readonly configJson: string }): StrategyConfig {
  try {
    return parseStrategyConfig(JSON.parse(stored.configJson) as unknown, `the config of '${stored.name}' stored in the book`);
  } catch (error) {
    if (error instanceof StrategyConfigError) throw new UserError(`${error.message}; pass the strategy with --config FILE`);
    throw error;
  }
}

/** Opens a book for a command: a file that cannot be a book is the user's one-line error. */
export function openBookForCommand(path: string): BookStore {
  try {
    return BookStore.open(path);
  } catch (error) {
    if (error instanceof BookStoreError) throw new UserError(error.message);
    throw error;
  }
}

/**
 * The strategy config state #`stateId` was made under, as the book kept it, read by this build (a
 * field added since takes its default): `alvh book config --state N`, to go on under the numbers a
 * bundled preset had when the state was stored, or to see what managed the book then.
 */
export function keptConfigOfState(bookPath: string, stateId: number): { readonly config: StrategyConfig; readonly row: EngineStateRow } {
  if (!existsSync(bookPath)) throw new UserError(`no book at ${bookPath}`);
  const store = openBookForCommand(bookPath);
  try {
    const row = store.stateById(stateId);
    if (row === undefined) {
      const latest = store.latestState();
      throw new UserError(`--state ${stateId}: the book has no such state (${latest === undefined ? 'it is empty' : `its latest is #${latest.id}`}; alvh book list names the state in force)`);
    }
    const what = `state #${row.id} (${row.dayIso}) was made under: '${row.preset}', config sha256 ${row.configHash.slice(0, 12)}`;
    const kept = keptStrategyConfig(store, row.configHash, `kept for state #${row.id}`);
    switch (kept.kind) {
      case 'kept':
        return { config: kept.config, row };
      case 'not-kept':
        throw new UserError(`--state ${stateId}: the book did not keep the config ${what} (a state stored before alvh kept configs)`);
      case 'damaged':
        throw new UserError(kept.message);
      case 'unreadable':
        throw new UserError(`--state ${stateId}: this alvh cannot read the config ${what}: ${kept.error.message}`);
    }
  } finally {
    store.close();
  }
}

export function strategyFor(preset: string): StrategyConfig {
  try {
    return loadPreset(preset);
  } catch (error) {
    if (error instanceof PresetError || error instanceof StrategyConfigError) throw new UserError(error.message);
    throw error;
  }
}

/**
 * The strategy of `--config FILE`: a user's config (a sweep writes its top variants' beside its
 * report). The book records its strategy by name, so a file may not take a bundled preset's name with
 * other rules: a later command without `--config` would follow the preset's.
 */
export function strategyFromFile(file: string, flag = '--config'): StrategyConfig {
  let config: StrategyConfig;
  try {
    config = loadStrategyConfigFile(file);
  } catch (error) {
    if (error instanceof PresetError || error instanceof StrategyConfigError) throw new UserError(`${flag}: ${error.message}`);
    throw error;
  }
  const clash = presetNameClash(config);
  if (clash !== undefined) throw new UserError(`${flag} ${file}: ${clash} (the book records its strategy by name)`);
  return config;
}

/** How a command names the strategy a book follows: the preset's flag, or the config file's for one that is not bundled. */
function strategyFlagFor(name: string): string {
  return listPresets().includes(name) ? `--preset ${name}` : `--config with the file of the '${name}' strategy (the dashboard: alvh serve --strategy-config FILE)`;
}

/** Where a book command's strategy came from: a bundled preset, a config file (`--config`, the dashboard's `--strategy-config`) or the config the book kept. */
export type BookStrategySource = { readonly kind: 'preset' } | { readonly kind: 'file'; readonly path?: string } | { readonly kind: 'book' };

/** The strategy a book command runs, in the words its output uses: which one, where it came from, its config's SHA-256 and its description. */
export interface StrategySummary {
  readonly name: string;
  readonly source: 'bundled preset' | 'config file' | 'config kept in the book';
  /** The config file's path, for a strategy from `--config FILE`. */
  readonly file?: string;
  readonly configSha256: string;
  readonly description: string;
  /**
   * For a signal that replays a day before `alvh book switch`: the strategy the book follows now. The
   * signal itself ran under this summary's strategy, the one the book's state on that day was made under.
   */
  readonly bookNowFollows?: string;
  /** For a signal: its base state was made under another config of this strategy, and which rules differ. */
  readonly rulesChangedSinceState?: RulesChangedSinceState;
}

export function strategySummary(config: StrategyConfig, source: BookStrategySource): StrategySummary {
  const label = listPresets().includes(config.name) ? 'bundled preset' : source.kind === 'book' ? 'config kept in the book' : 'config file';
  return { name: config.name, source: label, ...(source.kind === 'file' && source.path !== undefined ? { file: source.path } : {}), configSha256: configHash(config), description: config.description };
}

/** The strategy an issued signal ran under: the command's, or for a replay of a day before a switch, the one the book followed then. */
export function issuedStrategySummary(issued: Pick<IssuedSignal, 'config' | 'earlierStrategy' | 'rulesChangedSinceBase'>, bookConfig: StrategyConfig, source: BookStrategySource): StrategySummary {
  const summary = issued.earlierStrategy ? { ...strategySummary(issued.config, { kind: 'book' }), bookNowFollows: bookConfig.name } : strategySummary(bookConfig, source);
  return issued.rulesChangedSinceBase === null ? summary : { ...summary, rulesChangedSinceState: issued.rulesChangedSinceBase };
}

/**
 * The strategy a stored state was made under, for a day replayed from before a switch: a bundled
 * preset by its name (as this alvh ships it), any other by the config the book kept with the state,
 * read strictly. Undefined when the book did not keep it, or keeps it in a form this build cannot use
 * (edited by hand, or a field it no longer takes): the strategy the book follows now then takes the
 * state over, as it did before alvh kept configs, and the signal's strategy line names that one.
 */
function strategyOfStateIn(store: BookStore): (row: EngineStateRow) => StrategyConfig | undefined {
  const byHash = new Map<string, StrategyConfig | undefined>();
  return (row) => {
    if (listPresets().includes(row.preset)) return strategyFor(row.preset);
    if (!byHash.has(row.configHash)) {
      const kept = keptStrategyConfig(store, row.configHash, `the config of '${row.preset}' stored in the book`);
      byHash.set(row.configHash, kept.kind === 'kept' ? kept.config : undefined);
    }
    return byHash.get(row.configHash);
  };
}

/**
 * The strategy a book command runs: `--config FILE` or `--preset NAME` (not both); without either,
 * the one the stored book follows (a bundled preset by its name, any other by the config the book
 * kept), else the default preset. A strategy other than the book's own is refused here, naming the
 * flag that fits.
 */
export function bookStrategy(
  /**
   * `strategy`: a config file already read (the dashboard reads `--strategy-config` once, at start).
   * `switching`: the strategy the book is being switched to (`alvh book switch`), named by a flag and
   * not refused for being another than the book's.
   */
  options: { readonly preset?: string | undefined; readonly config?: string | undefined; readonly strategy?: StrategyConfig | undefined; readonly switching?: boolean },
  bookPath: string,
): { readonly config: StrategyConfig; readonly source: BookStrategySource } {
  const fromFile = options.config !== undefined || options.strategy !== undefined;
  if (options.preset !== undefined && fromFile) throw new UserError('--preset and --config both name the strategy: give one');
  const stored = strategyOfStoredBook(bookPath);
  if (options.switching === true && options.preset === undefined && !fromFile) throw new UserError('name the strategy to switch the book to: --preset NAME or --config FILE');
  if (options.preset === undefined && !fromFile) {
    if (stored === undefined) return { config: strategyFor(DEFAULT_BOOK_PRESET), source: { kind: 'preset' } };
    if (listPresets().includes(stored.name)) return { config: strategyFor(stored.name), source: { kind: 'preset' } };
    const { configJson } = stored;
    if (stored.configProblem !== undefined) throw new UserError(stored.configProblem);
    // A book written before alvh kept its configs: the file must be named.
    if (configJson === undefined) throw new UserError(`the book follows the '${stored.name}' strategy, which is not a bundled preset and whose config the book did not keep: pass ${strategyFlagFor(stored.name)}`);
    return { config: storedStrategyConfig({ ...stored, configJson }), source: { kind: 'book' } };
  }
  const config = options.strategy ?? (options.config !== undefined ? strategyFromFile(options.config) : strategyFor(options.preset as string));
  if (stored !== undefined && stored.name !== config.name && options.switching !== true) {
    // A kept config needs no flag at all: say so first.
    const fix = stored.configJson !== undefined && !listPresets().includes(stored.name) ? `give neither --preset nor --config (the book keeps its config), or pass ${strategyFlagFor(stored.name)}` : `pass ${strategyFlagFor(stored.name)}`;
    const switchFlag = options.preset !== undefined ? `--preset ${options.preset}` : `--config ${options.config ?? 'FILE'}`;
    throw new UserError(`the book follows the '${stored.name}' strategy, not '${config.name}': ${fix}; to hand the book's positions to '${config.name}', alvh book switch ${switchFlag} (on the dashboard, the Book page's switch)`);
  }
  return { config, source: options.preset !== undefined ? { kind: 'preset' } : options.config !== undefined ? { kind: 'file', path: options.config } : { kind: 'file' } };
}

/** Runs `body` with the book's context open, turning the book's own errors into user errors. */
export async function withBook<T>(
  /** `modelConfig`: a model config file (`--model-config`); `model`: one already read (the dashboard reads its file once, at start). */
  options: { book?: string; preset?: string | undefined; config?: string | undefined; strategy?: StrategyConfig | undefined; switching?: boolean; date?: string | undefined; modelConfig?: string | undefined; model?: ModelConfigChoice | undefined; acrossModels?: readonly ModelConfigChoice[] | undefined },
  deps: BookCommandDeps,
  body: (ctx: BookContext, market: BookMarketInfo) => T,
): Promise<T> {
  const path = options.book ?? defaultBookPath();
  const { config, source: strategySource } = bookStrategy(options, path);
  // A model config file that cannot be used is refused before the history loads or a book file is made.
  const model = options.model ?? modelConfigOption(options.modelConfig);
  const settings = defaultTapeSettings(model.config);
  let history: MarketHistory;
  try {
    history = await deps.loadHistory();
  } catch (caught) {
    throw new UserError(`cannot load the market history: ${(caught as Error).message}`);
  }
  const existed = existsSync(path);
  const signalDeps = { countTradingDays: countNyseTradingDays };
  // The caller's tape (cached on disk, or kept by the server) or one for this command only.
  const openTape = (tapeSettings: MarketTapeSettings) => deps.openTape?.(history, tapeSettings) ?? { tape: createMarketTape(history, tapeSettings, signalDeps), save: () => false };
  const opened = openTape(settings);
  const { tape } = opened;
  const chainSettings = deps.chainMarket?.();
  const chainsOver = chainSettings === undefined ? undefined : await chainMarketsFor(chainSettings, history, config, options.date);
  const chains = chainsOver?.((day) => tape.marketOn(day));
  // Each other model's market: its own tape, the same chain quotes where the book prices on them.
  const others = (options.acrossModels ?? []).map((other) => {
    const otherTape = openTape(defaultTapeSettings(other.config));
    const otherChains = chainsOver?.((day) => otherTape.tape.marketOn(day));
    return { model: other, marketOn: otherChains === undefined ? otherTape.tape.marketOn : otherChains.marketOn, save: () => otherTape.save() };
  });
  const store = openBookForCommand(path);
  let failed = true;
  // Each day's model market once per process: an accept builds it before taking the book's write lock
  // and reads it again inside.
  const markets = new Map<DayNumber, ReturnType<typeof tape.marketOn>>();
  const marketOn = (day: DayNumber) => {
    if (!markets.has(day)) markets.set(day, chains === undefined ? tape.marketOn(day) : chains.marketOn(day));
    return markets.get(day);
  };
  // Each day's signals read off the tape's table when first asked (a stored tape decodes those rows alone).
  const signals = new Map<DayNumber, DaySignals | undefined>();
  const signalsOn = (day: DayNumber) => {
    if (!signals.has(day)) signals.set(day, daySignalsFromRows(history, tape.signalRows(), day));
    return signals.get(day);
  };
  // A model other than the defaults prices every option the chains do not: it joins the journal's key,
  // so a signal on it is journalled beside the default model's, never checked against it.
  const modelVersion = isDefaultMarketModel(model.config) ? undefined : `model ${marketTapeSettingsHash(settings).slice(0, 16)}`;
  const marketVersionOn =
    modelVersion === undefined
      ? chains?.versionOn
      : (day: DayNumber) => {
          const chainVersion = chains?.versionOn(day);
          return chainVersion === undefined ? modelVersion : `${modelVersion} ${chainVersion}`;
        };
  try {
    const info: BookMarketInfo = {
      useOn: (day) => chains?.useOn(day) ?? modelDayUse(chainSettings?.mode ?? 'model', null, chainSettings?.maxCarryDays ?? DEFAULT_CHAIN_SETTINGS.market.maxCarryDays, null),
      model,
      strategySource,
      otherModels: others,
      calibrationOn: (day) => {
        const calibrated = tape.calibratedOn(day);
        return calibrated === undefined ? undefined : dayCalibration(model.config, calibrated.spx, calibrated.vix);
      },
    };
    const result = body({ store, config, history, marketOn, signalsOn, strategyOfState: strategyOfStateIn(store), followsKeptConfig: strategySource.kind === 'book', ...(marketVersionOn === undefined ? {} : { marketVersionOn }), ...(modelVersion === undefined ? {} : { modelSource: model.source }) }, info);
    failed = false;
    try {
      opened.save();
      for (const other of others) other.save();
    } catch {
      // A tape that cannot be stored costs the next command its head start, never this answer.
    }
    return result;
  } catch (error) {
    if (error instanceof BookChangedMeanwhileError) throw new ConflictError(error.message);
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

/**
 * A line for a hand edit dated past the last day the model can mark (fills recorded before the data
 * is updated): the edit is stored, but `book list`, `book risk` and `alvh signal` value the book as it
 * stood on their day, so they leave this state out until the data reaches it. Undefined otherwise.
 */
export function editPastDataNote(history: MarketHistory, config: StrategyConfig, editDay: DayNumber): string | undefined {
  const usable = lastUsableDay(history, [config]);
  if (editDay <= usable.day) return undefined;
  return `note: the data the model needs ends on ${isoFromDay(usable.day)} (${usable.reason}): book list, book risk and alvh signal leave this state out until alvh data update brings the data to ${isoFromDay(editDay)}`;
}

/**
 * The day a command works on: the one asked for (a trading day of the data), else the last usable one,
 * with why the usable data ends there (the series that ends first: a trader whose SPX file runs later
 * sees which file is behind). A day that cannot be used is a UserError naming `field`, the option or
 * request field it came from (`--date` on the command line, `date` in a server request: a 400).
 */
export function signalDay(history: MarketHistory, config: StrategyConfig, requested: string | undefined, field = '--date'): { day: DayNumber; lastDataDay: DayNumber; lastDataReason: string } {
  const usable = lastUsableDay(history, [config]);
  const last = usable.day;
  if (requested === undefined) return { day: last, lastDataDay: last, lastDataReason: usable.reason };
  const day = dayOption(field, requested);
  if (day > last) throw new UserError(`${field} ${requested}: the data the strategy needs ends on ${isoFromDay(last)} (${usable.reason}; run alvh data update)`);
  const why = notATradingDay(history, day);
  if (why !== undefined) {
    // A weekend or a holiday: the trading day before is what the user most likely meant.
    const before = day > (history.tradingDays[0] ?? day) ? indexAtOrBefore(history.tradingDays, day) : undefined;
    throw new UserError(`${field} ${why}${before !== undefined ? `; the trading day before is ${isoFromDay(history.tradingDays[before] as DayNumber)}` : ''}`);
  }
  return { day, lastDataDay: last, lastDataReason: usable.reason };
}
