/**
 * The configs of a finished sweep's top variants, as files a trader can run: each is the variant's
 * whole resolved strategy config (every field, so a later change of a default cannot change it), named
 * after the variant, with a description that says where it came from. `alvh backtest --config FILE`
 * reruns the variant; `alvh signal --config FILE` and `alvh book ... --config FILE` follow it in a book.
 * Pure: file names and texts; the callers write them beside the sweep's report.
 */
import { isDefaultMarketModel } from '../market/config.js';
import type { SweepAnalysis } from './analysis.js';
import type { SweepRow } from './resultStore.js';
import { sweepModelConfig, type SweepSpec } from './spec.js';
import type { ResultVersions } from './variants.js';

/** The folder, beside the sweep's report, that holds the configs. */
export const VARIANT_CONFIGS_FOLDER = 'configs';
/** The market model the variants ran on, when it is not the defaults: `--model-config` reads it. */
export const SWEEP_MODEL_CONFIG_FILE = `${VARIANT_CONFIGS_FOLDER}/market-model.json`;

/** A variant's strategy name: the base preset's and the first ten hex digits of its key. Never a preset's name. */
export function variantStrategyName(spec: Pick<SweepSpec, 'basePreset'>, key: string): string {
  return `${spec.basePreset}~${key.slice(0, 10)}`;
}

/** Whether a file name in the configs folder is one a sweep writes (a variant's or the market model's). */
export function isVariantConfigFileName(fileName: string): boolean {
  return /~[0-9a-f]{10}\.json$/.test(fileName) || `${VARIANT_CONFIGS_FOLDER}/${fileName}` === SWEEP_MODEL_CONFIG_FILE;
}

/** A variant's config file, relative to the report folder. */
export function variantConfigFile(spec: Pick<SweepSpec, 'basePreset'>, key: string): string {
  return `${VARIANT_CONFIGS_FOLDER}/${variantStrategyName(spec, key)}.json`;
}

/** The varied fields of a row in words: `hedge.x = 0.3, entry.y = 12`. */
function variedText(spec: SweepSpec, row: SweepRow): string {
  const values = JSON.parse(row.valuesJson) as Record<string, unknown>;
  return spec.vary.map((f) => `${f.path} = ${JSON.stringify(values[f.path])}`).join(', ');
}

function variantConfigText(spec: SweepSpec, analysis: SweepAnalysis, row: SweepRow, versions: ResultVersions): string {
  const resolved = JSON.parse(row.result.configJson) as Record<string, unknown>;
  const rank = analysis.ranked.indexOf(row) + 1;
  const model = isDefaultMarketModel(sweepModelConfig(spec)) ? '' : ` It ran on the sweep's market model: pass --model-config ${SWEEP_MODEL_CONFIG_FILE} as well to rerun it.`;
  const description =
    `Variant ${row.key.slice(0, 10)} of sweep '${spec.name}': ${spec.basePreset} with ${variedText(spec, row)}. ` +
    `Ranked #${rank} of ${analysis.ranked.length} by ${spec.rankBy}, ${spec.period.from} to ${spec.period.to}, on data ${versions.dataVersion.slice(0, 19)} and build ${versions.codeVersion.slice(0, 12)}.${model} ` +
    'A rank picked from many variants is partly luck: read the sweep report\'s deflated Sharpe ratio and PBO before trading it.';
  // Name and description first, then every field as the sweep resolved it (sorted, as stored).
  const { name: _name, description: _description, ...fields } = resolved;
  return `${JSON.stringify({ name: variantStrategyName(spec, row.key), description, ...fields }, null, 2)}\n`;
}

/**
 * The files to write beside the report: each of the first `top` ranked variants' config (the preset
 * itself is not written: `--preset` names it), and the market model's config when it is not the defaults.
 */
export function variantConfigFiles(spec: SweepSpec, analysis: SweepAnalysis, versions: ResultVersions, top: number): Map<string, string> {
  const files = new Map<string, string>();
  for (const row of analysis.ranked.slice(0, top)) {
    if (!row.isBaseline) files.set(variantConfigFile(spec, row.key), variantConfigText(spec, analysis, row, versions));
  }
  const model = sweepModelConfig(spec);
  if (files.size > 0 && !isDefaultMarketModel(model)) files.set(SWEEP_MODEL_CONFIG_FILE, `${JSON.stringify(model, null, 2)}\n`);
  return files;
}
