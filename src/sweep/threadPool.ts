/**
 * Runs variants on N worker threads of this machine. Each thread loads the history and prepares the
 * period once, then takes one batch of variants at a time from a shared queue and steps the batch
 * through the days together; results come back in whatever
 * order the threads finish, and the caller stores them by key, so the stored results do not depend on
 * the number of threads.
 */
import { existsSync } from 'node:fs';
import { Worker } from 'node:worker_threads';
import type { MarketModelConfig } from '../market/config.js';
import type { StrategyConfig } from '../strategy/config.js';
import { defaultTapeSettings, marketTapeSettingsHash } from '../tape/marketTape.js';
import { batchesOf, DEFAULT_BATCH_VARIANTS } from './batching.js';
import type { VariantRun } from './runVariant.js';
import { compiledWorkerFile } from '../threads/workerPool.js';

export interface ThreadSetup {
  readonly period: { readonly from: string; readonly to: string };
  readonly userDir: string | undefined;
  /** The market tape's cache folder the workers read (the sweep stores the period's tape there first); undefined: each worker calibrates its own. */
  readonly tapeCacheDir?: string | undefined;
  /** The market model the variants run on (the sweep spec's); undefined: the defaults. */
  readonly modelConfig?: MarketModelConfig | undefined;
}

/** One batch of variants for a thread. */
export interface ThreadRequest {
  readonly tasks: readonly VariantTask[];
}

export type ThreadMessage =
  | { readonly kind: 'ready'; readonly dataVersion: string; readonly settingsHash: string }
  | { readonly kind: 'results'; readonly results: ReadonlyArray<{ readonly key: string; readonly run: VariantRun }> }
  | { readonly kind: 'error'; readonly keys: readonly string[] | undefined; readonly message: string };

export interface VariantTask {
  readonly key: string;
  readonly config: StrategyConfig;
}

export type ResultSink = (key: string, run: VariantRun) => Promise<void>;

export class SweepWorkerError extends Error {
  override name = 'SweepWorkerError';
}

/**
 * A cap on each worker thread's heap (V8's old generation), in MB, for a machine short of memory. Without
 * it a worker's heap grows to about three times the 126-127 MB a full-history batch holds before V8
 * collects (about 0.45 GB a thread); capped at 384 MB a 216-variant full-history sweep on 2 threads
 * peaked at 0.92-0.94 GB instead of 1.45-1.55 GB for 16-18 % more CPU, at 256 MB 0.90 GB for 30 % more
 * (docs/sweep.md).
 * Below what a worker holds, it runs out of memory and the sweep stops, keeping what it stored.
 */
export const MAX_WORKER_HEAP_MB = 1_048_576;

/** Whether `mb` is a heap cap a worker thread takes: a whole number of MB from 1 to MAX_WORKER_HEAP_MB. */
export function isWorkerHeapMb(mb: number): boolean {
  return Number.isInteger(mb) && mb >= 1 && mb <= MAX_WORKER_HEAP_MB;
}

/** A whole number of MB from 1 to MAX_WORKER_HEAP_MB; a SweepWorkerError otherwise. */
export function checkWorkerHeapMb(mb: number): number {
  if (!isWorkerHeapMb(mb)) throw new SweepWorkerError(`a worker thread's heap cap must be a whole number of MB from 1 to ${MAX_WORKER_HEAP_MB} (got ${mb})`);
  return mb;
}

/**
 * The compiled worker: beside this module when it runs from the build, else in the build of the
 * package (tests run this module from its TypeScript source, which a worker thread cannot load).
 */
export function defaultVariantWorkerFile(): string {
  return compiledWorkerFile(import.meta.url, 'variantWorker.js', 'src/sweep');
}

/** Runs every task on `threads` worker threads; rejects on the first failure after stopping the threads. */
export async function runOnThreads(
  tasks: readonly VariantTask[],
  options: { threads: number; setup: ThreadSetup; dataVersion: string; workerFile?: string; batchVariants?: number; workerHeapMb?: number },
  sink: ResultSink,
): Promise<void> {
  if (tasks.length === 0) return;
  const file = options.workerFile ?? defaultVariantWorkerFile();
  if (!existsSync(file)) throw new SweepWorkerError(`the compiled sweep worker ${file} is missing: run npm run build`);
  const heapMb = options.workerHeapMb === undefined ? undefined : checkWorkerHeapMb(options.workerHeapMb);
  const threadCount = Math.max(1, Math.min(options.threads, tasks.length));
  const queue = batchesOf(tasks, options.batchVariants ?? DEFAULT_BATCH_VARIANTS, threadCount);
  const workers: Worker[] = [];
  const settingsHash = marketTapeSettingsHash(defaultTapeSettings(options.setup.modelConfig));
  let pending = tasks.length;
  let failed = false;
  // Results are stored one after another, in arrival order, so the database sees one writer.
  let storing: Promise<void> = Promise.resolve();
  await new Promise<void>((resolve, reject) => {
    const fail = (error: Error) => {
      if (failed) return;
      failed = true;
      for (const w of workers) void w.terminate();
      reject(error);
    };
    const next = (worker: Worker) => {
      const batch = queue.shift();
      if (batch !== undefined) worker.postMessage({ tasks: batch.map((t) => ({ key: t.key, config: t.config })) } satisfies ThreadRequest);
    };
    for (let i = 0; i < threadCount; i++) {
      const worker = new Worker(file, { workerData: options.setup satisfies ThreadSetup, ...(heapMb === undefined ? {} : { resourceLimits: { maxOldGenerationSizeMb: heapMb } }) });
      workers.push(worker);
      worker.on('message', (message: ThreadMessage) => {
        if (failed) return;
        if (message.kind === 'ready') {
          if (message.dataVersion !== options.dataVersion) fail(new SweepWorkerError(`a worker thread loaded data ${message.dataVersion}, the sweep runs on ${options.dataVersion}`));
          else if (message.settingsHash !== settingsHash) fail(new SweepWorkerError('a worker thread runs on another market model config than the sweep'));
          else next(worker);
        } else if (message.kind === 'error') {
          fail(new SweepWorkerError(message.keys === undefined ? `a worker thread failed to start: ${message.message}` : `variant(s) ${message.keys.join(', ')} failed: ${message.message}`));
        } else {
          // The thread starts its next batch while this one's results are stored.
          next(worker);
          for (const { key, run } of message.results) {
            storing = storing.then(() => sink(key, run));
            storing.then(
              () => {
                pending--;
                if (pending === 0) resolve();
              },
              (error: unknown) => fail(error as Error),
            );
          }
        }
      });
      worker.on('error', (error: Error & { code?: string }) => {
        if (error.code !== 'ERR_WORKER_OUT_OF_MEMORY') return fail(error);
        // Without a cap of ours the limit is V8's own: the batch size is the only thing to lower.
        const what = heapMb === undefined ? "(V8's heap limit): lower the batch size" : `(its ${heapMb} MB heap cap): raise the cap or lower the batch size`;
        fail(new SweepWorkerError(`a worker thread ran out of memory ${what}; the results stored so far are kept, and a rerun resumes`));
      });
      worker.on('exit', (code) => {
        if (pending > 0 && !failed) fail(new SweepWorkerError(`a worker thread exited (code ${code}) with ${pending} variant(s) to go`));
      });
    }
  });
  await Promise.all(workers.map((w) => w.terminate()));
}
