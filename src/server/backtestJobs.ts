/**
 * Backtest jobs of the dashboard: each runs in a worker thread (see backtestWorker.ts), reports its
 * progress to any number of listeners (the server-sent event streams), can be cancelled by ending its
 * thread, and keeps its digest in memory for the result and decision-log requests and in the run
 * store (SQLite) for its permalink after a restart. A thread whose job ended is kept for the next job
 * (its history, tape and compiled engine warm) until it has been idle for `idleThreadMs`.
 */
import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { Worker } from 'node:worker_threads';
import type { StrategyConfig } from '../strategy/config.js';
import { isoFromDay, type DayNumber } from '../time/day.js';
import type { ModelConfigChoice } from '../cli/modelConfigOption.js';
import type { BacktestDigest } from './backtestDigest.js';
import type { RunListing, RunStore } from './runStore.js';
import type { BacktestEvent, BacktestProgressEvent, BacktestStatus } from './schemas.js';
import { compiledWorkerFile } from '../threads/workerPool.js';

export interface WorkerRequest {
  /** The resolved configs to run, one variant each (presets read, or configs edited on the page). */
  readonly configs: readonly StrategyConfig[];
  readonly fromDay: DayNumber;
  readonly toDay: DayNumber | undefined;
  readonly userDir: string | undefined;
  readonly progressEveryDays: number;
  readonly equityMaxPoints: number;
  /** The market model the run prices on (`alvh serve --model-config`); absent: the defaults. */
  readonly model?: ModelConfigChoice;
  /** Also run the configs on these model configs and line them up with the run (tape/backtestAcrossModels.ts). */
  readonly acrossModels?: readonly ModelConfigChoice[];
}

/** What a backtest thread is sent: a job to run (one at a time). */
export type WorkerCommand = { readonly kind: 'run'; readonly request: WorkerRequest };

export type WorkerMessage =
  | { readonly kind: 'progress'; readonly variant: string; readonly doneDays: number; readonly totalDays: number }
  | { readonly kind: 'done'; readonly digest: BacktestDigest }
  | { readonly kind: 'error'; readonly message: string };

export interface BacktestJob {
  readonly id: string;
  readonly presets: readonly string[];
  readonly fromIso: string;
  readonly toIso: string | null;
  readonly createdAt: string;
  status: BacktestStatus;
  progress: BacktestProgressEvent | null;
  message: string | null;
  digest: BacktestDigest | null;
}

export type JobListener = (event: BacktestEvent) => void;

export class TooManyJobsError extends Error {
  override name = 'TooManyJobsError';
}

/**
 * The compiled worker: beside this module when it runs from the build, else in the build of the
 * package (tests run this module from its TypeScript source, which a worker thread cannot load).
 */
export function defaultWorkerFile(): string {
  return compiledWorkerFile(import.meta.url, 'backtestWorker.js', 'src/server');
}

export interface BacktestJobsOptions {
  readonly workerFile: string;
  readonly maxRunning: number;
  readonly keptJobs: number;
  readonly userDir: string | undefined;
  readonly progressEveryDays: number;
  readonly equityMaxPoints: number;
  /** Where runs are kept across restarts; finished runs are read back from it by id. */
  readonly store: RunStore;
  /** Finished runs kept in the store; the oldest go first. */
  readonly keptStoredRuns: number;
  readonly now?: () => Date;
  /** The market model every run prices on (`alvh serve --model-config`); absent: the defaults. */
  readonly model?: ModelConfigChoice;
  /** A thread whose job ended waits this long for the next job before it is ended, milliseconds. */
  readonly idleThreadMs: number;
}

/** A backtest thread: the job it runs, if any, and the timer that ends it once idle too long. */
interface BacktestThread {
  readonly worker: Worker;
  job: BacktestJob | undefined;
  idleTimer: NodeJS.Timeout | undefined;
}

export class BacktestJobs {
  private readonly jobs = new Map<string, BacktestJob>();
  /** Running jobs' threads by job id. */
  private readonly workers = new Map<string, BacktestThread>();
  /** Threads whose job ended, waiting for the next (most recently used last). */
  private readonly idle: BacktestThread[] = [];
  private started = 0;
  private closed = false;
  private readonly listeners = new Map<string, Set<JobListener>>();

  constructor(private readonly options: BacktestJobsOptions) {}

  /** Jobs still running; a finished job's thread may take a moment more to exit, and does not count. */
  get runningCount(): number {
    let n = 0;
    for (const job of this.jobs.values()) if (job.status === 'running') n++;
    return n;
  }

  /**
   * Starts a run of `configs` (validated already); each variant is named by its config's `name`. With
   * `acrossModels`, the same variants then run on each of those model configs too.
   */
  start(configs: readonly StrategyConfig[], fromDay: DayNumber, toDay: DayNumber | undefined, acrossModels?: readonly ModelConfigChoice[]): BacktestJob {
    const presets = configs.map((c) => c.name);
    if (this.runningCount >= this.options.maxRunning) {
      throw new TooManyJobsError(`${this.runningCount} backtest(s) already running (at most ${this.options.maxRunning} at once): wait for it or cancel it`);
    }
    if (!existsSync(this.options.workerFile)) throw new Error(`the backtest worker is not built (${this.options.workerFile}): run npm run build`);
    const id = randomUUID();
    const createdAt = (this.options.now ?? (() => new Date()))().toISOString();
    const job: BacktestJob = { id, presets: [...presets], fromIso: isoFromDay(fromDay), toIso: toDay === undefined ? null : isoFromDay(toDay), createdAt, status: 'running', progress: null, message: null, digest: null };
    this.options.store.started({ id, presets: job.presets, fromIso: job.fromIso, toIso: job.toIso, createdAt });
    this.jobs.set(id, job);
    this.forgetOldJobs();
    const request: WorkerRequest = {
      configs: [...configs],
      fromDay,
      toDay,
      userDir: this.options.userDir,
      progressEveryDays: this.options.progressEveryDays,
      equityMaxPoints: this.options.equityMaxPoints,
      ...(this.options.model === undefined ? {} : { model: this.options.model }),
      ...(acrossModels === undefined || acrossModels.length === 0 ? {} : { acrossModels }),
    };
    const thread = this.idle.pop() ?? this.newThread();
    if (thread.idleTimer !== undefined) clearTimeout(thread.idleTimer);
    thread.idleTimer = undefined;
    thread.worker.ref();
    thread.job = job;
    this.workers.set(id, thread);
    thread.worker.postMessage({ kind: 'run', request } satisfies WorkerCommand);
    return job;
  }

  /** Threads started so far: a job run on an idle thread starts none. */
  get threadsStarted(): number {
    return this.started;
  }

  private newThread(): BacktestThread {
    const thread: BacktestThread = { worker: new Worker(this.options.workerFile), job: undefined, idleTimer: undefined };
    this.started++;
    const { worker } = thread;
    worker.on('message', (message: WorkerMessage) => {
      const job = thread.job;
      if (job === undefined || job.status !== 'running') return;
      if (message.kind === 'progress') {
        job.progress = { variant: message.variant, doneDays: message.doneDays, totalDays: message.totalDays };
        this.emit(job.id, { event: 'progress', data: job.progress });
        return;
      }
      if (message.kind === 'done') {
        job.digest = message.digest;
        this.finish(job, 'done', { event: 'done', data: { id: job.id } });
      } else {
        job.message = message.message;
        this.finish(job, 'error', { event: 'error', data: { message: message.message } });
      }
      this.release(thread);
    });
    worker.on('error', (error) => {
      const job = thread.job;
      if (job === undefined || job.status !== 'running') return;
      job.message = error.message;
      this.finish(job, 'error', { event: 'error', data: { message: error.message } });
    });
    worker.on('exit', (code) => {
      if (thread.idleTimer !== undefined) clearTimeout(thread.idleTimer);
      const at = this.idle.indexOf(thread);
      if (at >= 0) this.idle.splice(at, 1);
      const job = thread.job;
      if (job === undefined) return;
      this.workers.delete(job.id);
      if (job.status === 'running') {
        job.message = `the backtest stopped unexpectedly (exit code ${code})`;
        this.finish(job, 'error', { event: 'error', data: { message: job.message } });
      }
    });
    return thread;
  }

  /** A thread whose job ended waits for the next job, and is ended once idle for `idleThreadMs`. */
  private release(thread: BacktestThread): void {
    if (thread.job !== undefined) this.workers.delete(thread.job.id);
    thread.job = undefined;
    if (this.closed) {
      void thread.worker.terminate();
      return;
    }
    this.idle.push(thread);
    thread.idleTimer = setTimeout(() => void thread.worker.terminate(), this.options.idleThreadMs);
    // An idle thread never keeps the process alive.
    thread.idleTimer.unref();
    thread.worker.unref();
  }

  /** A job of this server's life, else a run kept in the store (finished, or cut short by a restart). */
  get(id: string): BacktestJob | undefined {
    const live = this.jobs.get(id);
    if (live) return live;
    const stored = this.options.store.get(id);
    if (!stored) return undefined;
    return { id, presets: stored.presets, fromIso: stored.fromIso, toIso: stored.toIso, createdAt: stored.createdAt, status: stored.status, progress: null, message: stored.message, digest: stored.digest };
  }

  /** The newest runs first, running ones with their live status. */
  list(limit: number): RunListing[] {
    return this.options.store.list(limit).map((run) => {
      const live = this.jobs.get(run.id);
      return live ? { ...run, status: live.status, message: live.message } : run;
    });
  }

  /** Ends a running job's thread; false when the job is unknown. A finished job stays as it was. */
  cancel(id: string): boolean {
    const job = this.jobs.get(id);
    if (!job) return this.options.store.get(id) !== undefined;
    if (job.status !== 'running') return true;
    this.finish(job, 'cancelled', { event: 'cancelled', data: {} });
    // Ending the thread is the only way to stop the engine mid-run; the next job starts another.
    void this.workers.get(id)?.worker.terminate();
    return true;
  }

  /**
   * Listens to a job's events. A running job's latest progress is sent at once; a finished job's
   * final event too, so a stream opened late still ends. Returns the function that stops listening.
   */
  subscribe(id: string, listener: JobListener): () => void {
    const job = this.jobs.get(id);
    if (!job) return () => undefined;
    const final = finalEvent(job);
    if (final) {
      listener(final);
      return () => undefined;
    }
    if (job.progress) listener({ event: 'progress', data: job.progress });
    let set = this.listeners.get(id);
    if (!set) this.listeners.set(id, (set = new Set()));
    set.add(listener);
    return () => set.delete(listener);
  }

  /** Ends every running job (server shutdown). */
  async close(): Promise<void> {
    this.closed = true;
    const ids = [...this.workers.keys()];
    for (const id of ids) this.cancel(id);
    const threads = [...this.workers.values(), ...this.idle.splice(0)];
    await Promise.all(threads.map((t) => t.worker.terminate()));
    this.options.store.close();
  }

  private finish(job: BacktestJob, status: BacktestStatus, event: BacktestEvent): void {
    job.status = status;
    this.options.store.finished(job.id, status === 'running' ? 'error' : status, job.message, job.digest);
    this.options.store.prune(this.options.keptStoredRuns);
    this.emit(job.id, event);
    this.listeners.delete(job.id);
  }

  private emit(id: string, event: BacktestEvent): void {
    for (const listener of this.listeners.get(id) ?? []) listener(event);
  }

  private forgetOldJobs(): void {
    for (const [id, job] of this.jobs) {
      if (this.jobs.size <= this.options.keptJobs) break;
      if (job.status !== 'running') this.jobs.delete(id);
    }
  }
}

function finalEvent(job: BacktestJob): BacktestEvent | undefined {
  switch (job.status) {
    case 'done':
      return { event: 'done', data: { id: job.id } };
    case 'error':
      return { event: 'error', data: { message: job.message ?? 'the backtest failed' } };
    case 'cancelled':
      return { event: 'cancelled', data: {} };
    default:
      return undefined;
  }
}
