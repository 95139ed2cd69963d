/**
 * `alvh validate --across-models` on several threads: each other model's exam runs in a worker thread
 * (validateExamWorker.ts: the default providers that measure target rows, on the default data loaded once per thread) while
 * the calling thread runs its own model's. Each exam is a pure function of the data and its model
 * config, so a worker's target rows are the ones the calling thread would compute (a test compares
 * them); the threads only change when they are ready. Measured on the bundled data with 2 cores
 * (docs/model.md): the five bundled models in 50 s.
 */
import { compiledWorkerFile, runTasksOnWorkerThreads } from '../../threads/workerPool.js';
import type { MarketModelConfig } from '../../market/config.js';
import type { TargetSummaryEntry } from '../../validation/targets.js';
import type { ReplicationSpan } from './validate.js';

/** A task for a worker: one model's exam. */
export interface ExamTask {
  readonly config: MarketModelConfig;
  readonly replicationSpan: ReplicationSpan;
}

export function defaultExamWorkerFile(): string {
  return compiledWorkerFile(import.meta.url, 'validateExamWorker.js', 'src/cli/commands');
}

export interface ExamPoolOptions {
  /** Worker threads at most (default: one per core; the calling thread's own exam runs beside them). */
  readonly threads?: number;
  readonly workerFile?: string;
}

/**
 * The target rows of each model's exam, in the order of `models`, computed on worker threads;
 * `onDone(index)` as each finishes. The first failure ends every thread and rejects, naming the model.
 */
export function examsOnWorkerThreads(
  models: readonly { readonly source: string; readonly config: MarketModelConfig }[],
  replicationSpan: ReplicationSpan,
  onDone: (index: number) => void = () => undefined,
  options: ExamPoolOptions = {},
): Promise<TargetSummaryEntry[][]> {
  const tasks: ExamTask[] = models.map(({ config }) => ({ config, replicationSpan }));
  return runTasksOnWorkerThreads<ExamTask, TargetSummaryEntry[]>(options.workerFile ?? defaultExamWorkerFile(), tasks, {
    ...(options.threads === undefined ? {} : { threads: options.threads }),
    onDone,
    describe: (i) => `the exam on ${models[i]?.source ?? `model ${i + 1}`}`,
  });
}
