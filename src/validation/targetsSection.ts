/** The target table as the first section of the validation report: each row's target, figure and met / missed. */
import { markdownTable } from '../report/markdownTable.js';
import type { ReportSection } from '../report/section.js';
import type { TargetSummaryEntry } from './targets.js';

export function targetsSection(rows: readonly TargetSummaryEntry[]): ReportSection {
  const met = rows.filter((r) => r.met).length;
  const measured = rows.filter((r) => r.measured).length;
  return {
    id: 'targets',
    title: 'Targets of the market model',
    markdown: [
      `${measured} of ${rows.length} targets measured in this build, ${met} met. Every figure is reported whatever it is; no parameter was fitted on the held-out data (the SPXW 2018 chain, index history from 2016).`,
      '',
      markdownTable(
        ['what', 'target', 'figure', 'met'],
        rows.map((r) => [r.what, r.target, r.figure, r.measured ? (r.met ? 'met' : 'missed') : 'not measured']),
      ),
    ].join('\n'),
    json: rows.map((r) => ({ id: r.targetId, what: r.what, target: r.target, figure: r.figure, met: r.met, measured: r.measured })),
    svgCharts: [],
  };
}
