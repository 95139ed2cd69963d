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
