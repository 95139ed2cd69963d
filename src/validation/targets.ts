/**
 * The market model's target table (issue 12): one row per target, in the table's order, with the
 * module that measures it. Each validation provider returns `TargetResult`s for the rows it measures;
 * `targetSummary` turns them into one summary entry per row of the table, and a row no provider
 * measured is reported as such (met: false), never left out.
 */
import type { SummaryRow } from './summary.js';

export const TARGET_IDS = [
  'spxw-2018-iv-error',
  'feb-2018-condor-price',
  'cndr-replica-1990-1999',
  'cndr-replica-2000-2007',
  'cndr-replica-2008-2015',
  'cndr-replica-2016-today',
  'put-replica',
  'cndr-credit-over-collateral',
  'vix-option-iv-by-tenor',
  'vix-stress-strike',
  'half-spread-ratio',
  'feb-2018-condor-marks',
] as const;

export type TargetId = (typeof TARGET_IDS)[number];

/** Who measures a row: the SPX model's exam, the VIX-option model's, the spread model's, the engine's replicas. */
export type TargetOwner = 'spx-model' | 'vix-model' | 'spread-model' | 'engine';

export interface TargetDefinition {
  readonly id: TargetId;
  /** The row's "what" column. */
  readonly what: string;
  /** The row's "target" column, as the report prints it. */
  readonly target: string;
  readonly owner: TargetOwner;
}

export const TARGET_TABLE: readonly TargetDefinition[] = [
  {
    id: 'spxw-2018-iv-error',
    what: 'SPXW Jan-Feb 2018 (held out), median |IV error| 16-25 delta, and signed median per bucket',
    target: '<= 0.5 vol pts, signed median within ±0.3 in every 16-25 delta bucket',
    owner: 'spx-model',
  },
  {
    id: 'feb-2018-condor-price',
    what: '16-delta / 50-point condor priced on the real Feb 2018 strikes (first quote day of the expiry)',
    target: 'within ±5 %',
    owner: 'spx-model',
  },
  { id: 'cndr-replica-1990-1999', what: 'CNDR replica 1990-99: annualised return gap (replica − index), monthly correlation', target: 'gap within ±1.0 pts, correlation >= 0.93', owner: 'spx-model' },
  { id: 'cndr-replica-2000-2007', what: 'CNDR replica 2000-07: annualised return gap (replica − index), monthly correlation', target: 'gap within ±1.0 pts, correlation >= 0.93', owner: 'spx-model' },
  { id: 'cndr-replica-2008-2015', what: 'CNDR replica 2008-15: annualised return gap (replica − index), monthly correlation', target: 'gap within ±1.0 pts, correlation >= 0.93', owner: 'spx-model' },
  {
    id: 'cndr-replica-2016-today',
    what: 'CNDR replica 2016-today (held out): annualised return gap (replica − index), monthly correlation',
    target: 'gap within ±1.0 pts, correlation >= 0.93',
    owner: 'spx-model',
  },
  { id: 'put-replica', what: 'PUT replica (preset `put`): annualised return gap per era', target: 'each era within ±1.0 pts', owner: 'engine' },
  {
    id: 'cndr-credit-over-collateral',
    what: 'credit collected / collateral in the CNDR replica, by era',
    target: "follows the index's era-to-era change",
    owner: 'spx-model',
  },
  { id: 'vix-option-iv-by-tenor', what: 'VIX options 2016-06-01, median IV error by tenor', target: 'every tenor bucket within ±1.5 vol pts', owner: 'vix-model' },
  { id: 'vix-stress-strike', what: 'VIX 30-delta call strike in stress (2020-03-16)', target: 'a smile consistent with VVIX that day', owner: 'vix-model' },
  { id: 'half-spread-ratio', what: 'model / real half-spread, held-out 2018', target: '0.9-1.1 in every VIX bucket', owner: 'spread-model' },
  { id: 'feb-2018-condor-marks', what: 'Feb 2018 condor marks, days the condor is worth >= 2 points', target: 'within ±15 %', owner: 'spx-model' },
];

/** What a provider measured for one row. */
export interface TargetResult {
  readonly id: TargetId;
  /** The measured figure, as printed (e.g. "0.62 vol pts; signed +0.41 .. +0.77"). */
  readonly figure: string;
  readonly met: boolean;
}

/** One summary entry per row of the table: a SummaryRow (so the terminal table prints it) with the row's fields. */
export interface TargetSummaryEntry extends SummaryRow {
  readonly targetId: TargetId;
  readonly what: string;
  readonly target: string;
  readonly figure: string;
  readonly met: boolean;
  /** False when no provider of this build measured the row. */
  readonly measured: boolean;
}

export const TARGETS_SECTION_ID = 'targets';
export const NOT_MEASURED_FIGURE = 'not measured in this build';

/** Every row of the table, in its order, with its result; a row measured twice is an error of the caller. */
export function targetSummary(results: readonly TargetResult[]): TargetSummaryEntry[] {
  const byId = new Map<TargetId, TargetResult>();
  for (const result of results) {
    if (byId.has(result.id)) throw new Error(`target ${result.id} was measured twice`);
    byId.set(result.id, result);
  }
  return TARGET_TABLE.map((row) => {
    const result = byId.get(row.id);
    const figure = result?.figure ?? NOT_MEASURED_FIGURE;
    return {
      section: TARGETS_SECTION_ID,
      metric: row.what,
      value: figure,
      targetId: row.id,
      what: row.what,
      target: row.target,
      figure,
      met: result?.met ?? false,
      measured: result !== undefined,
    };
  });
}
