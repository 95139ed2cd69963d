/**
 * The day's calibration as the daily signal reports it, on bundled days that show each case: every
 * target published and met (2020-03-16), indexes not yet published (2007-03-01, 1995-06-01), SKEW beyond
 * the smile's reach (2024-09-20), no SKEW close (2000-09-26), no VVIX close (2010-11-11), and a target
 * missed (a surface whose VIX node is moved off by hand).
 */
import { describe, expect, it } from 'vitest';
import { testHistory } from '../../test/support/realSurfaces.js';
import { calibrateModelDay, type CalibratedDay } from '../engine/modelMarketView.js';
import { dayFromIso } from '../time/day.js';
import { DEFAULT_MARKET_MODEL_CONFIG } from './config.js';
import { dayCalibration, tallyCalibrationInputs, VIX_CALIBRATION_TARGET_VOL_POINTS } from './dayCalibration.js';

const config = DEFAULT_MARKET_MODEL_CONFIG;
/** The calibration's own tolerances (config), plus float slack. */
const VIX_TOLERANCE_VOL_POINTS = config.spx.calibrationToleranceVolPoints + 1e-9;
const SKEW_TOLERANCE_POINTS = config.spx.skewCalibrationToleranceSkewPoints + 1e-9;
/** Closes are published with two decimals: a target read from one is that close. */
const CLOSE_TOLERANCE = 1e-9;

function calibratedOn(iso: string): CalibratedDay {
  const day = calibrateModelDay(testHistory(), config, dayFromIso(iso));
  if (day === undefined) throw new Error(`test fixture: no model on ${iso}`);
  return day;
}

describe('dayCalibration', () => {
  it('reports every published target met on 2020-03-16, VIX at 82.69, without a note', () => {
    const { spx, vix } = calibratedOn('2020-03-16');
    const c = dayCalibration(config, spx, vix);
    // The targets are the day's closes (Cboe, data/vix*_daily.csv): VIX9D 106.66, VIX 82.69, VIX3M 67.70.
    expect(c.tenors.map((t) => [t.index, t.source])).toEqual([
      ['VIX9D', 'observed'],
      ['VIX', 'observed'],
      ['VIX3M', 'observed'],
      ['VIX6M', 'observed'],
    ]);
    expect(c.tenors[0]?.targetPercent).toBeCloseTo(106.66, 9);
    expect(Math.abs((c.tenors[1]?.targetPercent ?? 0) - 82.69)).toBeLessThan(CLOSE_TOLERANCE);
    for (const t of c.tenors) {
      expect(t.residualVolPoints).toBe(t.modelPercent - t.targetPercent);
      expect(Math.abs(t.residualVolPoints)).toBeLessThanOrEqual(VIX_TOLERANCE_VOL_POINTS);
    }
    expect(c.largestPublishedResidualVolPoints).toBe(Math.max(...c.tenors.map((t) => Math.abs(t.residualVolPoints))));
    expect(c.skew.source).toBe('skew');
    expect(c.skew.medianWindowTradingDays).toBe(config.spx.skewMedianWindowTradingDays);
    expect(Math.abs(c.skew.residualSkewPoints ?? Infinity)).toBeLessThanOrEqual(SKEW_TOLERANCE_POINTS);
    // VVIX closed at 207.59 (data/vvix_daily.csv); the VIX-option surface reaches it within a point.
    expect(c.vixOptions?.vvixFromFallback).toBe(false);
    expect(c.vixOptions?.targetVvixPercent).toBe(207.59);
    expect(Math.abs(c.vixOptions?.residualVvixPoints ?? Infinity)).toBeLessThan(1);
    expect(c.notes).toEqual([]);
  });

  it('says which indexes stood in before they were published (2007-03-01: VIX9D by mean reversion, VIX3M and VIX6M from futures)', () => {
    const { spx, vix } = calibratedOn('2007-03-01');
    const c = dayCalibration(config, spx, vix);
    expect(c.tenors.map((t) => t.source)).toEqual(['mean-reversion', 'observed', 'futures', 'futures']);
    // Only VIX was published: the largest published residual is its own.
    expect(c.largestPublishedResidualVolPoints).toBe(Math.abs(c.tenors[1]?.residualVolPoints ?? NaN));
    expect(c.notes).toHaveLength(3);
    expect(c.notes[0]).toMatch(/^VIX9D is not published for this day: the 9-day level \d+\.\d\d stands in \(mean reversion from VIX\)$/);
    expect(c.notes[1]).toMatch(/^VIX3M .* stands in \(from the VIX futures curve\)$/);
    expect(c.notes[2]).toMatch(/^VIX6M .* stands in \(from the VIX futures curve\)$/);
  });

  it('has no VIX-option calibration before VIX options listed (1995-06-01)', () => {
    const { spx, vix } = calibratedOn('1995-06-01');
    const c = dayCalibration(config, spx, vix);
    expect(vix).toBeUndefined();
    expect(c.vixOptions).toBeNull();
    expect(c.tenors.filter((t) => t.source === 'observed').map((t) => t.index)).toEqual(['VIX']);
  });

  it('says when SKEW is beyond the smile: 2024-09-20, the level at its bound and the model short of the target', () => {
    const { spx, vix } = calibratedOn('2024-09-20');
    const c = dayCalibration(config, spx, vix);
    expect(c.skew.source).toBe('skew-at-bound');
    expect(c.skew.skewLevel).toBe(config.spx.skewLevelMax);
    expect(c.skew.targetSkew).toBeGreaterThan(c.skew.modelSkew ?? Infinity);
    expect(c.notes.some((n) => n.startsWith(`SKEW ${(c.skew.targetSkew ?? NaN).toFixed(1)} is beyond what the smile can reach: the skew level sits at its bound 2.500`))).toBe(true);
  });

  it('says what stands in without a SKEW close (2000-09-26) and still measures the smile it used', () => {
    const { spx, vix } = calibratedOn('2000-09-26');
    const c = dayCalibration(config, spx, vix);
    expect(c.skew.source).toBe('no-skew');
    expect(c.skew.targetSkew).toBeNull();
    expect(c.skew.residualSkewPoints).toBeNull();
    expect(c.skew.skewLevel).toBe(config.spx.skewLevelWithoutSkew);
    // SKEW's procedure on the fitted smile: above 100 (a put skew), whatever the day.
    expect(c.skew.modelSkew).toBeGreaterThan(100);
    expect(c.notes).toContain('no SKEW close for this day\'s window: the smile keeps skew level 1.000 (spx.skewLevelWithoutSkew) instead of one solved to SKEW');
  });

  it('says when the regression on VIX stands in for VVIX (2010-11-11)', () => {
    const { spx, vix } = calibratedOn('2010-11-11');
    const c = dayCalibration(config, spx, vix);
    expect(c.vixOptions?.vvixFromFallback).toBe(true);
    expect(c.notes).toContain(`no VVIX close for this day: ${(c.vixOptions?.targetVvixPercent ?? NaN).toFixed(2)} from the regression of VVIX on VIX stands in`);
  });

  it('says when the VIX-option surface is calibrated to a share of VVIX (2020-03-16 at 0.8: 0.8 x 207.59)', () => {
    const scaled = { ...config, vix: { ...config.vix, surface: { ...config.vix.surface, vvixTargetScale: 0.8 } } };
    const { spx, vix } = calibrateModelDay(testHistory(), scaled, dayFromIso('2020-03-16')) ?? {};
    if (spx === undefined || vix === undefined) throw new Error('test fixture: no model on 2020-03-16');
    const c = dayCalibration(scaled, spx, vix);
    expect(c.vixOptions?.targetVvixPercent).toBeCloseTo(166.072, 9);
    expect(c.notes).toEqual(['VIX options are priced on a surface calibrated to 0.8 x VVIX 207.59 = 166.07 (vix.surface.vvixTargetScale, a stress assumption)']);
  });

  it('calls out a tenor whose model index is more than 0.1 vol point from its target', () => {
    const { spx, vix } = calibratedOn('2020-03-16');
    // The VIX node moved 0.2 vol point off by hand: 82.69 against a model index of 82.89.
    const moved = { ...spx, nodes: spx.nodes.map((n) => (n.tenor === 'vix' ? { ...n, modelIndexDecimal: n.indexDecimal + 0.002 } : n)) };
    const c = dayCalibration(config, moved, vix);
    expect(c.tenors[1]?.residualVolPoints).toBeCloseTo(0.2, 9);
    expect(c.largestPublishedResidualVolPoints).toBeCloseTo(0.2, 9);
    expect(c.notes).toEqual([`VIX: the model's own index is 82.89 against 82.69, 0.20 vol points off (more than ${VIX_CALIBRATION_TARGET_VOL_POINTS})`]);
  });
});

describe('tallyCalibrationInputs', () => {
  it('counts each input by where it came from, with the first and last day, over 2010-11-10..12 and a day without a model', () => {
    const isos = ['2010-11-10', '2010-11-11', '2010-11-12'];
    const days = [
      ...isos.map((iso) => ({ day: dayFromIso(iso), ...calibratedOn(iso) })),
      // A data gap: the engine had no model that day.
      { day: dayFromIso('2010-11-15'), spx: undefined, vix: undefined },
    ];
    const tally = tallyCalibrationInputs(days);
    expect(tally.modelDays).toBe(3);
    expect(tally.daysWithoutModel).toBe(1);
    // VIX9D was first published on 2011-01-04: mean reversion stood in; VIX, VIX3M and VIX6M were published.
    expect(tally.tenors.map((t) => [t.index, t.tenorDays, t.bySource.map((d) => `${d.source} ${d.days}`).join(', ')])).toEqual([
      ['VIX9D', 9, 'mean-reversion 3'],
      ['VIX', 30, 'observed 3'],
      ['VIX3M', 93, 'observed 3'],
      ['VIX6M', 183, 'observed 3'],
    ]);
    expect(tally.skew).toEqual([{ source: 'skew', days: 3, firstDay: dayFromIso('2010-11-10'), lastDay: dayFromIso('2010-11-12') }]);
    // No VVIX close on 2010-11-11 (the day the daily signal says so).
    expect(tally.vvix).toEqual([
      { source: 'published', days: 2, firstDay: dayFromIso('2010-11-10'), lastDay: dayFromIso('2010-11-12') },
      { source: 'regression on VIX', days: 1, firstDay: dayFromIso('2010-11-11'), lastDay: dayFromIso('2010-11-11') },
    ]);
    // The largest residual is that of the day-by-day calibration lines.
    const largestByDay = isos.map((iso) => {
      const { spx, vix } = calibratedOn(iso);
      return dayCalibration(config, spx, vix).largestPublishedResidualVolPoints ?? 0;
    });
    expect(tally.largestPublishedResidualVolPoints).toBeCloseTo(Math.max(...largestByDay), 12);
    expect(tally.daysPublishedResidualAboveTarget).toBe(0);
  });
});
