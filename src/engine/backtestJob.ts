/**
 * One backtest job from history to conclusions: the run's end is chosen where the data the variants
 * need ends, the variants run over the same days through the model market, and each is summarised
 * (metrics, stress windows) and the methodology's claims are checked. Pure: the CLI, the benchmark
 * and the server call it with a loaded history.
 */
import { checkClaims, ClaimsCheckConfigSchema, type ClaimResult, type ClaimsCheckConfig } from '../analysis/claims.js';
import { summariseVariant, type VariantSummary } from '../analysis/variantSummary.js';
import type { MarketHistory } from '../history/types.js';
import { DEFAULT_MARKET_MODEL_CONFIG, type MarketModelConfig } from '../market/config.js';
import { VixBetaConfigSchema, type VixBetaConfig } from '../market/vixBetas.js';
import { defaultSignalConfig, type SignalConfig } from '../signals/config.js';
import type { SignalDeps } from '../signals/engine.js';
import type { StrategyConfig } from '../strategy/config.js';
import { runRiskFree } from '../metrics/riskFree.js';
import { isoFromDay, type DayNumber } from '../time/day.js';
import type { MarketDayView } from './marketView.js';
import { createModelMarket } from './modelMarketView.js';
import { runSuite, type SuiteInputs, type SuiteResult } from './suite.js';
import type { MarketTape } from '../tape/marketTape.js';
import { tallyCalibrationInputs, type CalibrationInputsTally } from '../market/dayCalibration.js';

export interface BacktestJobInputs {
  readonly history: MarketHistory;
  readonly configs: readonly StrategyConfig[];
  /** First day wanted (the first trading day on or after it is used). */
  readonly fromDay: DayNumber;
  /** Last day wanted; undefined = the last day with every series the variants need. */
  readonly toDay: DayNumber | undefined;
  readonly signalDeps: SignalDeps;
  readonly signalConfig?: SignalConfig;
  readonly modelConfig?: MarketModelConfig;
  readonly betaConfig?: VixBetaConfig;
  readonly claimsConfig?: ClaimsCheckConfig;
  readonly onProgress?: (variant: string, doneDays: number, totalDays: number) => void;
  /** Puts another market in front of the model's day views (real chain quotes); the model's views when absent. */
  readonly wrapMarket?: (modelOn: (day: DayNumber) => MarketDayView | undefined) => (day: DayNumber) => MarketDayView | undefined;
  /** Runs one variant (see SuiteInputs.runVariant). */
  readonly runVariant?: SuiteInputs['runVariant'];
  /**
   * The market tape to read the calibrated days and the signals from (its settings replace
   * modelConfig, betaConfig and signalConfig); the market is calibrated for this job alone when absent.
   */
  readonly tape?: MarketTape;
}

export interface BacktestJobResult {
  readonly fromDay: DayNumber;
  readonly toDay: DayNumber;
  readonly endReason: string;
  readonly suite: SuiteResult;
  readonly summaries: VariantSummary[];
  readonly claims: ClaimResult[];
  /** The thresholds the claims were judged by (printed with them). */
  readonly claimsConfig: ClaimsCheckConfig;
  /** Mean of the risk-free rates over the run (the report prints it beside Sharpe and Sortino, which measure each day against cash over the same days). */
  readonly meanRiskFreeRateDecimal: number;
  /**
   * What the market model rested on over the run's days (published indexes or what stood in), read from
   * the market tape's calibrated days; absent when the job ran without a tape.
   */
  readonly modelInputs?: CalibrationInputsTally;
}

export class BacktestRangeError extends Error {
  override name = 'BacktestRangeError';
}

/** The last day every needed series has data: SPX always; the VIX futures curve when a variant hedges. */
export function lastUsableDay(history: MarketHistory, configs: readonly StrategyConfig[]): { day: DayNumber; reason: string } {
  const days = history.tradingDays;
  const lastSpx = days[days.length - 1];
  if (lastSpx === undefined) throw new BacktestRangeError('the history has no trading days');
  if (!configs.some((c) => c.hedge.enabled)) return { day: lastSpx, reason: 'the last day with SPX data' };
  for (let i = days.length - 1; i >= 0; i--) {
    const day = days[i] as DayNumber;
    if (history.termStructureOn(day).length >= 2) {
      return day === lastSpx ? { day, reason: 'the last day with SPX data' } : { day, reason: `the last day with VIX futures settlements; SPX data runs to ${isoFromDay(lastSpx)}` };
    }
  }
  throw new BacktestRangeError('no day has a VIX futures curve, which the hedged variants need');
}

/** The days a run covers: its first trading day, its last, and why it ends there. */
export interface BacktestSpan {
  readonly fromDay: DayNumber;
  readonly toDay: DayNumber;
  /** `the requested end`, or the series whose data ends the run (lastUsableDay's reason). */
  readonly endReason: string;
}

/**
 * The span a run from `fromDay` (to `toDay`, or as far as the data every config needs goes) covers.
 * A run needs two trading days at least: the first to decide on, the next to mark. Refused with the
 * reason when the span has fewer, so a command can say so before it calibrates anything.
 */
export function backtestSpan(history: MarketHistory, configs: readonly StrategyConfig[], fromDay: DayNumber, toDay: DayNumber | undefined): BacktestSpan {
  const usable = lastUsableDay(history, configs);
  const end = toDay === undefined ? usable.day : Math.min(toDay, usable.day);
  const endReason = toDay !== undefined && toDay <= usable.day ? 'the requested end' : usable.reason;
  const first = history.tradingDays.find((d) => d >= fromDay);
  if (first === undefined || first > end) {
    throw new BacktestRangeError(`no trading days between ${isoFromDay(fromDay)} and ${isoFromDay(end)} (the run ends at ${isoFromDay(end)}: ${endReason})`);
  }
  if (first === end) {
    throw new BacktestRangeError(`only one trading day, ${isoFromDay(first)}, between ${isoFromDay(fromDay)} and ${isoFromDay(end)} (${endReason}): a backtest needs two at least`);
  }
  return { fromDay: first, toDay: end, endReason };
}

export function runBacktestJob(inputs: BacktestJobInputs): BacktestJobResult {
  const { history, configs } = inputs;
  if (configs.length === 0) throw new BacktestRangeError('no strategy to run');
  const names = new Set<string>();
  for (const c of configs) {
    if (names.has(c.name)) throw new BacktestRangeError(`two variants are named '${c.name}'`);
    names.add(c.name);
  }
  const { fromDay: first, toDay, endReason } = backtestSpan(history, configs, inputs.fromDay, inputs.toDay);
  const { tape } = inputs;
  if (tape !== undefined && tape.dataVersion !== history.dataVersion) throw new BacktestRangeError('the market tape was built on another data version');
  const modelOn = tape?.marketOn ?? createModelMarket(history, inputs.modelConfig ?? DEFAULT_MARKET_MODEL_CONFIG, inputs.betaConfig ?? VixBetaConfigSchema.parse({}));
  const marketOn = inputs.wrapMarket ? inputs.wrapMarket(modelOn) : modelOn;
  const suite = runSuite({
    history,
    configs,
    fromDay: first,
    toDay,
    signalConfig: tape?.settings.signalConfig ?? inputs.signalConfig ?? defaultSignalConfig(),
    ...(tape === undefined ? {} : { signalTable: tape.signalTable(toDay) }),
    signalDeps: inputs.signalDeps,
    marketOn,
    ...(inputs.runVariant ? { runVariant: inputs.runVariant } : {}),
    // A chain market moves forward only and counts each pass over the days: one variant after the other.
    ...(inputs.wrapMarket ? { order: 'variant-major' as const } : {}),
    ...(inputs.onProgress ? { onProgress: inputs.onProgress } : {}),
  });
  const riskFree = runRiskFree(suite.days, (day) => history.riskFreeRateOn(day));
  const summaries = configs.map((c) => summariseVariant(suite.results.get(c.name) as NonNullable<ReturnType<typeof suite.results.get>>, riskFree.riskFreeReturn));
  const claimsConfig = inputs.claimsConfig ?? ClaimsCheckConfigSchema.parse({});
  const claims = checkClaims(suite.results, claimsConfig);
  const modelInputs =
    tape === undefined
      ? undefined
      : tallyCalibrationInputs(
          suite.days.map((day) => {
            const calibrated = tape.calibratedOn(day);
            return { day, spx: calibrated?.spx, vix: calibrated?.vix };
          }),
        );
  return { fromDay: first, toDay, endReason, suite, summaries, claims, claimsConfig, meanRiskFreeRateDecimal: riskFree.meanRateDecimal, ...(modelInputs === undefined ? {} : { modelInputs }) };
}
