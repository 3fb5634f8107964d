// The one way the app talks to the server: fetch with the session cookie — or, on the page that
// keeps its own session token (the embedded toolbar, sessionToken.ts), Authorization: Bearer —
// JSON both ways, and the API's error shape turned into ApiError. A 401 on any request but the
// login itself tells the registered listener (the auth context), which sends the user back to the
// login page; a 401 to a request that carried the held token drops that token.
import { dropSessionToken, sessionToken } from './sessionToken';

export interface FieldError {
  field: string;
  message: string;
}

export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly field?: string;
  readonly errors: FieldError[];
  readonly retryAfterSeconds?: number;
  readonly body: unknown;

  constructor(status: number, body: unknown, retryAfter: string | null) {
    const error = (body as { error?: { code?: string; message?: string; field?: string } } | null)?.error;
    super(error?.message ?? `HTTP ${status}`);
    this.status = status;
    this.code = error?.code ?? 'http_error';
    this.field = error?.field || undefined;
    const list = (body as { errors?: FieldError[] } | null)?.errors;
    this.errors = Array.isArray(list)
      ? list
      : this.field
        ? [{ field: this.field, message: this.message }]
        : [];
    const seconds = retryAfter ? Number.parseInt(retryAfter, 10) : Number.NaN;
    this.retryAfterSeconds = Number.isFinite(seconds) ? seconds : undefined;
    this.body = body;
  }
}

let onUnauthenticated: (() => void) | null = null;

// The auth context registers itself; 401 answers call it.
export function setUnauthenticatedListener(listener: (() => void) | null): void {
  onUnauthenticated = listener;
}

export interface RequestOptions {
  // A body sent as is (a WAV upload) with this Content-Type, instead of JSON.
  raw?: Blob | ArrayBuffer;
  contentType?: string;
  // Do not treat 401 as "session over" (the login form, the first /auth/me).
  quiet401?: boolean;
}

export async function request<T>(method: string, path: string, body?: unknown, options: RequestOptions = {}): Promise<T> {
  const headers: Record<string, string> = { Accept: 'application/json' };
  const token = sessionToken();
  if (token) headers.Authorization = `Bearer ${token}`;
  let payload: BodyInit | undefined;
  if (options.raw !== undefined) {
    payload = options.raw;
    headers['Content-Type'] = options.contentType ?? 'application/octet-stream';
  } else if (body !== undefined) {
    payload = JSON.stringify(body);
    headers['Content-Type'] = 'application/json';
  }
  const response = await fetch(path, { method, headers, body: payload, credentials: 'same-origin' });
  const text = await response.text();
  let parsed: unknown = null;
  if (text) {
    try {
      parsed = JSON.parse(text);
    } catch {
      parsed = text;
    }
  }
  if (!response.ok) {
    const error = new ApiError(response.status, parsed, response.headers.get('Retry-After'));
    // The token is no good any more (it ended, expired or was logged out elsewhere), unless a newer
    // sign-in replaced it meanwhile.
    if (response.status === 401 && token && token === sessionToken()) dropSessionToken();
    if (response.status === 401 && !options.quiet401 && onUnauthenticated) onUnauthenticated();
    throw error;
  }
  return parsed as T;
}

export const api = {
  get: <T>(path: string, options?: RequestOptions) => request<T>('GET', path, undefined, options),
  post: <T>(path: string, body?: unknown, options?: RequestOptions) => request<T>('POST', path, body ?? {}, options),
  put: <T>(path: string, body?: unknown, options?: RequestOptions) => request<T>('PUT', path, body, options),
  patch: <T>(path: string, body?: unknown) => request<T>('PATCH', path, body),
  del: <T = void>(path: string) => request<T>('DELETE', path),
};

// "?a=1&b=x" from the defined, non-empty values.
export function query(params: Record<string, string | number | undefined | null>): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value !== undefined && value !== null && value !== '') search.set(key, String(value));
  }
  const text = search.toString();
  return text ? `?${text}` : '';
}
