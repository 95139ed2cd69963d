import { useEffect, useState } from 'react';
import { ApiError, getJson } from './client.js';

export type Loadable<T> =
  | { readonly state: 'loading' }
  | { readonly state: 'error'; readonly message: string; readonly status: number | null }
  | { readonly state: 'ready'; readonly status: number; readonly data: T };

/** GET a path whenever it changes; `null` skips the request. Stale responses are aborted, not shown. */
export function useApi<T>(path: string | null, reloadKey = 0): Loadable<T> {
  const [result, setResult] = useState<Loadable<T>>({ state: 'loading' });
  useEffect(() => {
    if (path === null) return;
    const controller = new AbortController();
    setResult({ state: 'loading' });
    getJson<T>(path, controller.signal).then(
      (response) => setResult({ state: 'ready', status: response.status, data: response.body }),
      (error: unknown) => {
        if (!controller.signal.aborted) {
          setResult({ state: 'error', message: error instanceof Error ? error.message : String(error), status: error instanceof ApiError ? error.status : null });
        }
      },
    );
    return () => controller.abort();
  }, [path, reloadKey]);
  return result;
}
