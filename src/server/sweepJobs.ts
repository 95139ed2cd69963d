/**
 * Sweeps of the dashboard: each runs in a worker thread (see sweepWorker.ts), at most a configured
 * number at once, reports its progress and the best variants so far to any number of listeners (the
 * server-sent event streams), and is kept in the dashboard's SQLite file (sweepStore.ts) so its page
 * answers after a restart. Cancelling asks the worker to stop between variants and waits for it (then
 * ends the thread if it does not stop in time), so the results database is closed before the next
 * sweep opens it. A stopped sweep resumes from its stored spec: what is stored is not run again.
 */
import { randomUUID } from 'node:crypto';
import { existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { variantConfigFile } from '../sweep/variantConfigs.js';
import { Worker } from 'node:worker_threads';
import { defaultSweepDb } from '../cli/commands/sweep.js';
import { rankRows } from '../sweep/analysis.js';
import type { SweepProgress as RunProgress } from '../sweep/runSweep.js';
import type { VariantMetrics } from '../sweep/runVariant.js';
import type { SweepSpec } from '../sweep/spec.js';
import { TooManyJobsError } from './backtestJobs.js';
import { DASHBOARD_DB_FILE, type DashboardConfig } from './config.js';
import { HttpError } from './httpError.js';
import type { SweepEvent, SweepListing, SweepPlan, SweepProgress, SweepStatus, SweepTopRow, SweepVerdict, SweepView } from './sweepSchemas.js';
import { INTERRUPTED_MESSAGE, SweepStore, type StoredSweep } from './sweepStore.js';
import { compiledWorkerFile } from '../threads/workerPool.js';

/** The report's page and the results' CSV in a sweep's folder. */
export const SWEEP_REPORT_FILE = 'sweep.html';
export const SWEEP_CSV_FILE = 'results.csv';

export interface SweepWorkerRequest {
  readonly spec: SweepSpec;
  /** Names the spec in error messages. */
  readonly source: string;
  readonly userDir: string | undefined;
  readonly dbPath: string;
  readonly outDir: string;
  readonly threads: number;
  /** Variants stepped through the days together; a cancel is seen between batches. */
  readonly batchVariants: number;
  /** A cap on each variant thread's heap, MB (with `threads` above 1); undefined: none. */
  readonly workerHeapMb?: number | undefined;
}

/** A variant's result as it arrives: enough to rank it and show it, not its equity curve. */
export interface ArrivedVariant {
  readonly key: string;
  readonly index: number;
  readonly isBaseline: boolean;
  readonly values: Readonly<Record<string, unknown>>;
  readonly metrics: VariantMetrics;
  /** `dailyReturnsDigest` of its equity curve: variants with the same one have the same daily returns. */
  readonly returnsDigest: string;
}

export type SweepWorkerMessage =
  | { readonly kind: 'progress'; readonly progress: RunProgress }
  | { readonly kind: 'results'; readonly rows: readonly ArrivedVariant[] }
  | { readonly kind: 'verdict'; readonly verdict: SweepVerdict }
  | { readonly kind: 'done' }
  | { readonly kind: 'cancelled' }
  | { readonly kind: 'error'; readonly message: string };

export type SweepWorkerCommand = { readonly kind: 'cancel' };

export type SweepListener = (event: SweepEvent) => void;

/**
 * The compiled worker: beside this module when it runs from the build, else in the build of the
 * package (tests run this module from its TypeScript source, which a worker thread cannot load).
 */
export function defaultSweepWorkerFile(): string {
  return compiledWorkerFile(import.meta.url, 'sweepWorker.js', 'src/server');
}

export interface SweepJobsOptions {
  readonly workerFile: string;
  /** The alvh folder the worker reads the history from. */
  readonly userDir: string | undefined;
  /** The sweep results database (DuckDB), shared with `alvh sweep` so either resumes the other's work. */
  readonly dbPath: string;
  /** Each sweep's report and CSV go into a folder named by its id under this one. */
  readonly reportsDir: string;
  /** Threads running variants: 1 = the sweep's own worker thread. */
  readonly threads: number;
  /** Variants stepped through the days together; a cancel is seen between batches. */
  readonly batchVariants: number;
  /** A cap on each variant thread's heap, MB (with `threads` above 1); undefined: none. */
  readonly workerHeapMb?: number | undefined;
  readonly maxRunning: number;
  /** Variants in the best-so-far table. */
  readonly topVariants: number;
  /** Progress is sent (and stored) at most this often, milliseconds; the last is always sent. */
  readonly progressEveryMs: number;
  /** A cancelled sweep's worker is ended after this long if it has not stopped by itself, milliseconds. */
  readonly cancelGraceMs: number;
  /** Stopped sweeps kept in the store; the oldest go first, their report folders with them. */
  readonly keptStoredSweeps: number;
  readonly store: SweepStore;
  readonly now?: () => Date;
}

interface LiveSweep {
  readonly id: string;
  readonly plan: SweepPlan;
  readonly bundled: string | null;
  readonly rankBy: SweepSpec['rankBy'];
  readonly createdAt: string;
  readonly worker: Worker;
  /** Resolves once the worker thread has exited. */
  readonly exited: Promise<void>;
  status: SweepStatus;
  message: string | null;
  finishedAt: string | null;
  progress: SweepProgress | null;
  readonly arrived: Map<string, ArrivedVariant>;
  /** The analysis's verdict, posted once the report is written. */
  verdict: SweepVerdict | null;
  lastEmitMs: number;
  pendingEmit: NodeJS.Timeout | undefined;
  cancelTimer: NodeJS.Timeout | undefined;
  /** The outcome the worker reported; applied when its thread exits. */
  outcome: { status: Exclude<SweepStatus, 'running'>; message: string | null } | undefined;
}

/** Stopped sweeps that may run again: their results so far are kept and skipped. */
const RESUMABLE: ReadonlySet<SweepStatus> = new Set(['cancelled', 'interrupted', 'error']);

export class SweepJobs {
  private readonly live = new Map<string, LiveSweep>();
  private readonly listeners = new Map<string, Set<SweepListener>>();
  /** The server is stopping: a sweep it stops is interrupted (and resumable), not cancelled by its user. */
  private closing = false;

  constructor(private readonly options: SweepJobsOptions) {}

  /** Sweeps whose worker thread has not exited yet (a cancelled one until it has stopped). */
  get runningCount(): number {
    return this.live.size;
  }

  private now(): Date {
    return (this.options.now ?? (() => new Date()))();
  }

  /** Starts a new sweep of a validated spec; `specJson` is the spec as sent, kept for a resume. */
  start(input: { spec: SweepSpec; specJson: string; bundled: string | null; plan: SweepPlan; source: string }): SweepView {
    this.checkRoom();
    const id = randomUUID();
    const createdAt = this.now().toISOString();
    this.options.store.started({ id, bundled: input.bundled, specJson: input.specJson, plan: input.plan, createdAt });
    return this.view(this.launch(id, input.spec, input.plan, input.bundled, createdAt, input.source));
  }

  /** Runs a stopped sweep again from its stored spec: the variants already stored are skipped. */
  resume(id: string, spec: SweepSpec): SweepView {
    const stored = this.options.store.get(id);
    if (stored === undefined) throw new HttpError(404, `no sweep with id ${id}`);
    if (!RESUMABLE.has(stored.status)) throw new HttpError(409, `sweep ${id} is ${stored.status}: only a cancelled, interrupted or failed sweep resumes`);
    this.checkRoom();
    this.options.store.resumed(id);
    return this.view(this.launch(id, spec, stored.plan, stored.bundled, stored.createdAt, `sweep ${id}`));
  }

  /** The spec a stored sweep was started with, as sent. */
  storedSpecJson(id: string): string | undefined {
    return this.options.store.get(id)?.specJson;
  }

  get(id: string): SweepView | undefined {
    const live = this.live.get(id);
    if (live) return this.view(live);
    const stored = this.options.store.get(id);
    return stored === undefined ? undefined : this.storedView(stored);
  }

  list(limit: number): SweepListing[] {
    return this.options.store.list(limit).map((s) => {
      const live = this.live.get(s.id);
      const { top: _top, ...listing } = live ? this.view(live) : this.storedView(s);
      return listing;
    });
  }

  reportFile(id: string): string {
    return join(this.options.reportsDir, id, SWEEP_REPORT_FILE);
  }

  csvFile(id: string): string {
    return join(this.options.reportsDir, id, SWEEP_CSV_FILE);
  }

  /** Where a finished sweep keeps a top variant's config (`variantConfigFile`; the names are the server's own). */
  variantConfigFile(id: string, basePreset: string, variantKey: string): string {
    return join(this.options.reportsDir, id, variantConfigFile({ basePreset }, variantKey));
  }

  /**
   * Asks a running sweep to stop and waits until its thread has exited; false when the sweep is
   * unknown. A stopped sweep stays as it is.
   */
  async cancel(id: string): Promise<boolean> {
    const sweep = this.live.get(id);
    if (!sweep) return this.options.store.get(id) !== undefined;
    if (sweep.outcome === undefined && sweep.cancelTimer === undefined) {
      sweep.worker.postMessage({ kind: 'cancel' } satisfies SweepWorkerCommand);
      sweep.cancelTimer = setTimeout(() => {
        sweep.outcome ??= this.closing ? { status: 'interrupted', message: INTERRUPTED_MESSAGE } : { status: 'cancelled', message: `cancelled; the worker did not stop within ${this.options.cancelGraceMs} ms and was ended` };
        void sweep.worker.terminate();
      }, this.options.cancelGraceMs);
    }
    await sweep.exited;
    return true;
  }

  /**
   * Listens to a sweep's events. A running sweep's latest progress is sent at once; a stopped sweep's
   * final event too, so a stream opened late still ends. Returns the function that stops listening.
   */
  subscribe(id: string, listener: SweepListener): () => void {
    const live = this.live.get(id);
    if (!live) {
      const view = this.get(id);
      if (view !== undefined) {
        if (view.progress) listener({ event: 'progress', data: { progress: view.progress, top: view.top } });
        listener(finalEvent(view.id, view.status, view.message));
      }
      return () => undefined;
    }
    if (live.progress) listener({ event: 'progress', data: { progress: live.progress, top: this.top(live) } });
    let set = this.listeners.get(id);
    if (!set) this.listeners.set(id, (set = new Set()));
    set.add(listener);
    return () => set.delete(listener);
  }

  /** Stops every running sweep (server shutdown) and closes the store. */
  async close(): Promise<void> {
    this.closing = true;
    await Promise.all([...this.live.keys()].map((id) => this.cancel(id)));
    this.options.store.close();
  }

  private checkRoom(): void {
    if (this.runningCount >= this.options.maxRunning) {
      throw new TooManyJobsError(`${this.runningCount} sweep(s) already running (at most ${this.options.maxRunning} at once): wait for it or cancel it`);
    }
    if (!existsSync(this.options.workerFile)) throw new Error(`the sweep worker is not built (${this.options.workerFile}): run npm run build`);
  }

  private launch(id: string, spec: SweepSpec, plan: SweepPlan, bundled: string | null, createdAt: string, source: string): LiveSweep {
    const outDir = join(this.options.reportsDir, id);
    // A resumed sweep's old report (if any) no longer describes it.
    rmSync(outDir, { recursive: true, force: true });
    const request: SweepWorkerRequest = { spec, source, userDir: this.options.userDir, dbPath: this.options.dbPath, outDir, threads: this.options.threads, batchVariants: this.options.batchVariants, workerHeapMb: this.options.workerHeapMb };
    const worker = new Worker(this.options.workerFile, { workerData: request });
    let markExited: () => void = () => undefined;
    const exited = new Promise<void>((resolve) => (markExited = resolve));
    const sweep: LiveSweep = {
      id,
      plan,
      bundled,
      rankBy: spec.rankBy,
      createdAt,
      worker,
      exited,
      status: 'running',
      message: null,
      finishedAt: null,
      progress: null,
      arrived: new Map(),
      verdict: null,
      lastEmitMs: 0,
      pendingEmit: undefined,
      cancelTimer: undefined,
      outcome: undefined,
    };
    this.live.set(id, sweep);
    worker.on('message', (message: SweepWorkerMessage) => {
      if (sweep.outcome !== undefined) return;
      if (message.kind === 'progress') {
        const p = message.progress;
        sweep.progress = { total: p.total, done: p.skipped + p.ran, skipped: p.skipped, ran: p.ran, elapsedMs: p.elapsedMs, etaMs: p.etaMs ?? null };
        this.progressed(sweep);
      } else if (message.kind === 'results') {
        for (const row of message.rows) sweep.arrived.set(row.key, row);
        this.progressed(sweep);
      } else if (message.kind === 'verdict') {
        sweep.verdict = message.verdict;
        this.options.store.verdict(sweep.id, message.verdict);
      } else if (message.kind === 'done') {
        sweep.outcome = { status: 'done', message: null };
      } else if (message.kind === 'cancelled') {
        sweep.outcome = this.closing ? { status: 'interrupted', message: INTERRUPTED_MESSAGE } : { status: 'cancelled', message: 'cancelled; the variants run so far are kept and a resume skips them' };
      } else {
        sweep.outcome = { status: 'error', message: message.message };
      }
    });
    worker.on('error', (error) => {
      sweep.outcome ??= { status: 'error', message: error.message };
    });
    worker.on('exit', (code) => {
      sweep.outcome ??= { status: 'error', message: `the sweep stopped unexpectedly (exit code ${code})` };
      this.finish(sweep);
      markExited();
    });
    return sweep;
  }

  /** New progress or results: sent now, or once the interval since the last send has passed. */
  private progressed(sweep: LiveSweep): void {
    if (sweep.pendingEmit !== undefined) return;
    const waitMs = sweep.lastEmitMs + this.options.progressEveryMs - Date.now();
    if (waitMs <= 0) this.emitProgress(sweep);
    else sweep.pendingEmit = setTimeout(() => this.emitProgress(sweep), waitMs);
  }

  private emitProgress(sweep: LiveSweep): void {
    if (sweep.pendingEmit !== undefined) clearTimeout(sweep.pendingEmit);
    sweep.pendingEmit = undefined;
    sweep.lastEmitMs = Date.now();
    if (sweep.progress === null) return;
    const top = this.top(sweep);
    this.options.store.progress(sweep.id, sweep.progress, top);
    this.emit(sweep.id, { event: 'progress', data: { progress: sweep.progress, top } });
  }

  private finish(sweep: LiveSweep): void {
    if (sweep.cancelTimer !== undefined) clearTimeout(sweep.cancelTimer);
    this.emitProgress(sweep);
    const outcome = sweep.outcome ?? { status: 'error' as const, message: 'the sweep stopped without a result' };
    sweep.status = outcome.status;
    sweep.message = outcome.message;
    sweep.finishedAt = this.now().toISOString();
    this.options.store.finished(sweep.id, outcome.status, outcome.message, sweep.finishedAt);
    this.live.delete(sweep.id);
    for (const gone of this.options.store.prune(this.options.keptStoredSweeps)) rmSync(join(this.options.reportsDir, gone), { recursive: true, force: true });
    this.emit(sweep.id, finalEvent(sweep.id, sweep.status, sweep.message));
    this.listeners.delete(sweep.id);
  }

  private emit(id: string, event: SweepEvent): void {
    for (const listener of this.listeners.get(id) ?? []) listener(event);
  }

  /** The best variants so far, and the preset's own row after them when it is not among them. */
  private top(sweep: LiveSweep): SweepTopRow[] {
    return topRows([...sweep.arrived.values()], sweep.rankBy, this.options.topVariants);
  }

  private view(sweep: LiveSweep): SweepView {
    return {
      id: sweep.id,
      status: sweep.status,
      message: sweep.message,
      bundled: sweep.bundled,
      plan: sweep.plan,
      createdAt: sweep.createdAt,
      finishedAt: sweep.finishedAt,
      progress: sweep.progress,
      top: this.top(sweep),
      reportReady: sweep.status === 'done' && existsSync(this.reportFile(sweep.id)),
      verdict: sweep.status === 'done' ? sweep.verdict : null,
    };
  }

  private storedView(s: StoredSweep): SweepView {
    return {
      id: s.id,
      status: s.status,
      message: s.message,
      bundled: s.bundled,
      plan: s.plan,
      createdAt: s.createdAt,
      finishedAt: s.finishedAt,
      progress: s.progress,
      top: [...s.top],
      reportReady: s.status === 'done' && existsSync(this.reportFile(s.id)),
      verdict: s.status === 'done' ? s.verdict : null,
    };
  }
}

/** The first `count` variants by the ranking metric, ranks from 1, then the baseline when it is not among them. */
export function topRows(arrived: readonly ArrivedVariant[], rankBy: SweepSpec['rankBy'], count: number): SweepTopRow[] {
  const ranked = rankRows(arrived.map((a) => ({ index: a.index, result: { metrics: a.metrics }, variant: a })), rankBy);
  const rows = ranked.slice(0, count).map((r, i) => ({ rank: i + 1, r }));
  const baselineAt = ranked.findIndex((r) => r.variant.isBaseline);
  if (baselineAt >= count) rows.push({ rank: baselineAt + 1, r: ranked[baselineAt] as (typeof ranked)[number] });
  // The best rank of each result so far: a later variant with the same daily returns says "same as #k",
  // as the finished report's table does, instead of reading as another finding.
  const bestRankOf = new Map<string, number>();
  ranked.forEach((r, i) => {
    if (!bestRankOf.has(r.variant.returnsDigest)) bestRankOf.set(r.variant.returnsDigest, i + 1);
  });
  return rows.map(({ rank, r }) => {
    const best = bestRankOf.get(r.variant.returnsDigest) as number;
    return { rank, key: r.variant.key, isBaseline: r.variant.isBaseline, values: { ...r.variant.values }, metrics: { ...r.variant.metrics }, sameResultAsRank: best < rank ? best : null };
  });
}

/** Where a dashboard's sweeps live in the user's alvh folder: the reports of each, by id. */
export const DASHBOARD_SWEEP_REPORTS_DIR = join('reports', 'dashboard-sweeps');

/**
 * The dashboard's sweeps in the user's alvh folder: records in the dashboard's SQLite file, results
 * in the same DuckDB database `alvh sweep` uses by default (so the CLI and the dashboard resume each
 * other's work), reports under reports/dashboard-sweeps.
 */
export function dashboardSweepJobs(userDir: string, config: DashboardConfig, workerFile: string = defaultSweepWorkerFile()): SweepJobs {
  return new SweepJobs({
    workerFile,
    userDir,
    dbPath: defaultSweepDb(userDir),
    reportsDir: join(userDir, DASHBOARD_SWEEP_REPORTS_DIR),
    threads: config.sweepThreads,
    batchVariants: config.sweepBatchVariants,
    workerHeapMb: config.sweepWorkerHeapMb,
    maxRunning: config.maxRunningSweeps,
    topVariants: config.sweepTopVariants,
    progressEveryMs: config.sweepProgressEveryMs,
    cancelGraceMs: config.sweepCancelGraceMs,
    keptStoredSweeps: config.keptStoredSweeps,
    store: new SweepStore(join(userDir, DASHBOARD_DB_FILE)),
  });
}

function finalEvent(id: string, status: SweepStatus, message: string | null): SweepEvent {
  switch (status) {
    case 'done':
      return { event: 'done', data: { id } };
    case 'cancelled':
      return { event: 'cancelled', data: {} };
    default:
      return { event: 'error', data: { message: message ?? `the sweep is ${status}` } };
  }
}
