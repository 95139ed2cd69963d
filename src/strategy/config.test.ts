import { describe, expect, it } from 'vitest';
import { incomeLegs, parseStrategyConfig, StrategyConfigError } from './config.js';

describe('strategy config', () => {
  it('fills every methodology default from a name alone', () => {
    const c = parseStrategyConfig({ name: 'x' }, 'test');
    // METHODOLOGY.md sections 3-4.
    expect(c.ironCondor.entryDteDays).toBe(45);
    expect(c.ironCondor.shortDelta).toBe(0.16);
    expect(c.ironCondor.wingWidthPoints).toBe(50);
    expect(c.ironCondor.wingDelta).toBe(0.05);
    expect(c.sizing.riskPerTradeFractionOfEquity).toBe(0.05);
    expect(c.hedge.hedgeRatioBand).toEqual({ min: 0.6, max: 1.2 });
    expect(c.hedge.firstLayerFractionOfCondorExposure).toBe(0.4);
    expect(c.hedge.ladderContractRatio).toEqual([4, 4, 2]);
    expect(c.hedge.taperLayerRatio).toBe(0.6);
    expect(c.hedge.caps.maxDragFractionOfEquityPerMonth).toBe(0.0015);
    expect(c.hedge.hedgeCallDelta).toBe(0.3);
    expect(c.hedge.rebalanceEveryTradingDays).toBe(5);
    expect(c.hedge.rollWhenDteBelowDays).toBe(7);
    expect(c.hedge.takeProfitMultipleOfCost).toBe(3);
    expect(c.hedge.cashWhenVixAbove).toBe(40);
    expect(c.hedge.preFomcSeeding.enabled).toBe(false);
    expect(c.management.fixedRr).toEqual({ takeProfitFractionOfCredit: 0.5, stopLossMultipleOfCredit: 2, closeAtDteDays: 21, reopenAfterClose: true });
    expect(c.management.adaptive.threatenedShortDelta).toBe(0.3);
    expect(c.management.adaptive.eventFavoursHedgeWithinTradingDays).toBe(2);
  });

  it('rejects values outside the methodology\'s allowed ranges, naming the field', () => {
    expect(() => parseStrategyConfig({ name: 'x', ironCondor: { shortDelta: 0.3 } }, 'test')).toThrow(/ironCondor\.shortDelta/);
    expect(() => parseStrategyConfig({ name: 'x', hedge: { taperLayerRatio: 0.9 } }, 'test')).toThrow(/hedge\.taperLayerRatio/);
    expect(() => parseStrategyConfig({ name: 'x', hedge: { rebalanceEveryTradingDays: 10 } }, 'test')).toThrow(StrategyConfigError);
    expect(() => parseStrategyConfig({ name: 'x', hedge: { hedgeRatioBand: { min: 1.5, max: 1.2 } } }, 'test')).toThrow(/min must not exceed max/);
  });

  it('rejects unknown top-level fields so a typo cannot silently fall back to a default', () => {
    expect(() => parseStrategyConfig({ name: 'x', hegde: {} }, 'test')).toThrow(/hegde/);
  });

  it('checks the ladder ratio against its tenors', () => {
    expect(() => parseStrategyConfig({ name: 'x', hedge: { ladderContractRatio: [4, 4] } }, 'test')).toThrow(/ladder tenors/);
  });

  it('builds the iron condor legs from the named fields', () => {
    const legs = incomeLegs(parseStrategyConfig({ name: 'x' }, 'test'));
    expect(legs.map((l) => `${l.side} ${l.type}`)).toEqual(['short put', 'long put', 'short call', 'long call']);
    expect(legs[1]?.strike).toEqual({ by: 'pointsFromLeg', legId: 'shortPut', points: -50 });
    expect(legs[3]?.strike).toEqual({ by: 'pointsFromLeg', legId: 'shortCall', points: 50 });
    const byDelta = incomeLegs(parseStrategyConfig({ name: 'x', ironCondor: { wingMode: 'delta' } }, 'test'));
    expect(byDelta[1]?.strike).toEqual({ by: 'delta', delta: 0.05 });
  });
});

describe('preset files', () => {
  it('every preset in presets/ is a valid config named like its file', async () => {
    const { readdirSync, readFileSync } = await import('node:fs');
    const dir = new URL('../../presets/', import.meta.url);
    const files = readdirSync(dir).filter((f) => f.endsWith('.json'));
    expect(files.sort()).toEqual(['alvh-ladder-full.json', 'alvh-ladder.json', 'alvh-methodology.json', 'alvh-taper.json', 'cndr.json', 'fixed-rr.json', 'pput.json', 'put.json', 'unhedged-full.json', 'unhedged.json', 'vxth.json']);
    for (const file of files) {
      const config = parseStrategyConfig(JSON.parse(readFileSync(new URL(file, dir), 'utf8')), file);
      expect(config.name).toBe(file.replace(/\.json$/, ''));
    }
  });

  it('refuses a misspelled field at any depth and names the field it meant', () => {
    // Before every nested object was strict, both of these ran silently with the defaults.
    expect(() => parseStrategyConfig({ name: 'x', hedge: { enabeld: false } }, 'typo.json')).toThrow(/hedge\.enabeld: unknown field; did you mean "enabled"\?/);
    expect(() => parseStrategyConfig({ name: 'x', ironCondor: { shortDeltaa: 0.17 } }, 'typo.json')).toThrow(/ironCondor\.shortDeltaa: unknown field; did you mean "shortDelta"\?/);
    expect(() => parseStrategyConfig({ name: 'x', hedge: { caps: { maxDragFractionOfEquityPerMonht: 0.001 } } }, 'typo.json')).toThrow(/hedge\.caps\.maxDragFractionOfEquityPerMonht: unknown field; did you mean "maxDragFractionOfEquityPerMonth"/);
  });
});
