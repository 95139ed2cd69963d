/**
 * A sweep spec: which preset to start from, which config fields to vary and how (a list of values, an
 * evenly stepped grid, or a seeded random range), the period every variant runs over, the metric that
 * ranks them, and the overfitting controls' settings. Validated like a strategy config: every object
 * is strict, and a typo names the field it most likely meant.
 */
import { z } from 'zod';
import { configIssues } from '../lib/configIssues.js';
import { DEFAULT_MARKET_MODEL_CONFIG, marketModelConfigChanges, marketModelConfigSchema, type MarketModelConfig } from '../market/config.js';
import { parseIsoDate } from '../time/day.js';

/** The metrics a sweep can rank by; `higher` says which direction is better. */
export const RANKING_METRICS = {
  sharpeRatio: 'higher',
  sortinoRatio: 'higher',
  calmarRatio: 'higher',
  cagrFraction: 'higher',
  totalReturnFraction: 'higher',
  maxDrawdownFraction: 'lower',
  annualVolatilityFraction: 'lower',
} as const;
export type RankingMetric = keyof typeof RANKING_METRICS;

const isoDate = z.string().refine((s) => parseIsoDate(s).ok, { message: 'a date YYYY-MM-DD' });
/** A dotted path into the strategy config, e.g. `hedge.hedgeCallDelta` or `hedge.caps.maxDragFractionOfEquityPerMonth`. */
const configPath = z.string().regex(/^[A-Za-z][A-Za-z0-9]*(\.[A-Za-z0-9]+)*$/, { message: 'a dotted config path such as hedge.hedgeCallDelta' });

export const VariedFieldSchema = z.discriminatedUnion('kind', [
  /** Exactly these values (numbers, strings, booleans or arrays, as the field takes). */
  z.strictObject({ kind: z.literal('list'), path: configPath, values: z.array(z.unknown()).min(1) }),
  /** from, from + step, ... up to and including `to` (within half a step). */
  z.strictObject({ kind: z.literal('grid'), path: configPath, from: z.number(), to: z.number(), step: z.number().positive() }),
  /** Uniform draws in [min, max] from the spec's seeded generator, rounded to `decimals` places (0 = whole numbers). */
  z.strictObject({ kind: z.literal('range'), path: configPath, min: z.number(), max: z.number(), decimals: z.number().int().min(0).max(12).default(3) }),
]);
export type VariedField = z.infer<typeof VariedFieldSchema>;

export const SweepSpecSchema = z.strictObject({
  name: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, { message: 'letters, digits, dot, dash or underscore' }),
  description: z.string().default(''),
  /** The preset every variant starts from (presets/NAME.json). */
  basePreset: z.string().min(1),
  /** Overrides applied to the preset before the varied fields (same shape as a strategy config). */
  baseOverrides: z.record(z.string(), z.unknown()).default({}),
  vary: z.array(VariedFieldSchema).min(1),
  /** Draws of the `range` fields: every list/grid combination is crossed with `samples` random draws. */
  random: z.strictObject({ samples: z.number().int().positive().default(10), seed: z.number().int().min(0).max(0xffffffff).default(1) }).prefault({}),
  period: z.strictObject({ from: isoDate, to: isoDate }),
  /**
   * The market model every variant runs on: the fields of a model config to change (the shape of
   * presets/model/*.json); absent, the defaults. Part of each variant's key when it differs from them.
   */
  marketModel: marketModelConfigSchema.optional(),
  rankBy: z.enum(Object.keys(RANKING_METRICS) as [RankingMetric, ...RankingMetric[]]).default('sharpeRatio'),
  walkForward: z
    .strictObject({
      inSampleMonths: z.number().int().positive().default(12),
      outOfSampleMonths: z.number().int().positive().default(3),
    })
    .prefault({}),
  /** Number of blocks the return matrix is cut into for CSCV (even; C(S, S/2) combinations). */
  cscvBlocks: z.number().int().min(2).max(16).refine((n) => n % 2 === 0, { message: 'must be even' }).default(8),
  /** Most variants a spec may expand to (a guard against a typo that asks for millions). */
  maxVariants: z.number().int().positive().default(20_000),
});
export type SweepSpec = z.infer<typeof SweepSpecSchema>;

export class SweepSpecError extends Error {
  constructor(
    readonly source: string,
    readonly issues: ReadonlyArray<{ path: string; message: string }>,
  ) {
    super(`invalid sweep spec ${source}:\n${issues.map((i) => `  ${i.path || '(root)'}: ${i.message}`).join('\n')}`);
    this.name = 'SweepSpecError';
  }
}

/** The market model config the spec's variants run on. */
export function sweepModelConfig(spec: Pick<SweepSpec, 'marketModel'>): MarketModelConfig {
  return spec.marketModel ?? DEFAULT_MARKET_MODEL_CONFIG;
}

/** The spec's market model in words for reports: `defaults`, or the fields it changes from them. */
export function sweepModelDescription(spec: Pick<SweepSpec, 'marketModel'>): string {
  const changes = marketModelConfigChanges(sweepModelConfig(spec));
  return changes.length === 0 ? 'defaults' : changes.join('; ');
}

/** Validate a spec object and fill in its defaults; `source` names it in errors. */
export function parseSweepSpec(input: unknown, source: string): SweepSpec {
  const parsed = SweepSpecSchema.safeParse(input);
  if (!parsed.success) throw new SweepSpecError(source, configIssues(SweepSpecSchema, parsed.error));
  const spec = parsed.data;
  const issues: Array<{ path: string; message: string }> = [];
  if (spec.period.to <= spec.period.from) issues.push({ path: 'period.to', message: `must be after period.from (${spec.period.from})` });
  const seen = new Set<string>();
  for (const [i, field] of spec.vary.entries()) {
    if (seen.has(field.path)) issues.push({ path: `vary.${i}.path`, message: `${field.path} is varied twice` });
    seen.add(field.path);
    if (field.path === 'name') issues.push({ path: `vary.${i}.path`, message: 'the name is not a strategy parameter' });
    if (field.kind === 'grid' && field.to < field.from) issues.push({ path: `vary.${i}.to`, message: 'must not be below from' });
    if (field.kind === 'range' && field.max < field.min) issues.push({ path: `vary.${i}.max`, message: 'must not be below min' });
  }
  if (issues.length > 0) throw new SweepSpecError(source, issues);
  return spec;
}
