/**
 * `alvh sweep SPEC [--workers N] [--queue redis://HOST:PORT] [--db FILE] [--out DIR] [--export FILE]`:
 * expands the spec into variants, runs those not yet in the results database (here, on worker
 * threads, or through a Redis queue that `alvh worker` processes consume), and prints the top
 * variants beside the preset, the deflated Sharpe ratio, PBO and the walk-forward result; writes the
 * HTML report. Progress with an ETA goes to stderr.
 */
import { join } from 'node:path';
import type { Command } from 'commander';
import { defaultUserDir, loadMarketHistory } from '../../data/loadHistory.js';
import { loadPreset, PresetError } from '../../data/presets.js';
import { BacktestRangeError } from '../../engine/backtestJob.js';
import { MarketModelError } from '../../engine/modelMarketView.js';
import type { MarketHistory } from '../../history/types.js';
import { fixed, percent } from '../../report/markdownTable.js';
import { analyseSweep, sweepVerdictSummary, type SweepAnalysis } from '../../sweep/analysis.js';
import type { ResultStore, SweepRow } from '../../sweep/resultStore.js';
import { progressLine, runSweep, type SweepProgress, type VariantExecutor } from '../../sweep/runSweep.js';
import { sweepSpan } from '../../sweep/runVariant.js';
import { SweepSpecError, sweepModelDescription, type SweepSpec } from '../../sweep/spec.js';
import { DEFAULT_BATCH_VARIANTS, parseSweepBatchConfig, SweepBatchError } from '../../sweep/batching.js';
import { loadSweepSpecFile } from '../../sweep/specFile.js';
import { checkWorkerHeapMb, SweepWorkerError } from '../../sweep/threadPool.js';
import { expandVariants, listedVariantCount } from '../../sweep/variants.js';
import { localSweepExecutor } from '../../sweep/localExecutor.js';
import { wholeCodeFingerprint } from '../../data/codeFingerprint.js';
import type { queueExecutor } from '../../sweep/queue.js';
import { QueueSweepError } from '../../sweep/queueErrors.js';
import { RedisUrlError } from '../../sweep/redisUrl.js';
import { buildSweepReport, relatedSweepLine } from '../../sweep/report.js';
import { REPORT_TOP_VARIANTS } from '../../sweep/reportLimits.js';
import { SWEEP_MODEL_CONFIG_FILE, VARIANT_CONFIGS_FOLDER, variantConfigFile, variantConfigFiles } from '../../sweep/variantConfigs.js';
import { relatedSweeps } from '../../sweep/storedSweeps.js';
import { defaultTapeCacheDir } from '../../tape/tapeCache.js';
import { writeSweepReportFiles } from '../reportFiles.js';
import { tapeCacheDirFor, tapeStatusLine } from './backtest.js';
import { UserError, type CliIo } from '../io.js';
import { numberOption } from '../options.js';
import { countText, wholeUsdText } from '../../lib/numberText.js';

export const DEFAULT_SWEEP_TOP = 10;

export interface SweepCommandOptions {
  readonly spec: string;
  readonly workers: number;
  readonly queue?: string;
  readonly db?: string;
  readonly out?: string;
  readonly export: readonly string[];
  readonly top: number;
  readonly userDir?: string;
  /** Keep the market tape on disk between runs (default true). */
  readonly tapeCache?: boolean;
  /** The tape folder (default: `tape` in the alvh home). */
  readonly cacheDir?: string;
  /** Variants stepped through the days together per batch (default DEFAULT_BATCH_VARIANTS). */
  readonly batch?: number;
  /** A cap on each worker thread's heap, MB (with `workers` above 1; default: none). */
  readonly workerHeapMb?: number;
}

export interface SweepCommandDeps {
  readonly loadHistory: (userDir: string | undefined) => Promise<MarketHistory>;
  readonly now: () => number;
}

export const defaultSweepDeps: SweepCommandDeps = {
  loadHistory: async (userDir) => (await loadMarketHistory(userDir === undefined ? {} : { userDir })).history,
  now: () => Date.now(),
};

export function defaultSweepDb(userDir: string = defaultUserDir()): string {
  return join(userDir, 'sweeps.duckdb');
}

/** The results database of `--db` (default: in the alvh home), or one line saying why it cannot be opened. */
export async function openResultStore(options: { readonly db?: string | undefined; readonly userDir?: string | undefined }): Promise<{ dbPath: string; store: ResultStore }> {
  const dbPath = options.db ?? defaultSweepDb(options.userDir);
  try {
    // DuckDB is loaded by the commands that read or write sweep results, not by every start of the CLI.
    const { ResultStore: Store } = await import('../../sweep/resultStore.js');
    return { dbPath, store: await Store.open(dbPath) };
  } catch (error) {
    // Another sweep holding the file, a folder without write access, a file that is not a DuckDB database.
    throw new UserError(`cannot open the results database ${dbPath}: ${(error as Error).message}`);
  }
}

const orDash = (x: number | null, f: (v: number) => string) => (x === null ? '-' : f(x));

export function topTable(analysis: SweepAnalysis, top: number, varied: readonly string[]): string {
  const rows: SweepRow[] = analysis.ranked.slice(0, top);
  if (analysis.baseline !== undefined && !rows.includes(analysis.baseline)) rows.push(analysis.baseline);
  const headers = ['rank', 'variant', 'same as', ...varied, 'Sharpe', 'CAGR', 'max DD', 'Calmar', 'hedge USD/yr'];
  const sameAs = analysis.distinctResults.sameResultAsRank;
  const table = rows.map((r) => {
    const values = JSON.parse(r.valuesJson) as Record<string, unknown>;
    const m = r.result.metrics;
    return [
      String(analysis.ranked.indexOf(r) + 1),
      r.isBaseline ? 'preset' : r.key.slice(0, 10),
      sameAs.has(r.key) ? `#${sameAs.get(r.key)}` : '-',
      ...varied.map((p) => (r.isBaseline ? 'default' : JSON.stringify(values[p]))),
      orDash(m.sharpeRatio, (v) => fixed(v, 2)),
      orDash(m.cagrFraction, (v) => percent(v, 2)),
      orDash(m.maxDrawdownFraction, (v) => percent(v, 1)),
      orDash(m.calmarRatio, (v) => fixed(v, 2)),
      orDash(m.hedgeNetPnlPerYearUsd, wholeUsdText),
    ];
  });
  const widths = headers.map((h, i) => Math.max(h.length, ...table.map((r) => (r[i] as string).length)));
  const line = (cells: readonly string[]) => cells.map((c, i) => (i === 1 ? c.padEnd(widths[i] as number) : c.padStart(widths[i] as number))).join('  ');
  return [line(headers), ...table.map(line)].join('\n') + '\n';
}

/** The variants that repeat another's daily returns, and the DSR counting each distinct result once; undefined when all differ. */
export function distinctResultsText(analysis: SweepAnalysis): string | undefined {
  const r = analysis.distinctResults;
  const total = analysis.ranked.length;
  if (r.count === total) return undefined;
  const dsr = r.deflatedSharpe === undefined ? '' : `; counting each distinct result once, DSR ${fixed(r.deflatedSharpe.deflatedSharpeRatio, 3)} from ${countText(r.deflatedSharpe.trials, 'trial')}`;
  return `distinct results: ${r.count} of ${total} variants (${total - r.count} repeat another's daily returns exactly: a varied field changed nothing in the period)${dsr}`;
}

export function overfittingLines(analysis: SweepAnalysis): string {
  const lines: string[] = [];
  const d = analysis.deflatedSharpe;
  if (d !== undefined) {
    lines.push(
      `deflated Sharpe ratio of the best variant (${d.bestKey.slice(0, 10)}): ${fixed(d.deflatedSharpeRatio, 3)} (daily SR ${fixed(d.sharpe, 4)} against ${fixed(d.expectedMaxSharpe, 4)} expected from ${countText(d.trials, 'trial')} by luck; T ${d.count}, skew ${fixed(d.skewness, 2)}, kurtosis ${fixed(d.kurtosis, 1)})`,
    );
  }
  const distinct = distinctResultsText(analysis);
  if (distinct !== undefined) lines.push(distinct);
  const p = analysis.pbo;
  if (p !== undefined) lines.push(`probability of backtest overfitting (CSCV, ${p.blocks} blocks, ${p.combinations.length} splits): ${fixed(p.probabilityOfOverfitting, 3)}; out-of-sample loss in ${percent(p.probabilityOfOosLoss, 0)} of splits`);
  const { walkForwardWindows, walkForwardOosReturnFraction } = sweepVerdictSummary(analysis);
  if (walkForwardOosReturnFraction !== null) {
    lines.push(`walk-forward (${walkForwardWindows} out-of-sample windows, re-chosen by ${analysis.rankBy}): out-of-sample return ${percent(walkForwardOosReturnFraction, 2)}`);
  } else lines.push('walk-forward: the period is shorter than one in-sample plus one out-of-sample window');
  lines.push(`verdict: ${analysis.verdict}`);
  return lines.join('\n') + '\n';
}

function progressReporter(io: CliIo, name: string): (p: SweepProgress) => void {
  let lastDecile = -1;
  return (p) => {
    const finished = p.skipped + p.ran;
    if (io.isTty) {
      io.err(`\r${progressLine(name, p)}${finished === p.total ? '\n' : ''}`);
      return;
    }
    const decile = Math.floor((finished / Math.max(p.total, 1)) * 10);
    if (decile !== lastDecile) {
      lastDecile = decile;
      io.err(`${progressLine(name, p)}\n`);
    }
  };
}

function errorsAsUserErrors<T>(f: () => T): T {
  try {
    return f();
  } catch (error) {
    if (error instanceof SweepSpecError || error instanceof SweepBatchError || error instanceof PresetError || error instanceof BacktestRangeError || error instanceof MarketModelError) throw new UserError(error.message);
    throw error;
  }
}

export interface SweepCommandResult {
  readonly spec: SweepSpec;
  readonly analysis: SweepAnalysis;
  readonly ran: number;
  readonly skipped: number;
  readonly files: readonly string[];
}

export async function runSweepCommand(options: SweepCommandOptions, io: CliIo, deps: SweepCommandDeps): Promise<SweepCommandResult> {
  if (!Number.isInteger(options.workers) || options.workers < 1) throw new UserError(`--workers must be a positive whole number (got ${options.workers})`);
  if (!Number.isInteger(options.top) || options.top < 1) throw new UserError(`--top must be a positive whole number (got ${options.top})`);
  if (options.queue !== undefined && options.workers > 1) throw new UserError('--workers and --queue exclude each other: with a queue, the workers are `alvh worker` processes');
  if (options.workerHeapMb !== undefined) {
    if (options.queue !== undefined || options.workers < 2) throw new UserError('--worker-heap-mb caps the heap of worker threads on this machine: it needs --workers 2 or more, and no --queue');
    try {
      checkWorkerHeapMb(options.workerHeapMb);
    } catch (error) {
      if (error instanceof SweepWorkerError) throw new UserError(`--worker-heap-mb ${options.workerHeapMb}: ${error.message}`);
      throw error;
    }
  }
  const exports = options.export.map((file) => {
    const format = file.endsWith('.parquet') ? 'parquet' : file.endsWith('.csv') ? 'csv' : undefined;
    if (format === undefined) throw new UserError(`--export ${file}: the file name must end in .parquet or .csv`);
    return { file, format } as const;
  });
  let batchVariants: number;
  try {
    batchVariants = parseSweepBatchConfig(options.batch === undefined ? {} : { batchVariants: options.batch }).batchVariants;
  } catch (error) {
    // Named by the flag the user typed, then the config field it sets.
    if (error instanceof SweepBatchError) throw new UserError(`--batch ${options.batch}: ${error.message}`);
    throw error;
  }
  const spec = errorsAsUserErrors(() => loadSweepSpecFile(options.spec));
  const preset = errorsAsUserErrors(() => loadPreset(spec.basePreset));
  let history: MarketHistory;
  try {
    history = await deps.loadHistory(options.userDir);
  } catch (caught) {
    throw new UserError(`cannot load the market history: ${(caught as Error).message}`);
  }
  // A period without the data is refused here, before the results database or a progress line.
  errorsAsUserErrors(() => sweepSpan(history, spec.period));
  // Results are keyed by the data and by this build's code: a result another build stored is run again.
  const versions = { dataVersion: history.dataVersion, codeVersion: wholeCodeFingerprint() };
  const variants = errorsAsUserErrors(() => expandVariants(spec, preset, versions, options.spec));
  const { dbPath, store } = await openResultStore(options);
  try {
    let execute: VariantExecutor;
    let closeExecutor: () => Promise<void> = async () => {};
    if (options.queue !== undefined) {
      let q: ReturnType<typeof queueExecutor>;
      const queue = await import('../../sweep/queue.js');
      try {
        q = queue.queueExecutor({ url: options.queue, period: spec.period, versions, modelConfig: spec.marketModel, batchVariants });
      } catch (error) {
        if (error instanceof RedisUrlError) throw new UserError(`--queue: ${error.message}`);
        throw error;
      }
      execute = q.execute;
      closeExecutor = q.close;
      io.err(`sweep ${spec.name}: variants go on ${options.queue}; start \`alvh worker --queue ${options.queue}\` on the machines that should run them, each with this build (code ${versions.codeVersion.slice(0, 12)}) and data\n`);
    } else {
      execute = localSweepExecutor({
        history,
        spec,
        workers: options.workers,
        userDir: options.userDir,
        tapeCacheDir: tapeCacheDirFor(options, () => defaultTapeCacheDir(options.userDir ?? defaultUserDir())),
        batchVariants,
        workerHeapMb: options.workerHeapMb,
        onTapeStatus: (status) => {
          const line = tapeStatusLine(status);
          if (line !== undefined) io.err(`${line}\n`);
        },
        onTapeSaveError: (error) => io.err(`warning: the market tape could not be stored: ${error.message}\n`),
      });
    }
    // A listed value equal to the preset's (or two that resolve to one config) is one variant: say so,
    // or a spec of three values that runs two reads as a value lost.
    const listed = listedVariantCount(spec);
    const mergedText = listed > variants.length ? `; ${listed - variants.length} of the ${listed - 1} listed resolved to a config already in the list` : '';
    io.err(`sweep ${spec.name}: ${countText(variants.length, 'variant')} (the preset and ${countText(variants.length - 1, 'other')}${mergedText}) from ${spec.period.from} to ${spec.period.to}, data ${history.dataVersion.slice(0, 19)}, results in ${dbPath}\n`);
    let summary;
    try {
      summary = await runSweep({ spec, variants, versions, store, execute, now: deps.now, onProgress: progressReporter(io, spec.name) });
    } catch (error) {
      if (error instanceof SweepWorkerError || error instanceof QueueSweepError || error instanceof BacktestRangeError || error instanceof MarketModelError) throw new UserError(error.message);
      throw error;
    } finally {
      await closeExecutor();
    }
    const { rows, missing } = await store.sweepRows(spec.name);
    if (missing.length > 0) throw new UserError(`${missing.length} variant(s) have no result after the run (first: ${missing[0]?.key})`);
    const analysis = analyseSweep(spec, rows);
    // The same variants in the database's other sweeps (another model, period or data): does the ranking carry over?
    const related = await relatedSweeps(store, { spec, rows }, spec.rankBy, dbPath);
    for (const { file, format } of exports) await store.exportSweep(spec.name, file, format);
    const outDir = options.out ?? join('reports', 'sweeps', spec.name);
    const report = buildSweepReport(spec, analysis, versions, related);
    const configs = variantConfigFiles(spec, analysis, versions, REPORT_TOP_VARIANTS);
    const files = writeSweepReportFiles(outDir, 'sweep', report, configs);
    const varied = spec.vary.map((f) => f.path);
    io.out(`Sweep ${spec.name}: ${countText(rows.length, 'variant')} of ${spec.basePreset}, ${spec.period.from} to ${spec.period.to}, data ${history.dataVersion.slice(0, 19)}; ran ${summary.ran}, ${summary.skipped} already done\n`);
    io.out(`market model: ${sweepModelDescription(spec)}\n\n`);
    io.out(`Top ${Math.min(options.top, rows.length)} by ${spec.rankBy} (and the preset):\n`);
    io.out(topTable(analysis, options.top, varied));
    io.out('\n');
    io.out(overfittingLines(analysis));
    if (related.length > 0) {
      io.out(`\nthe same variants in other sweeps of this database, by ${spec.rankBy} (alvh compare-sweeps ${spec.name} OTHER):\n`);
      for (const r of related) io.out(`  ${relatedSweepLine(spec, r)}\n`);
    }
    io.out(`\nreport: ${join(outDir, 'sweep.html')}${options.export.length > 0 ? `; exported ${options.export.join(', ')}` : ''}\n`);
    const best = analysis.ranked.find((r) => !r.isBaseline);
    if (best !== undefined) {
      const model = configs.has(SWEEP_MODEL_CONFIG_FILE) ? ` --model-config ${join(outDir, SWEEP_MODEL_CONFIG_FILE)}` : '';
      io.out(`configs of the top ${[...configs.keys()].filter((f) => f !== SWEEP_MODEL_CONFIG_FILE).length} variants: ${join(outDir, VARIANT_CONFIGS_FOLDER)}/; the best's daily signal: alvh signal --config ${join(outDir, variantConfigFile(spec, best.key))}${model}\n`);
    }
    return { spec, analysis, ran: summary.ran, skipped: summary.skipped, files: [...files, ...options.export] };
  } finally {
    store.close();
  }
}

export function registerSweepCommand(program: Command, io: CliIo, deps: SweepCommandDeps = defaultSweepDeps): void {
  program
    .command('sweep')
    .description('run every variant of a sweep spec (resuming what is done), rank them and test the ranking for overfitting')
    .argument('<spec>', 'sweep spec JSON file (see docs/sweep.md)')
    .option('--workers <n>', 'worker threads on this machine', '1')
    .option('--queue <url>', 'run the variants through a Redis queue (redis://HOST:PORT) consumed by `alvh worker`')
    .option('--db <file>', 'results database (default: sweeps.duckdb in the alvh home)')
    .option('--out <dir>', 'folder for the HTML report (default reports/sweeps/NAME)')
    .option('--export <file...>', 'write the results to .parquet (with equity curves) or .csv files')
    .option('--top <n>', 'variants in the printed table', String(DEFAULT_SWEEP_TOP))
    .option('--cache-dir <dir>', 'folder of the market tape (each day\'s calibrated market, kept between runs; default $ALVH_HOME/tape)')
    .option('--batch <n>', 'variants stepped through the days together per batch (a speed setting: results do not depend on it)', String(DEFAULT_BATCH_VARIANTS))
    .option('--no-tape-cache', 'calibrate the market for this sweep only, without reading or writing the tape on disk')
    .option('--worker-heap-mb <mb>', "cap each worker thread's heap, in MB, to use less memory for more CPU (a full-history worker holds about 130 MB; see docs/sweep.md)")
    .action(async (specPath: string, opts: { workers: string; queue?: string; db?: string; out?: string; export?: string[]; top: string; cacheDir?: string; tapeCache: boolean; batch: string; workerHeapMb?: string }) => {
      await runSweepCommand(
        {
          spec: specPath,
          // Text that is not a number is refused here, by its flag; the range is checked with the options.
          workers: numberOption('--workers', opts.workers),
          top: numberOption('--top', opts.top),
          batch: numberOption('--batch', opts.batch),
          export: opts.export ?? [],
          tapeCache: opts.tapeCache,
          ...(opts.cacheDir !== undefined ? { cacheDir: opts.cacheDir } : {}),
          ...(opts.queue !== undefined ? { queue: opts.queue } : {}),
          ...(opts.db !== undefined ? { db: opts.db } : {}),
          ...(opts.out !== undefined ? { out: opts.out } : {}),
          ...(opts.workerHeapMb !== undefined ? { workerHeapMb: numberOption('--worker-heap-mb', opts.workerHeapMb) } : {}),
        },
        io,
        deps,
      );
    });
}
