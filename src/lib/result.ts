/**
 * A typed success-or-failure value. Functions that can fail on legitimate input (an impossible option
 * price, a malformed row) return one of these instead of NaN, a sentinel or an exception, so the caller
 * has to look at the reason.
 */
export type Ok<T> = { readonly ok: true; readonly value: T };
export type Err<E> = { readonly ok: false; readonly error: E };
export type Result<T, E> = Ok<T> | Err<E>;

export function ok<T>(value: T): Ok<T> {
  return { ok: true, value };
}

export function err<E>(error: E): Err<E> {
  return { ok: false, error };
}
