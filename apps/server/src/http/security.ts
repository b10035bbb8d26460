import crypto from 'node:crypto';
import type { Context, MiddlewareHandler } from 'hono';
import { getConnInfo } from '@hono/node-server/conninfo';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import type { NewSession } from '../modules/identity/auth.service.js';
import type { AppEnv } from './app-env.js';
import { AppError } from './errors.js';

export const SESSION_COOKIE = 'rapport_session';
export const CSRF_COOKIE = 'rapport_csrf';
export const CSRF_HEADER = 'x-csrf-token';
const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

function secure(c: Context<AppEnv>): boolean {
  const setting = c.get('services').config.secureCookies;
  return setting === 'auto' ? new URL(c.req.url).protocol === 'https:' : setting === 'true';
}

export function setSessionCookies(c: Context<AppEnv>, session: NewSession): void {
  const common = { path: '/', sameSite: 'Lax' as const, secure: secure(c), expires: session.expiresAt };
  setCookie(c, SESSION_COOKIE, session.token, { ...common, httpOnly: true });
  // Readable by the page's script, which echoes it in X-CSRF-Token; another site can neither read nor send it.
  setCookie(c, CSRF_COOKIE, session.csrfToken, { ...common, httpOnly: false });
}

export function clearSessionCookies(c: Context<AppEnv>): void {
  deleteCookie(c, SESSION_COOKIE, { path: '/' });
  deleteCookie(c, CSRF_COOKIE, { path: '/' });
}

function clientIp(c: Context<AppEnv>): string {
  if (c.get('services').config.trustProxy) {
    const forwarded = c.req.header('x-forwarded-for')?.split(',')[0]?.trim();
    if (forwarded) return forwarded;
  }
  try {
    return getConnInfo(c).remote.address ?? 'unknown';
  } catch {
    return 'local';
  }
}

/**
 * Identifies the caller from the bearer token or the session cookie, and enforces CSRF rules:
 * unsafe requests from another origin are refused, and cookie-authenticated unsafe requests must
 * echo the session's CSRF token. Bearer tokens are not sent by browsers on their own, so need neither.
 */
export const authenticate: MiddlewareHandler<AppEnv> = async (c, next) => {
  const { auth } = c.get('services');
  c.set('clientIp', clientIp(c));
  const unsafe = UNSAFE.has(c.req.method);
  const authorization = c.req.header('authorization');
  if (authorization !== undefined) {
    const m = /^Bearer\s+(\S+)$/i.exec(authorization);
    const result = m ? await auth.authenticateToken(m[1]!) : undefined;
    if (!result) throw new AppError('unauthenticated', 'The API token is not valid, expired or revoked.', { reason: 'api_token_invalid' });
    c.set('auth', result);
    c.set('authVia', 'bearer');
    return next();
  }
  if (unsafe) checkOrigin(c);
  const cookie = getCookie(c, SESSION_COOKIE);
  const result = cookie ? await auth.authenticateSession(cookie) : undefined;
  if (result) {
    if (unsafe && !sameToken(c.req.header(CSRF_HEADER), result.csrfToken)) {
      throw new AppError('forbidden', 'The CSRF token is missing or wrong; reload the page.', { reason: 'csrf' });
    }
    c.set('auth', result);
    c.set('authVia', 'cookie');
  } else if (!PUBLIC_ROUTES.has(`${c.req.method} ${new URL(c.req.url).pathname}`)) {
    // Refused before the request is even validated, so strangers learn nothing about the API's inputs.
    throw new AppError('unauthenticated', 'Sign in, or send an API token as "Authorization: Bearer …".', { reason: 'not_signed_in' });
  }
  return next();
};

/** The only API routes a caller may reach without signing in. */
const PUBLIC_ROUTES = new Set(['GET /api/v1/setup', 'POST /api/v1/setup', 'POST /api/v1/auth/login', 'POST /api/v1/auth/logout']);

function sameToken(a: string | undefined, b: string | undefined): boolean {
  if (!a || !b) return false;
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && crypto.timingSafeEqual(x, y);
}

function checkOrigin(c: Context<AppEnv>): void {
  if (c.req.header('sec-fetch-site') === 'cross-site')
    throw new AppError('forbidden', 'Cross-site requests are not allowed.', { reason: 'csrf' });
  const origin = c.req.header('origin');
  if (!origin || origin === 'null') return;
  const host = c.req.header('host') ?? new URL(c.req.url).host;
  let originHost: string;
  try {
    originHost = new URL(origin).host;
  } catch {
    throw new AppError('forbidden', 'Cross-site requests are not allowed.', { reason: 'csrf' });
  }
  if (originHost !== host) throw new AppError('forbidden', 'Cross-site requests are not allowed.', { reason: 'csrf' });
}

/**
 * A fixed-window limit per client address, for endpoints that strangers can call (sign-in, set-up).
 * In memory: per process, which is enough to blunt password spraying; the per-account lock-out
 * lives in the database.
 */
export function rateLimit(opts: { windowMs: number; max: number; name: string }): MiddlewareHandler<AppEnv> {
  const hits = new Map<string, { count: number; resetAt: number }>();
  return async (c, next) => {
    const now = c.get('services').clock.now().getTime();
    const key = c.get('clientIp');
    let entry = hits.get(key);
    if (!entry || entry.resetAt <= now) {
      if (hits.size > 10_000) for (const [k, v] of hits) if (v.resetAt <= now) hits.delete(k);
      entry = { count: 0, resetAt: now + opts.windowMs };
      hits.set(key, entry);
    }
    entry.count++;
    if (entry.count > opts.max) {
      throw new AppError('rate_limited', 'Too many requests; slow down.', {
        reason: 'too_many_requests',
        retryAfterSeconds: (entry.resetAt - now) / 1000,
      });
    }
    return next();
  };
}
