import { describe, expect, it } from 'vitest';
import { realHistory } from '../../test/fixtures/realMarket.js';
import { vvixObservations } from '../validation/marketModel.js';
import { vvixEstimationSample } from '../validation/vix.js';
import { dayFromIso, isoFromDay } from '../time/day.js';
import { DEFAULT_MARKET_MODEL_CONFIG } from './config.js';
import { tenorObservationsForFit } from './spx/fit/termStructureFit.js';
import { describeFitData, FITTED_PARAMETERS, holdOutViolation, numberAtPath, type FitData } from './fittedParameters.js';
import { FIT_CHAINS, HELD_OUT_CHAIN_FILE, HELD_OUT_INDEX_HISTORY_FROM_ISO, LAST_FIT_DAY_ISO } from './holdOut.js';
import { BUNDLED_CHAIN_FILES } from '../data/chains/bundledChains.js';

/** Values read off data are recorded with 6 decimals. */
const RECORDED_6_DECIMALS = 5e-7;

function entry(path: string) {
  const found = FITTED_PARAMETERS.find((p) => p.path === path);
  if (found === undefined) throw new Error(`no fitted parameter ${path}`);
  return found;
}

describe('the fitted parameters of the market model', () => {
  it('each names a number of the default config, equal to its fitted value, once', () => {
    for (const p of FITTED_PARAMETERS) expect(numberAtPath(DEFAULT_MARKET_MODEL_CONFIG, p.path), p.path).toBe(p.fittedValue);
    expect(new Set(FITTED_PARAMETERS.map((p) => p.path)).size).toBe(FITTED_PARAMETERS.length);
    // The smile (3), the term structure (2), the VIX surface (7 + the fit day's contango), the VVIX
    // fallback (3), the two spread fits (5 each) and their fit days' VIX.
    expect(FITTED_PARAMETERS.length).toBe(3 + 2 + 8 + 3 + 10 + 2);
  });

  it('keeps the hold-out rule: index history before 2016, the bundled fit chains, never the SPXW 2018 chain', () => {
    for (const p of FITTED_PARAMETERS) expect(holdOutViolation(p.data), `${p.path}: ${describeFitData(p.data)}`).toBeUndefined();
    expect(Object.keys(FIT_CHAINS)).not.toContain(HELD_OUT_CHAIN_FILE);
    expect(LAST_FIT_DAY_ISO).toBe('2015-12-31');
  });

  it('names chains the data loader bundles', () => {
    const bundled: readonly string[] = Object.values(BUNDLED_CHAIN_FILES);
    for (const file of [...Object.keys(FIT_CHAINS), HELD_OUT_CHAIN_FILE]) expect(bundled, file).toContain(file);
  });

  it('refuses a fit that reads held-out history or a chain that is not a fit chain (negative controls)', () => {
    const held: FitData = { kind: 'index-history', series: ['VIX'], firstIso: '2011-01-04', lastIso: '2026-08-21', dayCount: 3848, selection: 'all' };
    expect(holdOutViolation(held)).toBe(`reads index history to 2026-08-21, held out from ${HELD_OUT_INDEX_HISTORY_FROM_ISO}`);
    expect(holdOutViolation({ ...held, lastIso: HELD_OUT_INDEX_HISTORY_FROM_ISO })).toBeDefined();
    expect(holdOutViolation({ ...held, firstIso: '2016-01-04', lastIso: '2015-12-31' })).toBe('the window 2016-01-04 to 2015-12-31 is empty');
    const chain = { kind: 'chain', file: HELD_OUT_CHAIN_FILE, selection: 'all' } as unknown as FitData;
    expect(holdOutViolation(chain)).toBe(`${HELD_OUT_CHAIN_FILE} is not one of the bundled fit chains`);
  });

  it('records the term-structure window its fit reads', async () => {
    const observations = tenorObservationsForFit(await realHistory());
    const data = entry('spx.meanReversionPerYear').data;
    expect(data).toMatchObject({ kind: 'index-history', firstIso: isoFromDay(observations[0]!.day), lastIso: '2015-12-31', dayCount: observations.length });
    expect(isoFromDay(observations[observations.length - 1]!.day)).toBe('2015-12-31');
  });

  it('records the VVIX fallback window its fit reads', async () => {
    const sample = vvixEstimationSample(vvixObservations(await realHistory()), DEFAULT_MARKET_MODEL_CONFIG.vix);
    const data = entry('vix.vvixFallback.slopePerLogVixPoint').data;
    expect(data).toMatchObject({ kind: 'index-history', firstIso: isoFromDay(sample[0]!.day), lastIso: isoFromDay(sample[sample.length - 1]!.day), dayCount: sample.length });
    expect(data.kind === 'index-history' && data.lastIso).toBe(DEFAULT_MARKET_MODEL_CONFIG.vix.vvixFallback.estimationEndIso);
  });

  it('reads the fit days\' VIX closes and the VIX fit day\'s contango off the bundled history', async () => {
    const history = await realHistory();
    expect(history.closeOn('vix', dayFromIso(FIT_CHAINS['spx_options_20201201.csv']))).toBe(entry('spread.spx.fitDayVixLevel').fittedValue);
    const vixFitDay = dayFromIso(FIT_CHAINS['vix_options_20160601.csv']);
    const spotVix = history.closeOn('vix', vixFitDay);
    expect(spotVix).toBe(entry('spread.vix.fitDayVixLevel').fittedValue);
    // The 30-day VX forward of 2016-06-01, interpolated between the June (14 days, 15.275) and July
    // (49 days, 17.525) settlements: 16.303571, over spot VIX 14.20, minus one: 0.148139 (6 decimals).
    const forward30 = history.constantMaturityFutureOn(vixFitDay, 30);
    expect(forward30).toBeCloseTo(16.303571, 6);
    expect(Math.abs((forward30 as number) / (spotVix as number) - 1 - entry('vix.surface.dipReferenceContangoFraction').fittedValue)).toBeLessThan(RECORDED_6_DECIMALS);
  });

  it('describes its data in one line', () => {
    expect(describeFitData(entry('spx.longRunVolDecimal').data)).toBe('VIX, VIX9D, VIX3M, VIX6M closes 2011-01-04 to 2015-12-31, 1,257 days: every day on which all four closed');
    expect(describeFitData(entry('spread.vix.logScale').data)).toMatch(/^vix_options_20160601\.csv \(2016-06-01\): 507 two-sided quotes/);
  });

  it('reads numbers at dotted paths and nothing else', () => {
    expect(numberAtPath({ a: { b: 2 } }, 'a.b')).toBe(2);
    expect(numberAtPath({ a: { b: '2' } }, 'a.b')).toBeUndefined();
    expect(numberAtPath({ a: {} }, 'a.b.c')).toBeUndefined();
    expect(numberAtPath({ a: { b: 2 } }, 'a.toString')).toBeUndefined();
  });
});
