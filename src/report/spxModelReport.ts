/**
 * The SPX model's sections of `alvh validate` (quotes by delta bucket, the February 2018 condor, the
 * VIX formula over history), with their headline figures for the terminal summary read back from the
 * sections' JSON.
 */
import type { BundledChains } from '../data/chains/bundledChains.js';
import type { MarketHistory } from '../history/types.js';
import { err, ok, type Result } from '../lib/result.js';
import { DEFAULT_SPX_MODEL_CONFIG, type SpxModelConfig } from '../market/spx/config.js';
import {
  buildSpxValidationSections,
  CONDOR_WORST_DAY_RELATIVE_ERROR_TARGET,
  HELD_OUT_MEDIAN_IV_ERROR_TARGET_VOL_POINTS,
} from '../validation/spx/sections.js';
import type { JsonValue, ValidationSection } from '../validation/section.js';
import { fixed, percent } from './markdownTable.js';
import type { SectionsWithSummary, SummaryRow } from './summary.js';

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
export function spxSummaryRows(sections: readonly ValidationSection[]): SummaryRow[] {
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
          ? { target: `<= ${HELD_OUT_MEDIAN_IV_ERROR_TARGET_VOL_POINTS}`, met: median !== undefined && median <= HELD_OUT_MEDIAN_IV_ERROR_TARGET_VOL_POINTS }
          : {}),
      });
    }
  }
  const condor = sections.find((s) => s.id === 'spx-feb2018-condor');
  const worst = numberField(condor?.json, 'worstDay', 'relativeError');
  if (condor !== undefined) {
    rows.push({
      section: 'spx-feb2018-condor',
      metric: 'worst-day model vs real mark',
      value: percent(worst),
      target: `<= ${percent(CONDOR_WORST_DAY_RELATIVE_ERROR_TARGET, 0)}`,
      met: worst !== undefined && Math.abs(worst) <= CONDOR_WORST_DAY_RELATIVE_ERROR_TARGET,
    });
  }
  const formula = sections.find((s) => s.id === 'spx-vix-formula');
  const vixMedian = numberField(formula?.json, 'calibrationResidualVolPoints', 'vix', 'median');
  if (formula !== undefined) {
    rows.push({ section: 'spx-vix-formula', metric: 'median abs model VIX - real VIX (vol pts)', value: fixed(vixMedian, 4) });
  }
  return rows;
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
  return ok({ sections: built.value, summary: spxSummaryRows(built.value) });
}
