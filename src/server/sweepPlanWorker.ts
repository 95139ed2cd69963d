/** A thread that plans sweep specs (see sweepPlan.ts) and ends: the server's event loop never expands a spec. */
import { parentPort, workerData } from 'node:worker_threads';
import { planSpec, type PlanRequest } from './sweepPlan.js';

const port = parentPort;
if (port === null) throw new Error('sweepPlanWorker runs only as a worker thread');
const request = workerData as PlanRequest;
try {
  port.postMessage({ outcomes: request.items.map((item) => planSpec(item, request.versions)) });
} catch (error) {
  port.postMessage({ error: error instanceof Error ? error.message : String(error) });
}
