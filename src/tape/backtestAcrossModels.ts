/**
 * The same backtest on other market model configs, each on its own market tape (read from and kept in
 * the tape cache like the run's own): what `alvh backtest --across-models` and the dashboard's
 * backtests with "across models" run beside the main one. Only each run's headline figures are kept;
 * analysis/acrossModels.ts lines them up and says whether the hedge's verdict holds on every model.
 *
 * The models run one after the other on this thread (backtestAcrossModels), or on worker threads
 * (otherModelRunsOnThreads, backtestAcrossModelsWorker.ts) while this thread runs the main model: each
 * run is a pure function of the data, the configs and its model config, so the figures are the same
 * (a test compares them); only when they are ready changes.
 */
import { acrossModels, AcrossModelsError, modelRunFigures, type AcrossModels, type ModelRunFigures } from '../analysis/acrossModels.js';
import { BacktestRangeError, runBacktestJob, type BacktestJobResult } from '../engine/backtestJob.js';
import type { BacktestResult } from '../engine/backtest.js';
import { MarketModelError } from '../engine/modelMarketView.js';
import type { MarketHistory } from '../history/types.js';
import type { MarketModelConfig } from '../market/config.js';
import { unhedgedTwinOf } from '../report/backtestReport.js';
import type { SignalDeps } from '../signals/engine.js';
import type { StrategyConfig } from '../strategy/config.js';
import { compiledWorkerFile, runTasksOnWorkerThreads } from '../threads/workerPool.js';
import type { DayNumber } from '../time/day.js';
import { defaultTapeSettings } from './marketTape.js';
import { openMarketTape } from './tapeCache.js';

/** A model config and how it is named (`defaults`, or its file). */
export interface NamedModelConfig {
  readonly config: MarketModelConfig;
  readonly source: string;
}

/** One other model's run: the main run's configs over its days, on the model's own tape. */
export interface ModelRunTask {
  readonly model: NamedModelConfig;
  /** The main run's configs and span (backtestSpan's days, so every model runs the same days). */
  readonly configs: readonly StrategyConfig[];
  readonly fromDay: DayNumber;
  readonly toDay: DayNumber;
  /** The tape cache folder; undefined: each tape lives for this run only. */
  readonly cacheDir: string | undefined;
}

/** A run's progress as runBacktestJob reports it. */
export interface ModelRunProgress {
  readonly variant: string;
  readonly doneDays: number;
  readonly totalDays: number;
}

/**
 * One model's run and its headline figures. A span or model the run cannot use is refused as an
 * AcrossModelsError naming the model's file; `onSaveError` hears of a tape that could not be stored
 * (only the next run's head start is lost).
 */
export function runOnModel(history: MarketHistory, signalDeps: SignalDeps, task: ModelRunTask, onProgress?: (p: ModelRunProgress) => void, onSaveError?: (error: Error) => void): ModelRunFigures {
  const opened = openMarketTape({ history, settings: defaultTapeSettings(task.model.config), signalDeps, cacheDir: task.cacheDir });
  let summaries: BacktestJobResult['summaries'];
  try {
    summaries = runBacktestJob({
      history,
      configs: task.configs,
      fromDay: task.fromDay,
      toDay: task.toDay,
      signalDeps,
      tape: opened.tape,
      ...(onProgress === undefined ? {} : { onProgress: (variant: string, doneDays: number, totalDays: number) => onProgress({ variant, doneDays, totalDays }) }),
    }).summaries;
  } catch (error) {
    if (error instanceof BacktestRangeError || error instanceof MarketModelError) throw new AcrossModelsError(`${task.model.source}: ${error.message}`);
    throw error;
  }
  try {
    opened.save();
  } catch (error) {
    onSaveError?.(error as Error);
  }
  return modelRunFigures(task.model.source, summaries);
}

export interface BacktestAcrossModelsInput {
  readonly history: MarketHistory;
  readonly configs: readonly StrategyConfig[];
  readonly fromDay: DayNumber;
  readonly toDay: DayNumber;
  readonly signalDeps: SignalDeps;
  readonly cacheDir: string | undefined;
  /** The main run's figures, first column of the comparison. */
  readonly main: ModelRunFigures;
  /** The other models, in the order they are run and shown. */
  readonly models: readonly NamedModelConfig[];
  /** The hedged variants and their unhedged twins whose gap is judged on every model. */
  readonly pairs: readonly { readonly hedged: string; readonly twin: string }[];
  /** Called as each model's run starts (index from 0). */
  readonly onModel?: (model: NamedModelConfig, index: number) => void;
  readonly onProgress?: (model: NamedModelConfig, progress: ModelRunProgress) => void;
  readonly onSaveError?: (model: NamedModelConfig, error: Error) => void;
}

/** The variant pairs the hedge is judged on: each hedged variant and its unhedged twin, where both ran. */
export function twinPairs(results: ReadonlyMap<string, BacktestResult>): { hedged: string; twin: string }[] {
  return [...results.entries()].filter(([name, r]) => r.config.hedge.enabled && results.has(unhedgedTwinOf(name))).map(([name]) => ({ hedged: name, twin: unhedgedTwinOf(name) }));
}

/** Runs the configs over the same days on each model, here one after the other, and lines the runs up with the main one. */
export function backtestAcrossModels(input: BacktestAcrossModelsInput): AcrossModels {
  const runs: ModelRunFigures[] = [input.main];
  input.models.forEach((model, i) => {
    input.onModel?.(model, i);
    const onProgress = input.onProgress;
    const task: ModelRunTask = { model, configs: input.configs, fromDay: input.fromDay, toDay: input.toDay, cacheDir: input.cacheDir };
    runs.push(
      runOnModel(
        input.history,
        input.signalDeps,
        task,
        onProgress === undefined ? undefined : (p) => onProgress(model, p),
        (error) => input.onSaveError?.(model, error),
      ),
    );
  });
  return acrossModels(runs, input.pairs);
}

/** What a worker thread of otherModelRunsOnThreads loads once: the history of this user folder (undefined: the default one). */
export interface ModelRunWorkerData {
  readonly userDir: string | undefined;
  /** The history's data version the runs must see (the data changing mid-run is refused). */
  readonly dataVersion: string;
}

export function defaultModelRunWorkerFile(): string {
  return compiledWorkerFile(import.meta.url, 'backtestAcrossModelsWorker.js', 'src/tape');
}

export interface ThreadedModelRunsInput {
  readonly userDir: string | undefined;
  readonly dataVersion: string;
  readonly tasks: readonly ModelRunTask[];
  readonly onProgress?: (index: number, progress: ModelRunProgress) => void;
  readonly onDone?: (index: number) => void;
  readonly threads?: number;
  readonly workerFile?: string;
}

/**
 * The other models' runs on worker threads (one per core, each loading the user's history once), in
 * the order of the tasks. A failure names the model's file (an AcrossModelsError).
 */
export async function otherModelRunsOnThreads(input: ThreadedModelRunsInput): Promise<ModelRunFigures[]> {
  const workerData: ModelRunWorkerData = { userDir: input.userDir, dataVersion: input.dataVersion };
  try {
    return await runTasksOnWorkerThreads<ModelRunTask, ModelRunFigures, ModelRunProgress>(input.workerFile ?? defaultModelRunWorkerFile(), input.tasks, {
      workerData,
      describe: (i) => input.tasks[i]?.model.source ?? `model ${i + 1}`,
      ...(input.threads === undefined ? {} : { threads: input.threads }),
      ...(input.onProgress === undefined ? {} : { onProgress: input.onProgress }),
      ...(input.onDone === undefined ? {} : { onDone: input.onDone }),
    });
  } catch (error) {
    throw new AcrossModelsError((error as Error).message);
  }
}
