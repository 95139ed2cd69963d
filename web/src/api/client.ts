/** Fetches from the alvh API; a 4xx/5xx becomes an ApiError carrying the server's reason. */

export class ApiError extends Error {
  override name = 'ApiError';
  constructor(
    readonly status: number,
    message: string,
    /** The server's reasons by field, when it gave them (a config refused field by field). */
    readonly issues: ReadonlyArray<{ readonly path: string; readonly message: string }> = [],
  ) {
    super(message);
  }
}

/** The bearer token is only needed when the server listens beyond loopback; it is kept for the session. */
const tokenStorageKey = 'alvh.token';

export function authHeaders(): Record<string, string> {
  const token = sessionStorage.getItem(tokenStorageKey);
  return token ? { Authorization: `Bearer ${token}` } : {};
}

export function setApiToken(token: string): void {
  sessionStorage.setItem(tokenStorageKey, token);
}

async function readBody<T>(response: Response): Promise<T> {
  const text = await response.text();
  const body: unknown = text ? JSON.parse(text) : null;
  if (!response.ok) {
    const reason = body && typeof body === 'object' && 'error' in body ? String((body as { error: unknown }).error) : response.statusText;
    const issues = body && typeof body === 'object' && 'issues' in body && Array.isArray((body as { issues: unknown }).issues) ? (body as { issues: Array<{ path: string; message: string }> }).issues : [];
    throw new ApiError(response.status, reason, issues);
  }
  return body as T;
}

export interface ApiResponse<T> {
  readonly status: number;
  readonly body: T;
}

export async function getJson<T>(path: string, signal?: AbortSignal): Promise<ApiResponse<T>> {
  const response = await fetch(path, { headers: { Accept: 'application/json', ...authHeaders() }, ...(signal ? { signal } : {}) });
  return { status: response.status, body: await readBody<T>(response) };
}

/** A request that changes something: POST or DELETE (a GET never does, and the server holds it to that). */
export async function sendJson<T>(method: 'POST' | 'DELETE', path: string, payload?: unknown, signal?: AbortSignal): Promise<ApiResponse<T>> {
  const init: RequestInit = { method, headers: { Accept: 'application/json', ...authHeaders() }, ...(signal ? { signal } : {}) };
  if (payload !== undefined) {
    init.headers = { ...init.headers, 'Content-Type': 'application/json' };
    init.body = JSON.stringify(payload);
  }
  const response = await fetch(path, init);
  return { status: response.status, body: await readBody<T>(response) };
}

/** Query string from the defined, non-empty parameters only. */
export function withQuery(path: string, params: Readonly<Record<string, string | number | undefined>>): string {
  const query = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) if (value !== undefined && value !== '') query.set(key, String(value));
  const text = query.toString();
  return text ? `${path}?${text}` : path;
}
