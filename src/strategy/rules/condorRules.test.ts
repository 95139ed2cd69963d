import { describe, expect, it } from 'vitest';
import { parseStrategyConfig } from '../config.js';
import { adaptiveRollDecision, condorBreakEvens, condorContractsForRisk, fixedRiskRewardExit, shortDeltaForEntry, shortStrikeThreatened } from './condorRules.js';

const defaults = parseStrategyConfig({ name: 'test' }, 'test');

describe('condor sizing', () => {
  it('sizes so that the max loss stays within 5 % of equity', () => {
    // Wing 50, credit 8: max loss 42 points = 4200 USD per contract; 5 % of 1M = 50k -> 11 contracts.
    const r = condorContractsForRisk(defaults, 1_000_000, 42, 50);
    expect(r.rule).toBe('sizing.riskPerTrade');
    expect(r.contracts).toBe(11);
    expect(r.contracts * 4200).toBeLessThanOrEqual(50_000);
    expect((r.contracts + 1) * 4200).toBeGreaterThan(50_000);
  });
  it('refuses to size a condor whose credit is not below the wing', () => {
    expect(condorContractsForRisk(defaults, 1_000_000, 0, 50).fired).toBe(false);
  });
  it('sizes by collateral for index replication', () => {
    const cndr = parseStrategyConfig({ name: 'c', collateralMultipleOfWidestWing: 10 }, 'test');
    // 10 x 100-point wing x 100 USD = 100k per contract.
    const r = condorContractsForRisk(cndr, 1_000_000, 90, 100);
    expect(r.rule).toBe('sizing.collateral');
    expect(r.contracts).toBe(10);
    expect(r.figures.collateralPerContractUsd).toBe(100_000);
  });
  it('sizes a fixed count of contracts whatever the equity or the risk', () => {
    // sizing.mode fixed-contracts with 3: 3 condors on 1M or on 10k, with any credit.
    const fixed = parseStrategyConfig({ name: 'f', sizing: { mode: 'fixed-contracts', fixedContracts: 3 } }, 'test');
    for (const equityUsd of [1_000_000, 10_000]) {
      const r = condorContractsForRisk(fixed, equityUsd, 42, 50);
      expect([r.rule, r.fired, r.contracts]).toEqual(['sizing.fixedContracts', true, 3]);
    }
  });
});

describe('pre-FOMC short delta', () => {
  it('clamps only inside the window', () => {
    const wide = parseStrategyConfig({ name: 'x', ironCondor: { shortDelta: 0.2, preFomcShortDelta: { min: 0.15, max: 0.17 } } }, 'test');
    // Configured 0.20, pre-FOMC range 0.15-0.17: two trading days before the meeting (inside the
    // window) the short strikes move out to 0.17 delta; ten days before, the configured 0.20 stands.
    expect(shortDeltaForEntry(wide, 2).shortDelta).toBe(0.17);
    expect(shortDeltaForEntry(wide, 2).rule).toBe('condor.preFomcShortDelta');
    expect(shortDeltaForEntry(wide, 10).shortDelta).toBe(0.2);
    expect(shortDeltaForEntry(wide, 10).rule).toBe('condor.shortDelta');
    expect(shortDeltaForEntry(wide, undefined).fired).toBe(false);
  });
});

describe('fixed risk/reward exits', () => {
  const mark = (cost: number, dte: number) => ({ entryCreditPoints: 10, costToClosePoints: cost, dteDays: dte });
  it('takes profit at half the credit', () => {
    expect(fixedRiskRewardExit(defaults, mark(5, 30)).rule).toBe('fixedRr.takeProfit');
    expect(fixedRiskRewardExit(defaults, mark(5.01, 30)).fired).toBe(false);
  });
  it('stops at a loss of twice the credit', () => {
    expect(fixedRiskRewardExit(defaults, mark(30, 30)).rule).toBe('fixedRr.stopLoss');
    expect(fixedRiskRewardExit(defaults, mark(29.9, 30)).fired).toBe(false);
  });
  it('exits at 21 days to expiry', () => {
    expect(fixedRiskRewardExit(defaults, mark(8, 21)).rule).toBe('fixedRr.timeExit');
    expect(fixedRiskRewardExit(defaults, mark(8, 22)).fired).toBe(false);
  });
});

describe('threatened short strikes', () => {
  it('fires on delta >= 0.30 or spot within 1 %', () => {
    expect(shortStrikeThreatened(defaults, { side: 'put', shortStrike: 3800, shortDeltaAbs: 0.31, spot: 4000 }).rule).toBe('adaptive.threatenedByDelta');
    expect(shortStrikeThreatened(defaults, { side: 'put', shortStrike: 3970, shortDeltaAbs: 0.2, spot: 4000 }).rule).toBe('adaptive.threatenedByDistance');
    expect(shortStrikeThreatened(defaults, { side: 'call', shortStrike: 4030, shortDeltaAbs: 0.2, spot: 4000 }).rule).toBe('adaptive.threatenedByDistance');
    expect(shortStrikeThreatened(defaults, { side: 'put', shortStrike: 3800, shortDeltaAbs: 0.2, spot: 4000 }).fired).toBe(false);
  });
});

describe('roll versus defer', () => {
  const base = { rollCostUsd: 5000, projectedHedgePayoffUsd: 8000, regimeChangeSignals: [], tradingDaysToNextEvent: 10, nextEventLabel: 'CPI', hedgeEnabled: true, canAddLayer: () => true, reopenAvailable: true };
  it('defers while the hedge is projected to pay more than the roll costs', () => {
    expect(adaptiveRollDecision(defaults, base).action).toBe('defer');
    expect(adaptiveRollDecision(defaults, base).rule).toBe('adaptive.deferRoll');
    expect(adaptiveRollDecision(defaults, base).reason).toBe('projected hedge payoff 8000 USD exceeds roll frictions (spreads and fees) 5000 USD');
  });
  it('rolls when the roll costs more than the hedge would pay, and says which cost it compared', () => {
    expect(adaptiveRollDecision(defaults, { ...base, projectedHedgePayoffUsd: 4000 }).action).toBe('roll');
    expect(adaptiveRollDecision(defaults, { ...base, projectedHedgePayoffUsd: 4000 }).rule).toBe('adaptive.roll');
    expect(adaptiveRollDecision(defaults, { ...base, projectedHedgePayoffUsd: 4000 }).reason).toBe('roll frictions (spreads and fees) 5000 USD exceed projected hedge payoff 4000 USD');
    const debit = parseStrategyConfig({ name: 'd', management: { adaptive: { rollCostBasis: 'cash-debit' } } }, 'test');
    expect(adaptiveRollDecision(debit, { ...base, projectedHedgePayoffUsd: 4000 }).reason).toBe("roll's net debit 5000 USD exceeds projected hedge payoff 4000 USD");
  });
  it('rolls on a regime change even when the hedge would pay', () => {
    expect(adaptiveRollDecision(defaults, { ...base, regimeChangeSignals: ['termStructureInverted'] }).action).toBe('roll');
  });
  it('prefers a hedge layer when a release is within 2 trading days', () => {
    expect(adaptiveRollDecision(defaults, { ...base, tradingDaysToNextEvent: 2 }).action).toBe('hedge-instead');
    expect(adaptiveRollDecision(defaults, { ...base, tradingDaysToNextEvent: 3 }).action).toBe('defer');
  });
  it('never defers without a hedge', () => {
    expect(adaptiveRollDecision(defaults, { ...base, hedgeEnabled: false }).action).toBe('roll');
  });
});

describe('break-evens', () => {
  it('are the short strikes moved by the credit', () => {
    const b = condorBreakEvens(3800, 4200, 10, 4000);
    expect(b.lowerPoints).toBe(3790);
    expect(b.upperPoints).toBe(4210);
    expect(b.lowerDistanceFraction).toBeCloseTo(0.0525, 12);
  });
});

describe('index replication sizing', () => {
  it('uses fractional units of collateral when allowed', () => {
    const cndr = parseStrategyConfig({ name: 'c', collateralMultipleOfWidestWing: 10, sizing: { allowFractionalContracts: true } }, 'test');
    expect(condorContractsForRisk(cndr, 1_000_000, 90, 120).contracts).toBeCloseTo(1_000_000 / 120_000, 12);
  });

  it("writes Cboe PUT's count: the cash at expiry, equity plus premium grown at the rate, equals N x K", () => {
    const put = parseStrategyConfig({ name: 'p', structure: 'custom', customLegs: [], underlyingLeg: { index: 'spx-price' }, sizing: { mode: 'strike-notional', strikeNotionalCollateral: 'cash-at-expiry', allowFractionalContracts: true } }, 'test');
    // Cboe's published PUT roll information for 2021-04-16: strike 4175, put VWAP 67.777264, one-month
    // T-bill discount rate 0.02 %, 0.523745234 puts per index unit. The index closed at 2151.05 the day
    // before (data/put_daily.csv); the May expiry is 35 days out, d = 1 - 0.0002 x 35/360 = 0.999981.
    // N = 2151.05 / (4175 x 0.999981 - 67.777264) = 2151.05 / 4107.14 = 0.523734: Cboe's count to 2e-5
    // (the index moved between the close and the roll). Sized on the strike alone it would be
    // 2151.05 / 4175 = 0.515222, 1.6 % fewer.
    const sized = condorContractsForRisk(put, 215_105, 0, 0, { shortPutStrikePoints: 4175, creditPerUnitPoints: 67.777264, discountFactorToExpiry: 1 - (0.0002 * 35) / 360 });
    expect(sized.rule).toBe('sizing.strikeNotional');
    expect(sized.contracts).toBeCloseTo(0.523745, 4);
    // A negative rate (the T-bill yield of 2015-09-18, -0.01 %) gives a discount above 1: still sized.
    expect(condorContractsForRisk(put, 1_000_000, 0, 0, { shortPutStrikePoints: 2000, creditPerUnitPoints: 30, discountFactorToExpiry: 1.00001 }).fired).toBe(true);
    // No discount factor, or a premium at the discounted strike: refused with the reason, never zero-sized silently.
    expect(condorContractsForRisk(put, 1_000_000, 0, 0, { shortPutStrikePoints: 2000, creditPerUnitPoints: 30 }).fired).toBe(false);
    const dear = condorContractsForRisk(put, 1_000_000, 0, 0, { shortPutStrikePoints: 2000, creditPerUnitPoints: 2000, discountFactorToExpiry: 1 });
    expect(dear.fired).toBe(false);
    expect(dear.reason).toContain('not below the discounted strike');
  });

  it("buys Cboe PPUT's packages: one SPX unit and one put per unit, contracts = equity / ((level + debit) x 100)", () => {
    const pput = parseStrategyConfig({ name: 'p', structure: 'custom', customLegs: [], underlyingLeg: { index: 'spx-total-return' }, sizing: { mode: 'underlying-units', allowFractionalContracts: true } }, 'test');
    // SPX 4000, a put bought for 20 points (credit -20): a package costs 4020 points = 402,000 USD per
    // contract of 100 units, so 1,000,000 USD buys 2.48756 contracts and 248.756 SPX units.
    const sized = condorContractsForRisk(pput, 1_000_000, 0, 0, { underlyingLevelPoints: 4000, creditPerUnitPoints: -20 });
    expect(sized.rule).toBe('sizing.underlyingUnits');
    expect(sized.contracts).toBeCloseTo(1_000_000 / 402_000, 12);
    expect(sized.figures.underlyingUnits).toBeCloseTo(248.7562189, 6);
    // Whole contracts in a real account: 2.
    const whole = parseStrategyConfig({ ...pput, sizing: { mode: 'underlying-units' } }, 'test');
    expect(condorContractsForRisk(whole, 1_000_000, 0, 0, { underlyingLevelPoints: 4000, creditPerUnitPoints: -20 }).contracts).toBe(2);
    // Without a level (or a package that costs nothing) there is nothing to size: not fired, no contracts.
    expect(condorContractsForRisk(pput, 1_000_000, 0, 0, {})).toMatchObject({ fired: false, contracts: 0 });
    expect(condorContractsForRisk(pput, 1_000_000, 0, 0, { underlyingLevelPoints: 10, creditPerUnitPoints: 10 })).toMatchObject({ fired: false, contracts: 0 });
  });

  it('refuses underlying-units sizing without an underlying leg to hold the units, or beside a calendar-weight hedge', () => {
    expect(() => parseStrategyConfig({ name: 'p', sizing: { mode: 'underlying-units' } }, 'test')).toThrow(/sizing.mode: is 'underlying-units'.*need an underlyingLeg/s);
    // ...and beside a calendar-weight hedge, which sizes the same leg another way.
    expect(() => parseStrategyConfig({ name: 'p', structure: 'custom', customLegs: [], underlyingLeg: { index: 'spx-total-return' }, sizing: { mode: 'underlying-units' }, hedge: { trigger: 'calendar-weight' } }, 'test')).toThrow(/hedge.trigger: is 'calendar-weight'.*use one or the other/s);
  });
});

describe('an event that favours a hedge layer when none can be added', () => {
  const base = { rollCostUsd: 5000, projectedHedgePayoffUsd: 8000, regimeChangeSignals: [], tradingDaysToNextEvent: 1, nextEventLabel: 'CPI 2020-03-13', hedgeEnabled: true, canAddLayer: () => false, reopenAvailable: true };
  it('falls through to the roll-or-defer comparison and says so, never a silent no-op', () => {
    const defer = adaptiveRollDecision(defaults, base);
    expect(defer.action).toBe('defer');
    expect(defer.reason).toContain('none can be added');
    expect(defer.figures.eventFavoursHedgeButLayersFull).toBe(true);
    const roll = adaptiveRollDecision(defaults, { ...base, projectedHedgePayoffUsd: 1000 });
    expect(roll.action).toBe('roll');
    expect(roll.reason).toContain('none can be added');
  });
  it('records when no reopening spread could be planned', () => {
    expect(adaptiveRollDecision(defaults, { ...base, tradingDaysToNextEvent: 10, reopenAvailable: false }).figures.reopenAvailable).toBe(false);
  });
});
