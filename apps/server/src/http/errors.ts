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

/**
 * Why a request failed, finer than its `code`: a stable snake_case name that clients branch on and
 * translate (the web UI shows `errors.<reason>` in the person's language). `detail` stays English
 * for API users, and `params` carries the values the sentence needs, such as `{ min: 10 }`.
 * Field errors in `errors[]` may carry a reason and params of their own. Add reasons freely; renaming
 * or removing one breaks clients that know it. `code` is always the general code of ERROR_STATUS.
 */
export type Reason =
  // requests and sessions
  | 'not_signed_in'
  | 'api_token_invalid'
  | 'csrf'
  | 'mfa_code_required'
  | 'mfa_setup_required'
  | 'permission_denied'
  | 'too_many_requests'
  | 'payload_too_large'
  | 'route_not_found'
  | 'invalid_values'
  | 'cursor_invalid'
  | 'if_match_invalid'
  | 'idempotency_key_invalid'
  | 'idempotency_key_in_progress'
  | 'idempotency_key_reused'
  // database rules (PG_CODES)
  | 'duplicate_value'
  | 'reference_broken'
  | 'value_required'
  | 'value_rule_broken'
  | 'value_format'
  | 'value_too_long'
  | 'number_out_of_range'
  | 'date_format'
  | 'date_out_of_range'
  | 'concurrent_change'
  | 'access_denied'
  // records
  | 'record_not_found'
  | 'stale_version'
  | 'trash_type_unknown'
  // sign-in and account
  | 'already_set_up'
  | 'invalid_credentials'
  | 'login_locked'
  | 'choose_tenant'
  | 'mfa_invalid'
  | 'mfa_not_browser'
  | 'mfa_not_set_up'
  | 'mfa_already_on'
  | 'mfa_setup_not_started'
  | 'mfa_not_on'
  | 'mfa_required_by_role'
  | 'session_required'
  | 'wrong_current_password'
  | 'password_too_short'
  | 'password_too_long'
  | 'password_contains_email'
  | 'password_too_simple'
  // users, organisation, roles, tokens
  | 'email_taken'
  | 'cannot_disable_self'
  | 'own_manager'
  | 'manager_loop'
  | 'tenant_slug_taken'
  | 'no_administrator'
  | 'company_has_no_parent'
  | 'one_company_only'
  | 'parent_required'
  | 'parent_kind_not_allowed'
  | 'org_unit_cycle'
  | 'parent_unit_deleted'
  | 'company_unit_undeletable'
  | 'org_unit_not_empty'
  | 'admin_role_permissions'
  | 'builtin_role'
  | 'role_in_use'
  | 'unknown_permission'
  | 'permission_not_scoped'
  | 'expiry_in_past'
  // webhooks
  | 'webhook_inactive'
  | 'webhook_url_invalid'
  | 'webhook_url_scheme'
  | 'webhook_url_private'
  | 'webhook_url_forbidden'
  | 'webhook_host_unknown'
  // customers
  | 'likely_duplicates'
  | 'customer_not_found'
  | 'invalid_phone'
  | 'invalid_email'
  | 'custom_field_invalid'
  | 'custom_field_key_taken'
  | 'sensitive_field_forbidden'
  | 'view_not_yours'
  | 'owner_not_found'
  | 'branch_not_found'
  | 'merge_needs_two'
  | 'merge_customer_missing'
  | 'merge_survivor_changed'
  | 'merge_already_undone'
  | 'duplicate_scan_running'
  | 'import_file_problem'
  | 'import_not_ready'
  | 'import_running'
  | 'import_finished'
  | 'bulk_needs_selection'
  | 'too_many_rows'
  // interactions and tasks
  | 'contact_not_of_customer'
  | 'user_out_of_scope';

/** Values a reason's sentence is filled in with. */
export type ReasonParams = Record<string, string | number>;

/** `code` is the validator's own (Zod's issue code); `reason` is ours. */
export type FieldError = { path: string; message: string; code?: string; reason?: Reason; params?: ReasonParams };

export type AppErrorExtra = {
  reason?: Reason;
  params?: ReasonParams;
  errors?: FieldError[];
  retryAfterSeconds?: number;
  /** The problem's `code` is the AppError's; a finer one goes in `reason`. */
  code?: never;
  [k: string]: unknown;
};

/** The one error type services throw. */
export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    message?: string,
    readonly extra: AppErrorExtra = {},
  ) {
    super(message ?? TITLES[code]);
    this.name = 'AppError';
  }
  get status(): number {
    return ERROR_STATUS[this.code];
  }
}

/** A refusal of one field's value: the problem and the field error share the reason and the words. */
export function fieldError(
  path: string,
  reason: Reason,
  message: string,
  opts: { code?: ErrorCode; params?: ReasonParams } = {},
): AppError {
  const { code = 'validation', params } = opts;
  return new AppError(code, message, { reason, params, errors: [{ path, message, reason, params }] });
}

export type Problem = {
  type: string;
  title: string;
  status: number;
  detail?: string;
  code: string;
  reason?: Reason;
  params?: ReasonParams;
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
const PG_CODES: Record<string, { code: ErrorCode; reason: Reason; detail: string }> = {
  '23505': { reason: 'duplicate_value', code: 'conflict', detail: 'A record with the same unique value already exists.' },
  '23503': {
    reason: 'reference_broken',
    code: 'unprocessable',
    detail: 'The record refers to something that does not exist, or is still referred to.',
  },
  '23502': { reason: 'value_required', code: 'unprocessable', detail: 'A required value is missing.' },
  '23514': { reason: 'value_rule_broken', code: 'unprocessable', detail: 'A value breaks a rule of the data.' },
  '22P02': { reason: 'value_format', code: 'bad_request', detail: 'A value has the wrong format.' },
  '22001': { reason: 'value_too_long', code: 'unprocessable', detail: 'A value is too long.' },
  '22003': { reason: 'number_out_of_range', code: 'unprocessable', detail: 'A number is out of range.' },
  '22007': { reason: 'date_format', code: 'bad_request', detail: 'A date or time has the wrong format.' },
  '22008': { reason: 'date_out_of_range', code: 'bad_request', detail: 'A date or time is out of range.' },
  '40001': { reason: 'concurrent_change', code: 'conflict', detail: 'The record changed concurrently; try again.' },
  '40P01': { reason: 'concurrent_change', code: 'conflict', detail: 'The record changed concurrently; try again.' },
  '42501': { reason: 'access_denied', code: 'forbidden', detail: 'Access to this record is not allowed.' },
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
    const { errors, retryAfterSeconds, reason, params: ownParams, ...rest } = err.extra;
    let params = ownParams;
    if (retryAfterSeconds !== undefined) {
      const seconds = Math.max(1, Math.ceil(retryAfterSeconds));
      headers['Retry-After'] = String(seconds);
      // The wait is also a value of the sentence, so a client can say how long without reading headers.
      params = { seconds, ...params };
    }
    return {
      // Extra members come first, so none of them can stand in for a standard one.
      problem: {
        ...rest,
        type: `https://rapport.dev/problems/${err.code.replaceAll('_', '-')}`,
        title: TITLES[err.code],
        status: err.status,
        detail: err.message,
        code: err.code,
        ...(reason ? { reason } : {}),
        ...(params ? { params } : {}),
        ...(errors ? { errors } : {}),
        ...(instance ? { instance } : {}),
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
  if (mapped) return toProblem(new AppError(mapped.code, mapped.detail, { reason: mapped.reason }), instance);
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

/** The answer to a versioned update that matched no row: someone saved `what` in between. */
export function staleVersion(what: string): AppError {
  return new AppError('precondition_failed', `${what} was changed by someone else; reload and try again.`, { reason: 'stale_version' });
}
