/**
 * The probabilistic and the deflated Sharpe ratio (Bailey & López de Prado, "The Deflated Sharpe
 * Ratio: Correcting for Selection Bias, Backtest Overfitting and Non-Normality", J. Portfolio
 * Management 40(5), 2014).
 *
 * PSR(SR*) = Φ( (SR − SR*) √(T − 1) / √(1 − γ3·SR + (γ4 − 1)/4 · SR²) ), with SR the per-period
 * (not annualised) Sharpe ratio of T returns, γ3 their skewness and γ4 their (non-excess) kurtosis.
 * DSR = PSR(SR0), where SR0 is the Sharpe ratio the best of N independent trials reaches by luck
 * alone: SR0 = √V[SR] · ((1 − γ)·Φ⁻¹(1 − 1/N) + γ·Φ⁻¹(1 − 1/(N·e))), γ the Euler-Mascheroni constant
 * and V[SR] the variance of the trials' Sharpe ratios (per period, like SR).
 */
import { normCdf, normInv } from '../pricing/normal.js';

export const EULER_MASCHERONI = 0.5772156649015329;

export class OverfittingInputError extends Error {
  override name = 'OverfittingInputError';
}

function requireFinite(name: string, x: number): void {
  if (!Number.isFinite(x)) throw new OverfittingInputError(`${name} must be a finite number (got ${x})`);
}

export interface ReturnMoments {
  readonly count: number;
  readonly mean: number;
  /** Sample standard deviation (n − 1). */
  readonly stdDev: number;
  /** Per-period Sharpe ratio mean / stdDev (the risk-free rate is the caller's: pass excess returns). */
  readonly sharpe: number | undefined;
  /** Third standardised moment (population moments, as the paper). */
  readonly skewness: number;
  /** Fourth standardised moment, non-excess (3 for a normal distribution). */
  readonly kurtosis: number;
}

export function returnMoments(returns: ArrayLike<number>): ReturnMoments {
  const n = returns.length;
  if (n < 2) throw new OverfittingInputError('moments need at least two returns');
  let sum = 0;
  for (let i = 0; i < n; i++) {
    const r = returns[i] as number;
    requireFinite(`return ${i}`, r);
    sum += r;
  }
  const mean = sum / n;
  let m2 = 0;
  let m3 = 0;
  let m4 = 0;
  for (let i = 0; i < n; i++) {
    const d = (returns[i] as number) - mean;
    const d2 = d * d;
    m2 += d2;
    m3 += d2 * d;
    m4 += d2 * d2;
  }
  const stdDev = Math.sqrt(m2 / (n - 1));
  const popVar = m2 / n;
  const skewness = popVar > 0 ? m3 / n / Math.pow(popVar, 1.5) : 0;
  const kurtosis = popVar > 0 ? m4 / n / (popVar * popVar) : 3;
  return { count: n, mean, stdDev, sharpe: stdDev > 0 ? mean / stdDev : undefined, skewness, kurtosis };
}

/** Probability that the true Sharpe ratio exceeds `benchmarkSharpe`, all per period. */
export function probabilisticSharpeRatio(input: { sharpe: number; benchmarkSharpe: number; count: number; skewness: number; kurtosis: number }): number {
  const { sharpe, benchmarkSharpe, count, skewness, kurtosis } = input;
  for (const [k, v] of Object.entries(input)) requireFinite(k, v);
  if (count < 2) throw new OverfittingInputError('the PSR needs at least two returns');
  const variance = 1 - skewness * sharpe + ((kurtosis - 1) / 4) * sharpe * sharpe;
  if (variance <= 0) throw new OverfittingInputError(`the Sharpe ratio's variance term is not positive (${variance}) for skewness ${skewness}, kurtosis ${kurtosis}`);
  return normCdf(((sharpe - benchmarkSharpe) * Math.sqrt(count - 1)) / Math.sqrt(variance));
}

/** The Sharpe ratio the best of `trials` independent trials is expected to reach by chance, per period. */
export function expectedMaxSharpe(trials: number, sharpeVariance: number): number {
  requireFinite('trials', trials);
  requireFinite('sharpeVariance', sharpeVariance);
  if (trials < 1 || !Number.isInteger(trials)) throw new OverfittingInputError(`trials must be a positive integer (got ${trials})`);
  if (sharpeVariance < 0) throw new OverfittingInputError('the variance of the Sharpe ratios cannot be negative');
  if (trials === 1) return 0;
  return Math.sqrt(sharpeVariance) * ((1 - EULER_MASCHERONI) * normInv(1 - 1 / trials) + EULER_MASCHERONI * normInv(1 - 1 / (trials * Math.E)));
}

export interface DeflatedSharpe {
  /** Per-period Sharpe ratio of the selected variant. */
  readonly sharpe: number;
  /** The benchmark SR0 it is deflated against, per period. */
  readonly expectedMaxSharpe: number;
  readonly trials: number;
  readonly sharpeVariance: number;
  readonly count: number;
  readonly skewness: number;
  readonly kurtosis: number;
  /** Probability the selected variant's true Sharpe ratio is above SR0 (0.95 is the usual bar). */
  readonly deflatedSharpeRatio: number;
}

export function deflatedSharpeRatio(input: { sharpe: number; trials: number; sharpeVariance: number; count: number; skewness: number; kurtosis: number }): DeflatedSharpe {
  const sr0 = expectedMaxSharpe(input.trials, input.sharpeVariance);
  const dsr = probabilisticSharpeRatio({ sharpe: input.sharpe, benchmarkSharpe: sr0, count: input.count, skewness: input.skewness, kurtosis: input.kurtosis });
  return { ...input, expectedMaxSharpe: sr0, deflatedSharpeRatio: dsr };
}

/**
 * The DSR of the best of several return series (one per trial, same periods): selects the highest
 * per-period Sharpe ratio and deflates it by the number of trials and their Sharpe ratios' variance.
 * Trials with no volatility have no Sharpe ratio and are left out.
 */
export function deflatedSharpeOfBest(trialReturns: ReadonlyArray<ArrayLike<number>>): (DeflatedSharpe & { bestIndex: number }) | undefined {
  const moments = trialReturns.map((r) => returnMoments(r));
  const sharpes = moments.flatMap((m, i) => (m.sharpe === undefined ? [] : [{ i, s: m.sharpe }]));
  if (sharpes.length === 0) return undefined;
  const meanSharpe = sharpes.reduce((a, b) => a + b.s, 0) / sharpes.length;
  const variance = sharpes.length > 1 ? sharpes.reduce((a, b) => a + (b.s - meanSharpe) ** 2, 0) / (sharpes.length - 1) : 0;
  let best = sharpes[0] as { i: number; s: number };
  for (const x of sharpes) if (x.s > best.s) best = x;
  const m = moments[best.i] as ReturnMoments;
  return { ...deflatedSharpeRatio({ sharpe: best.s, trials: sharpes.length, sharpeVariance: variance, count: m.count, skewness: m.skewness, kurtosis: m.kurtosis }), bestIndex: best.i };
}
