/**
 * The standard normal distribution to full double precision. The cumulative function uses W. J. Cody's
 * rational Chebyshev approximations (Math. Comp. 1969) for erfc, accurate to about 1e-16 relative over
 * the whole line, including the far tails that deep out-of-the-money options live in.
 */

const SQRT_2PI_INV = 0.3989422804014327; // 1/sqrt(2*pi)
const SQRT_HALF = 0.7071067811865476;

/** Standard normal density. */
export function normPdf(x: number): number {
  return SQRT_2PI_INV * Math.exp(-0.5 * x * x);
}

const SQRT_PI_INV = 0.5641895835477563;

// Cody's coefficients (erf on |x| <= 0.5; erfc on 0.5 < |x| <= 4 and |x| > 4), each range's numerator
// then its denominator, highest power first, in typed arrays rather than as literals in the
// expressions. V8 builds every double literal of optimized code in a register from an immediate (two
// instructions), where a coefficient read from a constant typed array is one memory operand of the
// multiply or add. The values and the operation order are Cody's, so the results are bit-identical;
// measured on the pricing bench (same process, interleaved): priceChain 25.9 against 21.6 M/s.
const ERF_SMALL = Float64Array.of(
  0.18577770618460315, 3.1611237438705656, 113.86415415105016, 377.485237685302, 3209.3775891384694,
  23.601290952344122, 244.02463793444417, 1282.6165260773723, 2844.236833439171,
);
const ERFC_MIDDLE = Float64Array.of(
  2.15311535474403846e-8, 0.5641884969886701, 8.883149794388377, 66.11919063714163, 298.635138197400131, 881.95222124176909,
  1712.04761263407058, 2051.07837782607147, 1230.33935479799725,
  15.744926110709835, 117.6939508913125, 537.1811018620099, 1621.3895745666903, 3290.7992357334597, 4362.619090143247,
  3439.3676741437216, 1230.3393548037495,
);
const ERFC_TAIL = Float64Array.of(
  0.016315387137302097, 0.30532663496123236, 0.36034489994980445, 0.12578172611122926, 0.016083785148742275, 6.587491615298378e-4,
  2.568520192289822, 1.8729528499234604, 0.5279051029514285, 0.06051834131244132, 0.0023352049762686918,
);

function c(arr: readonly number[], i: number): number {
  return arr[i] as number;
}

/**
 * erfc(y) * exp(y*y) for y >= 0.5: the rational part of Cody's erfc, without its Gaussian factor, so
 * that hot loops can share one exponential between d1 and d2. Horner form; the operation order is Cody's.
 */
export function scaledErfcAboveHalf(y: number): number {
  return y <= 4 ? scaledErfcMiddle(y) : scaledErfcTail(y);
}

// The two ranges are separate small functions so that the JIT inlines them into hot loops (one large
// function would be called, and its double result boxed, instead).

/** erfc(y) exp(y^2) for 0.5 <= y <= 4. */
function scaledErfcMiddle(y: number): number {
  const t = ERFC_MIDDLE;
  const num = ((((((((t[0] as number) * y + (t[1] as number)) * y + (t[2] as number)) * y + (t[3] as number)) * y + (t[4] as number)) * y + (t[5] as number)) * y + (t[6] as number)) * y + (t[7] as number)) * y + (t[8] as number);
  const den = (((((((y + (t[9] as number)) * y + (t[10] as number)) * y + (t[11] as number)) * y + (t[12] as number)) * y + (t[13] as number)) * y + (t[14] as number)) * y + (t[15] as number)) * y + (t[16] as number);
  return num / den;
}

/** erfc(y) exp(y^2) for y > 4. */
function scaledErfcTail(y: number): number {
  const t = ERFC_TAIL;
  const z = 1 / (y * y);
  const num = ((((((t[0] as number) * z + (t[1] as number)) * z + (t[2] as number)) * z + (t[3] as number)) * z + (t[4] as number)) * z + (t[5] as number)) * z;
  const den = ((((z + (t[6] as number)) * z + (t[7] as number)) * z + (t[8] as number)) * z + (t[9] as number)) * z + (t[10] as number);
  return (SQRT_PI_INV - num / den) / y;
}

/** erfc(x) for x >= 0.5 by Cody's rational approximations. */
function erfcPositive(y: number): number {
  return expSplit(y) * scaledErfcAboveHalf(y);
}

/** exp(-y*y) computed with the argument split to keep the rounding error of y*y out of the result. */
function expSplit(y: number): number {
  const ySplit = Math.trunc(y * 16) / 16;
  const del = (y - ySplit) * (y + ySplit);
  return Math.exp(-ySplit * ySplit) * Math.exp(-del);
}

/** erf(x) for |x| <= 0.5. */
export function erfSmall(x: number): number {
  const t = ERF_SMALL;
  const z = x * x;
  const num = ((((t[0] as number) * z + (t[1] as number)) * z + (t[2] as number)) * z + (t[3] as number)) * z + (t[4] as number);
  const den = (((z + (t[5] as number)) * z + (t[6] as number)) * z + (t[7] as number)) * z + (t[8] as number);
  return (x * num) / den;
}

/** Complementary error function to full double precision. */
export function erfc(x: number): number {
  const y = Math.abs(x);
  if (y <= 0.5) return 1 - erfSmall(x);
  const r = erfcPositive(y);
  return x < 0 ? 2 - r : r;
}

/** Standard normal cumulative distribution, accurate in both tails. */
export function normCdf(x: number): number {
  return 0.5 * erfc(-x * SQRT_HALF);
}

/**
 * Phi(x) given gaussian = exp(-x*x/2) computed by the caller (often derived from another argument's
 * exponential, e.g. exp(-d2^2/2) = exp(-d1^2/2) * F/K). Same approximations as normCdf; the only extra
 * error is the caller's exponential, about |x|^2/2 ulps relative in the tails.
 */
export function normCdfWithGaussian(x: number, gaussian: number): number {
  const y = Math.abs(x) * SQRT_HALF;
  if (y <= 0.5) return 0.5 - 0.5 * erfSmall(-x * SQRT_HALF);
  const tail = 0.5 * gaussian * (y <= 4 ? scaledErfcMiddle(y) : scaledErfcTail(y));
  return x < 0 ? tail : 1 - tail;
}

// P. J. Acklam's rational approximation of the inverse normal CDF (relative error 1.15e-9), used only
// as the starting point of a Halley step against the full-precision normCdf above.
const INV_A = [-39.69683028665376, 220.9460984245205, -275.9285104469687, 138.357751867269, -30.66479806614716, 2.506628277459239];
const INV_B = [-54.47609879822406, 161.5858368580409, -155.6989798598866, 66.80131188771972, -13.28068155288572];
const INV_C = [-0.007784894002430293, -0.3223964580411365, -2.400758277161838, -2.549732539343734, 4.374664141464968, 2.938163982698783];
const INV_D = [0.007784695709041462, 0.3224671290700398, 2.445134137142996, 3.754408661907416];
const INV_TAIL_PROBABILITY = 0.02425;

/**
 * Inverse normal CDF to about 1e-9 relative (Acklam), for 0 < p < 1: cheap starting points where a
 * solver refines the answer anyway.
 */
export function normInvApprox(p: number): number {
  if (p < INV_TAIL_PROBABILITY || p > 1 - INV_TAIL_PROBABILITY) {
    const tail = p < 0.5 ? p : 1 - p;
    const q = Math.sqrt(-2 * Math.log(tail));
    const x =
      (((((c(INV_C, 0) * q + c(INV_C, 1)) * q + c(INV_C, 2)) * q + c(INV_C, 3)) * q + c(INV_C, 4)) * q + c(INV_C, 5)) /
      ((((c(INV_D, 0) * q + c(INV_D, 1)) * q + c(INV_D, 2)) * q + c(INV_D, 3)) * q + 1);
    return p < 0.5 ? x : -x;
  }
  const q = p - 0.5;
  const r = q * q;
  return (
    ((((((c(INV_A, 0) * r + c(INV_A, 1)) * r + c(INV_A, 2)) * r + c(INV_A, 3)) * r + c(INV_A, 4)) * r + c(INV_A, 5)) * q) /
    (((((c(INV_B, 0) * r + c(INV_B, 1)) * r + c(INV_B, 2)) * r + c(INV_B, 3)) * r + c(INV_B, 4)) * r + 1)
  );
}

/**
 * Inverse of the standard normal CDF for 0 < p < 1, to full double precision: Acklam's approximation
 * refined by Halley steps on normCdf. The refinement works on the smaller tail probability so that
 * p close to 1 does not lose its information to the rounding of 1 - p. Returns -Infinity/Infinity at
 * p = 0/1 and NaN outside [0, 1]; callers validate p first.
 */
export function normInv(p: number): number {
  if (!(p >= 0 && p <= 1)) return Number.NaN;
  if (p === 0) return Number.NEGATIVE_INFINITY;
  if (p === 1) return Number.POSITIVE_INFINITY;
  if (p > 0.5) return -normInv(1 - p);
  let x = normInvApprox(p);
  for (let i = 0; i < 2; i++) {
    const e = normCdf(x) - p;
    const u = e / normPdf(x);
    const step = u / (1 + 0.5 * x * u);
    x -= step;
    if (Math.abs(step) <= 1e-15 * Math.max(1, Math.abs(x))) break;
  }
  return x;
}
