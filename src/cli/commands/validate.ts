/**
 * `alvh validate [--json] [--out DIR]`: measures the market model against real quotes and history and
 * writes the report (Markdown, JSON, a self-contained HTML page and the charts as SVG files). The terminal
 * gets the summary table, or the summary as JSON with --json.
 */
import { join } from 'node:path';
import type { Command } from 'commander';
import { formatChainLoadError, loadBundledChains, type BundledChains, type ChainLoadError } from '../../data/chains/bundledChains.js';
import { loadMarketHistory } from '../../data/loadHistory.js';
import type { MarketHistory } from '../../history/types.js';
import type { Result } from '../../lib/result.js';
import { DEFAULT_MARKET_MODEL_CONFIG, type MarketModelConfig } from '../../market/config.js';
import type { JsonValue, ValidationSection } from '../../market/validation/section.js';
import { buildMarketModelSections } from '../../report/marketModelReport.js';
import { buildSpxModelSections } from '../../report/spxModelReport.js';
import type { Report } from '../../report/report.js';
import { writeReportFiles } from '../reportFiles.js';
import { renderSummaryTable, type SectionsWithSummary, type SummaryRow } from '../../report/summary.js';
import { UserError, type CliIo } from '../io.js';

export const DEFAULT_VALIDATE_OUT_DIR = 'reports/validate';
export const VALIDATE_REPORT_BASENAME = 'validate';

export interface ValidationContext {
  readonly history: MarketHistory;
  readonly chains: BundledChains;
  readonly config: MarketModelConfig;
}

/** A module's contribution to the report: its sections and headline figures, or a message why not. */
export type ValidationSectionProvider = (
  context: ValidationContext,
) => Result<SectionsWithSummary, string>;

export interface ValidateDependencies {
  readonly loadHistory: () => Promise<MarketHistory>;
  readonly loadChains: () => Result<BundledChains, ChainLoadError>;
  /** Appended in order; later modules (SPX model, benchmark replications) add theirs here. */
  readonly providers: readonly ValidationSectionProvider[];
  readonly config: MarketModelConfig;
}

export const vixAndSpreadSections: ValidationSectionProvider = ({ history, chains, config }) => {
  const built = buildMarketModelSections(history, chains, { vix: config.vix, spread: config.spread });
  return built.ok ? built : { ok: false, error: built.error.detail };
};

/** Sections 1-3: the SPX model against quotes, the February 2018 condor, the VIX formula. */
export const spxModelSections: ValidationSectionProvider = ({ history, chains, config }) => buildSpxModelSections(history, chains, config.spx);

export const defaultValidateDependencies: ValidateDependencies = {
  loadHistory: async () => (await loadMarketHistory()).history,
  loadChains: () => loadBundledChains(),
  providers: [spxModelSections, vixAndSpreadSections],
  config: DEFAULT_MARKET_MODEL_CONFIG,
};

export interface ValidateOptions {
  readonly json: boolean;
  readonly out: string;
}

export interface ValidateOutcome {
  readonly files: readonly string[];
  readonly summary: readonly SummaryRow[];
}

export async function runValidate(options: ValidateOptions, io: CliIo, deps: ValidateDependencies): Promise<ValidateOutcome> {
  let history: MarketHistory;
  try {
    history = await deps.loadHistory();
  } catch (caught) {
    throw new UserError(`cannot load the market history: ${(caught as Error).message}`);
  }
  const chains = deps.loadChains();
  if (!chains.ok) throw new UserError(`cannot read an option chain: ${formatChainLoadError(chains.error)}`);
  const sections: ValidationSection[] = [];
  const summary: SummaryRow[] = [];
  for (const provide of deps.providers) {
    const provided = provide({ history, chains: chains.value, config: deps.config });
    if (!provided.ok) throw new UserError(`validation cannot run: ${provided.error}`);
    sections.push(...provided.value.sections);
    summary.push(...provided.value.summary);
  }
  sections.push(configurationSection(deps.config));
  const report: Report = {
    title: 'alvh validation: the market model against real quotes and history',
    facts: [
      { label: 'market data version', value: history.dataVersion },
      { label: 'sections', value: String(sections.length) },
    ],
    sections,
  };
  const files = writeReportFiles(options.out, VALIDATE_REPORT_BASENAME, report);
  if (options.json) {
    io.out(`${JSON.stringify({ outDir: options.out, files, summary }, null, 2)}\n`);
  } else {
    io.out(renderSummaryTable(summary));
    io.out(`\nreport: ${join(options.out, `${VALIDATE_REPORT_BASENAME}.html`)}\n`);
  }
  return { files, summary };
}

/** The configuration the measurements ran with, so a report can be reproduced. */
function configurationSection(config: MarketModelConfig): ValidationSection {
  const json = JSON.parse(JSON.stringify(config)) as JsonValue;
  return {
    id: 'configuration',
    title: 'Market model configuration used',
    markdown: `\`\`\`json\n${JSON.stringify(config, null, 2)}\n\`\`\``,
    json,
    svgCharts: [],
  };
}

export function registerValidateCommand(program: Command, io: CliIo, deps: ValidateDependencies = defaultValidateDependencies): void {
  program
    .command('validate')
    .description('measure the market model against real option quotes and history; write the report')
    .option('--json', 'print the summary as JSON instead of a table', false)
    .option('--out <dir>', 'folder for the report files', DEFAULT_VALIDATE_OUT_DIR)
    .action(async (opts: { json: boolean; out: string }) => {
      await runValidate({ json: opts.json, out: opts.out }, io, deps);
    });
}
