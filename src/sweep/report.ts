/**
 * The sweep report: the verdict on overfitting (deflated Sharpe ratio, PBO) in plain words, the top
 * variants beside the preset's defaults, heat maps of the ranking metric over every pair of varied
 * numeric fields, and the walk-forward out-of-sample curve. Rendered by src/report (one offline HTML
 * page, SVG inline, no external assets); pure: strings only.
 */
import type { JsonValue, ReportSection } from '../report/section.js';
import { fixed, percent } from '../report/markdownTable.js';
import type { Report } from '../report/report.js';
import { escapeXml, histogramChart, lineChart } from '../report/svgChart.js';
import { isoFromDay } from '../time/day.js';
import type { SweepAnalysis } from './analysis.js';
import type { SweepRow } from './resultStore.js';
import type { MetricColumn } from './runVariant.js';
import { RANKING_METRICS, sweepModelConfig, sweepModelDescription, type SweepSpec } from './spec.js';
import type { RelatedSweep } from './storedSweeps.js';
import type { ResultVersions } from './variants.js';
import { SWEEP_MODEL_CONFIG_FILE, VARIANT_CONFIGS_FOLDER, variantConfigFile } from './variantConfigs.js';
import { isDefaultMarketModel } from '../market/config.js';
import { REPORT_TOP_VARIANTS } from './reportLimits.js';
import { countText, wholeUsdText } from '../lib/numberText.js';

/** A numeric field with more distinct values than this is binned for the heat map. */
export const HEATMAP_MAX_LEVELS = 10;

const cell = (x: number | null, f: (v: number) => string) => (x === null ? '-' : f(x));

function topSection(spec: SweepSpec, analysis: SweepAnalysis): ReportSection {
  const rows: SweepRow[] = analysis.ranked.slice(0, REPORT_TOP_VARIANTS);
  if (analysis.baseline !== undefined && !rows.includes(analysis.baseline)) rows.push(analysis.baseline);
  const varied = spec.vary.map((f) => f.path);
  const header = ['rank', 'variant', 'same result as', ...varied, 'Sharpe', 'Sortino', 'CAGR', 'max DD', 'Calmar', 'worst month', 'hedge net (USD/yr)'];
  const sameAs = analysis.distinctResults.sameResultAsRank;
  const lines = rows.map((r) => {
    const values = JSON.parse(r.valuesJson) as Record<string, unknown>;
    const m = r.result.metrics;
    return [
      String(analysis.ranked.indexOf(r) + 1),
      r.isBaseline ? `**${spec.basePreset} (preset)**` : `\`${r.key.slice(0, 10)}\``,
      sameAs.has(r.key) ? `#${sameAs.get(r.key)}` : '',
      ...varied.map((p) => (r.isBaseline ? 'default' : JSON.stringify(values[p]))),
      cell(m.sharpeRatio, (v) => fixed(v, 2)),
      cell(m.sortinoRatio, (v) => fixed(v, 2)),
      cell(m.cagrFraction, (v) => percent(v, 2)),
      cell(m.maxDrawdownFraction, (v) => percent(v, 1)),
      cell(m.calmarRatio, (v) => fixed(v, 2)),
      cell(m.worstMonthReturnFraction, (v) => percent(v, 1)),
      cell(m.hedgeNetPnlPerYearUsd, wholeUsdText),
    ];
  });
  const example = rows.find((r) => !r.isBaseline);
  const modelFlag = isDefaultMarketModel(sweepModelConfig(spec)) ? '' : ` (with \`--model-config ${SWEEP_MODEL_CONFIG_FILE}\`, the sweep's market model)`;
  const md = [
    `Ranked by **${spec.rankBy}** (${RANKING_METRICS[spec.rankBy]} is better). The preset's own defaults are the row marked "preset". "Same result as #n": the variant's daily returns are those of the variant ranked n, to the last digit (its varied values changed nothing in the period).`,
    '',
    ...(example === undefined
      ? []
      : [
          `Each variant of this table has its whole resolved config beside this report, in \`${VARIANT_CONFIGS_FOLDER}/\` (the first, \`${example.key.slice(0, 10)}\`, is \`${variantConfigFile(spec, example.key)}\`): \`alvh backtest --config FILE\` reruns it, and \`alvh signal --config FILE\` gives its daily signal for your book${modelFlag}.`,
          '',
        ]),
    `| ${header.join(' | ')} |`,
    `|${header.map(() => '---').join('|')}|`,
    ...lines.map((l) => `| ${l.join(' | ')} |`),
  ].join('\n');
  const json: JsonValue = rows.map((r) => ({
    key: r.key,
    rank: analysis.ranked.indexOf(r) + 1,
    isBaseline: r.isBaseline,
    sameResultAsRank: sameAs.get(r.key) ?? null,
    configFile: r.isBaseline ? null : variantConfigFile(spec, r.key),
    values: JSON.parse(r.valuesJson) as JsonValue,
    metrics: r.result.metrics,
  }));
  return { id: 'top', title: 'Top variants beside the preset', markdown: md, json, svgCharts: [] };
}

/** Levels of a numeric field: its distinct values, or equal-width bins when there are too many. */
function levelsOf(values: readonly number[]): { labels: string[]; levelOf: (x: number) => number } {
  const distinct = [...new Set(values)].sort((a, b) => a - b);
  if (distinct.length <= HEATMAP_MAX_LEVELS) return { labels: distinct.map((v) => String(v)), levelOf: (x) => distinct.indexOf(x) };
  const lo = distinct[0] as number;
  const hi = distinct[distinct.length - 1] as number;
  const width = (hi - lo) / HEATMAP_MAX_LEVELS;
  return {
    labels: Array.from({ length: HEATMAP_MAX_LEVELS }, (_, i) => `${(lo + i * width).toPrecision(3)}-${(lo + (i + 1) * width).toPrecision(3)}`),
    levelOf: (x) => Math.min(HEATMAP_MAX_LEVELS - 1, Math.floor((x - lo) / width)),
  };
}

/** Colour from red (worst) through white to blue (best), for t in [0, 1]. */
function colourFor(t: number): string {
  const c = (a: number, b: number, s: number) => Math.round(a + (b - a) * s);
  const [r, g, b] = t < 0.5 ? [c(214, 255, t * 2), c(39, 255, t * 2), c(40, 255, t * 2)] : [c(255, 31, (t - 0.5) * 2), c(255, 119, (t - 0.5) * 2), c(255, 180, (t - 0.5) * 2)];
  return `rgb(${r},${g},${b})`;
}

export function heatmapSvg(title: string, xLabel: string, yLabel: string, xLabels: readonly string[], yLabels: readonly string[], values: ReadonlyArray<ReadonlyArray<number | undefined>>, higherIsBetter: boolean): string {
  const cellW = 64;
  const cellH = 26;
  const left = 120;
  const top = 40;
  // Wide enough for the title and the axis labels as well as the cells (about 7 px a character at 11-13 px).
  const width = Math.max(left + cellW * xLabels.length + 20, 7 * title.length + 40, left + 7 * xLabel.length);
  const height = top + cellH * yLabels.length + 56;
  const finite = values.flat().filter((v): v is number => v !== undefined);
  const lo = Math.min(...finite);
  const hi = Math.max(...finite);
  const parts = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="sans-serif" font-size="11">`,
    `<text x="${width / 2}" y="18" text-anchor="middle" font-size="13">${escapeXml(title)}</text>`,
  ];
  for (const [yi, yl] of yLabels.entries()) {
    parts.push(`<text x="${left - 6}" y="${top + yi * cellH + cellH / 2 + 4}" text-anchor="end">${escapeXml(yl)}</text>`);
    for (const [xi] of xLabels.entries()) {
      const v = values[yi]?.[xi];
      const t = v === undefined || hi === lo ? 0.5 : (v - lo) / (hi - lo);
      const fill = v === undefined ? '#eeeeee' : colourFor(higherIsBetter ? t : 1 - t);
      const x = left + xi * cellW;
      const y = top + yi * cellH;
      parts.push(`<rect x="${x}" y="${y}" width="${cellW}" height="${cellH}" fill="${fill}" stroke="#ffffff"/>`);
      if (v !== undefined) parts.push(`<text x="${x + cellW / 2}" y="${y + cellH / 2 + 4}" text-anchor="middle">${escapeXml(v.toPrecision(3))}</text>`);
    }
  }
  for (const [xi, xl] of xLabels.entries()) parts.push(`<text x="${left + xi * cellW + cellW / 2}" y="${top + yLabels.length * cellH + 16}" text-anchor="middle">${escapeXml(xl)}</text>`);
  parts.push(`<text x="${left + (cellW * xLabels.length) / 2}" y="${height - 10}" text-anchor="middle">${escapeXml(xLabel)}</text>`);
  parts.push(`<text x="12" y="${top - 8}">${escapeXml(yLabel)}</text>`);
  parts.push('</svg>');
  return parts.join('');
}

function heatmapSection(spec: SweepSpec, analysis: SweepAnalysis): ReportSection {
  const rows = analysis.ranked.filter((r) => !r.isBaseline);
  const numeric = spec.vary.map((f) => f.path).filter((p) => rows.length > 0 && rows.every((r) => typeof (JSON.parse(r.valuesJson) as Record<string, unknown>)[p] === 'number'));
  const charts: ReportSection['svgCharts'][number][] = [];
  const jsonMaps: JsonValue[] = [];
  const metric = spec.rankBy as MetricColumn;
  for (let i = 0; i < numeric.length; i++) {
    for (let j = i + 1; j < numeric.length; j++) {
      const px = numeric[i] as string;
      const py = numeric[j] as string;
      const pts = rows.map((r) => {
        const v = JSON.parse(r.valuesJson) as Record<string, number>;
        return { x: v[px] as number, y: v[py] as number, m: r.result.metrics[metric] };
      });
      const lx = levelsOf(pts.map((p) => p.x));
      const ly = levelsOf(pts.map((p) => p.y));
      const sums = ly.labels.map(() => lx.labels.map(() => ({ s: 0, n: 0 })));
      for (const p of pts) {
        if (p.m === null) continue;
        const c = sums[ly.levelOf(p.y)]?.[lx.levelOf(p.x)];
        if (c) {
          c.s += p.m;
          c.n++;
        }
      }
      const means = sums.map((row) => row.map((c) => (c.n > 0 ? c.s / c.n : undefined)));
      const title = `mean ${spec.rankBy}: ${py} by ${px}`;
      charts.push({ id: `heat-${i}-${j}`, title, svg: heatmapSvg(title, px, py, lx.labels, ly.labels, means, RANKING_METRICS[spec.rankBy] === 'higher') });
      jsonMaps.push({ x: px, y: py, xLevels: lx.labels, yLevels: ly.labels, mean: means.map((r) => r.map((v) => (v === undefined ? null : v))) });
    }
  }
  const md =
    charts.length === 0
      ? 'A heat map needs two varied numeric fields; this sweep has fewer.'
      : `Each cell is the mean ${spec.rankBy} of the variants with those two values (the other fields averaged over); blue is better, red worse. A lone bright cell among dull neighbours is a warning sign of luck; a broad plateau is robust.`;
  return { id: 'heatmaps', title: 'Heat maps over the varied fields', markdown: md, json: jsonMaps, svgCharts: charts };
}

function walkForwardSection(spec: SweepSpec, analysis: SweepAnalysis): ReportSection {
  const wf = analysis.walkForward;
  if (wf === undefined || wf.windows.length === 0) {
    return {
      id: 'walk-forward',
      title: 'Walk-forward',
      markdown: `The period is shorter than one in-sample window (${spec.walkForward.inSampleMonths} months) plus one out-of-sample window (${spec.walkForward.outOfSampleMonths} months).`,
      json: null,
      svgCharts: [],
    };
  }
  const end = wf.curveEquity[wf.curveEquity.length - 1] as number;
  const table = [
    '| in sample from | out of sample | chosen variant | in-sample score | out-of-sample return |',
    '|---|---|---|---|---|',
    ...wf.windows.map((w, i) => `| ${isoFromDay(w.inSampleFromDay)} | ${isoFromDay(w.outOfSampleFromDay)} to ${isoFromDay(w.outOfSampleEndDay - 1)} | \`${(wf.selectedKeys[i] as string).slice(0, 10)}\` | ${w.inSampleScore === undefined ? '-' : fixed(w.inSampleScore, 3)} | ${percent(w.outOfSampleReturnFraction, 2)} |`),
  ].join('\n');
  const md = [
    `Every ${spec.walkForward.outOfSampleMonths} months the variant with the best ${spec.rankBy} over the previous ${spec.walkForward.inSampleMonths} months is chosen and traded for the next ${spec.walkForward.outOfSampleMonths}. Chained, the out-of-sample pieces return **${percent(end - 1, 2)}**: the figure a trader re-optimising on this schedule would have seen.`,
    '',
    table,
  ].join('\n');
  const svg = lineChart({
    title: 'Walk-forward out-of-sample equity (start = 1)',
    series: [{ name: 'out of sample', points: wf.curveDays.map((d, i) => [d, wf.curveEquity[i] as number] as const), hideMarkers: true }],
    xIsDay: true,
  });
  const json: JsonValue = {
    windows: wf.windows.map((w, i) => ({ inSampleFrom: isoFromDay(w.inSampleFromDay), outOfSampleFrom: isoFromDay(w.outOfSampleFromDay), selectedKey: wf.selectedKeys[i] as string, inSampleScore: w.inSampleScore ?? null, outOfSampleReturnFraction: w.outOfSampleReturnFraction })),
    outOfSampleReturnFraction: end - 1,
  };
  return { id: 'walk-forward', title: 'Walk-forward', markdown: md, json, svgCharts: [{ id: 'oos-curve', title: 'Walk-forward out-of-sample curve', svg }] };
}

/** Keys of the largest group of repeated results the report lists (sweep.json has them all). */
const LISTED_REPEATED_KEYS = 6;

/** How many variants gave a result of their own, the groups that did not, and the DSR counting each result once. */
function distinctBullet(analysis: SweepAnalysis): string {
  const r = analysis.distinctResults;
  const total = analysis.ranked.length;
  if (r.count === total) return `- Distinct results: all ${total} variants have daily returns of their own.`;
  const largest = [...r.repeatedGroups].sort((a, b) => b.length - a.length)[0] ?? [];
  const dsr =
    r.deflatedSharpe === undefined
      ? ''
      : ` Counting each distinct result once as a trial (Sharpe-ratio variance ${r.deflatedSharpe.sharpeVariance.toExponential(2)} over them), the best variant's DSR is ${fixed(r.deflatedSharpe.deflatedSharpeRatio, 3)} from ${countText(r.deflatedSharpe.trials, 'trial')}; the verdict keeps every variant as a trial, the stricter count.`;
  const shown = largest.slice(0, LISTED_REPEATED_KEYS).map((k) => `\`${k.slice(0, 10)}\``);
  const more = largest.length > LISTED_REPEATED_KEYS ? ` and ${largest.length - LISTED_REPEATED_KEYS} more` : '';
  return `- Distinct results: **${r.count} of ${total}** variants. ${total - r.count} repeat another variant's daily returns exactly (${r.repeatedGroups.length} group(s), the largest of ${largest.length}: ${shown.join(', ')}${more}): a varied field that changed nothing in the period is one trial, not several.${dsr}`;
}

function overfittingSection(analysis: SweepAnalysis): ReportSection {
  const d = analysis.deflatedSharpe;
  const p = analysis.pbo;
  const md = [
    `**Verdict.** ${analysis.verdict}`,
    '',
    d === undefined
      ? ''
      : `- Deflated Sharpe ratio of the best variant by Sharpe (\`${d.bestKey.slice(0, 10)}\`): **${fixed(d.deflatedSharpeRatio, 3)}**. Its daily Sharpe ratio ${fixed(d.sharpe, 4)} is tested against ${fixed(d.expectedMaxSharpe, 4)}, the best that ${d.trials} trials with a Sharpe-ratio variance of ${d.sharpeVariance.toExponential(2)} would reach by luck; ${d.count} daily returns, skewness ${fixed(d.skewness, 2)}, kurtosis ${fixed(d.kurtosis, 1)} (Bailey & López de Prado 2014).`,
    distinctBullet(analysis),
    p === undefined
      ? '- PBO: not computable (fewer than two variants or too few days for the blocks).'
      : `- Probability of backtest overfitting: **${fixed(p.probabilityOfOverfitting, 3)}** over ${p.combinations.length} splits of ${p.blocks} blocks of ${p.periodsPerBlock} days (CSCV, Bailey, Borwein, López de Prado & Zhu); the in-sample winner lost money out of sample in ${percent(p.probabilityOfOosLoss, 0)} of the splits.`,
  ].join('\n');
  const charts =
    p === undefined
      ? []
      : [{ id: 'logits', title: 'Out-of-sample rank logits of the in-sample winners (left of 0 = overfit)', svg: histogramChart({ title: 'Logit of the out-of-sample relative rank', values: p.combinations.map((c) => c.logit), binCount: 20, xLabel: 'λ', yLabel: 'splits', binsHold: 'upper', markAt: { value: 0, label: '← overfit (λ ≤ 0)' } }) }];
  const json: JsonValue = {
    verdict: analysis.verdict,
    deflatedSharpe: d === undefined ? null : { ...d },
    distinctResults: {
      count: analysis.distinctResults.count,
      repeatedGroups: analysis.distinctResults.repeatedGroups.map((g) => [...g]),
      deflatedSharpe: analysis.distinctResults.deflatedSharpe === undefined ? null : { ...analysis.distinctResults.deflatedSharpe },
    },
    pbo: p === undefined ? null : { probabilityOfOverfitting: p.probabilityOfOverfitting, probabilityOfOosLoss: p.probabilityOfOosLoss, blocks: p.blocks, splits: p.combinations.length, periodsPerBlock: p.periodsPerBlock },
  };
  return { id: 'overfitting', title: 'Is it luck? Deflated Sharpe ratio and PBO', markdown: md, json, svgCharts: charts };
}

/** One line per related sweep: what it is and how far this sweep's ranking carries over to it. */
export function relatedSweepLine(self: SweepSpec, r: RelatedSweep): string {
  const o = r.other.spec;
  const c = r.comparison;
  const n = c.variants.length;
  const rho = c.spearman === undefined ? 'undefined' : fixed(c.spearman, 3);
  const period = o.period.from === self.period.from && o.period.to === self.period.to ? 'the same period' : `${o.period.from} to ${o.period.to}`;
  const build = r.anotherBuild ? '; another build of alvh, whose rules may differ' : '';
  return `${o.name} (market model ${sweepModelDescription(o)}; ${period}${build}): ${n} variants in both, Spearman ${rho}; this sweep's best ranks ${c.bestOfA.rankB} of ${n} there, its best ${c.bestOfB.rankA} here; top ${c.topCount}: ${c.topOverlap} in common`;
}

function relatedSection(spec: SweepSpec, related: readonly RelatedSweep[]): ReportSection {
  const md = [
    `Other finished sweeps of the same base preset and varied fields in the results database (another market model, period or data), each ranked by **${related[0]?.comparison.metric ?? spec.rankBy}** on the variants both ran (\`alvh compare-sweeps ${spec.name} OTHER\` lists them side by side). A ranking that does not carry over is luck the deflated Sharpe ratio and PBO cannot see: they measure the search within this sweep.`,
    '',
    ...related.map((r) => `- ${relatedSweepLine(spec, r)}`),
  ].join('\n');
  const json: JsonValue = related.map((r) => ({
    name: r.other.spec.name,
    marketModel: sweepModelDescription(r.other.spec),
    period: { from: r.other.spec.period.from, to: r.other.spec.period.to },
    metric: r.comparison.metric,
    matched: r.comparison.variants.length,
    spearman: r.comparison.spearman ?? null,
    bestHereRanksThere: r.comparison.bestOfA.rankB,
    bestThereRanksHere: r.comparison.bestOfB.rankA,
    topOverlap: r.comparison.topOverlap,
    topCount: r.comparison.topCount,
  }));
  return { id: 'related', title: 'The same variants in other sweeps', markdown: md, json, svgCharts: [] };
}

export function buildSweepReport(spec: SweepSpec, analysis: SweepAnalysis, versions: ResultVersions, related: readonly RelatedSweep[] = []): Report {
  return {
    title: `Sweep ${spec.name}`,
    facts: [
      { label: 'base preset', value: spec.basePreset },
      { label: 'period', value: `${spec.period.from} to ${spec.period.to}` },
      { label: 'variants', value: String(analysis.ranked.length) },
      { label: 'varied', value: spec.vary.map((f) => `${f.path} (${f.kind})`).join(', ') },
      { label: 'ranked by', value: spec.rankBy },
      { label: 'market model', value: sweepModelDescription(spec) },
      { label: 'data version', value: versions.dataVersion },
      { label: 'code version', value: versions.codeVersion },
    ],
    sections: [
      overfittingSection(analysis),
      ...(related.length > 0 ? [relatedSection(spec, related)] : []),
      topSection(spec, analysis),
      heatmapSection(spec, analysis),
      walkForwardSection(spec, analysis),
    ],
  };
}
