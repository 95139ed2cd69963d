/**
 * A dashboard sweep in its own thread: loads the history, expands the spec, runs the variants not yet
 * in the results database (here, or on more worker threads, over the user's stored market tape, as
 * `alvh sweep` runs them), posts progress and every result's metrics as they arrive, then writes the
 * HTML report and the CSV of results. The server's event loop stays free. A `cancel` message stops it
 * between batches of variants; the results already stored stay, so a resumed sweep goes on from there.
 */
import { join } from 'node:path';
import { parentPort, workerData } from 'node:worker_threads';
import { writeSweepReportFiles } from '../cli/reportFiles.js';
import { loadMarketHistory } from '../data/loadHistory.js';
import { loadPreset } from '../data/presets.js';
import { analyseSweep, dailyReturnsDigest, sweepVerdictSummary } from '../sweep/analysis.js';
import { buildSweepReport } from '../sweep/report.js';
import { REPORT_TOP_VARIANTS } from '../sweep/reportLimits.js';
import { variantConfigFiles } from '../sweep/variantConfigs.js';
import { relatedSweeps } from '../sweep/storedSweeps.js';
import { ResultStore } from '../sweep/resultStore.js';
import { runSweep, type VariantExecutor } from '../sweep/runSweep.js';
import { localSweepExecutor } from '../sweep/localExecutor.js';
import { defaultTapeCacheDir } from '../tape/tapeCache.js';
import { expandVariants } from '../sweep/variants.js';
import { wholeCodeFingerprint } from '../data/codeFingerprint.js';
import { SWEEP_CSV_FILE, SWEEP_REPORT_FILE, type SweepWorkerCommand, type SweepWorkerMessage, type SweepWorkerRequest } from './sweepJobs.js';

const port = parentPort;
if (port === null) throw new Error('sweepWorker runs only as a worker thread');
const request = workerData as SweepWorkerRequest;
const post = (message: SweepWorkerMessage) => port.postMessage(message);

class SweepCancelled extends Error {
  override name = 'SweepCancelled';
}

let cancelRequested = false;
port.on('message', (command: SweepWorkerCommand) => {
  if (command.kind === 'cancel') cancelRequested = true;
});
const stopIfCancelled = () => {
  if (cancelRequested) throw new SweepCancelled();
};

let final: SweepWorkerMessage;
try {
  const { spec } = request;
  const { history } = await loadMarketHistory(request.userDir === undefined ? {} : { userDir: request.userDir });
  // Keyed by the data and this build's code, as `alvh sweep` keys them: one database serves both.
  const versions = { dataVersion: history.dataVersion, codeVersion: wholeCodeFingerprint() };
  const variants = expandVariants(spec, loadPreset(spec.basePreset), versions, request.source);
  const byKey = new Map(variants.map((v) => [v.key, v]));
  stopIfCancelled();
  const store = await ResultStore.open(request.dbPath);
  try {
    // The same tape and batches as `alvh sweep`: the user's tape under their alvh home.
    const run = localSweepExecutor({
      history,
      spec,
      workers: request.threads,
      userDir: request.userDir,
      tapeCacheDir: request.userDir === undefined ? undefined : defaultTapeCacheDir(request.userDir),
      batchVariants: request.batchVariants,
      workerHeapMb: request.workerHeapMb,
    });
    const execute: VariantExecutor = async (tasks, sink) => {
      // The variants stored before this run count among the best so far from the start.
      const { rows } = await store.sweepRows(spec.name);
      post({ kind: 'results', rows: rows.map((r) => ({ key: r.key, index: r.index, isBaseline: r.isBaseline, values: JSON.parse(r.valuesJson) as Record<string, unknown>, metrics: r.result.metrics, returnsDigest: dailyReturnsDigest(r.result.equityUsd) })) });
      stopIfCancelled();
      // A cancel is seen between batches: each result's store checks for it.
      await run(tasks, async (key, result) => {
        await sink(key, result);
        const v = byKey.get(key);
        if (v !== undefined) post({ kind: 'results', rows: [{ key, index: v.index, isBaseline: v.isBaseline, values: { ...v.values }, metrics: result.metrics, returnsDigest: dailyReturnsDigest(result.equityUsd) }] });
        stopIfCancelled();
      });
    };
    await runSweep({ spec, variants, versions, store, execute, now: () => Date.now(), onProgress: (progress) => post({ kind: 'progress', progress }) });
    const { rows, missing } = await store.sweepRows(spec.name);
    if (missing.length > 0) throw new Error(`${missing.length} variant(s) have no result after the run (first: ${missing[0]?.key})`);
    // The same variants in the database's other sweeps, as `alvh sweep` reports them.
    const related = await relatedSweeps(store, { spec, rows }, spec.rankBy, request.dbPath);
    const analysis = analyseSweep(spec, rows);
    writeSweepReportFiles(request.outDir, SWEEP_REPORT_FILE.replace(/\.html$/, ''), buildSweepReport(spec, analysis, versions, related), variantConfigFiles(spec, analysis, versions, REPORT_TOP_VARIANTS));
    await store.exportSweep(spec.name, join(request.outDir, SWEEP_CSV_FILE), 'csv');
    post({ kind: 'verdict', verdict: sweepVerdictSummary(analysis) });
    final = { kind: 'done' };
  } finally {
    store.close();
  }
} catch (error) {
  final = error instanceof SweepCancelled ? { kind: 'cancelled' } : { kind: 'error', message: error instanceof Error ? error.message : String(error) };
}
// Posted only once the results database is closed: the server may then open it again for the next sweep.
post(final);
port.close();
