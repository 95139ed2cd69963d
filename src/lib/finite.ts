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
