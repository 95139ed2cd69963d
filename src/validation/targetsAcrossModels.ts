/**
 * The target table on several market model configs side by side (`alvh validate --across-models`):
 * which targets each model meets, with its figure. The bundled model configs each trade some targets
 * for others; this says which, measured on this build and this data rather than copied into a document.
 */
import { modelLabel } from '../analysis/acrossModels.js';
import { markdownTable } from '../report/markdownTable.js';
import type { ReportSection } from '../report/section.js';
import type { TargetSummaryEntry } from './targets.js';

/** One model's exam: how it is named (`defaults`, or its file) and its target rows, in the table's order. */
export interface ModelTargets {
  readonly model: string;
  readonly targets: readonly TargetSummaryEntry[];
}

export class TargetsAcrossModelsError extends Error {
  override name = 'TargetsAcrossModelsError';
}

const verdict = (r: TargetSummaryEntry): string => (r.measured ? (r.met ? 'met' : 'missed') : 'not measured');

/** Every exam must hold the same rows in the same order (the same build's table). */
function checkRows(exams: readonly ModelTargets[]): readonly TargetSummaryEntry[] {
  const first = exams[0];
  if (first === undefined) throw new TargetsAcrossModelsError('no model exam to compare');
  const ids = first.targets.map((t) => t.targetId).join(',');
  for (const exam of exams) {
    if (exam.targets.map((t) => t.targetId).join(',') !== ids) throw new TargetsAcrossModelsError(`the exam on ${exam.model} has other target rows than the exam on ${first.model}`);
  }
  return first.targets;
}

/** Met / missed by target and model, and each model's count of met targets, as a terminal or Markdown table. */
export function targetsAcrossModelsRows(exams: readonly ModelTargets[]): { headers: string[]; rows: string[][] } {
  const rows = checkRows(exams);
  return {
    headers: ['target', ...exams.map((e) => modelLabel(e.model))],
    rows: [
      ...rows.map((row, i) => [row.what, ...exams.map((e) => verdict(e.targets[i] as TargetSummaryEntry))]),
      ['targets met', ...exams.map((e) => `${e.targets.filter((t) => t.met).length} of ${e.targets.length}`)],
    ],
  };
}

export function targetsAcrossModelsSection(exams: readonly ModelTargets[]): ReportSection {
  const rows = checkRows(exams);
  const { headers, rows: table } = targetsAcrossModelsRows(exams);
  const figures = rows.map((row, i) => [`- **${row.what}** (${row.target}):`, ...exams.map((e) => `  - ${modelLabel(e.model)}: ${(e.targets[i] as TargetSummaryEntry).figure} (${verdict(e.targets[i] as TargetSummaryEntry)})`)].join('\n'));
  return {
    id: 'targets-across-models',
    title: 'The targets on other market models',
    markdown: [
      `The same exam on each market model config (the first column is this report's model): which targets each meets. The held-out rows are measured the same way on every model, and no model config was fitted on them.`,
      '',
      markdownTable(headers, table),
      '',
      'Each target\'s figure by model:',
      '',
      ...figures,
    ].join('\n'),
    json: {
      models: exams.map((e) => e.model),
      targets: rows.map((row, i) => ({
        id: row.targetId,
        what: row.what,
        target: row.target,
        byModel: exams.map((e) => {
          const t = e.targets[i] as TargetSummaryEntry;
          return { model: e.model, figure: t.figure, met: t.met, measured: t.measured };
        }),
      })),
    },
    svgCharts: [],
  };
}
