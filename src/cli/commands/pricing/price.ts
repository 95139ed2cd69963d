/** `alvh price`: one option's price and Greeks from flags, or a CSV of options to price. */
import type { Command } from 'commander';
import { parseFiniteDecimal } from '../../../lib/finite.js';
import {
  black76Value,
  bsmValue,
  type OptionType,
  type OptionValuation,
} from '../../../pricing/index.js';
import { parseIsoDate, yearFractionAct365 } from '../../../time/day.js';
import { pricingDomainProblem, type PricingInputField, type PricingInputs } from '../../../pricing/inputDomain.js';
import { UserError, type CliIo } from '../../io.js';
import {
  formatFullPrecision,
  openOptionCsv,
  PRICE_INPUT_COLUMNS,
  readNumber,
  readOptionType,
  unwrapRow,
  type PricingModel,
} from './optionRows.js';

interface PriceFlags {
  model?: string;
  type?: string;
  spot?: string;
  forward?: string;
  strike?: string;
  timeYears?: string;
  expiry?: string;
  asOf?: string;
  rate?: string;
  dividendYield?: string;
  sigma?: string;
  json?: boolean;
  csv?: string;
}

const OPTION_FLAGS: ReadonlyArray<[keyof PriceFlags, string]> = [
  ['type', '--type'],
  ['spot', '--spot'],
  ['forward', '--forward'],
  ['strike', '--strike'],
  ['timeYears', '--time-years'],
  ['expiry', '--expiry'],
  ['asOf', '--as-of'],
  ['rate', '--rate'],
  ['dividendYield', '--dividend-yield'],
  ['sigma', '--sigma'],
];

function parseModel(text: string | undefined): PricingModel {
  if (text === 'bsm' || text === 'black76') return text;
  throw new UserError(`--model must be bsm or black76, got ${text === undefined ? 'nothing' : `'${text}'`}`);
}

function requiredNumber(flags: PriceFlags, key: keyof PriceFlags, flag: string): number {
  const text = flags[key];
  if (typeof text !== 'string') throw new UserError(`${flag} is required`);
  const value = parseFiniteDecimal(text);
  if (value === undefined) throw new UserError(`${flag} must be a finite number, got '${text}'`);
  return value;
}

function positive(value: number, flag: string): number {
  if (!(value > 0)) throw new UserError(`${flag} must be positive, got ${value}`);
  return value;
}

function nonNegative(value: number, flag: string): number {
  if (!(value >= 0)) throw new UserError(`${flag} must be zero or more, got ${value}`);
  return value;
}

function parseType(text: string | undefined): OptionType {
  if (text === 'call' || text === 'put') return text;
  throw new UserError(`--type must be call or put, got ${text === undefined ? 'nothing' : `'${text}'`}`);
}

/** --time-years, or ACT/365 from --as-of to --expiry. */
function timeYearsFrom(flags: PriceFlags): number {
  const hasDates = flags.expiry !== undefined || flags.asOf !== undefined;
  if (flags.timeYears !== undefined) {
    if (hasDates) throw new UserError('give either --time-years or --expiry with --as-of, not both');
    return nonNegative(requiredNumber(flags, 'timeYears', '--time-years'), '--time-years');
  }
  if (flags.expiry === undefined || flags.asOf === undefined) {
    throw new UserError('the time to expiry is required: --time-years, or --expiry and --as-of (YYYY-MM-DD)');
  }
  const expiry = parseIsoDate(flags.expiry);
  if (!expiry.ok) throw new UserError(`--expiry '${flags.expiry}': ${expiry.error.reason}`);
  const asOf = parseIsoDate(flags.asOf);
  if (!asOf.ok) throw new UserError(`--as-of '${flags.asOf}': ${asOf.error.reason}`);
  if (expiry.value < asOf.value) throw new UserError(`--expiry ${flags.expiry} is before --as-of ${flags.asOf}`);
  return yearFractionAct365(asOf.value, expiry.value);
}

function valueOneOption(model: PricingModel, flags: PriceFlags): { inputs: Record<string, number | string>; valuation: OptionValuation } {
  const type = parseType(flags.type);
  const strike = positive(requiredNumber(flags, 'strike', '--strike'), '--strike');
  const timeYears = timeYearsFrom(flags);
  const rate = requiredNumber(flags, 'rate', '--rate');
  const sigma = nonNegative(requiredNumber(flags, 'sigma', '--sigma'), '--sigma');
  if (model === 'bsm') {
    if (flags.forward !== undefined) throw new UserError('--forward is for --model black76; BSM takes --spot');
    const spot = positive(requiredNumber(flags, 'spot', '--spot'), '--spot');
    const dividendYield = requiredNumber(flags, 'dividendYield', '--dividend-yield');
    const inputs = { model, type, spot, strike, timeYears, rate, dividendYield, sigma };
    return { inputs, valuation: checkedValuation({ spot, strike, timeYears, rate, dividendYield, sigma }, (f) => FLAG_OF_FIELD[f], '', () => bsmValue({ type, spot, strike, timeYears, rate, dividendYield, sigma })) };
  }
  if (flags.spot !== undefined) throw new UserError('--spot is for --model bsm; Black-76 takes --forward');
  if (flags.dividendYield !== undefined) throw new UserError('--dividend-yield is for --model bsm; Black-76 has none');
  const forward = positive(requiredNumber(flags, 'forward', '--forward'), '--forward');
  const inputs = { model, type, forward, strike, timeYears, rate, sigma };
  return { inputs, valuation: checkedValuation({ forward, strike, timeYears, rate, sigma }, (f) => FLAG_OF_FIELD[f], '', () => black76Value({ type, forward, strike, timeYears, rate, sigma })) };
}

const FLAG_OF_FIELD: Readonly<Record<PricingInputField, string>> = { spot: '--spot', forward: '--forward', strike: '--strike', timeYears: '--time-years', rate: '--rate', dividendYield: '--dividend-yield', sigma: '--sigma' };
const COLUMN_OF_FIELD: Readonly<Record<PricingInputField, string>> = { spot: 'S', forward: 'F', strike: 'K', timeYears: 'T', rate: 'r', dividendYield: 'q', sigma: 'sigma' };

/** Throws, naming the input (via `name`), when it is outside the domain with finite results or the result is not finite. */
function checkedValuation(inputs: PricingInputs, name: (field: PricingInputField) => string, location: string, value: () => OptionValuation): OptionValuation {
  const problem = pricingDomainProblem(inputs);
  if (problem !== undefined) throw new UserError(`${name(problem.field)}: ${problem.message}`);
  const valuation = value();
  const notFinite = Object.entries(valuation).find(([, v]) => typeof v === 'number' && !Number.isFinite(v));
  if (notFinite !== undefined) throw new UserError(`${location}the ${notFinite[0]} is not finite for these inputs; check the levels, time and rates`);
  return valuation;
}

function formatValuationText(model: PricingModel, v: OptionValuation): string {
  const underlying = model === 'bsm' ? 'spot' : 'future';
  const f = formatFullPrecision;
  const lines: Array<[string, string]> = [
    ['price', `${f(v.price)} index points`],
    ['delta', `${f(v.delta)} per point of the ${underlying}`],
    ['gamma', `${f(v.gamma)} per point of the ${underlying}, squared`],
    ['vega', `${f(v.vegaPerUnitVol)} per 1.00 of vol (${f(v.vegaPerVolPoint)} per vol point)`],
    ['theta', `${f(v.thetaPerYear)} per year (${f(v.thetaPerDay)} per calendar day)`],
    ['rho', `${f(v.rho)} per 1.00 of rate`],
    ['vanna', `${f(v.vanna)} delta per 1.00 of vol`],
    ['volga', `${f(v.volga)} vega per 1.00 of vol`],
    ['charm', `${f(v.charmPerYear)} delta per year`],
  ];
  return lines.map(([name, text]) => `${name.padEnd(6)} ${text}\n`).join('');
}

const PRICE_OUTPUT_COLUMNS = ['price', 'delta', 'gamma', 'vega', 'theta', 'rho', 'vanna', 'volga'] as const;

/** Prices every row of a CSV file; output is CSV with the golden files' units. */
function priceCsv(model: PricingModel, file: string, io: CliIo): void {
  const inputColumns = PRICE_INPUT_COLUMNS[model];
  const { table, access } = openOptionCsv(file, inputColumns);
  const header = [...inputColumns, ...PRICE_OUTPUT_COLUMNS].join(',');
  const lines: string[] = [header];
  for (const row of table.rows) {
    const type = unwrapRow(readOptionType(access, row));
    const strike = unwrapRow(readNumber(access, row, 'K', 'positive'));
    const timeYears = unwrapRow(readNumber(access, row, 'T', 'non-negative'));
    const rate = unwrapRow(readNumber(access, row, 'r', 'any'));
    const sigma = unwrapRow(readNumber(access, row, 'sigma', 'non-negative'));
    const where = (field: PricingInputField): string => `${file}:${row.line}: field '${COLUMN_OF_FIELD[field]}'`;
    let valuation: OptionValuation;
    if (model === 'bsm') {
      const spot = unwrapRow(readNumber(access, row, 'S', 'positive'));
      const dividendYield = unwrapRow(readNumber(access, row, 'q', 'any'));
      valuation = checkedValuation({ spot, strike, timeYears, rate, dividendYield, sigma }, where, `${file}:${row.line}: `, () => bsmValue({ type, spot, strike, timeYears, rate, dividendYield, sigma }));
    } else {
      const forward = unwrapRow(readNumber(access, row, 'F', 'positive'));
      valuation = checkedValuation({ forward, strike, timeYears, rate, sigma }, where, `${file}:${row.line}: `, () => black76Value({ type, forward, strike, timeYears, rate, sigma }));
    }
    const echoed = inputColumns.map((column) => unwrapRow(access.text(row, column)));
    const outputs = [
      valuation.price,
      valuation.delta,
      valuation.gamma,
      valuation.vegaPerUnitVol,
      valuation.thetaPerYear,
      valuation.rho,
      valuation.vanna,
      valuation.volga,
    ].map(formatFullPrecision);
    lines.push([...echoed, ...outputs].join(','));
  }
  io.out(lines.join('\n') + '\n');
}

export function registerPriceCommand(program: Command, io: CliIo): void {
  program
    .command('price')
    .description('price one option (flags) or a CSV of options, with Greeks in stated units')
    .option('--model <model>', 'bsm (spot, dividend yield; SPX) or black76 (future; VIX)')
    .option('--type <type>', 'call or put')
    .option('--spot <points>', 'spot index level (bsm)')
    .option('--forward <points>', 'futures price (black76)')
    .option('--strike <points>', 'strike')
    .option('--time-years <years>', 'time to expiry in years (ACT/365)')
    .option('--expiry <date>', 'expiry date YYYY-MM-DD (with --as-of, instead of --time-years)')
    .option('--as-of <date>', 'valuation date YYYY-MM-DD')
    .option('--rate <decimal>', 'continuously compounded rate, e.g. 0.05')
    .option('--dividend-yield <decimal>', 'continuous dividend yield (bsm), e.g. 0.015')
    .option('--sigma <decimal>', 'volatility, e.g. 0.20')
    .option('--json', 'print JSON instead of text')
    .option('--csv <file>', 'price every row of a CSV (bsm: type,S,K,T,r,q,sigma; black76: type,F,K,T,r,sigma; type C/P)')
    .action((flags: PriceFlags) => {
      const model = parseModel(flags.model);
      if (flags.csv !== undefined) {
        const extra = OPTION_FLAGS.filter(([key]) => flags[key] !== undefined).map(([, flag]) => flag);
        if (extra.length > 0) throw new UserError(`--csv takes the options from the file; drop ${extra.join(', ')}`);
        if (flags.json) throw new UserError('--csv writes CSV; drop --json');
        priceCsv(model, flags.csv, io);
        return;
      }
      const { inputs, valuation } = valueOneOption(model, flags);
      if (flags.json) {
        io.out(`${JSON.stringify({ inputs, valuation }, null, 2)}\n`);
        return;
      }
      io.out(formatValuationText(model, valuation));
    });
}
