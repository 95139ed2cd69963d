/**
 * The continuous variance-swap total variance of the model's smile, the integral the Cboe VIX formula
 * discretises:
 *
 *   V = 2 * integral over K of (forward value of the out-of-the-money option at K) / K^2 dK,
 *
 * in annualised decimal^2 times years. With K = F e^k and prices in units of the forward the integral
 * is 2 * integral of q(k) e^(-k) dk, q the undiscounted Black price at forward 1, and q depends on the
 * day only through the ATM total variance A: the smile is w(k) = A m(k / sqrt(A)). So V is a function
 * of A alone (rate, dividend, forward and expiry drop out), integrated here in standardised moneyness
 * z = k / sqrt(A) with Gauss-Legendre rules on each side of the money, where the integrand has its kink.
 * A few dozen nodes replace the several hundred strikes of the discrete strip. The calibration
 * (surface.ts) predicts each term's strip from a table over A (tabulateOverAtmVariance) and uses this
 * integral where the strip has no value; the strip's bias against either is measured and divided out.
 */
import { normCdf } from '../../pricing/normal.js';
import { smileVarianceRatio, type SmileShape } from './smile.js';

/** Nodes in [-1, 1] and their weights. */
export interface GaussLegendreRule {
  readonly nodes: Float64Array;
  readonly weights: Float64Array;
}

/** Newton on the Legendre polynomial stops when a root moves less than this (in [-1, 1] units). */
const ROOT_STEP_TOLERANCE = 1e-15;
const MAX_ROOT_NEWTON_STEPS = 100;

/**
 * The n-point Gauss-Legendre rule: roots of P_n by Newton from the Chebyshev-like first guess
 * cos(pi (i + 3/4) / (n + 1/2)), weights 2 / ((1 - x^2) P_n'(x)^2). Deterministic for a given n.
 */
export function gaussLegendreRule(pointCount: number): GaussLegendreRule {
  if (!Number.isInteger(pointCount) || pointCount < 1) throw new RangeError(`Gauss-Legendre point count must be a positive integer, got ${pointCount}`);
  const nodes = new Float64Array(pointCount);
  const weights = new Float64Array(pointCount);
  const half = Math.ceil(pointCount / 2);
  for (let i = 0; i < half; i++) {
    let x = Math.cos((Math.PI * (i + 0.75)) / (pointCount + 0.5));
    let derivative = 0;
    for (let step = 0; step < MAX_ROOT_NEWTON_STEPS; step++) {
      // P_n(x) and P_{n-1}(x) by the three-term recurrence, then P_n'(x) from them.
      let current = 1;
      let previous = 0;
      for (let j = 1; j <= pointCount; j++) {
        const older = previous;
        previous = current;
        current = ((2 * j - 1) * x * previous - (j - 1) * older) / j;
      }
      derivative = (pointCount * (x * current - previous)) / (x * x - 1);
      const move = current / derivative;
      x -= move;
      if (Math.abs(move) < ROOT_STEP_TOLERANCE) break;
    }
    const weight = 2 / ((1 - x * x) * derivative * derivative);
    nodes[i] = -x;
    weights[i] = weight;
    nodes[pointCount - 1 - i] = x;
    weights[pointCount - 1 - i] = weight;
  }
  if (pointCount % 2 === 1) nodes[half - 1] = 0;
  return { nodes, weights };
}

/** How the integral is cut and sampled; the numbers come from the model config. */
export interface VarianceSwapQuadrature {
  /** The rule applied on each side of the money. */
  readonly rule: GaussLegendreRule;
  /** Each side is integrated from the money out to this many ATM standard deviations. */
  readonly maxAbsZ: number;
}

/**
 * Continuous variance-swap total variance V(A) of the smile `shape` at ATM total variance A > 0
 * (decimal^2 times years; V / T is the squared index the Cboe formula approximates).
 */
export function varianceSwapTotalVariance(shape: SmileShape, atmTotalVariance: number, quadrature: VarianceSwapQuadrature): number {
  const sqrtAtm = Math.sqrt(atmTotalVariance);
  const { nodes, weights } = quadrature.rule;
  const halfWidth = 0.5 * quadrature.maxAbsZ;
  let sum = 0;
  for (let i = 0; i < nodes.length; i++) {
    const zMagnitude = halfWidth * (1 + (nodes[i] as number));
    // Put side, z = -|z|: q(k) e^(-k) = N(-d2) - e^(-k) N(-d1).
    const kPut = -zMagnitude * sqrtAtm;
    const sdPut = Math.sqrt(atmTotalVariance * smileVarianceRatio(shape, -zMagnitude));
    const d1Put = -kPut / sdPut + 0.5 * sdPut;
    const put = normCdf(sdPut - d1Put) - Math.exp(-kPut) * normCdf(-d1Put);
    // Call side, z = +|z|: q(k) e^(-k) = e^(-k) N(d1) - N(d2).
    const kCall = zMagnitude * sqrtAtm;
    const sdCall = Math.sqrt(atmTotalVariance * smileVarianceRatio(shape, zMagnitude));
    const d1Call = -kCall / sdCall + 0.5 * sdCall;
    const call = Math.exp(-kCall) * normCdf(d1Call) - normCdf(d1Call - sdCall);
    sum += (weights[i] as number) * (put + call);
  }
  // dk = sqrt(A) dz, and the [-1, 1] rule is stretched over [0, maxAbsZ].
  return 2 * sqrtAtm * halfWidth * sum;
}

/** Where a function of A is tabulated, in ln A, and how finely. */
export interface AtmVarianceGrid {
  readonly lnAtmVarianceFrom: number;
  readonly lnAtmVarianceTo: number;
  readonly lnAtmVarianceStep: number;
}

/**
 * A total variance V(A) (decimal^2 times years) tabulated as ln(V / A) on a uniform grid of ln A and
 * read back by cubic Lagrange interpolation through the four nearest points. Where `sample` has no
 * value at one of those points, or A is off the grid, `fallback` answers. V / A moves slowly with A,
 * so between grid points the table is accurate to far below the strip bias the calibration corrects.
 */
export function tabulateOverAtmVariance(
  sample: (atmTotalVariance: number) => number | undefined,
  fallback: (atmTotalVariance: number) => number,
  grid: AtmVarianceGrid,
): (atmTotalVariance: number) => number {
  const { lnAtmVarianceFrom: from, lnAtmVarianceStep: step } = grid;
  const count = Math.floor((grid.lnAtmVarianceTo - from) / step) + 1;
  const lnRatio = new Float64Array(count);
  for (let i = 0; i < count; i++) {
    const atmVariance = Math.exp(from + i * step);
    const value = sample(atmVariance);
    lnRatio[i] = value !== undefined && value > 0 ? Math.log(value / atmVariance) : Number.NaN;
  }
  return (atmTotalVariance: number): number => cubicOverAtmVariance(lnRatio, from, step, atmTotalVariance, fallback);
}

/**
 * V(A) from ln(V / A) tabulated at ln A = from + i step (i < lnRatio.length): the cubic Lagrange
 * polynomial through the four points around ln A. `fallback` answers off the grid or where one of the
 * four has no value (NaN); `prepare(i)`, when given, fills point i before it is read (a table sampled
 * lazily).
 */
export function cubicOverAtmVariance(
  lnRatio: Float64Array,
  from: number,
  step: number,
  atmTotalVariance: number,
  fallback: (atmTotalVariance: number) => number,
  prepare?: (i: number) => void,
): number {
  const position = (Math.log(atmTotalVariance) - from) / step;
  const left = Math.floor(position) - 1;
  if (!(left >= 0 && left + 3 < lnRatio.length)) return fallback(atmTotalVariance);
  if (prepare !== undefined) for (let i = left; i <= left + 3; i++) prepare(i);
  const y0 = lnRatio[left] as number;
  const y1 = lnRatio[left + 1] as number;
  const y2 = lnRatio[left + 2] as number;
  const y3 = lnRatio[left + 3] as number;
  if (Number.isNaN(y0 + y1 + y2 + y3)) return fallback(atmTotalVariance);
  const t = position - left - 1;
  // Lagrange cubic through x = -1, 0, 1, 2 evaluated at t in [0, 1).
  const value =
    (-t * (t - 1) * (t - 2) * y0) / 6 + ((t + 1) * (t - 1) * (t - 2) * y1) / 2 - ((t + 1) * t * (t - 2) * y2) / 2 + ((t + 1) * t * (t - 1) * y3) / 6;
  return atmTotalVariance * Math.exp(value);
}
