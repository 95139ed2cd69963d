/**
 * The SPX model's sections of `alvh validate` (quotes by delta bucket, the February 2018 condor, the
 * VIX formula over history), with their headline figures for the terminal summary read back from the
 * sections' JSON.
 */
import type { BundledChains } from '../data/chains/bundledChains.js';
import type { MarketHistory } from '../history/types.js';
import { err, ok, type Result } from '../lib/result.js';
import { DEFAULT_SPX_MODEL_CONFIG, type SpxModelConfig } from '../market/spx/config.js';
import { buildSpxValidationSections } from './spx/sections.js';
import {
  CONDOR_MARKS_MIN_REAL_MARK_POINTS,
  CONDOR_MARKS_TARGET_RELATIVE_ERROR,
  CONDOR_PRICE_TARGET_RELATIVE_ERROR,
  IV_ERROR_TARGET_BUCKETS,
  IV_ERROR_TARGET_MEDIAN_ABS_VOL_POINTS,
  IV_ERROR_TARGET_SIGNED_MEDIAN_VOL_POINTS,
  ivErrorTargetMet,
  worstJudgedMark,
} from './spx/targetRules.js';
import type { JsonValue, ReportSection } from '../report/section.js';
import { fixed, percent } from '../report/markdownTable.js';
import type { SectionsWithSummary, SummaryRow } from './summary.js';
import type { TargetResult } from './targets.js';

function field(value: JsonValue | undefined, ...path: readonly string[]): JsonValue | undefined {
  let current = value;
  for (const key of path) {
    if (current === null || current === undefined || typeof current !== 'object' || Array.isArray(current)) return undefined;
    current = (current as { readonly [key: string]: JsonValue })[key];
  }
  return current;
}

function numberField(value: JsonValue | undefined, ...path: readonly string[]): number | undefined {
  const found = field(value, ...path);
  return typeof found === 'number' ? found : undefined;
}

/** Headline figures of the SPX sections, against the targets the sections state. */
export function spxSummaryRows(sections: readonly ReportSection[]): SummaryRow[] {
  const rows: SummaryRow[] = [];
  const quotes = sections.find((s) => s.id === 'spx-quotes');
  const sets = field(quotes?.json, 'sets');
  if (Array.isArray(sets)) {
    for (const set of sets as readonly JsonValue[]) {
      const median = numberField(set, 'medianAbsIvError16to25VolPoints');
      const role = field(set, 'role');
      const name = field(set, 'name');
      const heldOut = role === 'held-out';
      rows.push({
        section: 'spx-quotes',
        metric: `${typeof name === 'string' ? name : 'set'}: median abs IV error 16-25 delta (vol pts)`,
        value: fixed(median, 2),
        ...(heldOut
          ? { target: `<= ${IV_ERROR_TARGET_MEDIAN_ABS_VOL_POINTS}, signed median per 16-25 delta bucket within ±${IV_ERROR_TARGET_SIGNED_MEDIAN_VOL_POINTS}`, met: field(set, 'targetMet') === true }
          : {}),
      });
    }
  }
  const condor = sections.find((s) => s.id === 'spx-feb2018-condor');
  const worst = numberField(condor?.json, 'worstJudgedDay', 'relativeError');
  if (condor !== undefined) {
    rows.push({
      section: 'spx-feb2018-condor',
      metric: `worst model vs real mark, days worth >= ${CONDOR_MARKS_MIN_REAL_MARK_POINTS} points`,
      value: percent(worst),
      target: `within ±${percent(CONDOR_MARKS_TARGET_RELATIVE_ERROR, 0)}`,
      met: field(condor.json, 'targetMet') === true,
    });
  }
  const formula = sections.find((s) => s.id === 'spx-vix-formula');
  const vixMedian = numberField(formula?.json, 'calibrationResidualVolPoints', 'vix', 'median');
  if (formula !== undefined) {
    rows.push({ section: 'spx-vix-formula', metric: 'median abs model VIX - real VIX (vol pts)', value: fixed(vixMedian, 4) });
  }
  return rows;
}

/** Index points to USD per condor (SPX multiplier). */
const SPX_MULTIPLIER_USD_PER_POINT = 100;

const signed = (v: number, digits: number) => `${v >= 0 ? '+' : ''}${v.toFixed(digits)}`;

export function spxTargetResults(sections: readonly ReportSection[]): TargetResult[] {
  const results: TargetResult[] = [];
  const sets = field(sections.find((s) => s.id === 'spx-quotes')?.json, 'sets');
  const heldOut = Array.isArray(sets) ? (sets as readonly JsonValue[]).find((set) => field(set, 'role') === 'held-out') : undefined;
  if (heldOut !== undefined) {
    const medianAbs = numberField(heldOut, 'medianAbsIvError16to25VolPoints');
    const buckets = field(heldOut, 'buckets');
    const signedMedians = IV_ERROR_TARGET_BUCKETS.map((label) => {
      const bucket = Array.isArray(buckets) ? (buckets as readonly JsonValue[]).find((b) => field(b, 'bucket') === label) : undefined;
      return { label, median: numberField(bucket, 'ivErrorVolPoints', 'median') };
    });
    const met = ivErrorTargetMet(
      medianAbs,
      signedMedians.map((b) => b.median),
    );
    results.push({
      id: 'spxw-2018-iv-error',
      figure: `median abs ${fixed(medianAbs, 2)} vol pts; signed ${signedMedians.map((b) => `${b.label} ${b.median === undefined ? 'n/a' : signed(b.median, 2)}`).join(', ')}`,
      met,
    });
  }
  const condor = sections.find((s) => s.id === 'spx-feb2018-condor');
  const marks = field(condor?.json, 'marks');
  if (Array.isArray(marks) && marks.length > 0) {
    const rows = (marks as readonly JsonValue[]).map((m) => ({
      date: String(field(m, 'date')),
      real: numberField(m, 'realMarkPoints') ?? Number.NaN,
      model: numberField(m, 'modelMarkPoints') ?? Number.NaN,
    }));
    const first = rows[0] as { date: string; real: number; model: number };
    const firstError = (first.model - first.real) / first.real;
    results.push({
      id: 'feb-2018-condor-price',
      figure: `${signed((first.model - first.real) * SPX_MULTIPLIER_USD_PER_POINT, 0)} USD per condor (${signed(100 * firstError, 1)} %) on ${first.date}: model ${first.model.toFixed(2)}, real ${first.real.toFixed(2)} points`,
      met: Math.abs(firstError) <= CONDOR_PRICE_TARGET_RELATIVE_ERROR,
    });
    const worst = worstJudgedMark(rows.map((r) => ({ date: r.date, realMarkPoints: r.real, modelMarkPoints: r.model })));
    results.push({
      id: 'feb-2018-condor-marks',
      figure: worst === undefined ? `no day with a real mark >= ${CONDOR_MARKS_MIN_REAL_MARK_POINTS} points` : `worst ${signed(100 * worst.relativeError, 1)} % on ${worst.mark.date} (${worst.judgedDays} days)`,
      met: worst !== undefined && Math.abs(worst.relativeError) <= CONDOR_MARKS_TARGET_RELATIVE_ERROR,
    });
  }
  return results;
}

export function buildSpxModelSections(
  history: MarketHistory,
  chains: BundledChains,
  config: SpxModelConfig = DEFAULT_SPX_MODEL_CONFIG,
): Result<SectionsWithSummary, string> {
  const built = buildSpxValidationSections({
    history,
    spx20201201: chains.spx20201201,
    zeroRates20201201: chains.zeroRates20201201,
    spxw2018JanFeb: chains.spxw2018JanFeb,
    config,
  });
  if (!built.ok) return err(built.error.reason);
  return ok({ sections: built.value, summary: spxSummaryRows(built.value), targets: spxTargetResults(built.value) });
}
