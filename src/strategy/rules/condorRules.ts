/**
 * The iron condor's rules (METHODOLOGY sections 3 and 5), each a pure function named after the rule so
 * the decision log can cite it and a reader can find it in one search. Prices are index points per unit;
 * USD amounts use the $100 SPX multiplier.
 */
import type { StrategyConfig } from '../config.js';
import { fixedText } from '../../lib/numberText.js';

const SPX_MULTIPLIER_USD = 100;

export interface RuleOutcome {
  /** The rule's name, as cited in the decision log. */
  readonly rule: string;
  readonly fired: boolean;
  readonly reason: string;
  readonly figures: Readonly<Record<string, number | string | boolean>>;
}

/** What the non-risk sizing modes read beside the condor's max loss. */
export interface SizingExtras {
  /** The highest short put strike, index points (strike-notional sizing). */
  readonly shortPutStrikePoints?: number;
  /** The underlying's level at the fill and the structure's net credit per unit, index points (underlying-units sizing). */
  readonly underlyingLevelPoints?: number;
  readonly creditPerUnitPoints?: number;
  /** exp(-r x T) from the fill day to the short put's expiry (strike-notional sizing on `cash-at-expiry`). */
  readonly discountFactorToExpiry?: number | undefined;
}

/**
 * Contracts for a condor whose max loss per contract is `maxLossPerUnitPoints` (wing - credit).
 * `extras` serve the strike-notional and underlying-units sizings.
 */
export function condorContractsForRisk(config: StrategyConfig, equityUsd: number, maxLossPerUnitPoints: number, widestWingPoints: number, extras: SizingExtras = {}): RuleOutcome & { contracts: number } {
  const rule = 'sizing.riskPerTrade';
  const shortPutStrikePoints = extras.shortPutStrikePoints ?? 0;
  if (config.sizing.mode === 'underlying-units') return underlyingUnitsSizing(config, equityUsd, extras);
  if (config.sizing.mode === 'strike-notional') return strikeNotionalSizing(config, equityUsd, shortPutStrikePoints, extras);
  if (config.sizing.mode === 'fixed-contracts') {
    return { rule: 'sizing.fixedContracts', fired: true, contracts: config.sizing.fixedContracts, reason: `${config.sizing.fixedContracts} contract(s) by config`, figures: {} };
  }
  if (config.collateralMultipleOfWidestWing > 0) {
    const collateralPerContractUsd = config.collateralMultipleOfWidestWing * widestWingPoints * SPX_MULTIPLIER_USD;
    const units = equityUsd / collateralPerContractUsd;
    const contracts = config.sizing.allowFractionalContracts ? units : Math.floor(units);
    return { rule: 'sizing.collateral', fired: contracts > 0, contracts, reason: `equity / (collateral ${collateralPerContractUsd.toFixed(0)} USD per contract)`, figures: { collateralPerContractUsd } };
  }
  const budgetUsd = config.sizing.riskPerTradeFractionOfEquity * equityUsd;
  const maxLossPerContractUsd = maxLossPerUnitPoints * SPX_MULTIPLIER_USD;
  if (!(maxLossPerContractUsd > 0)) {
    return { rule, fired: false, contracts: 0, reason: 'credit is not below the wing width: no defined risk to size against', figures: { maxLossPerUnitPoints } };
  }
  const contracts = Math.floor(budgetUsd / maxLossPerContractUsd);
  return {
    rule,
    fired: contracts > 0,
    contracts,
    reason: contracts > 0 ? `max loss ${maxLossPerContractUsd.toFixed(0)} USD per contract within ${budgetUsd.toFixed(0)} USD risk budget` : `one contract's max loss ${maxLossPerContractUsd.toFixed(0)} USD exceeds the ${budgetUsd.toFixed(0)} USD risk budget`,
    figures: { budgetUsd, maxLossPerContractUsd },
  };
}

/**
 * Cboe PUT: the T-bills collateralise the short puts' strike notional. On `equity` the equity itself is
 * the collateral: contracts = equity / (K x 100). On `cash-at-expiry`, Cboe's own rule, the cash the
 * T-bills hold at the puts' expiry (the equity plus the premium, grown at the risk-free rate) equals N x K:
 * N x K = (equity + N x P) / d with d = exp(-r x T), so N = equity / ((K x d - P) x 100). The premium and
 * the interest let the index write about 2 % more puts than its equity alone would cover.
 */
function strikeNotionalSizing(config: StrategyConfig, equityUsd: number, shortPutStrikePoints: number, extras: SizingExtras): RuleOutcome & { contracts: number } {
  const rule = 'sizing.strikeNotional';
  if (!(shortPutStrikePoints > 0)) return { rule, fired: false, contracts: 0, reason: 'no short put to collateralise', figures: {} };
  const fractional = config.sizing.allowFractionalContracts;
  if (config.sizing.strikeNotionalCollateral === 'equity') {
    const units = equityUsd / (shortPutStrikePoints * SPX_MULTIPLIER_USD);
    const contracts = fractional ? units : Math.floor(units);
    return { rule, fired: contracts > 0, contracts, reason: `equity / (strike ${shortPutStrikePoints} x 100)`, figures: { strikeNotionalUsd: shortPutStrikePoints * SPX_MULTIPLIER_USD } };
  }
  const discount = extras.discountFactorToExpiry;
  const premiumPoints = extras.creditPerUnitPoints;
  if (discount === undefined || !(discount > 0 && Number.isFinite(discount)) || premiumPoints === undefined || !Number.isFinite(premiumPoints)) {
    return { rule, fired: false, contracts: 0, reason: 'cash-at-expiry collateral needs the discount factor to expiry and the premium', figures: {} };
  }
  // The strike discounted to today less the premium received is what each put ties up today.
  const collateralPerUnitPoints = shortPutStrikePoints * discount - premiumPoints;
  if (!(collateralPerUnitPoints > 0)) return { rule, fired: false, contracts: 0, reason: `premium ${premiumPoints.toFixed(2)} is not below the discounted strike`, figures: { premiumPoints } };
  const units = equityUsd / (collateralPerUnitPoints * SPX_MULTIPLIER_USD);
  const contracts = fractional ? units : Math.floor(units);
  return {
    rule,
    fired: contracts > 0,
    contracts,
    reason: `equity / ((strike ${shortPutStrikePoints} x discount ${discount.toFixed(6)} - premium ${premiumPoints.toFixed(2)}) x 100): the cash at expiry covers the strike`,
    figures: { strikeNotionalUsd: shortPutStrikePoints * SPX_MULTIPLIER_USD, discountFactorToExpiry: discount, premiumPoints, collateralPerUnitPoints },
  };
}

/**
 * Cboe PPUT: the equity buys packages of one SPX unit and the legs' options per unit, so that units x
 * (level + net debit) = equity; a contract covers 100 units (the SPX multiplier).
 */
function underlyingUnitsSizing(config: StrategyConfig, equityUsd: number, extras: SizingExtras): RuleOutcome & { contracts: number } {
  const rule = 'sizing.underlyingUnits';
  const level = extras.underlyingLevelPoints;
  const packagePoints = level === undefined ? Number.NaN : level - (extras.creditPerUnitPoints ?? 0);
  if (level === undefined || !(packagePoints > 0)) {
    return { rule, fired: false, contracts: 0, reason: 'no positive package price (underlying level plus net debit)', figures: {} };
  }
  const units = equityUsd / (packagePoints * SPX_MULTIPLIER_USD);
  const contracts = config.sizing.allowFractionalContracts ? units : Math.floor(units);
  return {
    rule,
    fired: contracts > 0,
    contracts,
    reason: `equity / ((level ${level.toFixed(2)} + net debit ${(-(extras.creditPerUnitPoints ?? 0)).toFixed(4)}) x 100): one underlying unit per option`,
    figures: { underlyingLevelPoints: level, packagePoints, underlyingUnits: contracts * SPX_MULTIPLIER_USD },
  };
}

/** The short-strike delta to use: the configured one, clamped into the pre-FOMC range inside that window. */
export function shortDeltaForEntry(config: StrategyConfig, tradingDaysToNextFomc: number | undefined): RuleOutcome & { shortDelta: number } {
  const ic = config.ironCondor;
  const inWindow = tradingDaysToNextFomc !== undefined && tradingDaysToNextFomc <= ic.preFomcWindowTradingDays;
  if (!inWindow) return { rule: 'condor.shortDelta', fired: false, shortDelta: ic.shortDelta, reason: 'outside the pre-FOMC window', figures: { shortDelta: ic.shortDelta } };
  const clamped = Math.min(Math.max(ic.shortDelta, ic.preFomcShortDelta.min), ic.preFomcShortDelta.max);
  return {
    rule: 'condor.preFomcShortDelta',
    fired: true,
    shortDelta: clamped,
    reason: `FOMC in ${tradingDaysToNextFomc} trading day(s): short strikes within ${ic.preFomcShortDelta.min}-${ic.preFomcShortDelta.max} delta`,
    figures: { shortDelta: clamped, tradingDaysToNextFomc: tradingDaysToNextFomc as number },
  };
}

export interface CondorMark {
  /** Net credit received at entry per unit, index points (positive). */
  readonly entryCreditPoints: number;
  /** What it costs now to close per unit at the model's fill price, index points (positive = debit). */
  readonly costToClosePoints: number;
  readonly dteDays: number;
}

/** The fixed risk/reward baseline: 50 % profit, 2x credit stop, exit at 21 days to expiry. */
export function fixedRiskRewardExit(config: StrategyConfig, mark: CondorMark): RuleOutcome {
  const rr = config.management.fixedRr;
  const pnlPoints = mark.entryCreditPoints - mark.costToClosePoints;
  const figures = { entryCreditPoints: mark.entryCreditPoints, costToClosePoints: mark.costToClosePoints, pnlPoints, dteDays: mark.dteDays };
  if (pnlPoints >= rr.takeProfitFractionOfCredit * mark.entryCreditPoints) {
    return { rule: 'fixedRr.takeProfit', fired: true, reason: `profit ${pnlPoints.toFixed(2)} >= ${(rr.takeProfitFractionOfCredit * 100).toFixed(0)} % of credit ${mark.entryCreditPoints.toFixed(2)}`, figures };
  }
  if (-pnlPoints >= rr.stopLossMultipleOfCredit * mark.entryCreditPoints) {
    return { rule: 'fixedRr.stopLoss', fired: true, reason: `loss ${(-pnlPoints).toFixed(2)} >= ${rr.stopLossMultipleOfCredit}x credit ${mark.entryCreditPoints.toFixed(2)}`, figures };
  }
  if (mark.dteDays <= rr.closeAtDteDays) {
    return { rule: 'fixedRr.timeExit', fired: true, reason: `${mark.dteDays} days to expiry <= ${rr.closeAtDteDays}`, figures };
  }
  return { rule: 'fixedRr.hold', fired: false, reason: 'no exit rule met', figures };
}

export interface ShortStrikeState {
  readonly side: 'put' | 'call';
  readonly shortStrike: number;
  /** Model delta of the short option, absolute. */
  readonly shortDeltaAbs: number;
  readonly spot: number;
}

/** A short strike is threatened when its delta reaches 0.30 or spot is within 1 % of it. */
export function shortStrikeThreatened(config: StrategyConfig, s: ShortStrikeState): RuleOutcome {
  const a = config.management.adaptive;
  const distanceFraction = s.side === 'put' ? (s.spot - s.shortStrike) / s.spot : (s.shortStrike - s.spot) / s.spot;
  const figures = { side: s.side, shortStrike: s.shortStrike, shortDeltaAbs: s.shortDeltaAbs, distanceFraction };
  if (s.shortDeltaAbs >= a.threatenedShortDelta) {
    return { rule: 'adaptive.threatenedByDelta', fired: true, reason: `short ${s.side} delta ${s.shortDeltaAbs.toFixed(3)} >= ${a.threatenedShortDelta}`, figures };
  }
  if (distanceFraction <= a.threatenedDistanceFraction) {
    return { rule: 'adaptive.threatenedByDistance', fired: true, reason: `spot within ${(distanceFraction * 100).toFixed(2)} % of the short ${s.side}`, figures };
  }
  return { rule: 'adaptive.notThreatened', fired: false, reason: 'short strike not threatened', figures };
}

export interface RollComparison {
  /** Net cost of rolling the tested side (close + reopen, slippage included), USD, positive = cost. */
  readonly rollCostUsd: number;
  /** Projected gain of the hedge if SPX reaches the short strike over the horizon, USD. */
  readonly projectedHedgePayoffUsd: number;
  /** Regime-change signals seen today (VIX RSI divergence, term-structure inversion). */
  readonly regimeChangeSignals: readonly string[];
  /** Trading days to the next FOMC/CPI/PPI release, when known. */
  readonly tradingDaysToNextEvent: number | undefined;
  readonly nextEventLabel: string | undefined;
  readonly hedgeEnabled: boolean;
  /**
   * Whether a hedge layer would be added today if the roll were deferred for one: asked only when an
   * event is near, since answering plans the layer (a free rung, its size under the band's top and
   * the premium caps).
   */
  readonly canAddLayer: () => boolean;
  /** False when no reopening spread could be planned: the roll would close the side without reopening it. */
  readonly reopenAvailable: boolean;
}

export type RollAction = 'defer' | 'roll' | 'hedge-instead';

/**
 * The ALVH roll-versus-defer rule (METHODOLOGY 5): defer while the hedge's projected payoff exceeds the
 * roll cost and no regime change is signalled; an event within 2 trading days favours adding a hedge
 * layer over rolling.
 */
export function adaptiveRollDecision(config: StrategyConfig, c: RollComparison): RuleOutcome & { action: RollAction } {
  const a = config.management.adaptive;
  const figures: Record<string, number | string | boolean> = {
    rollCostUsd: c.rollCostUsd,
    projectedHedgePayoffUsd: c.projectedHedgePayoffUsd,
    regimeChange: c.regimeChangeSignals.join(',') || 'none',
  };
  const eventNear = c.hedgeEnabled && c.tradingDaysToNextEvent !== undefined && c.tradingDaysToNextEvent <= a.eventFavoursHedgeWithinTradingDays;
  if (eventNear && c.canAddLayer()) {
    return {
      rule: 'adaptive.eventFavoursHedge',
      fired: true,
      action: 'hedge-instead',
      reason: `${c.nextEventLabel ?? 'a release'} in ${c.tradingDaysToNextEvent} trading day(s): add a hedge layer rather than roll`,
      figures: { ...figures, tradingDaysToNextEvent: c.tradingDaysToNextEvent },
    };
  }
  // An event that favours a layer when none can be added falls through to the comparison, saying so.
  const prefix = eventNear ? `${c.nextEventLabel ?? 'a release'} in ${c.tradingDaysToNextEvent} trading day(s) favours a hedge layer, but none can be added; ` : '';
  if (eventNear) Object.assign(figures, { eventFavoursHedgeButLayersFull: true, tradingDaysToNextEvent: c.tradingDaysToNextEvent as number });
  if (!c.reopenAvailable) Object.assign(figures, { reopenAvailable: false });
  if (c.regimeChangeSignals.length > 0) {
    return { rule: 'adaptive.rollOnRegimeChange', fired: true, action: 'roll', reason: `${prefix}regime change signalled (${c.regimeChangeSignals.join(', ')})`, figures };
  }
  // The reason names what the roll cost is: with `frictions` it is the spreads and fees of the roll, not
  // the loss the tested side has already marked (a trader reading "roll cost 373 USD" beside a roll that
  // bought back a spread for 8 points more than the new one brought took it for the whole bill).
  const cost = `${a.rollCostBasis === 'frictions' ? 'roll frictions (spreads and fees)' : "roll's net debit"} ${fixedText(c.rollCostUsd, 0)} USD`;
  const payoff = `projected hedge payoff ${fixedText(c.projectedHedgePayoffUsd, 0)} USD`;
  if (c.hedgeEnabled && c.projectedHedgePayoffUsd > c.rollCostUsd) {
    return { rule: 'adaptive.deferRoll', fired: true, action: 'defer', reason: `${prefix}${payoff} exceeds ${cost}`, figures };
  }
  return { rule: 'adaptive.roll', fired: true, action: 'roll', reason: c.hedgeEnabled ? `${prefix}${cost} ${a.rollCostBasis === 'frictions' ? 'exceed' : 'exceeds'} ${payoff}` : 'no hedge to defer on', figures };
}

/** Break-even points of a condor at expiry, in points and as a % distance from spot. */
export function condorBreakEvens(shortPutStrike: number, shortCallStrike: number, creditPoints: number, spot: number) {
  const lower = shortPutStrike - creditPoints;
  const upper = shortCallStrike + creditPoints;
  return { lowerPoints: lower, upperPoints: upper, lowerDistanceFraction: (spot - lower) / spot, upperDistanceFraction: (upper - spot) / spot };
}
