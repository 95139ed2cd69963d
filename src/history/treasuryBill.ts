/**
 * Converting a T-bill discount-basis quote (FRED DTB3, Yahoo ^IRX: % per year) into the continuously
 * compounded ACT/365 rate that Black-76 discounting expects.
 *
 * A bill with discount yield d and term n days costs, per 1 of face value,
 *     price = 1 - d * n / 360                      (the discount-basis definition)
 * Its money-market yield is (1/price - 1) * 360 / n and its bond-equivalent yield
 * (1/price - 1) * 365 / n; compounding that continuously over the same n days gives
 *     r = ln(1 / price) / (n / 365)
 * which is what this returns. At 5 % discount and 91 days this is about 5.10 %: quoting the discount
 * yield as the rate would understate it by about 10 basis points.
 */
import { err, ok, type Result } from '../lib/result.js';
import { yearFractionAct365 } from '../time/day.js';

export type BillRateError = { kind: 'bill-price-not-positive'; discountYieldPct: number; price: number };

export interface BillConvention {
  readonly treasuryBillTermDays: number;
  readonly treasuryBillDiscountBasisDaysPerYear: number;
}

export function continuousRateFromDiscountYieldPct(
  discountYieldPct: number,
  convention: BillConvention,
): Result<number, BillRateError> {
  const discountYieldDecimal = discountYieldPct / 100;
  const discountFraction =
    (discountYieldDecimal * convention.treasuryBillTermDays) / convention.treasuryBillDiscountBasisDaysPerYear;
  const price = 1 - discountFraction;
  if (!(price > 0)) return err({ kind: 'bill-price-not-positive', discountYieldPct, price });
  // ln(1 / price) written as log1p(discount / price): exact to the last digit at the tiny rates of 2009-2015.
  return ok(Math.log1p(discountFraction / price) / yearFractionAct365(0, convention.treasuryBillTermDays));
}
