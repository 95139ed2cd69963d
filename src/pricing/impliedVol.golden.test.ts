/** Every row of test/fixtures/pricing/implied_vol.csv through the implied-vol solvers. */
import { describe, expect, it } from 'vitest';
import { loadGoldenRows, num, text } from '../../test/support/pricingGolden.js';
import { impliedVolBlack76, impliedVolBsm } from './impliedVol.js';

/** Absolute sigma error allowed (decimal volatility) where vega is informative. */
const SIGMA_ABSOLUTE_TOLERANCE = 1e-10;
/** Vega (per 1.00 of sigma) above this fraction of the underlying makes a row informative. */
const INFORMATIVE_VEGA_PER_UNDERLYING = 1e-8;
/** Price rounding (in units of the price's double spacing) that no solver can see through. */
const PRICE_ROUNDING_ULPS = 4;

/**
 * Rows whose listed price does not determine the listed sigma to 1e-10 even in exact arithmetic. The
 * exact implied vol of the listed (double) price was found with mpmath (50 digits, findroot on the
 * closed form); on these rows a solver can only be held to the sigma error that the rounding of the
 * price itself causes, PRICE_ROUNDING_ULPS * eps * price / vega.
 */
const ILL_CONDITIONED_ROWS: ReadonlyMap<number, { exactRootOfListedPrice: number }> = new Map([
  [443, { exactRootOfListedPrice: 0.35049999874333028158 }],
]);

describe('implied volatility golden vectors', () => {
  it('implied_vol.csv: every row recovers sigma (or, with negligible vega, a finite value or a typed error)', () => {
    const rows = loadGoldenRows('implied_vol.csv', ['model', 'type']);
    expect(rows.length).toBe(1499);
    const problems: string[] = [];
    let informative = 0;
    for (const row of rows) {
      const type = text(row, 'type') === 'C' ? 'call' : 'put';
      const underlying = num(row, 'S_or_F');
      const common = { type, strike: num(row, 'K'), timeYears: num(row, 'T'), rate: num(row, 'r'), price: num(row, 'price') } as const;
      const result =
        text(row, 'model') === 'bsm'
          ? impliedVolBsm({ ...common, spot: underlying, dividendYield: num(row, 'q') })
          : impliedVolBlack76({ ...common, forward: underlying });
      const expected = num(row, 'sigma');
      if (num(row, 'vega') > INFORMATIVE_VEGA_PER_UNDERLYING * underlying) {
        informative++;
        if (!result.ok) problems.push(`line ${row.line}: ${result.error.kind} ${result.error.message}`);
        else {
          const illConditioned = ILL_CONDITIONED_ROWS.get(row.line);
          const tolerance =
            illConditioned === undefined
              ? SIGMA_ABSOLUTE_TOLERANCE
              : (PRICE_ROUNDING_ULPS * Number.EPSILON * num(row, 'price')) / num(row, 'vega');
          if (illConditioned !== undefined && !(Math.abs(illConditioned.exactRootOfListedPrice - expected) > SIGMA_ABSOLUTE_TOLERANCE))
            problems.push(`line ${row.line} is listed as ill-conditioned but is not`);
          if (!(Math.abs(result.value - expected) <= tolerance)) problems.push(`line ${row.line}: sigma ${result.value} vs ${expected}`);
        }
      } else if (result.ok && !Number.isFinite(result.value)) {
        problems.push(`line ${row.line}: non-finite sigma ${result.value}`);
      }
    }
    expect(problems).toEqual([]);
    expect(informative).toBeGreaterThan(0);
  });
});
