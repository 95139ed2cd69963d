/**
 * `alvh backtest [--preset NAME,...|--config FILE] [--from D] [--to D] [--market model|chains|hybrid]
 * [--out DIR] [--json] [--cache-dir DIR] [--no-tape-cache] [--model-config FILE] [--across-models [FILES]]`: runs the methodology and its baselines on the bundled history (SPX options on
 * the user's imported chains with --market chains|hybrid) and writes the report (HTML, Markdown, JSON of
 * everything, CSVs of trades, daily equity and decisions). The terminal gets the summary table and the
 * claims check; --json prints the summary as JSON and nothing else.
 */
import { join } from 'node:path';
import type { Command } from 'commander';
import { countNyseTradingDays } from '../../calendar/nyse.js';
import { ChainEngineMarket, chainsMarketOn, type BacktestMarketMode, type ChainRunUsage } from '../../chains/engineView.js';
import { chainsVariantRunner } from '../../chains/engineRun.js';
import { ChainMarket, ChainMarketConfigSchema } from '../../chains/marketView.js';
import type { CanonicalQuote } from '../../chains/types.js';
import { defaultUserDir, loadMarketHistory } from '../../data/loadHistory.js';
import { listPresets, loadPreset, loadStrategyConfigFile, PresetError, presetNameClash } from '../../data/presets.js';
import { backtestSpan, BacktestRangeError, runBacktestJob, type BacktestJobResult } from '../../engine/backtestJob.js';
import { quoteValue } from '../../lib/capText.js';
import { wholeUsdText } from '../../lib/numberText.js';
import { MarketModelError } from '../../engine/modelMarketView.js';
import type { MarketHistory } from '../../history/types.js';
import { defaultTapeSettings } from '../../tape/marketTape.js';
import { acrossModelFiles, DEFAULT_MODEL_CONFIG_SOURCE, modelConfigOption } from '../modelConfigOption.js';
import { defaultTapeCacheDir, openMarketTape, type TapeCacheStatus } from '../../tape/tapeCache.js';
import { buildBacktestReport, decisionsCsv, equityCsv, tradesCsv } from '../../report/backtestReport.js';
import { shortRunNote } from '../../report/shortRun.js';
import { AcrossModelsError, acrossModelsRows, acrossModelsVerdicts, modelRunFigures, type AcrossModels } from '../../analysis/acrossModels.js';
import { backtestAcrossModels, twinPairs, type BacktestAcrossModelsInput } from '../../tape/backtestAcrossModels.js';
import { fixed, percent } from '../../report/markdownTable.js';
import { textTable } from '../../report/textTable.js';
import { StrategyConfigError, type StrategyConfig } from '../../strategy/config.js';
import { isoFromDay, parseIsoDate, type DayNumber } from '../../time/day.js';
import { UserError, type CliIo } from '../io.js';
import { marketModeOption } from '../options.js';
import { chainSettingsFromOptions, defaultChainStoreDir, loadChainStore } from '../chainOptions.js';
import { writeReportFiles } from '../reportFiles.js';

export const DEFAULT_BACKTEST_PRESETS = ['alvh-ladder', 'alvh-taper', 'unhedged', 'fixed-rr', 'alvh-ladder-full', 'unhedged-full'] as const;
/** VIX options trade from 2006-02-24; 2007 gives the hedge its instruments from the first day. */
export const DEFAULT_BACKTEST_FROM = '2007-01-01';
export const DEFAULT_BACKTEST_OUT_DIR = 'reports/backtest';
export const BACKTEST_REPORT_BASENAME = 'backtest';

export interface BacktestCommandOptions {
  readonly preset?: string;
  readonly config?: readonly string[];
  readonly from: string;
  readonly to?: string;
  readonly out: string;
  readonly json: boolean;
  /** Where SPX option prices come from: the market model (default), the user's chains, or the chains with the model where they have no quote. */
  readonly market?: BacktestMarketMode;
  /** `--max-carry-days`: how many calendar days a missing chain quote may be carried. */
  readonly maxCarryDays?: string;
  /** `--chains-config FILE`: the chain settings (strict JSON). */
  readonly chainsConfig?: string;
  /** Keep the market tape on disk between runs (default true when the deps name a tape folder). */
  readonly tapeCache?: boolean;
  /** The tape folder instead of the deps' (`$ALVH_HOME/tape`). */
  readonly cacheDir?: string;
  /** `--model-config FILE`: the market model config (the defaults without it). */
  readonly modelConfig?: string;
  /**
   * `--across-models [FILES]`: run the same variants again on other market model configs (every file of
   * presets/model without a list, else the comma-separated files) and report them side by side.
   */
  readonly acrossModels?: boolean | string;
}

export interface BacktestCommandDeps {
  readonly loadHistory: () => Promise<MarketHistory>;
  /** The chain store folder, for --market chains|hybrid. */
  readonly chainStoreDir?: () => string;
  /** The market tape's cache folder; without it (and without --cache-dir) the tape lives for the run only. */
  readonly tapeCacheDir?: () => string;
}

export const defaultBacktestDeps: BacktestCommandDeps = {
  loadHistory: async () => (await loadMarketHistory()).history,
  chainStoreDir: () => defaultChainStoreDir(),
  tapeCacheDir: () => defaultTapeCacheDir(defaultUserDir()),
};

/** The tape folder a command uses: none with --no-tape-cache, else --cache-dir, else the deps' default. */
export function tapeCacheDirFor(options: { readonly tapeCache?: boolean; readonly cacheDir?: string }, fallback: (() => string) | undefined): string | undefined {
  if (options.tapeCache === false) return undefined;
  return options.cacheDir ?? fallback?.();
}

/** One line on how the run got its market tape, for the terminal's error stream. */
export function tapeStatusLine(status: TapeCacheStatus): string | undefined {
  switch (status.kind) {
    case 'off':
      return undefined;
    case 'warm':
      return `market tape: read from ${status.path}`;
    case 'cold':
      return `market tape: calibrating the days the run needs (kept in ${status.path})`;
    case 'rebuilt':
      return `market tape: the stored tape ${status.path} could not be used (${status.reason}); calibrating again`;
  }
}

/** The VIX options' lines: on the VIX quotes of the store where it has them, else on the model. */
export function vixUsageLines(usage: ChainRunUsage | undefined, quoteDays: number, maxCarryDays: number): string[] {
  if (usage === undefined) return ['VIX options (hedge layers) on the model: the chain store has no VIX quotes in the run'];
  const carried = Object.entries(usage.carriedByAgeDays)
    .sort((a, b) => Number(a[0]) - Number(b[0]))
    .map(([age, n]) => `${n} at ${age} d`)
    .join(', ');
  return [
    `VIX options (hedge layers) on your VIX chains where quoted (${quoteDays} quote days in the run, carried up to ${maxCarryDays} d), else on the model`,
    `VIX price lookups answered by a chain quote of the day: ${usage.chainQuotes}; by a carried quote: ${usage.carriedQuotes}${carried === '' ? '' : ` (${carried})`}`,
    `VIX questions answered by the model: ${usage.modelFallbacks.length}${usage.modelFallbacks.length > 0 ? `, first: ${usage.modelFallbacks.slice(0, 3).join('; ')}` : ''}`,
  ];
}

/** Which market each figure came from, as the report and the terminal print it. */
export function marketUsageLines(mode: BacktestMarketMode, usage: ChainRunUsage | undefined, quoteDays: number, vix?: { usage: ChainRunUsage | undefined; quoteDays: number; maxCarryDays: number }): string[] {
  if (mode === 'model' || usage === undefined) return ['SPX and VIX options priced on the market model (--market model)'];
  const carried = Object.entries(usage.carriedByAgeDays)
    .sort((a, b) => Number(a[0]) - Number(b[0]))
    .map(([age, n]) => `${n} at ${age} d`)
    .join(', ');
  return [
    `SPX options on your chains (--market ${mode}, ${quoteDays} quote days in the run); VIX futures and index levels on the model`,
    `SPX price lookups answered by a chain quote of the day: ${usage.chainQuotes}`,
    `answered by a carried quote: ${usage.carriedQuotes}${carried === '' ? '' : ` (${carried})`}`,
    `SPX options the chains did not quote within the carry limit (chains mode: that day's trades refused): ${usage.missing.length}`,
    `answered by the model (hybrid fallbacks): ${usage.modelFallbacks.length}${usage.modelFallbacks.length > 0 ? `, first: ${usage.modelFallbacks.slice(0, 3).join('; ')}` : ''}`,
    `trading days in the run with no chain quote: ${usage.daysWithoutChain.size}${usage.daysWithoutChain.size > 0 ? ` (${[...usage.daysWithoutChain].sort((a, b) => a - b).slice(0, 5).map(isoFromDay).join(', ')}${usage.daysWithoutChain.size > 5 ? ', ...' : ''})` : ''}`,
    ...(vix === undefined ? [] : vixUsageLines(vix.usage, vix.quoteDays, vix.maxCarryDays)),
  ];
}

function dayOption(name: string, value: string): DayNumber {
  const parsed = parseIsoDate(value);
  if (!parsed.ok) throw new UserError(`--${name} '${value}': ${parsed.error.reason}`);
  return parsed.value;
}

function strategiesFrom(options: BacktestCommandOptions): StrategyConfig[] {
  try {
    const presets = options.preset === undefined && (options.config ?? []).length === 0 ? [...DEFAULT_BACKTEST_PRESETS] : (options.preset ?? '').split(',').map((p) => p.trim()).filter((p) => p !== '');
    const fromFiles = (options.config ?? []).map((file) => {
      const config = loadStrategyConfigFile(file);
      const clash = presetNameClash(config);
      if (clash !== undefined) throw new UserError(`--config ${file}: ${clash} (the report would show it as the preset)`);
      return config;
    });
    const configs = [...presets.map((p) => loadPreset(p)), ...fromFiles];
    if (configs.length === 0) throw new UserError(`--preset ${quoteValue(options.preset ?? '')}: name a preset (${listPresets().join(', ')}) or give --config FILE`);
    return configs;
  } catch (error) {
    if (error instanceof PresetError || error instanceof StrategyConfigError) throw new UserError(error.message);
    throw error;
  }
}

/** A one-line progress bar on a terminal: variant, percent, days. */
function progressReporter(io: CliIo, quiet: boolean): ((variant: string, done: number, total: number) => void) | undefined {
  if (quiet || !io.isTty) return undefined;
  // The variants step through the days together: each one's line is written when its percentage moves.
  const lastPct = new Map<string, number>();
  return (variant, done, total) => {
    const pct = Math.floor((done / total) * 100);
    if (lastPct.get(variant) === pct) return;
    lastPct.set(variant, pct);
    const line = `${variant.padEnd(14)} [${'#'.repeat(Math.floor(pct / 4)).padEnd(25)}] ${String(pct).padStart(3)} %`;
    io.err(`\r${line}${done === total ? '\n' : ''}`);
  };
}

function usageJson(usage: ChainRunUsage) {
  return {
    chainQuotes: usage.chainQuotes,
    carriedQuotes: usage.carriedQuotes,
    carriedByAgeDays: usage.carriedByAgeDays,
    modelFallbacks: usage.modelFallbacks,
  };
}

function marketJson(mode: BacktestMarketMode, usage: ChainRunUsage | undefined, quoteDays: number, maxCarryDays: number, vix: { usage: ChainRunUsage | undefined; quoteDays: number }) {
  if (usage === undefined) return { mode };
  return {
    mode,
    maxCarryDays,
    vix: vix.usage === undefined ? { source: 'model' as const } : { source: 'chains where quoted' as const, chainQuoteDays: vix.quoteDays, ...usageJson(vix.usage) },
    chainQuoteDays: quoteDays,
    chainQuotes: usage.chainQuotes,
    carriedQuotes: usage.carriedQuotes,
    carriedByAgeDays: usage.carriedByAgeDays,
    modelFallbacks: usage.modelFallbacks,
    missing: usage.missing,
    daysWithoutChain: [...usage.daysWithoutChain].sort((a, b) => a - b).map(isoFromDay),
  };
}

export function summaryTable(job: BacktestJobResult): string {
  const headers = ['variant', 'CAGR', 'vol', 'Sharpe', 'max DD', 'Calmar', 'worst month', 'rolls/yr', 'hedge USD/yr'];
  const rows = job.summaries.map((s) => [
    s.name,
    percent(s.metrics.cagrFraction, 2),
    percent(s.metrics.annualVolatilityFraction, 1),
    fixed(s.metrics.sharpeRatio, 2),
    percent(s.metrics.drawdown.maxDrawdownFraction, 1),
    fixed(s.metrics.calmarRatio, 2),
    s.metrics.worstMonth ? `${s.metrics.worstMonth.month} ${percent(s.metrics.worstMonth.returnFraction, 1)}` : '-',
    fixed(s.condorRollsPerYear, 1),
    wholeUsdText(s.hedgeNetPnlPerYearUsd),
  ]);
  const note = shortRunNote(job.fromDay, job.toDay, job.summaries);
  return textTable(headers, rows) + (note === undefined ? '' : `\n${note}\n`);
}

/** The terminal's lines for `--across-models`: the models as columns, then one verdict per hedged variant. */
export function acrossModelsText(across: AcrossModels): string {
  const { headers, rows } = acrossModelsRows(across);
  return `\nThe same variants on other market models (CAGR, max drawdown; the hedge against its unhedged twin):\n${textTable(headers, rows)}${acrossModelsVerdicts(across).map((l) => `  ${l}\n`).join('')}`;
}

export function claimsLines(job: BacktestJobResult): string {
  return job.claims.map((c) => `${c.id}. [${c.verdict}] ${c.claim}\n   ${c.measured}${c.verdict === 'not measurable' ? ` (${c.reason})` : ''}`).join('\n') + '\n';
}

/**
 * The same variants over the same days on each other model config (tape/backtestAcrossModels.ts), each
 * model's start said on stderr unless the output is JSON.
 */
function runAcrossModels(input: Omit<BacktestAcrossModelsInput, 'signalDeps' | 'onModel' | 'onSaveError'>, io: CliIo, quiet: boolean): AcrossModels {
  try {
    return backtestAcrossModels({
      ...input,
      signalDeps: { countTradingDays: countNyseTradingDays },
      onModel: ({ source }, i) => {
        if (!quiet) io.err(`across models: ${source} (${i + 1} of ${input.models.length})\n`);
      },
      onSaveError: ({ source }, error) => io.err(`warning: the market tape of ${source} could not be stored: ${error.message}\n`),
    });
  } catch (error) {
    if (error instanceof AcrossModelsError) throw new UserError(`--across-models ${error.message}`);
    throw error;
  }
}

export async function runBacktestCommand(options: BacktestCommandOptions, io: CliIo, deps: BacktestCommandDeps): Promise<{ job: BacktestJobResult; files: string[] }> {
  const configs = strategiesFrom(options);
  const model = modelConfigOption(options.modelConfig);
  // The files are checked before anything runs.
  const acrossFiles = acrossModelFiles(options.acrossModels, model.source);
  if (acrossFiles !== undefined && (options.market ?? 'model') !== 'model') {
    throw new UserError(`--across-models runs the variants on each market model config: it cannot be combined with --market ${options.market}`);
  }
  const fromDay = dayOption('from', options.from);
  const toDay = options.to === undefined ? undefined : dayOption('to', options.to);
  if (toDay !== undefined && toDay <= fromDay) throw new UserError(`--to ${options.to} must be after --from ${options.from}`);
  let history: MarketHistory;
  try {
    history = await deps.loadHistory();
  } catch (caught) {
    throw new UserError(`cannot load the market history: ${(caught as Error).message}`);
  }
  // The span is checked before any quote is read or any day calibrated.
  try {
    backtestSpan(history, configs, fromDay, toDay);
  } catch (error) {
    if (error instanceof BacktestRangeError) throw new UserError(error.message);
    throw error;
  }
  const mode = options.market ?? 'model';
  const settings = chainSettingsFromOptions(options);
  let chains: ChainEngineMarket | undefined;
  let vixChains: ChainEngineMarket | undefined;
  let chainQuoteDays = 0;
  let vixQuoteDays = 0;
  if (mode !== 'model') {
    const config = ChainMarketConfigSchema.parse({ mode, maxCarryDays: settings.market.maxCarryDays });
    const dir = (deps.chainStoreDir ?? (() => defaultChainStoreDir()))();
    // Quotes from maxCarryDays before the start can be carried into the first days; none after the end is read.
    const span = { fromDay: fromDay - config.maxCarryDays, ...(toDay === undefined ? {} : { toDay }) };
    const { readStoredQuotes } = await loadChainStore();
    const quotes: CanonicalQuote[] = await readStoredQuotes(dir, { underlying: 'SPX', ...span });
    // The hedge's VIX options on the VIX quotes where the store has them; the model elsewhere, in either mode.
    const vixQuotes: CanonicalQuote[] = await readStoredQuotes(dir, { underlying: 'VIX', ...span });
    // hybrid runs on VIX quotes alone (SPX then on the model, every use logged); chains needs SPX quotes.
    if (quotes.length === 0 && (mode === 'chains' || vixQuotes.length === 0)) {
      throw new UserError(`--market ${mode}: the chain store ${dir} has no SPX quotes${mode === 'hybrid' ? ' and no VIX quotes' : ''} in that span: import files with alvh chains import FILE...`);
    }
    chainQuoteDays = new Set(quotes.filter((q) => q.quoteDay >= fromDay).map((q) => q.quoteDay)).size;
    chains = new ChainEngineMarket(() => new ChainMarket('SPX', quotes, (day) => history.riskFreeRateOn(day), config), mode);
    vixQuoteDays = new Set(vixQuotes.filter((q) => q.quoteDay >= fromDay).map((q) => q.quoteDay)).size;
    const vixConfig = ChainMarketConfigSchema.parse({ mode: 'hybrid', maxCarryDays: config.maxCarryDays });
    if (vixQuotes.length > 0) vixChains = new ChainEngineMarket(() => new ChainMarket('VIX', vixQuotes, (day) => history.riskFreeRateOn(day), vixConfig), 'hybrid');
  }
  let job: BacktestJobResult;
  const onProgress = progressReporter(io, options.json);
  const signalDeps = { countTradingDays: countNyseTradingDays };
  const opened = openMarketTape({
    history,
    // The tape is keyed by its model config too: another config calibrates (and stores) its own days.
    settings: defaultTapeSettings(model.config),
    signalDeps,
    cacheDir: tapeCacheDirFor(options, deps.tapeCacheDir),
  });
  const tapeLine = tapeStatusLine(opened.status);
  if (tapeLine !== undefined && !options.json) io.err(`${tapeLine}\n`);
  try {
    const wrap = chains;
    const vixWrap = vixChains;
    job = runBacktestJob({
      history,
      configs,
      fromDay,
      toDay,
      signalDeps,
      tape: opened.tape,
      ...(onProgress ? { onProgress } : {}),
      ...(wrap ? { wrapMarket: (modelOn: Parameters<typeof chainsMarketOn>[0]) => chainsMarketOn(modelOn, wrap, vixWrap === undefined ? {} : { vix: vixWrap }) } : {}),
      ...(wrap && mode === 'chains' ? { runVariant: chainsVariantRunner(wrap, vixWrap) } : {}),
    });
  } catch (error) {
    if (error instanceof BacktestRangeError || error instanceof MarketModelError) throw new UserError(error.message);
    throw error;
  }
  try {
    opened.save();
  } catch (error) {
    // The results stand; only the next run's head start is lost.
    io.err(`warning: the market tape could not be stored: ${(error as Error).message}\n`);
  }
  const usage = chains?.finish();
  const vixUsage = vixChains?.finish();
  const marketLines = [
    ...marketUsageLines(mode, usage, chainQuoteDays, { usage: vixUsage, quoteDays: vixQuoteDays, maxCarryDays: settings.market.maxCarryDays }),
    // Said only when it is not the default, so the usual run's lines stay as they were.
    ...(model.source === DEFAULT_MODEL_CONFIG_SOURCE ? [] : [`market model config: ${model.source} (the defaults elsewhere; results.json holds the whole config)`]),
  ];
  const across =
    acrossFiles === undefined
      ? undefined
      : runAcrossModels(
          { history, configs, fromDay: job.fromDay, toDay: job.toDay, cacheDir: tapeCacheDirFor(options, deps.tapeCacheDir), main: modelRunFigures(model.source, job.summaries), models: acrossFiles, pairs: twinPairs(job.suite.results) },
          io,
          options.json,
        );
  const report = buildBacktestReport({
    fromDay: job.fromDay,
    toDay: job.toDay,
    endReason: job.endReason,
    dataVersion: history.dataVersion,
    results: job.suite.results,
    summaries: job.summaries,
    claims: job.claims,
    claimsConfig: job.claimsConfig,
    ...(job.modelInputs === undefined ? {} : { modelInputs: job.modelInputs }),
    facts: [{ label: 'risk-free for Sharpe/Sortino (3-month T-bill over the same days as each return; its mean rate)', value: percent(job.meanRiskFreeRateDecimal, 2) }, ...marketLines.map((line, i) => ({ label: i === 0 ? 'market' : 'market use', value: line }))],
    ...(across === undefined ? {} : { acrossModels: across }),
  });
  const everything = {
    period: { from: isoFromDay(job.fromDay), to: isoFromDay(job.toDay), endReason: job.endReason },
    dataVersion: history.dataVersion,
    market: marketJson(mode, usage, chainQuoteDays, settings.market.maxCarryDays, { usage: vixUsage, quoteDays: vixQuoteDays }),
    marketModel: { source: model.source, config: model.config },
    ...(across === undefined ? {} : { acrossModels: across }),
    summaries: job.summaries,
    claims: job.claims,
    variants: Object.fromEntries([...job.suite.results.entries()].map(([name, r]) => [name, { config: r.config, daily: r.daily, trades: r.trades, decisions: r.decisions, ledger: r.ledger, pnlByGroupUsd: r.pnlByGroupUsd }])),
  };
  const files = writeReportFiles(
    options.out,
    BACKTEST_REPORT_BASENAME,
    report,
    new Map([
      ['results.json', `${JSON.stringify(everything)}\n`],
      ['trades.csv', tradesCsv(job.suite.results)],
      ['equity.csv', equityCsv(job.suite.results)],
      ['decisions.csv', decisionsCsv(job.suite.results)],
    ]),
  );
  if (options.json) {
    io.out(`${JSON.stringify({ period: everything.period, dataVersion: history.dataVersion, market: everything.market, marketModelConfig: model.source, summaries: job.summaries, ...(across === undefined ? {} : { acrossModels: across }), claims: job.claims, files }, null, 2)}\n`);
  } else {
    io.out(`Backtest ${isoFromDay(job.fromDay)} to ${isoFromDay(job.toDay)} (${job.endReason}), data ${history.dataVersion.slice(0, 19)}\n\n`);
    io.out(summaryTable(job));
    if (across !== undefined) io.out(acrossModelsText(across));
    io.out(`\nMarket:\n${marketLines.map((l) => `  ${l}`).join('\n')}\n`);
    io.out('\nClaims check (METHODOLOGY section 6):\n');
    io.out(claimsLines(job));
    io.out(`\nreport: ${join(options.out, `${BACKTEST_REPORT_BASENAME}.html`)} (also .md, results.json, trades.csv, equity.csv, decisions.csv)\n`);
  }
  return { job, files };
}

export function registerBacktestCommand(program: Command, io: CliIo, deps: BacktestCommandDeps = defaultBacktestDeps): void {
  program
    .command('backtest')
    .description('run the methodology and its baselines on real history; print the comparison and write the report')
    .option('--preset <names>', `comma-separated presets (default ${DEFAULT_BACKTEST_PRESETS.join(',')})`)
    .option('--config <file...>', 'strategy config JSON file(s), run next to the presets')
    .option('--from <date>', 'first day, YYYY-MM-DD', DEFAULT_BACKTEST_FROM)
    .option('--to <date>', 'last day, YYYY-MM-DD (default: the last day with the data the variants need)')
    .option('--out <dir>', 'folder for the report files', DEFAULT_BACKTEST_OUT_DIR)
    .option('--json', 'print the summary as JSON (no table, no progress bar)', false)
    .option('--market <market>', 'where SPX option prices come from: model, chains (your imported quotes) or hybrid (chains, the model where they have none)', 'model')
    .option('--max-carry-days <days>', 'chains/hybrid: how many calendar days a missing quote may be carried (default 5)')
    .option('--chains-config <file>', 'chain settings JSON (see docs/chains.md)')
    .option('--cache-dir <dir>', 'folder of the market tape (each day\'s calibrated market, kept between runs; default $ALVH_HOME/tape)')
    .option('--no-tape-cache', 'calibrate the market for this run only, without reading or writing the tape on disk')
    .option('--model-config <file>', 'market model config JSON (fields of the SPX, VIX and spread models; the rest default), e.g. presets/model/skew-off.json')
    .option('--across-models [files]', 'also run the variants on other market model configs (comma-separated files; alone: every file of presets/model) and report them side by side')
    .action(async (opts: { preset?: string; config?: string[]; from: string; to?: string; out: string; json: boolean; market: string; maxCarryDays?: string; chainsConfig?: string; cacheDir?: string; tapeCache: boolean; modelConfig?: string; acrossModels?: boolean | string }) => {
      await runBacktestCommand(
        {
          from: opts.from,
          out: opts.out,
          json: opts.json,
          market: marketModeOption(opts.market),
          tapeCache: opts.tapeCache,
          ...(opts.maxCarryDays !== undefined ? { maxCarryDays: opts.maxCarryDays } : {}),
          ...(opts.chainsConfig !== undefined ? { chainsConfig: opts.chainsConfig } : {}),
          ...(opts.cacheDir !== undefined ? { cacheDir: opts.cacheDir } : {}),
          ...(opts.modelConfig !== undefined ? { modelConfig: opts.modelConfig } : {}),
          ...(opts.acrossModels !== undefined ? { acrossModels: opts.acrossModels } : {}),
          ...(opts.preset !== undefined ? { preset: opts.preset } : {}),
          ...(opts.config !== undefined ? { config: opts.config } : {}),
          ...(opts.to !== undefined ? { to: opts.to } : {}),
        },
        io,
        deps,
      );
    });
}
