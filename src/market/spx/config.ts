/**
 * Every number of the SPX surface model, with its unit in its name. Fitted values say which data and
 * which test re-runs the fit (the test fails if a recorded value drifts from what the fit gives).
 */
import { z } from 'zod';
import { parseIsoDate } from '../../time/day.js';
import { smileShapeOf, smileVarianceRatioLowerBound } from './smile.js';

/** The smile shape fitted on the 2020-12-01 SPX chain (see `smileWingSlopePerZ` below). */
export const FITTED_SPX_SMILE = { smileWingSlopePerZ: 0.5684, smileSkewRho: -0.7519, smileSmoothingZ: 1.2857 } as const;

/** The VIX-only term-structure fallback fitted on 2011-2015 (see `meanReversionPerYear` below). */
export const FITTED_TERM_STRUCTURE = { meanReversionPerYear: 1.45, longRunVolDecimal: 0.2821 } as const;

const SpxModelConfigBaseSchema = z
  .strictObject({
    /** Calendar-day tenors of the VIX family (Cboe index definitions). */
    vix9dTenorDays: z.number().int().positive().default(9),
    vixTenorDays: z.number().int().positive().default(30),
    vix3mTenorDays: z.number().int().positive().default(93),
    vix6mTenorDays: z.number().int().positive().default(183),
    /** Longest expiry the surface answers for. */
    maxExpiryDays: z.number().int().positive().default(400),

    /**
     * Smile shape in standardised moneyness (see smile.ts). Fitted on the 2020-12-01 SPX chain only
     * (data/spx_options_20201201.csv, all three expiries, OTM quotes with |forward delta| >= 0.02), by
     * src/market/spx/fit/skewFit.ts (fitSmileShape, each expiry's ATM vol read off its quotes);
     * re-checked by skewFit.test.ts. PUT_WING_SMILE holds the alternative shape whose put wing alone
     * answers SKEW.
     */
    smileWingSlopePerZ: z.number().positive().default(FITTED_SPX_SMILE.smileWingSlopePerZ),
    smileSkewRho: z.number().gt(-1).lt(1).default(FITTED_SPX_SMILE.smileSkewRho),
    smileSmoothingZ: z.number().positive().default(FITTED_SPX_SMILE.smileSmoothingZ),
    /**
     * The far put tail of smile.ts (slope beta below z0): what SKEW, a third moment dominated by the
     * far OTM puts, sees beyond the quotes the smile is fitted to. 0 (no tail) by default; the
     * PUT_WING_SMILE shape sets it.
     * z0 is where the fitted quotes (|forward delta| >= 0.02) end on that chain: z = -4.25 to -4.53
     * on its three expiries; delta rounds the hinge over one ATM standard deviation (half of one gave
     * butterfly arbitrage at 400 days on 1 of the 1,845 sampled days). Neither was fitted. The daily
     * skew level does not move the tail (scaled with the level, the far put slope reached
     * 2.4 ATM-variance units per z at level 1.7 and gave butterfly arbitrage on 34 of those days).
     * A beta of 0 removes the tail.
     */
    smilePutTailSlopePerZ: z.number().min(0).default(0),
    smilePutTailStartZ: z.number().negative().default(-4.5),
    smilePutTailSmoothingZ: z.number().positive().default(1),
    /**
     * SKEW as a daily calibration target. With `daily`, each day's smile is the fitted shape with its
     * wings (skewLevelMoves) multiplied by a skew level solved so that Cboe's SKEW procedure
     * on the model's own 30-day strip reproduces that day's SKEW target, jointly with the ATM term
     * structure that reproduces the VIX family. `off` keeps the fitted shape every day (level 1).
     */
    skewCalibration: z.enum(['daily', 'off']).default('daily'),
    /**
     * What the skew level moves. `both-wings` (default): eta is multiplied, both wings together.
     * `put-wing`: the put wing's slope eta*(1 - rho) is multiplied by the level while the call wing's
     * slope eta*(1 + rho) and the smoothing keep their fitted values, so the ATM skew (eta*rho) and
     * curvature move with the put wing; meant with PUT_WING_SMILE. Measured (docs/model.md): on the
     * held-out 2018 chain the fixed call wing is +0.8 vol points rich where both-wings scaling left the
     * calls unbiased, and the CNDR replica's gaps widen in every era, so it is not the default.
     */
    skewLevelMoves: z.enum(['put-wing', 'both-wings']).default('both-wings'),
    /** SKEW's tenor (Cboe: 30 calendar days); the near and next terms are this -/+ vixStripBracketDays. */
    skewTenorDays: z.number().int().positive().default(30),
    /**
     * The SKEW target is the median of the SKEW closes published on the last this-many trading days
     * (today included): SKEW's close jumps by 5-10 points from one day to the next and back (2018-02-02
     * 126.45, 02-05 117.33, 02-06 129.61), noise a one-day close carries into the smile; the median of 5
     * follows a move that lasts but not a one-day jump. At most `MAX_RECENT_SKEW_TRADING_DAYS` (10).
     */
    skewMedianWindowTradingDays: z.number().int().min(1).max(10).default(5),
    /**
     * What the model's own strip is asked to give: 100 + (the SKEW median - 100) x this scale. At 1
     * (default) the model reproduces the published SKEW. Cboe's real strip reaches into a fatter far put
     * tail than the fitted smile carries (2020-12-01: the chain's own strip gives SKEW 132.5, the fitted
     * smile's strip 124.04 against a 5-day median of 133.9), so reproducing SKEW itself steepens the
     * smile past the quotes it was fitted on (puts +2.0 vol points at 5 delta, the money -1.3 there).
     * SKEW_EXCESS_SCALE_AT_FIT_DAY (0.7092) is the scale at which the fit day's level is 1: the smile
     * moves with SKEW's excess over 100 relative to that day (presets/model/skew-relative.json).
     */
    skewTargetExcessScale: z.number().positive().max(2).default(1),
    /** The skew level where no SKEW close is published in the window: the fitted shape. */
    skewLevelWithoutSkew: z.number().positive().default(1),
    /**
     * Bounds of the skew level. At 0.05 the smile is nearly flat (SKEW about 101); at 2.5 the 30-day
     * SKEW is about 160-165 (2020-12-01: 165, 2020-03-16: 159), beyond which the wings grow steep
     * enough to approach Lee's moment bound at long tenors (SKEW closed as high as 183 in the 2020s).
     * A target outside is met as closely as the bound allows, and the surface says so (`skew-at-bound`).
     */
    skewLevelMin: z.number().positive().default(0.05),
    skewLevelMax: z.number().positive().default(2.5),
    /** The calibration stops when the model's SKEW is this close to the target (SKEW points; Cboe publishes 2 decimals). */
    skewCalibrationToleranceSkewPoints: z.number().positive().default(0.05),
    /** The calibration's tables are built on a grid of skew levels this far apart and interpolated linearly between. */
    skewLevelGridStep: z.number().positive().default(0.05),
    /** The smile fit leaves out quotes below this |forward delta|: their mids are mostly spread. */
    skewFitMinAbsForwardDelta: z.number().min(0).lt(0.5).default(0.02),

    /**
     * Fallback term structure when a VIX-family tenor is not published yet: variance mean-reverts at
     * `meanReversionPerYear` towards `longRunVolDecimal`^2, pinned to that day's VIX at 30 days.
     * Fitted by least squares in variance on every day where VIX, VIX9D, VIX3M and VIX6M all exist and
     * that is not held out (2011-01-04 to 2015-12-31, 1,257 days of the bundled history) by
     * src/market/spx/fit/termStructureFit.ts; re-checked by termStructureFit.test.ts.
     */
    meanReversionPerYear: z.number().positive().default(FITTED_TERM_STRUCTURE.meanReversionPerYear),
    longRunVolDecimal: z.number().positive().default(FITTED_TERM_STRUCTURE.longRunVolDecimal),
    /**
     * Beyond the last VIX-family tenor (183 days): `mean-reversion` extends the ATM curve with the
     * fallback's mean reversion (meanReversionPerYear, longRunVolDecimal) from the last tenor's level,
     * so a calm curve keeps rising and a stressed one falls; `flat` keeps the last tenor's ATM vol.
     */
    longTenorExtension: z.enum(['mean-reversion', 'flat']).default('mean-reversion'),
    /** VIX futures used for the 2004+ fallback slope: contracts with this many days to expiry at most. */
    futuresFallbackMaxDteDays: z.number().int().positive().default(200),
    /** Contracts expiring sooner than this are too close to settlement to say anything about the slope. */
    futuresFallbackMinDteDays: z.number().int().nonnegative().default(5),

    /**
     * The model's own VIX-formula strike strip. Spacing is a fraction of spot (0.002 is 5.4 points at
     * SPX 2700, close to the listed 5-point grid, and stays fine enough at SPX 300 in 1990).
     */
    vixStripStrikeStepFractionOfSpot: z.number().positive().default(0.002),
    /** Strikes whose model mid is below this fraction of spot count as zero bids and end the strip (0.05 points at 2500). */
    vixStripMinPriceFractionOfSpot: z.number().positive().default(0.00002),
    /**
     * What a zero bid is in the model's strip. `fraction-of-spot` (default): a mid below
     * vixStripMinPriceFractionOfSpot x spot. `exchange-tick`: a mid below the minimum price increment
     * SPX options traded in on that day, as Cboe's own strips ended where real bids fell to zero: 1/16
     * point while options were quoted in fractions, 0.05 once quoted in decimals. The fraction of spot
     * equals the decimal tick at SPX 2500 but is 0.006 points at SPX 300 (1990), a tenth of the tick
     * then, so the 1990s strips reach much further into the wings than Cboe's did. Measured in
     * docs/model.md ("The strip's zero-bid rule"); not the default.
     */
    vixStripZeroBid: z.enum(['fraction-of-spot', 'exchange-tick']).default('fraction-of-spot'),
    /** With `exchange-tick`: the tick before decimal quotes, index points (1/16; options under 3 points). */
    vixStripFractionalTickPoints: z.number().positive().default(0.0625),
    /** With `exchange-tick`: the tick in decimal quotes, index points (0.05 for options under 3 points). */
    vixStripDecimalTickPoints: z.number().positive().default(0.05),
    /** With `exchange-tick`: the first day US options were all quoted in decimals (the conversion's last phase). */
    vixStripDecimalTicksFrom: z
      .string()
      .refine((text) => parseIsoDate(text).ok, { message: 'must be a date, YYYY-MM-DD' })
      .default('2001-04-09'),
    /**
     * The near and next expiries of the model's index are the tenor minus and plus this many days. One
     * day keeps both inside the same linear piece of the ATM variance curve, so the white paper's
     * linear interpolation between them does not cut across a kink at a neighbouring tenor (with 7
     * days, an inverted front such as 2018-02-05 could not be matched at VIX9D and VIX together).
     */
    vixStripBracketDays: z.number().int().positive().default(1),
    /** Calibration stops when every tenor's model index is this close to the observed one (vol points). */
    calibrationToleranceVolPoints: z.number().positive().default(0.005),
    calibrationMaxIterations: z.number().int().positive().default(60),
    /**
     * Where the calibration's tabulated strip has no value (ATM total variance below 1e-5 or above
     * 0.3), the continuous variance swap of the smile stands in, by Gauss-Legendre quadrature in
     * standardised moneyness z with this many points on each side of the money (12 agrees with 48 to
     * 1e-4 vol points on the grid of test days)...
     */
    calibrationQuadraturePointsPerSide: z.number().int().positive().default(12),
    /**
     * ...out to this many ATM standard deviations on each side: about where the strip's zero-bid rule
     * stops it, which keeps the strip's bias against the integral small and the correction short.
     */
    calibrationQuadratureMaxAbsZ: z.number().positive().default(12),
  })
  .strict();

export const SpxModelConfigSchema = SpxModelConfigBaseSchema
  .refine((c) => c.skewLevelMin < c.skewLevelMax, { message: 'skewLevelMin must be below skewLevelMax', path: ['skewLevelMin'] })
  .refine((c) => c.skewLevelWithoutSkew >= c.skewLevelMin && c.skewLevelWithoutSkew <= c.skewLevelMax, {
    message: 'skewLevelWithoutSkew must lie within [skewLevelMin, skewLevelMax]',
    path: ['skewLevelWithoutSkew'],
  })
  .superRefine((c, ctx) => {
    const negative = smileNegativeAtReachableLevel(c);
    if (negative === undefined) return;
    const limit = c.skewLevelMoves === 'both-wings' && c.skewCalibration === 'daily' ? `, or skewLevelMax below ${negative.levelLimit.toFixed(3)} with this shape` : '';
    ctx.addIssue({
      code: 'custom',
      path: [c.skewCalibration === 'daily' ? 'skewLevelMax' : 'smileWingSlopePerZ'],
      message:
        `the smile's total variance turns negative at skew level ${negative.level} (m(z) falls to ${negative.ratio.toFixed(3)} near z = ${negative.atZ.toFixed(2)}): ` +
        `eta * zeta * (1 - sqrt(1 - rho^2)) must stay below 1 at every level the calibration may reach; lower smileWingSlopePerZ or smileSmoothingZ${limit}`,
    });
  });

/**
 * The first skew level the surface may use (the calibration's bounds, the level without SKEW, the
 * fitted 1) at which the smile's total variance can turn negative, and, for both-wings scaling, the
 * level below which it cannot: a shape and bounds that pass give a positive variance on every day,
 * where without the check a high-SKEW day's smile priced options with a NaN vol. With both-wings the
 * lower bound falls linearly in the level; with put-wing, eta' * zeta * (1 - sqrt(1 - rho'^2)) is
 * zeta * (sqrt(c) - sqrt(p L))^2 / 2 (smileShapeOf's c and p), convex in sqrt(L): on an interval of
 * levels the worst is at an end, so the ends and 1 are all that need checking.
 */
function smileNegativeAtReachableLevel(c: z.output<typeof SpxModelConfigBaseSchema>): { level: number; ratio: number; atZ: number; levelLimit: number } | undefined {
  const levels = c.skewCalibration === 'daily' ? [c.skewLevelMin, c.skewLevelMax, c.skewLevelWithoutSkew, 1] : [c.skewLevelWithoutSkew, 1];
  for (const level of levels) {
    const bound = smileVarianceRatioLowerBound(smileShapeOf(c, level));
    if (bound.ratio > 0) continue;
    // Both wings: the bound is 1 - L * (1 - bound at level 1), zero at L = 1 / (1 - bound at level 1).
    const atOne = smileVarianceRatioLowerBound(smileShapeOf(c, 1)).ratio;
    return { level, ratio: bound.ratio, atZ: bound.atZ, levelLimit: 1 / (1 - atOne) };
  }
  return undefined;
}

export type SpxModelConfig = z.infer<typeof SpxModelConfigSchema>;

/**
 * The smile whose put wing alone answers SKEW (merge into a config: `{ ...config, ...PUT_WING_SMILE }`).
 * eta, rho, zeta and the far put tail's slope are fitted together on the 2020-12-01 SPX chain (OTM
 * quotes with |forward delta| >= 0.02) by fit/skewFit.ts fitSmileShapeAtSkew: each expiry's ATM level
 * from that day's VIX-family variance swap, as the calibration sets it, and the tail's slope solved so
 * that Cboe's SKEW procedure on the model's own 30-day strips gives that day's SKEW target (median of
 * the 5 closes to 2020-12-01: 133.9), so the daily skew level is 1 on the fit day; re-checked by
 * skewFit.test.ts.
 */
export const PUT_WING_SMILE = {
  skewLevelMoves: 'put-wing',
  smileWingSlopePerZ: 0.5006,
  smileSkewRho: -0.8371,
  smileSmoothingZ: 0.8924,
  smilePutTailSlopePerZ: 0.7006,
} as const satisfies Partial<SpxModelConfig>;

/**
 * (model SKEW of the fitted smile at level 1 - 100) / (SKEW median - 100) on the fit day, 2020-12-01:
 * (124.04 - 100) / (133.9 - 100), from the SPX chain of that day (the fitted shape) and the bundled SKEW
 * closes to that day; recomputed by fit/skewFit.test.ts. Nothing after 2020-12-01 enters it.
 */
export const SKEW_EXCESS_SCALE_AT_FIT_DAY = 0.7092;

export const DEFAULT_SPX_MODEL_CONFIG: SpxModelConfig = SpxModelConfigSchema.parse({});
