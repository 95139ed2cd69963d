/**
 * Strategy configurations a sweep can ask for, drawn at random for property tests: one of the hedged
 * presets with any of 31 config fields changed to a value inside the schema's bounds. The strategy's
 * rules (src/engine/randomConfigs.property.test.ts) and the book's day-by-day restore
 * (src/engine/snapshotRoundTrip.property.test.ts) are checked on them.
 */
import fc from 'fast-check';
import { loadPreset } from '../../src/data/presets.js';
import { parseStrategyConfig, StrategyConfigError, type StrategyConfig } from '../../src/strategy/config.js';
import { withValueAt } from '../../src/sweep/variants.js';

const BASE_NAMES = ['alvh-ladder', 'alvh-taper', 'alvh-ladder-full', 'alvh-methodology'] as const;
/** The presets a random configuration starts from, by name: the four with a hedge. */
export const RANDOM_CONFIG_BASES: ReadonlyMap<string, StrategyConfig> = new Map(BASE_NAMES.map((name) => [name, loadPreset(name)]));

/** A base preset and, for each of RANDOM_CONFIG_FIELDS, a value or undefined (the preset's own). */
export interface RandomVariant {
  readonly base: (typeof BASE_NAMES)[number];
  readonly values: readonly unknown[];
}

/** A config field a sweep may vary, with the values it may take (all inside the schema's bounds). */
export const RANDOM_CONFIG_FIELDS: ReadonlyArray<readonly [string, fc.Arbitrary<unknown>]> = [
  ['ironCondor.shortDelta', fc.constantFrom(0.15, 0.16, 0.18, 0.2)],
  ['ironCondor.wingWidthPoints', fc.constantFrom(25, 50, 100)],
  ['ironCondor.entryDteDays', fc.constantFrom(30, 45, 60)],
  ['entry.maxOpenCondors', fc.integer({ min: 1, max: 4 })],
  ['sizing.riskPerTradeFractionOfEquity', fc.constantFrom(0.02, 0.05, 0.1)],
  ['management.adaptive.threatenedShortDelta', fc.constantFrom(0.25, 0.3, 0.4)],
  ['management.adaptive.rollCostBasis', fc.constantFrom('frictions', 'cash-debit')],
  ['hedge.hedgeRatioBand', fc.constantFrom({ min: 0.3, max: 0.9 }, { min: 0.6, max: 1.2 }, { min: 0.8, max: 1.8 })],
  ['hedge.firstLayerFractionOfCondorExposure', fc.constantFrom(0.2, 0.4, 0.6)],
  ['hedge.instrument', fc.constantFrom('call', 'call-spread', 'future')],
  ['hedge.hedgeCallDelta', fc.constantFrom(0.15, 0.3, 0.5)],
  ['hedge.rebalanceEveryTradingDays', fc.integer({ min: 3, max: 5 })],
  ['hedge.rebalanceWhen', fc.constantFrom('once-fully-layered', 'every-rung-held')],
  ['hedge.aboveBandHoldBeforeCondorExpiryDays', fc.constantFrom(0, 3, 7, 14)],
  ['hedge.takeProfitMultipleOfCost', fc.constantFrom(1.5, 3, 5)],
  ['hedge.cashWhenVixAbove', fc.constantFrom(30, 40, 60)],
  ['hedge.whenNoCondor', fc.constantFrom('hold-to-decay', 'cash')],
  ['hedge.maxLayerLifeDays', fc.constantFrom(60, 91, 150)],
  ['hedge.agedLayerTopUps', fc.constantFrom('allow', 'forbid', 'renew')],
  ['hedge.caps.maxDragFractionOfEquityPerMonth', fc.constantFrom(0.0005, 0.0015, 0.005)],
  ['hedge.preFomcSeeding.enabled', fc.boolean()],
  ['hedge.laterLayerStructure', fc.constantFrom('vix-calls', 'vix-put-spread', 'vix-calendar')],
  ['hedge.firstLayerInstrument', fc.constantFrom('vix-calls', 'vix-futures-etf')],
  ['hedge.ladderTenors', fc.constantFrom(['M1', 'M2', 'M3'], ['M2', 'M4', 'M6'])],
  ['hedge.maxLayers', fc.integer({ min: 1, max: 4 })],
  ['hedge.rollWhenDteBelowDays', fc.constantFrom(3, 7, 14)],
  ['hedge.reliefRallyTenorsDays', fc.constantFrom([30, 60, 90], [45, 120])],
  ['ironCondor.wingMode', fc.constantFrom('delta', 'width')],
  ['ironCondor.expirySelection', fc.constantFrom('nearest-listed', 'standard-monthly')],
  ['entry.mode', fc.constantFrom('signal', 'calendar')],
  ['management.mode', fc.constantFrom('alvh-adaptive', 'fixed-rr', 'hold-to-expiry')],
  ['management.adaptive.widenPutOnDeferredRoll', fc.boolean()],
];

/** A preset with some of RANDOM_CONFIG_FIELDS changed. */
export const randomVariantArbitrary = fc.record({
  base: fc.constantFrom(...BASE_NAMES),
  values: fc.tuple(...RANDOM_CONFIG_FIELDS.map(([, values]) => fc.option(values, { nil: undefined }))),
});

/** A preset with the drawn values; a value the config refuses beside the others (as a sweep's spec would be refused) is left out. */
export function randomStrategyConfig(variant: RandomVariant, name: string): StrategyConfig {
  let config = RANDOM_CONFIG_BASES.get(variant.base) as StrategyConfig;
  for (const [i, value] of variant.values.entries()) {
    if (value === undefined) continue;
    try {
      config = parseStrategyConfig(withValueAt(config, (RANDOM_CONFIG_FIELDS[i] as readonly [string, unknown])[0], value), 'random config');
    } catch (e) {
      if (!(e instanceof StrategyConfigError)) throw e;
    }
  }
  return parseStrategyConfig(withValueAt(config, 'name', name), 'random config');
}
