/**
 * Command-line option values turned into numbers at the boundary: text that is not a plain decimal is
 * refused with its flag and what was typed, before any command runs.
 */
import { parseFiniteDecimal } from '../lib/finite.js';
import { quoteValue } from '../lib/capText.js';
import { BACKTEST_MARKET_MODES, type BacktestMarketMode } from '../chains/marketUse.js';
import { UserError } from './io.js';

/**
 * A number option written as a plain decimal (`12`, `-3.5`, `1e3`): hex (`0x10`, which Number() reads
 * as 16), blanks, NaN and infinities are refused like any other non-number.
 */
export function numberOption(flag: string, value: string, check: (n: number) => boolean = Number.isFinite, what = 'a finite number'): number {
  const n = parseFiniteDecimal(value.trim());
  if (n === undefined || !check(n)) throw new UserError(`${flag} ${quoteValue(value)}: must be ${what}`);
  return n;
}

/** `--market` of the backtest and the signal: one of BACKTEST_MARKET_MODES, else refused naming them. */
export function marketModeOption(text: string): BacktestMarketMode {
  if ((BACKTEST_MARKET_MODES as readonly string[]).includes(text)) return text as BacktestMarketMode;
  throw new UserError(`--market '${text}' is not one of: ${BACKTEST_MARKET_MODES.join(', ')}`);
}
