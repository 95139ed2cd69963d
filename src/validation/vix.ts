/**
 * The VIX-option part of the validation report: the model against the 2016-06-01 Cboe quotes by
 * expiry and strike, the recorded fit against a fresh fit, and the error of the VVIX fallback.
 */
import type { ChainQuote } from '../market/quotes/otmQuotes.js';
import { median, quantile } from '../lib/quantiles.js';
import { fixed, markdownTable, percent } from '../report/markdownTable.js';
import type { SectionWithSummary, SummaryRow } from './summary.js';
import type { TargetResult } from './targets.js';
import { lineChart, histogramChart } from '../report/svgChart.js';
import { isoFromDay, yearFractionAct365, type DayNumber } from '../time/day.js';
import type { JsonValue, SvgChart } from '../report/section.js';
import type { VixOptionModelConfig } from '../market/vix/config.js';
import { fitVixVolSurface } from '../market/vix/fit.js';
import type { VixMarketDay } from '../market/vix/marketDay.js';
import { compareVixQuotes, type VixQuoteComparison } from '../market/vix/measure.js';
import { vvixFromVix } from '../market/vix/vvixFallback.js';
import { publishedVvixPercent, vixDaySurface } from '../market/vix/daySurface.js';
import { vixForwardForDte } from '../market/vix/forward.js';
import { modelVvixPercent } from '../market/vix/vvixCalibration.js';
import { strikeForDeltaWithSmile } from '../pricing/strikeForDelta.js';
import { volDecimalFromPoints } from '../lib/units.js';

export interface VvixObservation {
  readonly day: DayNumber;
  readonly vix: number;
  readonly vvix: number;
}

export interface VixValidationInputs {
  readonly config: VixOptionModelConfig;
  readonly market: VixMarketDay;
  readonly quotes: readonly ChainQuote[];
  /** Days with both VIX and VVIX closes, for the fallback's error. */
  readonly vvixHistory: readonly VvixObservation[];
  /** The stress day of the 30-delta call check (2020-03-16) and the expiry it buys, when available. */
  readonly stressDay?: { readonly market: VixMarketDay; readonly expiryDay: DayNumber };
  /** Days with VVIX and a futures curve, for the daily VVIX residual of the calibration. */
  readonly vvixDays?: readonly VixMarketDay[];
}

/** Tenor buckets of the fit-day target, calendar days [low, high). */
export const VIX_TENOR_BUCKETS_DAYS: readonly (readonly [number, number])[] = [
  [0, 21],
  [21, 49],
  [49, 113],
  [113, 400],
];
/** Target of issue 12: every tenor bucket's median IV error within this, vol points. */
export const TENOR_BUCKET_TARGET_VOL_POINTS = 1.5;
/** The stress check: the 30-delta call's vol within this share of VVIX (a smile consistent with VVIX). */
export const STRESS_CALL_VOL_TO_VVIX_BAND = [0.75, 1.25] as const;
const STRESS_CALL_DELTA = 0.3;

export interface StressCallCheck {
  readonly dayIso: string;
  readonly expiryIso: string;
  readonly forwardPoints: number;
  readonly vvixPercent: number;
  readonly atmVol30Decimal: number;
  readonly strikePoints: number;
  readonly volDecimal: number;
  readonly volToVvix: number;
  readonly met: boolean;
}

/** The model's 30-delta call on a stress day: its strike and vol against VVIX. */
export function stressCallCheck(config: VixOptionModelConfig, market: VixMarketDay, expiryDay: DayNumber): StressCallCheck | undefined {
  const forward = vixForwardForDte(market.futuresCurve, market.vixSpot, expiryDay - market.day);
  if (!forward.ok) return undefined;
  const surface = vixDaySurface(config, market);
  const timeYears = yearFractionAct365(market.day, expiryDay);
  const forwardPoints = forward.value.forwardPoints;
  const strike = strikeForDeltaWithSmile({
    type: 'call',
    forward: forwardPoints,
    timeYears,
    discountFactorDelta: Math.exp(-market.rateDecimal * timeYears),
    targetDelta: STRESS_CALL_DELTA,
    volAtStrike: (k) => surface.volDecimal(expiryDay - market.day, Math.log(k / forwardPoints)),
  });
  if (!strike.ok) return undefined;
  const volDecimal = surface.volDecimal(expiryDay - market.day, Math.log(strike.value / forwardPoints));
  // Against the VVIX the market published (or its fallback), not the surface's target.
  const vvixPercent = publishedVvixPercent(config.surface, surface);
  const volToVvix = volDecimal / volDecimalFromPoints(vvixPercent);
  return {
    dayIso: isoFromDay(market.day),
    expiryIso: isoFromDay(expiryDay),
    forwardPoints,
    vvixPercent,
    atmVol30Decimal: surface.atmVol30Decimal,
    strikePoints: strike.value,
    volDecimal,
    volToVvix,
    met: volToVvix >= STRESS_CALL_VOL_TO_VVIX_BAND[0] && volToVvix <= STRESS_CALL_VOL_TO_VVIX_BAND[1],
  };
}

export interface VvixResidualStats {
  readonly days: number;
  readonly fromIso: string;
  readonly toIso: string;
  /** Exact Cboe procedure on the model strips at the calibrated level, minus VVIX, VVIX points. */
  readonly medianAbsResidualPoints: number;
  readonly p95AbsResidualPoints: number;
  readonly maxAbsResidualPoints: number;
}

/**
 * The daily VVIX residual, like the VIX family's: the calibration runs on the tabulated strip; the exact
 * procedure on the day's model strips at that level is compared with the published VVIX.
 */
export function vvixResidualStats(config: VixOptionModelConfig, days: readonly VixMarketDay[]): VvixResidualStats | undefined {
  const residuals: number[] = [];
  for (const market of days) {
    if (market.vvix === undefined || !(market.vvix > 0)) continue;
    const surface = vixDaySurface(config, market);
    residuals.push(modelVvixPercent(config.surface, surface.atmVol30Decimal, surface) - market.vvix);
  }
  const first = days[0];
  const last = days[days.length - 1];
  if (residuals.length === 0 || first === undefined || last === undefined) return undefined;
  const abs = residuals.map(Math.abs);
  return {
    days: residuals.length,
    fromIso: isoFromDay(first.day),
    toIso: isoFromDay(last.day),
    medianAbsResidualPoints: median(abs),
    p95AbsResidualPoints: quantile(abs, 0.95),
    maxAbsResidualPoints: Math.max(...abs),
  };
}

interface ErrorStats {
  readonly count: number;
  readonly medianVolErrorVolPoints: number | undefined;
  readonly medianAbsVolErrorVolPoints: number | undefined;
  readonly medianAbsPriceErrorSpreads: number | undefined;
  readonly shareInsideQuotedSpread: number | undefined;
}

function statsOf(rows: readonly VixQuoteComparison[]): ErrorStats {
  const vol = rows.flatMap((r) => (r.volErrorVolPoints === undefined ? [] : [r.volErrorVolPoints]));
  const price = rows.map((r) => Math.abs(r.priceErrorSpreads));
  return {
    count: rows.length,
    medianVolErrorVolPoints: vol.length > 0 ? median(vol) : undefined,
    medianAbsVolErrorVolPoints: vol.length > 0 ? median(vol.map(Math.abs)) : undefined,
    medianAbsPriceErrorSpreads: price.length > 0 ? median(price) : undefined,
    shareInsideQuotedSpread: rows.length > 0 ? price.filter((p) => p <= 0.5).length / rows.length : undefined,
  };
}

function statsJson(stats: ErrorStats): JsonValue {
  return {
    count: stats.count,
    medianVolErrorVolPoints: stats.medianVolErrorVolPoints ?? null,
    medianAbsVolErrorVolPoints: stats.medianAbsVolErrorVolPoints ?? null,
    medianAbsPriceErrorSpreads: stats.medianAbsPriceErrorSpreads ?? null,
    shareInsideQuotedSpread: stats.shareInsideQuotedSpread ?? null,
  };
}

function statsCells(stats: ErrorStats): string[] {
  return [
    String(stats.count),
    fixed(stats.medianVolErrorVolPoints, 2),
    fixed(stats.medianAbsVolErrorVolPoints, 2),
    fixed(stats.medianAbsPriceErrorSpreads, 2),
    percent(stats.shareInsideQuotedSpread),
  ];
}

/** ln(strike / forward) buckets [low, high) of the skew table; puts below 0, calls above. */
const LOG_MONEYNESS_BUCKETS: readonly (readonly [number, number])[] = [
  [-1, -0.2],
  [-0.2, 0],
  [0, 0.2],
  [0.2, 0.4],
  [0.4, 0.7],
  [0.7, 1.5],
];

/** The shape parameters the fit sets (the level is calibrated to VVIX each day). */
const FITTED_SURFACE_PARAMETERS = [
  'atmLogVolDecayPerYear',
  'shortTenorDipFraction',
  'shortTenorDipDays',
  'callSkewSlopePerStdDev',
  'putSkewSlopePerStdDev',
  'skewSaturationStdDevs',
  'skewSaturationStdDevExponent',
] as const;

const STATS_HEADERS = ['quotes', 'median IV error (vol pts)', 'median abs IV error (vol pts)', 'median abs price error (spreads)', 'model inside bid-ask'];

export function buildVixOptionSection(inputs: VixValidationInputs): SectionWithSummary {
  const { config, market, quotes } = inputs;
  const rows = compareVixQuotes(config, market, quotes).filter((r) => r.outOfTheMoney);
  const fitted = rows.filter((r) => r.usableForFit);
  const expiries = [...new Set(rows.map((r) => r.quote.expiryDay))].sort((a, b) => a - b);
  const byExpiry = expiries.map((expiryDay) => {
    const group = rows.filter((r) => r.quote.expiryDay === expiryDay);
    const first = group[0] as VixQuoteComparison;
    return { expiryDay, dteDays: first.dteDays, forwardPoints: first.forwardPoints, stats: statsOf(group) };
  });
  const interpolatedExpiries = new Set(
    rows.filter((r) => !market.futuresCurve.some((p) => p.expiryDay === r.quote.expiryDay)).map((r) => r.quote.expiryDay),
  );
  const allStats = statsOf(rows);
  const byMoneyness = LOG_MONEYNESS_BUCKETS.map((bucket) => ({
    bucket,
    stats: statsOf(
      fitted.filter((r) => {
        const logMoneyness = Math.log(r.quote.strike / r.forwardPoints);
        return logMoneyness >= bucket[0] && logMoneyness < bucket[1];
      }),
    ),
  }));
  const fitStats = statsOf(fitted);
  const byTenor = VIX_TENOR_BUCKETS_DAYS.map((bucket) => ({
    bucket,
    stats: statsOf(rows.filter((r) => r.dteDays >= bucket[0] && r.dteDays < bucket[1])),
  }));
  const stress = inputs.stressDay === undefined ? undefined : stressCallCheck(config, inputs.stressDay.market, inputs.stressDay.expiryDay);
  const residual = inputs.vvixDays === undefined ? undefined : vvixResidualStats(config, inputs.vvixDays);
  const tenorLabel = ([low, high]: readonly [number, number]) => (low === 0 ? `<${high} d` : `${low}-${high - 1} d`);
  const tenorMet = (m: number | undefined) => m !== undefined && Math.abs(m) <= TENOR_BUCKET_TARGET_VOL_POINTS;

  const refit = fitVixVolSurface(config, market, quotes);
  const recorded = config.surface;
  const parameterRows: [string, number, number | undefined][] = FITTED_SURFACE_PARAMETERS.map((name) => [
    name,
    recorded[name],
    refit.ok ? refit.value.surface[name] : undefined,
  ]);

  const fallback = vvixFallbackStats(inputs.vvixHistory, config);

  const charts: SvgChart[] = expiries
    .filter((expiryDay) => !interpolatedExpiries.has(expiryDay))
    .map((expiryDay) => {
      const group = rows.filter((r) => r.quote.expiryDay === expiryDay && r.quoteVolDecimal !== undefined).sort((a, b) => a.quote.strike - b.quote.strike);
      const iso = isoFromDay(expiryDay);
      return {
        id: `iv-${iso}`,
        title: `VIX options expiring ${iso}: implied vol by strike, quotes vs model`,
        svg: lineChart({
          title: `VIX options ${iso} (${group[0]?.dteDays ?? 0} days): implied vol by strike`,
          xLabel: 'strike (VIX points)',
          yLabel: 'implied vol (%)',
          series: [
            { name: 'quote mid IV', points: group.map((r) => [r.quote.strike, 100 * (r.quoteVolDecimal ?? 0)] as const), markersOnly: true },
            { name: 'model IV', points: group.map((r) => [r.quote.strike, 100 * r.modelVolDecimal] as const) },
          ],
        }),
      };
    });
  if (fallback !== undefined) {
    charts.push({
      id: 'vvix-fallback-error',
      title: 'VVIX fallback: regression estimate minus real VVIX',
      svg: histogramChart({
        title: 'VVIX from VIX minus real VVIX (points), daily',
        xLabel: 'error (VVIX points)',
        yLabel: 'days',
        values: fallback.errors,
        binCount: 24,
        markAt: { value: 0, label: 'no error' },
      }),
    });
  }

  const day = isoFromDay(market.day);
  const markdown = [
    `Quotes: Cboe end-of-day VIX options of ${day} (the fit set), out-of-the-money two-sided quotes only. ` +
      `Forwards are the VX settlements of ${day}; weekly expiries without a listed future use a forward interpolated in days to expiry ` +
      `(${interpolatedExpiries.size} such expiries). VVIX that day: ${fixed(market.vvix, 2)}.`,
    '',
    markdownTable(['set', ...STATS_HEADERS], [
      [`fitted (dte >= ${config.fit.minFitDteDays} days, mid >= ${fixed(config.fit.minFitMidPoints, 2)})`, ...statsCells(fitStats)],
      ['all out-of-the-money quotes', ...statsCells(allStats)],
    ]),
    '',
    '### By expiry',
    '',
    markdownTable(
      ['expiry', 'days', 'forward', 'forward source', ...STATS_HEADERS],
      byExpiry.map((e) => [
        isoFromDay(e.expiryDay),
        String(e.dteDays),
        fixed(e.forwardPoints, 3),
        interpolatedExpiries.has(e.expiryDay) ? 'interpolated' : 'listed future',
        ...statsCells(e.stats),
      ]),
    ),
    '',
    'Every listed expiry is fitted, with a Huber loss (quadratic within ' +
      `${fixed(config.fit.huberThresholdVolPoints, 1)} vol points, linear beyond), so the one-tick far-wing quotes and the event-driven weeklies ` +
      '(2016-06-22 and 06-29 straddle the 2016-06-23 UK referendum) do not bend the whole surface. The 7-day weekly stays below its quotes; ' +
      'its forward is interpolated from spot VIX and the June future (14.74 against 14.65 from put-call parity). Its error is shown, not hidden.',
    '',
    `### By tenor bucket (all out-of-the-money quotes with an implied vol; target: median IV error within ±${fixed(TENOR_BUCKET_TARGET_VOL_POINTS, 1)} vol points)`,
    '',
    "The chain's own day is the fit day of the surface shape, so these errors are in-sample.",
    '',
    markdownTable(
      ['days to expiry', ...STATS_HEADERS, 'target met'],
      byTenor.map((t) => [tenorLabel(t.bucket), ...statsCells(t.stats), tenorMet(t.stats.medianVolErrorVolPoints) ? 'met' : 'missed']),
    ),
    '',
    '### Stress: the 30-delta call of a VIX spike',
    '',
    stress === undefined
      ? 'The stress day is not in the data.'
      : `${stress.dayIso}, expiry ${stress.expiryIso}: future ${fixed(stress.forwardPoints, 2)}, VVIX ${fixed(stress.vvixPercent, 2)}, calibrated 30-day ATM vol ${percent(stress.atmVol30Decimal)}. ` +
        `The 30-delta call strike is ${fixed(stress.strikePoints, 1)} at a vol of ${percent(stress.volDecimal)}, ${fixed(stress.volToVvix, 2)} x VVIX ` +
        `(target ${fixed(STRESS_CALL_VOL_TO_VVIX_BAND[0], 2)}-${fixed(STRESS_CALL_VOL_TO_VVIX_BAND[1], 2)}: ${stress.met ? 'met' : 'missed'}).`,
    '',
    '### Daily VVIX residual',
    '',
    residual === undefined
      ? 'No VVIX days were given.'
      : `Exact Cboe procedure on the model's strips at the calibrated level minus published VVIX, ${residual.days} days ${residual.fromIso} to ${residual.toIso}: ` +
        `median |residual| ${fixed(residual.medianAbsResidualPoints, 3)} points, 95th percentile ${fixed(residual.p95AbsResidualPoints, 3)}, worst ${fixed(residual.maxAbsResidualPoints, 3)} ` +
        '(the calibration runs on the tabulated strip, which smooths the zero-bid steps of the procedure).',
    '',
    '### Fitted quotes by moneyness ln(K/F)',
    '',
    markdownTable(
      ['ln(K/F)', ...STATS_HEADERS],
      byMoneyness.map((m) => [`${fixed(m.bucket[0], 1)} to ${fixed(m.bucket[1], 1)}`, ...statsCells(m.stats)]),
    ),
    '',
    '### Fit reproduced',
    '',
    refit.ok
      ? markdownTable(['parameter', 'recorded in config', 'refit now'], parameterRows.map(([name, rec, now]) => [name, fixed(rec, 6), fixed(now, 6)]))
      : `The refit failed: ${refit.error.kind}.`,
    '',
    '### VVIX fallback (days without VVIX, before 2006-03)',
    '',
    fallback === undefined
      ? 'No VVIX history was available to measure the fallback.'
      : `ln(VVIX) = ${fixed(config.vvixFallback.interceptLogPoints, 4)} + ${fixed(config.vvixFallback.slopePerLogVixPoint, 4)} ln(VIX), ` +
        `measured on ${fallback.count} days from ${fallback.fromIso} to ${fallback.toIso}: median |error| ${fixed(fallback.medianAbsErrorPoints, 2)} VVIX points ` +
        `(${percent(fallback.medianAbsRelativeError)}), 90th percentile ${fixed(fallback.p90AbsErrorPoints, 2)} points. ` +
        'A 10 % VVIX error is about a 10 % error in every VIX option vol on those days.',
  ].join('\n');

  const json: JsonValue = {
    byTenorBucket: byTenor.map((t) => ({ fromDays: t.bucket[0], toDays: t.bucket[1], ...(statsJson(t.stats) as { [key: string]: JsonValue }) })),
    stressCall: stress === undefined ? null : { ...stress },
    vvixResidual: residual === undefined ? null : { ...residual },
    quoteDay: day,
    vvix: market.vvix ?? null,
    fitted: statsJson(fitStats),
    allOutOfTheMoney: statsJson(allStats),
    byExpiry: byExpiry.map((e) => ({
      expiry: isoFromDay(e.expiryDay),
      dteDays: e.dteDays,
      forwardPoints: e.forwardPoints,
      forwardInterpolated: interpolatedExpiries.has(e.expiryDay),
      ...(statsJson(e.stats) as { [key: string]: JsonValue }),
    })),
    byLogMoneyness: byMoneyness.map((m) => ({ from: m.bucket[0], to: m.bucket[1], ...(statsJson(m.stats) as { [key: string]: JsonValue }) })),
    parameters: parameterRows.map(([name, rec, now]) => ({ name, recorded: rec, refit: now ?? null })),
    quotes: rows.map((r) => ({
      expiry: isoFromDay(r.quote.expiryDay),
      type: r.quote.type,
      strike: r.quote.strike,
      bid: r.quote.bid,
      ask: r.quote.ask,
      modelPrice: round(r.modelPricePoints, 4),
      quoteVol: r.quoteVolDecimal === undefined ? null : round(r.quoteVolDecimal, 5),
      modelVol: round(r.modelVolDecimal, 5),
      fitted: r.usableForFit,
    })),
    vvixFallback:
      fallback === undefined
        ? null
        : {
            days: fallback.count,
            from: fallback.fromIso,
            to: fallback.toIso,
            medianAbsErrorPoints: fallback.medianAbsErrorPoints,
            medianAbsRelativeError: fallback.medianAbsRelativeError,
            p90AbsErrorPoints: fallback.p90AbsErrorPoints,
          },
  };

  const summary: SummaryRow[] = [
    { section: 'vix-options', metric: 'median abs IV error, fitted quotes (vol pts)', value: fixed(fitStats.medianAbsVolErrorVolPoints, 2) },
    { section: 'vix-options', metric: 'median abs IV error, all OTM quotes (vol pts)', value: fixed(allStats.medianAbsVolErrorVolPoints, 2) },
    { section: 'vix-options', metric: 'median abs price error, fitted quotes (spreads)', value: fixed(fitStats.medianAbsPriceErrorSpreads, 2) },
  ];
  for (const t of byTenor) {
    summary.push({
      section: 'vix-options',
      metric: `2016-06-01 (in-sample) median IV error, ${tenorLabel(t.bucket)} (vol pts)`,
      value: fixed(t.stats.medianVolErrorVolPoints, 2),
      target: `within ±${fixed(TENOR_BUCKET_TARGET_VOL_POINTS, 1)}`,
      met: tenorMet(t.stats.medianVolErrorVolPoints),
    });
  }
  if (stress !== undefined) {
    summary.push({
      section: 'vix-options',
      metric: `${stress.dayIso} 30-delta call (future ${fixed(stress.forwardPoints, 2)}): strike, vol / VVIX`,
      value: `${fixed(stress.strikePoints, 1)}, ${fixed(stress.volToVvix, 2)}`,
      target: `vol / VVIX ${fixed(STRESS_CALL_VOL_TO_VVIX_BAND[0], 2)}-${fixed(STRESS_CALL_VOL_TO_VVIX_BAND[1], 2)}`,
      met: stress.met,
    });
  }
  if (residual !== undefined) {
    summary.push({ section: 'vix-options', metric: 'daily VVIX residual, median abs (VVIX pts)', value: fixed(residual.medianAbsResidualPoints, 3) });
    summary.push({ section: 'vix-options', metric: 'daily VVIX residual, 95th percentile abs (VVIX pts)', value: fixed(residual.p95AbsResidualPoints, 3) });
  }
  if (fallback !== undefined) {
    summary.push({ section: 'vix-options', metric: 'VVIX fallback median abs error (%)', value: fixed(100 * fallback.medianAbsRelativeError, 1) });
  }
  // The target table's rows: every tenor bucket within the band; the stress-day call against VVIX.
  const measuredTenors = byTenor.filter((t) => t.stats.medianVolErrorVolPoints !== undefined);
  const targets: TargetResult[] = [
    {
      id: 'vix-option-iv-by-tenor',
      figure: `${measuredTenors.map((t) => `${tenorLabel(t.bucket)} ${fixed(t.stats.medianVolErrorVolPoints, 2)}`).join('; ')} vol pts (2016-06-01 is the fit day: in-sample)`,
      met: measuredTenors.length > 0 && measuredTenors.every((t) => tenorMet(t.stats.medianVolErrorVolPoints)),
    },
  ];
  if (stress !== undefined) {
    targets.push({
      id: 'vix-stress-strike',
      figure: `${stress.dayIso}: strike ${fixed(stress.strikePoints, 1)} on a ${fixed(stress.forwardPoints, 2)} future, vol / VVIX ${fixed(stress.volToVvix, 2)} (band ${fixed(STRESS_CALL_VOL_TO_VVIX_BAND[0], 2)}-${fixed(STRESS_CALL_VOL_TO_VVIX_BAND[1], 2)})`,
      met: stress.met,
    });
  }
  return { section: { id: 'vix-options', title: 'VIX options: model against the 2016-06-01 quotes', markdown, json, svgCharts: charts }, summary, targets };
}

interface FallbackStats {
  readonly count: number;
  readonly fromIso: string;
  readonly toIso: string;
  readonly errors: number[];
  readonly medianAbsErrorPoints: number;
  readonly medianAbsRelativeError: number;
  readonly p90AbsErrorPoints: number;
}

function vvixFallbackStats(history: readonly VvixObservation[], config: VixOptionModelConfig): FallbackStats | undefined {
  const start = config.vvixFallback.estimationStartIso;
  const used = history.filter((o) => isoFromDay(o.day) >= start && o.vix > 0 && o.vvix > 0);
  const first = used[0];
  const last = used[used.length - 1];
  if (first === undefined || last === undefined) return undefined;
  const errors = used.map((o) => vvixFromVix(config.vvixFallback, o.vix) - o.vvix);
  const absErrors = errors.map(Math.abs);
  return {
    count: used.length,
    fromIso: isoFromDay(first.day),
    toIso: isoFromDay(last.day),
    errors,
    medianAbsErrorPoints: median(absErrors),
    medianAbsRelativeError: median(used.map((o, i) => (absErrors[i] ?? 0) / o.vvix)),
    p90AbsErrorPoints: quantile(absErrors, 0.9),
  };
}

/** Observations from the estimation start on, for `fitVvixOnVix`. */
export function vvixEstimationSample(history: readonly VvixObservation[], config: VixOptionModelConfig): VvixObservation[] {
  const { estimationStartIso, estimationEndIso } = config.vvixFallback;
  return history.filter((o) => isoFromDay(o.day) >= estimationStartIso && isoFromDay(o.day) <= estimationEndIso);
}

function round(value: number, decimals: number): number {
  return Number(value.toFixed(decimals));
}
