/**
 * The same backtest on other market model configs, each on its own market tape (read from and kept in
 * the tape cache like the run's own): what `alvh backtest --across-models` and the dashboard's
 * backtests with "across models" run after the main one. Only each run's headline figures are kept;
 * analysis/acrossModels.ts lines them up and says whether the hedge's verdict holds on every model.
 */
import { acrossModels, AcrossModelsError, modelRunFigures, type AcrossModels, type ModelRunFigures } from '../analysis/acrossModels.js';
import { BacktestRangeError, runBacktestJob, type BacktestJobResult } from '../engine/backtestJob.js';
import type { BacktestResult } from '../engine/backtest.js';
import { MarketModelError } from '../engine/modelMarketView.js';
import type { MarketHistory } from '../history/types.js';
import type { MarketModelConfig } from '../market/config.js';
import { unhedgedTwinOf } from '../analysis/hedgeAttribution.js';
import type { SignalDeps } from '../signals/engine.js';
import type { StrategyConfig } from '../strategy/config.js';
import type { DayNumber } from '../time/day.js';
import { defaultTapeSettings } from './marketTape.js';
import { openMarketTape } from './tapeCache.js';

/** A model config and how it is named (`defaults`, or its file). */
export interface NamedModelConfig {
  readonly config: MarketModelConfig;
  readonly source: string;
}

export interface BacktestAcrossModelsInput {
  readonly history: MarketHistory;
  /** The main run's configs and span (backtestSpan's days, so every model runs the same days). */
  readonly configs: readonly StrategyConfig[];
  readonly fromDay: DayNumber;
  readonly toDay: DayNumber;
  readonly signalDeps: SignalDeps;
  /** The tape cache folder; undefined: each tape lives for this run only. */
  readonly cacheDir: string | undefined;
  /** The main run's figures, first column of the comparison. */
  readonly main: ModelRunFigures;
  /** The other models, in the order they are run and shown. */
  readonly models: readonly NamedModelConfig[];
  /** The hedged variants and their unhedged twins whose gap is judged on every model. */
  readonly pairs: readonly { readonly hedged: string; readonly twin: string }[];
  /** Called as each model's run starts (index from 0). */
  readonly onModel?: (model: NamedModelConfig, index: number) => void;
  /** Each model's run's progress, as runBacktestJob reports it. */
  readonly onProgress?: (model: NamedModelConfig, variant: string, doneDays: number, totalDays: number) => void;
  /** A tape that could not be stored: only the next run's head start is lost. */
  readonly onSaveError?: (model: NamedModelConfig, error: Error) => void;
}

/** The variant pairs the hedge is judged on: each hedged variant and its unhedged twin, where both ran. */
export function twinPairs(results: ReadonlyMap<string, BacktestResult>): { hedged: string; twin: string }[] {
  return [...results.entries()].filter(([name, r]) => r.config.hedge.enabled && results.has(unhedgedTwinOf(name))).map(([name]) => ({ hedged: name, twin: unhedgedTwinOf(name) }));
}

/**
 * Runs the configs over the same days on each model and lines the runs up with the main one. A model
 * the span cannot run on (a range or model error) is refused as an AcrossModelsError naming its file.
 */
export function backtestAcrossModels(input: BacktestAcrossModelsInput): AcrossModels {
  const runs: ModelRunFigures[] = [input.main];
  input.models.forEach((model, i) => {
    input.onModel?.(model, i);
    const opened = openMarketTape({ history: input.history, settings: defaultTapeSettings(model.config), signalDeps: input.signalDeps, cacheDir: input.cacheDir });
    const onProgress = input.onProgress;
    let summaries: BacktestJobResult['summaries'];
    try {
      summaries = runBacktestJob({
        history: input.history,
        configs: input.configs,
        fromDay: input.fromDay,
        toDay: input.toDay,
        signalDeps: input.signalDeps,
        tape: opened.tape,
        ...(onProgress === undefined ? {} : { onProgress: (variant: string, doneDays: number, totalDays: number) => onProgress(model, variant, doneDays, totalDays) }),
      }).summaries;
    } catch (error) {
      if (error instanceof BacktestRangeError || error instanceof MarketModelError) throw new AcrossModelsError(`${model.source}: ${error.message}`);
      throw error;
    }
    try {
      opened.save();
    } catch (error) {
      input.onSaveError?.(model, error as Error);
    }
    runs.push(modelRunFigures(model.source, summaries));
  });
  return acrossModels(runs, input.pairs);
}
