/**
 * The one way the UI talks to the server: same-origin JSON over fetch, with the CSRF header on
 * writes, optimistic-concurrency preconditions, and RFC 9457 problems turned into ApiError.
 */

/** The values a reason's sentence is filled in with, such as `{ min: 10 }`. */
export type ReasonParams = Record<string, string | number>;

/**
 * `reason` says why, finer than `code` and stable (see apps/server/src/http/errors.ts); the UI words
 * it as `errors.<reason>`, since `message` and `detail` are English for API users.
 */
export type FieldError = { path: string; message: string; reason?: string; params?: ReasonParams };

export type Problem = {
  type?: string;
  title?: string;
  status: number;
  detail?: string;
  code?: string;
  reason?: string;
  params?: ReasonParams;
  errors?: FieldError[];
  /** Problems may carry more members, e.g. the organisations to choose from at sign-in. */
  [member: string]: unknown;
};

export class ApiError extends Error {
  readonly status: number;
  readonly code: string | undefined;
  readonly detail: string | undefined;
  readonly fieldErrors: FieldError[];
  readonly retryAfterSeconds: number | undefined;
  readonly problem: Problem;

  constructor(problem: Problem, retryAfterSeconds?: number) {
    super(problem.detail ?? problem.title ?? `HTTP ${problem.status}`);
    this.name = 'ApiError';
    this.problem = problem;
    this.status = problem.status;
    this.code = problem.code;
    this.detail = problem.detail;
    this.fieldErrors = problem.errors ?? [];
    this.retryAfterSeconds = retryAfterSeconds;
  }
}

/** A list page as every list endpoint answers it. */
export type Page<T> = { data: T[]; nextCursor: string | null };

type Query = Record<string, string | number | boolean | null | undefined>;

export type RequestOptions = {
  query?: Query;
  body?: unknown;
  /** The version the caller last saw; the server answers 412 when the record has moved on. */
  version?: number;
  signal?: AbortSignal;
  /** This call is how the UI learns whether it is signed in: its 401 is an answer, not a lost session. */
  authProbe?: boolean;
};

const CSRF_COOKIE = 'rapport_csrf';
const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

function readCookie(name: string): string | undefined {
  const prefix = `${name}=`;
  for (const part of document.cookie.split(';')) {
    const item = part.trim();
    if (item.startsWith(prefix)) return decodeURIComponent(item.slice(prefix.length));
  }
  return undefined;
}

function buildUrl(path: string, query?: Query): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query ?? {})) {
    if (value !== undefined && value !== null && value !== '') params.set(key, String(value));
  }
  const qs = params.toString();
  return `/api${path}${qs ? `?${qs}` : ''}`;
}

let onSessionLost: (() => void) | undefined;

/**
 * Registers what happens when the server says the session is gone. Sign-in and second-factor calls
 * answer 401 for wrong credentials, which is not a lost session, so they are left out.
 */
export function setSessionLostHandler(handler: () => void): void {
  onSessionLost = handler;
}

async function toApiError(response: Response): Promise<ApiError> {
  let problem: Problem = { status: response.status, title: response.statusText };
  const type = response.headers.get('Content-Type') ?? '';
  if (type.includes('json')) {
    try {
      problem = { ...problem, ...((await response.json()) as Partial<Problem>), status: response.status };
    } catch {
      // A broken error body still leaves the status to go by.
    }
  }
  const retryAfter = Number(response.headers.get('Retry-After'));
  return new ApiError(problem, Number.isFinite(retryAfter) && retryAfter > 0 ? retryAfter : undefined);
}

export async function request<T>(method: string, path: string, options: RequestOptions = {}): Promise<T> {
  const headers: Record<string, string> = { Accept: 'application/json' };
  if (options.body !== undefined) headers['Content-Type'] = 'application/json';
  if (UNSAFE.has(method)) {
    const csrf = readCookie(CSRF_COOKIE);
    if (csrf) headers['X-CSRF-Token'] = csrf;
  }
  if (options.version !== undefined) headers['If-Match'] = `"${options.version}"`;

  let response: Response;
  try {
    response = await fetch(buildUrl(path, options.query), {
      method,
      headers,
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
      credentials: 'same-origin',
      signal: options.signal,
    });
  } catch (err) {
    if (err instanceof DOMException && err.name === 'AbortError') throw err;
    throw new ApiError({ status: 0, code: 'network' });
  }

  if (!response.ok) {
    const error = await toApiError(response);
    if (error.status === 401 && !options.authProbe && !path.startsWith('/v1/auth/')) onSessionLost?.();
    throw error;
  }
  if (response.status === 204) return undefined as T;
  const text = await response.text();
  return (text ? JSON.parse(text) : undefined) as T;
}

export const api = {
  get: <T>(path: string, query?: Query, signal?: AbortSignal) => request<T>('GET', path, { query, signal }),
  post: <T = void>(path: string, body?: unknown) => request<T>('POST', path, { body: body ?? {} }),
  patch: <T>(path: string, body: unknown, version?: number) => request<T>('PATCH', path, { body, version }),
  delete: (path: string, version?: number) => request<void>('DELETE', path, { version }),
};
