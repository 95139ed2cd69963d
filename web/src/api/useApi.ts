import { useEffect, useState } from 'react';
import { ApiError, getJson, sendJson, type ApiResponse } from './client.js';

export type Loadable<T> =
  | { readonly state: 'loading' }
  | { readonly state: 'error'; readonly message: string; readonly status: number | null }
  | { readonly state: 'ready'; readonly status: number; readonly data: T };

/** GET a path whenever it changes; `null` skips the request. Stale responses are aborted, not shown. */
export function useApi<T>(path: string | null, reloadKey = 0): Loadable<T> {
  return useRequest<T>(path, null, reloadKey);
}

/**
 * POST a JSON body to a path whenever either changes (for requests that write, such as issuing the
 * day's signal, which the server journals). The body is compared by its JSON text.
 */
export function usePost<T>(path: string | null, payload: unknown, reloadKey = 0): Loadable<T> {
  return useRequest<T>(path, JSON.stringify(payload ?? {}), reloadKey);
}

function useRequest<T>(path: string | null, postBody: string | null, reloadKey: number): Loadable<T> {
  const [result, setResult] = useState<Loadable<T>>({ state: 'loading' });
  useEffect(() => {
    if (path === null) return;
    const controller = new AbortController();
    setResult({ state: 'loading' });
    const request: Promise<ApiResponse<T>> = postBody === null ? getJson<T>(path, controller.signal) : sendJson<T>('POST', path, JSON.parse(postBody) as unknown, controller.signal);
    request.then(
      (response) => setResult({ state: 'ready', status: response.status, data: response.body }),
      (error: unknown) => {
        if (!controller.signal.aborted) {
          setResult({ state: 'error', message: error instanceof Error ? error.message : String(error), status: error instanceof ApiError ? error.status : null });
        }
      },
    );
    return () => controller.abort();
  }, [path, postBody, reloadKey]);
  return result;
}
