/**
 * A backtest job in its own thread: the engine is synchronous and takes seconds, so it runs here and
 * the server's event loop stays free. Loads the history, runs the configs (validated by the server), posts progress and then
 * the digest (or the error). With `acrossModels`, the same configs run on each of those model configs
 * too, on worker threads of their own beside the main run, each model's progress posted as `on FILE`.
 * Ending the thread is how a job is cancelled (its own worker threads end with it).
 */
import { parentPort, workerData } from 'node:worker_threads';
import { countNyseTradingDays } from '../calendar/nyse.js';
import { loadMarketHistory } from '../data/loadHistory.js';
import { backtestSpan, runBacktestJob } from '../engine/backtestJob.js';
import { defaultTapeSettings } from '../tape/marketTape.js';
import { defaultTapeCacheDir, openMarketTape } from '../tape/tapeCache.js';
import { acrossModels, modelLabel, modelRunFigures } from '../analysis/acrossModels.js';
import { DEFAULT_MODEL_CONFIG_SOURCE, type ModelConfigChoice } from '../cli/modelConfigOption.js';
import { otherModelRunsOnThreads, twinPairs } from '../tape/backtestAcrossModels.js';
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
  const others = request.acrossModels;
  // The variants step through the days together: the first one's progress is each model's.
  const leadVariant = configs[0]?.name;
  const reportEvery = (doneDays: number, totalDays: number) => doneDays % request.progressEveryDays === 0 || doneDays === totalDays;
  // The other models run on worker threads of their own, started now so they run beside the main run
  // (the span is the one the main run takes: backtestSpan's days).
  const span = backtestSpan(history, configs, request.fromDay, request.toDay);
  const otherRuns =
    others === undefined
      ? undefined
      : otherModelRunsOnThreads({
          userDir: request.userDir,
          dataVersion: history.dataVersion,
          tasks: others.map((model) => ({ model, configs, fromDay: span.fromDay, toDay: span.toDay, cacheDir })),
          onProgress: (i, { variant, doneDays, totalDays }) => {
            if (variant === leadVariant && reportEvery(doneDays, totalDays)) post({ kind: 'progress', variant: `on ${modelLabel((others[i] as ModelConfigChoice).source)}`, doneDays, totalDays });
          },
        });
  otherRuns?.catch(() => undefined);
  const opened = openMarketTape({ history, settings: defaultTapeSettings(request.model?.config), signalDeps, cacheDir });
  const result = runBacktestJob({
    history,
    configs,
    fromDay: request.fromDay,
    toDay: request.toDay,
    signalDeps,
    tape: opened.tape,
    onProgress: (variant, doneDays, totalDays) => {
      if (reportEvery(doneDays, totalDays)) post({ kind: 'progress', variant, doneDays, totalDays });
    },
  });
  try {
    opened.save();
  } catch {
    // Only the next run's head start is lost.
  }
  const main = modelRunFigures(request.model?.source ?? DEFAULT_MODEL_CONFIG_SOURCE, result.summaries);
  const across = otherRuns === undefined ? undefined : acrossModels([main, ...(await otherRuns)], twinPairs(result.suite.results));
  post({ kind: 'done', digest: digestBacktest(result, request.equityMaxPoints, history, configs, request.model, across) });
} catch (error) {
  post({ kind: 'error', message: error instanceof Error ? error.message : String(error) });
}
