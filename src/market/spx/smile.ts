/**
 * The SPX smile in standardised moneyness z = ln(K/F) / (atmVol * sqrt(T)): the ratio of total implied
 * variance to ATM total variance,
 *
 *   m(z) = 1 + eta * ( rho * z + sqrt(z^2 + zeta^2) - zeta ),
 *
 * an SVI-shaped curve pinned to m(0) = 1 so that the ATM level comes only from the term structure.
 * Slope at the money is eta*rho, curvature eta/zeta, and both wings grow linearly in |z| (slopes
 * eta*(1±rho)), which keeps total variance positive and, for the fitted values, inside Lee's moment
 * bound and free of butterfly arbitrage (tested on a grid of days).
 */
export interface SmileShape {
  /** Wing scale eta: total-variance ratio per unit of |z| far from the money. */
  readonly wingSlopePerZ: number;
  /** Skew rho in (-1, 1): negative means puts richer than calls. */
  readonly skewRho: number;
  /** Smoothing zeta (in z units): how wide the rounded bottom of the smile is. */
  readonly smoothingZ: number;
  /**
   * Far put tail: beta * t(z) is added to m(z), with t(z) = g(z - z0) - g(-z0) and
   * g(u) = (sqrt(u^2 + delta^2) - u) / 2, a hinge that adds slope beta (per unit of z) below z0 < 0
   * and almost nothing above it (t(0) = 0, so m(0) stays 1). It carries what SKEW sees beyond the
   * quotes a smile can be fitted to. Absent: no tail.
   */
  readonly putTailSlopePerZ?: number;
  /** z0 of the tail, negative (standardised moneyness where the tail's hinge sits). */
  readonly putTailStartZ?: number;
  /** delta of the tail (z units): how wide its hinge is rounded. */
  readonly putTailSmoothingZ?: number;
}

/** g(u) of the tail hinge. */
function hinge(u: number, delta: number): number {
  return 0.5 * (Math.sqrt(u * u + delta * delta) - u);
}

/** beta * t(z), the far put tail's share of m(z) (0 without a tail). */
export function putTailRatio(shape: SmileShape, z: number): number {
  const beta = shape.putTailSlopePerZ ?? 0;
  if (beta === 0) return 0;
  const z0 = shape.putTailStartZ ?? 0;
  const delta = shape.putTailSmoothingZ ?? 1;
  return beta * (hinge(z - z0, delta) - hinge(-z0, delta));
}

/** Total-variance ratio m(z) = w(k, T) / w(0, T). */
export function smileVarianceRatio(shape: SmileShape, z: number): number {
  const { wingSlopePerZ: eta, skewRho: rho, smoothingZ: zeta } = shape;
  return 1 + eta * (rho * z + Math.sqrt(z * z + zeta * zeta) - zeta) + putTailRatio(shape, z);
}

/** dm/dz, for the calendar-arbitrage condition and the density. */
export function smileVarianceRatioSlope(shape: SmileShape, z: number): number {
  const { wingSlopePerZ: eta, skewRho: rho, smoothingZ: zeta } = shape;
  const beta = shape.putTailSlopePerZ ?? 0;
  let tailSlope = 0;
  if (beta !== 0) {
    const u = z - (shape.putTailStartZ ?? 0);
    const delta = shape.putTailSmoothingZ ?? 1;
    tailSlope = 0.5 * beta * (u / Math.sqrt(u * u + delta * delta) - 1);
  }
  return eta * (rho + z / Math.sqrt(z * z + zeta * zeta)) + tailSlope;
}

/**
 * Total implied variance at log-moneyness k = ln(K/F) for an ATM total variance `atmTotalVariance`
 * (= atmVol^2 * T). w(k) = a * m(k / sqrt(a)).
 */
export function smileTotalVariance(shape: SmileShape, atmTotalVariance: number, logMoneyness: number): number {
  if (atmTotalVariance <= 0) return 0;
  return atmTotalVariance * smileVarianceRatio(shape, logMoneyness / Math.sqrt(atmTotalVariance));
}
