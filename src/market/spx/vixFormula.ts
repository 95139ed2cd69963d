/**
 * The Cboe VIX white-paper procedure as a pure function: from the strike strips of two expiries
 * (near and next) to the index level for a target tenor. The same procedure yields VIX9D, VIX3M and
 * VIX6M with their own target tenors. Times are in years (ACT/365 from day numbers, end-of-day), so
 * the result is the end-of-day analogue of the index, which Cboe computes with minute precision.
 */
import { err, ok, type Result } from '../../lib/result.js';
import { volPointsFromDecimal } from '../../lib/units.js';

/** One listed strike with the mid prices of its call and put (index points). */
export interface StrikeMids {
  readonly strike: number;
  readonly callMid: number;
  readonly putMid: number;
}

export interface VixFormulaTerm {
  /** Time to this expiry in years. */
  readonly timeYears: number;
  /** Continuously compounded risk-free rate to this expiry, decimal. */
  readonly rateDecimal: number;
  /** Strikes of this expiry, any order, unique. */
  readonly strikes: readonly StrikeMids[];
}

export type VixFormulaError =
  | { readonly kind: 'vix-formula-term'; readonly term: 'near' | 'next'; readonly reason: string }
  | { readonly kind: 'vix-formula-tenor'; readonly reason: string };

/** Per-term variance and the quantities the white paper reports, kept for tests and diagnostics. */
export interface VixTermVariance {
  readonly forward: number;
  readonly k0: number;
  /** sigma^2 of the term (annualised variance, decimal^2). */
  readonly variance: number;
  readonly strikesUsed: number;
}

/** One strike of a term's out-of-the-money strip: its price Q(K) and its ΔK weight. */
export interface StripStrike {
  readonly strike: number;
  /** Put below K0, call above, the average of both at K0 (index points). */
  readonly price: number;
  /** Half the distance between the neighbouring strikes (the distance to the one neighbour at the ends). */
  readonly deltaStrike: number;
}

/** What the Cboe procedures (VIX, SKEW) read from one expiry: parity forward, K0 and the weighted strip. */
export interface OtmStrip {
  readonly forward: number;
  readonly k0: number;
  /** exp(r T): the procedures carry prices forward to expiry. */
  readonly growth: number;
  /** Ascending in strike. */
  readonly strikes: readonly StripStrike[];
}

/**
 * The strip selection shared by Cboe's VIX and SKEW procedures: forward from put-call parity at the
 * strike where call and put are closest, K0 the first strike at or below it, out-of-the-money puts
 * below and calls above, each side ending at two consecutive zero prices.
 */
export function otmStrip(term: VixFormulaTerm, label: 'near' | 'next'): Result<OtmStrip, VixFormulaError> {
  const fail = (reason: string) => err({ kind: 'vix-formula-term' as const, term: label, reason });
  const { timeYears, rateDecimal } = term;
  if (!(timeYears > 0) || !Number.isFinite(timeYears)) return fail(`time to expiry must be > 0 years, got ${timeYears}`);
  if (!Number.isFinite(rateDecimal)) return fail('rate must be finite');
  const rows = [...term.strikes].sort((a, b) => a.strike - b.strike);
  for (const row of rows) {
    if (!(row.strike > 0) || !Number.isFinite(row.callMid) || !Number.isFinite(row.putMid) || row.callMid < 0 || row.putMid < 0) {
      return fail(`strike ${row.strike}: strike must be > 0 and mids finite and >= 0`);
    }
  }
  for (let i = 1; i < rows.length; i++) {
    if ((rows[i] as StrikeMids).strike === (rows[i - 1] as StrikeMids).strike) return fail(`duplicate strike ${(rows[i] as StrikeMids).strike}`);
  }
  // The forward comes from put-call parity at the strike where call and put are closest in price.
  const parityRows = rows.filter((row) => row.callMid > 0 && row.putMid > 0);
  if (parityRows.length === 0) return fail('no strike has both a call and a put price');
  let atParity = parityRows[0] as StrikeMids;
  for (const row of parityRows) {
    if (Math.abs(row.callMid - row.putMid) < Math.abs(atParity.callMid - atParity.putMid)) atParity = row;
  }
  const growth = Math.exp(rateDecimal * timeYears);
  const forward = atParity.strike + growth * (atParity.callMid - atParity.putMid);
  // K0 is the first strike at or below the forward.
  let k0Index = -1;
  for (let i = 0; i < rows.length; i++) if ((rows[i] as StrikeMids).strike <= forward) k0Index = i;
  if (k0Index < 0) return fail(`no strike at or below the forward ${forward}`);
  const k0 = (rows[k0Index] as StrikeMids).strike;

  // Out-of-the-money strip: puts below K0 and calls above, each side stopping after two consecutive
  // zero prices (the index's rule for two consecutive zero bids), zero-priced strikes excluded.
  const selected: { strike: number; price: number }[] = [];
  const k0Row = rows[k0Index] as StrikeMids;
  selected.push({ strike: k0, price: 0.5 * (k0Row.callMid + k0Row.putMid) });
  let zeros = 0;
  for (let i = k0Index - 1; i >= 0 && zeros < 2; i--) {
    const row = rows[i] as StrikeMids;
    if (row.putMid === 0) zeros++;
    else {
      zeros = 0;
      selected.push({ strike: row.strike, price: row.putMid });
    }
  }
  zeros = 0;
  for (let i = k0Index + 1; i < rows.length && zeros < 2; i++) {
    const row = rows[i] as StrikeMids;
    if (row.callMid === 0) zeros++;
    else {
      zeros = 0;
      selected.push({ strike: row.strike, price: row.callMid });
    }
  }
  selected.sort((a, b) => a.strike - b.strike);
  if (selected.length < 3) return fail(`only ${selected.length} strikes with a price in the strip`);

  const weighted: StripStrike[] = selected.map((here, i) => {
    const below = selected[i - 1];
    const above = selected[i + 1];
    // Interior strikes use half the distance between neighbours; the ends the distance to their one neighbour.
    const deltaStrike =
      below === undefined
        ? (above as { strike: number }).strike - here.strike
        : above === undefined
          ? here.strike - below.strike
          : 0.5 * (above.strike - below.strike);
    return { strike: here.strike, price: here.price, deltaStrike };
  });
  return ok({ forward, k0, growth, strikes: weighted });
}

function termVariance(term: VixFormulaTerm, label: 'near' | 'next'): Result<VixTermVariance, VixFormulaError> {
  const strip = otmStrip(term, label);
  if (!strip.ok) return strip;
  const { forward, k0, growth, strikes } = strip.value;
  const { timeYears } = term;
  let sum = 0;
  for (const here of strikes) sum += (here.deltaStrike / (here.strike * here.strike)) * growth * here.price;
  const variance = (2 / timeYears) * sum - (1 / timeYears) * (forward / k0 - 1) ** 2;
  if (!(variance > 0)) return err({ kind: 'vix-formula-term' as const, term: label, reason: `non-positive variance ${variance}` });
  return ok({ forward, k0, variance, strikesUsed: strikes.length });
}

export interface VixFormulaResult {
  /** The index level in vol points (e.g. 17.5 for 17.5 %). */
  readonly indexPoints: number;
  readonly near: VixTermVariance;
  readonly next: VixTermVariance;
}

/**
 * Index = 100 * sqrt( weighted total variance of near and next, interpolated to `targetYears`,
 * annualised over `targetYears` ). The near term may be as short or as long as the caller lists; when
 * the target lies outside [near, next] the same linear weights extrapolate, as the white paper's
 * formula does for the days when the near term is inside the target window's edge.
 */
export function vixFromTwoExpiries(
  near: VixFormulaTerm,
  next: VixFormulaTerm,
  targetYears: number,
): Result<VixFormulaResult, VixFormulaError> {
  if (!(targetYears > 0) || !Number.isFinite(targetYears)) {
    return err({ kind: 'vix-formula-tenor', reason: `target tenor must be > 0 years, got ${targetYears}` });
  }
  if (!(next.timeYears > near.timeYears)) {
    return err({ kind: 'vix-formula-tenor', reason: 'the next term must expire after the near term' });
  }
  const nearVariance = termVariance(near, 'near');
  if (!nearVariance.ok) return nearVariance;
  const nextVariance = termVariance(next, 'next');
  if (!nextVariance.ok) return nextVariance;
  const t1 = near.timeYears;
  const t2 = next.timeYears;
  const weightNear = (t2 - targetYears) / (t2 - t1);
  const weightNext = (targetYears - t1) / (t2 - t1);
  const totalVariance = t1 * nearVariance.value.variance * weightNear + t2 * nextVariance.value.variance * weightNext;
  if (!(totalVariance > 0)) return err({ kind: 'vix-formula-tenor', reason: 'interpolated variance is not positive' });
  return ok({
    indexPoints: volPointsFromDecimal(Math.sqrt(totalVariance / targetYears)),
    near: nearVariance.value,
    next: nextVariance.value,
  });
}
