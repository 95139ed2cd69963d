/**
 * Runs a sweep: records its variants in the results database, skips those already there (same key =
 * same config, data and period), runs the rest on the chosen executor (this thread, N worker threads,
 * or a Redis queue), stores the results as they arrive, a batch at a time, and reports progress with
 * an ETA.
 */
import { batchesOf, batchOrder, DEFAULT_BATCH_VARIANTS } from './batching.js';
import { canonicalJson, type ResultVersions, type Variant } from './variants.js';
import type { ResultStore, StoredVariant } from './resultStore.js';
import type { VariantRun } from './runVariant.js';
import type { SweepSpec } from './spec.js';
import type { ResultSink, VariantTask } from './threadPool.js';

/**
 * Results held before they are written to the database: stored together they cost about a twentieth of
 * what one insert each does (ResultStore.putMany). A result waits at most STORE_FLUSH_INTERVAL_MS, so a
 * sweep killed outright (power cut, SIGKILL) loses at most that much of its work; a failure or a cancel
 * stores what has arrived before it stops.
 */
export const STORE_BATCH_RESULTS = 64;
export const STORE_FLUSH_INTERVAL_MS = 2000;

/**
 * The results not yet written: written together when STORE_BATCH_RESULTS have arrived or the first of
 * them has waited STORE_FLUSH_INTERVAL_MS, one write after another (the database has one writer).
 */
class HeldResults {
  private held: StoredVariant[] = [];
  private timer: NodeJS.Timeout | undefined;
  private writing: Promise<void> = Promise.resolve();
  /** A failed write from the timer, reported by the next add or flush. */
  private failure: unknown;

  constructor(private readonly store: ResultStore) {}

  async add(result: StoredVariant): Promise<void> {
    this.held.push(result);
    if (this.held.length >= STORE_BATCH_RESULTS) return this.flush();
    if (this.timer === undefined) {
      this.timer = setTimeout(() => void this.flush().catch((error: unknown) => (this.failure ??= error)), STORE_FLUSH_INTERVAL_MS);
      // A result waiting for its batch does not keep the process alive; the final flush writes it.
      this.timer.unref();
    }
    this.throwFailure();
  }

  /** Writes what is held, after any write under way; resolves when both are done. */
  flush(): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    const batch = this.held;
    this.held = [];
    this.writing = this.writing.then(async () => {
      if (batch.length > 0) await this.store.putMany(batch);
    });
    return this.writing.then(() => this.throwFailure());
  }

  private throwFailure(): void {
    if (this.failure !== undefined) throw this.failure;
  }
}

/** Runs the tasks somewhere and hands every result to the sink exactly once. */
export type VariantExecutor = (tasks: readonly VariantTask[], sink: ResultSink) => Promise<void>;

export interface SweepProgress {
  readonly total: number;
  /** Already in the database when the sweep started. */
  readonly skipped: number;
  /** Run by this sweep so far. */
  readonly ran: number;
  readonly elapsedMs: number;
  /** Estimated time to go from the rate so far; undefined before the first result. */
  readonly etaMs: number | undefined;
}

export interface RunSweepOptions {
  readonly spec: SweepSpec;
  readonly variants: readonly Variant[];
  /** The data and code the variants' keys name, stored with each result. */
  readonly versions: ResultVersions;
  readonly store: ResultStore;
  readonly execute: VariantExecutor;
  readonly now: () => number;
  readonly onProgress?: (progress: SweepProgress) => void;
}

export interface SweepRunSummary {
  readonly total: number;
  readonly skipped: number;
  readonly ran: number;
  readonly elapsedMs: number;
}

export async function runSweep(options: RunSweepOptions): Promise<SweepRunSummary> {
  const { spec, variants, store } = options;
  await store.defineSweep(
    spec.name,
    canonicalJson(spec),
    variants.map((v) => ({ key: v.key, index: v.index, isBaseline: v.isBaseline, valuesJson: canonicalJson(v.values) })),
  );
  const done = await store.doneKeys(variants.map((v) => v.key));
  // Run in batchOrder: consecutive variants, batched together, then trade the same options.
  const tasks = batchOrder(
    variants.filter((v) => !done.has(v.key)),
    spec.vary.map((f) => f.path),
  ).map((v) => ({ key: v.key, config: v.config }));
  const byKey = new Map(variants.map((v) => [v.key, v]));
  const started = options.now();
  let ran = 0;
  const report = () => {
    const elapsedMs = options.now() - started;
    const etaMs = ran === 0 ? undefined : (elapsedMs / ran) * (tasks.length - ran);
    options.onProgress?.({ total: variants.length, skipped: done.size, ran, elapsedMs, etaMs });
  };
  report();
  const seen = new Set<string>();
  const held = new HeldResults(store);
  try {
    await options.execute(tasks, async (key: string, run: VariantRun) => {
      const variant = byKey.get(key);
      if (variant === undefined || seen.has(key)) return;
      seen.add(key);
      await held.add({
        key,
        dataVersion: options.versions.dataVersion,
        codeVersion: options.versions.codeVersion,
        periodFrom: spec.period.from,
        periodTo: spec.period.to,
        configJson: canonicalJson(variant.config),
        metrics: run.metrics,
        days: run.days,
        equityUsd: run.equityUsd,
      });
      ran++;
      report();
    });
  } catch (error) {
    // Whatever arrived is kept when the run fails or is cancelled, so a rerun resumes after it; the
    // run's own error is the one reported, also if storing fails too.
    await held.flush().catch(() => undefined);
    throw error;
  }
  await held.flush();
  return { total: variants.length, skipped: done.size, ran, elapsedMs: options.now() - started };
}

/** Runs the tasks in this thread, in batches stepped through the days together. */
export function inlineExecutor(runner: { runBatch: (configs: ReadonlyArray<Variant['config']>) => VariantRun[] }, batchVariants = DEFAULT_BATCH_VARIANTS): VariantExecutor {
  return async (tasks, sink) => {
    for (const batch of batchesOf(tasks, batchVariants)) {
      const runs = runner.runBatch(batch.map((t) => t.config));
      for (const [i, task] of batch.entries()) await sink(task.key, runs[i] as VariantRun);
      // Let the event loop breathe between batches (progress output, signals).
      await new Promise((resolve) => setImmediate(resolve));
    }
  };
}

export function formatDuration(ms: number): string {
  const s = Math.round(ms / 1000);
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const sec = s % 60;
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${String(sec).padStart(2, '0')}` : `${m}:${String(sec).padStart(2, '0')}`;
}

export function progressLine(name: string, p: SweepProgress): string {
  const finished = p.skipped + p.ran;
  const pct = p.total === 0 ? 100 : Math.floor((finished / p.total) * 100);
  const bar = '#'.repeat(Math.floor(pct / 4)).padEnd(25);
  const eta = p.etaMs === undefined ? '--:--' : formatDuration(p.etaMs);
  return `sweep ${name} [${bar}] ${finished}/${p.total} (${p.skipped} already done) elapsed ${formatDuration(p.elapsedMs)} ETA ${eta}`;
}
