/**
 * Parameters of the bid/ask spread model, one set per product. The fitted ones record their data and
 * `fit.test.ts` re-runs the fit to check they still match it.
 */
import { z } from 'zod';

/**
 * Fitted by `fitSpreadModel` on the two-sided quotes of data/spx_options_20201201.csv (SPX, VIX 20.77)
 * and data/vix_options_20160601.csv (VIX options, VIX 14.20). Nothing is fitted on the held-out SPXW
 * 2018 chain.
 */
export const FITTED_SPREAD_PARAMS = {
  spx: { logScale: -2.712142, priceExponent: 0.142588, dteExponent: 0.190738, absDeltaCoefficient: 3.18597, impliedVolElasticity: 0.214699 },
  // The VIX chain shows no vol dependence across its strikes: the elasticity rests on its lower bound, 0.
  vix: { logScale: -3.263843, priceExponent: 0.04176, dteExponent: -0.098153, absDeltaCoefficient: 1.398243, impliedVolElasticity: 0 },
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
  readonly impliedVolElasticity: number;
}

function productSchema(fitted: FittedSpreadParams, fitDayVixLevel: number, referenceImpliedVolDecimal: number) {
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
    /**
     * Elasticity of the half-spread to the option's implied vol / referenceImpliedVolDecimal, holding
     * price, tenor and |delta|: identified across the strikes of the fit day (the SPX smile runs from
     * about 10 % to 60 %). On a stressed day every vol rises, so this is how the model widens with VIX.
     */
    impliedVolElasticity: z.number().min(0).default(fitted.impliedVolElasticity),
    referenceImpliedVolDecimal: z.number().positive().default(referenceImpliedVolDecimal),
    referenceDteDays: z.number().positive().default(30),
    /** VIX close of the day the product was fitted on, index points. */
    fitDayVixLevel: z.number().positive().default(fitDayVixLevel),
    /**
     * Elasticity of the half-spread to VIX / fitDayVixLevel beyond what the option's vol carries: a
     * stress assumption for sensitivity runs, off by default. A one-day fit set cannot identify it.
     */
    vixElasticity: z.number().min(0).default(0),
    /**
     * The stress regime: from this VIX close on, the half-spread is multiplied by
     * stressWidthMultiplier. Cboe's market-maker rules let the exchange widen the allowed bid/ask
     * differentials in volatile markets, and the relief it grants is "double-width", 2x the normal
     * differential (Cboe Rule 8.7(b)(iv); SEC approval of SR-CBOE-2003-25, 68 FR 75673, December
     * 2003; Cboe regulatory circular RG13-018). Neither fit set has a stressed day, so this is the
     * published factor, not a fitted one; VIX 30 as the line where stress begins is a convention
     * (the fit days' VIX closes were 20.77 and 14.20), not a fit. A multiplier of 1 removes it.
     */
    stressVixLevel: z.number().positive().default(30),
    stressWidthMultiplier: z.number().min(1).default(2),
  });
}

/** VIX closes of the fit days: 2020-12-01 (SPX chain) and 2016-06-01 (VIX chain). */
/** VIX closes of the fit days (2020-12-01 for SPX options, 2016-06-01 for VIX options). */
export const SPX_FIT_DAY_VIX_LEVEL = 20.77;
export const VIX_FIT_DAY_VIX_LEVEL = 14.2;
/** Reference vols of the implied-vol term: a typical SPX and VIX option vol (the scale absorbs the choice). */
const spxSpreadSchema = productSchema(FITTED_SPREAD_PARAMS.spx, SPX_FIT_DAY_VIX_LEVEL, 0.2);
const vixSpreadSchema = productSchema(FITTED_SPREAD_PARAMS.vix, VIX_FIT_DAY_VIX_LEVEL, 0.8);

export const spreadModelConfigSchema = z.strictObject({
  spx: spxSpreadSchema.default(spxSpreadSchema.parse({})),
  vix: vixSpreadSchema.default(vixSpreadSchema.parse({})),
});
export type SpreadModelConfig = z.infer<typeof spreadModelConfigSchema>;
export type ProductSpreadParams = SpreadModelConfig['spx'];

export const DEFAULT_SPREAD_MODEL_CONFIG: SpreadModelConfig = spreadModelConfigSchema.parse({});
