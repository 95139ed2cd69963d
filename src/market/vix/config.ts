/**
 * Parameters of the VIX-option model. Every number has its unit in its name; the fitted ones record
 * where they come from and `fit.test.ts` re-runs the fit to check they still match it.
 */
import { z } from 'zod';

/** Fitted by `fitVixVolSurface` on the Cboe VIX option quotes of 2016-06-01 (data/vix_options_20160601.csv). */
export const FITTED_VIX_VOL_SURFACE = {
  atmVolToVvixRatio: 1.005204,
  termStructureExponent: 0.136558,
  skewSlopePerScaledLogMoneyness: 0.951143,
  skewSaturationScaledLogMoneyness: 0.503272,
} as const;

/**
 * Fitted by `fitVvixOnVix` on the daily closes of VVIX and VIX from 2007-01-01 to 2026-07-22
 * (data/vvix_daily.csv, data/vix_daily.csv): ln(VVIX) = intercept + slope * ln(VIX).
 */
export const FITTED_VVIX_FALLBACK = {
  interceptLogPoints: 3.984464,
  slopePerLogVixPoint: 0.186678,
  residualStdDevLog: 0.150554,
} as const;

export const vixVolSurfaceSchema = z.strictObject({
  /** ATM implied vol at the reference tenor as a multiple of VVIX/100. */
  atmVolToVvixRatio: z.number().positive().default(FITTED_VIX_VOL_SURFACE.atmVolToVvixRatio),
  /** beta in sigma_atm(T) = ratio * VVIX/100 * (T / referenceTenorDays)^(-beta): vol of a future falls with tenor. */
  termStructureExponent: z.number().min(0).max(2).default(FITTED_VIX_VOL_SURFACE.termStructureExponent),
  /** Tenor at which VVIX is quoted (30 calendar days). */
  referenceTenorDays: z.number().positive().default(30),
  /**
   * Slope of ln(sigma / sigma_atm) in x = ln(K/F) / sqrt(T / referenceTenorDays) near the money
   * (positive: the upward call skew of VIX options).
   */
  skewSlopePerScaledLogMoneyness: z
    .number()
    .min(0)
    .default(FITTED_VIX_VOL_SURFACE.skewSlopePerScaledLogMoneyness),
  /** Scale L of the tanh saturation: ln(sigma / sigma_atm) = slope * L * tanh(x / L), bounded for far strikes. */
  skewSaturationScaledLogMoneyness: z
    .number()
    .positive()
    .default(FITTED_VIX_VOL_SURFACE.skewSaturationScaledLogMoneyness),
});
export type VixVolSurfaceParams = z.infer<typeof vixVolSurfaceSchema>;

export const vvixFallbackSchema = z.strictObject({
  interceptLogPoints: z.number().default(FITTED_VVIX_FALLBACK.interceptLogPoints),
  slopePerLogVixPoint: z.number().default(FITTED_VVIX_FALLBACK.slopePerLogVixPoint),
  /** Standard deviation of the regression residual in ln(VVIX); reported, not used in pricing. */
  residualStdDevLog: z.number().min(0).default(FITTED_VVIX_FALLBACK.residualStdDevLog),
  /** First day used to estimate the regression: VVIX's 2006 rows hold outliers (values below 50). */
  estimationStartIso: z.iso.date().default('2007-01-01'),
});
export type VvixFallbackParams = z.infer<typeof vvixFallbackSchema>;

export const vixFitSchema = z.strictObject({
  /** Quotes with fewer calendar days to expiry are measured but not fitted (the hedge buys 30+ days). */
  minFitDteDays: z.number().int().min(0).default(21),
  /** Quotes whose mid is below this (VIX points) are one-tick prices that carry no vol information. */
  minFitMidPoints: z.number().min(0).default(0.05),
  /** Only out-of-the-money quotes are fitted: their prices are all time value. */
  outOfTheMoneyOnly: z.boolean().default(true),
});
export type VixFitParams = z.infer<typeof vixFitSchema>;

export const vixOptionModelConfigSchema = z.strictObject({
  surface: vixVolSurfaceSchema.default(vixVolSurfaceSchema.parse({})),
  vvixFallback: vvixFallbackSchema.default(vvixFallbackSchema.parse({})),
  fit: vixFitSchema.default(vixFitSchema.parse({})),
  /** VIX options and VX futures contract multipliers, USD per VIX point. */
  optionMultiplierUsdPerPoint: z.number().positive().default(100),
  futureMultiplierUsdPerPoint: z.number().positive().default(1000),
});
export type VixOptionModelConfig = z.infer<typeof vixOptionModelConfigSchema>;

export const DEFAULT_VIX_OPTION_MODEL_CONFIG: VixOptionModelConfig = vixOptionModelConfigSchema.parse({});
