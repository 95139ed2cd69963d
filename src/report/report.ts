/**
 * A report is an ordered list of sections that modules append to (the market model, later the
 * benchmark replications and backtests). This module renders one as Markdown, JSON and a single HTML
 * page with the charts inlined; it computes strings only, the caller writes them.
 */
import { Marked } from 'marked';
import type { JsonValue, ReportSection } from './section.js';
import { escapeXml } from './svgChart.js';

export interface Report {
  readonly title: string;
  /** Short facts printed under the title (data version, config hash, ...), in order. */
  readonly facts: readonly { readonly label: string; readonly value: string }[];
  readonly sections: readonly ReportSection[];
}

/** Relative path of a chart's SVG file next to the Markdown report. */
export function chartFileName(sectionId: string, chartId: string): string {
  return `charts/${sectionId}-${chartId}.svg`;
}

export function renderMarkdown(report: Report): string {
  const parts = [`# ${report.title}`, '', ...report.facts.map((f) => `- ${f.label}: ${f.value}`), ''];
  for (const section of report.sections) {
    parts.push(`## ${section.title}`, '', section.markdown.trim(), '');
    for (const chart of section.svgCharts) parts.push(`![${chart.title}](${chartFileName(section.id, chart.id)})`, '');
  }
  return parts.join('\n');
}

export function reportJson(report: Report): JsonValue {
  return {
    title: report.title,
    facts: report.facts.map((f) => ({ label: f.label, value: f.value })),
    sections: report.sections.map((s) => ({ id: s.id, title: s.title, data: s.json })),
  };
}

/** Two-space indented JSON with a final newline; key order is the order the sections built them in. */
export function renderJson(report: Report): string {
  return `${JSON.stringify(reportJson(report), null, 2)}\n`;
}

const PAGE_STYLE = [
  'body{font-family:sans-serif;max-width:1100px;margin:2em auto;padding:0 1em;color:#222;line-height:1.45}',
  'table{border-collapse:collapse;margin:0.8em 0;font-size:0.9em}',
  'th,td{border:1px solid #ccc;padding:3px 8px;text-align:right}',
  'th{background:#f3f3f3}',
  'td:first-child,th:first-child{text-align:left}',
  'figure{margin:1em 0}',
  'nav li{margin:0.2em 0}',
].join('');

/** The raw HTML a report's Markdown carries on purpose: the folds around long tables and configs. */
const REPORT_HTML_TAGS = /<\/?(?:details|summary)>/g;

/**
 * Markdown to HTML, writing any other raw HTML as text. A variant's name comes from a config file, and
 * `{"name": "<img src=x onerror=...>"}` went into the page as a tag that ran when the report was opened.
 */
const reportMarkdown = new Marked({
  gfm: true,
  renderer: {
    html(token) {
      return token.text.replace(REPORT_HTML_TAGS, '').includes('<') ? escapeXml(token.text) : token.text;
    },
  },
});

/** One self-contained page: no scripts, stylesheets, fonts or images from elsewhere. */
export function renderHtml(report: Report): string {
  const toc = report.sections.map((s) => `<li><a href="#${escapeXml(s.id)}">${escapeXml(s.title)}</a></li>`).join('');
  const facts = report.facts.map((f) => `<li>${escapeXml(f.label)}: ${escapeXml(f.value)}</li>`).join('');
  const sections = report.sections
    .map((section) => {
      const body = reportMarkdown.parse(section.markdown, { async: false });
      const charts = section.svgCharts
        .map((chart) => `<figure id="${escapeXml(`${section.id}-${chart.id}`)}">${chart.svg}<figcaption>${escapeXml(chart.title)}</figcaption></figure>`)
        .join('\n');
      return `<section id="${escapeXml(section.id)}">\n<h2>${escapeXml(section.title)}</h2>\n${body}\n${charts}\n</section>`;
    })
    .join('\n');
  return [
    '<!DOCTYPE html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    `<title>${escapeXml(report.title)}</title>`,
    `<style>${PAGE_STYLE}</style>`,
    '</head>',
    '<body>',
    `<h1>${escapeXml(report.title)}</h1>`,
    `<ul>${facts}</ul>`,
    `<nav><ol>${toc}</ol></nav>`,
    sections,
    '</body>',
    '</html>',
    '',
  ].join('\n');
}
