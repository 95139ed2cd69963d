import type { ReactNode } from 'react';
import type { Loadable } from '../api/useApi.js';

/** Renders a request's loading and error states, or its data through `children`. */
export function Load<T>({ result, children }: { result: Loadable<T>; children: (data: T, status: number) => ReactNode }) {
  if (result.state === 'loading') return <p className="muted" role="status">Loading…</p>;
  if (result.state === 'error') return <p className="error" role="alert">{result.message}</p>;
  return <>{children(result.data, result.status)}</>;
}
