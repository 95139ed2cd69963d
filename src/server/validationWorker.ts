/**
 * `alvh validate` in its own thread for the dashboard: it takes a minute or more of CPU, which must
 * not stop the server answering. Runs on the server's model (the defaults when it has none), and on
 * the other models it is given too. Writes the report into the folder it is given and posts when done,
 * with the chart files it wrote.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { relative, sep } from 'node:path';
import { defaultValidateDependencies, runValidate } from '../cli/commands/validate.js';
import type { ValidationWorkerData, ValidationWorkerMessage } from './validationRun.js';

const port = parentPort;
if (port === null) throw new Error('validationWorker runs only as a worker thread');
const { outDir, model, acrossModels } = workerData as ValidationWorkerData;
const silent = { out: () => undefined, err: () => undefined, isTty: false };

const post = (message: ValidationWorkerMessage) => port.postMessage(message);

try {
  const deps = model === undefined ? defaultValidateDependencies : { ...defaultValidateDependencies, config: model.config, configSource: model.source };
  const { files } = await runValidate({ json: true, out: outDir, ...(acrossModels === undefined ? {} : { acrossModels }) }, silent, deps);
  // Only the charts this run wrote: the folder may hold older ones.
  const chartFiles = files.map((path) => relative(outDir, path).split(sep).join('/')).filter((path) => path.startsWith('charts/') && path.endsWith('.svg'));
  post({ kind: 'done', chartFiles });
} catch (error) {
  post({ kind: 'error', message: error instanceof Error ? error.message : String(error) });
}
