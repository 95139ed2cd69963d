/**
 * Sweeps as the results database holds them: one read back by name (its stored spec and its rows),
 * and the other finished sweeps of the same variants (the same base preset and varied fields: another
 * market model, period or data version) compared with it, so that a sweep's output says at once
 * whether its ranking carries over to them.
 */
import { compareSweeps, SweepCompareError, variedPathsOf, type SweepComparison } from './compare.js';
import type { ResultStore, SweepRow } from './resultStore.js';
import { parseSweepSpec, SweepSpecError, type RankingMetric, type SweepSpec } from './spec.js';

export class StoredSweepError extends Error {
  override name = 'StoredSweepError';
}

export interface StoredSweep {
  readonly spec: SweepSpec;
  readonly rows: readonly SweepRow[];
}

/**
 * A sweep by name, finished, with its metrics (the equity curves left out: a comparison of rankings
 * does not read them); refused (StoredSweepError) when the database lacks it, it is unfinished, or its
 * spec is not one this release reads.
 */
export async function readStoredSweep(store: ResultStore, name: string, dbPath: string): Promise<StoredSweep> {
  const spec = await readStoredSpec(store, name, dbPath);
  const { rows, missing } = await store.sweepRows(name, { curves: false });
  if (missing.length > 0) throw new StoredSweepError(`sweep '${name}' is not finished: ${missing.length} of its ${rows.length + missing.length} variants have no result (run alvh sweep again to finish it)`);
  return { spec, rows };
}

/** A stored sweep's spec alone (refused as readStoredSweep refuses it). */
async function readStoredSpec(store: ResultStore, name: string, dbPath: string): Promise<SweepSpec> {
  const specJson = await store.sweepSpecJson(name);
  if (specJson === undefined) {
    const names = await store.sweepNames();
    throw new StoredSweepError(`no sweep '${name}' in ${dbPath}${names.length === 0 ? ' (it holds none: run alvh sweep SPEC first)' : `; it holds ${names.join(', ')}`}`);
  }
  try {
    return parseSweepSpec(JSON.parse(specJson) as unknown, `sweep ${name} in ${dbPath}`);
  } catch (error) {
    // A spec stored by a release whose spec fields differ from this one's.
    if (error instanceof SweepSpecError) throw new StoredSweepError(`${error.message}\n(run the sweep again with this release)`);
    throw error;
  }
}

/** The build a sweep's results came from (its variants are keyed by one); null where the database did not record it. */
export function sweepCodeVersion(s: StoredSweep): string | null {
  return s.rows[0]?.result.codeVersion ?? null;
}

/** Whether two sweeps' results are known to come from one build: both recorded, and the same. */
export function sameBuild(a: StoredSweep, b: StoredSweep): boolean {
  const code = sweepCodeVersion(a);
  return code !== null && code === sweepCodeVersion(b);
}

export interface RelatedSweep {
  readonly other: StoredSweep;
  /** This sweep as A, the other as B. */
  readonly comparison: SweepComparison;
  /** Whether the other's results came from another build of alvh than this sweep's (or either did not record its build). */
  readonly anotherBuild: boolean;
}

/**
 * The database's other finished sweeps of the same base preset and varied fields, each compared with
 * this one on `metric`, by name. Sweeps that cannot be read or share fewer than two variants are left out.
 */
export async function relatedSweeps(store: ResultStore, self: StoredSweep, metric: RankingMetric, dbPath: string): Promise<RelatedSweep[]> {
  const out: RelatedSweep[] = [];
  const selfPaths = variedPathsOf(self.spec).join('\n');
  for (const name of await store.sweepNames()) {
    if (name === self.spec.name) continue;
    let other: StoredSweep;
    try {
      // The spec decides first, so the rows of unrelated sweeps are never read.
      const spec = await readStoredSpec(store, name, dbPath);
      if (spec.basePreset !== self.spec.basePreset || variedPathsOf(spec).join('\n') !== selfPaths) continue;
      other = await readStoredSweep(store, name, dbPath);
    } catch (error) {
      if (error instanceof StoredSweepError) continue;
      throw error;
    }
    try {
      out.push({ other, comparison: compareSweeps(self, other, metric), anotherBuild: !sameBuild(self, other) });
    } catch (error) {
      if (error instanceof SweepCompareError) continue;
      throw error;
    }
  }
  return out;
}
