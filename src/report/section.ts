/**
 * One section of a report (the backtest report, the validation report, a sweep report). Each module
 * that measures something returns its sections in this shape, and the report renders the list in
 * order: Markdown for reading, JSON for machines, and SVG charts embedded inline in the HTML page.
 */

/** JSON-serialisable values only, so the JSON report is deterministic and lossless. */
export type JsonValue = null | boolean | number | string | readonly JsonValue[] | { readonly [key: string]: JsonValue };

/** A self-contained chart: an `<svg>` element with no external references. */
export interface SvgChart {
  /** Stable identifier, unique within the section (used for anchors and file names). */
  readonly id: string;
  readonly title: string;
  readonly svg: string;
}

export interface ReportSection {
  /** Stable identifier, unique within a report (e.g. `spx-quotes`, `vix-formula`). */
  readonly id: string;
  readonly title: string;
  /** GitHub-flavoured Markdown body of the section, without its title heading. */
  readonly markdown: string;
  /** The section's figures as data; keys are stable so downstream tools can read them. */
  readonly json: JsonValue;
  readonly svgCharts: readonly SvgChart[];
}
