import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseCsvText } from '../../../data/csv/csv.js';
import { bsmValue } from '../../../pricing/index.js';
import {
  goldenFailures,
  loadGoldenRows,
  num,
  PRICING_FIXTURES_DIR,
  type GoldenOutputs,
} from '../../../../test/support/pricingGolden.js';
import { runCli } from '../../testing.js';

const scratch = mkdtempSync(join(tmpdir(), 'alvh-price-'));

function writeScratch(name: string, content: string): string {
  const file = join(scratch, name);
  writeFileSync(file, content);
  return file;
}

/** Parses the command's CSV output into rows of numbers by column (type kept as text). */
function parseOutput(stdout: string): Array<Record<string, string>> {
  const table = parseCsvText(stdout, 'stdout');
  if (!table.ok) throw new Error(table.error.message);
  return table.value.rows.map((row) => Object.fromEntries(table.value.header.map((name, i) => [name, row.cells[i] as string])));
}

function outputsOf(row: Record<string, string>): GoldenOutputs {
  const n = (name: string): number => Number(row[name]);
  return { price: n('price'), delta: n('delta'), gamma: n('gamma'), vega: n('vega'), theta: n('theta'), rho: n('rho'), vanna: n('vanna'), volga: n('volga') };
}

describe('alvh price --csv', () => {
  it.each([
    ['bsm', 'bsm.csv', 'S', 'type,S,K,T,r,q,sigma,price,delta,gamma,vega,theta,rho,vanna,volga'],
    ['black76', 'black76.csv', 'F', 'type,F,K,T,r,sigma,price,delta,gamma,vega,theta,rho,vanna,volga'],
  ])('--model %s prices every golden row within tolerance', async (model, fileName, underlyingColumn, header) => {
    const { code, stdout, stderr } = await runCli(['price', '--model', model, '--csv', PRICING_FIXTURES_DIR + fileName]);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(stdout.split('\n')[0]).toBe(header);
    const golden = loadGoldenRows(fileName, ['type']);
    const output = parseOutput(stdout);
    expect(output.length).toBe(golden.length);
    const problems = golden.flatMap((row, i) => {
      const out = output[i] as Record<string, string>;
      if (Number(out['K']) !== num(row, 'K') || Number(out['T']) !== num(row, 'T')) return [`line ${row.line}: inputs not echoed`];
      return goldenFailures(row, outputsOf(out), num(row, underlyingColumn));
    });
    expect(problems).toEqual([]);
  });

  it('writes full double precision (shortest round trip)', async () => {
    const file = writeScratch('one.csv', 'type,S,K,T,r,q,sigma\nP,4500,4200,0.1,0.05,0.015,0.2\n');
    const { stdout } = await runCli(['price', '--model', 'bsm', '--csv', file]);
    const row = parseOutput(stdout)[0] as Record<string, string>;
    const expected = bsmValue({ type: 'put', spot: 4500, strike: 4200, timeYears: 0.1, rate: 0.05, dividendYield: 0.015, sigma: 0.2 });
    expect(row['price']).toBe(String(expected.price));
    expect(Number(row['price'])).toBe(expected.price);
  });

  it.each([
    ['a missing column', 'type,S,K,T,r,sigma\nC,100,100,1,0.05,0.2\n', ':1: field \'q\''],
    ['a short row', 'type,S,K,T,r,q,sigma\nC,100,100,1,0.05,0.01,0.2\nC,100,100,1,0.05,0.01\n', ":3: field 'sigma'"],
    ['an unparsable number', 'type,S,K,T,r,q,sigma\nC,100,abc,1,0.05,0.01,0.2\n', ":2: field 'K'"],
    ['NaN', 'type,S,K,T,r,q,sigma\nC,100,100,1,NaN,0.01,0.2\n', ":2: field 'r'"],
    ['an infinity', 'type,S,K,T,r,q,sigma\nC,100,100,1,0.05,0.01,Infinity\n', ":2: field 'sigma'"],
    ['a bad option type', 'type,S,K,T,r,q,sigma\nC,100,100,1,0.05,0.01,0.2\nX,100,100,1,0.05,0.01,0.2\n', ":3: field 'type'"],
    ['a negative spot', 'type,S,K,T,r,q,sigma\nC,-100,100,1,0.05,0.01,0.2\n', ":2: field 'S'"],
    ['an empty cell', 'type,S,K,T,r,q,sigma\nC,100,,1,0.05,0.01,0.2\n', ":2: field 'K'"],
  ])('stops on %s, naming file, line and field', async (_what, content, location) => {
    const file = writeScratch('bad.csv', content);
    const { code, stdout, stderr } = await runCli(['price', '--model', 'bsm', '--csv', file]);
    expect(code).not.toBe(0);
    expect(stdout).toBe('');
    expect(stderr).toContain(file + location);
  });

  it('reports a missing file', async () => {
    const { code, stderr } = await runCli(['price', '--model', 'bsm', '--csv', join(scratch, 'absent.csv')]);
    expect(code).not.toBe(0);
    expect(stderr).toContain('absent.csv: cannot read the file');
  });
});

describe('alvh price (one option)', () => {
  const bsmArgs = ['price', '--model', 'bsm', '--type', 'put', '--spot', '4500', '--strike', '4200', '--rate', '0.05', '--dividend-yield', '0.015', '--sigma', '0.2'];

  it('prints price and Greeks with units', async () => {
    const { code, stdout } = await runCli([...bsmArgs, '--time-years', '0.1']);
    expect(code).toBe(0);
    const expected = bsmValue({ type: 'put', spot: 4500, strike: 4200, timeYears: 0.1, rate: 0.05, dividendYield: 0.015, sigma: 0.2 });
    expect(stdout).toContain(`price  ${expected.price} index points`);
    expect(stdout).toContain(`(${expected.vegaPerVolPoint} per vol point)`);
    expect(stdout).toContain(`(${expected.thetaPerDay} per calendar day)`);
    expect(stdout).toContain(`charm  ${expected.charmPerYear} delta per year`);
  });

  it('--json gives the valuation object; --expiry/--as-of use ACT/365', async () => {
    const { code, stdout } = await runCli([...bsmArgs, '--expiry', '2024-03-15', '--as-of', '2024-02-14', '--json']);
    expect(code).toBe(0);
    const parsed = JSON.parse(stdout) as { inputs: { timeYears: number }; valuation: { price: number; thetaPerDay: number } };
    expect(parsed.inputs.timeYears).toBe(30 / 365);
    const expected = bsmValue({ type: 'put', spot: 4500, strike: 4200, timeYears: 30 / 365, rate: 0.05, dividendYield: 0.015, sigma: 0.2 });
    expect(parsed.valuation.price).toBe(expected.price);
    expect(parsed.valuation.thetaPerDay).toBe(expected.thetaPerDay);
  });

  it.each([
    [['--time-years', 'abc'], '--time-years must be a finite number'],
    [[], 'the time to expiry is required'],
    [['--expiry', '2024-02-30', '--as-of', '2024-02-14'], "--expiry '2024-02-30'"],
    [['--expiry', '2024-01-30', '--as-of', '2024-02-14'], 'is before --as-of'],
    [['--time-years', '0.1', '--forward', '4500'], '--forward is for --model black76'],
  ])('rejects bad flags %j', async (extra, message) => {
    const { code, stderr } = await runCli([...bsmArgs, ...extra]);
    expect(code).not.toBe(0);
    expect(stderr).toContain(message);
  });

  it('rejects an unknown model', async () => {
    const { code, stderr } = await runCli(['price', '--model', 'heston', '--csv', 'x.csv']);
    expect(code).not.toBe(0);
    expect(stderr).toContain('--model must be bsm or black76');
  });
});
