import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseCsvText } from '../../../data/csv/csv.js';
import { loadGoldenRows, num, PRICING_FIXTURES_DIR } from '../../../../test/support/pricingGolden.js';
import { runCli } from '../../testing.js';

/** Absolute sigma error allowed on informative rows (see src/pricing/impliedVol.golden.test.ts for the one ill-conditioned row). */
const SIGMA_ABSOLUTE_TOLERANCE = 1e-10;
const INFORMATIVE_VEGA_PER_UNDERLYING = 1e-8;
/** Price rounding, in units of the price's double spacing, that bounds the sigma error on ill-conditioned rows. */
const PRICE_ROUNDING_ULPS = 4;

const scratch = mkdtempSync(join(tmpdir(), 'alvh-iv-'));

function rowsOf(stdout: string): Array<Record<string, string>> {
  const table = parseCsvText(stdout, 'stdout');
  if (!table.ok) throw new Error(table.error.message);
  return table.value.rows.map((row) => Object.fromEntries(table.value.header.map((name, i) => [name, row.cells[i] as string])));
}

describe('alvh iv --csv', () => {
  it('recovers sigma on every golden row', async () => {
    const { code, stdout, stderr } = await runCli(['iv', '--csv', PRICING_FIXTURES_DIR + 'implied_vol.csv']);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(stdout.split('\n')[0]).toBe('model,type,S_or_F,K,T,r,q,price,sigma,reason');
    const golden = loadGoldenRows('implied_vol.csv', ['model', 'type']);
    const output = rowsOf(stdout);
    expect(output.length).toBe(golden.length);
    const problems: string[] = [];
    golden.forEach((row, i) => {
      const out = output[i] as Record<string, string>;
      if (!(num(row, 'vega') > INFORMATIVE_VEGA_PER_UNDERLYING * num(row, 'S_or_F'))) {
        if (out['sigma'] === '' && out['reason'] === '') problems.push(`line ${row.line}: neither sigma nor reason`);
        return;
      }
      const conditioning = (PRICE_ROUNDING_ULPS * Number.EPSILON * num(row, 'price')) / num(row, 'vega');
      const tolerance = Math.max(SIGMA_ABSOLUTE_TOLERANCE, conditioning);
      if (!(Math.abs(Number(out['sigma']) - num(row, 'sigma')) <= tolerance) || out['sigma'] === '')
        problems.push(`line ${row.line}: sigma '${out['sigma']}' vs ${num(row, 'sigma')} (${out['reason']})`);
    });
    expect(problems).toEqual([]);
  });

  it('gives an empty sigma and the reason for impossible prices', async () => {
    const file = join(scratch, 'impossible.csv');
    writeFileSync(
      file,
      [
        'model,type,S_or_F,K,T,r,q,price',
        'black76,C,20,15,0.1,0.05,0,4.5',
        'black76,C,20,25,0.1,0.05,0,21',
        'bsm,P,4500,4000,0,0.05,0.01,10',
        'bsm,P,4500,4000,0.1,0.05,0.01,25',
        'bsm,C,4500,5000,0.1,0.05,0.01,0',
      ].join('\n'),
    );
    const { code, stdout } = await runCli(['iv', '--csv', file]);
    expect(code).toBe(0);
    const rows = rowsOf(stdout);
    expect(rows.map((r) => [r['sigma'], r['reason']])).toEqual([
      ['', 'below-intrinsic'],
      ['', 'above-upper-bound'],
      ['', 'non-positive-time'],
      [rows[3]?.['sigma'], ''],
      ['0', ''],
    ]);
    expect(Number(rows[3]?.['sigma'])).toBeGreaterThan(0);
  });

  it.each([
    ['a bad model', 'model,type,S_or_F,K,T,r,q,price\nheston,C,100,100,1,0.05,0,10\n', ":2: field 'model'"],
    ['a missing column', 'model,type,S_or_F,K,T,r,price\nbsm,C,100,100,1,0.05,10\n', ":1: field 'q'"],
    ['NaN price', 'model,type,S_or_F,K,T,r,q,price\nbsm,C,100,100,1,0.05,0,NaN\n', ":2: field 'price'"],
    ['a Black-76 dividend yield', 'model,type,S_or_F,K,T,r,q,price\nblack76,C,100,100,1,0.05,0.02,10\n', ":2: field 'q'"],
  ])('stops on %s, naming file, line and field', async (_what, content, location) => {
    const file = join(scratch, 'bad.csv');
    writeFileSync(file, content);
    const { code, stderr } = await runCli(['iv', '--csv', file]);
    expect(code).not.toBe(0);
    expect(stderr).toContain(file + location);
  });
});
