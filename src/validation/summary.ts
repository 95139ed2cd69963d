import type { ReportSection } from '../report/section.js';
import type { TargetResult } from './targets.js';

/** One headline figure of a report section, for the terminal summary and the JSON report. */
export interface SummaryRow {
  readonly section: string;
  readonly metric: string;
  readonly value: string;
  /** The target the figure is judged against, when there is one (e.g. "<= 2 vol points"). */
  readonly target?: string;
  /** Whether the target is met; undefined when there is no target. */
  readonly met?: boolean;
}

/** One report section with its headline figures. */
export interface SectionWithSummary {
  readonly section: ReportSection;
  readonly summary: readonly SummaryRow[];
  /** The rows of the model's target table (src/validation/targets.ts) this section measures. */
  readonly targets?: readonly TargetResult[];
}

/** A module's report sections together with their headline figures. */
export interface SectionsWithSummary {
  readonly sections: readonly ReportSection[];
  readonly summary: readonly SummaryRow[];
  /** The rows of the model's target table (src/validation/targets.ts) this module measures. */
  readonly targets?: readonly TargetResult[];
}

export function renderSummaryTable(rows: readonly SummaryRow[]): string {
  const headers = ['section', 'metric', 'value', 'target'];
  const cells = rows.map((r) => [r.section, r.metric, r.value, r.target === undefined ? '' : `${r.target} ${r.met === true ? '(met)' : '(missed)'}`]);
  const widths = headers.map((h, i) => Math.max(h.length, ...cells.map((c) => (c[i] ?? '').length)));
  const line = (c: readonly string[]): string => c.map((text, i) => text.padEnd(widths[i] ?? 0)).join('  ').trimEnd();
  return [line(headers), line(widths.map((w) => '-'.repeat(w))), ...cells.map(line)].join('\n') + '\n';
}
