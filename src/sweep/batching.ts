/**
 * How a sweep hands variants to the engine: in batches stepped through the days together
 * (`runBacktests`), so each day's market view is fetched once per batch and every variant of the batch
 * uses it while it is fresh. A batch's results are those of each variant run alone; the batch size
 * changes the speed only, never a stored result.
 */
import { z } from 'zod';

/**
 * Variants per batch. Measured on the full history (2 worker threads, busy 2-core machine): the cost
 * per variant falls steeply up to about 8 and little after; larger batches only hold more engines in
 * memory at once and give the threads coarser work units to share.
 */
export const DEFAULT_BATCH_VARIANTS = 8;
/** A bound on the engines a thread holds at once. */
export const MAX_BATCH_VARIANTS = 256;

export const SweepBatchConfigSchema = z.strictObject({
  batchVariants: z.number().int().min(1).max(MAX_BATCH_VARIANTS).default(DEFAULT_BATCH_VARIANTS),
});
export type SweepBatchConfig = z.infer<typeof SweepBatchConfigSchema>;

export class SweepBatchError extends RangeError {
  override name = 'SweepBatchError';
}

/** Validates a batch config (defaults filled in); a bad one is a SweepBatchError naming the field. */
export function parseSweepBatchConfig(input: unknown): SweepBatchConfig {
  const parsed = SweepBatchConfigSchema.safeParse(input);
  if (!parsed.success) throw new SweepBatchError(`invalid sweep batch config: ${parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ')}`);
  return parsed.data;
}

/**
 * Cuts `items` into consecutive batches of at most `batchVariants`, and smaller when there are too few
 * items to give each of `workers` a batch (a 10-variant sweep on 2 threads runs as 5 + 5, not 8 + 2).
 */
export function batchesOf<T>(items: readonly T[], batchVariants: number, workers = 1): T[][] {
  const config = parseSweepBatchConfig({ batchVariants });
  if (!Number.isInteger(workers) || workers < 1) throw new SweepBatchError(`workers must be a positive whole number (got ${workers})`);
  const size = Math.max(1, Math.min(config.batchVariants, Math.ceil(items.length / workers)));
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/**
 * A path segment of a field that chooses which options a variant trades: a delta, a days-to-expiry, a
 * strike width, a tenor, an instrument or structure. Variants that agree on these price the same
 * strikes and expiries, so a batch of them shares most of each day's quotes and strike searches.
 */
const INSTRUMENT_FIELD_SEGMENT = /Delta$|Dte|WidthPoints$|[Tt]enors?|[Ii]nstrument|[Ss]tructure$|^expirySelection$|^wingMode$/;

/** Whether a varied field (a config path) chooses the options a variant trades (INSTRUMENT_FIELD_SEGMENT). */
export function choosesInstruments(path: string): boolean {
  return path.split('.').some((segment) => INSTRUMENT_FIELD_SEGMENT.test(segment));
}

const compareValues = (a: unknown, b: unknown): number => {
  if (a === b) return 0;
  if (a === undefined) return -1;
  if (b === undefined) return 1;
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  const x = JSON.stringify(a);
  const y = JSON.stringify(b);
  return x < y ? -1 : x > y ? 1 : 0;
};

/**
 * The order a sweep runs its variants in, so that consecutive variants, cut into batches, share what
 * the engine can share between them: sorted by their varied values, the fields that choose the
 * options traded first (outermost), then the other fields with repeated values, then fields whose
 * every value is its own (a range's random draws), each class in the spec's order; ties by index. A
 * spec that lists the hedge-call delta last would otherwise put eight hedge deltas in every batch (on
 * the bench grid, 1.2x the CPU of the same variants batched by delta). Speed only: a variant's result
 * is the same in any batch, and results are stored by key.
 */
export function batchOrder<T extends { readonly index: number; readonly values: Readonly<Record<string, unknown>> }>(variants: readonly T[], fieldPaths: readonly string[]): T[] {
  const allDistinct = (path: string) => {
    const seen = new Set<string>();
    let count = 0;
    for (const v of variants) {
      if (!(path in v.values)) continue;
      count++;
      seen.add(JSON.stringify(v.values[path]));
    }
    return seen.size === count;
  };
  const repeated = fieldPaths.filter((path) => !allDistinct(path));
  const order = [...repeated.filter(choosesInstruments), ...repeated.filter((path) => !choosesInstruments(path)), ...fieldPaths.filter((path) => !repeated.includes(path))];
  return [...variants].sort((a, b) => {
    for (const path of order) {
      const c = compareValues(a.values[path], b.values[path]);
      if (c !== 0) return c;
    }
    return a.index - b.index;
  });
}
