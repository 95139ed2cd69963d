/**
 * A sweep worker thread: loads the market history once, prepares the period's shared state once, then
 * runs the batches of variants the pool sends it, each stepped through the days together, posting
 * each batch's results back. Its first message says
 * which data version it runs on, so the pool can refuse a worker that sees other data.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { countNyseTradingDays } from '../calendar/nyse.js';
import { loadMarketHistory } from '../data/loadHistory.js';
import { defaultTapeSettings } from '../tape/marketTape.js';
import { openMarketTape } from '../tape/tapeCache.js';
import { prepareVariantRunner, type VariantRun } from './runVariant.js';
import type { ThreadRequest, ThreadMessage, ThreadSetup } from './threadPool.js';

const port = parentPort;
if (port === null) throw new Error('variantWorker runs only as a worker thread');
const setup = workerData as ThreadSetup;
const post = (message: ThreadMessage) => port.postMessage(message);

try {
  const { history } = await loadMarketHistory(setup.userDir === undefined ? {} : { userDir: setup.userDir });
  const signalDeps = { countTradingDays: countNyseTradingDays };
  // The sweep stored the period's tape before starting the threads: each thread reads it instead of calibrating.
  const { tape } = openMarketTape({ history, settings: defaultTapeSettings(setup.modelConfig), signalDeps, cacheDir: setup.tapeCacheDir });
  const runner = prepareVariantRunner(history, setup.period, signalDeps, tape);
  port.on('message', (request: ThreadRequest) => {
    try {
      const runs = runner.runBatch(request.tasks.map((t) => t.config));
      post({ kind: 'results', results: request.tasks.map((t, i) => ({ key: t.key, run: runs[i] as VariantRun })) });
    } catch (error) {
      post({ kind: 'error', keys: request.tasks.map((t) => t.key), message: error instanceof Error ? error.message : String(error) });
    }
  });
  post({ kind: 'ready', dataVersion: runner.dataVersion, settingsHash: runner.settingsHash });
} catch (error) {
  post({ kind: 'error', keys: undefined, message: error instanceof Error ? error.message : String(error) });
}
