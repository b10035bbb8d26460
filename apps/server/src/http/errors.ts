import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { ZodError } from 'zod';

/** The codes services throw; each maps to one HTTP status, here and only here. */
export const ERROR_STATUS = {
  bad_request: 400,
  validation: 400,
  unauthenticated: 401,
  mfa_required: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  gone: 410,
  precondition_failed: 412,
  precondition_required: 428,
  payload_too_large: 413,
  unsupported_media_type: 415,
  unprocessable: 422,
  rate_limited: 429,
  unavailable: 503,
} as const;

export type ErrorCode = keyof typeof ERROR_STATUS;

const TITLES: Record<ErrorCode, string> = {
  bad_request: 'Bad request',
  validation: 'Invalid request',
  unauthenticated: 'Not signed in',
  mfa_required: 'Second factor required',
  forbidden: 'Forbidden',
  not_found: 'Not found',
  conflict: 'Conflict',
  gone: 'Gone',
  precondition_failed: 'Precondition failed',
  precondition_required: 'Precondition required',
  payload_too_large: 'Payload too large',
  unsupported_media_type: 'Unsupported media type',
  unprocessable: 'Unprocessable content',
  rate_limited: 'Too many requests',
  unavailable: 'Service unavailable',
};

export type FieldError = { path: string; message: string; code?: string };

/** The one error type services throw. */
export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    message?: string,
    readonly extra: { errors?: FieldError[]; retryAfterSeconds?: number; [k: string]: unknown } = {},
  ) {
    super(message ?? TITLES[code]);
    this.name = 'AppError';
  }
  get status(): number {
    return ERROR_STATUS[this.code];
  }
}

export type Problem = {
  type: string;
  title: string;
  status: number;
  detail?: string;
  code: string;
  errors?: FieldError[];
  [k: string]: unknown;
};

export function zodFieldErrors(error: ZodError, prefix: string[] = []): FieldError[] {
  return error.issues.map((i) => ({
    path: [...prefix, ...i.path.map(String)].join('.') || '(root)',
    message: i.message,
    code: i.code,
  }));
}

/** PostgreSQL error codes that are the caller's fault, not ours. */
const PG_CODES: Record<string, { code: ErrorCode; detail: string }> = {
  '23505': { code: 'conflict', detail: 'A record with the same unique value already exists.' },
  '23503': { code: 'unprocessable', detail: 'The record refers to something that does not exist, or is still referred to.' },
  '23502': { code: 'unprocessable', detail: 'A required value is missing.' },
  '23514': { code: 'unprocessable', detail: 'A value breaks a rule of the data.' },
  '22P02': { code: 'bad_request', detail: 'A value has the wrong format.' },
  '22001': { code: 'unprocessable', detail: 'A value is too long.' },
  '22003': { code: 'unprocessable', detail: 'A number is out of range.' },
  '22007': { code: 'bad_request', detail: 'A date or time has the wrong format.' },
  '22008': { code: 'bad_request', detail: 'A date or time is out of range.' },
  '40001': { code: 'conflict', detail: 'The record changed concurrently; try again.' },
  '40P01': { code: 'conflict', detail: 'The record changed concurrently; try again.' },
  '42501': { code: 'forbidden', detail: 'Access to this record is not allowed.' },
};

function pgCodeOf(err: unknown): string | undefined {
  let e: unknown = err;
  for (let depth = 0; e && depth < 4; depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code)) return code;
    e = (e as { cause?: unknown }).cause;
  }
  return undefined;
}

/** Turns anything thrown into an RFC 9457 problem. */
export function toProblem(err: unknown, instance?: string): { problem: Problem; headers: Record<string, string> } {
  const headers: Record<string, string> = {};
  if (err instanceof AppError) {
    const { errors, retryAfterSeconds, ...rest } = err.extra;
    if (retryAfterSeconds !== undefined) headers['Retry-After'] = String(Math.max(1, Math.ceil(retryAfterSeconds)));
    return {
      problem: {
        type: `https://rapport.dev/problems/${err.code.replaceAll('_', '-')}`,
        title: TITLES[err.code],
        status: err.status,
        detail: err.message,
        code: err.code,
        ...(errors ? { errors } : {}),
        ...(instance ? { instance } : {}),
        ...rest,
      },
      headers,
    };
  }
  if (err instanceof HTTPException) {
    const code: ErrorCode =
      err.status === 413 ? 'payload_too_large' : err.status === 401 ? 'unauthenticated' : err.status === 404 ? 'not_found' : 'bad_request';
    return toProblem(new AppError(code, err.message || undefined), instance);
  }
  const pgCode = pgCodeOf(err);
  const mapped = pgCode ? PG_CODES[pgCode] : undefined;
  if (mapped) return toProblem(new AppError(mapped.code, mapped.detail), instance);
  return {
    problem: {
      type: 'about:blank',
      title: 'Internal server error',
      status: 500,
      detail: 'Something went wrong on our side. It has been logged.',
      code: 'internal',
    },
    headers,
  };
}

export function problemResponse(c: Context, err: unknown): Response {
  const { problem, headers } = toProblem(err, new URL(c.req.url).pathname);
  if (problem.status >= 500) console.error(err);
  return new Response(JSON.stringify(problem), {
    status: problem.status,
    headers: { 'content-type': 'application/problem+json', ...headers },
  });
}
