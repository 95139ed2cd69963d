/**
 * `alvh signal [--date D] [--equity USD] [--json] [--book FILE] [--preset NAME | --config FILE] [--market
 * model|chains|hybrid] [--max-carry-days N] [--chains-config FILE] [--model-config FILE] [--across-models [FILES]]`: what the methodology says today
 * for the user's own book, every recommendation with its rule and numbers, and the book's Greeks after
 * them. Option prices come from the user's chain store on a day it quotes (hybrid by default), else
 * from the model; the output says which market each figure came from. The signal is journalled;
 * asking again for a past day reproduces it.
 */
import type { Command } from 'commander';
import { issueSignal, whatIfSignal, type BookContext, type IssuedSignal } from '../../book/bookService.js';
import { bookBasisLine, fractionalContractsNote, journalLine, rulesChangedLine } from '../../book/signalWords.js';
import { compareSignalOnModel, signalAcrossModelsLines, type SignalOnModel } from '../../book/signalAcrossModels.js';
import { dataStaleness, STALE_DATA_AFTER_CALENDAR_DAYS, type DailySignal } from '../../book/dailySignal.js';
import { priceSourceOf, type DayMarketUse, type OptionPriceSource } from '../../chains/bookMarket.js';
import { isoFromDay, type DayNumber } from '../../time/day.js';
import type { CliIo } from '../io.js';
import { DEFAULT_BOOK_PRESET, defaultBookDeps, issuedStrategySummary, modelLine, signalDay, withBook, type BookCommandDeps, type BookMarketInfo, type StrategySummary } from './bookContext.js';
import { acrossModelFiles, DEFAULT_MODEL_CONFIG_SOURCE, modelConfigSummary, type ModelConfigChoice } from '../modelConfigOption.js';
import { marketModeOption, numberOption } from '../options.js';
import { chainSettingsFromOptions, defaultChainStoreDir } from '../chainOptions.js';
import type { DayCalibration } from '../../market/dayCalibration.js';
import { hedgeRatioText } from '../../strategy/rules/hedgeRules.js';
import { wholeUsdText } from '../../lib/numberText.js';

export interface SignalCommandOptions {
  readonly date?: string;
  readonly equity?: string;
  readonly json?: boolean;
  readonly book?: string;
  readonly preset?: string;
  /** `--config FILE`: a strategy config file instead of a preset. */
  readonly config?: string;
  /** Where option prices come from; default the deps' (hybrid: the chain store on the days it quotes). */
  readonly market?: string;
  readonly maxCarryDays?: string;
  readonly chainsConfig?: string;
  /** `--model-config FILE`: the market model the model prices come from (default: the defaults). */
  readonly modelConfig?: string;
  /** `--across-models [FILES]`: the same signal on other model configs (every file of presets/model without a list), as what-ifs. */
  readonly acrossModels?: boolean | string;
}

function sourceLabel(p: OptionPriceSource | undefined): string {
  if (p === undefined) return 'model';
  return p.source === 'carried' ? `carried ${p.ageDays} d` : p.source;
}

/** Which market the signal's figures came from, one line each. */
export function marketUseLines(use: DayMarketUse): string[] {
  if (use.spxOptions === 'model') {
    const why = use.modelReason ?? `--market ${use.mode}`;
    return [`Prices: every option on the market model (${why}); index levels, the rate and VIX futures from the market data`];
  }
  const carried = Object.entries(use.carriedByAgeDays)
    .map(([age, n]) => `${n} at ${age} d`)
    .join(', ');
  return [
    `Prices: SPX options on your chains (--market ${use.mode}, ${use.spxQuotesOfDay} SPX quotes of the day; a missing quote carried up to ${use.maxCarryDays} d); VIX options ${use.vixOptions === 'model' ? 'on the model (no VIX quotes of the day)' : `on your VIX chains where quoted (${use.vixQuotesOfDay} quotes of the day), else the model`}; index levels, the rate and VIX futures from the market data and model`,
    `  options priced on a chain quote of the day: ${use.chainQuotes}; on a carried quote: ${use.carriedQuotes}${carried === '' ? '' : ` (${carried})`}; on the model: ${use.modelPrices}`,
    ...(use.modelFallbacks.length > 0 ? [`  the model answered for the chains (${use.mode === 'chains' ? 'VIX only' : 'hybrid'}): ${use.modelFallbacks.slice(0, 4).join('; ')}${use.modelFallbacks.length > 4 ? `; ... (${use.modelFallbacks.length} in all)` : ''}`] : []),
  ];
}

/**
 * How the day's market model was calibrated, in two parts: one line of targets against the model's own
 * indexes (what its prices are solved to), then a line for each target that was missing or not reached.
 */
export function calibrationLines(c: DayCalibration): string[] {
  const tenors = c.tenors.map((t) => `${t.index} ${t.targetPercent.toFixed(2)}${t.source === 'observed' ? '' : ` (${t.source === 'futures' ? 'from futures' : 'estimated'})`} -> ${t.modelPercent.toFixed(2)}`);
  const skew = c.skew;
  const skewText =
    skew.targetSkew === null
      ? `no SKEW target, model SKEW ${skew.modelSkew === null ? 'n/a' : skew.modelSkew.toFixed(1)} at skew level ${skew.skewLevel.toFixed(3)}`
      : `SKEW ${skew.targetSkew.toFixed(1)} (median of ${skew.medianWindowTradingDays} closes) -> ${skew.modelSkew === null ? 'n/a' : skew.modelSkew.toFixed(1)} (skew level ${skew.skewLevel.toFixed(3)})`;
  const v = c.vixOptions;
  const vvixText = v === null ? 'no VIX options this day' : `VVIX ${v.targetVvixPercent.toFixed(2)}${v.vvixFromFallback ? ' (from VIX)' : ''} -> ${v.modelVvixPercent.toFixed(2)}`;
  return [`Model calibration (target -> the model's own index): ${tenors.join(', ')}; ${skewText}; ${vvixText}`, ...c.notes.map((n) => `  model note: ${n}`)];
}

const usd = (x: number) => `${wholeUsdText(x)} USD`;

/** A figure as printed: whole numbers as they are, others to 4 significant decimals. */
function figure(value: number | string | boolean): string {
  if (typeof value !== 'number') return String(value);
  if (Number.isInteger(value)) return String(value);
  return Math.abs(value) >= 100 ? value.toFixed(2) : Number(value.toPrecision(4)).toString();
}

export function formatSignal(
  issued: IssuedSignal,
  staleness: { day: DayNumber; lastDataDay: DayNumber; lastDataReason: string; today: DayNumber; equityUsd: number },
  use?: DayMarketUse,
  model?: ModelConfigChoice,
  calibration?: DayCalibration,
  /** The strategy: one that is not a bundled preset gets a line saying where it came from (its config file, or the config the book kept) and its description; a preset's name says what it is. A replay of a day before a switch gets a line whatever the strategy, naming the one the book follows now. */
  strategy?: StrategySummary,
): string {
  const s: DailySignal = issued.signal;
  const lines: string[] = [];
  lines.push(`Signal for ${s.date} (${s.preset})`);
  const from = strategy === undefined || strategy.source === 'bundled preset' ? undefined : strategy.source === 'config file' ? (strategy.file ?? 'config file') : `the config of '${strategy.name}' the book keeps (sha256 ${strategy.configSha256.slice(0, 12)})`;
  if (strategy?.bookNowFollows !== undefined) {
    // A replay of a day before a switch: said whatever the strategy, a bundled preset included.
    lines.push(`Strategy: '${strategy.name}' (${strategy.source}, sha256 ${strategy.configSha256.slice(0, 12)}), the one the book followed on this day; it has since switched to '${strategy.bookNowFollows}'`);
  } else if (strategy !== undefined && from !== undefined) lines.push(`Strategy: ${from}${strategy.description === '' ? '' : `: ${strategy.description}`}`);
  const rulesChanged = strategy === undefined ? undefined : rulesChangedLine(strategy);
  if (rulesChanged !== undefined) lines.push(rulesChanged);
  const behind = staleness.lastDataDay - staleness.day;
  const fresh = dataStaleness(staleness.lastDataDay, staleness.today);
  const lastData = `${isoFromDay(staleness.lastDataDay)} (${staleness.lastDataReason})`;
  // The banner warns that the newest signal is not today's. A day asked for before the last day with
  // data is a replay: the Data line below says how far back it is, and that the data is old changes nothing.
  if (fresh.stale && behind === 0) lines.push(`STALE DATA: the latest day with data is ${lastData}, ${fresh.calendarDaysBehind} calendar days before today: this is not today's signal. Run \`alvh data update\` (or import the latest files) first.`);
  lines.push(`Data: last day with data ${lastData}, ${fresh.calendarDaysBehind} calendar day(s) before today${behind > 0 ? `; this day is ${behind} calendar day(s) before it` : ''}`);
  lines.push(bookBasisLine(issued, usd(staleness.equityUsd)));
  if (s.market) lines.push(`Market: SPX ${s.market.spxClose.toFixed(2)}, VIX ${s.market.vixClose.toFixed(2)}, rate ${(s.market.riskFreeRateDecimal * 100).toFixed(2)} %`);
  if (use !== undefined) lines.push(...marketUseLines(use));
  const otherModel = model === undefined ? undefined : modelLine(model);
  if (otherModel !== undefined) lines.push(otherModel);
  if (calibration !== undefined) lines.push(...calibrationLines(calibration));
  if (s.summary) {
    const m = s.summary;
    const parts = [
      `regime ${m.regime}`,
      `VIX spike ${m.vixSpike === null ? 'n/a' : m.vixSpike ? 'yes' : 'no'}`,
      // Without VIX3M (before 2009-09-18) the inversion is read on the futures curve (M2 below M1): the line says which.
      m.vixToVix3m === null
        ? `VIX/VIX3M n/a${m.termStructureInverted ? ' (no VIX3M: the futures curve is inverted, M2 below M1)' : ''}`
        : `VIX/VIX3M ${m.vixToVix3m.toFixed(3)}${m.termStructureInverted ? ' (inverted)' : ''}`,
      `futures M2-M1 ${m.futuresContango === null ? 'n/a' : m.futuresContango.toFixed(2)}`,
      `relief ${m.relief}`,
    ];
    lines.push(`Signals: ${parts.join('; ')}`);
    lines.push(`  entry trigger: ${m.entryTrigger ? 'yes' : 'no'} (${m.entryReason})`);
    lines.push(`  confirmations: ${m.confirmations.length > 0 ? m.confirmations.join(', ') : 'none'}; bearish divergence today: ${m.bearishDivergence ? 'yes' : 'no'}; regime-change signals: ${m.regimeChangeSignals.length > 0 ? m.regimeChangeSignals.join(', ') : 'none'}`);
    lines.push(`  next event: ${m.nextEvent ?? 'none known'}${m.tradingDaysToNextEvent !== null ? ` in ${m.tradingDaysToNextEvent} trading day(s)` : ''}`);
  } else {
    lines.push('Signals: no market data for this day');
  }
  lines.push('');
  lines.push(s.decisions.length === 0 ? 'Recommendations: none (hold the book as it is)' : 'Recommendations:');
  s.decisions.forEach((d, i) => {
    lines.push(`${String(i + 1).padStart(3)}. ${d.action}${d.group ? ` ${d.group}` : ''} [${d.rule}]`);
    lines.push(`     ${d.reason}`);
    const figs = Object.entries(d.figures).map(([k, v]) => `${k}=${figure(v)}`);
    if (figs.length > 0) lines.push(`     ${figs.join(' ')}`);
  });
  const indexTrades = s.indexTrades ?? [];
  if (s.trades.length > 0 || indexTrades.length > 0) {
    lines.push('');
    lines.push(`Trades at the ${use !== undefined && use.spxOptions === 'chains' ? 'price of the market in brackets' : 'model price'} (accept with: alvh book accept --date ${s.date})`);
    for (const t of s.trades) {
      const source = use === undefined || use.spxOptions === 'model' || t.type === 'future' ? '' : ` (${sourceLabel(priceSourceOf(use, t))})`;
      lines.push(`  ${t.description} @ ${t.modelPricePoints.toFixed(2)}${source}  fees ${t.feesUsd.toFixed(2)} USD  [${t.positionId}${t.layer !== null ? `, layer ${t.layer}` : ''}]`);
    }
    // Index units have no quote of their own to fill at: they trade at the index's level, without a fee.
    for (const t of indexTrades) lines.push(`  ${t.description} @ ${t.levelPoints.toFixed(2)}, ${usd(Math.abs(t.costUsd))}, at the index level, no fee  [${t.holdingId}${t.layer !== null ? `, layer ${t.layer}` : ''}]`);
    const fractional = fractionalContractsNote(s.preset, s.trades);
    if (fractional !== undefined) lines.push(`  ${fractional}`);
  }
  if (s.greeksAfter) {
    const g = s.greeksAfter;
    lines.push('');
    lines.push('Book after the actions:');
    lines.push(`  equity ${usd(g.equityUsd)} (cash ${usd(g.cashUsd)}); ${g.openCondors} condor(s), ${g.hedgeLayers} hedge layer(s)`);
    lines.push(`  delta ${g.spxDeltaUsdPerPoint.toFixed(0)} USD/SPX pt, gamma ${g.spxGammaUsdPerPoint2.toFixed(2)} USD/pt^2, vega ${g.spxVegaUsdPerVolPoint.toFixed(0)} USD/vol pt, theta ${g.thetaUsdPerDay.toFixed(0)} USD/day`);
    lines.push(`  hedge ${g.hedgeUsdPerVixPoint.toFixed(0)} USD per VIX point vs condors ${g.condorUsdPerVixPoint.toFixed(0)}; hedge ratio ${g.hedgeRatio === null ? 'n/a (no condor exposure)' : hedgeRatioText(g.hedgeRatio, 3)}`);
    if (g.seedUsdPerVixPoint !== undefined) lines.push(`  pre-FOMC seed ${g.seedUsdPerVixPoint.toFixed(0)} USD per VIX point beside it (outside the hedge ratio and its band)`);
  }
  lines.push('');
  lines.push(journalLine(issued));
  return lines.join('\n') + '\n';
}

/** What `alvh signal --json` prints and the dashboard's `/api/signal` answers. */
export function signalReport(
  issued: IssuedSignal,
  at: { day: DayNumber; lastDataDay: DayNumber; lastDataReason: string; today: DayNumber; dataVersion: string },
  use?: DayMarketUse,
  model?: ModelConfigChoice,
  calibration?: DayCalibration,
  strategy?: StrategySummary,
) {
  return {
    // Which strategy made the signal and where its config came from (a preset, a file, or the config the book kept).
    ...(strategy === undefined ? {} : { strategy }),
    // The market model the model prices came from: `defaults`, or the file and the fields it changes.
    ...(model === undefined ? {} : { marketModel: modelConfigSummary(model) }),
    // How that model was calibrated on the day: its targets against its own indexes, and what stood in.
    ...(calibration === undefined ? {} : { modelCalibration: calibration }),
    ...(use === undefined
      ? {}
      : {
          market: {
            ...use,
            // Each trade's price with its source (the signal's trades are priced on this market).
            trades: issued.signal.trades.map((t) => ({ positionId: t.positionId, pricePoints: t.modelPricePoints, source: t.type === 'future' ? 'model' : sourceLabel(priceSourceOf(use, t)) })),
          },
        }),
    staleness: { lastDataDay: isoFromDay(at.lastDataDay), lastDataReason: at.lastDataReason, calendarDaysBeforeLastData: at.lastDataDay - at.day, lastDataCalendarDaysBeforeToday: at.today - at.lastDataDay, stale: dataStaleness(at.lastDataDay, at.today).stale, staleAfterCalendarDays: STALE_DATA_AFTER_CALENDAR_DAYS },
    dataVersion: at.dataVersion,
    book: { baseStateId: issued.baseStateId, baseDay: issued.baseDay, unsteppedTradingDays: issued.unsteppedTradingDays, laterState: issued.laterState },
    journal: issued.journal,
    journalEarlier: issued.journalEarlier,
    signal: issued.signal,
  };
}

/** The same book's signal for `day` on each other model withBook opened (`--across-models`), against the one issued. */
export function signalOnOtherModels(ctx: BookContext, market: BookMarketInfo, issued: IssuedSignal, day: DayNumber, equityUsd: number): SignalOnModel[] {
  return market.otherModels.map((o) => compareSignalOnModel(issued.signal, o.model.source, whatIfSignal(ctx, day, equityUsd, o.marketOn)));
}

export async function runSignalCommand(options: SignalCommandOptions, io: CliIo, deps: BookCommandDeps): Promise<IssuedSignal> {
  const equityUsd = options.equity === undefined ? undefined : numberOption('--equity', options.equity, (n) => n > 0, 'a positive amount in USD');
  const settings = chainSettingsFromOptions(options);
  const base = deps.chainMarket?.();
  const mode = options.market === undefined ? (base?.mode ?? 'model') : marketModeOption(options.market);
  const bookDeps: BookCommandDeps = { ...deps, chainMarket: () => ({ mode, storeDir: base?.storeDir ?? defaultChainStoreDir(), maxCarryDays: options.maxCarryDays === undefined && options.chainsConfig === undefined && base !== undefined ? base.maxCarryDays : settings.market.maxCarryDays }) };
  // The other model files are read (and refused) before the book or the history is touched.
  const across = acrossModelFiles(options.acrossModels, options.modelConfig ?? DEFAULT_MODEL_CONFIG_SOURCE);
  const { acrossModels: _flag, ...bookOptions } = options;
  return withBook({ ...bookOptions, ...(across === undefined ? {} : { acrossModels: across }) }, bookDeps, (ctx, market) => {
    const { day, lastDataDay, lastDataReason } = signalDay(ctx.history, ctx.config, options.date);
    const equity = equityUsd ?? ctx.config.initialEquityUsd;
    const issued = issueSignal(ctx, day, equity);
    const use = market.useOn(day);
    const today = deps.today();
    const onOthers = signalOnOtherModels(ctx, market, issued, day, equity);
    const calibration = market.calibrationOn(day);
    if (options.json) {
      const report = signalReport(issued, { day, lastDataDay, lastDataReason, today, dataVersion: ctx.history.dataVersion }, use, market.model, calibration, issuedStrategySummary(issued, ctx.config, market.strategySource));
      io.out(`${JSON.stringify(across === undefined ? report : { ...report, acrossModels: onOthers }, null, 2)}\n`);
    } else {
      io.out(formatSignal(issued, { day, lastDataDay, lastDataReason, today, equityUsd: equity }, use, market.model, calibration, issuedStrategySummary(issued, ctx.config, market.strategySource)));
      if (across !== undefined) io.out(`\n${signalAcrossModelsLines(market.model.source, onOthers).join('\n')}\n`);
    }
    return issued;
  });
}

export function registerSignalCommand(program: Command, io: CliIo, deps: BookCommandDeps = defaultBookDeps): void {
  program
    .command('signal')
    .description("the day's recommendations for your book: condor entry, hedge layers, rolls, with rules, numbers and the Greeks after")
    .option('--date <date>', 'trading day, YYYY-MM-DD (default: the last day with data)')
    .option('--equity <usd>', `equity of an empty book, USD (default: the strategy's initialEquityUsd)`)
    .option('--json', 'print the signal as JSON')
    .option('--book <file>', 'book file (default $ALVH_HOME/book.sqlite)')
    .option('--preset <name>', `strategy preset (default: the strategy the book follows, a preset or the config it kept, else ${DEFAULT_BOOK_PRESET})`)
    .option('--config <file>', "strategy config JSON instead of a preset, e.g. a sweep variant's (its report folder's configs/); the book keeps it with each state, so later commands follow it without the flag")
    .option('--market <market>', 'where option prices come from: hybrid (default: your chain store on the days it quotes, the model for what it does not), chains (the chain quotes only) or model')
    .option('--max-carry-days <days>', 'chains/hybrid: how many calendar days a missing quote may be carried (default 5)')
    .option('--chains-config <file>', 'chain settings JSON (see docs/chains.md)')
    .option('--model-config <file>', 'market model config JSON: the model prices come from it (presets/model/*.json; default: the default model)')
    .option('--across-models [files]', 'also say what the signal would be on other market model configs (comma-separated files; alone: every file of presets/model); what-ifs, not journalled')
    .action(async (opts: SignalCommandOptions) => {
      await runSignalCommand(opts, io, deps);
    });
}
