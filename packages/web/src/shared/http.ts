/**
 * Minimal JSON client for the Tongban API: RFC 9457 problems become ApiError, and every write carries the
 * session's CSRF token (X-CSRF-Token), which the server demands of cookie-authenticated POST/PUT/PATCH/DELETE.
 */

/** One field error inside a problem. */
export interface ProblemFieldError {
  path: string;
  reason: string;
  message: { zh: string; en?: string };
}

/** An RFC 9457 problem as the Tongban API sends it. */
export interface Problem {
  type: string;
  title: string;
  status: number;
  detail?: string;
  code?: string;
  message?: { zh: string; en?: string };
  errors?: ProblemFieldError[];
}

/** A failed API call: `status` 0 means the server could not be reached. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly problem: Problem | undefined,
  ) {
    super(problem?.title ?? (status === 0 ? 'network error' : `HTTP ${status}`));
    this.name = 'ApiError';
  }
}

const isProblem = (body: unknown): body is Problem =>
  typeof body === 'object' && body !== null && 'status' in body && 'title' in body;

/** Query-string value types; undefined, empty strings and false-y filters the caller drops are left out. */
export type QueryValue = string | number | boolean | undefined;

/** Builds `path?k=v&…` from the defined values only. */
export function withQuery(path: string, query: Record<string, QueryValue>): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined || value === '') continue;
    params.set(key, String(value));
  }
  const qs = params.toString();
  return qs ? `${path}?${qs}` : path;
}

// ----- CSRF -----

let csrfToken: string | null = null;
let csrfRefresh: (() => Promise<string | null>) | null = null;

/** Sets the token sent with every write (the session's `csrfToken` from /api/v1/me; null when signed out). */
export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}

/**
 * Registers how to get a fresh token when the server refuses one (`auth.csrf`: the session changed in another tab);
 * the write is then retried once with it.
 */
export function onCsrfRejected(refresh: (() => Promise<string | null>) | null): void {
  csrfRefresh = refresh;
}

// ----- requests -----

/** Methods that change state and so carry the CSRF token. */
export type WriteMethod = 'POST' | 'PUT' | 'PATCH' | 'DELETE';

interface RequestOptions {
  method?: 'GET' | WriteMethod;
  body?: unknown;
  /** a multipart body (the browser sets its content type and boundary) instead of JSON */
  form?: FormData;
  /** extra request headers (e.g. Idempotency-Key) */
  headers?: Record<string, string>;
  accept?: string;
  signal?: AbortSignal;
}

async function send(path: string, { method = 'GET', body, form, headers: extra, accept = 'application/json', signal }: RequestOptions): Promise<Response> {
  const headers: Record<string, string> = { ...extra, accept };
  if (body !== undefined && !form) headers['content-type'] = 'application/json';
  if (method !== 'GET' && csrfToken) headers['x-csrf-token'] = csrfToken;
  try {
    return await fetch(path, {
      method,
      headers,
      body: form ?? (body === undefined ? undefined : JSON.stringify(body)),
      credentials: 'same-origin',
      signal,
    });
  } catch (err) {
    if (signal?.aborted) throw err;
    throw new ApiError(0, undefined);
  }
}

const parse = (text: string): unknown => {
  try {
    return text ? JSON.parse(text) : undefined;
  } catch {
    return undefined;
  }
};

/** Sends a request; a non-2xx answer becomes ApiError, a CSRF refusal of a write is retried once with a fresh token. */
async function request(path: string, options: RequestOptions): Promise<{ response: Response; text: string }> {
  let response = await send(path, options);
  let text = await response.text();
  if (response.status === 403 && options.method && options.method !== 'GET' && csrfRefresh) {
    const problem = parse(text);
    if (isProblem(problem) && problem.code === 'auth.csrf') {
      const fresh = await csrfRefresh().catch(() => null);
      if (fresh) {
        csrfToken = fresh;
        response = await send(path, options);
        text = await response.text();
      }
    }
  }
  if (!response.ok) {
    const body = parse(text);
    throw new ApiError(response.status, isProblem(body) ? body : undefined);
  }
  return { response, text };
}

/** GETs JSON; throws ApiError on a non-2xx answer or a network failure (but not on abort). */
export async function getJson<T>(path: string, signal?: AbortSignal): Promise<T> {
  const { text } = await request(path, { signal });
  return parse(text) as T;
}

/** GETs a text document (e.g. YAML) with the given Accept type. */
export async function getText(path: string, accept: string, signal?: AbortSignal): Promise<string> {
  const { text } = await request(path, { accept: `${accept}, application/problem+json`, signal });
  return text;
}

/**
 * Sends a write with a JSON body (and the CSRF token); resolves to the JSON answer, or undefined for 204.
 * `headers` adds request headers, e.g. an Idempotency-Key.
 */
export async function sendJson<T>(method: WriteMethod, path: string, body?: unknown, signal?: AbortSignal, headers?: Record<string, string>): Promise<T> {
  const { response, text } = await request(path, { method, body, signal, headers });
  return (response.status === 204 ? undefined : parse(text)) as T;
}

/** POSTs a multipart form (a file upload, with the CSRF token); resolves to the JSON answer. */
export async function sendForm<T>(path: string, form: FormData, signal?: AbortSignal): Promise<T> {
  const { text } = await request(path, { method: 'POST', form, signal });
  return parse(text) as T;
}
