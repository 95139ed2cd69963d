/**
 * Issue 13, "alvh price prints NaN": rows outside the domain where prices are finite are refused
 * naming the field, from flags and from a CSV file (line and column).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../../testing.js';
import { PRICING_INPUT_DOMAIN } from '../../../pricing/inputDomain.js';

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});
function csvFile(text: string): string {
  const d = mkdtempSync(join(tmpdir(), 'alvh-price-'));
  dirs.push(d);
  const f = join(d, 'rows.csv');
  writeFileSync(f, text);
  return f;
}

const BSM = ['price', '--model', 'bsm', '--type', 'call', '--spot', '100', '--strike', '100', '--time-years', '0.5', '--rate', '0.03', '--dividend-yield', '0.01', '--sigma', '0.2'];
function withFlag(flag: string, value: string): string[] {
  const args = [...BSM];
  args[args.indexOf(flag) + 1] = value;
  return args;
}

describe('alvh price: inputs outside the finite domain are refused, naming the field', () => {
  const cases: Array<[string, string, RegExp]> = [
    ['--rate', '-1000', /^alvh: --rate: -1000 is outside \[-1, 1\]/],
    ['--dividend-yield', '1000', /^alvh: --dividend-yield: 1000 is outside \[-1, 1\]/],
    ['--time-years', '1e308', /^alvh: --time-years: 1e\+308 is outside \[0, 100\] years/],
    ['--spot', '1e-300', /^alvh: --spot: 1e-300 is outside \[0\.000001, 1000000000\] index points/],
    ['--strike', '1e300', /^alvh: --strike: 1e\+300 is outside/],
  ];
  for (const [flag, value, message] of cases) {
    it(`${flag} ${value}`, async () => {
      const r = await runCli(withFlag(flag, value));
      expect(r.code).toBe(1);
      expect(r.stdout).toBe('');
      expect(r.stderr).toMatch(message);
    });
  }

  it('a CSV row with r = -1000 is refused at its line and column, not printed as NaN', async () => {
    const file = csvFile('type,S,K,T,r,q,sigma\nC,100,100,0.5,0.03,0.01,0.2\nC,100,100,0.5,-1000,0.01,0.2\n');
    const r = await runCli(['price', '--model', 'bsm', '--csv', file]);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(`alvh: ${file}:3: field 'r': -1000 is outside [-1, 1] (a decimal per year: 0.05 is 5 %)\n`);
  });

  it('property: random rows inside the domain never print NaN or Infinity; a refusal names its cause (fast-check)', async () => {
    const D = PRICING_INPUT_DOMAIN;
    const level = fc.double({ min: D.minLevelPoints, max: D.maxLevelPoints, noNaN: true });
    const rate = fc.double({ min: -D.maxAbsRate, max: D.maxAbsRate, noNaN: true });
    const rows = fc.array(fc.tuple(fc.constantFrom('C', 'P'), level, level, fc.double({ min: 0, max: D.maxTimeYears, noNaN: true }), rate, rate, fc.double({ min: 0, max: D.maxSigma, noNaN: true })), { minLength: 1, maxLength: 40 });
    await fc.assert(
      fc.asyncProperty(rows, async (list) => {
        const file = csvFile(['type,S,K,T,r,q,sigma', ...list.map((t) => t.join(','))].join('\n') + '\n');
        const r = await runCli(['price', '--model', 'bsm', '--csv', file]);
        // Either priced, every output finite, or refused by name; never NaN or Infinity printed.
        if (r.code === 0) expect(r.stdout).not.toMatch(/NaN|Infinity/);
        else expect(r.stderr).toMatch(/is not finite for these inputs|is outside/);
      }),
      { numRuns: 30, seed: 13 },
    );
  });
});
