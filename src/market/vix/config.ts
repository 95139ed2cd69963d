/**
 * Parameters of the VIX-option model. Every number has its unit in its name; the fitted ones record
 * where they come from and `fit.test.ts` re-runs the fit to check they still match it.
 */
import { z } from 'zod';
import { LAST_FIT_DAY_ISO } from '../holdOut.js';

/**
 * Fitted by `fitVixVolSurface` on the Cboe VIX option quotes of 2016-06-01 (data/vix_options_20160601.csv),
 * every out-of-the-money two-sided quote with a mid of at least 0.10 at every listed expiry (190 quotes), Huber loss on
 * the IV error with a 0.5 vol point threshold. The level is not fitted: it is calibrated each day so that the
 * model's 30-day strip reproduces VVIX.
 */
export const FITTED_VIX_VOL_SURFACE = {
  atmLogVolDecayPerYear: 0.866227,
  shortTenorDipFraction: 0.354971,
  shortTenorDipDays: 19.080244,
  callSkewSlopePerStdDev: 0.192068,
  putSkewSlopePerStdDev: 0.312699,
  skewSaturationStdDevs: 4.121218,
  skewSaturationStdDevExponent: 1.824395,
} as const;

/**
 * Contango of the fit day: the VX forward 30 days out (15.275 at 14 days and 17.525 at 49 days,
 * interpolated: 16.3036) over spot VIX 14.20, minus one. The short-tenor dip is scaled by the day's
 * contango relative to this.
 */
export const FIT_DAY_CONTANGO_FRACTION = 0.148139;

/**
 * Fitted by `fitVvixOnVix` on the daily closes of VVIX and VIX from 2007-01-03 to 2015-12-31 (2,264
 * days; data/vvix_daily.csv, data/vix_daily.csv): ln(VVIX) = intercept + slope * ln(VIX). Index history
 * from 2016 on is held out.
 */
export const FITTED_VVIX_FALLBACK = {
  interceptLogPoints: 4.034316,
  slopePerLogVixPoint: 0.141526,
  residualStdDevLog: 0.138767,
} as const;

/**
 * How the model's own VVIX is computed: the Cboe VIX procedure on strips of model VIX option prices at
 * the day's two listed expiries around `referenceTenorDays` (vvixCalibration.ts), each strip in units of
 * its forward.
 */
export const vvixStripSchema = z.strictObject({
  /** Strike spacing of the model strip as a fraction of the forward (listed VIX strikes are 0.5-1 point near 15-20). */
  strikeStepFractionOfForward: z.number().positive().max(0.5).default(0.05),
  /**
   * A strike whose model price is below this fraction of the forward counts as a zero bid (the listed
   * strip ends at two consecutive zero bids; one 0.05 tick on a 16.7 forward is 0.3 %).
   */
  zeroBidPriceFractionOfForward: z.number().positive().max(0.1).default(0.003),
  /**
   * Highest strike of the strip as a multiple of the forward: Cboe lists VIX strikes only so far (on
   * 2016-06-01 up to 70-80 on forwards of 14.7-17.5, about 4.5 times).
   */
  maxStrikeMultipleOfForward: z.number().min(1.5).default(4.5),
});
export type VvixStripParams = z.infer<typeof vvixStripSchema>;

export const vixVolSurfaceSchema = z.strictObject({
  /** Tenor at which VVIX is quoted and the level is calibrated (30 calendar days). */
  referenceTenorDays: z.number().positive().default(30),
  /**
   * lambda in the ATM term structure sigma_atm(T) ~ exp(-lambda (T - referenceTenor)), T in years: the
   * vol of a later future is lower (VIX mean-reverts, so a far future moves less than spot). On the fit
   * day the ATM vols of 28 to 168 days fall this way (about 81 % to 62 %); a power law in T falls too
   * fast at first and too slowly later.
   */
  atmLogVolDecayPerYear: z.number().min(0).max(10).default(FITTED_VIX_VOL_SURFACE.atmLogVolDecayPerYear),
  /**
   * Depth a of the short-tenor dip (1 - a exp(-T / tau)) at the fit day's contango: in a calm, upward
   * sloping curve a near future is pinned close to a sticky spot VIX and its options carry less vol.
   * Scaled each day by contango / FIT_DAY_CONTANGO_FRACTION (capped), and zero in backwardation, where
   * short-dated VIX options carry the most vol. The scaling is an assumption: one chain cannot identify it.
   */
  shortTenorDipFraction: z.number().min(0).max(0.9).default(FITTED_VIX_VOL_SURFACE.shortTenorDipFraction),
  /** tau of the dip, calendar days. */
  shortTenorDipDays: z.number().positive().max(120).default(FITTED_VIX_VOL_SURFACE.shortTenorDipDays),
  /** Contango (30-day VX forward / spot VIX - 1) at which the dip has depth shortTenorDipFraction. */
  dipReferenceContangoFraction: z.number().positive().default(FIT_DAY_CONTANGO_FRACTION),
  /** Cap on contango / dipReferenceContangoFraction (the depth itself never exceeds MAX_DIP_DEPTH). */
  maxDipScale: z.number().min(0).max(5).default(2),
  /**
   * Slope of ln(sigma / sigma_atm) in z = ln(K/F) / (sigma_atm sqrt(T)) above the forward (positive: the
   * upward call skew of VIX options).
   */
  callSkewSlopePerStdDev: z.number().min(0).default(FITTED_VIX_VOL_SURFACE.callSkewSlopePerStdDev),
  /** The same slope below the forward (puts): the fit day's quotes rise faster towards the money from below. */
  putSkewSlopePerStdDev: z.number().min(0).default(FITTED_VIX_VOL_SURFACE.putSkewSlopePerStdDev),
  /**
   * Width w, in standard deviations, over which the put slope turns into the call slope (volSurface.ts
   * `skewSlopeAt`). Not fitted: wide enough that the smile has no kink at the money (a butterfly arbitrage),
   * narrow against the 1-3 standard deviations the quotes span.
   */
  skewSlopeBlendStdDevs: z.number().positive().max(2).default(0.25),
  /**
   * Scale L of the tanh saturation, in standard deviations, at an expiry whose ATM standard deviation
   * s = sigma_atm(T) sqrt(T) is skewReferenceStdDev: ln(sigma / sigma_atm) = slope * L(s) * tanh(z / L(s)).
   */
  skewSaturationStdDevs: z.number().positive().default(FITTED_VIX_VOL_SURFACE.skewSaturationStdDevs),
  /**
   * gamma in L(s) = L * (s / skewReferenceStdDev)^(-gamma) (volSurface.ts `skewSaturationStdDevsFor`): the
   * wider an expiry's distribution, by tenor or by VIX's vol, the sooner in standard deviations its call
   * wing flattens. 0 gives one saturation at every tenor and level.
   */
  skewSaturationStdDevExponent: z.number().min(0).max(4).default(FITTED_VIX_VOL_SURFACE.skewSaturationStdDevExponent),
  /**
   * s at and below which the saturation is L: the fit day's 30-day ATM standard deviation,
   * 0.79 sqrt(30 / 365) = 0.226, rounded. A normalisation and a bound, not a fitted number: below it a
   * growing L would let the call wings of 1-3 day options rise so fast that a call's price grows with its
   * strike (vertical arbitrage).
   */
  skewReferenceStdDev: z.number().positive().default(0.23),
  /**
   * Beyond this s the saturation rule is not extrapolated: the widest expiry of the fit day, 168 days at an
   * ATM vol of about 0.62, 0.62 sqrt(168 / 365) = 0.42.
   */
  skewSaturationMaxStdDev: z.number().positive().default(0.42),
  vvixStrip: vvixStripSchema.default(vvixStripSchema.parse({})),
  /**
   * The near expiry of the VVIX procedure has at least this many days (a shorter one is skipped for the
   * next two, as Cboe's procedure avoids the last days of an expiry).
   */
  vvixMinNearDteDays: z.number().int().min(1).default(7),
  /**
   * The VIX-option surface is calibrated to VVIX times this (1: VVIX itself). A stress assumption for
   * sensitivity runs, never fitted: below 1 every VIX option is priced as if VIX's implied vol were that
   * share of what the market quoted, so a run measures how far the hedge's verdict rests on the price
   * of VIX calls (presets/model/vix-options-*.json).
   */
  vvixTargetScale: z.number().min(0.5).max(1.5).default(1),
});
export type VixVolSurfaceParams = z.infer<typeof vixVolSurfaceSchema>;

export const vvixFallbackSchema = z.strictObject({
  interceptLogPoints: z.number().default(FITTED_VVIX_FALLBACK.interceptLogPoints),
  slopePerLogVixPoint: z.number().default(FITTED_VVIX_FALLBACK.slopePerLogVixPoint),
  /** Standard deviation of the regression residual in ln(VVIX); reported, not used in pricing. */
  residualStdDevLog: z.number().min(0).default(FITTED_VVIX_FALLBACK.residualStdDevLog),
  /** First day used to estimate the regression: VVIX's 2006 rows hold outliers (values below 50). */
  estimationStartIso: z.iso.date().default('2007-01-01'),
  /** Last day used: index history from 2016 on is held out. */
  estimationEndIso: z.iso.date().default(LAST_FIT_DAY_ISO),
});
export type VvixFallbackParams = z.infer<typeof vvixFallbackSchema>;

export const vixFitSchema = z.strictObject({
  /** Quotes with fewer calendar days to expiry are measured but not fitted (0: every listed expiry is fitted). */
  minFitDteDays: z.number().int().min(0).default(0),
  /**
   * The fit minimises the Huber loss of the IV errors with this threshold, vol points: quadratic within it,
   * linear beyond, so it is close to a least-absolute-deviation fit, the median being the validation's
   * target. One-tick quotes in the far wings, whose IV moves by 5-30 vol points with one tick, and the
   * event-driven weeklies do not pull the shape of the whole surface towards them as in least squares.
   */
  huberThresholdVolPoints: z.number().positive().default(0.5),
  /** Quotes whose mid is below this (VIX points), a 0.05 bid and 0.10 ask or less, carry no vol information. */
  minFitMidPoints: z.number().min(0).default(0.1),
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
