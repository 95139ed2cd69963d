/**
 * Minimal self-contained SVG charts for the validation report: no scripts, fonts or external
 * references, fixed number formatting, so the same data always gives byte-identical markup.
 */
const WIDTH = 720;
const HEIGHT = 320;
const MARGIN = { left: 64, right: 16, top: 28, bottom: 56 };
const PALETTE = ['#1f77b4', '#d62728', '#2ca02c', '#9467bd'];

function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

function fmt(value: number): string {
  return value.toFixed(2);
}

export interface ChartSeries {
  readonly name: string;
  /** One value per category (undefined leaves a gap). */
  readonly values: readonly (number | undefined)[];
}

interface Frame {
  readonly min: number;
  readonly max: number;
  x(index: number, count: number): number;
  y(value: number): number;
}

function frameFor(series: readonly ChartSeries[], includeZero: boolean): Frame {
  const values = series.flatMap((s) => s.values.filter((v): v is number => v !== undefined && Number.isFinite(v)));
  let min = Math.min(...values, ...(includeZero ? [0] : []));
  let max = Math.max(...values, ...(includeZero ? [0] : []));
  if (!Number.isFinite(min) || !Number.isFinite(max)) {
    min = 0;
    max = 1;
  }
  if (max === min) max = min + 1;
  const plotW = WIDTH - MARGIN.left - MARGIN.right;
  const plotH = HEIGHT - MARGIN.top - MARGIN.bottom;
  return {
    min,
    max,
    x: (index, count) => MARGIN.left + (count <= 1 ? plotW / 2 : (index * plotW) / (count - 1)),
    y: (value) => MARGIN.top + plotH - ((value - min) / (max - min)) * plotH,
  };
}

function axes(frame: Frame, title: string, yLabel: string, categories: readonly string[], xOf: (i: number) => number): string[] {
  const parts: string[] = [];
  parts.push(`<text x="${WIDTH / 2}" y="16" text-anchor="middle" font-size="13" font-family="sans-serif">${escapeXml(title)}</text>`);
  parts.push(`<line x1="${MARGIN.left}" y1="${MARGIN.top}" x2="${MARGIN.left}" y2="${HEIGHT - MARGIN.bottom}" stroke="#333"/>`);
  parts.push(`<line x1="${MARGIN.left}" y1="${HEIGHT - MARGIN.bottom}" x2="${WIDTH - MARGIN.right}" y2="${HEIGHT - MARGIN.bottom}" stroke="#333"/>`);
  const ticks = 5;
  for (let t = 0; t <= ticks; t++) {
    const value = frame.min + ((frame.max - frame.min) * t) / ticks;
    const y = frame.y(value);
    parts.push(`<line x1="${MARGIN.left - 4}" y1="${fmt(y)}" x2="${WIDTH - MARGIN.right}" y2="${fmt(y)}" stroke="#ddd"/>`);
    parts.push(`<text x="${MARGIN.left - 6}" y="${fmt(y + 4)}" text-anchor="end" font-size="10" font-family="sans-serif">${escapeXml(value.toFixed(2))}</text>`);
  }
  const labelEvery = Math.max(1, Math.ceil(categories.length / 12));
  categories.forEach((label, i) => {
    if (i % labelEvery !== 0) return;
    const x = xOf(i);
    parts.push(
      `<text x="${fmt(x)}" y="${HEIGHT - MARGIN.bottom + 14}" text-anchor="end" font-size="10" font-family="sans-serif" transform="rotate(-35 ${fmt(x)} ${HEIGHT - MARGIN.bottom + 14})">${escapeXml(label)}</text>`,
    );
  });
  parts.push(
    `<text x="14" y="${HEIGHT / 2}" text-anchor="middle" font-size="11" font-family="sans-serif" transform="rotate(-90 14 ${HEIGHT / 2})">${escapeXml(yLabel)}</text>`,
  );
  return parts;
}

function legend(series: readonly ChartSeries[]): string[] {
  return series.map(
    (s, i) =>
      `<g><rect x="${MARGIN.left + 8 + i * 150}" y="${MARGIN.top + 2}" width="10" height="10" fill="${PALETTE[i % PALETTE.length]}"/><text x="${MARGIN.left + 22 + i * 150}" y="${MARGIN.top + 11}" font-size="11" font-family="sans-serif">${escapeXml(s.name)}</text></g>`,
  );
}

function wrap(parts: readonly string[], title: string): string {
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${WIDTH} ${HEIGHT}" width="${WIDTH}" height="${HEIGHT}" role="img" aria-label="${escapeXml(title)}">${parts.join('')}</svg>`;
}

/** Lines over ordered categories (days). */
export function lineChartSvg(title: string, yLabel: string, categories: readonly string[], series: readonly ChartSeries[]): string {
  const frame = frameFor(series, false);
  const parts = axes(frame, title, yLabel, categories, (i) => frame.x(i, categories.length));
  series.forEach((s, si) => {
    const points = s.values
      .map((v, i) => (v === undefined ? undefined : `${fmt(frame.x(i, categories.length))},${fmt(frame.y(v))}`))
      .filter((p): p is string => p !== undefined);
    const colour = PALETTE[si % PALETTE.length] as string;
    parts.push(`<polyline fill="none" stroke="${colour}" stroke-width="2" points="${points.join(' ')}"/>`);
    for (const p of points) {
      const [x, y] = p.split(',');
      parts.push(`<circle cx="${x}" cy="${y}" r="2.5" fill="${colour}"/>`);
    }
  });
  parts.push(...legend(series));
  return wrap(parts, title);
}

/** Grouped bars per category, with a zero line. */
export function barChartSvg(title: string, yLabel: string, categories: readonly string[], series: readonly ChartSeries[]): string {
  const frame = frameFor(series, true);
  const plotW = WIDTH - MARGIN.left - MARGIN.right;
  const slot = plotW / Math.max(categories.length, 1);
  const barW = (slot * 0.8) / Math.max(series.length, 1);
  const xOf = (i: number) => MARGIN.left + slot * (i + 0.5);
  const parts = axes(frame, title, yLabel, categories, xOf);
  series.forEach((s, si) => {
    s.values.forEach((v, i) => {
      if (v === undefined) return;
      const x = MARGIN.left + slot * i + slot * 0.1 + si * barW;
      const y0 = frame.y(0);
      const y1 = frame.y(v);
      parts.push(
        `<rect x="${fmt(x)}" y="${fmt(Math.min(y0, y1))}" width="${fmt(barW)}" height="${fmt(Math.abs(y1 - y0))}" fill="${PALETTE[si % PALETTE.length]}"/>`,
      );
    });
  });
  parts.push(`<line x1="${MARGIN.left}" y1="${fmt(frame.y(0))}" x2="${WIDTH - MARGIN.right}" y2="${fmt(frame.y(0))}" stroke="#333"/>`);
  parts.push(...legend(series));
  return wrap(parts, title);
}
