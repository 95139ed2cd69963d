/**
 * MACD (Appel): fast EMA minus slow EMA of the close, a signal line that is an EMA of the MACD line, and
 * the histogram (line - signal). The line is valid from bar `slow`, the signal from bar
 * `slow + signal - 1`; before that the fields are undefined, never a premature number.
 */
import { Ema } from './ema.js';

export interface MacdValue {
  readonly line: number;
  /** Undefined until the signal EMA is warm. */
  readonly signal: number | undefined;
  readonly histogram: number | undefined;
}

export class Macd {
  readonly warmupBars: number;
  private readonly fast: Ema;
  private readonly slow: Ema;
  private readonly signalEma: Ema;

  constructor(fastPeriodBars: number, slowPeriodBars: number, signalPeriodBars: number) {
    if (fastPeriodBars >= slowPeriodBars) throw new RangeError('MACD fast period must be shorter than the slow period');
    this.fast = new Ema(fastPeriodBars);
    this.slow = new Ema(slowPeriodBars);
    this.signalEma = new Ema(signalPeriodBars);
    this.warmupBars = slowPeriodBars + signalPeriodBars - 1;
  }

  update(close: number): MacdValue | undefined {
    const fast = this.fast.update(close);
    const slow = this.slow.update(close);
    if (fast === undefined || slow === undefined) return undefined;
    const line = fast - slow;
    const signal = this.signalEma.update(line);
    return { line, signal, histogram: signal === undefined ? undefined : line - signal };
  }
}

export type MacdCross = 'up' | 'down' | 'none';

/** Direction in which the MACD line crossed its signal line between two consecutive bars. */
export function macdCross(previous: MacdValue | undefined, current: MacdValue | undefined): MacdCross {
  if (previous?.signal === undefined || current?.signal === undefined) return 'none';
  const before = previous.line - previous.signal;
  const after = current.line - current.signal;
  if (before >= 0 && after < 0) return 'down';
  if (before <= 0 && after > 0) return 'up';
  return 'none';
}
