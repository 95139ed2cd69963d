/**
 * `alvh validate` in its own thread for the dashboard: it takes a minute or more of CPU, which must
 * not stop the server answering. Writes the report into the folder it is given and posts when done.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { defaultValidateDependencies, runValidate } from '../cli/commands/validate.js';

const port = parentPort;
if (port === null) throw new Error('validationWorker runs only as a worker thread');
const { outDir } = workerData as { outDir: string };
const silent = { out: () => undefined, err: () => undefined, isTty: false };

try {
  await runValidate({ json: true, out: outDir }, silent, defaultValidateDependencies);
  port.postMessage({ kind: 'done' });
} catch (error) {
  port.postMessage({ kind: 'error', message: error instanceof Error ? error.message : String(error) });
}
