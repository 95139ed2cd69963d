import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { barChart, calendarTicks, escapeXml, formatTick, formatTickOnStep, histogramBins, histogramChart, lineChart, NICE_STEP_SLACK, niceTicks } from './svgChart.js';
import { dayFromIso } from '../time/day.js';

/** How far a step measured from two ticks may sit from a round mantissa (float noise), in mantissa units. */
const MANTISSA_TOLERANCE = 1e-6;

/** Attributes or CSS that would make a page fetch something. */
const EXTERNAL_REFERENCE = /(href|src)\s*=|url\(|@import|<script|<image|<foreignObject/i;

function checkSelfContainedSvg(svg: string): void {
  expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
  expect(svg.endsWith('</svg>')).toBe(true);
  expect(svg).not.toMatch(EXTERNAL_REFERENCE);
  expect(svg).not.toMatch(/NaN|Infinity/);
}

describe('SVG charts', () => {
  it('draws a line chart with one path per series and markers, deterministically', () => {
    const spec = {
      title: 'IV <by> strike & "model"',
      xLabel: 'strike',
      series: [
        { name: 'quotes', points: [[16, 72], [18, 80], [20, 87]] as [number, number][], markersOnly: true },
        { name: 'model', points: [[16, 71], [18, 81], [20, 88]] as [number, number][], dashed: true },
      ],
    };
    const svg = lineChart(spec);
    checkSelfContainedSvg(svg);
    expect(svg.match(/<path /g)).toHaveLength(1);
    expect(svg.match(/<circle /g)).toHaveLength(6);
    expect(svg).toContain('IV &lt;by&gt; strike &amp; &quot;model&quot;');
    expect(lineChart(spec)).toBe(svg);
  });

  it('skips non-finite points instead of writing NaN coordinates', () => {
    checkSelfContainedSvg(lineChart({ title: 't', series: [{ name: 's', points: [[1, 2], [2, Number.NaN], [3, 4]] }] }));
    checkSelfContainedSvg(lineChart({ title: 'empty', series: [] }));
  });

  it('draws one bar per category and series, negative bars below the axis', () => {
    const svg = barChart({ title: 'b', categories: ['a', 'b', 'c'], series: [{ name: 'x', values: [1, -2, 3] }, { name: 'y', values: [2, 2, 2] }] });
    checkSelfContainedSvg(svg);
    expect(svg.match(/<rect x=/g)?.length).toBe(6 + 2); // bars + legend swatches
  });

  it('leaves a category without a value empty (a delta bucket with no quotes)', () => {
    const svg = barChart({ title: 'b', categories: ['a', 'b', 'c'], series: [{ name: 'x', values: [1, undefined, 3] }] });
    checkSelfContainedSvg(svg);
    expect(svg.match(/<rect x=/g)?.length).toBe(2 + 1);
    expect(svg).not.toContain('NaN');
  });

  it('counts every finite value into exactly one round histogram bin', () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: -1e3, max: 1e3, noNaN: true }), { minLength: 1, maxLength: 200 }),
        fc.integer({ min: 1, max: 30 }),
        fc.constantFrom('lower' as const, 'upper' as const),
        (values, bins, hold) => {
          const { counts, edges } = histogramBins(values, bins, hold);
          expect(counts.reduce((a, b) => a + b, 0)).toBe(values.length);
          expect(edges).toHaveLength(counts.length + 1);
          for (let i = 1; i < edges.length; i++) expect(edges[i] as number).toBeGreaterThan(edges[i - 1] as number);
          // The nearest round width is within √2 of the span over the count asked; the ends may fall mid-step.
          expect(counts.length).toBeLessThanOrEqual(Math.ceil(bins * Math.SQRT2) + 1);
          const step = (edges[1] as number) - (edges[0] as number);
          const mantissa = step / 10 ** Math.floor(Math.log10(step) + MANTISSA_TOLERANCE);
          expect([1, 2, 2.5, 5].some((m) => Math.abs(mantissa - m) < MANTISSA_TOLERANCE)).toBe(true);
          // The edges are whole multiples of the step, and they cover the data.
          for (const edge of edges) expect(Math.abs(edge / step - Math.round(edge / step))).toBeLessThan(MANTISSA_TOLERANCE);
          expect(edges[0] as number).toBeLessThanOrEqual(Math.min(...values) + NICE_STEP_SLACK * step);
          expect(edges[edges.length - 1] as number).toBeGreaterThanOrEqual(Math.max(...values) - NICE_STEP_SLACK * step);
        },
      ),
      // Found by another seed: two values a subnormal apart (the step underflowed to 0), and PBO logits
      // that differ by float noise alone (every edge was written 0.5).
      { examples: [[[0, -5e-324], 1, 'lower'], [[0.5, 0.5 + 1.1e-16, 0.5], 20, 'upper']] },
    );
  });

  it('puts a value on an edge in the bin that holds that edge', () => {
    // Five PBO logits, about four bins: the span 3.3 over 4 is 0.825, nearest 1 (2 is 2.4 times as far
    // by ratio, 0.5 1.65 times), so the bins are 1 wide, on whole numbers from -2 to 3. Holding lower edges, 0 counts in [0, 1) with 0.4; holding upper edges (PBO's
    // λ ≤ 0 is overfit) in (-1, 0] with -0.3, left of the line.
    const logits = [-1.2, -0.3, 0, 0.4, 2.1];
    expect(histogramBins(logits, 4, 'lower')).toEqual({ edges: [-2, -1, 0, 1, 2, 3], counts: [1, 1, 2, 0, 1] });
    expect(histogramBins(logits, 4, 'upper')).toEqual({ edges: [-2, -1, 0, 1, 2, 3], counts: [1, 2, 1, 0, 1] });
    // Float noise: 0.3 / 0.1 is 2.9999999999999996, still the edge 0.3, whose bin is [0.3, 0.4). The span
    // 0.6 over 6 is 0.1, a round width already.
    expect(histogramBins([0.1, 0.3, 0.7], 6)).toEqual({ edges: [0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8], counts: [1, 0, 1, 0, 0, 0, 1] });
  });

  it('draws a histogram on round x ticks with its marked value', () => {
    const svg = histogramChart({ title: 'h', values: [-1.2, -0.3, 0, 0.4, 2.1], binCount: 4, binsHold: 'upper', markAt: { value: 0, label: 'overfit' } });
    checkSelfContainedSvg(svg);
    // Four non-empty bins (no legend: the one series is what the y label says), each titled with its range and count.
    expect(svg.match(/<rect x=/g)?.length).toBe(4);
    expect(svg).toContain('<title>(-1, 0]: 2</title>');
    // The x axis spans 5 (from -2 to 3): a tick every 1 (5 / 8 = 0.625, rounded up), on the edges. The
    // counts run to 2, with headroom to 2.2 for the mark's label: whole ticks only, to 3.
    const xLabels = svg.match(/text-anchor="middle">[^<]*</g)?.slice(1); // the first is the title
    expect(xLabels).toEqual(['-2', '-1', '0', '1', '2', '3'].map((t) => `text-anchor="middle">${t}<`));
    expect(svg).toContain('>overfit<');
    expect(svg.match(/text-anchor="end">[^<]*</g)).toEqual(['text-anchor="end">0<', 'text-anchor="end">1<', 'text-anchor="end">2<', 'text-anchor="end">3<']);
    expect(svg).toContain('stroke-dasharray="5 3"');
    // A mark outside the bins is not drawn; an empty histogram still draws its axes.
    expect(histogramChart({ title: 'h', values: [1, 2], binCount: 4, markAt: { value: 10, label: 'far' } })).not.toContain('>far<');
    checkSelfContainedSvg(histogramChart({ title: 'none', values: [], binCount: 4 }));
  });

  it('puts the value axis on round ticks: 1, 2, 2.5 or 5 times a power of ten, zero among them', () => {
    // The held-out IV errors by VIX close run from −1.488 to +5.277 vol points: a quarter of the span is
    // 1.69, so the step is 2, widened to whole steps at both ends.
    expect(niceTicks({ min: -1.488, max: 5.277 })).toEqual([-2, 0, 2, 4, 6]);
    expect(niceTicks({ min: 0, max: 1 })).toEqual([0, 0.25, 0.5, 0.75, 1]);
    // Float noise: 0.3 / 0.1 is 2.9999999999999996, still the third step; 3 x 0.1 is written 0.3.
    expect(niceTicks({ min: 0.3, max: 0.7 })).toEqual([0.3, 0.4, 0.5, 0.6, 0.7]);
    expect(niceTicks({ min: 950_000, max: 1_087_727 })).toEqual([950_000, 1_000_000, 1_050_000, 1_100_000]);
    fc.assert(
      fc.property(fc.double({ min: -1e6, max: 1e6, noNaN: true }), fc.double({ min: 1e-3, max: 1e6, noNaN: true }), (min, span) => {
        const max = min + span;
        const t = niceTicks({ min, max });
        expect(t.length - 1).toBeGreaterThanOrEqual(1);
        expect(t.length - 1).toBeLessThanOrEqual(6);
        const step = (t[1] as number) - (t[0] as number);
        // The ends cover the data, but for the slack that absorbs float noise (a billionth of a step).
        expect(t[0] as number).toBeLessThanOrEqual(min + NICE_STEP_SLACK * step);
        expect(t[t.length - 1] as number).toBeGreaterThanOrEqual(max - NICE_STEP_SLACK * step);
        const mantissa = step / 10 ** Math.floor(Math.log10(step) + MANTISSA_TOLERANCE);
        expect([1, 2, 2.5, 5].some((m) => Math.abs(mantissa - m) < MANTISSA_TOLERANCE)).toBe(true);
        if (min <= 0 && max >= 0) expect(t).toContain(0);
      }),
    );
  });

  it('draws a zero line under bars of both signs, and writes the axis on the round ticks', () => {
    const svg = barChart({ title: 'b', categories: ['a', 'b'], series: [{ name: 'x', values: [-1.488, 5.277] }] });
    checkSelfContainedSvg(svg);
    for (const label of ['>-2<', '>0<', '>2<', '>4<', '>6<']) expect(svg).toContain(label);
    // The axes' two dark lines and the zero line; an all-positive chart has none.
    expect(svg.match(/stroke="#333"/g)).toHaveLength(3);
    expect(barChart({ title: 'b', categories: ['a'], series: [{ name: 'x', values: [3] }] }).match(/stroke="#333"/g)).toHaveLength(2);
  });

  it('puts a day axis on the first of a year or a month', () => {
    const labels = (from: string, to: string) => calendarTicks(dayFromIso(from), dayFromIso(to))?.map((t) => t.label);
    // The default backtest: every year would be 19 ticks and every 2nd 10, so every 5th.
    expect(labels('2007-01-03', '2026-04-17')).toEqual(['2010', '2015', '2020', '2025']);
    // The CNDR replica's 1990s (its first month-end is 1990-02-28): every 2nd year from 1992.
    expect(labels('1990-02-28', '1999-12-31')).toEqual(['1992', '1994', '1996', '1998']);
    expect(labels('2016-01-29', '2026-08-31')).toEqual(['2018', '2020', '2022', '2024', '2026']);
    // A year and a half: two January 1s make a thin axis, so every 3rd month; two years and a half, every 6th.
    expect(labels('2016-12-15', '2018-06-29')).toEqual(['2017-01', '2017-04', '2017-07', '2017-10', '2018-01', '2018-04']);
    expect(labels('2016-06-01', '2018-12-31')).toEqual(['2016-07', '2017-01', '2017-07', '2018-01', '2018-07']);
    // The first of a month on the first day counts; two months and a half get every month.
    expect(labels('2018-01-01', '2018-03-15')).toEqual(['2018-01', '2018-02', '2018-03']);
    // February 2018's condor marks (27 days): no calendar ticks, the chart keeps evenly spaced dates.
    expect(calendarTicks(dayFromIso('2018-02-01'), dayFromIso('2018-02-27'))).toBeUndefined();
    const ticks = calendarTicks(dayFromIso('2007-01-03'), dayFromIso('2026-04-17')) ?? [];
    expect(ticks[0]?.day).toBe(dayFromIso('2010-01-01'));
  });

  it('labels a day axis by calendar ticks, and a short one by ISO dates', () => {
    const points = (from: string, to: string) => [[dayFromIso(from), 1], [dayFromIso(to), 2]] as [number, number][];
    const long = lineChart({ title: 'e', series: [{ name: 's', points: points('2007-01-03', '2026-04-17') }], xIsDay: true });
    checkSelfContainedSvg(long);
    for (const year of ['2010', '2015', '2020', '2025']) expect(long).toContain(`>${year}<`);
    const short = lineChart({ title: 'm', series: [{ name: 's', points: points('2018-02-01', '2018-02-27') }], xIsDay: true });
    expect(short).toContain('>2018-02-01<');
    expect(short).toContain('>2018-02-27<');
  });

  it('writes an axis tick with the decimals its step needs, so no two ticks read the same', () => {
    // A ten-day run's equity, 1,000,000 to 1,000,450 USD: a quarter of the span is 112.5, so the step is
    // 200. Four significant digits wrote every tick 1,000,000 and the last one 1,001,000.
    const svg = lineChart({ title: 'equity', series: [{ name: 'e', points: [[0, 1_000_000], [1, 1_000_180], [2, 1_000_450]] }] });
    const yLabels = (chart: string) => [...chart.matchAll(/text-anchor="end">([^<]*)</g)].map((m) => m[1]);
    expect(yLabels(svg)).toEqual(['1,000,000', '1,000,200', '1,000,400', '1,000,600']);
    // A step of 0.025 needs three decimals; trailing zeros are dropped; a step of 2.5 one.
    expect([0.1, 0.125, 0.15, 0.2].map((v) => formatTickOnStep(v, 0.025))).toEqual(['0.1', '0.125', '0.15', '0.2']);
    expect([-5, -2.5, 0, 7.5].map((v) => formatTickOnStep(v, 2.5))).toEqual(['-5', '-2.5', '0', '7.5']);
    // Decimals beside thousands separators; float noise of k x step is not written, nor a minus zero.
    expect(formatTickOnStep(10_000.5, 0.5)).toBe('10,000.5');
    expect(formatTickOnStep(3 * 0.1, 0.1)).toBe('0.3');
    expect(formatTickOnStep(-1e-17, 0.1)).toBe('0');
    // Values equal but for float noise are one value: the axis is the one around it, not a 1e-17 step.
    expect(yLabels(lineChart({ title: 'flat', series: [{ name: 'f', points: [[0, 0.5], [1, 0.5 + 1.1e-16]] }] }))).toEqual(['-0.5', '0', '0.5', '1', '1.5']);
    fc.assert(
      fc.property(fc.double({ min: -1e7, max: 1e7, noNaN: true }), fc.double({ min: 1e-4, max: 1e7, noNaN: true }), (low, span) => {
        const labels = yLabels(lineChart({ title: 'p', series: [{ name: 'p', points: [[0, low], [1, low + span]] }] }));
        // Every tick reads as its value: the labels, read back, step evenly upward (to a thousandth of the step).
        const values = labels.map((label) => Number((label as string).replaceAll(',', '')));
        const step = (values[1] as number) - (values[0] as number);
        expect(step).toBeGreaterThan(0);
        values.forEach((value, i) => expect(Math.abs(value - ((values[0] as number) + i * step))).toBeLessThan(1e-3 * step));
      }),
    );
  });

  it('writes tick values with four significant digits, and large whole numbers grouped', () => {
    expect([0, 0.2032, -1.488, 2.5, 1234, 9999].map(formatTick)).toEqual(['0', '0.2032', '-1.488', '2.5', '1234', '9999']);
    expect([10_000, 1_087_727, -350_000, 1.5e6].map(formatTick)).toEqual(['10,000', '1,088,000', '-350,000', '1,500,000']);
    // Beyond exact integers the plain form stays (no invented digits).
    expect(formatTick(1e22)).toBe('1e+22');
  });

  it('escapes all XML metacharacters', () => {
    expect(escapeXml(`<a href="x">'&'</a>`)).toBe('&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;');
  });
});
