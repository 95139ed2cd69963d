/**
 * `alvh worker --queue redis://HOST:PORT [--concurrency N]`: consumes the sweep queue until stopped
 * (Ctrl-C or SIGTERM closes it after the jobs in hand). Run one per machine (or more) with the same
 * build and data as the machine that started the sweep; each variant runs in a sandboxed child process.
 */
import { availableParallelism } from 'node:os';
import type { Command } from 'commander';
import { parseRedisUrl, RedisUrlError } from '../../sweep/redisUrl.js';
import type { QueueTuning, startQueueWorker } from '../../sweep/queue.js';
import { QueueSweepError } from '../../sweep/queueErrors.js';
import { UserError, type CliIo } from '../io.js';
import { numberOption } from '../options.js';
import { wholeCodeFingerprint } from '../../data/codeFingerprint.js';

export interface WorkerCommandOptions {
  readonly queue: string;
  readonly concurrency: number;
  readonly tuning?: Partial<QueueTuning>;
}

/** Runs until `stop` resolves (the CLI: a signal), then closes the worker. */
export async function runWorkerCommand(options: WorkerCommandOptions, io: CliIo, stop: Promise<unknown>): Promise<void> {
  if (!Number.isInteger(options.concurrency) || options.concurrency < 1) throw new UserError(`--concurrency must be a positive whole number (got ${options.concurrency})`);
  let handle: ReturnType<typeof startQueueWorker>;
  // BullMQ and ioredis are loaded by the commands that use a queue, not by every start of the CLI.
  const queue = await import('../../sweep/queue.js');
  try {
    // A worker that cannot reach Redis says so and stops, rather than retry in the background for ever.
    await queue.ensureRedisReachable(parseRedisUrl(options.queue));
    handle = queue.startQueueWorker({ url: options.queue, concurrency: options.concurrency, ...(options.tuning ? { tuning: options.tuning } : {}), onEvent: (line) => io.err(`${line}\n`) });
  } catch (error) {
    if (error instanceof RedisUrlError || error instanceof QueueSweepError) throw new UserError(error.message);
    throw error;
  }
  await handle.worker.waitUntilReady();
  // The build a sweep's jobs must name: a job queued by another build is refused, so say which this is.
  io.err(`alvh worker: consuming ${options.queue} with ${options.concurrency} sandboxed process(es), code ${wholeCodeFingerprint().slice(0, 12)}; stop with Ctrl-C\n`);
  await stop;
  await handle.close();
}

function untilSignal(): Promise<string> {
  return new Promise((resolve) => {
    process.once('SIGINT', () => resolve('SIGINT'));
    process.once('SIGTERM', () => resolve('SIGTERM'));
  });
}

export function registerWorkerCommand(program: Command, io: CliIo): void {
  program
    .command('worker')
    .description('consume a distributed sweep queue (see alvh sweep --queue)')
    .requiredOption('--queue <url>', 'the Redis of the sweep, redis://HOST:PORT')
    .option('--concurrency <n>', 'variants at once (sandboxed child processes)', String(Math.max(1, availableParallelism())))
    .option('--lock-ms <ms>', "a job's lock; a dead worker's jobs are picked up after it")
    .action(async (opts: { queue: string; concurrency: string; lockMs?: string }) => {
      const lockMs = opts.lockMs === undefined ? undefined : numberOption('--lock-ms', opts.lockMs);
      if (lockMs !== undefined && !(Number.isInteger(lockMs) && lockMs >= 500)) throw new UserError(`--lock-ms must be a whole number of at least 500 (got ${opts.lockMs})`);
      await runWorkerCommand(
        { queue: opts.queue, concurrency: numberOption('--concurrency', opts.concurrency), ...(lockMs !== undefined ? { tuning: { lockMs, stalledCheckMs: Math.max(250, Math.floor(lockMs / 2)) } } : {}) },
        io,
        untilSignal(),
      );
    });
}
