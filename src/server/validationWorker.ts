/**
 * `alvh validate` in its own thread for the dashboard: it takes a minute or more of CPU, which must
 * not stop the server answering. Writes the report into the folder it is given and posts when done,
 * with the chart files it wrote.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { relative, sep } from 'node:path';
import { defaultValidateDependencies, runValidate } from '../cli/commands/validate.js';
import type { ValidationWorkerMessage } from './validationRun.js';

const port = parentPort;
if (port === null) throw new Error('validationWorker runs only as a worker thread');
const { outDir } = workerData as { outDir: string };
const silent = { out: () => undefined, err: () => undefined, isTty: false };

const post = (message: ValidationWorkerMessage) => port.postMessage(message);

try {
  const { files } = await runValidate({ json: true, out: outDir }, silent, defaultValidateDependencies);
  // Only the charts this run wrote: the folder may hold older ones.
  const chartFiles = files.map((path) => relative(outDir, path).split(sep).join('/')).filter((path) => path.startsWith('charts/') && path.endsWith('.svg'));
  post({ kind: 'done', chartFiles });
} catch (error) {
  post({ kind: 'error', message: error instanceof Error ? error.message : String(error) });
}
