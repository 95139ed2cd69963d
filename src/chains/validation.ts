/**
 * The market model against the user's own chains (`alvh validate --chains`): the same measurements
 * as the bundled validation, reusing its functions. IV error by delta bucket (real IVs from mids with
 * a put-call-parity forward), and by days to expiry and VIX level; a monthly 16-delta condor marked
 * on real mids and on the model; and the bid/ask spread model against the real spreads. Pure: the
 * caller passes the stored quotes and the market history.
 */
import type { MarketHistory } from '../history/types.js';
import { err, ok, type Result } from '../lib/result.js';
import type { MarketModelConfig } from '../market/config.js';
import { prepareOtmQuotes, type ChainQuote, type OtmQuote } from '../market/quotes/otmQuotes.js';
import { marketDayFromHistory } from '../market/marketDay.js';
import { spreadObservations } from '../market/spread/observations.js';
import { DELTA_BUCKETS, spreadErrorStats, VIX_BUCKETS, type SpreadErrorStats } from '../validation/spread.js';
import { markCondor, selectCondorStrikesWithModel, type CondorMarks, type CondorSpec } from '../validation/spx/condorMarks.js';
import { allDeltaBuckets, deltaBucketLabel } from '../validation/spx/deltaBuckets.js';
import { compareModelToQuotes, type QuoteComparison, type QuoteComparisonRow, type QuoteSetRole } from '../validation/spx/quoteComparison.js';
import { spxQuoteSection } from '../validation/spx/sections.js';
import { ivErrorBreakdowns, ivErrorBreakdownsJson, ivErrorBreakdownTables, OPEN_END_DAYS, vixBucketLabel } from '../validation/spx/errorBreakdown.js';
import { IV_ERROR_TARGET_DELTA_PERCENTS } from '../validation/spx/targetRules.js';
import { distributionOf } from '../validation/spx/stats.js';
import { buildSpxSurface, type SpxVolSurface } from '../market/spx/surface.js';
import type { JsonValue, ReportSection } from '../report/section.js';
import { fixed, markdownTable, percent } from '../report/markdownTable.js';
import type { SectionsWithSummary, SummaryRow } from '../validation/summary.js';
import { dayFromIso, isoFromDay, yearFractionAct365, ymdFromDay, type DayNumber } from '../time/day.js';
import type { CanonicalQuote } from './types.js';
import { FIT_CHAINS } from '../market/holdOut.js';

/** The one SPX chain day the smile shape was fitted on; every other day of the user's chains is held out. */
export const SMILE_FIT_DAY: DayNumber = dayFromIso(FIT_CHAINS['spx_options_20201201.csv']);
/** Days-to-expiry buckets [low, high) of the IV-error table. */
export const DTE_BUCKETS_DAYS: readonly (readonly [number, number])[] = [
  [1, 8],
  [8, 22],
  [22, 46],
  [46, 91],
  [91, OPEN_END_DAYS],
];
/** The monthly condor: opened on a month's first quote day on the expiry nearest this many days out. */
export const CONDOR_TARGET_DTE_DAYS = 30;
export const CONDOR_MIN_DTE_DAYS = 20;
export const CONDOR_MAX_DTE_DAYS = 45;
export const CONDOR_SHORT_DELTA_ABS = 0.16;
export const CONDOR_WING_WIDTH_POINTS = 50;

const toChainQuote = (q: CanonicalQuote): ChainQuote => ({ quoteDay: q.quoteDay, expiryDay: q.expiryDay, type: q.right === 'C' ? 'call' : 'put', strike: q.strike, bid: q.bid, ask: q.ask });

type SurfaceFor = (day: DayNumber) => Result<SpxVolSurface, { readonly reason: string }>;

function surfaceSource(history: MarketHistory, config: MarketModelConfig): SurfaceFor {
  const cache = new Map<DayNumber, Result<SpxVolSurface, { reason: string }>>();
  return (day) => {
    const cached = cache.get(day);
    if (cached !== undefined) return cached;
    const marketDay = marketDayFromHistory(history, day);
    const built: Result<SpxVolSurface, { reason: string }> = marketDay.ok ? buildSpxSurface(marketDay.value, config.spx) : err({ reason: `missing ${marketDay.error.missing}` });
    cache.set(day, built);
    return built;
  };
}

/**
 * compareModelToQuotes one quote day at a time (its own loop is per day over all quotes, quadratic on
 * a year of chains), merged into one comparison with the same summaries.
 */
function compareByDay(setName: string, role: QuoteSetRole, quotes: readonly OtmQuote[], surfaceFor: SurfaceFor): QuoteComparison | undefined {
  const byDay = new Map<DayNumber, OtmQuote[]>();
  for (const q of quotes) {
    const list = byDay.get(q.quoteDay) ?? [];
    list.push(q);
    byDay.set(q.quoteDay, list);
  }
  const parts: QuoteComparison[] = [];
  for (const day of [...byDay.keys()].sort((a, b) => a - b)) {
    const part = compareModelToQuotes(setName, role, byDay.get(day) as OtmQuote[], surfaceFor);
    if (part.ok) parts.push(part.value);
  }
  if (parts.length === 0) return undefined;
  const rows = parts.flatMap((p) => p.rows);
  const core = (list: readonly QuoteComparisonRow[]) => list.filter((r) => IV_ERROR_TARGET_DELTA_PERCENTS.includes(r.bucket.deltaPercent));
  const buckets = allDeltaBuckets().flatMap((bucket) => {
    const inBucket = rows.filter((r) => deltaBucketLabel(r.bucket) === deltaBucketLabel(bucket));
    const ivError = distributionOf(inBucket.map((r) => r.ivErrorVolPoints));
    const absIvError = distributionOf(inBucket.map((r) => Math.abs(r.ivErrorVolPoints)));
    const absPrice = distributionOf(inBucket.map((r) => Math.abs(r.priceErrorInSpreads)));
    return ivError && absIvError && absPrice ? [{ bucket, ivError, absIvError, absPriceErrorInSpreads: absPrice }] : [];
  });
  return {
    setName,
    role,
    rows,
    buckets,
    days: parts.flatMap((p) => p.days),
    medianAbsIvError16to25VolPoints: distributionOf(core(rows).map((r) => Math.abs(r.ivErrorVolPoints)))?.median,
    skippedDays: parts.flatMap((p) => p.skippedDays),
    unpricedQuoteCount: parts.reduce((s, p) => s + p.unpricedQuoteCount, 0),
    firstUnpricedReason: parts.find((p) => p.firstUnpricedReason !== undefined)?.firstUnpricedReason,
  };
}

function ivByExpiryAndVixSection(rows: readonly QuoteComparisonRow[], vixOn: (day: DayNumber) => number | undefined): ReportSection {
  const breakdowns = ivErrorBreakdowns(rows, DTE_BUCKETS_DAYS, vixOn);
  return {
    id: 'chains-iv-by-expiry-and-vix',
    title: 'Your chains: IV error by days to expiry and by VIX level',
    markdown: [
      'The same quote comparison as above (every OTM quote with a bid, |delta| ≥ 2.5 %), grouped by calendar days to expiry and by the VIX close of the quote date; the 16-25 delta quotes of the target also by puts and calls. A bucket without a quote is left out.',
      ...ivErrorBreakdownTables(breakdowns),
    ].join('\n\n'),
    json: ivErrorBreakdownsJson(breakdowns),
    svgCharts: [],
  };
}

/** One condor per month: opened on the month's first quote day, on the expiry nearest 30 days out. */
function monthlyCondorSpecs(quotes: readonly ChainQuote[]): CondorSpec[] {
  const days = [...new Set(quotes.map((q) => q.quoteDay))].sort((a, b) => a - b);
  const firstOfMonth = new Map<string, DayNumber>();
  for (const day of days) {
    const { year, month } = ymdFromDay(day);
    const key = `${year}-${month}`;
    if (!firstOfMonth.has(key)) firstOfMonth.set(key, day);
  }
  const specs: CondorSpec[] = [];
  for (const openDay of firstOfMonth.values()) {
    const expiries = [...new Set(quotes.filter((q) => q.quoteDay === openDay).map((q) => q.expiryDay))].filter(
      (e) => e - openDay >= CONDOR_MIN_DTE_DAYS && e - openDay <= CONDOR_MAX_DTE_DAYS,
    );
    if (expiries.length === 0) continue;
    const expiryDay = expiries.reduce((best, e) => (Math.abs(e - openDay - CONDOR_TARGET_DTE_DAYS) < Math.abs(best - openDay - CONDOR_TARGET_DTE_DAYS) ? e : best));
    specs.push({ openDay, expiryDay, shortDeltaAbs: CONDOR_SHORT_DELTA_ABS, wingWidthPoints: CONDOR_WING_WIDTH_POINTS });
  }
  return specs;
}

interface CondorOutcome {
  readonly root: string;
  readonly spec: CondorSpec;
  readonly marks: CondorMarks | undefined;
  readonly reason: string | undefined;
}

function condorSection(outcomes: readonly CondorOutcome[]): ReportSection {
  const rows = outcomes.map((o) => {
    const m = o.marks;
    if (m === undefined) return [o.root, isoFromDay(o.spec.openDay), isoFromDay(o.spec.expiryDay), '', '0', '', '', '', o.reason ?? ''];
    const medianAbs = distributionOf(m.marks.map((x) => Math.abs(x.relativeError)))?.median;
    const first = m.marks[0];
    return [
      o.root,
      isoFromDay(o.spec.openDay),
      isoFromDay(o.spec.expiryDay),
      `${m.strikes.longPut}/${m.strikes.shortPut}/${m.strikes.shortCall}/${m.strikes.longCall}`,
      String(m.marks.length),
      first === undefined ? '' : `${first.realMarkPoints.toFixed(2)} / ${first.modelMarkPoints.toFixed(2)}`,
      percent(medianAbs),
      `${percent(m.worstDay.relativeError)} (${isoFromDay(m.worstDay.day)})`,
      m.skippedDays.length > 0 ? `${m.skippedDays.length} day(s) not marked, first: ${m.skippedDays[0]?.reason ?? ''}` : '',
    ];
  });
  return {
    id: 'chains-condor-marks',
    title: 'Your chains: a monthly 16-delta iron condor marked daily, real vs model',
    markdown: [
      `On each month's first quote day, a ${Math.round(CONDOR_SHORT_DELTA_ABS * 100)}-delta iron condor with ${CONDOR_WING_WIDTH_POINTS}-point wings on the expiry nearest ${CONDOR_TARGET_DTE_DAYS} days out (${CONDOR_MIN_DTE_DAYS}-${CONDOR_MAX_DTE_DAYS} days), short strikes chosen on the model surface among the strikes listed that day, then marked on every quote day to expiry: real from mids, model from the surface of the same day (cost to close, index points; ×100 USD per condor). Relative error = (model − real) / real.`,
      markdownTable(['root', 'opened', 'expiry', 'strikes (LP/SP/SC/LC)', 'days marked', 'opening mark real / model', 'median abs relative error', 'worst day', 'notes'], rows),
    ].join('\n\n'),
    json: outcomes.map((o) => ({
      root: o.root,
      openDate: isoFromDay(o.spec.openDay),
      expiryDate: isoFromDay(o.spec.expiryDay),
      reason: o.reason ?? null,
      strikes: o.marks === undefined ? null : { ...o.marks.strikes },
      marks:
        o.marks === undefined
          ? []
          : o.marks.marks.map((m) => ({ date: isoFromDay(m.day), realMarkPoints: Number(m.realMarkPoints.toFixed(4)), modelMarkPoints: Number(m.modelMarkPoints.toFixed(4)), relativeError: Number(m.relativeError.toFixed(6)) })),
      worstDay: o.marks === undefined ? null : { date: isoFromDay(o.marks.worstDay.day), relativeError: Number(o.marks.worstDay.relativeError.toFixed(6)) },
    })),
    svgCharts: [],
  };
}

const SPREAD_HEADERS = ['quotes', 'median real half-spread', 'median model half-spread', 'median model / real', 'median abs error (pts)', 'width within 1 tick'];
const spreadCells = (s: SpreadErrorStats) => [String(s.count), fixed(s.medianRealHalfSpreadPoints, 3), fixed(s.medianModelHalfSpreadPoints, 3), fixed(s.medianModelToRealRatio, 2), fixed(s.medianAbsErrorPoints, 3), percent(s.shareWithinOneTick)];

function spreadSection(spx: readonly CanonicalQuote[], vix: readonly CanonicalQuote[], vixOn: (day: DayNumber) => number | undefined, config: MarketModelConfig): { section: ReportSection; spxAll: SpreadErrorStats } {
  const spxObs = spreadObservations(spx.map(toChainQuote), vixOn);
  const vixObs = spreadObservations(vix.map(toChainQuote), vixOn);
  const spxAll = spreadErrorStats(config.spread.spx, spxObs);
  const vixAll = spreadErrorStats(config.spread.vix, vixObs);
  const byVix = VIX_BUCKETS.map((b) => ({ label: vixBucketLabel(b), stats: spreadErrorStats(config.spread.spx, spxObs.filter((o) => o.vixLevel >= b[0] && o.vixLevel < b[1])) }));
  const byDelta = DELTA_BUCKETS.map((b) => ({ label: `${b[0].toFixed(2)}-${Math.min(b[1], 1).toFixed(2)}`, stats: spreadErrorStats(config.spread.spx, spxObs.filter((o) => o.absDelta >= b[0] && o.absDelta < b[1])) }));
  const toJson = (s: SpreadErrorStats): JsonValue => ({
    count: s.count,
    medianRealHalfSpreadPoints: s.medianRealHalfSpreadPoints ?? null,
    medianModelHalfSpreadPoints: s.medianModelHalfSpreadPoints ?? null,
    medianModelToRealRatio: s.medianModelToRealRatio ?? null,
    medianAbsErrorPoints: s.medianAbsErrorPoints ?? null,
    shareWithinOneTick: s.shareWithinOneTick ?? null,
  });
  return {
    spxAll,
    section: {
      id: 'chains-spreads',
      title: 'Your chains: the bid/ask spread model against the real spreads',
      markdown: [
        'Every two-sided quote with a parity forward and an implied vol, against the spread model of the config (half-spread in index points).',
        markdownTable(['product', ...SPREAD_HEADERS], [
          ['SPX / SPXW', ...spreadCells(spxAll)],
          ['VIX options', ...spreadCells(vixAll)],
        ]),
        markdownTable(['SPX, VIX close', ...SPREAD_HEADERS], byVix.map((b) => [b.label, ...spreadCells(b.stats)])),
        markdownTable(['SPX, abs delta', ...SPREAD_HEADERS], byDelta.map((b) => [b.label, ...spreadCells(b.stats)])),
      ].join('\n\n'),
      json: { spx: toJson(spxAll), vix: toJson(vixAll), spxByVix: byVix.map((b) => ({ bucket: b.label, ...(toJson(b.stats) as { [k: string]: JsonValue }) })), spxByAbsDelta: byDelta.map((b) => ({ bucket: b.label, ...(toJson(b.stats) as { [k: string]: JsonValue }) })) },
      svgCharts: [],
    },
  };
}

export interface ChainValidationInputs {
  readonly history: MarketHistory;
  /** Stored quotes, SPX and VIX. */
  readonly quotes: readonly CanonicalQuote[];
  readonly config: MarketModelConfig;
}

export function buildChainValidationSections(inputs: ChainValidationInputs): Result<SectionsWithSummary, string> {
  const { history, config } = inputs;
  const spx = inputs.quotes.filter((q) => q.underlying === 'SPX');
  const vix = inputs.quotes.filter((q) => q.underlying === 'VIX');
  if (spx.length === 0 && vix.length === 0) return err('the chain store is empty: import files with alvh chains import FILE...');
  const surfaceFor = surfaceSource(history, config);
  const vixOn = (day: DayNumber) => history.closeOn('vix', day);
  const discount = (quoteDay: DayNumber, expiryDay: DayNumber) => {
    const rate = history.riskFreeRateOn(quoteDay);
    return rate === undefined ? Number.NaN : Math.exp(-rate * yearFractionAct365(quoteDay, expiryDay));
  };
  // Each trading class on its own: an AM and a PM expiry on the same date are different options.
  const roots = [...new Set(spx.map((q) => q.root))].sort();
  const otm: OtmQuote[] = [];
  const excluded: Record<string, number> = {};
  for (const root of roots) {
    const prepared = prepareOtmQuotes(spx.filter((q) => q.root === root).map(toChainQuote), discount);
    if (!prepared.ok) return err(`${root}: ${prepared.error.reason}`);
    otm.push(...prepared.value.quotes);
    for (const [reason, n] of Object.entries(prepared.value.excluded)) excluded[reason] = (excluded[reason] ?? 0) + n;
  }
  const sections: ReportSection[] = [];
  const summary: SummaryRow[] = [];
  const fitName = 'your chains, 2020-12-01 (the smile fit day)';
  const heldName = 'your chains, held out (every other day)';
  const comparisons = [
    compareByDay(fitName, 'fit', otm.filter((q) => q.quoteDay === SMILE_FIT_DAY), surfaceFor),
    compareByDay(heldName, 'held-out', otm.filter((q) => q.quoteDay !== SMILE_FIT_DAY), surfaceFor),
  ].filter((c): c is QuoteComparison => c !== undefined);
  if (comparisons.length > 0) {
    const section = spxQuoteSection(comparisons, Object.fromEntries(comparisons.map((c) => [c.setName, excluded])));
    sections.push({ ...section, id: 'chains-spx-quotes', title: 'Your chains: the SPX model against your quotes' });
    for (const c of comparisons) summary.push({ section: 'chains-spx-quotes', metric: `${c.setName}: median abs IV error 16-25 delta (vol pts)`, value: fixed(c.medianAbsIvError16to25VolPoints, 2) });
    sections.push(ivByExpiryAndVixSection(comparisons.flatMap((c) => c.rows), vixOn));
  }
  const condors: CondorOutcome[] = [];
  for (const root of roots) {
    const rows = spx.filter((q) => q.root === root).map(toChainQuote);
    for (const spec of monthlyCondorSpecs(rows)) {
      const surface = surfaceFor(spec.openDay);
      if (!surface.ok) {
        condors.push({ root, spec, marks: undefined, reason: `no model surface on the opening day: ${surface.error.reason}` });
        continue;
      }
      const listed = [...new Set(rows.filter((r) => r.quoteDay === spec.openDay && r.expiryDay === spec.expiryDay).map((r) => r.strike))];
      const strikes = selectCondorStrikesWithModel(surface.value, spec, listed);
      if (!strikes.ok) {
        condors.push({ root, spec, marks: undefined, reason: strikes.error.reason });
        continue;
      }
      const marks = markCondor(spec, strikes.value, rows, surfaceFor);
      condors.push(marks.ok ? { root, spec, marks: marks.value, reason: undefined } : { root, spec, marks: undefined, reason: marks.error.reason });
    }
  }
  if (condors.length > 0) {
    sections.push(condorSection(condors));
    const worst = condors.flatMap((c) => (c.marks === undefined ? [] : [Math.abs(c.marks.worstDay.relativeError)]));
    summary.push({ section: 'chains-condor-marks', metric: `worst-day model vs real mark, median over ${worst.length} condor(s)`, value: percent(distributionOf(worst)?.median) });
  }
  const spreads = spreadSection(spx, vix, vixOn, config);
  sections.push(spreads.section);
  summary.push({ section: 'chains-spreads', metric: 'SPX: median model/real half-spread', value: fixed(spreads.spxAll.medianModelToRealRatio, 2) });
  return ok({ sections, summary });
}
