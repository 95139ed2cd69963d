/**
 * The VIX formula check over history. For every day: build the surface from that day's inputs, apply
 * the Cboe procedure to the model's own prices at each VIX-family tenor, and compare with the real
 * index (the calibration residual). Separately, on days where the real VIX9D/VIX3M/VIX6M exist, rebuild
 * the term structure as if they did not (VIX-only mean reversion, and VIX futures where they exist) and
 * compare the fallback's level with the real one: the error a backtest carries before 2008-2011.
 */
import type { Result } from '../../lib/result.js';
import type { DayNumber } from '../../time/day.js';
import type { MarketDay } from '../../market/marketDay.js';
import type { SpxModelConfig } from '../../market/spx/config.js';
import { buildSpxSurface, type SkewLevelSource } from '../../market/spx/surface.js';
import { dayFromIso, ymdFromDay } from '../../time/day.js';
import { termStructureNodes, type VixFamilyTenor } from '../../market/spx/termStructure.js';
import { TERM_STRUCTURE_FIT_LAST_DAY_ISO } from '../../market/spx/fit/termStructureFit.js';
import { distributionOf, type Distribution } from './stats.js';
import { VIX_CALIBRATION_TARGET_VOL_POINTS } from '../../market/dayCalibration.js';
import { VOL_POINTS_PER_DECIMAL } from '../../lib/units.js';

export interface VixFormulaCheck {
  readonly dayCount: number;
  readonly firstDay: DayNumber | undefined;
  readonly lastDay: DayNumber | undefined;
  /** |model index - real index| in vol points, per tenor, on days the real index exists. */
  readonly calibrationResidualVolPoints: Readonly<Partial<Record<VixFamilyTenor, Distribution>>>;
  /** Days whose residual at some tenor exceeds the 0.1 vol-point target. */
  readonly daysAboveTarget: readonly { readonly day: DayNumber; readonly tenor: VixFamilyTenor; readonly residualVolPoints: number }[];
  /** |fallback level - real level| in vol points, by fallback and tenor. */
  readonly meanReversionFallbackErrorVolPoints: Readonly<Partial<Record<VixFamilyTenor, Distribution>>>;
  readonly futuresFallbackErrorVolPoints: Readonly<Partial<Record<VixFamilyTenor, Distribution>>>;
  /**
   * The VIX-only fallback's error split at the end of its fit window: the days up to it (the fit read
   * the 2011-2015 ones) and the held-out days after it, where the error is out of sample.
   */
  readonly meanReversionFallbackErrorByPeriodVolPoints: {
    readonly throughFitEnd: Readonly<Partial<Record<VixFamilyTenor, Distribution>>>;
    readonly heldOut: Readonly<Partial<Record<VixFamilyTenor, Distribution>>>;
  };
  readonly failedDays: readonly { readonly day: DayNumber; readonly reason: string }[];
  /** The daily SKEW calibration over the same days. */
  readonly skew: SkewCalibrationCheck;
}

export interface SkewCalibrationCheck {
  /** |model SKEW − SKEW target| in SKEW points, on days calibrated to a target within the bounds. */
  readonly residualSkewPoints: Distribution | undefined;
  /** Days by where their skew level came from. */
  readonly sourceCounts: Readonly<Record<SkewLevelSource, number>>;
  /** The first checked day of each month: its SKEW target (when any) and skew level. */
  readonly monthly: readonly { readonly day: DayNumber; readonly targetSkew: number | undefined; readonly skewLevel: number }[];
}

const TENORS: readonly VixFamilyTenor[] = ['vix9d', 'vix', 'vix3m', 'vix6m'];

function realOf(day: MarketDay, tenor: VixFamilyTenor): number | undefined {
  switch (tenor) {
    case 'vix9d':
      return day.vix9dDecimal;
    case 'vix':
      return day.vixDecimal;
    case 'vix3m':
      return day.vix3mDecimal;
    case 'vix6m':
      return day.vix6mDecimal;
  }
}

function summarise(samples: Map<VixFamilyTenor, number[]>): Partial<Record<VixFamilyTenor, Distribution>> {
  const out: Partial<Record<VixFamilyTenor, Distribution>> = {};
  for (const tenor of TENORS) {
    const d = distributionOf(samples.get(tenor) ?? []);
    if (d !== undefined) out[tenor] = d;
  }
  return out;
}

export function checkVixFormulaOverHistory(
  days: readonly DayNumber[],
  marketDayOf: (day: DayNumber) => Result<MarketDay, { readonly missing: string }>,
  config: SpxModelConfig,
): VixFormulaCheck {
  const residuals = new Map<VixFamilyTenor, number[]>();
  const meanReversion = new Map<VixFamilyTenor, number[]>();
  const futures = new Map<VixFamilyTenor, number[]>();
  const meanReversionThroughFitEnd = new Map<VixFamilyTenor, number[]>();
  const meanReversionHeldOut = new Map<VixFamilyTenor, number[]>();
  const fitLastDay = dayFromIso(TERM_STRUCTURE_FIT_LAST_DAY_ISO);
  const push = (map: Map<VixFamilyTenor, number[]>, tenor: VixFamilyTenor, value: number) => {
    const list = map.get(tenor) ?? [];
    list.push(value);
    map.set(tenor, list);
  };
  const daysAboveTarget: { day: DayNumber; tenor: VixFamilyTenor; residualVolPoints: number }[] = [];
  const failedDays: { day: DayNumber; reason: string }[] = [];
  const skewResiduals: number[] = [];
  const sourceCounts: Record<SkewLevelSource, number> = { skew: 0, 'skew-at-bound': 0, 'no-skew': 0, fixed: 0 };
  const monthly: { day: DayNumber; targetSkew: number | undefined; skewLevel: number }[] = [];
  let lastMonth = '';
  let checked = 0;
  for (const day of days) {
    const marketDay = marketDayOf(day);
    if (!marketDay.ok) {
      failedDays.push({ day, reason: `missing ${marketDay.error.missing}` });
      continue;
    }
    const surface = buildSpxSurface(marketDay.value, config);
    if (!surface.ok) {
      failedDays.push({ day, reason: surface.error.reason });
      continue;
    }
    checked++;
    const { skew } = surface.value;
    sourceCounts[skew.source]++;
    if (skew.source === 'skew' && skew.modelSkew !== undefined && skew.targetSkew !== undefined) skewResiduals.push(Math.abs(skew.modelSkew - skew.targetSkew));
    const { year, month } = ymdFromDay(day);
    const monthKey = `${year}-${month}`;
    if (monthKey !== lastMonth) {
      monthly.push({ day, targetSkew: skew.targetSkew, skewLevel: skew.skewLevel });
      lastMonth = monthKey;
    }
    for (const node of surface.value.nodes) {
      if (node.source !== 'observed') continue;
      const residual = VOL_POINTS_PER_DECIMAL * Math.abs(node.modelIndexDecimal - node.indexDecimal);
      push(residuals, node.tenor, residual);
      if (!(residual <= VIX_CALIBRATION_TARGET_VOL_POINTS)) daysAboveTarget.push({ day, tenor: node.tenor, residualVolPoints: residual });
    }
    const hasOtherTenor = TENORS.some((t) => t !== 'vix' && realOf(marketDay.value, t) !== undefined);
    if (!hasOtherTenor) continue;
    const policies = [
      ['mean-reversion-only', meanReversion],
      ['futures-only', futures],
    ] as const;
    for (const [fallback, sink] of policies) {
      const nodes = termStructureNodes(marketDay.value, config, { ignoreObservedTenors: true, fallback });
      if (!nodes.ok) continue;
      for (const node of nodes.value) {
        const real = realOf(marketDay.value, node.tenor);
        if (node.tenor === 'vix' || real === undefined) continue;
        if (fallback === 'futures-only' && node.source !== 'futures') continue;
        const errorVolPoints = VOL_POINTS_PER_DECIMAL * Math.abs(node.indexDecimal - real);
        push(sink, node.tenor, errorVolPoints);
        if (fallback === 'mean-reversion-only') push(day <= fitLastDay ? meanReversionThroughFitEnd : meanReversionHeldOut, node.tenor, errorVolPoints);
      }
    }
  }
  return {
    dayCount: checked,
    firstDay: days[0],
    lastDay: days[days.length - 1],
    calibrationResidualVolPoints: summarise(residuals),
    daysAboveTarget,
    meanReversionFallbackErrorVolPoints: summarise(meanReversion),
    futuresFallbackErrorVolPoints: summarise(futures),
    meanReversionFallbackErrorByPeriodVolPoints: { throughFitEnd: summarise(meanReversionThroughFitEnd), heldOut: summarise(meanReversionHeldOut) },
    failedDays,
    skew: { residualSkewPoints: distributionOf(skewResiduals), sourceCounts, monthly },
  };
}
