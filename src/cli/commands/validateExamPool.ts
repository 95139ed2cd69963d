/**
 * `alvh validate --across-models` on several threads: each other model's exam runs in a worker thread
 * (validateExamWorker.ts: the default providers on the default data, loaded once per thread) while
 * the calling thread runs its own model's. Each exam is a pure function of the data and its model
 * config, so a worker's target rows are the ones the calling thread would compute (a test compares
 * them); the threads only change when they are ready. Measured on the bundled data with 2 cores:
 * the five bundled models in 87 s, against 150 s one after the other.
 */
import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { packageRoot } from '../../data/loadHistory.js';
import type { MarketModelConfig } from '../../market/config.js';
import type { TargetSummaryEntry } from '../../validation/targets.js';
import type { ReplicationSpan } from './validate.js';

/** A task for a worker: one model's exam. */
export interface ExamTask {
  readonly index: number;
  readonly config: MarketModelConfig;
  readonly replicationSpan: ReplicationSpan;
}

export type ExamWorkerMessage = { readonly kind: 'done'; readonly index: number; readonly targets: TargetSummaryEntry[] } | { readonly kind: 'error'; readonly index: number; readonly message: string };

/** The compiled worker: beside this module in the build, else in the package's build (tests run the TypeScript source). */
export function defaultExamWorkerFile(): string {
  const beside = fileURLToPath(new URL('./validateExamWorker.js', import.meta.url));
  return existsSync(beside) ? beside : join(packageRoot(), 'dist', 'src', 'cli', 'commands', 'validateExamWorker.js');
}

export interface ExamPoolOptions {
  /** Worker threads at most (default: one per core; the calling thread's own exam runs beside them). */
  readonly threads?: number;
  readonly workerFile?: string;
}

/**
 * The target rows of each config's exam, in the order of `configs`, computed on worker threads;
 * `onDone(index)` as each finishes. The first failure ends every thread and rejects, naming the model's index.
 */
export function examsOnWorkerThreads(
  configs: readonly MarketModelConfig[],
  replicationSpan: ReplicationSpan,
  onDone: (index: number) => void = () => undefined,
  options: ExamPoolOptions = {},
): Promise<TargetSummaryEntry[][]> {
  if (configs.length === 0) return Promise.resolve([]);
  const workerFile = options.workerFile ?? defaultExamWorkerFile();
  if (!existsSync(workerFile)) return Promise.reject(new Error(`the validation exam worker is not built (${workerFile}): run npm run build`));
  const threads = Math.max(1, Math.min(options.threads ?? availableParallelism(), configs.length));
  return new Promise((resolve, reject) => {
    const results = new Array<TargetSummaryEntry[] | undefined>(configs.length).fill(undefined);
    const workers: Worker[] = [];
    let next = 0;
    let finished = 0;
    let failed = false;
    /** Threads ended on purpose (nothing left to give them): their exit is no failure. */
    const retired = new Set<Worker>();
    const fail = (error: Error) => {
      if (failed) return;
      failed = true;
      for (const w of workers) void w.terminate();
      reject(error);
    };
    const give = (worker: Worker) => {
      if (next >= configs.length) {
        retired.add(worker);
        void worker.terminate();
        return;
      }
      const index = next++;
      const task: ExamTask = { index, config: configs[index] as MarketModelConfig, replicationSpan };
      worker.postMessage(task);
    };
    for (let t = 0; t < threads; t++) {
      const worker = new Worker(workerFile);
      workers.push(worker);
      worker.on('message', (message: ExamWorkerMessage) => {
        if (failed) return;
        if (message.kind === 'error') {
          fail(new Error(`the exam of model ${message.index + 1} of ${configs.length} failed: ${message.message}`));
          return;
        }
        results[message.index] = message.targets;
        onDone(message.index);
        if (++finished === configs.length) {
          for (const w of workers) {
            retired.add(w);
            void w.terminate();
          }
          resolve(results as TargetSummaryEntry[][]);
          return;
        }
        give(worker);
      });
      worker.on('error', fail);
      worker.on('exit', (code) => {
        if (!failed && !retired.has(worker)) fail(new Error(`a validation exam thread stopped unexpectedly (exit code ${code})`));
      });
      give(worker);
    }
  });
}
