/**
 * The same backtest on several market model configs: how much of its verdict hangs on the model that
 * priced it. Every figure alvh prints is only as true as its modelled market, and the bundled model
 * configs (presets/model) each meet targets the default misses and miss some it meets; a finding that
 * holds on all of them does not rest on the choice. Pure: it reads the runs' summaries.
 */
import { percent, signedFixed } from '../report/markdownTable.js';
import type { VariantSummary } from './variantSummary.js';

/** One variant's headline on one model. */
export interface ModelVariantFigures {
  readonly name: string;
  readonly cagrFraction: number;
  readonly maxDrawdownFraction: number;
  readonly sharpeRatio: number | undefined;
}

/** One model's run: how the model is named (`defaults` or its file) and each variant's headline, in run order. */
export interface ModelRunFigures {
  readonly model: string;
  readonly variants: readonly ModelVariantFigures[];
}

/** What the hedge changes, hedged minus its unhedged twin, on each model. */
export interface TwinAcrossModels {
  readonly hedged: string;
  readonly twin: string;
  /** CAGR difference, hedged minus twin, in fractions (0.01 = one point a year), by model in run order. */
  readonly cagrGapByModel: readonly number[];
  /** Max drawdown difference, hedged minus twin (positive = the hedged book fell further), by model. */
  readonly maxDrawdownGapByModel: readonly number[];
  /** Models on which the hedged variant returns less than its twin, and more. */
  readonly modelsTrailing: number;
  readonly modelsLeading: number;
  readonly verdict: 'trails on every model' | 'leads on every model' | 'depends on the model';
}

export interface AcrossModels {
  readonly runs: readonly ModelRunFigures[];
  readonly twins: readonly TwinAcrossModels[];
}

export class AcrossModelsError extends Error {
  override name = 'AcrossModelsError';
}

/** A run's headline figures from its summaries. */
export function modelRunFigures(model: string, summaries: readonly VariantSummary[]): ModelRunFigures {
  return {
    model,
    variants: summaries.map((s) => ({ name: s.name, cagrFraction: s.metrics.cagrFraction, maxDrawdownFraction: s.metrics.drawdown.maxDrawdownFraction, sharpeRatio: s.metrics.sharpeRatio })),
  };
}

/**
 * The runs side by side and, for each hedged variant whose twin ran too, the gap on every model. Every
 * run must hold the same variants (the same configs on another model): a run without one is refused,
 * as a gap measured on some models only would read as a verdict on all.
 */
export function acrossModels(runs: readonly ModelRunFigures[], pairs: readonly { readonly hedged: string; readonly twin: string }[]): AcrossModels {
  if (runs.length === 0) throw new AcrossModelsError('no model run to compare');
  const names = (runs[0] as ModelRunFigures).variants.map((v) => v.name);
  const byModel = runs.map((run) => {
    const figures = new Map(run.variants.map((v) => [v.name, v]));
    for (const name of names) if (!figures.has(name)) throw new AcrossModelsError(`the run on ${run.model} has no variant '${name}'`);
    if (figures.size !== names.length) throw new AcrossModelsError(`the run on ${run.model} has other variants than the run on ${(runs[0] as ModelRunFigures).model}`);
    return figures;
  });
  const twins = pairs.map(({ hedged, twin }): TwinAcrossModels => {
    if (!names.includes(hedged) || !names.includes(twin)) throw new AcrossModelsError(`'${hedged}' and its twin '${twin}' must both be in the runs`);
    const cagrGapByModel = byModel.map((f) => (f.get(hedged) as ModelVariantFigures).cagrFraction - (f.get(twin) as ModelVariantFigures).cagrFraction);
    const maxDrawdownGapByModel = byModel.map((f) => (f.get(hedged) as ModelVariantFigures).maxDrawdownFraction - (f.get(twin) as ModelVariantFigures).maxDrawdownFraction);
    const modelsTrailing = cagrGapByModel.filter((g) => g < 0).length;
    const modelsLeading = cagrGapByModel.filter((g) => g > 0).length;
    const verdict = modelsTrailing === runs.length ? 'trails on every model' : modelsLeading === runs.length ? 'leads on every model' : 'depends on the model';
    return { hedged, twin, cagrGapByModel, maxDrawdownGapByModel, modelsTrailing, modelsLeading, verdict };
  });
  return { runs, twins };
}

/** A fraction as signed points to two decimals (0.0123 -> `+1.23`). */
const points = (fraction: number): string => signedFixed(100 * fraction, 2);

/** One sentence per hedged variant: the range of its gap to the twin across the models, and the verdict. */
export function acrossModelsVerdicts(result: AcrossModels): string[] {
  const n = result.runs.length;
  return result.twins.map((t) => {
    const low = Math.min(...t.cagrGapByModel);
    const high = Math.max(...t.cagrGapByModel);
    const range = n === 1 ? `${points(low)} points a year` : `${points(low)} to ${points(high)} points a year`;
    const ddLow = Math.min(...t.maxDrawdownGapByModel);
    const ddHigh = Math.max(...t.maxDrawdownGapByModel);
    const dd = n === 1 ? `max drawdown ${points(ddLow)} points` : `max drawdown ${points(ddLow)} to ${points(ddHigh)} points`;
    const verdict =
      t.verdict === 'depends on the model'
        ? `it trails on ${t.modelsTrailing} and leads on ${t.modelsLeading} of the ${n} models: the verdict depends on the model`
        : `it ${t.verdict === 'trails on every model' ? 'trails' : 'leads'} on ${n === 1 ? 'the one model run' : `all ${n} models`}`;
    return `${t.hedged} - ${t.twin}: CAGR ${range}, ${dd}; ${verdict}.`;
  });
}

/** A model's column head: the file's name without its folders (`skew-off.json`), or `defaults`. */
export function modelLabel(model: string): string {
  return model.slice(Math.max(model.lastIndexOf('/'), model.lastIndexOf('\\')) + 1);
}

/** The table with the models as columns: each variant's CAGR and max drawdown, then each hedged variant's gap to its twin. */
export function acrossModelsRows(result: AcrossModels): { headers: string[]; rows: string[][] } {
  const names = (result.runs[0] as ModelRunFigures).variants.map((v) => v.name);
  const headers = ['variant', ...result.runs.map((r) => modelLabel(r.model))];
  const rows = names.map((name) => [
    `${name} (CAGR, max DD)`,
    ...result.runs.map((r) => {
      const v = r.variants.find((x) => x.name === name) as ModelVariantFigures;
      return `${percent(v.cagrFraction, 2)}, ${percent(v.maxDrawdownFraction, 1)}`;
    }),
  ]);
  for (const t of result.twins) rows.push([`${t.hedged} - ${t.twin} (CAGR points)`, ...t.cagrGapByModel.map(points)]);
  return { headers, rows };
}
