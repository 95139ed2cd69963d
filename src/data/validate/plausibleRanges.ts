/**
 * Plausible ranges of each index series (index points). A value outside is treated as a data error,
 * not a market move: the bundled loader drops such rows with a warning that lists them, and a user
 * import rejects the file (naming line and field) so a bad value never silently enters the store.
 *
 * The VVIX floor is why this exists: Cboe's first VVIX year has values such as 15.71 (2006-03-15),
 * 27.94 and 36.14, while the index has otherwise never closed below the high 50s.
 */
import { z } from 'zod';
import type { IndexSeriesName } from '../../history/types.js';

const rangeSchema = z
  .object({ minPoints: z.number().nonnegative(), maxPoints: z.number().positive() })
  .strict()
  .refine((r) => r.minPoints < r.maxPoints, { message: 'minPoints must be below maxPoints' });

export const plausibleRangesSchema = z
  .object({
    spx: rangeSchema.default({ minPoints: 1, maxPoints: 100_000 }),
    vix: rangeSchema.default({ minPoints: 5, maxPoints: 200 }),
    vix9d: rangeSchema.default({ minPoints: 3, maxPoints: 300 }),
    vix3m: rangeSchema.default({ minPoints: 5, maxPoints: 200 }),
    vix6m: rangeSchema.default({ minPoints: 5, maxPoints: 200 }),
    vvix: rangeSchema.default({ minPoints: 50, maxPoints: 400 }),
    skew: rangeSchema.default({ minPoints: 90, maxPoints: 250 }),
    cndr: rangeSchema.default({ minPoints: 1, maxPoints: 100_000 }),
    put: rangeSchema.default({ minPoints: 1, maxPoints: 100_000 }),
    pput: rangeSchema.default({ minPoints: 1, maxPoints: 100_000 }),
    /** VIX futures settlements, VIX points. */
    vxFutures: rangeSchema.default({ minPoints: 5, maxPoints: 200 }),
    /** T-bill discount yield, % per year. */
    treasuryBillPct: z
      .object({ minPct: z.number(), maxPct: z.number() })
      .strict()
      .default({ minPct: -1, maxPct: 25 }),
  })
  .strict();

export type PlausibleRanges = z.infer<typeof plausibleRangesSchema>;
export const defaultPlausibleRanges: PlausibleRanges = plausibleRangesSchema.parse({});

export function indexRange(ranges: PlausibleRanges, name: IndexSeriesName): { minPoints: number; maxPoints: number } {
  return ranges[name];
}
