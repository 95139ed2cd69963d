/**
 * Small self-contained SVG charts (line, bar, histogram) for reports: no scripts, no fonts or images
 * to fetch, a fixed palette and fixed number formatting so the same data gives byte-identical output.
 */
import { dayFromYmd, isoFromDay, ymdFromDay, type DayNumber } from '../time/day.js';
import { fixedText } from '../lib/numberText.js';

export interface ChartFrame {
  readonly title: string;
  readonly xLabel?: string;
  readonly yLabel?: string;
  /** Pixels; defaults 640 x 320. */
  readonly width?: number;
  readonly height?: number;
}

export interface LineSeries {
  readonly name: string;
  /** [x, y] pairs in data units; drawn in the given order. */
  readonly points: readonly (readonly [number, number])[];
  /** Draw markers only (a scatter), no connecting line. */
  readonly markersOnly?: boolean;
  /** Dashed line (e.g. a model next to observed data). */
  readonly dashed?: boolean;
  /** A line without a marker at every point (long daily series). */
  readonly hideMarkers?: boolean;
}

/** A shaded vertical band behind the series (e.g. a VIX regime), in x data units. */
export interface ChartBand {
  readonly from: number;
  readonly to: number;
  readonly fill: string;
}

export interface LineChartSpec extends ChartFrame {
  readonly series: readonly LineSeries[];
  /** Formats x tick labels; default 4 significant digits. Not read when `xIsDay` places the ticks. */
  readonly formatX?: (x: number) => string;
  /**
   * The x values are day numbers: ticks on the first of a year or of a month (`calendarTicks`), labelled
   * 2018 or 2018-02, where the span allows; a span under two months keeps evenly spaced ISO dates.
   */
  readonly xIsDay?: boolean;
  readonly bands?: readonly ChartBand[];
  /** Legend entries for the band colours, after the series'. */
  readonly bandLegend?: readonly { readonly name: string; readonly fill: string }[];
}

export interface BarChartSpec extends ChartFrame {
  readonly categories: readonly string[];
  /** One value per category; undefined (no data in the category) draws no bar. */
  readonly series: readonly { readonly name: string; readonly values: readonly (number | undefined)[] }[];
}

export interface HistogramSpec extends ChartFrame {
  readonly values: readonly number[];
  /** About this many bins: the width is the round step nearest the span over it (`histogramBins`). */
  readonly binCount: number;
  /**
   * Which edge a bin holds: 'lower' ([a, b), the default) or 'upper' ((a, b]), so a value on an edge
   * lands where the reader's rule puts it (PBO counts a logit of exactly 0 as overfit: left of 0).
   */
  readonly binsHold?: 'lower' | 'upper';
  /** A dashed vertical line at this value with its label (zero error, the overfit boundary). */
  readonly markAt?: { readonly value: number; readonly label: string };
}

const PALETTE = ['#1f77b4', '#d62728', '#2ca02c', '#ff7f0e', '#9467bd', '#8c564b', '#e377c2', '#17becf'] as const;
const MARGIN = { left: 64, right: 16, top: 32, bottom: 48 } as const;
const TICK_COUNT = 5;
const MIN_LABEL_SPACING_PX = 40;

export function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

function colour(index: number): string {
  return PALETTE[index % PALETTE.length] as string;
}

/** Coordinates with two decimals: enough for a screen, and stable text. */
function px(value: number): string {
  return value.toFixed(2);
}

/** From this size a whole number is written with thousands separators (1,500,000 USD). */
const GROUP_DIGITS_FROM = 10_000;

/** The most decimals a tick is written with: a step finer than 1e-12 is float noise, not a scale. */
const MAX_TICK_DECIMALS = 12;

/** Four significant digits (a bar's value in its tooltip); a whole number from 10,000 with thousands separators, never an exponent. */
export function formatTick(value: number): string {
  if (value === 0) return '0';
  const rounded = Number(value.toPrecision(4));
  if (Math.abs(rounded) < GROUP_DIGITS_FROM || !Number.isInteger(rounded) || Math.abs(rounded) >= Number.MAX_SAFE_INTEGER) return rounded.toString();
  return groupThousands(rounded.toFixed(0));
}

/**
 * A tick or bin edge on an axis whose ticks are `step` apart, with the decimals that step needs
 * (1,000,200 on a 200 step, 0.125 on 0.025), trailing zeros dropped, so neighbouring ticks never read
 * the same: four significant digits wrote a ten-day run's equity axis 1,000,000 at every tick. Thousands
 * separators as `formatTick`; beyond exact integers, or without a usable step, `formatTick`.
 */
export function formatTickOnStep(value: number, step: number): string {
  if (value === 0 || !(step > 0) || !Number.isFinite(step) || !(Math.abs(value) < Number.MAX_SAFE_INTEGER)) return formatTick(value);
  const fixed = fixedText(value, decimalsOfStep(step));
  return groupThousands(fixed.includes('.') ? fixed.replace(/\.?0+$/, '') : fixed);
}

/** The fewest decimals that write every multiple of `step` exactly: 200 → 0, 2.5 → 1, 0.025 → 3. */
function decimalsOfStep(step: number): number {
  for (let decimals = 0; decimals < MAX_TICK_DECIMALS; decimals++) {
    const scaled = step * 10 ** decimals;
    if (Math.abs(scaled - Math.round(scaled)) <= NICE_STEP_SLACK * scaled) return decimals;
  }
  return MAX_TICK_DECIMALS;
}

/** Thousands separators in the whole part of a plain decimal text, from GROUP_DIGITS_FROM on. */
function groupThousands(text: string): string {
  const sign = text.startsWith('-') ? '-' : '';
  const [whole = '', fraction] = text.slice(sign.length).split('.');
  if (Number(whole) < GROUP_DIGITS_FROM) return text;
  return `${sign}${whole.replace(/\B(?=(\d{3})+$)/g, ',')}${fraction === undefined ? '' : `.${fraction}`}`;
}

interface Extent {
  readonly min: number;
  readonly max: number;
}

/** A value axis: its extent (whole steps), its ticks, and the step between them, which sets their decimals. */
interface ValueAxis {
  readonly extent: Extent;
  readonly ticks: readonly number[];
  readonly step: number;
}

/** A span of values below this share of their size is float noise (1 + 1e-16 against 1), not a range. */
const CHART_MIN_RELATIVE_SPAN = 1e-9;
/** A span below this is no range either: its steps would be subnormal doubles (5e-324 against 0). */
const CHART_MIN_ABSOLUTE_SPAN = 1e-300;

function extentOf(values: readonly number[]): Extent {
  const finite = values.filter((v) => Number.isFinite(v));
  if (finite.length === 0) return { min: 0, max: 1 };
  const min = Math.min(...finite);
  const max = Math.max(...finite);
  // Values that differ by float noise only are one value: no axis can step between them or label it.
  const span = max - min;
  if (span <= CHART_MIN_RELATIVE_SPAN * Math.max(Math.abs(min), Math.abs(max)) || span < CHART_MIN_ABSOLUTE_SPAN) return { min: min - 1, max: max + 1 };
  return { min, max };
}

function ticks(extent: Extent): number[] {
  const step = (extent.max - extent.min) / (TICK_COUNT - 1);
  return Array.from({ length: TICK_COUNT }, (_, i) => extent.min + i * step);
}

/** Year steps of a calendar axis, and month steps of a shorter one: the first that fits MAX_CALENDAR_TICKS. */
const YEAR_STEPS = [1, 2, 5, 10, 20, 50, 100] as const;
const MONTH_STEPS = [1, 2, 3, 6] as const;
/** At most this many calendar ticks (8 year labels fit the narrowest chart, 640 px). */
const MAX_CALENDAR_TICKS = 8;
/** Year ticks need at least this many; fewer (a span under about three years) take month ticks. */
const MIN_YEAR_TICKS = 3;
/** A span shorter than this many days gets no month ticks (fewer than two would show). */
const MIN_MONTH_AXIS_DAYS = 60;

/** One tick of a calendar axis: its day number and its label. */
export interface CalendarTick {
  readonly day: DayNumber;
  readonly label: string;
}

/**
 * Ticks of a day axis from `fromDay` to `toDay`: January 1 of every 1st, 2nd, 5th, 10th... year
 * (labelled 2018) when at least three fit, else the first of every 1st, 2nd, 3rd or 6th month (2018-02),
 * the smallest step with at most MAX_CALENDAR_TICKS ticks; undefined for a span under two months.
 */
export function calendarTicks(fromDay: DayNumber, toDay: DayNumber): CalendarTick[] | undefined {
  const first = ymdFromDay(fromDay);
  const last = ymdFromDay(toDay);
  for (const step of YEAR_STEPS) {
    const ticks: CalendarTick[] = [];
    for (let year = Math.ceil(first.year / step) * step; year <= last.year; year += step) {
      const day = dayFromYmd(year, 1, 1);
      if (day >= fromDay && day <= toDay) ticks.push({ day, label: String(year) });
    }
    if (ticks.length > MAX_CALENDAR_TICKS) continue;
    if (ticks.length >= MIN_YEAR_TICKS) return ticks;
    break;
  }
  if (toDay - fromDay < MIN_MONTH_AXIS_DAYS) return undefined;
  for (const step of MONTH_STEPS) {
    const ticks: CalendarTick[] = [];
    for (let index = first.year * 12 + first.month - 1; index <= last.year * 12 + last.month - 1; index++) {
      if (index % 12 % step !== 0) continue;
      const year = Math.floor(index / 12);
      const month = (index % 12) + 1;
      const day = dayFromYmd(year, month, 1);
      if (day >= fromDay && day <= toDay) ticks.push({ day, label: `${year}-${String(month).padStart(2, '0')}` });
    }
    if (ticks.length <= MAX_CALENDAR_TICKS) return ticks;
  }
  return undefined;
}

/** Steps of a value axis, times a power of ten: what a reader can count in. */
const NICE_STEPS = [1, 2, 2.5, 5, 10] as const;
/** A multiple of the step within this share of it counts as on the step (float noise: 0.3 / 0.1). */
export const NICE_STEP_SLACK = 1e-9;

/**
 * Round value-axis ticks covering the extent: multiples of a 1, 2, 2.5 or 5 x 10^k step, the smallest
 * such step that needs at most TICK_COUNT − 1 intervals for the data, widened out to whole steps at
 * both ends (so at most TICK_COUNT + 1 intervals). An axis that spans zero has a tick at zero. The
 * step is at least `minStep` (1 for counts, which have no fractions).
 */
export function niceTicks(extent: Extent, minStep = 0): readonly number[] {
  return valueAxis(extent, minStep).ticks;
}

/** The multiples of `step` from the one at or below the extent's minimum to the one at or above its maximum. */
function ticksOnSteps(extent: Extent, step: number): number[] {
  return multiplesOf(step, Math.floor(extent.min / step + NICE_STEP_SLACK), Math.ceil(extent.max / step - NICE_STEP_SLACK));
}

/** The smallest 1, 2, 2.5, 5 or 10 x 10^k at least `raw` (within the slack). */
function niceStep(raw: number): number {
  const magnitude = 10 ** Math.floor(Math.log10(raw));
  return (NICE_STEPS.find((s) => s * magnitude >= raw * (1 - NICE_STEP_SLACK)) ?? 10) * magnitude;
}

/** The 1, 2, 2.5, 5 or 10 x 10^k nearest `raw` by ratio: within a factor of √2 of it, either way. */
function nearestNiceStep(raw: number): number {
  const magnitude = 10 ** Math.floor(Math.log10(raw));
  let best = magnitude;
  for (const s of NICE_STEPS) if (Math.abs(Math.log(s * magnitude / raw)) < Math.abs(Math.log(best / raw))) best = s * magnitude;
  return best;
}

/** first x step ... last x step; toPrecision drops the float noise of k x step (3 x 0.1 = 0.30000000000000004). */
function multiplesOf(step: number, first: number, last: number): number[] {
  return Array.from({ length: last - first + 1 }, (_, i) => Number(((first + i) * step).toPrecision(12)));
}

/** The value axis's extent and ticks: the data's extent widened to the nice ticks around it. */
function valueAxis(extent: Extent, minStep = 0): ValueAxis {
  const step = niceStep(Math.max((extent.max - extent.min) / (TICK_COUNT - 1), minStep));
  const axisTicks = ticksOnSteps(extent, step);
  return { extent: { min: axisTicks[0] as number, max: axisTicks[axisTicks.length - 1] as number }, ticks: axisTicks, step };
}

function frame(spec: ChartFrame, body: string, legend: readonly string[]): string {
  const width = spec.width ?? 640;
  const height = spec.height ?? 320;
  const legendItems = legend
    .map(
      (name, i) =>
        `<rect x="${px(MARGIN.left + 8 + i * 150)}" y="${px(height - 14)}" width="10" height="10" fill="${colour(i)}"/>` +
        `<text x="${px(MARGIN.left + 22 + i * 150)}" y="${px(height - 5)}" font-size="11">${escapeXml(name)}</text>`,
    )
    .join('');
  const xLabel = spec.xLabel === undefined ? '' : `<text x="${px(width / 2)}" y="${px(height - 20)}" font-size="11" text-anchor="middle">${escapeXml(spec.xLabel)}</text>`;
  const yLabel =
    spec.yLabel === undefined
      ? ''
      : `<text x="12" y="${px(height / 2)}" font-size="11" text-anchor="middle" transform="rotate(-90 12 ${px(height / 2)})">${escapeXml(spec.yLabel)}</text>`;
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="sans-serif" role="img">` +
    `<title>${escapeXml(spec.title)}</title>` +
    `<rect width="${width}" height="${height}" fill="#ffffff"/>` +
    `<text x="${px(width / 2)}" y="18" font-size="13" text-anchor="middle">${escapeXml(spec.title)}</text>` +
    body +
    xLabel +
    yLabel +
    legendItems +
    `</svg>`
  );
}

function plotArea(spec: ChartFrame): { x0: number; x1: number; y0: number; y1: number } {
  const width = spec.width ?? 640;
  const height = spec.height ?? 320;
  return { x0: MARGIN.left, x1: width - MARGIN.right, y0: height - MARGIN.bottom, y1: MARGIN.top };
}

function axes(
  area: { x0: number; x1: number; y0: number; y1: number },
  yAxis: ValueAxis,
  yOf: (v: number) => number,
): string {
  const yTicks = yAxis.ticks
    .map(
      (v) =>
        `<line x1="${px(area.x0)}" x2="${px(area.x1)}" y1="${px(yOf(v))}" y2="${px(yOf(v))}" stroke="#e0e0e0"/>` +
        `<text x="${px(area.x0 - 6)}" y="${px(yOf(v) + 4)}" font-size="10" text-anchor="end">${escapeXml(formatTickOnStep(v, yAxis.step))}</text>`,
    )
    .join('');
  return (
    yTicks +
    `<line x1="${px(area.x0)}" x2="${px(area.x0)}" y1="${px(area.y0)}" y2="${px(area.y1)}" stroke="#333"/>` +
    `<line x1="${px(area.x0)}" x2="${px(area.x1)}" y1="${px(area.y0)}" y2="${px(area.y0)}" stroke="#333"/>`
  );
}

export function lineChart(spec: LineChartSpec): string {
  const area = plotArea(spec);
  const xs = spec.series.flatMap((s) => s.points.map((p) => p[0]));
  const ys = spec.series.flatMap((s) => s.points.map((p) => p[1]));
  const xExtent = extentOf(xs);
  const yAxis = valueAxis(extentOf(ys));
  const yExtent = yAxis.extent;
  const xOf = (v: number): number => area.x0 + ((v - xExtent.min) / (xExtent.max - xExtent.min)) * (area.x1 - area.x0);
  const yOf = (v: number): number => area.y0 - ((v - yExtent.min) / (yExtent.max - yExtent.min)) * (area.y0 - area.y1);
  const formatX = spec.formatX ?? (spec.xIsDay === true ? (x: number) => isoFromDay(Math.round(x)) : formatTick);
  const calendar = spec.xIsDay === true && xs.length > 0 ? calendarTicks(Math.ceil(xExtent.min), Math.floor(xExtent.max)) : undefined;
  const xTickMarks = calendar?.map((t) => ({ x: t.day, label: t.label })) ?? ticks(xExtent).map((x) => ({ x, label: formatX(x) }));
  const xTicks = xTickMarks
    .map((t) => `<text x="${px(xOf(t.x))}" y="${px(area.y0 + 14)}" font-size="10" text-anchor="middle">${escapeXml(t.label)}</text>`)
    .join('');
  const body = spec.series
    .map((series, i) => {
      const points = series.points.filter((p) => Number.isFinite(p[0]) && Number.isFinite(p[1]));
      const markers = series.hideMarkers === true ? '' : points.map((p) => `<circle cx="${px(xOf(p[0]))}" cy="${px(yOf(p[1]))}" r="2.5" fill="${colour(i)}"/>`).join('');
      if (series.markersOnly === true || points.length < 2) return markers;
      const path = points.map((p, j) => `${j === 0 ? 'M' : 'L'}${px(xOf(p[0]))},${px(yOf(p[1]))}`).join(' ');
      const dash = series.dashed === true ? ' stroke-dasharray="5 3"' : '';
      return `<path d="${path}" fill="none" stroke="${colour(i)}" stroke-width="1.5"${dash}/>` + markers;
    })
    .join('');
  const bands = (spec.bands ?? [])
    .map((b) => {
      const from = Math.max(xOf(b.from), area.x0);
      const to = Math.min(xOf(b.to), area.x1);
      return to > from ? `<rect x="${px(from)}" y="${px(area.y1)}" width="${px(to - from)}" height="${px(area.y0 - area.y1)}" fill="${escapeXml(b.fill)}"/>` : '';
    })
    .join('');
  const legendBands = spec.bandLegend ?? [];
  const bandLegend = legendBands
    .map((b, i) => {
      const x = area.x1 - (legendBands.length - i) * 90;
      return `<rect x="${px(x)}" y="${px(area.y1 - 12)}" width="10" height="10" fill="${escapeXml(b.fill)}" stroke="#999"/><text x="${px(x + 14)}" y="${px(area.y1 - 3)}" font-size="10">${escapeXml(b.name)}</text>`;
    })
    .join('');
  return frame(spec, bands + axes(area, yAxis, yOf) + xTicks + body + bandLegend, spec.series.map((s) => s.name));
}

export function barChart(spec: BarChartSpec): string {
  const area = plotArea(spec);
  const values = spec.series.flatMap((s) => s.values).filter((v): v is number => v !== undefined);
  const raw = extentOf([0, ...values]);
  const yAxis = valueAxis({ min: Math.min(0, raw.min), max: raw.max });
  const yExtent = yAxis.extent;
  const yOf = (v: number): number => area.y0 - ((v - yExtent.min) / (yExtent.max - yExtent.min)) * (area.y0 - area.y1);
  const groupWidth = (area.x1 - area.x0) / Math.max(1, spec.categories.length);
  const barWidth = (groupWidth * 0.8) / Math.max(1, spec.series.length);
  // Labels need about MIN_LABEL_SPACING_PX each; with many bars only every n-th is written.
  const labelEvery = Math.max(1, Math.ceil(MIN_LABEL_SPACING_PX / groupWidth));
  let body = '';
  spec.categories.forEach((category, c) => {
    const groupX = area.x0 + c * groupWidth + groupWidth * 0.1;
    spec.series.forEach((series, s) => {
      const value = series.values[c];
      if (value === undefined || !Number.isFinite(value)) return;
      const top = yOf(Math.max(value, 0));
      const bottom = yOf(Math.min(value, 0));
      body += `<rect x="${px(groupX + s * barWidth)}" y="${px(top)}" width="${px(barWidth)}" height="${px(bottom - top)}" fill="${colour(s)}"><title>${escapeXml(`${series.name} ${category}: ${formatTick(value)}`)}</title></rect>`;
    });
    if (c % labelEvery === 0) {
      body += `<text x="${px(groupX + groupWidth * 0.4)}" y="${px(area.y0 + 14)}" font-size="10" text-anchor="middle">${escapeXml(category)}</text>`;
    }
  });
  // Bars below zero hang from a zero line, drawn like the axes, not from the bottom of the plot.
  const zeroLine = yExtent.min < 0 ? `<line x1="${px(area.x0)}" x2="${px(area.x1)}" y1="${px(yOf(0))}" y2="${px(yOf(0))}" stroke="#333"/>` : '';
  return frame(spec, axes(area, yAxis, yOf) + zeroLine + body, spec.series.map((s) => s.name));
}

/**
 * Bins of one round width (the 1, 2, 2.5 or 5 x 10^k step nearest the span over `binCount`, so about
 * that many bins: at most √2 times as many, plus one where the ends fall mid-step) on edges that are
 * multiples of it, so the axis reads 0, 0.5, 1 and zero is an edge whenever the values straddle it.
 * Each bin holds its lower edge, or its upper one (`binsHold: 'upper'`). Every finite value is counted
 * once; returns the edges too (counts + 1).
 */
export function histogramBins(values: readonly number[], binCount: number, binsHold: 'lower' | 'upper' = 'lower'): { edges: number[]; counts: number[] } {
  const extent = extentOf(values);
  const step = nearestNiceStep((extent.max - extent.min) / binCount);
  // The bin of a value: its edge below (above, for 'upper'), with the slack that keeps 0.3 / 0.1 on 3.
  const binOf = binsHold === 'lower' ? (v: number) => Math.floor(v / step + NICE_STEP_SLACK) : (v: number) => Math.ceil(v / step - NICE_STEP_SLACK) - 1;
  const first = binOf(extent.min);
  const last = binOf(extent.max);
  const counts = new Array<number>(last - first + 1).fill(0);
  for (const value of values) {
    if (!Number.isFinite(value)) continue;
    const bin = binOf(value) - first;
    counts[bin] = (counts[bin] as number) + 1;
  }
  return { edges: multiplesOf(step, first, last + 1), counts };
}

/** A histogram's x axis has round ticks every 1/8th of its span or so (8 labels fit the narrowest chart). */
const HISTOGRAM_X_INTERVALS = 8;
/** The count axis reaches at least this multiple of the tallest bar. */
const HISTOGRAM_HEADROOM = 1.1;

/**
 * A histogram on a value axis: contiguous bars between round bin edges, the x axis ticked like a value
 * axis (round numbers, within the bins), the count axis from zero.
 */
export function histogramChart(spec: HistogramSpec): string {
  const area = plotArea(spec);
  const { edges, counts } = histogramBins(spec.values, spec.binCount, spec.binsHold);
  const binWidth = (edges[1] as number) - (edges[0] as number);
  const xExtent = { min: edges[0] as number, max: edges[edges.length - 1] as number };
  const xOf = (v: number): number => area.x0 + ((v - xExtent.min) / (xExtent.max - xExtent.min)) * (area.x1 - area.x0);
  // Counts are whole: no tick between 0 and 1. Headroom above the tallest bar keeps the mark's label clear of it.
  const yAxis = valueAxis({ min: 0, max: Math.max(1, ...counts) * HISTOGRAM_HEADROOM }, 1);
  const yOf = (v: number): number => area.y0 - ((v - yAxis.extent.min) / (yAxis.extent.max - yAxis.extent.min)) * (area.y0 - area.y1);
  const bars = counts
    .map((count, i) => {
      if (count === 0) return '';
      const from = edges[i] as number;
      const to = edges[i + 1] as number;
      const range = spec.binsHold === 'upper' ? `(${formatTickOnStep(from, binWidth)}, ${formatTickOnStep(to, binWidth)}]` : `[${formatTickOnStep(from, binWidth)}, ${formatTickOnStep(to, binWidth)})`;
      return `<rect x="${px(xOf(from))}" y="${px(yOf(count))}" width="${px(xOf(to) - xOf(from))}" height="${px(yOf(0) - yOf(count))}" fill="${colour(0)}" stroke="#ffffff"><title>${escapeXml(`${range}: ${count}`)}</title></rect>`;
    })
    .join('');
  // Round ticks inside the bins (the axis ends on bin edges, not on ticks): about HISTOGRAM_X_INTERVALS of them.
  const xStep = niceStep((xExtent.max - xExtent.min) / HISTOGRAM_X_INTERVALS);
  const xTicks = multiplesOf(xStep, Math.ceil(xExtent.min / xStep - NICE_STEP_SLACK), Math.floor(xExtent.max / xStep + NICE_STEP_SLACK))
    .map((x) => `<line x1="${px(xOf(x))}" x2="${px(xOf(x))}" y1="${px(area.y0)}" y2="${px(area.y0 + 4)}" stroke="#333"/><text x="${px(xOf(x))}" y="${px(area.y0 + 14)}" font-size="10" text-anchor="middle">${escapeXml(formatTickOnStep(x, xStep))}</text>`)
    .join('');
  const mark = spec.markAt;
  const markLine =
    mark === undefined || mark.value < xExtent.min || mark.value > xExtent.max
      ? ''
      : `<line x1="${px(xOf(mark.value))}" x2="${px(xOf(mark.value))}" y1="${px(area.y0)}" y2="${px(area.y1)}" stroke="#d62728" stroke-dasharray="5 3"/>` +
        `<text x="${px(xOf(mark.value) - 4)}" y="${px(area.y1 + 10)}" font-size="10" text-anchor="end" fill="#d62728">${escapeXml(mark.label)}</text>`;
  // No legend: one series, named by the y label.
  return frame(spec, axes(area, yAxis, yOf) + bars + xTicks + markLine, []);
}
