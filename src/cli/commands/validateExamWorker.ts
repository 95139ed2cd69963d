/**
 * One thread of validateExamPool.ts: loads the default data once, then runs the exam of each model
 * config it is sent with the default providers that measure target rows, and answers those rows.
 */
import { formatChainLoadError } from '../../data/chains/bundledChains.js';
import { serveWorkerTasks } from '../../threads/workerPool.js';
import type { TargetSummaryEntry } from '../../validation/targets.js';
import { defaultValidateDependencies, runExam } from './validate.js';
import type { ExamTask } from './validateExamPool.js';

const deps = defaultValidateDependencies;
serveWorkerTasks(
  async () => {
    const history = await deps.loadHistory();
    const chains = deps.loadChains();
    if (!chains.ok) throw new Error(`cannot read an option chain: ${formatChainLoadError(chains.error)}`);
    return { history, chains: chains.value };
  },
  ({ history, chains }, task: ExamTask): TargetSummaryEntry[] => runExam(deps.targetProviders ?? deps.providers, { history, chains, config: task.config, replicationSpan: task.replicationSpan }).targets,
);
