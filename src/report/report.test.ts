import { describe, expect, it } from 'vitest';
import type { ReportSection } from './section.js';
import { chartFileName, renderHtml, renderJson, renderMarkdown, reportJson, type Report } from './report.js';
import { lineChart } from './svgChart.js';

const sections: ReportSection[] = [
  {
    id: 'first',
    title: 'First <section>',
    markdown: 'Some **bold** text.\n\n| a | b |\n| --- | --- |\n| 1 | 2 |',
    json: { median: 1.25, rows: [{ k: 'x', v: null }], ok: true },
    svgCharts: [{ id: 'c1', title: 'chart one', svg: lineChart({ title: 'one', series: [{ name: 's', points: [[0, 1], [1, 2]] }] }) }],
  },
  { id: 'second', title: 'Second', markdown: 'Plain.', json: [1, 2, 3], svgCharts: [] },
];
const report: Report = { title: 'Test report', facts: [{ label: 'data version', value: 'abc123' }], sections };

describe('report rendering', () => {
  it('writes a self-contained HTML page: no scripts, stylesheets, images or links to elsewhere', () => {
    const html = renderHtml(report);
    expect(html.startsWith('<!DOCTYPE html>\n<html lang="en">')).toBe(true);
    expect(html.trimEnd().endsWith('</html>')).toBe(true);
    expect(html).not.toMatch(/<script|<link|<img|<iframe|url\(|@import|src\s*=/i);
    for (const href of html.match(/href="[^"]*"/g) ?? []) expect(href).toMatch(/^href="#/);
    expect(html).toContain('<table>');
    expect(html).toContain('<strong>bold</strong>');
    expect(html.match(/<svg /g)).toHaveLength(1);
    expect(html.match(/<section /g)).toHaveLength(2);
    expect(html).toContain('First &lt;section&gt;');
  });

  it('writes raw HTML from a section as text, except the folds the reports use', () => {
    // A variant is named by its config file: {"name": "<img src=x onerror=alert(1)>"} went into the page
    // as an image tag whose handler ran when the report was opened, in a table cell and a fold's title.
    const hostile = '<img src=x onerror=alert(1)>';
    const markdown = `| variant | CAGR |\n| --- | --- |\n| ${hostile} | 1 % |\n\nText <b>${hostile}</b>.\n\n<details><summary>fold</summary>\n\n| a |\n| --- |\n| 1 |\n\n</details>\n\n\`\`\`json\n{"name": "${hostile}"}\n\`\`\`\n`;
    const html = renderHtml({ title: 't', facts: [], sections: [{ id: 's', title: 'S', markdown, json: null, svgCharts: [] }] });
    expect(html).not.toMatch(/<img|<b>/);
    expect(html).toContain('<td>&lt;img src=x onerror=alert(1)&gt;</td>');
    expect(html).toContain('<details><summary>fold</summary>');
    expect(html).toContain('</details>');
    // A code block was already escaped by the Markdown renderer, once.
    expect(html).toContain('{&quot;name&quot;: &quot;&lt;img src=x onerror=alert(1)&gt;&quot;}');
  });

  it('balances the structural tags of the page', () => {
    const html = renderHtml(report);
    for (const tag of ['html', 'head', 'body', 'section', 'svg', 'table', 'figure', 'nav', 'ol', 'ul']) {
      const opened = html.match(new RegExp(`<${tag}[\\s>]`, 'g'))?.length ?? 0;
      const closed = html.match(new RegExp(`</${tag}>`, 'g'))?.length ?? 0;
      expect(closed, tag).toBe(opened);
    }
  });

  it('round-trips the sections data through JSON', () => {
    const parsed: unknown = JSON.parse(renderJson(report));
    expect(parsed).toEqual(reportJson(report));
    expect(parsed).toMatchObject({ sections: [{ id: 'first', data: sections[0]?.json }, { id: 'second', data: [1, 2, 3] }] });
  });

  it('links each chart from the Markdown by its file name, and is deterministic', () => {
    const markdown = renderMarkdown(report);
    expect(markdown).toContain(`![chart one](${chartFileName('first', 'c1')})`);
    expect(markdown).toContain('## Second');
    expect(renderMarkdown(report)).toBe(markdown);
    expect(renderHtml(report)).toBe(renderHtml(report));
  });
});
