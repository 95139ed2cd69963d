/** Writing a rendered report to a folder: Markdown, JSON, one HTML page, the charts as SVG, and extras. */
import { existsSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { chartFileName, renderHtml, renderJson, renderMarkdown, type Report } from '../report/report.js';
import { UserError } from './io.js';
import { ensureDirectorySync } from '../data/fs/directories.js';
import { isVariantConfigFileName, VARIANT_CONFIGS_FOLDER } from '../sweep/variantConfigs.js';

/**
 * Writes `<basename>.md/.json/.html`, `charts/*.svg` and the `extraFiles` (relative path -> text) and
 * returns the paths written, in a fixed order.
 */
export function writeReportFiles(outDir: string, basename: string, report: Report, extraFiles: ReadonlyMap<string, string> = new Map()): string[] {
  const contents = new Map<string, string>([
    [`${basename}.md`, renderMarkdown(report)],
    [`${basename}.json`, renderJson(report)],
    [`${basename}.html`, renderHtml(report)],
  ]);
  for (const section of report.sections) {
    for (const chart of section.svgCharts) contents.set(chartFileName(section.id, chart.id), `${chart.svg}\n`);
  }
  for (const [relative, text] of extraFiles) contents.set(relative, text);
  const written: string[] = [];
  try {
    for (const [relative, text] of contents) {
      const path = join(outDir, relative);
      // Not mkdirSync({ recursive: true }): it spins forever on a path under /proc.
      ensureDirectorySync(dirname(path));
      writeFileSync(path, text);
      written.push(path);
    }
  } catch (caught) {
    throw new UserError(`cannot write the report to ${outDir}: ${(caught as Error).message}`);
  }
  return written;
}

/**
 * A sweep's report and its top variants' config files (`variantConfigFiles`), written as
 * writeReportFiles writes a report. The variant configs an earlier sweep of the same name left in
 * `configs/` are removed first, so the folder holds this run's top variants only; other files there
 * are the user's and are kept.
 */
export function writeSweepReportFiles(outDir: string, basename: string, report: Report, configFiles: ReadonlyMap<string, string>): string[] {
  const folder = join(outDir, VARIANT_CONFIGS_FOLDER);
  try {
    if (existsSync(folder)) for (const name of readdirSync(folder)) if (isVariantConfigFileName(name)) rmSync(join(folder, name));
  } catch (caught) {
    throw new UserError(`cannot clear the old variant configs in ${folder}: ${(caught as Error).message}`);
  }
  return writeReportFiles(outDir, basename, report, configFiles);
}
