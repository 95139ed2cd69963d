/**
 * One thread of validateExamPool.ts: loads the default data once, then runs the exam of each model
 * config it is sent with the default providers and posts the target rows back.
 */
import { parentPort } from 'node:worker_threads';
import { formatChainLoadError } from '../../data/chains/bundledChains.js';
import { defaultValidateDependencies, runExam } from './validate.js';
import type { ExamTask, ExamWorkerMessage } from './validateExamPool.js';

const port = parentPort;
if (port === null) throw new Error('validateExamWorker runs only as a worker thread');
const post = (message: ExamWorkerMessage) => port.postMessage(message);
const deps = defaultValidateDependencies;
// Read once for every exam this thread runs; a failure is reported with the first task.
const loaded = (async () => {
  const history = await deps.loadHistory();
  const chains = deps.loadChains();
  if (!chains.ok) throw new Error(`cannot read an option chain: ${formatChainLoadError(chains.error)}`);
  return { history, chains: chains.value };
})();
loaded.catch(() => undefined);

port.on('message', (task: ExamTask) => {
  loaded.then(
    ({ history, chains }) => {
      try {
        post({ kind: 'done', index: task.index, targets: runExam(deps.providers, { history, chains, config: task.config, replicationSpan: task.replicationSpan }).targets });
      } catch (error) {
        post({ kind: 'error', index: task.index, message: error instanceof Error ? error.message : String(error) });
      }
    },
    (error: unknown) => post({ kind: 'error', index: task.index, message: error instanceof Error ? error.message : String(error) }),
  );
});
