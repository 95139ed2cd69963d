/**
 * Parameters of the bid/ask spread model, one set per product. The fitted ones record their data and
 * `fit.test.ts` re-runs the fit to check they still match it.
 */
import { z } from 'zod';

/**
 * Fitted by `fitSpreadModel` on the two-sided quotes of data/spx_options_20201201.csv (SPX, VIX 20.77)
 * and data/vix_options_20160601.csv (VIX options, VIX 14.20).
 */
export const FITTED_SPREAD_PARAMS = {
  spx: { logScale: -2.583576, priceExponent: 0.109806, dteExponent: 0.207066, absDeltaCoefficient: 3.373581 },
  vix: { logScale: -3.295838, priceExponent: 0.029595, dteExponent: -0.090181, absDeltaCoefficient: 1.464117 },
} as const;

/**
 * Minimum price increments. Cboe: SPX options 0.05 below 3.00 and 0.10 from 3.00. The 2016-06-01 VIX
 * chain shows the same grid for VIX options (every bid and ask is a multiple of 0.05 below 3.00 and of
 * 0.10 above); later penny increments for cheap VIX options can be set here.
 */
export const tickScheduleSchema = z.strictObject({
  tickBelowThresholdPoints: z.number().positive().default(0.05),
  tickFromThresholdPoints: z.number().positive().default(0.1),
  thresholdPricePoints: z.number().positive().default(3),
});
export type TickSchedule = z.infer<typeof tickScheduleSchema>;

interface FittedSpreadParams {
  readonly logScale: number;
  readonly priceExponent: number;
  readonly dteExponent: number;
  readonly absDeltaCoefficient: number;
}

function productSchema(fitted: FittedSpreadParams, fitDayVixLevel: number) {
  return z.strictObject({
    ticks: tickScheduleSchema.default(tickScheduleSchema.parse({})),
    /** ln of the half-spread (index points) of a 1-point option at the reference tenor and delta 0. */
    logScale: z.number().default(fitted.logScale),
    /** Elasticity of the half-spread to the option's mid price. */
    priceExponent: z.number().default(fitted.priceExponent),
    /** Elasticity of the half-spread to days to expiry / referenceDteDays. */
    dteExponent: z.number().default(fitted.dteExponent),
    /** Change of ln(half-spread) per unit of |delta| (moneyness at a given price). */
    absDeltaCoefficient: z.number().default(fitted.absDeltaCoefficient),
    referenceDteDays: z.number().positive().default(30),
    /** VIX close of the day the product was fitted on, index points. */
    fitDayVixLevel: z.number().positive().default(fitDayVixLevel),
    /**
     * Elasticity of the half-spread to VIX / fitDayVixLevel beyond what the option's price already
     * carries. A one-day fit set cannot identify it; 1 is an assumption (market makers quote a width in
     * vol terms that grows with the vol level), measured, not tuned, on the held-out 2018 chain.
     */
    vixElasticity: z.number().min(0).default(1),
  });
}

/** VIX closes of the fit days: 2020-12-01 (SPX chain) and 2016-06-01 (VIX chain). */
const SPX_FIT_DAY_VIX_LEVEL = 20.77;
const VIX_FIT_DAY_VIX_LEVEL = 14.2;
const spxSpreadSchema = productSchema(FITTED_SPREAD_PARAMS.spx, SPX_FIT_DAY_VIX_LEVEL);
const vixSpreadSchema = productSchema(FITTED_SPREAD_PARAMS.vix, VIX_FIT_DAY_VIX_LEVEL);

export const spreadModelConfigSchema = z.strictObject({
  spx: spxSpreadSchema.default(spxSpreadSchema.parse({})),
  vix: vixSpreadSchema.default(vixSpreadSchema.parse({})),
});
export type SpreadModelConfig = z.infer<typeof spreadModelConfigSchema>;
export type ProductSpreadParams = SpreadModelConfig['spx'];

export const DEFAULT_SPREAD_MODEL_CONFIG: SpreadModelConfig = spreadModelConfigSchema.parse({});
