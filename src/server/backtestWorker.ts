/**
 * Backtest jobs in their own thread: the engine is synchronous and takes seconds, so it runs here and
 * the server's event loop stays free. The thread lives on between jobs (BacktestJobs keeps it idle for
 * the next one), so the history is loaded once, the market tape opened once per model, and the
 * engine's code stays compiled: a dashboard user reruns a backtest at the cost of the run itself, not
 * of a fresh start. Each `run` message runs the configs (validated by the server), posts progress and
 * then the digest (or the error). With `acrossModels`, the same configs then run on each of those model
 * configs, each model's progress posted as `on FILE`. Ending the thread is how a job is cancelled.
 */
import { parentPort } from 'node:worker_threads';
import { countNyseTradingDays } from '../calendar/nyse.js';
import { loadMarketHistory } from '../data/loadHistory.js';
import { runBacktestJob } from '../engine/backtestJob.js';
import type { MarketHistory } from '../history/types.js';
import { defaultTapeSettings, marketTapeSettingsHash } from '../tape/marketTape.js';
import { defaultTapeCacheDir, openMarketTape, type OpenedTape } from '../tape/tapeCache.js';
import { modelLabel, modelRunFigures } from '../analysis/acrossModels.js';
import { DEFAULT_MODEL_CONFIG_SOURCE } from '../cli/modelConfigOption.js';
import { backtestAcrossModels, twinPairs } from '../tape/backtestAcrossModels.js';
import { digestBacktest } from './backtestDigest.js';
import type { WorkerCommand, WorkerMessage, WorkerRequest } from './backtestJobs.js';

const port = parentPort;
if (port === null) throw new Error('backtestWorker runs only as a worker thread');
const post = (message: WorkerMessage) => port.postMessage(message);
const signalDeps = { countTradingDays: countNyseTradingDays };
/** The history of the server's alvh folder, loaded by the first job (every job of a server names the same folder). */
let loaded: { readonly userDir: string | undefined; readonly history: Promise<MarketHistory> } | undefined;
/** The run's own market tapes by settings hash (the server's model; at most a few), kept between jobs. */
const tapes = new Map<string, OpenedTape>();

port.on('message', (message: WorkerCommand) => {
  // One job at a time: BacktestJobs sends the next only after this one's last message.
  void runJob(message.request).then(post, (error: unknown) => post({ kind: 'error', message: error instanceof Error ? error.message : String(error) }));
});

async function runJob(request: WorkerRequest): Promise<WorkerMessage> {
  const configs = request.configs;
  if (loaded === undefined || loaded.userDir !== request.userDir) {
    loaded = { userDir: request.userDir, history: loadMarketHistory(request.userDir === undefined ? {} : { userDir: request.userDir }).then((h) => h.history) };
  }
  let history: MarketHistory;
  try {
    history = await loaded.history;
  } catch (error) {
    // Read again by the next job rather than failing every job after this one.
    loaded = undefined;
    throw error;
  }
  // The same market tapes as `alvh backtest` and `alvh signal`: the user's, under their alvh home.
  const cacheDir = request.userDir === undefined ? undefined : defaultTapeCacheDir(request.userDir);
  const settings = defaultTapeSettings(request.model?.config);
  const tapeKey = `${cacheDir ?? ''}/${marketTapeSettingsHash(settings)}`;
  let opened = tapes.get(tapeKey);
  if (opened === undefined) {
    opened = openMarketTape({ history, settings, signalDeps, cacheDir });
    tapes.set(tapeKey, opened);
  }
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
  return { kind: 'done', digest: digestBacktest(result, request.equityMaxPoints, history, configs, request.model, across) };
}
