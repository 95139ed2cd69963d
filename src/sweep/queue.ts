/**
 * Distributed sweeps on a BullMQ queue in Redis. `alvh sweep --queue redis://HOST:PORT` adds one job
 * per batch of variants (stepped through the days together by the worker; the job id is derived from
 * the batch's variant keys, so adding a batch twice is one job) and collects each variant's result as
 * its batch completes; `alvh worker --queue ...` on any machine with the same data consumes them.
 * Each job runs in a sandboxed child process (a crash takes down the child, not the worker); a failed
 * job is retried with exponential backoff; a job whose worker died (its lock expires) is moved back
 * to the queue by the stalled-job check of any live worker and run again elsewhere.
 *
 * A job carries each variant's key and resolved config, the period, the data version, the code version and the market model config; a worker
 * on other data or of another build refuses it (the key would lie). Results travel as JSON with the equity curve base64-encoded, bit for bit.
 */
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { Job, Queue, QueueEvents, Worker } from 'bullmq';
import { Redis } from 'ioredis';
import type { MarketModelConfig } from '../market/config.js';
import type { StrategyConfig } from '../strategy/config.js';
import { parseRedisUrl, type RedisTarget } from './redisUrl.js';
import { decodeFloat64, decodeInt32, encodeFloat64, encodeInt32 } from './resultStore.js';
import { QueueSweepError } from './queueErrors.js';
import type { VariantMetrics, VariantRun } from './runVariant.js';
import type { VariantExecutor } from './runSweep.js';
import type { ResultVersions } from './variants.js';
import { batchesOf, DEFAULT_BATCH_VARIANTS } from './batching.js';
import { compiledWorkerFile } from '../threads/workerPool.js';

export const SWEEP_QUEUE_NAME = 'alvh-sweep';

/** Queue behaviour; the defaults suit minutes-long sweeps, tests shorten the lock to see stalls quickly. */
export interface QueueTuning {
  /** Attempts per job before it counts as failed. */
  readonly attempts: number;
  /** First retry delay (doubling after), ms. */
  readonly backoffMs: number;
  /** A worker holds a job's lock this long between renewals; a dead worker's jobs stall after it, ms. */
  readonly lockMs: number;
  /** How often workers look for stalled jobs, ms. */
  readonly stalledCheckMs: number;
  /** Times a job may stall before it fails. */
  readonly maxStalledCount: number;
  /** How often the sweep re-reads pending jobs in case it missed a completion event, ms. */
  readonly pollMs: number;
}

/** Finished jobs (and their results) stay in Redis a week, so a sweep restarted elsewhere still finds them. */
export const COMPLETED_JOB_KEEP_SECONDS = 7 * 24 * 3600;

export const DEFAULT_QUEUE_TUNING: QueueTuning = { attempts: 3, backoffMs: 2000, lockMs: 30_000, stalledCheckMs: 15_000, maxStalledCount: 3, pollMs: 2000 };

/** One batch of variants. */
export interface SweepJobData {
  readonly tasks: ReadonlyArray<{ readonly key: string; readonly config: StrategyConfig }>;
  readonly period: { readonly from: string; readonly to: string };
  readonly dataVersion: string;
  /** The fingerprint of the build that queued it: a worker of another build refuses the job (absent in jobs of an older alvh). */
  readonly codeVersion?: string;
  /** The market model the variants run on, resolved (absent in jobs of an older alvh and for the defaults). */
  readonly modelConfig?: MarketModelConfig;
}

export interface EncodedRun {
  readonly metrics: VariantMetrics;
  readonly daysBase64: string;
  readonly equityBase64: string;
}

/** A batch job's return value: each variant's result by key. */
export interface EncodedBatch {
  readonly runs: ReadonlyArray<{ readonly key: string; readonly run: EncodedRun }>;
}

/** A batch's job id, from its variant keys in order: the same batch added twice is one job. */
export function batchJobId(keys: readonly string[]): string {
  return `batch-${createHash('sha256').update(keys.join('\n')).digest('hex').slice(0, 32)}`;
}

export function encodeRun(run: VariantRun): EncodedRun {
  return { metrics: run.metrics, daysBase64: Buffer.from(encodeInt32(run.days)).toString('base64'), equityBase64: Buffer.from(encodeFloat64(run.equityUsd)).toString('base64') };
}

export function decodeRun(encoded: EncodedRun): VariantRun {
  return { metrics: encoded.metrics, days: decodeInt32(Buffer.from(encoded.daysBase64, 'base64')), equityUsd: decodeFloat64(Buffer.from(encoded.equityBase64, 'base64')) };
}

export { QueueSweepError };

/**
 * One ioredis connection per BullMQ component. `maxRetriesPerRequest: null` is what BullMQ requires of
 * a worker's connection (its blocking commands must wait through a reconnect rather than fail). BullMQ
 * leaves a connection it was handed open on close (it may be shared), so the owner closes it.
 */
function connectionFor(target: RedisTarget, owned: Array<{ disconnect: () => void }>) {
  const client = new Redis({ host: target.host, port: target.port, db: target.db, maxRetriesPerRequest: null });
  owned.push(client);
  return client;
}

/** How long a first connection to Redis may take before the sweep or the worker says it cannot reach it, ms. */
export const REDIS_CONNECT_TIMEOUT_MS = 5000;

/**
 * Connects once to Redis and lets go, or throws a QueueSweepError naming the address: BullMQ's own
 * connections retry for ever, so a mistyped host or port would otherwise hang with a stack trace a
 * second.
 */
export async function ensureRedisReachable(target: RedisTarget, timeoutMs = REDIS_CONNECT_TIMEOUT_MS): Promise<void> {
  const probe = new Redis({ host: target.host, port: target.port, db: target.db, lazyConnect: true, connectTimeout: timeoutMs, maxRetriesPerRequest: 0, retryStrategy: () => null, enableOfflineQueue: false });
  // The socket's own error (ECONNREFUSED, ETIMEDOUT...) says why; connect() rejects only with "Connection is closed".
  let cause: Error | undefined;
  probe.on('error', (error: Error) => (cause ??= error));
  try {
    await probe.connect();
    await probe.ping();
  } catch (error) {
    throw new QueueSweepError(`cannot reach Redis at ${target.host}:${target.port} (${(cause ?? (error as Error)).message}); is redis-server running there?`);
  } finally {
    probe.disconnect();
  }
}

/** Runs the variants through the queue and hands each result to the sink once. */
export function queueExecutor(options: {
  url: string;
  period: { from: string; to: string };
  /** The data and code the variants' keys name: a worker with other data or another build refuses the jobs. */
  versions: ResultVersions;
  /** The sweep spec's market model; undefined: the defaults. */
  modelConfig?: MarketModelConfig | undefined;
  tuning?: Partial<QueueTuning>;
  batchVariants?: number;
}): { execute: VariantExecutor; close: () => Promise<void> } {
  const target = parseRedisUrl(options.url);
  const tuning = { ...DEFAULT_QUEUE_TUNING, ...options.tuning };
  const owned: Array<{ disconnect: () => void }> = [];
  // Opened on the first variants, once Redis answers (ensureRedisReachable): never retrying in the background.
  let opened: { queue: Queue<SweepJobData, EncodedBatch>; events: QueueEvents } | undefined;
  const execute: VariantExecutor = async (tasks, sink) => {
    if (tasks.length === 0) return;
    if (opened === undefined) {
      await ensureRedisReachable(target);
      opened = {
        queue: new Queue<SweepJobData, EncodedBatch>(SWEEP_QUEUE_NAME, { connection: connectionFor(target, owned) }),
        events: new QueueEvents(SWEEP_QUEUE_NAME, { connection: connectionFor(target, owned) }),
      };
    }
    const { queue, events } = opened;
    await events.waitUntilReady();
    const batches = batchesOf(tasks, options.batchVariants ?? DEFAULT_BATCH_VARIANTS).map((batch) => ({ id: batchJobId(batch.map((t) => t.key)), tasks: batch }));
    // Pending batches by job id; a variant's result is handed on once, when its batch completes.
    const pending = new Set(batches.map((b) => b.id));
    let storing: Promise<void> = Promise.resolve();
    let settle: { resolve: () => void; reject: (e: Error) => void } | undefined;
    const finished = new Promise<void>((resolve, reject) => (settle = { resolve, reject }));
    const deliver = (jobId: string, value: unknown) => {
      if (!pending.has(jobId)) return;
      pending.delete(jobId);
      const encoded = (typeof value === 'string' ? JSON.parse(value) : value) as EncodedBatch;
      for (const { key, run } of encoded.runs) storing = storing.then(() => sink(key, decodeRun(run)));
      storing.then(
        () => {
          if (pending.size === 0) settle?.resolve();
        },
        (error: unknown) => settle?.reject(error as Error),
      );
    };
    const inspect = async (key: string) => {
      const job = await Job.fromId<SweepJobData, EncodedBatch>(queue, key);
      if (job === undefined) return;
      if (job.finishedOn !== undefined && job.returnvalue !== null && job.returnvalue !== undefined && job.failedReason === undefined) deliver(key, job.returnvalue);
      else if (job.finishedOn !== undefined && job.failedReason !== undefined && job.attemptsMade >= (job.opts.attempts ?? 1)) {
        settle?.reject(new QueueSweepError(`batch ${key} (variants ${job.data.tasks.map((t) => t.key).join(', ')}) failed after ${job.attemptsMade} attempt(s): ${job.failedReason}`));
      }
    };
    events.on('completed', ({ jobId, returnvalue }) => deliver(jobId, returnvalue));
    events.on('failed', ({ jobId }) => void inspect(jobId).catch(() => undefined));
    await queue.addBulk(
      batches.map((b) => ({
        name: 'variants',
        data: { tasks: b.tasks.map((t) => ({ key: t.key, config: t.config })), period: options.period, dataVersion: options.versions.dataVersion, codeVersion: options.versions.codeVersion, ...(options.modelConfig === undefined ? {} : { modelConfig: options.modelConfig }) },
        opts: { jobId: b.id, attempts: tuning.attempts, backoff: { type: 'exponential', delay: tuning.backoffMs }, removeOnFail: { age: COMPLETED_JOB_KEEP_SECONDS }, removeOnComplete: { age: COMPLETED_JOB_KEEP_SECONDS } },
      })),
    );
    // Jobs that finished before this sweep listened (an earlier sweep, another machine) and missed events.
    const poll = async () => {
      for (const key of [...pending]) await inspect(key);
    };
    await poll();
    const timer = setInterval(() => void poll().catch((error: unknown) => settle?.reject(error as Error)), tuning.pollMs);
    try {
      if (pending.size > 0) await finished;
      await storing;
    } finally {
      clearInterval(timer);
      events.removeAllListeners('completed');
      events.removeAllListeners('failed');
    }
  };
  return {
    execute,
    close: async () => {
      await opened?.events.close();
      await opened?.queue.close();
      for (const c of owned) c.disconnect();
    },
  };
}

/** The compiled sandboxed processor (a child process loads it; it cannot load TypeScript). */
export function defaultProcessorFile(): string {
  return compiledWorkerFile(import.meta.url, 'queueProcessor.js', 'src/sweep');
}

/** A worker consuming the sweep queue until closed; `concurrency` sandboxed children run jobs. */
export function startQueueWorker(options: { url: string; concurrency: number; tuning?: Partial<QueueTuning>; processorFile?: string; onEvent?: (line: string) => void }): { worker: Worker<SweepJobData, EncodedBatch>; close: () => Promise<void> } {
  const target = parseRedisUrl(options.url);
  const tuning = { ...DEFAULT_QUEUE_TUNING, ...options.tuning };
  const file = options.processorFile ?? defaultProcessorFile();
  if (!existsSync(file)) throw new QueueSweepError(`the compiled sweep processor ${file} is missing: run npm run build`);
  const owned: Array<{ disconnect: () => void }> = [];
  const worker = new Worker<SweepJobData, EncodedBatch>(SWEEP_QUEUE_NAME, file, {
    connection: connectionFor(target, owned),
    concurrency: options.concurrency,
    lockDuration: tuning.lockMs,
    stalledInterval: tuning.stalledCheckMs,
    maxStalledCount: tuning.maxStalledCount,
    useWorkerThreads: false,
  });
  worker.on('completed', (job) => options.onEvent?.(`done ${job.id}`));
  worker.on('failed', (job, error) => options.onEvent?.(`failed ${job?.id ?? '?'}: ${error.message}`));
  worker.on('error', (error) => options.onEvent?.(`error: ${error.message}`));
  return {
    worker,
    close: async () => {
      await worker.close();
      for (const c of owned) c.disconnect();
    },
  };
}
