/** Minimal JSON client for the Tongban API: RFC 9457 problems become ApiError. */

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

/** GETs JSON; throws ApiError on a non-2xx answer or a network failure (but not on abort). */
export async function getJson<T>(path: string, signal?: AbortSignal): Promise<T> {
  let response: Response;
  try {
    response = await fetch(path, { headers: { accept: 'application/json' }, signal });
  } catch (err) {
    if (signal?.aborted) throw err;
    throw new ApiError(0, undefined);
  }
  const text = await response.text();
  let body: unknown;
  try {
    body = text ? JSON.parse(text) : undefined;
  } catch {
    body = undefined;
  }
  if (!response.ok) throw new ApiError(response.status, isProblem(body) ? body : undefined);
  return body as T;
}
