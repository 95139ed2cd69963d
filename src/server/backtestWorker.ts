/**
 * A backtest job in its own thread: the engine is synchronous and takes seconds, so it runs here and
 * the server's event loop stays free. Loads the history, runs the configs (validated by the server), posts progress and then
 * the digest (or the error). With `acrossModels`, the same configs then run on each of those model
 * configs, each model's progress posted as `on FILE`. Ending the thread is how a job is cancelled.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { countNyseTradingDays } from '../calendar/nyse.js';
import { loadMarketHistory } from '../data/loadHistory.js';
import { runBacktestJob } from '../engine/backtestJob.js';
import { defaultTapeSettings } from '../tape/marketTape.js';
import { defaultTapeCacheDir, openMarketTape } from '../tape/tapeCache.js';
import { modelLabel, modelRunFigures } from '../analysis/acrossModels.js';
import { DEFAULT_MODEL_CONFIG_SOURCE } from '../cli/modelConfigOption.js';
import { backtestAcrossModels, twinPairs } from '../tape/backtestAcrossModels.js';
import { digestBacktest } from './backtestDigest.js';
import type { WorkerMessage, WorkerRequest } from './backtestJobs.js';

const port = parentPort;
if (port === null) throw new Error('backtestWorker runs only as a worker thread');
const request = workerData as WorkerRequest;
const post = (message: WorkerMessage) => port.postMessage(message);

try {
  const configs = request.configs;
  const { history } = await loadMarketHistory(request.userDir === undefined ? {} : { userDir: request.userDir });
  const signalDeps = { countTradingDays: countNyseTradingDays };
  // The same market tapes as `alvh backtest` and `alvh signal`: the user's, under their alvh home.
  const cacheDir = request.userDir === undefined ? undefined : defaultTapeCacheDir(request.userDir);
  const opened = openMarketTape({ history, settings: defaultTapeSettings(request.model?.config), signalDeps, cacheDir });
  const result = runBacktestJob({
    history,
    configs,
    fromDay: request.fromDay,
    toDay: request.toDay,
    signalDeps,
    tape: opened.tape,
    onProgress: (variant, doneDays, totalDays) => {
      if (doneDays % request.progressEveryDays === 0 || doneDays === totalDays) post({ kind: 'progress', variant, doneDays, totalDays });
    },
  });
  try {
    opened.save();
  } catch {
    // Only the next run's head start is lost.
  }
  const others = request.acrossModels;
  // The variants step through the days together: the first one's progress is each model's.
  const leadVariant = configs[0]?.name;
  const across =
    others === undefined
      ? undefined
      : backtestAcrossModels({
          history,
          configs,
          fromDay: result.fromDay,
          toDay: result.toDay,
          signalDeps,
          cacheDir,
          main: modelRunFigures(request.model?.source ?? DEFAULT_MODEL_CONFIG_SOURCE, result.summaries),
          models: others,
          pairs: twinPairs(result.suite.results),
          onProgress: (model, variant, doneDays, totalDays) => {
            if (variant === leadVariant && (doneDays % request.progressEveryDays === 0 || doneDays === totalDays)) {
              post({ kind: 'progress', variant: `on ${modelLabel(model.source)}`, doneDays, totalDays });
            }
          },
        });
  post({ kind: 'done', digest: digestBacktest(result, request.equityMaxPoints, history, configs, request.model, across) });
} catch (error) {
  post({ kind: 'error', message: error instanceof Error ? error.message : String(error) });
}
