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
}

/** Total-variance ratio m(z) = w(k, T) / w(0, T). */
export function smileVarianceRatio(shape: SmileShape, z: number): number {
  const { wingSlopePerZ: eta, skewRho: rho, smoothingZ: zeta } = shape;
  return 1 + eta * (rho * z + Math.sqrt(z * z + zeta * zeta) - zeta);
}

/** dm/dz, for the calendar-arbitrage condition and the density. */
export function smileVarianceRatioSlope(shape: SmileShape, z: number): number {
  const { wingSlopePerZ: eta, skewRho: rho, smoothingZ: zeta } = shape;
  return eta * (rho + z / Math.sqrt(z * z + zeta * zeta));
}

/**
 * Total implied variance at log-moneyness k = ln(K/F) for an ATM total variance `atmTotalVariance`
 * (= atmVol^2 * T). w(k) = a * m(k / sqrt(a)).
 */
export function smileTotalVariance(shape: SmileShape, atmTotalVariance: number, logMoneyness: number): number {
  if (atmTotalVariance <= 0) return 0;
  return atmTotalVariance * smileVarianceRatio(shape, logMoneyness / Math.sqrt(atmTotalVariance));
}
