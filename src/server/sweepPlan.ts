/**
 * What a sweep spec expands to, worked out in a worker thread: expanding a spec validates every
 * variant as a strategy config (about 1.5 ms a variant on this project's 2-core machine, so 15 s for
 * 10,000), which the server's event loop must not wait for. The worker validates and expands each spec
 * it is given and answers with the spec and its variant count, or with the reasons it is invalid, each
 * naming its field under the spec's origin (`body spec.vary.0.path: ...`).
 */
import { existsSync } from 'node:fs';
import { Worker } from 'node:worker_threads';
import { loadPreset, PresetError } from '../data/presets.js';
import { StrategyConfigError } from '../strategy/config.js';
import { parseSweepSpec, SweepSpecError, type SweepSpec } from '../sweep/spec.js';
import { expandVariants, type ResultVersions } from '../sweep/variants.js';
import { compiledWorkerFile } from '../threads/workerPool.js';

export interface PlanItem {
  /** The spec as sent (not yet validated). */
  readonly raw: unknown;
  /** Where the spec came from, prefixed to each field in the reasons (`body spec`, `bundled spec quick`). */
  readonly where: string;
}

export interface PlanRequest {
  readonly items: readonly PlanItem[];
  /** The versions the variants are keyed by (the count does not depend on them; the keys do). */
  readonly versions: ResultVersions;
}

export type PlanOutcome = { readonly ok: true; readonly spec: SweepSpec; readonly variants: number } | { readonly ok: false; readonly reasons: readonly string[] };

/** Validates and expands one spec (pure but for reading its base preset). */
export function planSpec(item: PlanItem, versions: ResultVersions): PlanOutcome {
  const { raw, where } = item;
  try {
    const spec = parseSweepSpec(raw, where);
    return { ok: true, spec, variants: expandVariants(spec, loadPreset(spec.basePreset), versions, where).length };
  } catch (error) {
    if (error instanceof SweepSpecError || error instanceof StrategyConfigError) return { ok: false, reasons: error.issues.map((i) => `${where}${i.path === '' ? '' : `.${i.path}`}: ${i.message}`) };
    if (error instanceof PresetError) return { ok: false, reasons: [`${where}.basePreset: ${error.message}`] };
    // A varied path that names no config field, a value that cannot be keyed.
    if (error instanceof RangeError) return { ok: false, reasons: [`${where}: ${error.message}`] };
    throw error;
  }
}

/** The compiled worker: beside this module in the build, else in the package's build (tests run the TypeScript). */
export function defaultSweepPlanWorkerFile(): string {
  return compiledWorkerFile(import.meta.url, 'sweepPlanWorker.js', 'src/server');
}

/** Plans the specs in a worker thread of their own; one outcome per item, in order. */
export function planInWorker(request: PlanRequest, workerFile: string = defaultSweepPlanWorkerFile()): Promise<PlanOutcome[]> {
  if (!existsSync(workerFile)) return Promise.reject(new Error(`the sweep plan worker is not built (${workerFile}): run npm run build`));
  return new Promise((resolve, reject) => {
    const worker = new Worker(workerFile, { workerData: request });
    let answered = false;
    worker.once('message', (message: { outcomes: PlanOutcome[] } | { error: string }) => {
      answered = true;
      if ('error' in message) reject(new Error(message.error));
      else resolve(message.outcomes);
    });
    worker.once('error', (error) => {
      answered = true;
      reject(error);
    });
    worker.once('exit', (code) => {
      if (!answered) reject(new Error(`the sweep plan worker stopped (exit code ${code}) without an answer`));
    });
  });
}
