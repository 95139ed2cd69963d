/**
 * How one day's market model was calibrated, in the figures a trader checks before trusting its prices:
 * each VIX-family tenor the SPX surface was solved to (the published index or what stood in for it)
 * against Cboe's procedure on the model's own strip, the SKEW the smile was scaled to, and the VVIX the
 * VIX-option surface was solved to. Where a target was missing or could not be reached, a plain-words
 * note says what stood in. Pure: it reads a calibrated day and the model config, nothing else.
 */
import type { MarketModelConfig } from './config.js';
import { modelSkewIndex, type CalibratedNode, type SkewLevelSource, type SpxVolSurface } from './spx/surface.js';
import { VIX_FAMILY_INDEX_NAMES, type TenorSource, type VixFamilyTenor } from './spx/termStructure.js';
import type { DayNumber } from '../time/day.js';
import { publishedVvixPercent, type VixDaySurface } from './vix/daySurface.js';
import { modelVvixPercent } from './vix/vvixCalibration.js';
import { VOL_POINTS_PER_DECIMAL } from '../lib/units.js';

/**
 * The calibration residual above which a VIX-family tenor is called out, vol points: the model's own
 * index is solved to within 0.1 vol point of its target (the target of the model issue, checked over
 * history by `alvh validate`).
 */
export const VIX_CALIBRATION_TARGET_VOL_POINTS = 0.1;
/** The SKEW residual above which the day's smile is called out, SKEW points (one point of a ~130 index). */
export const SKEW_CALIBRATION_NOTE_POINTS = 1;
/** The VVIX residual above which the day's VIX-option surface is called out, VVIX points. */
export const VVIX_CALIBRATION_NOTE_POINTS = 1;

/** |model − target| of a calibrated tenor, vol points: what the calibration line and the run's tally both report. */
function residualVolPoints(n: CalibratedNode): number {
  return n.modelIndexDecimal * VOL_POINTS_PER_DECIMAL - n.indexDecimal * VOL_POINTS_PER_DECIMAL;
}

export interface TenorCalibration {
  readonly tenor: VixFamilyTenor;
  /** Cboe's name of the index (VIX9D, VIX, VIX3M, VIX6M). */
  readonly index: string;
  readonly tenorDays: number;
  /** Where the target came from: the published index, the VIX futures, or mean reversion from VIX. */
  readonly source: TenorSource;
  /** The level the surface was solved to, vol points (percent). */
  readonly targetPercent: number;
  /** Cboe's procedure on the model's own strip at this tenor, vol points. */
  readonly modelPercent: number;
  /** model − target, vol points. */
  readonly residualVolPoints: number;
  /** The solved ATM implied vol at this tenor, percent. */
  readonly atmVolPercent: number;
  /** The ATM variance was raised to keep total variance increasing with the tenor (the target is then not met). */
  readonly raisedForCalendar: boolean;
}

export interface SkewCalibrationSummary {
  readonly source: SkewLevelSource;
  /** Multiplier of the fitted smile's wing slope for the day (1 = the smile as fitted). */
  readonly skewLevel: number;
  /** The SKEW the smile was solved to (median of the published closes of the window below); null with none. */
  readonly targetSkew: number | null;
  /** The trading days whose SKEW closes the target is the median of (spx.skewMedianWindowTradingDays). */
  readonly medianWindowTradingDays: number;
  /** Cboe's SKEW procedure on the model's own strips; null when it cannot be computed on this surface. */
  readonly modelSkew: number | null;
  /** model − target, SKEW points; null without a target. */
  readonly residualSkewPoints: number | null;
}

export interface VixOptionCalibrationSummary {
  /** The VVIX the surface was solved to: the published close, or the regression on VIX that stands in. */
  readonly targetVvixPercent: number;
  readonly vvixFromFallback: boolean;
  /** Cboe's VVIX procedure on the model's own VIX-option strips. */
  readonly modelVvixPercent: number;
  readonly residualVvixPoints: number;
  /** The surface's 30-day ATM implied vol, percent. */
  readonly atmVol30Percent: number;
}

export interface DayCalibration {
  readonly tenors: readonly TenorCalibration[];
  /** The largest |model − target| over the tenors whose target is a published index, vol points; null with none. */
  readonly largestPublishedResidualVolPoints: number | null;
  readonly skew: SkewCalibrationSummary;
  /** Null on a day without VIX options (before 2006, or no futures curve). */
  readonly vixOptions: VixOptionCalibrationSummary | null;
  /** What stood in for a missing target, or a target the model did not reach: one sentence each. */
  readonly notes: readonly string[];
}

const round = (x: number, digits: number) => x.toFixed(digits);

/** The day's calibration, measured on the surfaces the day's prices come from. */
export function dayCalibration(modelConfig: MarketModelConfig, spx: SpxVolSurface, vix: VixDaySurface | undefined): DayCalibration {
  const notes: string[] = [];
  const tenors = spx.nodes.map((n): TenorCalibration => {
    const targetPercent = n.indexDecimal * VOL_POINTS_PER_DECIMAL;
    const modelPercent = n.modelIndexDecimal * VOL_POINTS_PER_DECIMAL;
    return {
      tenor: n.tenor,
      index: VIX_FAMILY_INDEX_NAMES[n.tenor],
      tenorDays: n.tenorDays,
      source: n.source,
      targetPercent,
      modelPercent,
      residualVolPoints: residualVolPoints(n),
      atmVolPercent: n.atmVolDecimal * VOL_POINTS_PER_DECIMAL,
      raisedForCalendar: n.raisedForCalendar,
    };
  });
  let largest: number | null = null;
  for (const t of tenors) {
    if (t.source === 'observed') largest = Math.max(largest ?? 0, Math.abs(t.residualVolPoints));
    if (t.source !== 'observed') {
      notes.push(`${t.index} is not published for this day: the ${t.tenorDays}-day level ${round(t.targetPercent, 2)} stands in (${t.source === 'futures' ? 'from the VIX futures curve' : 'mean reversion from VIX'})`);
    }
    if (t.raisedForCalendar) {
      notes.push(`${t.index}: the ATM variance was raised to keep the term structure free of calendar arbitrage, so the model's ${t.index} is ${round(t.modelPercent, 2)} against ${round(t.targetPercent, 2)}`);
    } else if (Math.abs(t.residualVolPoints) > VIX_CALIBRATION_TARGET_VOL_POINTS) {
      notes.push(`${t.index}: the model's own index is ${round(t.modelPercent, 2)} against ${round(t.targetPercent, 2)}, ${round(Math.abs(t.residualVolPoints), 2)} vol points off (more than ${VIX_CALIBRATION_TARGET_VOL_POINTS})`);
    }
  }

  const skew = skewSummary(spx, modelConfig.spx.skewMedianWindowTradingDays);
  if (skew.source === 'no-skew') notes.push(`no SKEW close for this day's window: the smile keeps skew level ${round(skew.skewLevel, 3)} (spx.skewLevelWithoutSkew) instead of one solved to SKEW`);
  if (skew.source === 'skew-at-bound') {
    notes.push(`SKEW ${skew.targetSkew === null ? '' : `${round(skew.targetSkew, 1)} `}is beyond what the smile can reach: the skew level sits at its bound ${round(skew.skewLevel, 3)} and the model's SKEW is ${skew.modelSkew === null ? 'not computable' : round(skew.modelSkew, 1)}`);
  } else if (skew.residualSkewPoints !== null && Math.abs(skew.residualSkewPoints) > SKEW_CALIBRATION_NOTE_POINTS) {
    notes.push(`the model's SKEW is ${round(skew.residualSkewPoints, 1)} points from its target`);
  }

  let vixOptions: VixOptionCalibrationSummary | null = null;
  if (vix !== undefined) {
    const model = modelVvixPercent(modelConfig.vix.surface, vix.atmVol30Decimal, vix);
    vixOptions = {
      targetVvixPercent: vix.vvixPercent,
      vvixFromFallback: vix.vvixFromFallback,
      modelVvixPercent: model,
      residualVvixPoints: model - vix.vvixPercent,
      atmVol30Percent: vix.atmVol30Decimal * VOL_POINTS_PER_DECIMAL,
    };
    const scale = modelConfig.vix.surface.vvixTargetScale;
    const published = publishedVvixPercent(modelConfig.vix.surface, vix);
    if (vix.vvixFromFallback) notes.push(`no VVIX close for this day: ${round(published, 2)} from the regression of VVIX on VIX stands in`);
    if (scale !== 1) notes.push(`VIX options are priced on a surface calibrated to ${scale} x VVIX ${round(published, 2)} = ${round(vix.vvixPercent, 2)} (vix.surface.vvixTargetScale, a stress assumption)`);
    if (Math.abs(vixOptions.residualVvixPoints) > VVIX_CALIBRATION_NOTE_POINTS) {
      // The calibration solves on a tabulated VVIX procedure; the exact one on the solved surface says how far that came.
      notes.push(`the VIX-option surface reaches VVIX ${round(model, 2)} by Cboe's procedure against its target ${round(vix.vvixPercent, 2)}, more than ${VVIX_CALIBRATION_NOTE_POINTS} point off`);
    }
  }
  return { tenors, largestPublishedResidualVolPoints: largest, skew, vixOptions, notes };
}

function skewSummary(spx: SpxVolSurface, medianWindowTradingDays: number): SkewCalibrationSummary {
  const s = spx.skew;
  let modelSkew = s.modelSkew ?? null;
  if (modelSkew === null) {
    // Not aimed at a target (no SKEW in the window, or the fixed smile): the procedure on the day's smile says what the model holds.
    const computed = modelSkewIndex(spx);
    modelSkew = computed.ok ? computed.value : null;
  }
  const targetSkew = s.targetSkew ?? null;
  return {
    source: s.source,
    skewLevel: s.skewLevel,
    targetSkew,
    medianWindowTradingDays,
    modelSkew,
    residualSkewPoints: targetSkew !== null && modelSkew !== null ? modelSkew - targetSkew : null,
  };
}

/** Days on which one input of the model came from one source, and the first and last of them. */
export interface SourceDays {
  readonly source: string;
  readonly days: number;
  readonly firstDay: DayNumber;
  readonly lastDay: DayNumber;
}

/**
 * What the market model rested on over a span of days: for each VIX-family tenor, SKEW and VVIX, on
 * how many days the target was a published close and on how many something stood in (which, from when
 * to when). The daily calibration line of the signal, counted over a backtest.
 */
export interface CalibrationInputsTally {
  /** Days with a calibrated model. */
  readonly modelDays: number;
  /** Days of the span where the model could not be built (a data gap: the engine carried the book). */
  readonly daysWithoutModel: number;
  readonly tenors: readonly { readonly tenor: VixFamilyTenor; readonly index: string; readonly tenorDays: number; readonly bySource: readonly SourceDays[] }[];
  /** The largest |model − target| of a published VIX-family index over the span, vol points; null with none. */
  readonly largestPublishedResidualVolPoints: number | null;
  /** Days on which a published index was missed by more than VIX_CALIBRATION_TARGET_VOL_POINTS. */
  readonly daysPublishedResidualAboveTarget: number;
  readonly skew: readonly SourceDays[];
  /** By the VVIX's source: `published`, `regression on VIX`, or `no VIX options` (no VIX-option surface that day). */
  readonly vvix: readonly SourceDays[];
}

class SourceCounter {
  private readonly bySource = new Map<string, { days: number; firstDay: DayNumber; lastDay: DayNumber }>();

  add(source: string, day: DayNumber): void {
    const known = this.bySource.get(source);
    if (known === undefined) this.bySource.set(source, { days: 1, firstDay: day, lastDay: day });
    else {
      known.days++;
      known.lastDay = day;
    }
  }

  /** In the order each source was first met (the days come in order: the oldest source first). */
  list(): SourceDays[] {
    return [...this.bySource.entries()].map(([source, c]) => ({ source, ...c }));
  }
}

/**
 * The tally of the inputs over `days` (in ascending order), each with its calibrated day or undefined
 * where no model could be built. It reads only what each calibration kept (sources, targets and the
 * model's own VIX-family indexes), so it costs no strip.
 */
export function tallyCalibrationInputs(days: Iterable<{ readonly day: DayNumber; readonly spx: SpxVolSurface | undefined; readonly vix: VixDaySurface | undefined }>): CalibrationInputsTally {
  const tenorCounters = new Map<VixFamilyTenor, SourceCounter>();
  const tenorDays = new Map<VixFamilyTenor, number>();
  const skew = new SourceCounter();
  const vvix = new SourceCounter();
  let modelDays = 0;
  let daysWithoutModel = 0;
  let largest: number | null = null;
  let aboveTarget = 0;
  for (const { day, spx, vix } of days) {
    if (spx === undefined) {
      daysWithoutModel++;
      continue;
    }
    modelDays++;
    let missed = false;
    for (const n of spx.nodes) {
      let counter = tenorCounters.get(n.tenor);
      if (counter === undefined) {
        counter = new SourceCounter();
        tenorCounters.set(n.tenor, counter);
        tenorDays.set(n.tenor, n.tenorDays);
      }
      counter.add(n.source, day);
      if (n.source !== 'observed') continue;
      const residual = Math.abs(residualVolPoints(n));
      largest = Math.max(largest ?? 0, residual);
      if (residual > VIX_CALIBRATION_TARGET_VOL_POINTS) missed = true;
    }
    if (missed) aboveTarget++;
    skew.add(spx.skew.source, day);
    vvix.add(vix === undefined ? 'no VIX options' : vix.vvixFromFallback ? 'regression on VIX' : 'published', day);
  }
  const order: readonly VixFamilyTenor[] = ['vix9d', 'vix', 'vix3m', 'vix6m'];
  return {
    modelDays,
    daysWithoutModel,
    tenors: order.flatMap((tenor) => {
      const counter = tenorCounters.get(tenor);
      return counter === undefined ? [] : [{ tenor, index: VIX_FAMILY_INDEX_NAMES[tenor], tenorDays: tenorDays.get(tenor) as number, bySource: counter.list() }];
    }),
    largestPublishedResidualVolPoints: largest,
    daysPublishedResidualAboveTarget: aboveTarget,
    skew: skew.list(),
    vvix: vvix.list(),
  };
}
