/** `alvh iv --csv FILE`: implied volatility of every priced option in a CSV file. */
import type { Command } from 'commander';
import type { Result } from '../../../lib/result.js';
import { impliedVolBlack76, impliedVolBsm, type ImpliedVolError } from '../../../pricing/index.js';
import { UserError, type CliIo } from '../../io.js';
import {
  formatFullPrecision,
  IMPLIED_VOL_INPUT_COLUMNS,
  openOptionCsv,
  readNumber,
  readOptionType,
  unwrapRow,
} from './optionRows.js';

function impliedVolCsv(file: string, io: CliIo): void {
  const { table, access } = openOptionCsv(file, IMPLIED_VOL_INPUT_COLUMNS);
  const lines: string[] = [[...IMPLIED_VOL_INPUT_COLUMNS, 'sigma', 'reason'].join(',')];
  for (const row of table.rows) {
    const model = unwrapRow(access.oneOf(row, 'model', ['bsm', 'black76'] as const));
    const type = unwrapRow(readOptionType(access, row));
    const underlying = unwrapRow(readNumber(access, row, 'S_or_F', 'positive'));
    const strike = unwrapRow(readNumber(access, row, 'K', 'positive'));
    // A zero or negative time is a legitimate row without a solution, reported in `reason`.
    const timeYears = unwrapRow(readNumber(access, row, 'T', 'any'));
    const rate = unwrapRow(readNumber(access, row, 'r', 'any'));
    const dividendYield = unwrapRow(readNumber(access, row, 'q', 'any'));
    const price = unwrapRow(readNumber(access, row, 'price', 'any'));
    let result: Result<number, ImpliedVolError>;
    if (model === 'bsm') {
      result = impliedVolBsm({ type, spot: underlying, strike, timeYears, rate, dividendYield, price });
    } else if (dividendYield !== 0) {
      throw new UserError(`${file}:${row.line}: field 'q': Black-76 has no dividend yield; q must be 0, got ${dividendYield}`);
    } else {
      result = impliedVolBlack76({ type, forward: underlying, strike, timeYears, rate, price });
    }
    const echoed = IMPLIED_VOL_INPUT_COLUMNS.map((column) => unwrapRow(access.text(row, column)));
    const solved = result.ok ? [formatFullPrecision(result.value), ''] : ['', result.error.kind];
    lines.push([...echoed, ...solved].join(','));
  }
  io.out(lines.join('\n') + '\n');
}

export function registerImpliedVolCommand(program: Command, io: CliIo): void {
  program
    .command('iv')
    .description('implied volatility of each row of a CSV: model,type,S_or_F,K,T,r,q,price (type C/P)')
    .requiredOption('--csv <file>', 'CSV with columns model (bsm|black76), type (C|P), S_or_F, K, T, r, q, price')
    .action((flags: { csv: string }) => impliedVolCsv(flags.csv, io));
}
