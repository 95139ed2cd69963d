import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { barChart, escapeXml, histogramBins, histogramChart, lineChart } from './svgChart.js';

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

  it('counts every finite value into exactly one histogram bin', () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: -1e3, max: 1e3, noNaN: true }), { minLength: 1, maxLength: 200 }), fc.integer({ min: 1, max: 30 }), (values, bins) => {
        const { counts, edges } = histogramBins(values, bins);
        expect(counts.reduce((a, b) => a + b, 0)).toBe(values.length);
        expect(edges).toHaveLength(bins + 1);
      }),
    );
    checkSelfContainedSvg(histogramChart({ title: 'h', values: [1, 2, 2, 3, 10], binCount: 4 }));
  });

  it('escapes all XML metacharacters', () => {
    expect(escapeXml(`<a href="x">'&'</a>`)).toBe('&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;');
  });
});
