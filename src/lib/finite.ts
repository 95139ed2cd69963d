/** Boundary checks: NaN and infinities are rejected where numbers enter the core. */
export function isFiniteNumber(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value);
}

export class NonFiniteInputError extends Error {
  constructor(
    readonly field: string,
    readonly value: unknown,
  ) {
    super(`${field} must be a finite number, got ${String(value)}`);
    this.name = 'NonFiniteInputError';
  }
}

/** Throws a NonFiniteInputError naming the field; for programmer-facing APIs. */
export function requireFinite(field: string, value: number): number {
  if (!Number.isFinite(value)) throw new NonFiniteInputError(field, value);
  return value;
}

/** A plain decimal as text: digits with an optional sign, point and exponent (no hex, no blanks, no words). */
export const DECIMAL_NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

/**
 * A plain decimal number (optionally with an exponent) that is finite as a double; undefined for
 * anything else, including NaN, Infinity, hex and blanks that Number() would accept.
 */
export function parseFiniteDecimal(text: string): number | undefined {
  if (!DECIMAL_NUMBER.test(text)) return undefined;
  const value = Number(text);
  return Number.isFinite(value) ? value : undefined;
}
