/**
 * The SPX model's sections of the validation report: the model against real quotes (fit and held-out
 * sets), the February 2018 iron condor marked daily, and the VIX formula over all history. Pure: the
 * caller passes the market history and the parsed chains; nothing here reads a file.
 */
import { err, ok, type Result } from '../../lib/result.js';
import type { MarketHistory } from '../../history/types.js';
import { dayFromIso, isoFromDay, yearFractionAct365, type DayNumber } from '../../time/day.js';
import { marketDayFromHistory } from '../../market/marketDay.js';
import { prepareOtmQuotes, type ChainQuote } from '../../market/quotes/otmQuotes.js';
import { zeroDiscountFactor, type ZeroCurvePoint } from '../../market/quotes/zeroCurve.js';
import { barChart, lineChart } from '../../report/svgChart.js';
import type { JsonValue, ReportSection } from '../../report/section.js';
import type { SpxModelConfig } from '../../market/spx/config.js';
import { buildSpxSurface, type SpxVolSurface } from '../../market/spx/surface.js';
import { TERM_STRUCTURE_FIT_LAST_DAY_ISO } from '../../market/spx/fit/termStructureFit.js';
import { markCondor, selectCondorStrikesWithModel, type CondorMarks, type CondorSpec } from './condorMarks.js';
import { allDeltaBuckets, deltaBucketLabel } from './deltaBuckets.js';
import { compareModelToQuotes, type QuoteComparison } from './quoteComparison.js';
import { ivErrorBreakdowns, ivErrorBreakdownsJson, ivErrorBreakdownTables, VALIDATION_DTE_BUCKETS_DAYS, type IvErrorBreakdownRow, type IvErrorBreakdowns } from './errorBreakdown.js';
import {
  CONDOR_MARKS_MIN_REAL_MARK_POINTS,
  CONDOR_MARKS_TARGET_RELATIVE_ERROR,
  IV_ERROR_TARGET_BUCKETS,
  IV_ERROR_TARGET_MEDIAN_ABS_VOL_POINTS,
  IV_ERROR_TARGET_SIGNED_MEDIAN_VOL_POINTS,
  ivErrorTargetMet,
  worstJudgedMark,
} from './targetRules.js';
import type { Distribution } from './stats.js';
import { checkVixFormulaOverHistory, type VixFormulaCheck } from './vixFormulaCheck.js';
import { VIX_CALIBRATION_TARGET_VOL_POINTS } from '../../market/dayCalibration.js';
import { VIX_FAMILY_INDEX_NAMES, type VixFamilyTenor } from '../../market/spx/termStructure.js';

export const FEB_2018_CONDOR: CondorSpec = {
  openDay: dayFromIso('2018-01-31'),
  expiryDay: dayFromIso('2018-02-28'),
  shortDeltaAbs: 0.16,
  wingWidthPoints: 50,
};

export interface SpxValidationInputs {
  readonly history: MarketHistory;
  /** The 2020-12-01 SPX chain (fit set) and its zero curve. */
  readonly spx20201201: readonly ChainQuote[];
  readonly zeroRates20201201: readonly ZeroCurvePoint[];
  /** The 2018-01/02 SPXW chain (held-out set). */
  readonly spxw2018JanFeb: readonly ChainQuote[];
  readonly config: SpxModelConfig;
  /** Days of the VIX formula check; all trading days of the history when omitted. */
  readonly vixCheckDays?: readonly DayNumber[];
}

export type SpxValidationError = { readonly kind: 'spx-validation'; readonly reason: string };

const f2 = (v: number | undefined) => (v === undefined ? 'n/a' : v.toFixed(2));
const f4 = (v: number | undefined) => (v === undefined ? 'n/a' : v.toFixed(4));
const pct = (v: number) => `${(100 * v).toFixed(1)} %`;

function distributionJson(d: Distribution | undefined): JsonValue {
  if (d === undefined) return null;
  const round = (v: number) => Number(v.toFixed(6));
  return { count: d.count, median: round(d.median), mean: round(d.mean), p90: round(d.p90), max: round(d.max) };
}

function surfaceSource(history: MarketHistory, config: SpxModelConfig) {
  const cache = new Map<DayNumber, Result<SpxVolSurface, { reason: string }>>();
  return (day: DayNumber): Result<SpxVolSurface, { reason: string }> => {
    const cached = cache.get(day);
    if (cached !== undefined) return cached;
    const marketDay = marketDayFromHistory(history, day);
    const built: Result<SpxVolSurface, { reason: string }> = marketDay.ok
      ? buildSpxSurface(marketDay.value, config)
      : err({ reason: `missing ${marketDay.error.missing}` });
    cache.set(day, built);
    return built;
  };
}

function bucketTable(comparison: QuoteComparison): string {
  const lines = [
    '| bucket | quotes | median IV error (model − real, vol pts) | median abs IV error | p90 abs IV error | median abs price error (spreads) |',
    '|---|---:|---:|---:|---:|---:|',
  ];
  for (const b of comparison.buckets) {
    lines.push(
      `| ${deltaBucketLabel(b.bucket)} | ${b.ivError.count} | ${f2(b.ivError.median)} | ${f2(b.absIvError.median)} | ${f2(b.absIvError.p90)} | ${f2(b.absPriceErrorInSpreads.median)} |`,
    );
  }
  return lines.join('\n');
}

/**
 * The quote comparison of each set. With `vixCloseOn`, each set's errors are also broken down by days
 * to expiry and by the quote day's VIX close (a caller that shows that breakdown elsewhere omits it).
 */
export function spxQuoteSection(
  comparisons: readonly QuoteComparison[],
  excluded: Readonly<Record<string, Readonly<Record<string, number>>>>,
  vixCloseOn?: (day: DayNumber) => number | undefined,
): ReportSection {
  const breakdowns = new Map(vixCloseOn === undefined ? [] : comparisons.map((c) => [c.setName, ivErrorBreakdowns(c.rows, VALIDATION_DTE_BUCKETS_DAYS, vixCloseOn)]));
  const breakdownJson = (setName: string) => {
    const breakdown = breakdowns.get(setName);
    return breakdown === undefined ? {} : ivErrorBreakdownsJson(breakdown);
  };
  const parts: string[] = [
    'Every out-of-the-money quote with a bid, at least one day to expiry and |delta| ≥ 2.5 %, against the model surface built from that quote date\'s index data only (SPX close, VIX family, T-bill rate, dividend yield). Real implied vols are computed here from the mid with a put-call-parity forward (never the vendor IV). Delta buckets use the real quote\'s forward delta. Price error is (model − mid) / (ask − bid).',
  ];
  for (const c of comparisons) {
    parts.push(`### ${c.setName} (${c.role === 'fit' ? 'fit set: the smile shape was fitted on it' : 'held-out: never used for fitting'})`);
    parts.push(bucketTable(c));
    const excludedText = Object.entries(excluded[c.setName] ?? {})
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([reason, n]) => `${reason} ${n}`)
      .join(', ');
    parts.push(`Rows left out: ${excludedText || 'none'}. Median |IV error| over the 16-25 delta buckets: **${f2(c.medianAbsIvError16to25VolPoints)} vol points**.`);
    if (c.days.length > 1) {
      parts.push('| quote date | quotes | median abs IV error 16-25Δ (vol pts) | median abs price error (spreads) |\n|---|---:|---:|---:|');
      parts[parts.length - 1] += `\n${c.days
        .map((d) => `| ${isoFromDay(d.quoteDay)} | ${d.quoteCount} | ${f2(d.medianAbsIvError16to25VolPoints)} | ${f2(d.medianAbsPriceErrorInSpreads)} |`)
        .join('\n')}`;
    }
    const breakdown = breakdowns.get(c.setName);
    if (breakdown !== undefined) {
      parts.push(
        `Where the error lies: the same quotes by calendar days to expiry and by the quote day's VIX close, the target's 16-25 delta quotes also by puts and calls (a bucket without a quote is left out).`,
        ...ivErrorBreakdownTables(breakdown),
      );
    }
    if (c.unpricedQuoteCount > 0) parts.push(`Quotes the model could not price: ${c.unpricedQuoteCount} (${c.firstUnpricedReason ?? ''}).`);
    if (c.skippedDays.length > 0) parts.push(`Quote dates without a model surface: ${c.skippedDays.map((s) => `${isoFromDay(s.quoteDay)} (${s.reason})`).join('; ')}.`);
  }
  const heldOut = comparisons.find((c) => c.role === 'held-out');
  const headline = heldOut?.medianAbsIvError16to25VolPoints;
  const signedMedians = IV_ERROR_TARGET_BUCKETS.map((label) => ({ label, median: heldOut?.buckets.find((b) => deltaBucketLabel(b.bucket) === label)?.ivError.median }));
  const heldOutMet = ivErrorTargetMet(
    headline,
    signedMedians.map((b) => b.median),
  );
  parts.push(
    `**Target** (the target table's first row): on the held-out chain, the median |IV error| over the 16-25 delta buckets at most ${IV_ERROR_TARGET_MEDIAN_ABS_VOL_POINTS} vol points and the signed median of each 16-25 delta bucket within ±${IV_ERROR_TARGET_SIGNED_MEDIAN_VOL_POINTS}. **Measured**: ${f2(headline)} vol points; signed ${signedMedians.map((b) => `${b.label} ${f2(b.median)}`).join(', ')} — ${heldOutMet ? 'met' : 'missed'}.`,
  );
  const categories = allDeltaBuckets().map(deltaBucketLabel);
  const chart = barChart({
    title: 'Median IV error by delta bucket (model − real)',
    yLabel: 'vol points',
    categories,
    series: comparisons.map((c) => ({
      name: c.setName,
      values: allDeltaBuckets().map((b) => c.buckets.find((x) => deltaBucketLabel(x.bucket) === deltaBucketLabel(b))?.ivError.median),
    })),
  });
  return {
    id: 'spx-quotes',
    title: 'SPX model against real option quotes',
    markdown: parts.join('\n\n'),
    json: {
      targetMedianAbsIvError16to25VolPoints: IV_ERROR_TARGET_MEDIAN_ABS_VOL_POINTS,
      targetSignedMedianVolPoints: IV_ERROR_TARGET_SIGNED_MEDIAN_VOL_POINTS,
      targetMet: heldOutMet,
      sets: comparisons.map((c) => ({
        name: c.setName,
        role: c.role,
        quoteCount: c.rows.length,
        medianAbsIvError16to25VolPoints: c.medianAbsIvError16to25VolPoints === undefined ? null : Number(c.medianAbsIvError16to25VolPoints.toFixed(6)),
        excluded: { ...(excluded[c.setName] ?? {}) },
        buckets: c.buckets.map((b) => ({
          bucket: deltaBucketLabel(b.bucket),
          ivErrorVolPoints: distributionJson(b.ivError),
          absIvErrorVolPoints: distributionJson(b.absIvError),
          absPriceErrorInSpreads: distributionJson(b.absPriceErrorInSpreads),
        })),
        days: c.days.map((d) => ({
          quoteDate: isoFromDay(d.quoteDay),
          quoteCount: d.quoteCount,
          medianAbsIvError16to25VolPoints: d.medianAbsIvError16to25VolPoints === undefined ? null : Number(d.medianAbsIvError16to25VolPoints.toFixed(6)),
          medianAbsPriceErrorInSpreads: d.medianAbsPriceErrorInSpreads === undefined ? null : Number(d.medianAbsPriceErrorInSpreads.toFixed(6)),
        })),
        ...breakdownJson(c.setName),
        skippedDays: c.skippedDays.map((s) => ({ quoteDate: isoFromDay(s.quoteDay), reason: s.reason })),
        unpricedQuoteCount: c.unpricedQuoteCount,
      })),
    },
    svgCharts: [{ id: 'spx-iv-error-by-bucket', title: 'Median IV error by delta bucket', svg: chart }, ...breakdownCharts(heldOut, heldOut === undefined ? undefined : breakdowns.get(heldOut.setName))],
  };
}

export function spxCondorSection(condor: CondorMarks): ReportSection {
  const { strikes, spec, worstDay } = condor;
  const rows = condor.marks.map(
    (m) => `| ${isoFromDay(m.day)} | ${m.realMarkPoints.toFixed(2)} | ${m.modelMarkPoints.toFixed(2)} | ${(m.modelMarkPoints - m.realMarkPoints).toFixed(2)} | ${pct(m.relativeError)} |`,
  );
  const worstAbsolute = condor.marks.reduce((w, m) => Math.max(w, Math.abs(m.modelMarkPoints - m.realMarkPoints)), 0);
  const judged = worstJudgedMark(condor.marks);
  const met = judged !== undefined && Math.abs(judged.relativeError) <= CONDOR_MARKS_TARGET_RELATIVE_ERROR;
  const measured =
    judged === undefined
      ? `no day with a real mark of ${CONDOR_MARKS_MIN_REAL_MARK_POINTS} points or more`
      : `worst ${isoFromDay(judged.mark.day)}, ${pct(judged.relativeError)} (real ${judged.mark.realMarkPoints.toFixed(2)}, model ${judged.mark.modelMarkPoints.toFixed(2)} points) over ${judged.judgedDays} such days`;
  const markdown = [
    `A ${Math.round(spec.shortDeltaAbs * 100)}-delta iron condor with ${spec.wingWidthPoints}-point wings, opened ${isoFromDay(spec.openDay)} on the ${isoFromDay(spec.expiryDay)} SPXW expiry: long ${strikes.longPut} put, short ${strikes.shortPut} put, short ${strikes.shortCall} call, long ${strikes.longCall} call. The short strikes are the listed strikes (listed on the expiry's first quote date) closest to ${Math.round(spec.shortDeltaAbs * 100)} delta on the model surface of the opening day. The mark is the cost to buy the condor back (index points; ×100 for USD per condor): real from quote mids, model from the surface of the same day.`,
    '| day | real mark | model mark | model − real | relative error |\n|---|---:|---:|---:|---:|\n' + rows.join('\n'),
    condor.skippedDays.length > 0 ? `Days not marked: ${condor.skippedDays.map((s) => `${isoFromDay(s.day)} (${s.reason})`).join('; ')}.` : '',
    `**Target** (the target table's last row): model marks within ±${pct(CONDOR_MARKS_TARGET_RELATIVE_ERROR)} of the real marks on every day the condor is worth at least ${CONDOR_MARKS_MIN_REAL_MARK_POINTS} points. **Measured**: ${measured} — ${met ? 'met' : 'missed'}. Over every day, cheap ones included (a few cents are a large share of a mark near expiry), the worst relative error is ${pct(worstDay.relativeError)} on ${isoFromDay(worstDay.day)} (real ${worstDay.realMarkPoints.toFixed(2)}, model ${worstDay.modelMarkPoints.toFixed(2)} points), and the largest absolute gap is ${worstAbsolute.toFixed(2)} points (${(worstAbsolute * 100).toFixed(0)} USD per condor).`,
  ]
    .filter((p) => p !== '')
    .join('\n\n');
  return {
    id: 'spx-feb2018-condor',
    title: 'February 2018: a 16-delta iron condor marked daily, real vs model',
    markdown,
    json: {
      openDate: isoFromDay(spec.openDay),
      expiryDate: isoFromDay(spec.expiryDay),
      shortDeltaAbs: spec.shortDeltaAbs,
      wingWidthPoints: spec.wingWidthPoints,
      strikes: { ...strikes },
      marks: condor.marks.map((m) => ({
        date: isoFromDay(m.day),
        realMarkPoints: Number(m.realMarkPoints.toFixed(4)),
        modelMarkPoints: Number(m.modelMarkPoints.toFixed(4)),
        relativeError: Number(m.relativeError.toFixed(6)),
      })),
      worstDay: { date: isoFromDay(worstDay.day), relativeError: Number(worstDay.relativeError.toFixed(6)) },
      worstJudgedDay: judged === undefined ? null : { date: isoFromDay(judged.mark.day), relativeError: Number(judged.relativeError.toFixed(6)), judgedDays: judged.judgedDays },
      targetRelativeError: CONDOR_MARKS_TARGET_RELATIVE_ERROR,
      targetMinRealMarkPoints: CONDOR_MARKS_MIN_REAL_MARK_POINTS,
      targetMet: met,
      skippedDays: condor.skippedDays.map((s) => ({ date: isoFromDay(s.day), reason: s.reason })),
    },
    svgCharts: [
      {
        id: 'spx-feb2018-condor-marks',
        title: 'Condor mark, real vs model',
        svg: lineChart({
          title: 'Iron condor mark (cost to close), Feb 2018',
          yLabel: 'index points',
          series: [
            { name: 'real (mid)', points: condor.marks.map((m) => [m.day, m.realMarkPoints] as const) },
            { name: 'model', points: condor.marks.map((m) => [m.day, m.modelMarkPoints] as const), dashed: true },
          ],
          xIsDay: true,
        }),
      },
    ],
  };
}

const TENOR_LABEL = VIX_FAMILY_INDEX_NAMES;
type TenorKey = VixFamilyTenor;

export function vixFormulaSection(check: VixFormulaCheck): ReportSection {
  const { skew } = check;
  const skewText = [
    `**SKEW.** Each day's smile is scaled so that Cboe's SKEW procedure on the model's 29- and 31-day strips gives that day's SKEW target (the median of the last configured window of published closes). |model SKEW − target| on the ${skew.sourceCounts.skew} days calibrated within the bounds: median ${f4(skew.residualSkewPoints?.median)}, p90 ${f4(skew.residualSkewPoints?.p90)}, max ${f4(skew.residualSkewPoints?.max)} SKEW points.`,
    `Days at a bound of the skew level (target not reachable): ${skew.sourceCounts['skew-at-bound']}. Days without a SKEW close in the window (the fitted shape stands in): ${skew.sourceCounts['no-skew']}. Days with the calibration off: ${skew.sourceCounts.fixed}.`,
  ].join(' ');
  const tenors = Object.keys(TENOR_LABEL) as TenorKey[];
  const residualRows = tenors.map((t) => {
    const d = check.calibrationResidualVolPoints[t];
    return `| ${TENOR_LABEL[t]} | ${d?.count ?? 0} | ${d ? d.median.toFixed(4) : 'n/a'} | ${d ? d.p90.toFixed(4) : 'n/a'} | ${d ? d.max.toFixed(4) : 'n/a'} |`;
  });
  const fallbackRows = (['vix9d', 'vix3m', 'vix6m'] as const).map((t) => {
    const m = check.meanReversionFallbackErrorVolPoints[t];
    const fu = check.futuresFallbackErrorVolPoints[t];
    return `| ${TENOR_LABEL[t]} | ${m?.count ?? 0} | ${f2(m?.median)} | ${f2(m?.p90)} | ${f2(m?.max)} | ${fu?.count ?? 0} | ${f2(fu?.median)} | ${f2(fu?.p90)} | ${f2(fu?.max)} |`;
  });
  const fallbackPeriodRows = (['vix9d', 'vix3m', 'vix6m'] as const).map((t) => {
    const fit = check.meanReversionFallbackErrorByPeriodVolPoints.throughFitEnd[t];
    const held = check.meanReversionFallbackErrorByPeriodVolPoints.heldOut[t];
    return `| ${TENOR_LABEL[t]} | ${fit?.count ?? 0} | ${f2(fit?.median)} | ${f2(fit?.p90)} | ${held?.count ?? 0} | ${f2(held?.median)} | ${f2(held?.p90)} |`;
  });
  const first = check.firstDay === undefined ? 'n/a' : isoFromDay(check.firstDay);
  const last = check.lastDay === undefined ? 'n/a' : isoFromDay(check.lastDay);
  const markdown = [
    `The Cboe VIX procedure (OTM strike strip, ΔK weights, parity forward, K0, near/next terms interpolated to the tenor) applied to the model's own prices, on ${check.dayCount} trading days from ${first} to ${last}. |model index − real index| in vol points, per tenor, on days the real index exists (the calibration residual; target ≤ ${VIX_CALIBRATION_TARGET_VOL_POINTS}):`,
    '| index | days | median | p90 | max |\n|---|---:|---:|---:|---:|\n' + residualRows.join('\n'),
    `Days above the target: ${check.daysAboveTarget.length}${check.daysAboveTarget.length > 0 ? ` (first: ${check.daysAboveTarget.slice(0, 5).map((d) => `${isoFromDay(d.day)} ${TENOR_LABEL[d.tenor]} ${d.residualVolPoints.toFixed(3)}`).join(', ')})` : ''}. Days without a surface: ${check.failedDays.length}${check.failedDays.length > 0 ? ` (${check.failedDays.slice(0, 5).map((d) => `${isoFromDay(d.day)}: ${d.reason}`).join('; ')}${check.failedDays.length > 5 ? '; …' : ''})` : ''}.`,
    skewText,
    'Fallback term structure measured where the real tenors exist: the level the fallback would have used instead of the real VIX9D / VIX3M / VIX6M, |fallback − real| in vol points. This is the error a backtest carries at these tenors before the indices were published (VIX6M 2008, VIX3M 2009-09, VIX9D 2011; futures from 2004).',
    '| index | days (VIX only) | median | p90 | max | days (VIX + futures) | median | p90 | max |\n|---|---:|---:|---:|---:|---:|---:|---:|---:|\n' + fallbackRows.join('\n'),
    `The VIX-only fallback's default speed and long-run level were fitted on the days to ${TERM_STRUCTURE_FIT_LAST_DAY_ISO} with all four tenors (2011-2015); index history after it is held out, so its error there is out of sample:`,
    '| index | days to the fit\'s end | median | p90 | days held out | median | p90 |\n|---|---:|---:|---:|---:|---:|---:|\n' + fallbackPeriodRows.join('\n'),
  ].join('\n\n');
  const fallbackTenors = ['vix9d', 'vix3m', 'vix6m'] as const;
  return {
    id: 'spx-vix-formula',
    title: 'The VIX formula on the model over all history',
    markdown,
    json: {
      dayCount: check.dayCount,
      firstDate: first,
      lastDate: last,
      targetVolPoints: VIX_CALIBRATION_TARGET_VOL_POINTS,
      calibrationResidualVolPoints: Object.fromEntries(tenors.map((t) => [t, distributionJson(check.calibrationResidualVolPoints[t])])),
      daysAboveTarget: check.daysAboveTarget.map((d) => ({ date: isoFromDay(d.day), tenor: d.tenor, residualVolPoints: Number(d.residualVolPoints.toFixed(6)) })),
      meanReversionFallbackErrorVolPoints: Object.fromEntries(fallbackTenors.map((t) => [t, distributionJson(check.meanReversionFallbackErrorVolPoints[t])])),
      futuresFallbackErrorVolPoints: Object.fromEntries(fallbackTenors.map((t) => [t, distributionJson(check.futuresFallbackErrorVolPoints[t])])),
      meanReversionFallbackErrorByPeriodVolPoints: {
        fitLastDate: TERM_STRUCTURE_FIT_LAST_DAY_ISO,
        throughFitEnd: Object.fromEntries(fallbackTenors.map((t) => [t, distributionJson(check.meanReversionFallbackErrorByPeriodVolPoints.throughFitEnd[t])])),
        heldOut: Object.fromEntries(fallbackTenors.map((t) => [t, distributionJson(check.meanReversionFallbackErrorByPeriodVolPoints.heldOut[t])])),
      },
      failedDays: check.failedDays.map((d) => ({ date: isoFromDay(d.day), reason: d.reason })),
      skewCalibration: {
        residualSkewPoints: distributionJson(skew.residualSkewPoints),
        sourceCounts: { ...skew.sourceCounts },
        monthly: skew.monthly.map((m) => ({ date: isoFromDay(m.day), targetSkew: m.targetSkew ?? null, skewLevel: Number(m.skewLevel.toFixed(6)) })),
      },
    },
    svgCharts: [
      {
        id: 'spx-skew-level',
        title: 'Daily skew level (first day of each month)',
        svg: lineChart({
          title: 'Skew level: multiple of the fitted wing scale that reproduces SKEW',
          yLabel: 'skew level',
          series: [{ name: 'skew level', points: skew.monthly.map((m) => [m.day, m.skewLevel] as const), hideMarkers: true }],
          xIsDay: true,
        }),
      },
      {
        id: 'spx-term-structure-fallback-error',
        title: 'Fallback term-structure error',
        svg: barChart({
          title: 'Median |fallback − real| by tenor',
          yLabel: 'vol points',
          categories: fallbackTenors.map((t) => TENOR_LABEL[t]),
          series: [
            { name: 'VIX only (mean reversion)', values: fallbackTenors.map((t) => check.meanReversionFallbackErrorVolPoints[t]?.median) },
            { name: 'VIX + futures', values: fallbackTenors.map((t) => check.futuresFallbackErrorVolPoints[t]?.median) },
          ],
        }),
      },
    ],
  };
}

/** The held-out set's 16-25 delta errors, puts beside calls, by days to expiry and by VIX close. */
function breakdownCharts(comparison: QuoteComparison | undefined, breakdown: IvErrorBreakdowns | undefined): { id: string; title: string; svg: string }[] {
  if (comparison === undefined || breakdown === undefined) return [];
  const chartOf = (id: string, by: string, rows: readonly IvErrorBreakdownRow[]) => ({
    id,
    title: `16-25 delta IV error by ${by}, ${comparison.setName}`,
    svg: barChart({
      title: `Median IV error of the 16-25 delta quotes by ${by} (model − real), ${comparison.setName}`,
      yLabel: 'vol points',
      categories: rows.map((r) => r.label),
      series: (['put', 'call'] as const).map((type) => ({ name: `${type}s`, values: rows.map((r) => r.targetByType[type].medianIvErrorVolPoints) })),
    }),
  });
  return [chartOf('spx-iv-error-by-expiry', 'days to expiry', breakdown.byDaysToExpiry), chartOf('spx-iv-error-by-vix', 'VIX close', breakdown.byVixClose)];
}

/** All SPX sections, in report order. */
export function buildSpxValidationSections(inputs: SpxValidationInputs): Result<ReportSection[], SpxValidationError> {
  const { history, config } = inputs;
  const surfaceFor = surfaceSource(history, config);
  const fitQuotes = prepareOtmQuotes(inputs.spx20201201, (quoteDay, expiryDay) => {
    const discount = zeroDiscountFactor(inputs.zeroRates20201201, expiryDay - quoteDay);
    return discount.ok ? discount.value : Number.NaN;
  });
  if (!fitQuotes.ok) return err({ kind: 'spx-validation', reason: fitQuotes.error.reason });
  const heldOutQuotes = prepareOtmQuotes(inputs.spxw2018JanFeb, (quoteDay, expiryDay) => {
    const rate = history.riskFreeRateOn(quoteDay);
    return rate === undefined ? Number.NaN : Math.exp(-rate * yearFractionAct365(quoteDay, expiryDay));
  });
  if (!heldOutQuotes.ok) return err({ kind: 'spx-validation', reason: heldOutQuotes.error.reason });
  const fitName = 'SPX 2020-12-01';
  const heldOutName = 'SPXW 2018-01-02 .. 2018-02-28';
  const fit = compareModelToQuotes(fitName, 'fit', fitQuotes.value.quotes, surfaceFor);
  if (!fit.ok) return err({ kind: 'spx-validation', reason: fit.error.reason });
  const heldOut = compareModelToQuotes(heldOutName, 'held-out', heldOutQuotes.value.quotes, surfaceFor);
  if (!heldOut.ok) return err({ kind: 'spx-validation', reason: heldOut.error.reason });

  const openSurface = surfaceFor(FEB_2018_CONDOR.openDay);
  if (!openSurface.ok) return err({ kind: 'spx-validation', reason: `no surface on the condor's opening day: ${openSurface.error.reason}` });
  const expiryRows = inputs.spxw2018JanFeb.filter((r) => r.expiryDay === FEB_2018_CONDOR.expiryDay);
  const firstListing = Math.min(...expiryRows.map((r) => r.quoteDay));
  const listed = [...new Set(expiryRows.filter((r) => r.quoteDay === firstListing).map((r) => r.strike))];
  const strikes = selectCondorStrikesWithModel(openSurface.value, FEB_2018_CONDOR, listed);
  if (!strikes.ok) return err({ kind: 'spx-validation', reason: strikes.error.reason });
  const condor = markCondor(FEB_2018_CONDOR, strikes.value, inputs.spxw2018JanFeb, surfaceFor);
  if (!condor.ok) return err({ kind: 'spx-validation', reason: condor.error.reason });

  const checkDays = inputs.vixCheckDays ?? [...history.tradingDays].filter((d) => history.closeOn('vix', d) !== undefined);
  const check = checkVixFormulaOverHistory(checkDays, (day) => marketDayFromHistory(history, day), config);
  return ok([
    spxQuoteSection([fit.value, heldOut.value], { [fitName]: fitQuotes.value.excluded, [heldOutName]: heldOutQuotes.value.excluded }, (day) => history.closeOn('vix', day)),
    spxCondorSection(condor.value),
    vixFormulaSection(check),
  ]);
}
