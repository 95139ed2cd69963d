/**
 * Expanding a sweep spec into its variants: every combination of the list and grid fields, crossed
 * with the seeded random draws of the range fields, each applied to the resolved base config and
 * validated as a strategy config (all-or-nothing: one invalid variant rejects the spec, naming the
 * field and the value). A variant is keyed by the SHA-256 of its canonical resolved config (without
 * its name), the data version, the code version, the period and, when it is not the defaults, the
 * market model config, so the same backtest always gets the same key and a rerun can skip it, and a
 * result of another build (a changed rule or model) is never taken for this one's.
 */
import { createHash } from 'node:crypto';
import { nearestKey } from '../lib/configIssues.js';
import { isDefaultMarketModel, type MarketModelConfig } from '../market/config.js';
import { parseStrategyConfig, StrategyConfigError, type StrategyConfig } from '../strategy/config.js';
import { SweepSpecError, sweepModelConfig, type SweepSpec, type VariedField } from './spec.js';

/** Grid points are rounded to this many significant digits so 0.15 + 3 x 0.01 is 0.18, not 0.18000000000000002. */
const GRID_SIGNIFICANT_DIGITS = 12;

/** What a stored result was computed from besides its config and period: the data and the code. */
export interface ResultVersions {
  /** The market history's version (`MarketHistory.dataVersion`). */
  readonly dataVersion: string;
  /** The fingerprint of the code that runs the backtests (`wholeCodeFingerprint`). */
  readonly codeVersion: string;
}

export interface Variant {
  /** Hex SHA-256 of the canonical config, the versions, the period and a non-default market model. */
  readonly key: string;
  /** Position in the expansion, 0 = the base preset itself. */
  readonly index: number;
  readonly isBaseline: boolean;
  /** The varied fields' values, by path (empty for the baseline). */
  readonly values: Readonly<Record<string, unknown>>;
  readonly config: StrategyConfig;
}

/** JSON with object keys sorted at every depth: the same value always gives the same text. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') {
    if (typeof value === 'number' && !Number.isFinite(value)) throw new RangeError(`cannot key a non-finite number (${value})`);
    return JSON.stringify(value);
  }
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined);
  entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
}

/**
 * A variant's key. The market model enters only when it differs from the defaults, so a spec that names
 * the default model runs the same variants as one that names none. The code version enters always: a
 * result stored by another build is run again, never reused (a changed rule moves results).
 */
export function variantKey(config: StrategyConfig, versions: ResultVersions, period: { from: string; to: string }, modelConfig?: MarketModelConfig): string {
  const { name: _name, description: _description, ...parameters } = config;
  const model = modelConfig === undefined || isDefaultMarketModel(modelConfig) ? {} : { marketModel: modelConfig };
  return createHash('sha256').update(canonicalJson({ parameters, dataVersion: versions.dataVersion, codeVersion: versions.codeVersion, period, ...model })).digest('hex');
}

/** mulberry32: a small, fast, seedable generator; the same seed gives the same draws on every machine. */
export function seededUniform(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const roundGrid = (x: number) => Number(x.toPrecision(GRID_SIGNIFICANT_DIGITS));

export function gridValues(from: number, to: number, step: number): number[] {
  const count = Math.floor((to - from) / step + 0.5) + 1;
  return Array.from({ length: count }, (_, i) => roundGrid(from + i * step));
}

function deepClone<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}

function deepMerge(base: Record<string, unknown>, overrides: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...base };
  for (const [k, v] of Object.entries(overrides)) {
    const b = out[k];
    out[k] = v !== null && typeof v === 'object' && !Array.isArray(v) && b !== null && typeof b === 'object' && !Array.isArray(b) ? deepMerge(b as Record<string, unknown>, v as Record<string, unknown>) : v;
  }
  return out;
}

/** Sets `path` in a resolved config (a copy); the path must name an existing field. */
export function withValueAt(config: StrategyConfig, path: string, value: unknown): Record<string, unknown> {
  const copy = deepClone(config) as unknown as Record<string, unknown>;
  const parts = path.split('.');
  let node: Record<string, unknown> = copy;
  for (const [i, part] of parts.entries()) {
    if (!Object.hasOwn(node, part)) {
      const hint = nearestKey(part, Object.keys(node));
      throw new RangeError(`no config field ${parts.slice(0, i + 1).join('.')}${hint === undefined ? '' : `; did you mean "${[...parts.slice(0, i), hint].join('.')}"?`}`);
    }
    if (i === parts.length - 1) node[part] = value;
    else {
      const next = node[part];
      if (next === null || typeof next !== 'object' || Array.isArray(next)) throw new RangeError(`config field ${parts.slice(0, i + 1).join('.')} has no sub-fields`);
      node = next as Record<string, unknown>;
    }
  }
  return copy;
}

/** The resolved base: the preset with the spec's overrides, validated. */
export function resolveBase(spec: SweepSpec, preset: StrategyConfig, source: string): StrategyConfig {
  try {
    return parseStrategyConfig(deepMerge(deepClone(preset) as unknown as Record<string, unknown>, spec.baseOverrides), `${source} (baseOverrides)`);
  } catch (error) {
    if (error instanceof StrategyConfigError) throw new SweepSpecError(source, error.issues.map((i) => ({ path: `baseOverrides.${i.path}`, message: i.message })));
    throw error;
  }
}

/** The value lists of the deterministic fields, and the draws of the random ones. */
function expandAssignments(spec: SweepSpec): Array<Record<string, unknown>> {
  const fixed = spec.vary.filter((f): f is Exclude<VariedField, { kind: 'range' }> => f.kind !== 'range');
  const random = spec.vary.filter((f): f is Extract<VariedField, { kind: 'range' }> => f.kind === 'range');
  let combos: Array<Record<string, unknown>> = [{}];
  for (const field of fixed) {
    const values = field.kind === 'list' ? field.values : gridValues(field.from, field.to, field.step);
    const next: Array<Record<string, unknown>> = [];
    for (const combo of combos) for (const v of values) next.push({ ...combo, [field.path]: v });
    combos = next;
    if (combos.length > spec.maxVariants) break;
  }
  if (random.length === 0) return combos;
  const draw = seededUniform(spec.random.seed);
  const out: Array<Record<string, unknown>> = [];
  for (const combo of combos) {
    for (let s = 0; s < spec.random.samples; s++) {
      const values: Record<string, unknown> = { ...combo };
      for (const field of random) {
        const x = field.min + (field.max - field.min) * draw();
        const scale = 10 ** field.decimals;
        values[field.path] = Math.round(x * scale) / scale;
      }
      out.push(values);
    }
    if (out.length > spec.maxVariants) break;
  }
  return out;
}

/**
 * How many variants the spec lists: the preset and every combination of its varied values, before
 * combinations that resolve to the same config are merged into one.
 */
export function listedVariantCount(spec: SweepSpec): number {
  return 1 + expandAssignments(spec).length;
}

/**
 * Every variant of the spec, the baseline first. Two assignments that resolve to the same config
 * (a grid point equal to the default, say) are one variant: the key decides.
 */
export function expandVariants(spec: SweepSpec, preset: StrategyConfig, versions: ResultVersions, source: string): Variant[] {
  const base = resolveBase(spec, preset, source);
  const assignments = expandAssignments(spec);
  if (assignments.length > spec.maxVariants) {
    throw new SweepSpecError(source, [{ path: 'vary', message: `expands to more than maxVariants (${spec.maxVariants}) variants` }]);
  }
  const period = { from: spec.period.from, to: spec.period.to };
  // Decided once for the expansion, not per variant: the defaults leave the keys as they were.
  const specModel = sweepModelConfig(spec);
  const modelConfig = isDefaultMarketModel(specModel) ? undefined : specModel;
  const variants: Variant[] = [];
  const seen = new Set<string>();
  const add = (config: StrategyConfig, values: Record<string, unknown>, isBaseline: boolean) => {
    const key = variantKey(config, versions, period, modelConfig);
    if (seen.has(key)) return;
    seen.add(key);
    const named = { ...config, name: isBaseline ? base.name : `${base.name}~${key.slice(0, 10)}` };
    variants.push({ key, index: variants.length, isBaseline, values, config: named });
  };
  add(base, {}, true);
  const issues: Array<{ path: string; message: string }> = [];
  for (const values of assignments) {
    let raw: Record<string, unknown> = deepClone(base) as unknown as Record<string, unknown>;
    for (const [path, value] of Object.entries(values)) {
      try {
        raw = withValueAt(raw as unknown as StrategyConfig, path, value);
      } catch (error) {
        issues.push({ path: `vary.${spec.vary.findIndex((f) => f.path === path)}.path`, message: (error as Error).message });
      }
    }
    if (issues.length > 0) break;
    try {
      add(parseStrategyConfig(raw, source), values, false);
    } catch (error) {
      if (!(error instanceof StrategyConfigError)) throw error;
      const first = error.issues[0];
      issues.push({ path: 'vary', message: `the variant ${canonicalJson(values)} is not a valid config: ${first?.path ?? ''}: ${first?.message ?? ''}` });
      break;
    }
  }
  if (issues.length > 0) throw new SweepSpecError(source, issues);
  return variants;
}
