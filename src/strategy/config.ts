/**
 * The strategy config: every number of the ALVH methodology (docs/methodology.md, sections 3-5) is a
 * named field here with its default and its unit in its name. Presets (presets/*.json) are partial
 * overrides of these defaults; a backtest report prints the fully resolved config it ran with.
 *
 * Field names carry units: `...Days` calendar days, `...TradingDays` exchange days, `...Fraction` a
 * decimal share (0.05 = 5 %), `...Points` index points, `...Usd` dollars, `...Delta` an option delta
 * (always positive here; the side decides its sign).
 */
import { z } from 'zod';
import { configIssues } from '../lib/configIssues.js';

const fraction = z.number().min(0).max(1);
const positiveInt = z.number().int().positive();

/** A closed range [min, max] of a numeric field, validated to be ordered. */
function range(min: number, max: number, bounds: { lo: number; hi: number }) {
  return z
    .strictObject({ min: z.number().min(bounds.lo).max(bounds.hi).default(min), max: z.number().min(bounds.lo).max(bounds.hi).default(max) })
    .prefault({})
    .refine((r) => r.min <= r.max, { message: 'min must not exceed max' });
}

import { VIX_REGIMES, type VixRegime } from '../signals/config.js';

/** The VIX regimes of the signals (calm < normal < elevated < high < extreme). */
export type VixRegimeName = VixRegime;

/** How a leg's expiry is chosen. */
export const ExpiryRuleSchema = z.discriminatedUnion('by', [
  /** The listed expiry whose calendar days to expiry is nearest the target. */
  z.strictObject({ by: z.literal('targetDte'), dteDays: positiveInt, monthlyOnly: z.boolean().default(false) }),
  /** The next standard monthly (third-Friday, AM-settled) expiry after the entry day. */
  z.strictObject({ by: z.literal('nextStandardMonthly'), minDteDays: z.number().int().min(0).default(1) }),
  /** A VIX futures/options tenor: M1 = front month, M2, M3. */
  z.strictObject({ by: z.literal('vixTenor'), tenor: z.enum(['M1', 'M2', 'M3', 'M4', 'M5', 'M6']) }),
]);

/** How a leg's strike is chosen. Deltas are absolute (0.16 for a 16-delta put or call). */
export const StrikeRuleSchema = z.discriminatedUnion('by', [
  z.strictObject({ by: z.literal('delta'), delta: z.number().gt(0).lt(1) }),
  /** Strike = forward x (1 + moneynessFraction): -0.10 is 10 % below. */
  z.strictObject({ by: z.literal('moneyness'), moneynessFraction: z.number().min(-0.95).max(5) }),
  /** A fixed distance from another leg's strike (e.g. a wing 50 points beyond the short strike). */
  z.strictObject({ by: z.literal('pointsFromLeg'), legId: z.string().min(1), points: z.number() }),
  /** The highest listed strike at or below the reference price (the day's close), as Cboe's PUT index writes its put. */
  z.strictObject({ by: z.literal('atOrBelowReference') }),
]);

export const LegSpecSchema = z.strictObject({
  id: z.string().min(1),
  underlying: z.enum(['SPX', 'VIX']),
  side: z.enum(['long', 'short']),
  type: z.enum(['call', 'put']),
  /** Contracts per unit of the structure. */
  ratio: positiveInt.default(1),
  strike: StrikeRuleSchema,
  expiry: ExpiryRuleSchema,
});
export type LegSpec = z.infer<typeof LegSpecSchema>;

export const IronCondorSchema = z
  .strictObject({
    /** Calendar days to expiry targeted at entry (METHODOLOGY 3: 45). */
    entryDteDays: positiveInt.default(45),
    /** `nearest-listed`: any listed expiry (weeklies once they exist); `standard-monthly`: third-Friday AM only. */
    expirySelection: z.enum(['nearest-listed', 'standard-monthly']).default('nearest-listed'),
    /** Delta of the short put and the short call (METHODOLOGY 3: 0.16, allowed 0.15-0.20). */
    shortDelta: z.number().min(0.15).max(0.2).default(0.16),
    /** Long wings by delta or by a fixed width in points from the short strikes. */
    wingMode: z.enum(['delta', 'width']).default('width'),
    wingDelta: z.number().gt(0).lt(0.15).default(0.05),
    wingWidthPoints: z.number().positive().default(50),
    /** In the pre-FOMC window the short strikes stay within this delta range. */
    preFomcShortDelta: range(0.15, 0.2, { lo: 0.01, hi: 0.5 }),
    /** Trading days before an FOMC decision that count as the pre-FOMC window. */
    preFomcWindowTradingDays: z.number().int().min(0).default(5),
    /** Break-even distance from spot the methodology aims for in high-VIX regimes (reported, not enforced). */
    targetBreakEvenDistanceFraction: range(0.08, 0.12, { lo: 0, hi: 1 }),
  })
  .prefault({});

export const EntrySchema = z
  .strictObject({
    /** `signal`: open on the RSAi entry trigger; `calendar`: a fixed cycle. */
    mode: z.enum(['signal', 'calendar']).default('signal'),
    /** For `calendar`: open on the standard monthly roll date (the expiry day of the previous cycle). */
    calendarCycle: z.enum(['monthly-roll-date', 'every-n-trading-days']).default('monthly-roll-date'),
    calendarEveryTradingDays: positiveInt.default(21),
    /** Most condors open at once (signal mode can stack entries). */
    maxOpenCondors: positiveInt.default(3),
    /** Least trading days between two signal entries. */
    minTradingDaysBetweenEntries: z.number().int().min(0).default(5),
  })
  .prefault({});

/** An Eastern time of day inside SPX's 09:30-16:00 session, HH:MM (an intraday roll's fill or reference time). */
const sessionTimeEt = z
  .string()
  .regex(/^\d{2}:[0-5]\d$/, 'a time of day as HH:MM (Eastern)')
  .refine((t) => t >= '09:30' && t <= '16:00', 'inside the 09:30-16:00 ET session');

export const SizingSchema = z
  .strictObject({
    /**
     * `risk`: max loss (wing width - credit) x 100 x contracts <= riskPerTradeFractionOfEquity x equity.
     * `strike-notional`: the short puts fully collateralised: contracts = equity / (short put strike x 100),
     * as Cboe's PUT index.
     * `underlying-units`: the equity buys packages of one underlying unit and the legs' ratio of options
     * per unit, as Cboe's PPUT index (one SPX unit and one put): contracts = equity / ((level + net debit
     * per unit) x 100), and the underlying leg is reset to contracts x 100 units. Needs an underlyingLeg.
     */
    mode: z.enum(['risk', 'fixed-contracts', 'strike-notional', 'underlying-units']).default('risk'),
    /**
     * What the strike notional of `strike-notional` sizing is set equal to.
     * `equity`: today's equity (contracts = equity / (K x 100)).
     * `cash-at-expiry`: the cash at the puts' expiry, today's equity plus the premium received, grown at
     * the risk-free rate, as Cboe's PUT methodology states it ("at the expiration of the puts, the total
     * value of the Treasury bill investment(s) must be equal to ... N*K"): N x K = (equity + N x P) x
     * exp(r x T), so contracts = equity / ((K x exp(-r x T) - P) x 100).
     */
    strikeNotionalCollateral: z.enum(['equity', 'cash-at-expiry']).default('equity'),
    riskPerTradeFractionOfEquity: fraction.default(0.05),
    fixedContracts: positiveInt.default(1),
    /** Fractional contracts, for replicating an index (a real account trades whole contracts). */
    allowFractionalContracts: z.boolean().default(false),
  })
  .prefault({});

export const FixedRiskRewardSchema = z
  .strictObject({
    takeProfitFractionOfCredit: fraction.default(0.5),
    stopLossMultipleOfCredit: z.number().positive().default(2),
    closeAtDteDays: z.number().int().min(0).default(21),
    /** Reopen at the entry rules after a close (the baseline's "roll"). */
    reopenAfterClose: z.boolean().default(true),
  })
  .prefault({});

export const AdaptiveManagementSchema = z
  .strictObject({
    /** A short strike is threatened when its delta reaches this... */
    threatenedShortDelta: z.number().gt(0).lt(1).default(0.3),
    /** ...or spot is within this fraction of it. */
    threatenedDistanceFraction: fraction.default(0.01),
    /** Projection horizon for the roll-versus-hedge comparison, calendar days. */
    projectionHorizonDays: range(7, 14, { lo: 1, hi: 60 }),
    /** When a roll is deferred, the tested put side may be widened by this many points... */
    deferredRollPutWideningPoints: range(5, 10, { lo: 0, hi: 100 }),
    /** ...if this is on (off by default: widening raises the condor's max loss past its risk sizing). */
    widenPutOnDeferredRoll: z.boolean().default(false),
    /** A FOMC/CPI/PPI release within this many trading days favours adding a hedge layer over rolling. */
    eventFavoursHedgeWithinTradingDays: z.number().int().min(0).default(2),
    /** Roll target: days to expiry of the reopened tested side. */
    rollToDteDays: positiveInt.default(45),
    /**
     * What the roll-or-defer rule counts as the roll's cost. `frictions`: the spreads and fees of closing
     * the tested vertical and reopening it (the loss already in the marks is sunk: it is paid whether the
     * side is rolled or not); `cash-debit`: the net cash of the close and reopen, marked loss included.
     */
    rollCostBasis: z.enum(['frictions', 'cash-debit']).default('frictions'),
    /** Close the whole condor at this many days to expiry (gamma risk), 0 to hold to expiry. */
    closeAtDteDays: z.number().int().min(0).default(0),
  })
  .prefault({});

export const ManagementSchema = z
  .strictObject({
    mode: z.enum(['alvh-adaptive', 'fixed-rr', 'hold-to-expiry']).default('alvh-adaptive'),
    fixedRr: FixedRiskRewardSchema,
    adaptive: AdaptiveManagementSchema,
  })
  .prefault({});

export const HedgeSchema = z
  .strictObject({
    enabled: z.boolean().default(true),
    /** `ladder`: tenors M1/M2/M3 in a fixed contract ratio; `taper`: each layer a share of the previous. */
    layering: z.enum(['ladder', 'taper']).default('ladder'),
    /** Total hedge exposure / |condor short exposure|, both in USD per 1-point move of spot VIX. */
    hedgeRatioBand: range(0.6, 1.2, { lo: 0, hi: 5 }),
    /** First layer as a share of |condor exposure| (METHODOLOGY 4: 40 %). */
    firstLayerFractionOfCondorExposure: fraction.default(0.4),
    ladderTenors: z.array(z.enum(['M1', 'M2', 'M3', 'M4', 'M5', 'M6'])).min(1).default(['M1', 'M2', 'M3']),
    /** Contract ratio across the ladder tenors: the "4/4/2" ladder. */
    ladderContractRatio: z.array(positiveInt).min(1).default([4, 4, 2]),
    /** Each new taper layer's notional as a share of the previous one (allowed 0.5-0.7). */
    taperLayerRatio: z.number().min(0.5).max(0.7).default(0.6),
    /** Most layers held at once. */
    maxLayers: positiveInt.default(3),
    instrument: z.enum(['call', 'call-spread', 'future']).default('call'),
    /** Delta of the VIX calls bought (to their future), as Cboe's VIX tail-hedge index. */
    hedgeCallDelta: z.number().gt(0).lt(1).default(0.3),
    /** For call spreads: the short call's strike above the long call's, VIX points. */
    callSpreadWidthPoints: z.number().positive().default(10),
    /** Days to expiration of the first layer. */
    firstLayerDteDays: range(30, 45, { lo: 1, hi: 400 }),
    /** Relief-rally adds: OTM VIX calls at about these tenors (calendar days). */
    reliefRallyTenorsDays: z.array(positiveInt).default([30, 60, 90]),
    /** Layer 1 goes on with the condor in these regimes regardless of divergences. */
    alwaysHedgeRegimes: z.array(z.enum(VIX_REGIMES)).default(['high', 'extreme']),
    /** Layer 3 when the regime persists this many trading days (or the term structure inverts). */
    regimePersistenceTradingDays: positiveInt.default(5),
    /** Recompute exposures and bring the ratio back into the band every so many trading days (3-5). */
    rebalanceEveryTradingDays: z.number().int().min(3).max(5).default(5),
    /**
     * When the rebalance keeps the band (METHODOLOGY 4: "once fully layered"): `once-fully-layered`
     * from the first close every planned rung is held until the hedge holds no layer again, whatever
     * rungs a trim, a take-profit, a roll the caps cut or an expiry took away meanwhile; `every-rung-held`
     * only while every planned rung is held *(choice: the prose's "once" starts the band, it does not
     * suspend it each time a rung goes; under `every-rung-held` a trim that sold the last rung whole
     * switched the band off until that rung's trigger fired again)*.
     */
    rebalanceWhen: z.enum(['once-fully-layered', 'every-rung-held']).default('once-fully-layered'),
    /**
     * Calendar days: when every open condor's last leg expires within this many days, a ratio above the
     * band is not trimmed (rule `hedge.rebalance.aboveBandHeldNearCondorExpiry`). The condor's VIX
     * exposure falls toward nothing in its last days, so the ratio rises above the band without a
     * contract changing; once it has expired, `whenNoCondor: hold-to-decay` keeps the hedge for the
     * next condor, which the trim sold a few days before. 0 (the default): trimmed, as METHODOLOGY 4's
     * rebalance says; 7 covers the next rebalance (5 trading days). Measured in docs/backtest.md
     * ("Trims before a condor expires") *(choice: an option, off by default)*.
     */
    aboveBandHoldBeforeCondorExpiryDays: z.number().int().min(0).max(45).default(0),
    /** Roll a layer to a later tenor when it has fewer days left than this. */
    rollWhenDteBelowDays: z.number().int().min(0).default(7),
    /** ...or earlier, when the divergence widens (a new bearish divergence or confirmation) under this many days. */
    rollEarlyOnWideningDivergenceDteBelowDays: z.number().int().min(0).default(14),
    /** Monetise a layer at this multiple of its cost... */
    takeProfitMultipleOfCost: z.number().gt(1).default(3),
    /**
     * ...or on a VIX spike: once spot VIX has closed above this level, every layer is held through the
     * spike and cashed when VIX closes `cashAfterSpikeRetraceFraction` below the spike's highest close
     * *(choice: "monetise when VIX is above 40" cashed layer 1 at the close the regime rule rebought it;
     * waiting for the peak to turn holds the hedge through the spike)*.
     */
    cashWhenVixAbove: z.number().positive().default(40),
    /** Retrace from the spike's highest VIX close that cashes the layers (0 = cash at the first close above the level). */
    cashAfterSpikeRetraceFraction: fraction.default(0.1),
    /** The spike rule cashes only layers worth more than their cost basis; the others are held as protection. */
    cashSpikeOnlyInProfit: z.boolean().default(true),
    /** Trading days after a layer of a rung is cashed before that rung may be bought again (a same-day rebuy is never allowed). */
    rebuyCooldownTradingDays: z.number().int().min(1).default(5),
    /**
     * A layer is rolled only while a rule still wants it: a condor is open, no resolution is under way,
     * and the regime is not quiet or a bearish divergence / confirmation fired within this many trading
     * days. Otherwise it is left to decay and expire.
     */
    rollSignalLookbackTradingDays: z.number().int().min(0).default(10),
    /**
     * With no condor open, a layer is `hold-to-decay` (kept, never rolled, until a condor opens or it
     * expires: the next condor often opens within days) or `cash` (sold at once).
     */
    whenNoCondor: z.enum(['hold-to-decay', 'cash']).default('hold-to-decay'),
    /** A layer older than this (calendar days since it was opened) is never rolled again: it decays or is cashed. */
    maxLayerLifeDays: positiveInt.default(91),
    /**
     * Whether the rebalance may top up a layer at or past `maxLayerLifeDays` *(choice: the prose bounds a
     * layer's life only through its rolls)*. `allow` (default): the rebalance buys into any layer no
     * rule has left to decay, so a layer kept in the band by top-ups at fresh expiries can outlive the
     * life (246 days on the default run). `forbid`: an aged layer is never bought into, as a roll would
     * not be; with every layer aged the rebalance buys nothing and the hedge decays below the band until
     * a rung's trigger opens a new layer. Measured on the default run, `forbid` cost the ladder 0.25
     * points of CAGR and left the band met on 49.2 % of the days it applies (52.6 % with `allow`).
     * `renew`: when the rebalance's cheapest unit would go into an aged layer, it opens a new layer
     * (a new group, its own opening day and cost basis) of the same rung and tenor instead, and the aged
     * layer is left to decay: the band is kept and no layer outlives its life by top-ups. Measured on
     * the default run: -4.25 % CAGR for the ladder, the band met on 52.0 % of the days it applies,
     * the longest layer 187 days (rolls and top-ups made before the life still reach later expiries).
     */
    agedLayerTopUps: z.enum(['allow', 'forbid', 'renew']).default('allow'),
    caps: z
      .strictObject({
        /** Premium of layers expiring worthless in quiet regimes must stay below this share of equity per month. */
        maxDragFractionOfEquityPerMonth: fraction.default(0.0015),
        /** VIX notional on a first divergence, share of equity. */
        firstDivergenceNotionalFractionOfEquity: range(0.005, 0.01, { lo: 0, hi: 1 }),
        /** VIX notional once a divergence is confirmed, share of equity. */
        confirmedNotionalFractionOfEquity: range(0.02, 0.03, { lo: 0, hi: 1 }),
        /** The drag cap's rolling window, calendar days (a month). */
        dragWindowCalendarDays: positiveInt.default(30),
        /** Regimes in which the drag cap applies. */
        quietRegimes: z.array(z.enum(VIX_REGIMES)).default(['calm', 'normal']),
      })
      .prefault({}),
    preFomcSeeding: z
      .strictObject({
        /** Off by default: seed VIX call spreads before FOMC decisions. */
        enabled: z.boolean().default(false),
        /** Premium of the seed, share of equity: the minimum is spent, never more than the maximum. */
        fractionOfCapital: range(0.05, 0.07, { lo: 0, hi: 1 }),
        /** Seed when the next FOMC decision is this many trading days away or fewer. */
        windowTradingDays: z.number().int().min(0).default(5),
        /** Days to expiration of the seed's VIX call spreads. */
        dteDays: positiveInt.default(30),
      })
      .prefault({}),
    /**
     * What decides when hedges are bought. `alvh`: the methodology's layered rules (section 4).
     * `calendar-weight`: Cboe's VIX tail hedge (VXTH) rule, see `calendarWeight`.
     */
    trigger: z.enum(['alvh', 'calendar-weight']).default('alvh'),
    calendarWeight: z
      .strictObject({
        /** Delta of the VIX calls bought on each VIX expiration day (to their future): VXTH buys 30-delta calls. */
        callDelta: z.number().gt(0).lt(1).default(0.3),
        /** The VIX tenor bought: M1 on an expiration day is the next month's contract (VXTH: one-month calls). */
        tenor: z.enum(['M1', 'M2', 'M3']).default('M1'),
        /**
         * Premium of the calls as a share of equity, by the front VIX future at the roll: the first row whose
         * `frontFutureAtMostPoints` is at or above the future applies (VXTH: 0 % up to 15, 1 % up to 30,
         * 0.5 % up to 50)...
         */
        weightSchedule: z
          .array(z.strictObject({ frontFutureAtMostPoints: z.number().positive(), weightFraction: fraction }))
          .min(1)
          .default([
            { frontFutureAtMostPoints: 15, weightFraction: 0 },
            { frontFutureAtMostPoints: 30, weightFraction: 0.01 },
            { frontFutureAtMostPoints: 50, weightFraction: 0.005 },
          ]),
        /** ...and above the last row this share (VXTH: 0 % above 50). */
        weightAboveScheduleFraction: fraction.default(0),
      })
      .prefault({}),
    /**
     * What layer 1 holds. `vix-calls`: the `instrument` above. `vix-futures-etf`: the methodology's "20-30 %
     * of the target VIX exposure in near-term VIX futures or ETF products": a share of layer 1's exposure is
     * held in a fund tracking S&P's VIX short-term futures index (the one-month constant-maturity index VXX
     * tracks, rebuilt daily from the VIX futures), the rest of layer 1 in VIX calls (see
     * `firstLayerEtfShareOfTargetExposure`).
     */
    firstLayerInstrument: z.enum(['vix-calls', 'vix-futures-etf']).default('vix-calls'),
    /**
     * With `vix-futures-etf`: the fund's VIX exposure as a share of the target VIX exposure, the target being
     * |condor exposure| x the middle of `hedgeRatioBand` (0.9 by default): 0.25 x 0.9 = 22.5 % of |condor
     * exposure| in the fund, the remaining 17.5 % of layer 1's 40 % in calls. Allowed 0.2-0.3 (METHODOLOGY 4).
     */
    firstLayerEtfShareOfTargetExposure: z.number().min(0.2).max(0.3).default(0.25),
    vixFuturesEtf: z
      .strictObject({
        /** The fund's yearly fee, decimal, accrued daily on its value (VXX's investor fee: 0.89 %). */
        annualFeeFraction: z.number().min(0).max(0.2).default(0.0089),
        /** Half the fund's bid-ask spread as a share of its price: buys pay it, sales give it up. */
        halfSpreadFractionOfPrice: z.number().min(0).max(0.05).default(0.0005),
      })
      .prefault({}),
    /**
     * What layers 2 and later hold. `vix-calls`: the `instrument` above. `vix-put-spread`: a short VIX put
     * spread (a bull put spread: the put at `vixPutSpread.shortPutDelta` sold, the put `widthPoints` below
     * bought) for a credit: long VIX through the short put's delta, its gain capped at the credit.
     * `vix-calendar`: the layer's-tenor VIX call at `hedgeCallDelta` bought and the same-strike call of an
     * earlier VIX expiry sold: long the later month, short the nearer.
     */
    laterLayerStructure: z.enum(['vix-calls', 'vix-put-spread', 'vix-calendar']).default('vix-calls'),
    vixPutSpread: z
      .strictObject({
        /** Delta (to its future, absolute) of the put sold: 0.5 is at the money of the future. */
        shortPutDelta: z.number().gt(0).lt(1).default(0.5),
        /** The bought put's strike below the sold put's, VIX points. */
        widthPoints: z.number().positive().default(5),
      })
      .prefault({}),
    vixCalendar: z
      .strictObject({
        /** The sold call's expiry: this many listed VIX expiries before the bought call's. */
        shortLegExpiriesEarlier: positiveInt.default(1),
      })
      .prefault({}),
    /** Rolling window for the betas of implied vols and futures to spot VIX, trading days. */
    betaWindowTradingDays: z.number().int().min(20).default(252),
  })
  .prefault({});

export const ExecutionSchema = z
  .strictObject({
    /** Fill at model mid plus this share of the modelled half-spread (0 = mid, 1 = the far side). */
    fillShareOfHalfSpread: fraction.default(0.5),
    spxOptionFeePerContractUsd: z.number().min(0).default(0.66),
    vixOptionFeePerContractUsd: z.number().min(0).default(0.66),
    vixFutureFeePerContractUsd: z.number().min(0).default(2.0),
    /** VIX futures trade in 0.05 ticks: half a tick either side of the settlement. */
    vixFutureHalfSpreadPoints: z.number().min(0).default(0.025),
    /** Buying power a VIX future ties up, as a share of its face value (an approximation of CFE margin). */
    vixFutureMarginFractionOfNotional: fraction.default(0.5),
    /** Cash and collateral earn the 3-month T-bill rate. */
    interestOnCash: z.boolean().default(true),
    /**
     * When an order decided at day t's close fills. `same-close`: at t's close, on t's model. `next-open`:
     * at t+1's open, on t+1's model carried from its close back to its open (see docs/backtest.md); on the
     * last day of a run and in the daily signal the next open is unknown and the order is priced at the
     * close, with a logged decision saying so.
     */
    fillTiming: z.enum(['same-close', 'next-open']).default('same-close'),
    /**
     * What an AM-settled SPX expiry (and a VIX expiry) settles against. `estimate`: the bundled open
     * where it is a real print inside the day's range, else the settlement rule's estimate, flagged
     * (src/market/settlement); `bundled-open`: the bundled open as it is, flagged when it repeats the
     * previous close.
     */
    amSettlementPrice: z.enum(['estimate', 'bundled-open']).default('estimate'),
    /**
     * When the orders of a calendar entry (a benchmark's monthly roll) fill. `close`: at the roll day's
     * close, like every other order. `intraday`: at `intradayFillTimeEt` on the roll day (Cboe's
     * benchmark indexes roll around 11:00 ET), on the close's model moved to the intraday estimate of
     * SPX by delta and gamma (src/engine/execution/intradayFill.ts). Only with `fillTiming: same-close`.
     */
    rollFillTime: z.enum(['close', 'intraday']).default('close'),
    /** Eastern time of an intraday roll fill, HH:MM inside the 09:30-16:00 session. */
    intradayFillTimeEt: sessionTimeEt.default('11:00'),
    /**
     * Eastern time of the level an intraday roll's strike rules read (a reference price, delta strikes),
     * when it is not the fill time; absent, the fill time's level. Cboe's PUT takes its strike from
     * the last SPX value before 11:00 ET and sells the put at the volume-weighted average price of
     * 11:30-12:00 ET: a reference of 11:00 and a fill at 11:45 (the window's middle). Not with an
     * underlying leg, whose units are bought at the fill.
     */
    intradayReferenceTimeEt: sessionTimeEt.optional(),
  })
  .superRefine((e, ctx) => {
    if (e.rollFillTime === 'intraday' && e.fillTiming === 'next-open') {
      ctx.addIssue({ code: 'custom', path: ['rollFillTime'], message: 'intraday roll fills need fillTiming same-close (next-open already fills every order at the next open)' });
    }
  })
  .prefault({});

export const StrategyConfigSchema = z.strictObject({
  name: z.string().min(1),
  description: z.string().default(''),
  initialEquityUsd: z.number().positive().default(1_000_000),
  /** `iron-condor`: legs from the named condor fields; `custom`: the legs listed in `customLegs`. */
  structure: z.enum(['iron-condor', 'custom']).default('iron-condor'),
  ironCondor: IronCondorSchema,
  customLegs: z.array(LegSpecSchema).default([]),
  entry: EntrySchema,
  sizing: SizingSchema,
  management: ManagementSchema,
  hedge: HedgeSchema,
  execution: ExecutionSchema,
  /**
   * An underlying leg held beside the option legs: `spx-price` holds SPX index units, `spx-total-return`
   * holds them and reinvests their dividends (at the dividend yield known on the day) in more units. Bought with all
   * the equity on the first day; with a calendar-weight hedge, reset on each roll to the equity not
   * spent on the hedge (Cboe's VXTH).
   */
  underlyingLeg: z
    .strictObject({ index: z.enum(['none', 'spx-price', 'spx-total-return']).default('none') })
    .prefault({}),
  /** Collateral held in T-bills as a multiple of the widest wing (Cboe's CNDR rule: 10); 0 = margin only. */
  collateralMultipleOfWidestWing: z.number().min(0).default(0),
});

export type StrategyConfig = z.infer<typeof StrategyConfigSchema>;
export type StrategyConfigInput = z.input<typeof StrategyConfigSchema>;

export class StrategyConfigError extends Error {
  constructor(
    readonly source: string,
    readonly issues: ReadonlyArray<{ path: string; message: string }>,
  ) {
    super(`invalid strategy config ${source}:\n${issues.map((i) => `  ${i.path || '(root)'}: ${i.message}`).join('\n')}`);
    this.name = 'StrategyConfigError';
  }
}

/** Validate a config object and fill in every default; `source` names it in errors. */
export function parseStrategyConfig(input: unknown, source: string): StrategyConfig {
  const parsed = StrategyConfigSchema.safeParse(input);
  if (!parsed.success) throw new StrategyConfigError(source, configIssues(StrategyConfigSchema, parsed.error));
  const config = parsed.data;
  if (config.hedge.ladderContractRatio.length !== config.hedge.ladderTenors.length) {
    throw new StrategyConfigError(source, [
      { path: 'hedge.ladderContractRatio', message: `has ${config.hedge.ladderContractRatio.length} entries for ${config.hedge.ladderTenors.length} ladder tenors` },
    ]);
  }
  if (config.structure === 'custom' && config.customLegs.length === 0 && config.underlyingLeg.index === 'none') {
    throw new StrategyConfigError(source, [{ path: 'customLegs', message: 'a custom structure needs at least one leg (an option leg or an underlyingLeg)' }]);
  }
  if (config.sizing.mode === 'underlying-units' && config.underlyingLeg.index === 'none') {
    throw new StrategyConfigError(source, [{ path: 'sizing.mode', message: "is 'underlying-units': packages of one underlying unit and its options need an underlyingLeg (spx-price or spx-total-return)" }]);
  }
  if (config.execution.intradayReferenceTimeEt !== undefined && config.underlyingLeg.index !== 'none') {
    throw new StrategyConfigError(source, [{ path: 'execution.intradayReferenceTimeEt', message: `is set beside an underlyingLeg (${config.underlyingLeg.index}): the roll's strikes would read one time's level and its units be bought at another's; leave it out` }]);
  }
  if (config.sizing.strikeNotionalCollateral !== 'equity' && config.sizing.mode !== 'strike-notional') {
    throw new StrategyConfigError(source, [{ path: 'sizing.strikeNotionalCollateral', message: `is '${config.sizing.strikeNotionalCollateral}', which only 'strike-notional' sizing reads; sizing.mode is '${config.sizing.mode}'` }]);
  }
  if (config.sizing.mode === 'underlying-units' && config.hedge.enabled && config.hedge.trigger === 'calendar-weight') {
    // Both would set the underlying leg's size: the packages to one unit per option, the calendar hedge to the equity not in calls.
    throw new StrategyConfigError(source, [{ path: 'hedge.trigger', message: "is 'calendar-weight', which resets the underlying leg to the equity not in the hedge; sizing 'underlying-units' holds one unit per option: use one or the other" }]);
  }
  const schedule = config.hedge.calendarWeight.weightSchedule;
  for (let i = 1; i < schedule.length; i++) {
    if ((schedule[i] as { frontFutureAtMostPoints: number }).frontFutureAtMostPoints <= (schedule[i - 1] as { frontFutureAtMostPoints: number }).frontFutureAtMostPoints) {
      throw new StrategyConfigError(source, [{ path: `hedge.calendarWeight.weightSchedule.${i}.frontFutureAtMostPoints`, message: 'the schedule must rise: each row above the one before' }]);
    }
  }
  const h = config.hedge;
  if (h.instrument !== 'call' && (h.firstLayerInstrument !== 'vix-calls' || h.laterLayerStructure !== 'vix-calls')) {
    throw new StrategyConfigError(source, [{ path: 'hedge.instrument', message: `is '${h.instrument}': the layer instruments (firstLayerInstrument, laterLayerStructure) are built around VIX calls; use instrument 'call' with them` }]);
  }
  if (h.firstLayerInstrument === 'vix-futures-etf' && h.firstLayerEtfShareOfTargetExposure * ((h.hedgeRatioBand.min + h.hedgeRatioBand.max) / 2) >= h.firstLayerFractionOfCondorExposure) {
    throw new StrategyConfigError(source, [{ path: 'hedge.firstLayerEtfShareOfTargetExposure', message: `the fund's share of the target exposure leaves no calls in layer 1 (firstLayerFractionOfCondorExposure ${h.firstLayerFractionOfCondorExposure})` }]);
  }
  const legIssues: Array<{ path: string; message: string }> = [];
  config.customLegs.forEach((leg, i) => {
    // An SPX leg has no VIX tenor and a VIX leg no SPX monthly cycle: refusing them here is what keeps
    // a VIX leg from being priced as an SPX option (or skipped) at run time.
    if (leg.underlying === 'SPX' && leg.expiry.by === 'vixTenor') legIssues.push({ path: `customLegs.${i}.expiry`, message: `leg ${leg.id} is an SPX option: a VIX tenor (${leg.expiry.tenor}) is not an SPX expiry; use targetDte or nextStandardMonthly` });
    if (leg.underlying === 'VIX' && leg.expiry.by === 'nextStandardMonthly') legIssues.push({ path: `customLegs.${i}.expiry`, message: `leg ${leg.id} is a VIX option: use vixTenor or targetDte (VIX options expire on the VIX cycle, not the SPX monthly)` });
  });
  if (legIssues.length > 0) throw new StrategyConfigError(source, legIssues);
  return config;
}

/** The legs of the income structure: the iron condor's four legs from its named fields, or the custom legs. */
export function incomeLegs(config: StrategyConfig): LegSpec[] {
  if (config.structure === 'custom') return config.customLegs;
  const ic = config.ironCondor;
  const expiry =
    ic.expirySelection === 'standard-monthly'
      ? ({ by: 'targetDte', dteDays: ic.entryDteDays, monthlyOnly: true } as const)
      : ({ by: 'targetDte', dteDays: ic.entryDteDays, monthlyOnly: false } as const);
  const wing = (shortId: string, side: 'put' | 'call') =>
    ic.wingMode === 'delta'
      ? ({ by: 'delta', delta: ic.wingDelta } as const)
      : ({ by: 'pointsFromLeg', legId: shortId, points: side === 'put' ? -ic.wingWidthPoints : ic.wingWidthPoints } as const);
  return [
    { id: 'shortPut', underlying: 'SPX', side: 'short', type: 'put', ratio: 1, strike: { by: 'delta', delta: ic.shortDelta }, expiry },
    { id: 'longPut', underlying: 'SPX', side: 'long', type: 'put', ratio: 1, strike: wing('shortPut', 'put'), expiry },
    { id: 'shortCall', underlying: 'SPX', side: 'short', type: 'call', ratio: 1, strike: { by: 'delta', delta: ic.shortDelta }, expiry },
    { id: 'longCall', underlying: 'SPX', side: 'long', type: 'call', ratio: 1, strike: wing('shortCall', 'call'), expiry },
  ];
}
