/**
 * The numbers that turn raw published series into the values the core reads (rates, dividend yield).
 * They are a validated config so a user can change a convention without touching code, and so a
 * report can print what its history was built with.
 */
import { z } from 'zod';

export const historyConfigSchema = z
  .strictObject({
    /** Term of the 3-month T-bill the DTB3 / ^IRX quotes refer to (calendar days). */
    treasuryBillTermDays: z.number().int().positive().default(91),
    /** Day-count denominator of the T-bill discount-basis quote (the US bill convention is 360). */
    treasuryBillDiscountBasisDaysPerYear: z.number().int().positive().default(360),
    /**
     * How long the last rate observation stays in force (calendar days). Bridges holidays and
     * publication gaps; past it `riskFreeRateOn` is undefined instead of a stale guess.
     */
    rateMaxCarryCalendarDays: z.number().int().nonnegative().default(14),
    /**
     * Months between a Shiller month and the first month its dividend yield may be used. Shiller's
     * value for a month uses that month's average price and is published later, so using it inside
     * the same month would look ahead.
     */
    dividendYieldLagMonths: z.number().int().nonnegative().default(1),
    /** First day of the daily index series and VIX futures the history keeps (ISO date). */
    firstDayIso: z.string().regex(/^\d{4}-\d{2}-\d{2}$/).default('1990-01-01'),
  })
  .strict();

export type HistoryConfig = z.infer<typeof historyConfigSchema>;

export const defaultHistoryConfig: HistoryConfig = historyConfigSchema.parse({});
