/**
 * The SPX smile in standardised moneyness z = ln(K/F) / (atmVol * sqrt(T)): the ratio of total implied
 * variance to ATM total variance,
 *
 *   m(z) = 1 + eta * ( rho * z + sqrt(z^2 + zeta^2) - zeta ),
 *
 * an SVI-shaped curve pinned to m(0) = 1 so that the ATM level comes only from the term structure.
 * Slope at the money is eta*rho, curvature eta/zeta, and both wings grow linearly in |z| (slopes
 * eta*(1±rho)). Its lowest value is 1 + eta*zeta*(sqrt(1 - rho^2) - 1), so total variance stays
 * positive only while eta*zeta*(1 - sqrt(1 - rho^2)) < 1: the config refuses a shape that breaks it at
 * any skew level the calibration may reach (smileVarianceRatioLowerBound). For the fitted values the
 * smile is also inside Lee's moment bound and free of butterfly arbitrage (tested on a grid of days).
 */
import type { SpxModelConfig } from './config.js';
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

/**
 * The fitted smile of the config, at a skew level (1 = as fitted). With skewLevelMoves `put-wing`, the
 * put wing's slope p = eta (1 - rho) becomes p L and the call wing's c = eta (1 + rho) stays, so
 * eta' = (c + p L) / 2 and rho' = (c - p L) / (c + p L): still the SVI form of smile.ts (eta' > 0,
 * |rho'| < 1 for any L > 0), its ATM slope eta' rho' = (c - p L) / 2 steeper as L rises. The far put
 * tail keeps its fitted slope (config smilePutTailSlopePerZ says why).
 * Hand check at the fitted values L = 1: eta' = (c + p) / 2 = eta, rho' = 2 eta rho / (2 eta) = rho.
 */
export function smileShapeOf(config: SpxModelConfig, skewLevel = 1): SmileShape {
  const { smileWingSlopePerZ: eta, smileSkewRho: rho, smileSmoothingZ: smoothingZ } = config;
  const tail = { putTailStartZ: config.smilePutTailStartZ, putTailSmoothingZ: config.smilePutTailSmoothingZ };
  if (config.skewLevelMoves === 'both-wings') {
    return { wingSlopePerZ: eta * skewLevel, skewRho: rho, smoothingZ, putTailSlopePerZ: config.smilePutTailSlopePerZ * skewLevel, ...tail };
  }
  const putTailSlopePerZ = config.smilePutTailSlopePerZ;
  if (skewLevel === 1) return { wingSlopePerZ: eta, skewRho: rho, smoothingZ, putTailSlopePerZ, ...tail };
  const callSlope = eta * (1 + rho);
  const putSlope = eta * (1 - rho) * skewLevel;
  return { wingSlopePerZ: 0.5 * (callSlope + putSlope), skewRho: (callSlope - putSlope) / (callSlope + putSlope), smoothingZ, putTailSlopePerZ, ...tail };
}

/**
 * The lowest m(z) can reach, and where: the SVI part's minimum, 1 + eta*zeta*(sqrt(1 - rho^2) - 1) at
 * z* = -rho*zeta / sqrt(1 - rho^2) (where its slope rho + z / sqrt(z^2 + zeta^2) is 0), less the most
 * the far put tail can take away, beta*g(-z0) (t(z) = g(z - z0) - g(-z0) >= -g(-z0), g > 0). The
 * tail's share is a bound, so the ratio is a lower bound, exact without a tail. Total variance is
 * positive everywhere when it is above 0.
 */
export function smileVarianceRatioLowerBound(shape: SmileShape): { readonly ratio: number; readonly atZ: number } {
  const { wingSlopePerZ: eta, skewRho: rho, smoothingZ: zeta } = shape;
  const root = Math.sqrt(1 - rho * rho);
  const beta = shape.putTailSlopePerZ ?? 0;
  const tailLoss = beta === 0 ? 0 : beta * hinge(-(shape.putTailStartZ ?? 0), shape.putTailSmoothingZ ?? 1);
  return { ratio: 1 + eta * zeta * (root - 1) - tailLoss, atZ: (-rho * zeta) / root };
}
