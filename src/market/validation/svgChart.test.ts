import { describe, expect, it } from 'vitest';
import { barChartSvg, lineChartSvg } from './svgChart.js';

describe('svg charts', () => {
  const series = [
    { name: 'real <mid>', values: [1, 2, undefined, 4] },
    { name: 'model', values: [1.5, 2.5, 3, 3.5] },
  ];

  it('are self-contained, escaped and deterministic', () => {
    const line = lineChartSvg('A & B', 'points', ['d1', 'd2', 'd3', 'd4'], series);
    expect(line).toBe(lineChartSvg('A & B', 'points', ['d1', 'd2', 'd3', 'd4'], series));
    expect(line).toContain('A &amp; B');
    expect(line).toContain('real &lt;mid&gt;');
    expect(line.replace('xmlns="http://www.w3.org/2000/svg"', '')).not.toMatch(/https?:|href=|<script/);
  });

  it('leaves gaps for missing values and draws one bar per defined value', () => {
    const line = lineChartSvg('t', 'y', ['a', 'b', 'c', 'd'], series);
    expect(line.match(/<circle /g)).toHaveLength(7);
    const bars = barChartSvg('t', 'y', ['a', 'b', 'c', 'd'], series);
    // Seven bars and one legend swatch per series.
    expect(bars.match(/<rect /g)).toHaveLength(7 + 2);
  });

  it('draws a flat or empty series without dividing by zero', () => {
    expect(lineChartSvg('t', 'y', ['a'], [{ name: 's', values: [2] }])).not.toContain('NaN');
    expect(barChartSvg('t', 'y', [], [])).not.toContain('NaN');
  });
});
