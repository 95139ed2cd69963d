/**
 * The backtest report: side-by-side metrics of every variant, equity and drawdown curves over VIX
 * regime shading, hedge P&L by layer, the stress windows, the claims check, the trades and the config
 * each variant ran with. Built as report sections, so the same writer renders Markdown, JSON and one
 * self-contained HTML page; the CSV files are separate strings.
 */
import type { ClaimResult, ClaimsCheckConfig } from '../analysis/claims.js';
import { acrossModelsRows, acrossModelsVerdicts, type AcrossModels } from '../analysis/acrossModels.js';
import { BAND_ROUND_TRIP_WINDOW_DAYS, bandWhereCapsAllow, type BandShareOn, hedgeAttribution, hedgeInvariants, hedgeRatioBandShare, stressWindowAgainstTwin, type TwinDifference, unhedgedTwinOf, yearlyDifference } from '../analysis/hedgeAttribution.js';
import type { VariantSummary } from '../analysis/variantSummary.js';
import type { BacktestResult } from '../engine/backtest.js';
import type { DailyRecord, TradeRecord } from '../engine/records.js';
import type { JsonValue, SvgChart, ReportSection } from './section.js';
import type { VixRegimeName } from '../strategy/config.js';
import { isoFromDay, type DayNumber } from '../time/day.js';
import type { StressWindow } from '../analysis/stressWindows.js';
import { fixed, markdownTable, percent, signedFixed } from './markdownTable.js';
import { wholeUsdText } from '../lib/numberText.js';
import { spreadsheetCsv } from '../lib/csvCell.js';
import { shortRunNote } from './shortRun.js';
import type { Report } from './report.js';
import { VIX_CALIBRATION_TARGET_VOL_POINTS, type CalibrationInputsTally, type SourceDays } from '../market/dayCalibration.js';
import { barChart, escapeXml, lineChart, type ChartBand } from './svgChart.js';

export interface BacktestReportInput {
  readonly fromDay: DayNumber;
  readonly toDay: DayNumber;
  /** Why the run ends where it does (e.g. the last day with VIX futures). */
  readonly endReason: string;
  readonly dataVersion: string;
  readonly results: ReadonlyMap<string, BacktestResult>;
  readonly summaries: readonly VariantSummary[];
  readonly claims: readonly ClaimResult[];
  /** The thresholds the claims were judged by, printed under them. */
  readonly claimsConfig?: ClaimsCheckConfig;
  /** Extra facts (model config hash, signal config, ...), printed under the title. */
  readonly facts: readonly { readonly label: string; readonly value: string }[];
  /** The same variants on other market model configs (`alvh backtest --across-models`); no section without it. */
  readonly acrossModels?: AcrossModels;
  /** What the market model rested on over the run's days; no section without it. */
  readonly modelInputs?: CalibrationInputsTally;
}

const REGIME_FILL: Record<VixRegimeName, string | undefined> = {
  calm: undefined,
  normal: undefined,
  elevated: 'rgba(255,200,0,0.12)',
  high: 'rgba(255,120,0,0.18)',
  extreme: 'rgba(220,0,0,0.22)',
};

const usd = (x: number | undefined) => (x === undefined ? '-' : wholeUsdText(x));
/** A fraction as signed return points, one decimal: a part of a return difference (+0.3 pts, -2.1 pts, 0.0 pts). */
const signedPoints = (fraction: number) => `${signedFixed(fraction * 100, 1)} pts`;
const ratio = (x: number | undefined) => fixed(x, 2);
const iso = (d: DayNumber | undefined) => (d === undefined ? '-' : isoFromDay(d));

/** Shading bands where the regime is elevated or worse, merged over consecutive days. */
export function regimeBands(daily: readonly DailyRecord[]): ChartBand[] {
  const bands: ChartBand[] = [];
  let open: { from: number; regime: VixRegimeName } | undefined;
  for (let i = 0; i <= daily.length; i++) {
    const d = daily[i];
    const regime = d?.regime;
    if (open && (regime !== open.regime || d === undefined)) {
      const fill = REGIME_FILL[open.regime];
      const end = (daily[i - 1] as DailyRecord).day + 1;
      if (fill) bands.push({ from: open.from, to: end, fill });
      open = undefined;
    }
    if (d && !open) open = { from: d.day, regime: d.regime };
  }
  return bands;
}

/** Thin a long daily series for a chart: every k-th point, always keeping the last. */
function thin<T>(xs: readonly T[], maxPoints: number): T[] {
  if (xs.length <= maxPoints) return [...xs];
  const step = Math.ceil(xs.length / maxPoints);
  const out = xs.filter((_, i) => i % step === 0);
  if (out[out.length - 1] !== xs[xs.length - 1]) out.push(xs[xs.length - 1] as T);
  return out;
}

const CHART_POINTS = 1200;

function metricsSection(input: BacktestReportInput): ReportSection {
  const rows = input.summaries.map((s) => {
    const m = s.metrics;
    return [
      s.name,
      percent(m.cagrFraction, 2),
      percent(m.annualVolatilityFraction, 1),
      ratio(m.sharpeRatio),
      ratio(m.sortinoRatio),
      `${percent(m.drawdown.maxDrawdownFraction, 1)} (${iso(m.drawdown.peakDay)} to ${iso(m.drawdown.troughDay)})`,
      ratio(m.calmarRatio),
      m.worstMonth ? `${m.worstMonth.month} ${percent(m.worstMonth.returnFraction, 1)}` : '-',
      percent(s.condorTrades.winRate, 0),
      usd(s.condorTrades.averageWin),
      usd(s.condorTrades.averageLoss),
      percent(m.cvar5DailyFraction, 2),
      percent(m.drawdown.fractionOfDaysUnderwater, 0),
      `${m.drawdown.longestUnderwaterDays} d`,
      fixed(s.condorRollsPerYear, 1),
      usd(s.hedgePremiumPerYearUsd),
      usd(s.hedgeNetPnlPerYearUsd),
    ];
  });
  const shortNote = shortRunNote(input.fromDay, input.toDay, input.summaries);
  const headers = ['variant', 'CAGR', 'volatility', 'Sharpe', 'Sortino', 'max drawdown', 'Calmar', 'worst month', 'win rate', 'avg win USD', 'avg loss USD', '5 % CVaR (daily)', 'time under water', 'longest under water', 'rolls / year', 'hedge premium / year USD', 'hedge net P&L / year USD'];
  return {
    id: 'metrics',
    title: 'Metrics by variant',
    markdown: [
      `${isoFromDay(input.fromDay)} to ${isoFromDay(input.toDay)} (${input.endReason}). Win rate and average win/loss are per closed condor; hedge premium is what the hedge layers cost to buy.`,
      '',
      markdownTable(headers, rows),
      ...(shortNote === undefined ? [] : ['', `**${shortNote}**`]),
    ].join('\n'),
    json: input.summaries.map((s) => summaryJson(s)),
    svgCharts: [],
  };
}

function summaryJson(s: VariantSummary): JsonValue {
  return JSON.parse(JSON.stringify(s)) as JsonValue;
}

function curvesSection(input: BacktestReportInput): ReportSection {
  const first = input.results.values().next().value as BacktestResult | undefined;
  const bands = first ? regimeBands(first.daily) : [];
  const bandLegend = [
    { name: 'elevated', fill: REGIME_FILL.elevated as string },
    { name: 'high', fill: REGIME_FILL.high as string },
    { name: 'extreme', fill: REGIME_FILL.extreme as string },
  ];
  const equitySeries = [...input.results.entries()].map(([name, r]) => ({ name, hideMarkers: true, points: thin(r.daily, CHART_POINTS).map((d) => [d.day, d.equityUsd] as const) }));
  const drawdownSeries = [...input.results.entries()].map(([name, r]) => {
    let peak = -Infinity;
    const points = r.daily.map((d) => {
      peak = Math.max(peak, d.equityUsd);
      return [d.day, peak > 0 ? (d.equityUsd / peak - 1) * 100 : 0] as const;
    });
    return { name, hideMarkers: true, points: thin(points, CHART_POINTS) };
  });
  const charts: SvgChart[] = [
    { id: 'equity', title: 'Equity (USD) over VIX regime shading', svg: lineChart({ title: 'Equity (USD)', series: equitySeries, xIsDay: true, bands, bandLegend, width: 1000, height: 380 }) },
    { id: 'drawdown', title: 'Drawdown from the running peak (%)', svg: lineChart({ title: 'Drawdown (%)', series: drawdownSeries, xIsDay: true, bands, bandLegend, width: 1000, height: 300 }) },
  ];
  return {
    id: 'curves',
    title: 'Equity and drawdown',
    markdown: 'Shaded: days the VIX regime was elevated (20-28), high (28-40) or extreme (40 and above).',
    json: { regimeBands: bands.map((b) => ({ from: isoFromDay(b.from), to: isoFromDay(b.to - 1), fill: b.fill })) },
    svgCharts: charts,
  };
}

function layerName(layer: number | undefined): string {
  if (layer === 0) return 'pre-FOMC seed';
  return layer === undefined ? 'other' : `layer ${layer}`;
}

function hedgeSection(input: BacktestReportInput): ReportSection {
  const hedged = [...input.results.entries()].filter(([, r]) => r.config.hedge.enabled);
  // Every layer counts, closed or still open at the end (its cash flows plus its final mark).
  const attributions = new Map(hedged.map(([name, r]) => [name, hedgeAttribution(r).byLayerUsd]));
  const layers = [...new Set([...attributions.values()].flatMap((a) => Object.keys(a)))].sort();
  const byLayer = (r: BacktestResult, name: string) => attributions.get(r.config.name)?.[name] ?? 0;
  const rows = hedged.map(([name, r]) => {
    const last = r.daily[r.daily.length - 1] as DailyRecord;
    const open = last.hedgePnlUsd - r.trades.filter((t) => t.kind === 'hedge-layer').reduce((s, t) => s + t.pnlUsd, 0);
    return [name, ...layers.map((l) => usd(byLayer(r, l))), usd(open), usd(last.hedgePnlUsd), usd(last.condorPnlUsd)];
  });
  const charts: SvgChart[] =
    hedged.length === 0
      ? []
      : [
          {
            id: 'hedge-by-layer',
            title: 'Hedge P&L by layer (all layers, USD)',
            svg: barChart({ title: 'Hedge P&L by layer (USD)', categories: layers, series: hedged.map(([name, r]) => ({ name, values: layers.map((l) => byLayer(r, l)) })), width: 800 }),
          },
          {
            id: 'hedge-cumulative',
            title: 'Cumulative hedge and condor P&L (USD)',
            svg: lineChart({
              title: 'Cumulative P&L (USD)',
              series: hedged.flatMap(([name, r]) => [
                { name: `${name} hedge`, hideMarkers: true, points: thin(r.daily, CHART_POINTS).map((d) => [d.day, d.hedgePnlUsd] as const) },
                { name: `${name} condors`, hideMarkers: true, dashed: true, points: thin(r.daily, CHART_POINTS).map((d) => [d.day, d.condorPnlUsd] as const) },
              ]),
              xIsDay: true,
              width: 1000,
            }),
          },
        ];
  return {
    id: 'hedge',
    title: 'Hedge P&L by layer',
    markdown:
      hedged.length === 0
        ? 'No variant in this run has a hedge.'
        : ['Hedge P&L by layer number, every layer counted (closed ones and those open at the end, at their final mark); the part still open at the end; the totals next to the condors\' P&L (USD).', '', markdownTable(['variant', ...layers, 'open at end', 'hedge total', 'condors total'], rows)].join('\n'),
    json: Object.fromEntries(hedged.map(([name, r]) => [name, Object.fromEntries(layers.map((l) => [l, byLayer(r, l)]))])),
    svgCharts: charts,
  };
}

/** The run's variants on each market model config, and what the hedge changes on each (`--across-models`). */
function acrossModelsSection(result: AcrossModels): ReportSection {
  const { headers, rows } = acrossModelsRows(result);
  return {
    id: 'across-models',
    title: 'The same variants on other market models',
    markdown: [
      `The variants above, run again over the same days on each market model config (the first column is this run's model). A finding that holds on every model does not rest on the choice of model; docs/model.md says which validation targets each model meets.`,
      '',
      markdownTable(headers, rows),
      '',
      ...acrossModelsVerdicts(result).map((line) => `- ${line}`),
    ].join('\n'),
    json: JSON.parse(JSON.stringify(result)) as JsonValue,
    svgCharts: [],
  };
}

function hedgeEffectSection(input: BacktestReportInput): ReportSection {
  const hedged = [...input.results.entries()].filter(([, r]) => r.config.hedge.enabled);
  const pairs = hedged.map(([name, r]) => ({ name, r, twin: input.results.get(unhedgedTwinOf(name)) })).filter((p) => p.twin !== undefined);
  const yearly = new Map(pairs.map((p) => [p.name, new Map(yearlyDifference(p.r.daily, (p.twin as BacktestResult).daily).map((y) => [y.year, y]))]));
  const years = [...new Set([...yearly.values()].flatMap((byYear) => [...byYear.keys()]))].sort();
  // A year the run covers in part (its first or last) says so: its figures are not a calendar year's.
  const yearLabel = (y: string) => {
    const d = pairs.map((p) => yearly.get(p.name)?.get(y)).find((x) => x !== undefined);
    return d === undefined || d.wholeYear ? y : `${y} (part: ${isoFromDay(d.firstDay)} to ${isoFromDay(d.lastDay)})`;
  };
  const yearRows = years.map((y) => [yearLabel(y), ...pairs.map((p) => { const d = yearly.get(p.name)?.get(y); return d ? `${percent(d.differenceFraction)} (hedge ${usd(d.hedgePnlUsd)} USD, ${signedPoints(d.hedgeContributionFraction)}; condors ${signedPoints(d.condorContributionFraction)})` : '-'; })]);
  const kinds = ['add', 'roll', 'rebalance', 'cash', 'settlement', 'open'] as const;
  const attribution = hedged.map(([name, r]) => ({ name, r, a: hedgeAttribution(r), band: hedgeRatioBandShare(r.daily, r.config.hedge.hedgeRatioBand), capsAllow: bandWhereCapsAllow(r.daily), inv: hedgeInvariants(r) }));
  const kindRows = attribution.map(({ name, a }) => [name, ...kinds.map((k) => usd(a.byKindUsd[k])), usd(a.totalUsd)]);
  const layerNames = [...new Set(attribution.flatMap(({ a }) => Object.keys(a.byLayerUsd)))].sort();
  const layerRows = attribution.map(({ name, a }) => [name, ...layerNames.map((l) => usd(a.byLayerUsd[l] ?? 0))]);
  const bandRows = attribution.map(({ name, band, capsAllow, inv, r }) => [
    name,
    `[${r.config.hedge.hedgeRatioBand.min}, ${r.config.hedge.hedgeRatioBand.max}]`,
    String(band.hedgedDays),
    band.shareInBand === undefined ? '-' : percent(band.shareInBand),
    ratio(band.medianRatio),
    capsAllow.shareInBandWhereCapsAllow === undefined ? '-' : `${percent(capsAllow.shareInBandWhereCapsAllow)} of ${capsAllow.capsAllowDays}`,
    countsText(capsAllow.belowCappedDays),
    countsText(capsAllow.belowWithHeadroomDays),
    countsText(capsAllow.aboveBandByReason),
    countsText(capsAllow.aboveBandByCause),
    fullyLayeredText(capsAllow.fullyLayered),
    fullyLayeredText(capsAllow.bandApplies),
    `${inv.layerDaysWithoutCondor} (${inv.layerDaysWithoutCondorUnexplained} unexplained)`,
    String(inv.sameDayCashAndRebuy),
    `${inv.rollsAboveLayerSize} of ${inv.rolls}`,
    `${inv.longestLayerDays} d`,
    `${inv.bandRoundTrips} of ${inv.aboveBandTrims}`,
  ]);
  const markdown =
    hedged.length === 0
      ? 'No variant in this run has a hedge.'
      : [
          'Each hedged variant against its unhedged twin (the same condor rules, hedge budget zero): the yearly return difference, hedged minus unhedged, with the hedge\'s P&L that year in USD and the difference split in return points, each P&L on its own book\'s equity at the year\'s start: the hedge\'s, and the condors\' against the twin\'s condors (the rest is interest on each book\'s cash). The condors differ although their rules are the same: each book sizes its condors on its own equity, a hedged book\'s roll waits while the hedge\'s projected payoff covers its cost, and with other condors open the two books may have room for different entries.',
          '',
          pairs.length === 0 ? 'No unhedged twin in this run.' : markdownTable(['year', ...pairs.map((p) => `${p.name} - ${unhedgedTwinOf(p.name)}`)], yearRows),
          '',
          'Hedge P&L by the kind of rule that moved its cash (premium, fees and settlements, USD); "open" is the value still held at the end. The columns sum to the hedge total.',
          '',
          markdownTable(['variant', ...kinds, 'hedge total'], kindRows),
          '',
          'Hedge P&L by layer (each layer\'s cash flows and final mark, USD).',
          '',
          markdownTable(['variant', ...layerNames], layerRows),
          '',
          'The hedge ratio against its band on hedged days, and the trader\'s checks: days with a layer but no condor (unexplained = no rule said to let it decay or hold it), same-day cash and rebuy of a rung, rolls that bought more than the layer held, the longest a layer was held, and the band\'s round trips (above-band trims followed by a below-band top-up within ' + String(BAND_ROUND_TRIP_WINDOW_DAYS) + ' calendar days, each paying the spread twice, of all the above-band trims). "In band where the caps allow": of the hedged days whose caps left headroom to reach the band (the premium they still allowed, spent on the cheapest allowed layer unit, buys the exposure missing to the band\'s bottom) or that were in or above it, the share in the band. Below the band, the days the caps blocked (by cap) and the days with headroom (why nothing was bought: rebalance-interval = the band applies but no rebalance day; rung-missing-* = the band does not apply yet, the missing rung not triggered or cooling down; let-decay = a resolution, or every layer held left to decay by its rule: the rebalance tops nothing up; rebalance-short = the rebalance ran and fell short). Above the band, why no trim brought it back (rebalance-interval = the band applies but no rebalance day; not-fully-layered = the band does not apply yet, so the rebalance, the only rule that trims, waits; rebalance-trim-short / rebalance-no-trim = the rebalance ran and left it above) and what lifted it there on the spell\'s first day (condor-closed, condor-rolled, layer-rolled, layer-added: that day\'s decisions; otherwise condor-exposure-fell or hedge-exposure-rose, whichever moved the ratio more). "Fully layered": the days every planned rung is held (one layer per ladder tenor, or maxLayers for the taper): their count, the share in the band, and the share where the caps allow. "Band applies": the days the rebalance may run (hedge.rebalanceWhen; by default from the first fully layered close until the hedge holds no layer, whatever rung a trim, a take-profit or an expiry took away meanwhile), the same figures.',
          '',
          markdownTable(['variant', 'band', 'hedged days', 'in band', 'median ratio', 'in band where the caps allow', 'below, capped', 'below, with headroom', 'above, why not trimmed', 'above, what lifted it', 'fully layered: days, in band, where the caps allow', 'band applies: days, in band, where the caps allow', 'layer days without condor', 'same-day cash+rebuy', 'rolls above size', 'longest layer', 'band round trips'], bandRows),
        ].join('\n');
  return {
    id: 'hedge-effect',
    title: 'What the hedge did: against the unhedged twin, by rule and by layer',
    markdown,
    json: Object.fromEntries(
      attribution.map(({ name, a, band, capsAllow, inv }) => [
        name,
        JSON.parse(JSON.stringify({ yearly: [...(yearly.get(name)?.values() ?? [])], attribution: a, band, bandWhereCapsAllow: capsAllow, invariants: inv })) as JsonValue,
      ]),
    ),
    svgCharts: [],
  };
}

/** `a 12, b 3` of the non-zero counts, or `-` when none. */
function fullyLayeredText(f: BandShareOn): string {
  if (f.classifiedDays === 0) return '-';
  const share = (x: number | undefined) => (x === undefined ? '-' : percent(x));
  return `${f.classifiedDays}, ${share(f.shareInBand)}, ${share(f.shareInBandWhereCapsAllow)} of ${f.capsAllowDays}`;
}

function countsText(counts: Readonly<Record<string, number>>): string {
  const parts = Object.entries(counts)
    .filter(([, n]) => n > 0)
    .map(([k, n]) => `${k.replace(/^hedge\.caps\./, '')} ${n}`);
  return parts.length > 0 ? parts.join(', ') : '-';
}

/** `+1.8 pts (hedge +1.5, condors +0.3)`: a twin difference in points and its two main parts (the rest is interest). */
function twinDifferenceText(d: TwinDifference | undefined): string {
  return d === undefined ? '-' : `${signedPoints(d.differenceFraction)} (hedge ${signedPoints(d.hedgeContributionFraction)}, condors ${signedPoints(d.condorContributionFraction)})`;
}

function windowsSection(input: BacktestReportInput): ReportSection {
  const windows = input.summaries[0]?.windows.map((w) => w.window) ?? [];
  // Each variant's difference to its twin over each window, once: the table and the JSON both read it.
  const againstTwin = new Map(input.summaries.map((s) => [s.name, new Map(s.windows.map(({ window }) => [window.id, stressWindowAgainstTwin(input.results, s.name, window)]))]));
  const rows: string[][] = [];
  for (const w of windows) {
    for (const s of input.summaries) {
      const ws = s.windows.find((x) => x.window.id === w.id);
      if (!ws?.metrics) continue;
      rows.push([w.label, s.name, percent(ws.metrics.totalReturnFraction, 1), percent(ws.metrics.drawdown.maxDrawdownFraction, 1), usd(ws.condorPnlUsd), usd(ws.hedgePnlUsd), twinDifferenceText(againstTwin.get(s.name)?.get(w.id))]);
    }
  }
  const twinJson = (variant: string, window: StressWindow) => {
    const d = againstTwin.get(variant)?.get(window.id);
    return d === undefined ? null : { variant: unhedgedTwinOf(variant), differenceFraction: d.differenceFraction, hedgeContributionFraction: d.hedgeContributionFraction, condorContributionFraction: d.condorContributionFraction, interestContributionFraction: d.interestContributionFraction };
  };
  return {
    id: 'stress-windows',
    title: 'Stress windows',
    markdown:
      rows.length === 0
        ? 'The run covers none of the stress windows.'
        : [
            'Each window from the last close before it to its last close. "Against the unhedged twin": a hedged variant\'s return minus its twin\'s over the window, in points, split as in the yearly table above (the hedge\'s P&L and the condors\' return against the twin\'s, each on its own book\'s equity at the window\'s start; the rest is interest).',
            '',
            markdownTable(['window', 'variant', 'return', 'max drawdown', 'condor P&L USD', 'hedge P&L USD', 'against the unhedged twin'], rows),
          ].join('\n'),
    json: input.summaries.map((s) => ({ variant: s.name, windows: s.windows.map((w) => ({ id: w.window.id, covered: w.metrics !== undefined, returnFraction: w.metrics?.totalReturnFraction ?? null, maxDrawdownFraction: w.metrics?.drawdown.maxDrawdownFraction ?? null, condorPnlUsd: w.condorPnlUsd ?? null, hedgePnlUsd: w.hedgePnlUsd ?? null, againstUnhedgedTwin: twinJson(s.name, w.window) })) })),
    svgCharts: [],
  };
}

function claimsSection(input: BacktestReportInput): ReportSection {
  return {
    id: 'claims',
    title: 'Claims check (METHODOLOGY section 6)',
    markdown: [
      markdownTable(
        ['#', 'claim', 'measured', 'verdict', 'why'],
        input.claims.map((c) => [String(c.id), c.claim, c.measured, `**${c.verdict}**`, c.reason]),
      ),
      'A claim about a window (Feb 2018, March 2020, 2022, the tail windows) is measured only when the run covers the window whole, from its first NYSE session to its last; claim 6 reads whole calendar months only.',
      ...(input.claimsConfig === undefined ? [] : [`Thresholds (\`ClaimsCheckConfig\`): \`${JSON.stringify(input.claimsConfig)}\``]),
    ].join('\n\n'),
    json: JSON.parse(JSON.stringify(input.claims)) as JsonValue,
    svgCharts: [],
  };
}

/** Where a model input came from, in words (the tally's source keys). */
const INPUT_SOURCE_TEXT: Readonly<Record<string, string>> = {
  observed: 'published close',
  futures: 'stood in: from the VIX futures curve',
  'mean-reversion': 'stood in: mean reversion from VIX',
  skew: 'smile solved to SKEW (median of the last closes)',
  'skew-at-bound': 'SKEW beyond the smile: skew level at its bound',
  'no-skew': 'stood in: no SKEW close, the skew level without SKEW',
  fixed: 'fixed smile (spx.skewCalibration off)',
  published: 'published close',
  'regression on VIX': 'stood in: regression of VVIX on VIX',
  'no VIX options': 'no VIX options listed (no VIX-option surface)',
};

/**
 * What the market model rested on: for each input of the daily calibration, on how many of the run's
 * days it was a published close and on how many something stood in, from when to when. The daily
 * signal's calibration line, counted over the run.
 */
/** One row of the table "What the market model rested on": an input, where it came from, on how many days, the first and the last. */
export interface ModelInputRow {
  readonly input: string;
  readonly source: string;
  readonly days: number;
  readonly firstDay: string;
  readonly lastDay: string;
}

/** The tally's rows in words, as the report and the dashboard's Backtest page show them. */
export function modelInputRows(tally: CalibrationInputsTally): ModelInputRow[] {
  const row = (input: string, d: SourceDays): ModelInputRow => ({ input, source: INPUT_SOURCE_TEXT[d.source] ?? d.source, days: d.days, firstDay: isoFromDay(d.firstDay), lastDay: isoFromDay(d.lastDay) });
  return [
    ...tally.tenors.flatMap((t) => t.bySource.map((d) => row(`${t.index} (SPX ATM level at ${t.tenorDays} days)`, d))),
    ...tally.skew.map((d) => row('SKEW (SPX smile)', d)),
    ...tally.vvix.map((d) => row('VVIX (VIX-option surface)', d)),
  ];
}

/** The sentence on how closely the published VIX-family indexes were reproduced over the run. */
export function modelInputsResidualText(tally: CalibrationInputsTally): string {
  const largest = tally.largestPublishedResidualVolPoints;
  return largest === null
    ? 'No published VIX-family index to check the model against.'
    : `Published VIX-family indexes were reproduced by the model's own index within ${largest.toFixed(4)} vol points on every day (target ${VIX_CALIBRATION_TARGET_VOL_POINTS}; ${tally.daysPublishedResidualAboveTarget} day(s) above it).`;
}

function modelInputsSection(tally: CalibrationInputsTally): ReportSection {
  const rows = modelInputRows(tally).map((r) => [r.input, r.source, r.days.toLocaleString('en-US'), r.firstDay, r.lastDay]);
  const largest = tally.largestPublishedResidualVolPoints;
  const dayOf = (d: SourceDays) => ({ source: d.source, days: d.days, firstDay: isoFromDay(d.firstDay), lastDay: isoFromDay(d.lastDay) });
  return {
    id: 'model-inputs',
    title: 'What the market model rested on',
    markdown: [
      `Every option price of the run comes from the day's market model, solved to that day's indexes (the terminal's \`alvh signal\` prints the same for one day). Where an index was not published, something stood in. The ${tally.modelDays.toLocaleString('en-US')} trading days with a model, by where each target came from (a source's days need not be consecutive); the error of each stand-in against the real index is measured by \`alvh validate\` (docs/model.md).`,
      markdownTable(['input', 'source', 'days', 'first day', 'last day'], rows),
      modelInputsResidualText(tally),
      ...(tally.daysWithoutModel > 0 ? [`${tally.daysWithoutModel} trading day(s) had no model (a data gap: no decisions, the book carried).`] : []),
    ].join('\n\n'),
    json: {
      modelDays: tally.modelDays,
      daysWithoutModel: tally.daysWithoutModel,
      tenors: tally.tenors.map((t) => ({ index: t.index, tenorDays: t.tenorDays, bySource: t.bySource.map(dayOf) })),
      largestPublishedResidualVolPoints: largest,
      daysPublishedResidualAboveTarget: tally.daysPublishedResidualAboveTarget,
      skew: tally.skew.map(dayOf),
      vvix: tally.vvix.map(dayOf),
    },
    svgCharts: [],
  };
}

function tradeRow(variant: string, t: TradeRecord): string[] {
  return [variant, t.group, t.kind === 'condor' ? 'condor' : layerName(t.layer), isoFromDay(t.entryDay), isoFromDay(t.exitDay), fixed(t.contracts, 2), fixed(t.entryPricePoints, 2), usd(t.pnlUsd), t.exitRule, t.legs, t.legsAtClose, String(t.rolls)];
}

function tradesSection(input: BacktestReportInput): ReportSection {
  const headers = ['variant', 'id', 'kind', 'opened', 'closed', 'contracts', 'credit / premium (pts)', 'P&L USD', 'exit rule', 'legs', 'legs at close', 'rolls'];
  const blocks = [...input.results.entries()].map(([name, r]) => {
    const rows = r.trades.map((t) => tradeRow(name, t));
    return `<details><summary>${escapeXml(name)}: ${r.trades.length} trades</summary>\n\n${markdownTable(headers, rows)}\n\n</details>`;
  });
  return { id: 'trades', title: 'Trades', markdown: blocks.join('\n\n'), json: null, svgCharts: [] };
}

function decisionsSection(input: BacktestReportInput): ReportSection {
  const counts = new Map<string, Map<string, number>>();
  for (const [name, r] of input.results) {
    for (const d of r.decisions) {
      const key = `${d.action} / ${d.rule}`;
      const byVariant = counts.get(key) ?? new Map<string, number>();
      byVariant.set(name, (byVariant.get(name) ?? 0) + 1);
      counts.set(key, byVariant);
    }
  }
  const names = [...input.results.keys()];
  const rows = [...counts.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([key, m]) => [key, ...names.map((n) => String(m.get(n) ?? 0))]);
  return {
    id: 'decisions',
    title: 'Decisions by rule',
    markdown: ['How often each rule fired. The full decision log, with the figures behind every decision, is in decisions.csv and the JSON report.', '', markdownTable(['action / rule', ...names], rows)].join('\n'),
    json: Object.fromEntries(rows.map((r) => [r[0] as string, Object.fromEntries(names.map((n, i) => [n, Number(r[i + 1])]))])),
    svgCharts: [],
  };
}

function configSection(input: BacktestReportInput): ReportSection {
  const blocks = [...input.results.entries()].map(([name, r]) => `<details><summary>${escapeXml(name)}</summary>\n\n\`\`\`json\n${JSON.stringify(r.config, null, 2)}\n\`\`\`\n\n</details>`);
  return {
    id: 'config',
    title: 'Configuration each variant ran with',
    markdown: blocks.join('\n\n'),
    json: Object.fromEntries([...input.results.entries()].map(([name, r]) => [name, JSON.parse(JSON.stringify(r.config)) as JsonValue])),
    svgCharts: [],
  };
}

export function buildBacktestReport(input: BacktestReportInput): Report {
  return {
    title: 'alvh backtest',
    facts: [
      { label: 'period', value: `${isoFromDay(input.fromDay)} to ${isoFromDay(input.toDay)} (${input.endReason})` },
      { label: 'variants', value: [...input.results.keys()].join(', ') },
      { label: 'data version', value: input.dataVersion },
      ...input.facts,
    ],
    sections: [metricsSection(input), ...(input.acrossModels === undefined ? [] : [acrossModelsSection(input.acrossModels)]), curvesSection(input), hedgeSection(input), hedgeEffectSection(input), windowsSection(input), claimsSection(input), ...(input.modelInputs === undefined ? [] : [modelInputsSection(input.modelInputs)]), decisionsSection(input), tradesSection(input), configSection(input)],
  };
}

export function tradesCsv(results: ReadonlyMap<string, BacktestResult>): string {
  const rows = [...results.entries()].flatMap(([name, r]) => r.trades.map((t) => [name, t.group, t.kind, t.layer, isoFromDay(t.entryDay), isoFromDay(t.exitDay), t.contracts, t.entryPricePoints, t.pnlUsd, t.exitRule, t.legs, t.legsAtClose, t.rolls, t.settlement ?? '']));
  return spreadsheetCsv(['variant', 'id', 'kind', 'layer', 'opened', 'closed', 'contracts', 'entry_price_points', 'pnl_usd', 'exit_rule', 'legs', 'legs_at_close', 'rolls', 'settlement'], rows);
}

export function equityCsv(results: ReadonlyMap<string, BacktestResult>): string {
  const rows = [...results.entries()].flatMap(([name, r]) =>
    r.daily.map((d) => [name, isoFromDay(d.day), d.equityUsd, d.cashUsd, d.condorPnlUsd, d.hedgePnlUsd, d.interestUsd, d.spxClose, d.vixClose, d.regime, d.openCondors, d.hedgeLayers, d.spxDeltaUsdPerPoint, d.spxGammaUsdPerPoint2, d.spxVegaUsdPerVolPoint, d.thetaUsdPerDay, d.condorVixExposureUsd, d.hedgeVixExposureUsd, d.hedgeRatio, d.buyingPowerUsedUsd]),
  );
  return spreadsheetCsv(
    ['variant', 'date', 'equity_usd', 'cash_usd', 'condor_pnl_usd', 'hedge_pnl_usd', 'interest_usd', 'spx_close', 'vix_close', 'regime', 'open_condors', 'hedge_layers', 'spx_delta_usd_per_point', 'spx_gamma_usd_per_point2', 'spx_vega_usd_per_vol_point', 'theta_usd_per_day', 'condor_vix_exposure_usd', 'hedge_vix_exposure_usd', 'hedge_ratio', 'buying_power_used_usd'],
    rows,
  );
}

export function decisionsCsv(results: ReadonlyMap<string, BacktestResult>): string {
  const rows = [...results.entries()].flatMap(([name, r]) => r.decisions.map((d) => [name, isoFromDay(d.day), d.action, d.rule, d.group, d.reason, JSON.stringify(d.figures)]));
  return spreadsheetCsv(['variant', 'date', 'action', 'rule', 'group', 'reason', 'figures'], rows);
}
