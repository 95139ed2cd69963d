/**
 * `alvh validate [--json] [--out DIR]`: measures the market model against real quotes and history and
 * writes the report (Markdown, JSON, a self-contained HTML page and the charts as SVG files). The terminal
 * gets the summary table, or the summary as JSON with --json.
 */
import { join } from 'node:path';
import type { Command } from 'commander';
import { formatChainLoadError, loadBundledChains, type BundledChains, type ChainLoadError } from '../../data/chains/bundledChains.js';
import { loadMarketHistory } from '../../data/loadHistory.js';
import { acrossModelFiles, DEFAULT_MODEL_CONFIG_SOURCE, modelConfigOption, type ModelConfigChoice } from '../modelConfigOption.js';
import { CndrReplicationConfigSchema, type CndrReplicationConfig } from '../../analysis/cndrReplication.js';
import { createModelMarketKeepingCalibrations } from '../../engine/modelMarketView.js';
import type { MarketDayView } from '../../engine/marketView.js';
import { replicaMarket, replicaPlan, type ReplicaContext } from '../../validation/replicationParts.js';
import { VixBetaConfigSchema } from '../../market/vixBetas.js';
import type { MarketHistory } from '../../history/types.js';
import type { Result } from '../../lib/result.js';
import { parseIsoDate, type DayNumber } from '../../time/day.js';
import { buildCndrReplicationSection } from '../../validation/cndrReplica.js';
import { DEFAULT_MARKET_MODEL_CONFIG, type MarketModelConfig } from '../../market/config.js';
import type { JsonValue, ReportSection } from '../../report/section.js';
import { buildMarketModelSections } from '../../validation/marketModel.js';
import { buildSpxModelSections } from '../../validation/spxModel.js';
import type { Report } from '../../report/report.js';
import { writeReportFiles } from '../reportFiles.js';
import { renderSummaryTable, type SectionsWithSummary, type SummaryRow } from '../../validation/summary.js';
import { UserError, type CliIo } from '../io.js';
import { defaultChainsValidateDependencies, runChainsValidate } from './chains.js';
import { targetsSection } from '../../validation/targetsSection.js';
import { fittedParametersSection } from '../../validation/fittedParametersSection.js';
import { targetSummary, type TargetResult, type TargetSummaryEntry } from '../../validation/targets.js';
import { targetsAcrossModelsRows, targetsAcrossModelsSection, type ModelTargets } from '../../validation/targetsAcrossModels.js';
import { textTable } from '../../report/textTable.js';
import { putReplicaSections } from '../../validation/putReplica.js';
import { pputReplicaSections } from '../../validation/pputReplica.js';
import { rollDayGapSections } from '../../validation/rollDayGap.js';
import { examsOnWorkerThreads } from './validateExamPool.js';

export const DEFAULT_VALIDATE_OUT_DIR = 'reports/validate';
export const VALIDATE_REPORT_BASENAME = 'validate';

/** The days the benchmark-index replications run over; undefined ends mean the whole history. */
export interface ReplicationSpan {
  readonly fromDay: DayNumber | undefined;
  readonly toDay: DayNumber | undefined;
}

export const WHOLE_HISTORY: ReplicationSpan = { fromDay: undefined, toDay: undefined };

/** What a provider is given: a replica's context (history, model config, span, the shared market) and the bundled chains. */
export interface ValidationContext extends ReplicaContext {
  readonly chains: BundledChains;
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
  /**
   * The providers that measure rows of the target table, in the order of `providers`: what another
   * model's exam under `--across-models` runs, since it keeps only the target rows. Absent: all of them.
   */
  readonly targetProviders?: readonly ValidationSectionProvider[];
  readonly config: MarketModelConfig;
  /** Where the config came from, as the report names it (`defaults`, or a --model-config file). */
  readonly configSource?: string;
  /**
   * The exams of `--across-models` on other threads while this thread runs its own (the default
   * providers on the default data: validateExamPool.ts); absent, they run here one after the other.
   * Each answers the target rows runExam gives on this thread, in the order of `models`.
   */
  readonly examsElsewhere?: (models: readonly ModelConfigChoice[], replicationSpan: ReplicationSpan, onDone: (index: number) => void) => Promise<TargetSummaryEntry[][]>;
}

/** One model's exam: every provider's sections and figures, and the target table's rows. */
export interface ExamResult {
  readonly sections: ReportSection[];
  readonly figures: SummaryRow[];
  readonly targets: TargetSummaryEntry[];
}

/** The exam of one model config on a history and the bundled chains (a provider that cannot run stops it, named). */
export function runExam(providers: readonly ValidationSectionProvider[], context: ValidationContext): ExamResult {
  const sections: ReportSection[] = [];
  const figures: SummaryRow[] = [];
  const targetResults: TargetResult[] = [];
  // The replicas and their counterfactuals run many suites over the same days: each day's market is
  // calibrated once for the whole exam (when a provider first asks for it), not once per suite.
  let market: ((day: DayNumber) => MarketDayView | undefined) | undefined;
  const shared: ValidationContext = context.modelMarket !== undefined ? context : { ...context, modelMarket: (day) => (market ??= createModelMarketKeepingCalibrations(context.history, context.config, VixBetaConfigSchema.parse({})))(day) };
  for (const provide of providers) {
    const provided = provide(shared);
    if (!provided.ok) throw new UserError(`validation cannot run: ${provided.error}`);
    sections.push(...provided.value.sections);
    figures.push(...provided.value.summary);
    targetResults.push(...(provided.value.targets ?? []));
  }
  return { sections, figures, targets: targetSummary(targetResults) };
}

export const vixAndSpreadSections: ValidationSectionProvider = ({ history, chains, config }) => {
  const built = buildMarketModelSections(history, chains, { vix: config.vix, spread: config.spread });
  return built.ok ? built : { ok: false, error: built.error.detail };
};

/** Sections 1-3: the SPX model against quotes, the February 2018 condor, the VIX formula. */
export const spxModelSections: ValidationSectionProvider = ({ history, chains, config }) => buildSpxModelSections(history, chains, config.spx);

/** The `cndr` preset against the real CNDR index, from its first close in the first period's first month (or the span given) to the end of the data. */
export function cndrReplicationSections(replicationConfig: CndrReplicationConfig = CndrReplicationConfigSchema.parse({})): ValidationSectionProvider {
  return (context) => {
    const firstMonth = replicationConfig.periods[0]?.fromMonth;
    const plan = replicaPlan(context, { label: 'CNDR', indexSeries: 'cndr', preset: 'cndr', ...(firstMonth === undefined ? {} : { fromMonth: firstMonth }) });
    if (!plan.ok) return plan;
    const { strategy, fromDay, toDay } = plan.value;
    return buildCndrReplicationSection({ history: context.history, strategy, marketOn: replicaMarket(context), fromDay, toDay, config: replicationConfig });
  };
}

/** The default providers that measure rows of the target table; the PPUT replica and the roll-day gap measure none. */
const defaultTargetProviders: readonly ValidationSectionProvider[] = [spxModelSections, vixAndSpreadSections, cndrReplicationSections(), putReplicaSections()];

export const defaultValidateDependencies: ValidateDependencies = {
  loadHistory: async () => (await loadMarketHistory()).history,
  loadChains: () => loadBundledChains(),
  providers: [...defaultTargetProviders, pputReplicaSections(), rollDayGapSections()],
  targetProviders: defaultTargetProviders,
  config: DEFAULT_MARKET_MODEL_CONFIG,
  examsElsewhere: (models, replicationSpan, onDone) => examsOnWorkerThreads(models, replicationSpan, onDone),
};

export interface ValidateOptions {
  readonly json: boolean;
  readonly out: string;
  /** Default: the whole history. */
  readonly replicationSpan?: ReplicationSpan;
  /** `--across-models`: the other model configs the exam runs on too, their target rows beside this run's. */
  readonly acrossModels?: readonly ModelConfigChoice[];
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
  const replicationSpan = options.replicationSpan ?? WHOLE_HISTORY;
  const context = (config: MarketModelConfig): ValidationContext => ({ history, chains: chains.value, config, replicationSpan });
  // The other models' exams keep only their target rows: the report is this model's. On other threads
  // where the dependencies offer them, started before this thread's own exam so they run beside it.
  const otherModels = options.acrossModels ?? [];
  const elsewhere = otherModels.length > 0 && deps.examsElsewhere !== undefined ? deps.examsElsewhere : undefined;
  let done = 0;
  const onDone = (index: number) => {
    if (!options.json) io.err(`across models: ${(otherModels[index] as ModelConfigChoice).source} done (${++done} of ${otherModels.length})\n`);
  };
  const otherTargets = elsewhere?.(otherModels, replicationSpan, onDone);
  // A rejection waits for this thread's exam; it must not count as unhandled meanwhile.
  otherTargets?.catch(() => undefined);
  const { sections, figures, targets } = runExam(deps.providers, context(deps.config));
  // One entry per row of the target table first (rows nobody measured say so), then every headline figure.
  const summary: SummaryRow[] = [...targets, ...figures];
  const others: ModelTargets[] =
    otherTargets === undefined
      ? otherModels.map((model, i) => {
          const result = { model: model.source, targets: runExam(deps.targetProviders ?? deps.providers, context(model.config)).targets };
          onDone(i);
          return result;
        })
      : (await otherExams(otherTargets)).map((rows, i) => ({ model: (otherModels[i] as ModelConfigChoice).source, targets: rows }));
  const exams: ModelTargets[] = [{ model: deps.configSource ?? DEFAULT_MODEL_CONFIG_SOURCE, targets }, ...others];
  const acrossSection = others.length === 0 ? undefined : targetsAcrossModelsSection(exams);
  sections.unshift(...(acrossSection === undefined ? [targetsSection(targets)] : [targetsSection(targets), acrossSection]));
  sections.push(fittedParametersSection(deps.config), configurationSection(deps.config));
  const report: Report = {
    title: 'alvh validation: the market model against real quotes and history',
    facts: [
      { label: 'market data version', value: history.dataVersion },
      { label: 'market model config', value: deps.configSource ?? DEFAULT_MODEL_CONFIG_SOURCE },
      { label: 'sections', value: String(sections.length) },
    ],
    sections,
  };
  const files = writeReportFiles(options.out, VALIDATE_REPORT_BASENAME, report);
  if (options.json) {
    io.out(`${JSON.stringify({ outDir: options.out, files, summary, ...(acrossSection === undefined ? {} : { acrossModels: acrossSection.json }) }, null, 2)}\n`);
  } else {
    io.out(renderSummaryTable(summary));
    if (acrossSection !== undefined) {
      const { headers, rows } = targetsAcrossModelsRows(exams);
      io.out(`\nThe targets on other market models:\n${textTable(headers, rows)}`);
    }
    io.out(`\nreport: ${join(options.out, `${VALIDATE_REPORT_BASENAME}.html`)}\n`);
  }
  return { files, summary };
}

/** The other threads' exams; one that could not run is the user's error, as on this thread, naming its model. */
async function otherExams(running: Promise<TargetSummaryEntry[][]>): Promise<TargetSummaryEntry[][]> {
  try {
    return await running;
  } catch (error) {
    throw new UserError(`--across-models ${(error as Error).message}`);
  }
}

/** The configuration the measurements ran with, so a report can be reproduced. */
function configurationSection(config: MarketModelConfig): ReportSection {
  const json = JSON.parse(JSON.stringify(config)) as JsonValue;
  return {
    id: 'configuration',
    title: 'Market model configuration used',
    markdown: `\`\`\`json\n${JSON.stringify(config, null, 2)}\n\`\`\``,
    json,
    svgCharts: [],
  };
}

function optionalDay(option: string, text: string | undefined): DayNumber | undefined {
  if (text === undefined) return undefined;
  const parsed = parseIsoDate(text);
  if (!parsed.ok) throw new UserError(`${option}: '${text}' is not a date (YYYY-MM-DD): ${parsed.error.reason}`);
  return parsed.value;
}

export function registerValidateCommand(program: Command, io: CliIo, deps: ValidateDependencies = defaultValidateDependencies): void {
  program
    .command('validate')
    .description('measure the market model against real option quotes and history; write the report')
    .option('--json', 'print the summary as JSON instead of a table', false)
    .option('--out <dir>', 'folder for the report files', DEFAULT_VALIDATE_OUT_DIR)
    .option('--replication-from <date>', 'first day (YYYY-MM-DD) of the benchmark-index replications (default: 1990-01-01 or the first day of data)')
    .option('--replication-to <date>', 'last day (YYYY-MM-DD) of the benchmark-index replications (default: the last day of data)')
    .option('--chains', 'measure the model against your own imported chains (alvh chains import) instead of the bundled samples')
    .option('--from <date>', 'with --chains: first quote date (YYYY-MM-DD)')
    .option('--to <date>', 'with --chains: last quote date (YYYY-MM-DD)')
    .option('--model-config <file>', 'market model config JSON (fields of the SPX, VIX and spread models; the rest default), e.g. presets/model/exchange-tick.json; also with --chains')
    .option('--across-models [files]', 'also run the exam on other market model configs (comma-separated files; alone: every file of presets/model) and show which targets each meets')
    .action(async (opts: { json: boolean; out: string; replicationFrom?: string; replicationTo?: string; chains?: boolean; from?: string; to?: string; modelConfig?: string; acrossModels?: boolean | string }) => {
      // Read (and refused) before anything else loads, for the bundled exam and for --chains alike.
      const model = opts.modelConfig === undefined ? undefined : modelConfigOption(opts.modelConfig);
      if (opts.acrossModels !== undefined && opts.chains === true) throw new UserError('--across-models runs the bundled exam on each model config: it cannot be combined with --chains');
      const across = acrossModelFiles(opts.acrossModels, model?.source ?? DEFAULT_MODEL_CONFIG_SOURCE);
      if (opts.chains === true) {
        const fromDay = optionalDay('--from', opts.from);
        const toDay = optionalDay('--to', opts.to);
        const chainsDeps = model === undefined ? defaultChainsValidateDependencies : { ...defaultChainsValidateDependencies, config: model.config, configSource: model.source };
        await runChainsValidate({ json: opts.json, out: opts.out, ...(fromDay === undefined ? {} : { fromDay }), ...(toDay === undefined ? {} : { toDay }) }, io, chainsDeps);
        return;
      }
      const replicationSpan: ReplicationSpan = {
        fromDay: optionalDay('--replication-from', opts.replicationFrom),
        toDay: optionalDay('--replication-to', opts.replicationTo),
      };
      await runValidate({ json: opts.json, out: opts.out, replicationSpan, ...(across === undefined ? {} : { acrossModels: across }) }, io, model === undefined ? deps : { ...deps, config: model.config, configSource: model.source });
    });
}
