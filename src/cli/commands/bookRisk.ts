/**
 * `alvh book risk [--date D] [--json]`: the book's P&L on a grid of SPX moves by VIX shifts, the
 * hedge's and the condors' shares apart, and its break-evens in price and in volatility.
 */
import type { Command } from 'commander';
import { bookAsOf, bookIsEmpty } from '../../book/bookService.js';
import { markIndexHoldings, storedFundOn } from '../../book/holdings.js';
import { bookRisk, RiskScenarioConfigSchema, type BookRisk } from '../../book/scenarios.js';
import { isoFromDay } from '../../time/day.js';
import { UserError, type CliIo } from '../io.js';
import { signalDay, withBook, type BookCommandDeps } from './bookContext.js';
import { fixedText, wholeUsdText } from '../../lib/numberText.js';
import { signedFixed } from '../../report/markdownTable.js';

/** USD thousands to one decimal, without the minus sign of an amount under 50 USD ("0.0k", not "-0.0k"). */
const k = (usd: number) => `${fixedText(usd / 1000, 1)}k`;

export function formatBookRisk(dayIso: string, risk: BookRisk): string {
  const lines: string[] = [];
  lines.push(`Book risk on ${dayIso}: SPX ${risk.spxClose.toFixed(2)}, VIX ${risk.vixClose.toFixed(2)}; open P&L against entry ${wholeUsdText(risk.openPnlUsd)} USD`);
  lines.push('P&L from today\'s marks, USD thousands: total (condors / hedge); VIX shifts move the futures by their betas');
  const moves = [...new Set(risk.grid.map((c) => c.spxMoveFraction))];
  const shifts = [...new Set(risk.grid.map((c) => c.vixShiftPoints))];
  const cellText = shifts.map((v) => moves.map((m) => {
    const c = risk.grid.find((x) => x.spxMoveFraction === m && x.vixShiftPoints === v);
    return c ? `${k(c.totalPnlUsd)} (${k(c.condorPnlUsd)}/${k(c.hedgePnlUsd)})` : '';
  }));
  const width = Math.max(12, ...cellText.flat().map((t) => t.length));
  lines.push(`${'SPX move'.padEnd(10)}${shifts.map((v) => (v === 0 ? 'VIX unch' : `VIX +${v}`).padStart(width + 2)).join('')}`);
  moves.forEach((m, i) => {
    const label = `${m > 0 ? '+' : ''}${(m * 100).toFixed(0)} %`;
    lines.push(`${label.padEnd(10)}${shifts.map((_, j) => (cellText[j]?.[i] ?? '').padStart(width + 2)).join('')}`);
  });
  lines.push(`break-even SPX (VIX unchanged): ${risk.breakEvenSpxLevels.length > 0 ? risk.breakEvenSpxLevels.map((x) => x.toFixed(0)).join(', ') : 'none in the searched range'}`);
  lines.push(`break-even implied-vol shift (SPX unchanged, VIX moved as much): ${risk.breakEvenVolShiftPoints.length > 0 ? risk.breakEvenVolShiftPoints.map((x) => `${signedFixed(x, 1)} vol pts`).join(', ') : 'none in the searched range'}`);
  return lines.join('\n') + '\n';
}

export function registerBookRiskCommand(book: Command, io: CliIo, deps: BookCommandDeps, common: (cmd: Command) => Command): void {
  common(
    book
      .command('risk')
      .description("the book's P&L under SPX moves by VIX shifts, condors and hedge apart, and its break-evens")
      .option('--date <date>', 'day of the market to shock (default: the last day with data)')
      .option('--json', 'print as JSON'),
  ).action(async (o: { book?: string; preset?: string; config?: string; date?: string; json?: boolean }) => {
    await withBook(o, deps, (ctx) => {
      if (bookIsEmpty(ctx)) throw new UserError('the book is empty: nothing to shock (alvh book add, import or accept first)');
      const { day, lastDataDay, lastDataReason } = signalDay(ctx.history, ctx.config, o.date);
      const { current, later } = bookAsOf(ctx, day, { dayIso: isoFromDay(lastDataDay), reason: lastDataReason });
      if (!current) throw new UserError(`the book held nothing at the close of ${isoFromDay(day)}: ${later?.note}`);
      const market = ctx.marketOn(day);
      if (!market) throw new UserError(`${isoFromDay(day)}: the market model has no data for this day`);
      const q = ctx.history.dividendYieldOn(day);
      if (q === undefined) throw new UserError(`${isoFromDay(day)}: no dividend yield known for this day`);
      const open = current.snapshot.book.positions.filter((p) => p.expiryDay > day);
      const holdings = markIndexHoldings(current.snapshot, market, storedFundOn(ctx, current.snapshot, market));
      const risk = bookRisk(open, market, q, RiskScenarioConfigSchema.parse({}), holdings);
      if (o.json) io.out(`${JSON.stringify({ date: isoFromDay(day), state: current.row.id, laterState: later, ...risk }, null, 2)}\n`);
      else io.out(formatBookRisk(isoFromDay(day), risk) + (later === null ? '' : `${later.note}\n`));
    });
  });
}
