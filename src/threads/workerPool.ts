/**
 * Independent tasks on a few worker threads: each thread is started once (and loads whatever it
 * shares across tasks once), takes one task at a time, and the results come back in the tasks' order
 * whatever thread finished first. A task's failure ends every thread and rejects, naming the task.
 * Used where the same pure computation runs on several inputs at once: the validation exam on other
 * market models (`alvh validate --across-models`).
 */
import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parentPort, Worker } from 'node:worker_threads';
import { packageRoot } from '../data/loadHistory.js';

/**
 * A compiled worker module: `name` beside the calling module when it runs from the build, else the same
 * file in the package's build (`dist/<folder>/<name>`): tests run modules from their TypeScript source,
 * which a worker thread cannot load.
 */
export function compiledWorkerFile(callerUrl: string, name: string, buildFolder: string): string {
  const beside = fileURLToPath(new URL(`./${name}`, callerUrl));
  return existsSync(beside) ? beside : join(packageRoot(), 'dist', buildFolder, name);
}

/** What the main thread sends a worker: one task and its place in the list. */
export interface PoolTask<T> {
  readonly index: number;
  readonly task: T;
}

/** What a worker answers for a task: its result, or why it failed. */
export type PoolMessage<R> = { readonly kind: 'done'; readonly index: number; readonly result: R } | { readonly kind: 'error'; readonly index: number; readonly message: string };

export interface PoolOptions {
  /** Threads at most (default: one per core); never more than there are tasks. */
  readonly threads?: number;
  /** Called as each task finishes, in the order they finish. */
  readonly onDone?: (index: number) => void;
  /** How a failure names the task (default `task i of n`). */
  readonly describe?: (index: number) => string;
}

/** Runs every task on worker threads running `workerFile` (which answers through serveWorkerTasks). */
export function runTasksOnWorkerThreads<T, R>(workerFile: string, tasks: readonly T[], options: PoolOptions = {}): Promise<R[]> {
  if (tasks.length === 0) return Promise.resolve([]);
  if (!existsSync(workerFile)) return Promise.reject(new Error(`the worker is not built (${workerFile}): run npm run build`));
  const threads = Math.max(1, Math.min(options.threads ?? availableParallelism(), tasks.length));
  const describe = options.describe ?? ((i: number) => `task ${i + 1} of ${tasks.length}`);
  return new Promise((resolve, reject) => {
    const results = new Array<R | undefined>(tasks.length).fill(undefined);
    const workers: Worker[] = [];
    /** Threads ended on purpose (nothing left for them, or all done): their exit is no failure. */
    const retired = new Set<Worker>();
    let next = 0;
    let finished = 0;
    let failed = false;
    const retire = (worker: Worker) => {
      retired.add(worker);
      void worker.terminate();
    };
    const fail = (error: Error) => {
      if (failed) return;
      failed = true;
      for (const w of workers) retire(w);
      reject(error);
    };
    const give = (worker: Worker) => {
      if (next >= tasks.length) {
        retire(worker);
        return;
      }
      const index = next++;
      const message: PoolTask<T> = { index, task: tasks[index] as T };
      worker.postMessage(message);
    };
    for (let t = 0; t < threads; t++) {
      const worker = new Worker(workerFile);
      workers.push(worker);
      worker.on('message', (message: PoolMessage<R>) => {
        if (failed) return;
        if (message.kind === 'error') {
          fail(new Error(`${describe(message.index)} failed: ${message.message}`));
          return;
        }
        results[message.index] = message.result;
        options.onDone?.(message.index);
        if (++finished === tasks.length) {
          for (const w of workers) retire(w);
          resolve(results as R[]);
          return;
        }
        give(worker);
      });
      worker.on('error', fail);
      worker.on('exit', (code) => {
        if (!failed && !retired.has(worker)) fail(new Error(`a worker thread stopped unexpectedly (exit code ${code})`));
      });
      give(worker);
    }
  });
}

/**
 * The worker's side: `prepare` once (what every task shares, such as the loaded history), then
 * `handle` each task sent, posting its result or its failure.
 */
export function serveWorkerTasks<S, T, R>(prepare: () => Promise<S>, handle: (shared: S, task: T) => R): void {
  const port = parentPort;
  if (port === null) throw new Error('serveWorkerTasks runs only in a worker thread');
  const post = (message: PoolMessage<R>) => port.postMessage(message);
  const shared = prepare();
  // A failure is reported with the first task.
  shared.catch(() => undefined);
  port.on('message', ({ index, task }: PoolTask<T>) => {
    const failWith = (error: unknown) => post({ kind: 'error', index, message: error instanceof Error ? error.message : String(error) });
    shared.then((s) => {
      try {
        post({ kind: 'done', index, result: handle(s, task) });
      } catch (error) {
        failWith(error);
      }
    }, failWith);
  });
}
