/**
 * `alvh book add|import|list|close|accept|risk`: the user's own positions in the book file, and the
 * day's recommendations accepted at the model's prices or with the fills actually obtained.
 */
import { existsSync, readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { BROKER_FORMATS, BrokerImportError, bookForImport, describePlan, planBrokerImport, type BrokerImportPlan } from '../../book/brokers/index.js';
import { BookCsvError, readFillsCsv, readPositionsCsv } from '../../book/bookCsv.js';
import { rulesChangedLine, stateRulesNote, switchRulesText } from '../../book/signalWords.js';
import { acceptSignal, addPositions, bookAsOf, bookIsEmpty, closePosition, currentBook, nextTradingDay, resumeDay, rulesChangedSinceState, switchStrategy, type BookContext } from '../../book/bookService.js';
import { BOOK_INPUT_LIMITS, indexHoldingName, notClosableByHand, type ActualFill, type UserOpenFill } from '../../book/bookState.js';
import { markIndexHoldings, storedFundOn } from '../../book/holdings.js';
import { presetNameClash } from '../../data/presets.js';
import { describeContracts, describePosition, positionValueUsd, quantityText } from '../../engine/book.js';
import type { StrategyConfig } from '../../strategy/config.js';
import { isoFromDay, type DayNumber } from '../../time/day.js';
import { UserError, type CliIo } from '../io.js';
import { writeFileAtomically } from '../../data/fs/checkedFile.js';
import { numberOption } from '../options.js';
import { bookStrategy, dayOption, issuedStrategySummary, keptConfigOfState, openBookForCommand, DEFAULT_BOOK_PRESET, defaultBookDeps, defaultBookPath, editPastDataNote, modelLine, signalDay, strategySummary, withBook, type BookCommandDeps, type BookStrategySource } from './bookContext.js';
import { modelConfigSummary, type ModelConfigChoice } from '../modelConfigOption.js';
import { registerBookRiskCommand } from './bookRisk.js';
import { wholeUsdText } from '../../lib/numberText.js';

interface CommonOptions {
  readonly book?: string;
  readonly preset?: string;
  /** `--config FILE`: a strategy config file instead of a preset. */
  readonly config?: string;
  /** `--model-config FILE`: the market model the book's model prices come from. */
  readonly modelConfig?: string;
}

function feePerContract(config: StrategyConfig): (underlying: 'SPX' | 'VIX', type: 'call' | 'put' | 'future') => number {
  const e = config.execution;
  return (underlying, type) => (type === 'future' ? e.vixFutureFeePerContractUsd : underlying === 'SPX' ? e.spxOptionFeePerContractUsd : e.vixOptionFeePerContractUsd);
}

function csv<T>(read: () => T): T {
  try {
    return read();
  } catch (error) {
    if (error instanceof BookCsvError) throw new UserError(error.message);
    throw error;
  }
}

function common(cmd: Command): Command {
  return cmd
    .option('--book <file>', 'book file (default $ALVH_HOME/book.sqlite)')
    .option('--preset <name>', `strategy preset (default: the strategy the book follows, a preset or the config it kept, else ${DEFAULT_BOOK_PRESET})`)
    .option('--config <file>', "strategy config JSON instead of a preset, e.g. a sweep variant's (its report folder's configs/); the book keeps it with each state, so later commands follow it without the flag")
    .option('--model-config <file>', 'market model config JSON for the model prices (presets/model/*.json; default: the default model)');
}

interface AddOptions extends CommonOptions {
  group: string;
  role: string;
  leg: string;
  underlying?: string;
  type: string;
  strike?: string;
  expiry: string;
  settlement: string;
  quantity: string;
  price: string;
  fees?: string;
  layer?: string;
  date?: string;
  equity?: string;
}

function oneOf<T extends string>(flag: string, value: string, allowed: readonly T[]): T {
  const found = allowed.find((a) => a === value);
  if (!found) throw new UserError(`${flag} '${value}': one of ${allowed.join(', ')}`);
  return found;
}

function printAccepted(io: CliIo, day: DayNumber, accepted: ReturnType<typeof acceptSignal>, ctx: BookContext, strategySource: BookStrategySource): void {
  const indexTrades = accepted.issued.signal.indexTrades ?? [];
  const trades = accepted.fills.length + indexTrades.length;
  io.out(`${isoFromDay(day)}: accepted ${accepted.issued.signal.decisions.length} decision(s), ${trades} trade(s) (state #${accepted.stateId})\n`);
  // An accept after an upgrade whose preset has other numbers takes the new rules: said, as the signal says it.
  const rulesChanged = rulesChangedLine(issuedStrategySummary(accepted.issued, ctx.config, strategySource));
  if (rulesChanged !== undefined) io.out(`  ${rulesChanged}\n`);
  for (const f of accepted.fills) io.out(`  ${f.quantity > 0 ? 'bought' : 'sold'} to ${f.kind} ${describeContracts({ ...f.position, quantity: f.quantity })} @ ${f.pricePoints.toFixed(2)} [${f.position.id}]\n`);
  // Index units trade at the index's level whatever fills were given for the options.
  for (const t of indexTrades) io.out(`  ${t.units > 0 ? 'bought' : 'sold'} ${quantityText(t.units)} ${indexHoldingName(t.index)} @ ${t.levelPoints.toFixed(2)} [${t.holdingId}]\n`);
}

export function registerBookCommands(program: Command, io: CliIo, deps: BookCommandDeps = defaultBookDeps): void {
  const book = program.command('book').description('your positions and fills: add, import, list, close, accept the signal, risk, the strategy it follows (config, switch)');

  common(
    book
      .command('add')
      .description('add a position you opened')
      .requiredOption('--group <name>', 'structure it belongs to (condor-a, hedge-1 ...)')
      .requiredOption('--role <role>', 'condor or hedge')
      .requiredOption('--leg <name>', 'condor: shortPut, longPut, shortCall, longCall; hedge: any name (longCall ...)')
      .option('--underlying <u>', 'SPX or VIX (default: SPX for a condor, VIX for a hedge)')
      .requiredOption('--type <t>', 'call, put or future')
      .option('--strike <points>', 'option strike, index points')
      .requiredOption('--expiry <date>', 'expiry, YYYY-MM-DD')
      .option('--settlement <s>', 'AM or PM', 'AM')
      .requiredOption('--quantity <n>', 'signed contracts: positive bought, negative sold')
      .requiredOption('--price <points>', 'fill price per unit, index points')
      .option('--fees <usd>', "total fees, USD (default: the strategy's fee per contract)")
      .option('--layer <n>', 'hedge layer number (default: the next)')
      .option('--date <date>', 'day of the fill (default: the last day with data)')
      .option('--equity <usd>', "cash of a new book, USD (default: the strategy's initialEquityUsd)"),
  ).action(async (o: AddOptions) => {
    await withBook(o, deps, (ctx) => {
      const role = oneOf('--role', o.role, ['condor', 'hedge'] as const);
      const type = oneOf('--type', o.type, ['call', 'put', 'future'] as const);
      const underlying = oneOf('--underlying', o.underlying ?? (role === 'condor' ? 'SPX' : 'VIX'), ['SPX', 'VIX'] as const);
      const quantity = numberOption('--quantity', o.quantity, (n) => n !== 0 && Number.isInteger(n), 'a non-zero whole number');
      if (type !== 'future' && o.strike === undefined) throw new UserError('--strike is required for an option');
      const day = o.date === undefined ? signalDay(ctx.history, ctx.config, undefined).day : dayOption('--date', o.date);
      const fill: UserOpenFill = {
        day,
        group: o.group,
        role,
        leg: o.leg,
        underlying,
        type,
        strike: o.strike === undefined ? 0 : numberOption('--strike', o.strike, (n) => n > 0, 'a positive strike'),
        expiryDay: dayOption('--expiry', o.expiry),
        settlement: oneOf('--settlement', o.settlement, ['AM', 'PM'] as const),
        quantity,
        pricePoints: numberOption('--price', o.price, (n) => n >= 0, 'a price >= 0'),
        feesUsd: o.fees === undefined ? Math.abs(quantity) * feePerContract(ctx.config)(underlying, type) : numberOption('--fees', o.fees, (n) => n >= 0, 'fees >= 0'),
        ...(o.layer !== undefined ? { layer: numberOption('--layer', o.layer, (n) => Number.isInteger(n) && n >= 1, 'a layer number (1, 2, ...)') } : {}),
      };
      const equity = o.equity === undefined ? ctx.config.initialEquityUsd : numberOption('--equity', o.equity, (n) => n > 0 && n <= BOOK_INPUT_LIMITS.maxEquityUsd, `a positive amount in USD, at most ${BOOK_INPUT_LIMITS.maxEquityUsd.toExponential()}`);
      const r = addPositions(ctx, [fill], equity, 'add');
      io.out(`added ${r.positionIds[0]} (state #${r.stateId})\n`);
      outPastDataNote(io, ctx, fill.day);
    });
  });

  common(
    book
      .command('import')
      .description('import positions from a CSV file (docs/book.md) or a broker\'s trade file (--format): all rows or none')
      .argument('<file>', 'CSV file')
      .option('--equity <usd>', "cash of a new book, USD (default: the strategy's initialEquityUsd)")
      // Broker files (src/book/brokers): parsed, grouped and reconciled against the book before writing.
      .option('--format <broker>', `a broker's trade file: ${BROKER_FORMATS.join(', ')}`)
      .option('--dry-run', 'with --format: show the reconciliation, write nothing'),
  ).action(async (file: string, o: CommonOptions & { equity?: string; format?: string; dryRun?: boolean }) => {
    if (o.format !== undefined) {
      await importBrokerFile(file, o, deps, io);
      return;
    }
    await withBook(o, deps, (ctx) => {
      const fills = csv(() => readPositionsCsv(file, feePerContract(ctx.config)));
      const equity = o.equity === undefined ? ctx.config.initialEquityUsd : numberOption('--equity', o.equity, (n) => n > 0 && n <= BOOK_INPUT_LIMITS.maxEquityUsd, `a positive amount in USD, at most ${BOOK_INPUT_LIMITS.maxEquityUsd.toExponential()}`);
      const r = addPositions(ctx, fills, equity, 'import');
      io.out(`imported ${r.positionIds.length} position(s) from ${file} (state #${r.stateId}): ${r.positionIds.join(', ')}\n`);
      outPastDataNote(io, ctx, Math.max(...fills.map((f) => f.day)));
    });
  });

  common(
    book
      .command('list')
      .description('open positions with their marks at the model on a day')
      .option('--date <date>', 'day to mark at (default: the last day with data)')
      .option('--json', 'print as JSON'),
  ).action(async (o: CommonOptions & { date?: string; json?: boolean }) => {
    await withBook(o, deps, (ctx, market) => listBook(ctx, io, o.date, o.json === true, market.model, market.strategySource));
  });

  book
    .command('switch')
    .description("hand the book's positions to another strategy (--preset or --config, e.g. a sweep's variant): its rules manage them from the next signal; nothing is traded")
    .option('--book <file>', 'book file (default $ALVH_HOME/book.sqlite)')
    .option('--preset <name>', 'the bundled preset to switch to')
    .option('--config <file>', "the strategy config JSON to switch to, e.g. a sweep variant's (its report folder's configs/); the book keeps it")
    .action(async (o: CommonOptions) => {
      await withBook({ ...o, switching: true }, deps, (ctx, market) => {
        const r = switchStrategy(ctx);
        const to = strategySummary(ctx.config, market.strategySource);
        io.out(`switched the book from '${r.from.name}' (config sha256 ${r.from.configHash.slice(0, 12)}) to '${to.name}' (${to.source}, config sha256 ${to.configSha256.slice(0, 12)}) as of ${r.dayIso} (state #${r.stateId}): the positions stay as they are, and the next signal follows '${to.name}'\n`);
        io.out(`  ${switchRulesText(r.rulesThatChange)}\n`);
      });
    });

  book
    .command('config')
    .description("the strategy config the book follows, as JSON: the config it kept, the preset's, or an empty book's default (to keep, edit, or pass to --config)")
    .option('--book <file>', 'book file (default $ALVH_HOME/book.sqlite)')
    .option('--out <file>', 'write the JSON to this new file instead of printing it')
    .option('--state <id>', 'the config this state was made under, as the book kept it (a bundled preset as an earlier alvh shipped it)')
    .action((o: { book?: string; out?: string; state?: string }) => printBookConfig(io, o.book ?? defaultBookPath(), o.out, o.state === undefined ? undefined : numberOption('--state', o.state, (n) => Number.isInteger(n) && n > 0, 'a state id (a whole number from 1)')));

  common(
    book
      .command('close')
      .description('close (part of) a position at the fill you obtained')
      .argument('<positionId>', 'position id (alvh book list)')
      .requiredOption('--price <points>', 'fill price per unit, index points')
      .option('--contracts <n>', 'contracts to close (default: all)')
      .option('--fees <usd>', "total fees, USD (default: the strategy's fee per contract)")
      .option('--date <date>', 'day of the fill (default: the last day with data)'),
  ).action(async (id: string, o: CommonOptions & { price: string; contracts?: string; fees?: string; date?: string }) => {
    await withBook(o, deps, (ctx) => {
      const current = currentBook(ctx)?.snapshot;
      const held = current?.book.positions.find((p) => p.id === id);
      if (!held) {
        const why = current === undefined ? undefined : notClosableByHand(current, id);
        throw new UserError(why?.kind === 'index-holding' ? why.message : `no open position '${id}' (alvh book list shows the ids)`);
      }
      const contracts = o.contracts === undefined ? undefined : numberOption('--contracts', o.contracts, (n) => Number.isInteger(n) && n > 0, 'a positive whole number');
      const n = contracts ?? Math.abs(held.quantity);
      const fees = o.fees === undefined ? n * feePerContract(ctx.config)(held.underlying, held.type) : numberOption('--fees', o.fees, (x) => x >= 0, 'fees >= 0');
      const day = o.date === undefined ? signalDay(ctx.history, ctx.config, undefined).day : dayOption('--date', o.date);
      const r = closePosition(ctx, id, day, numberOption('--price', o.price, (x) => x >= 0, 'a price >= 0'), fees, contracts);
      io.out(`closed ${quantityText(n)} of ${id} at ${o.price} (state #${r.stateId})\n`);
      outPastDataNote(io, ctx, day);
    });
  });

  common(
    book
      .command('accept')
      .description("take a day's recommendations: at the model's prices, or with the fills you obtained (--fills)")
      .option('--date <date>', 'the day whose signal you accept (default: the last day with data)')
      .option('--fills <file>', 'CSV of actual fills: position_id,price[,fees_usd] (docs/book.md)')
      .option('--from <date>', 'accept every trading day from this day to --date at model prices (catching up)')
      .option('--equity <usd>', "cash of a new book, USD (default: the strategy's initialEquityUsd)"),
  ).action(async (o: CommonOptions & { date?: string; fills?: string; from?: string; equity?: string }) => {
    await withBook(o, deps, (ctx, market) => {
      const { day } = signalDay(ctx.history, ctx.config, o.date);
      const equity = o.equity === undefined ? ctx.config.initialEquityUsd : numberOption('--equity', o.equity, (n) => n > 0 && n <= BOOK_INPUT_LIMITS.maxEquityUsd, `a positive amount in USD, at most ${BOOK_INPUT_LIMITS.maxEquityUsd.toExponential()}`);
      const actual: ActualFill[] = o.fills === undefined ? [] : csv(() => readFillsCsv(o.fills as string));
      if (o.from === undefined) {
        printAccepted(io, day, acceptSignal(ctx, day, equity, actual), ctx, market.strategySource);
        return;
      }
      if (actual.length > 0) throw new UserError('--fills applies to one day: leave out --from');
      const from = signalDay(ctx.history, ctx.config, o.from).day;
      if (from > day) throw new UserError(`--from ${o.from} is after ${isoFromDay(day)}`);
      // A run stopped part way (killed, or a day refused) resumes after the last day it accepted.
      const start = resumeDay(ctx, from, day);
      if (start === undefined) {
        io.out(`every trading day from ${isoFromDay(from)} to ${isoFromDay(day)} is already accepted\n`);
        return;
      }
      if (start !== from) io.out(`resuming at ${isoFromDay(start)}: the book has accepted every day from ${isoFromDay(from)} before it\n`);
      for (let d: DayNumber | undefined = start; d !== undefined && d <= day; d = nextTradingDay(ctx.history, d)) {
        printAccepted(io, d, acceptSignal(ctx, d, equity), ctx, market.strategySource);
      }
    });
  });

  registerBookRiskCommand(book, io, deps, common);
}

/** `alvh book import --format <broker> FILE`: the reconciliation first, then the new groups, all or none. */
async function importBrokerFile(file: string, o: CommonOptions & { equity?: string; format?: string; dryRun?: boolean }, deps: BookCommandDeps, io: CliIo): Promise<void> {
  const format = oneOf('--format', o.format ?? '', BROKER_FORMATS);
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new UserError(`${file}: cannot be read (${(error as Error).message})`);
  }
  await withBook(o, deps, (ctx) => {
    let plan: BrokerImportPlan;
    try {
      plan = planBrokerImport(format, file, text, bookForImport(currentBook(ctx)?.snapshot), feePerContract(ctx.config));
    } catch (error) {
      if (error instanceof BrokerImportError) throw new UserError(error.message);
      throw error;
    }
    for (const line of describePlan(plan)) io.out(`${line}\n`);
    if (o.dryRun === true || plan.fills.length === 0) {
      io.out(plan.fills.length === 0 ? 'nothing new to import\n' : `dry run: ${plan.fills.length} position(s) would be imported\n`);
      return;
    }
    const equity = o.equity === undefined ? ctx.config.initialEquityUsd : numberOption('--equity', o.equity, (n) => n > 0, 'a positive amount in USD');
    const r = addPositions(ctx, plan.fills, equity, 'import');
    io.out(`imported ${r.positionIds.length} position(s) from ${file} (state #${r.stateId}): ${r.positionIds.join(', ')}\n`);
    outPastDataNote(io, ctx, Math.max(...plan.fills.map((f) => f.day)));
  });
}

function outPastDataNote(io: CliIo, ctx: BookContext, editDay: DayNumber): void {
  const note = editPastDataNote(ctx.history, ctx.config, editDay);
  if (note !== undefined) io.out(`${note}\n`);
}

/**
 * `alvh book config`: the whole config of the strategy a book follows, read without the market data.
 * Pretty-printed, so its text is not what the book hashes; passed back with `--config` it parses to
 * the same config and the same hash. `--out` never replaces a file: an edited config is not lost.
 */
function printBookConfig(io: CliIo, bookPath: string, out: string | undefined, stateId: number | undefined): void {
  // A file that is not a book is refused here (the strategy's own read of it passes over it).
  if (existsSync(bookPath)) openBookForCommand(bookPath).close();
  let config: StrategyConfig;
  let what: string;
  if (stateId !== undefined) {
    const kept = keptConfigOfState(bookPath, stateId);
    config = kept.config;
    // A bundled preset's name with other numbers is refused by --config: the file needs a name of its own.
    const rename = presetNameClash(config) !== undefined ? `; it differs from the bundled preset '${config.name}' as this alvh ships it: give the file a name of its own before alvh book switch --config FILE` : '';
    what = `the config state #${kept.row.id} (${kept.row.dayIso}) was made under: '${config.name}' (kept in the book, config sha256 ${kept.row.configHash.slice(0, 12)}, read by this alvh${rename})`;
  } else {
    const strategy = bookStrategy({}, bookPath);
    config = strategy.config;
    const summary = strategySummary(config, strategy.source);
    what = `the config of '${config.name}' (${summary.source}, config sha256 ${summary.configSha256.slice(0, 12)}${existsSync(bookPath) ? '' : `; no book at ${bookPath} yet: the default`})`;
  }
  const text = `${JSON.stringify(config, null, 2)}\n`;
  if (out === undefined) {
    io.out(text);
    io.err(`${what}\n`);
    return;
  }
  if (existsSync(out)) throw new UserError(`--out ${out}: the file exists; name a new file (nothing was written)`);
  try {
    writeFileAtomically(out, Buffer.from(text));
  } catch (error) {
    throw new UserError(`--out ${out}: cannot write the file (${(error as Error).message})`);
  }
  io.out(`wrote ${what} to ${out}\n`);
}

function listBook(ctx: BookContext, io: CliIo, date: string | undefined, json: boolean, model: ModelConfigChoice, strategySource: BookStrategySource): void {
  if (bookIsEmpty(ctx)) {
    io.out(json ? '{"positions":[]}\n' : 'the book is empty (alvh book add, alvh book import, or alvh book accept)\n');
    return;
  }
  const { day, lastDataDay, lastDataReason } = signalDay(ctx.history, ctx.config, date);
  const { current, later } = bookAsOf(ctx, day, { dayIso: isoFromDay(lastDataDay), reason: lastDataReason });
  if (!current) {
    // Every state is dated after the mark day: nothing was held at its close.
    if (json) io.out(`${JSON.stringify({ state: null, markedOn: isoFromDay(day), laterState: later, positions: [] }, null, 2)}\n`);
    else io.out(`the book held nothing at the close of ${isoFromDay(day)}: ${later?.note}\n`);
    return;
  }
  const market = ctx.marketOn(day);
  const rows = current.snapshot.book.positions.map((p) => {
    let mark: number | null = null;
    if (market && p.expiryDay > day) {
      mark = p.type === 'future' ? market.vixFuturePrice(p.expiryDay) : p.underlying === 'SPX' ? market.priceSpxOption(p.type, p.strike, p.expiryDay).mid : market.priceVixOption(p.type, p.strike, p.expiryDay).mid;
    }
    const valueUsd = mark === null ? null : positionValueUsd({ ...p, markPrice: mark });
    const costUsd = p.type === 'future' ? 0 : p.quantity * p.entryPrice * 100;
    return { id: p.id, group: p.group, role: p.role, layer: p.layer ?? null, position: describePosition(p), entryDay: isoFromDay(p.entryDay), entryPricePoints: p.entryPrice, markPoints: mark, valueUsd, openPnlUsd: valueUsd === null ? null : valueUsd - costUsd };
  });
  // Index holdings beside the options (an underlying leg's SPX units, layer 1's fund), valued as the book page values them.
  const holdings = market ? markIndexHoldings(current.snapshot, market, storedFundOn(ctx, current.snapshot, market)) : [];
  const holdingsMarked = market !== undefined || (current.snapshot.book.indexHoldings ?? []).length === 0;
  const cashUsd = current.snapshot.book.cashUsd;
  const equityUsd = holdingsMarked && rows.every((r) => r.valueUsd !== null) ? cashUsd + rows.reduce((s, r) => s + (r.valueUsd ?? 0), 0) + holdings.reduce((s, h) => s + h.valueUsd, 0) : null;
  // The config the book follows now, and whether the state shown was made under another (an edited config file, a preset of another alvh).
  const summary = strategySummary(ctx.config, strategySource);
  const rulesChanged = rulesChangedSinceState(ctx.store, current.row, ctx.config);
  const strategy = { name: summary.name, bundledPreset: summary.source === 'bundled preset', source: summary.source, configHash: summary.configSha256, stateConfigHash: current.row.configHash, rulesChangedSinceState: rulesChanged };
  if (json) {
    io.out(`${JSON.stringify({ state: { id: current.row.id, day: current.row.dayIso, kind: current.row.kind }, strategy, markedOn: isoFromDay(day), laterState: later, marketModel: modelConfigSummary(model), cashUsd, equityUsd, positions: rows, holdings }, null, 2)}\n`);
    return;
  }
  io.out(`Book state #${current.row.id} of ${current.row.dayIso} (${current.row.kind}: ${current.row.note}); marks at the model on ${isoFromDay(day)}\n`);
  if (later !== null) io.out(`${later.note}\n`);
  const otherModel = modelLine(model);
  if (otherModel !== undefined) io.out(`${otherModel}\n`);
  io.out(`Strategy: ${strategy.name} (${strategy.source}, config sha256 ${strategy.configHash.slice(0, 12)}${stateRulesNote(current.row.preset, strategy, rulesChanged ?? undefined)})\n`);
  for (const r of rows) {
    const mark = r.markPoints === null ? 'expired/unpriced' : `mark ${r.markPoints.toFixed(2)}, open P&L ${wholeUsdText(r.openPnlUsd as number)} USD`;
    io.out(`  ${r.id.padEnd(28)} ${r.role.padEnd(6)} ${r.position} @ ${r.entryPricePoints.toFixed(2)} (${r.entryDay}); ${mark}\n`);
  }
  for (const h of holdings) {
    const level = `${h.levelPoints.toFixed(2)} (${h.levelDate ?? 'stored price'})`;
    io.out(`  ${h.id.padEnd(28)} ${h.role.padEnd(6)} ${h.description} at ${level}; value ${wholeUsdText(h.valueUsd)} USD\n`);
  }
  io.out(`cash ${wholeUsdText(cashUsd)} USD; equity ${equityUsd === null ? 'n/a (some positions cannot be marked)' : `${wholeUsdText(equityUsd)} USD`}\n`);
}
