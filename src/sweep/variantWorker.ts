/**
 * A sweep worker thread: loads the market history once, prepares the period's shared state once, then
 * runs the variants the pool sends it, one at a time, posting each result back. Its first message says
 * which data version it runs on, so the pool can refuse a worker that sees other data.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { countNyseTradingDays } from '../calendar/nyse.js';
import { loadMarketHistory } from '../data/loadHistory.js';
import { defaultTapeSettings } from '../tape/marketTape.js';
import { openMarketTape } from '../tape/tapeCache.js';
import { prepareVariantRunner } from './runVariant.js';
import type { ThreadRequest, ThreadMessage, ThreadSetup } from './threadPool.js';

const port = parentPort;
if (port === null) throw new Error('variantWorker runs only as a worker thread');
const setup = workerData as ThreadSetup;
const post = (message: ThreadMessage) => port.postMessage(message);

try {
  const { history } = await loadMarketHistory(setup.userDir === undefined ? {} : { userDir: setup.userDir });
  const signalDeps = { countTradingDays: countNyseTradingDays };
  // The sweep stored the period's tape before starting the threads: each thread reads it instead of calibrating.
  const { tape } = openMarketTape({ history, settings: defaultTapeSettings(), signalDeps, cacheDir: setup.tapeCacheDir });
  const runner = prepareVariantRunner(history, setup.period, signalDeps, tape);
  port.on('message', (request: ThreadRequest) => {
    try {
      post({ kind: 'result', key: request.key, run: runner.run(request.config) });
    } catch (error) {
      post({ kind: 'error', key: request.key, message: error instanceof Error ? error.message : String(error) });
    }
  });
  post({ kind: 'ready', dataVersion: runner.dataVersion });
} catch (error) {
  post({ kind: 'error', key: undefined, message: error instanceof Error ? error.message : String(error) });
}
