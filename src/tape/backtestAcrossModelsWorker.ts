/**
 * One thread of otherModelRunsOnThreads (backtestAcrossModels.ts): loads the user's history once, then
 * runs each model it is sent on that model's tape and answers its headline figures, with the run's
 * progress on the way.
 */
import { workerData } from 'node:worker_threads';
import { countNyseTradingDays } from '../calendar/nyse.js';
import { loadMarketHistory } from '../data/loadHistory.js';
import { serveWorkerTasks } from '../threads/workerPool.js';
import { runOnModel, type ModelRunProgress, type ModelRunTask, type ModelRunWorkerData } from './backtestAcrossModels.js';

const { userDir, dataVersion } = workerData as ModelRunWorkerData;
const signalDeps = { countTradingDays: countNyseTradingDays };

serveWorkerTasks(
  async () => {
    const { history } = await loadMarketHistory(userDir === undefined ? {} : { userDir });
    if (history.dataVersion !== dataVersion) throw new Error(`the market data changed while the run went on (${dataVersion.slice(0, 12)} became ${history.dataVersion.slice(0, 12)}): run it again`);
    return history;
  },
  // A tape that cannot be stored costs the next run its head start only; the figures stand.
  (history, task: ModelRunTask, progress: (p: ModelRunProgress) => void) => runOnModel(history, signalDeps, task, progress),
);
