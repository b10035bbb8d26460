import type { MiddlewareHandler } from 'hono';
import { sha256 } from '../ids.js';
import * as repo from '../modules/platform/idempotency.repository.js';
import type { AppEnv } from './app-env.js';
import { AppError, fieldError } from './errors.js';

const REPLAYED_HEADERS = ['content-type', 'location', 'etag'];

/**
 * `Idempotency-Key` on POST: the first request with a key runs and its answer is kept; a retry
 * with the same key and body gets the same answer without running again; the same key with a
 * different body is refused with 422. Refusals are not remembered. Keys belong to the caller (user or token) and last a day.
 */
export const idempotency: MiddlewareHandler<AppEnv> = async (c, next) => {
  const key = c.req.header('idempotency-key');
  const auth = c.get('auth');
  if (c.req.method !== 'POST' || key === undefined || !auth) return next();
  if (key.length < 1 || key.length > 200)
    throw fieldError('Idempotency-Key', 'idempotency_key_invalid', 'Idempotency-Key must have 1 to 200 characters.', {
      params: { min: 1, max: 200 },
    });
  const { database, clock } = c.get('services');
  const k = { tenantId: auth.actor.tenantId, principalId: auth.actor.tokenId ?? auth.actor.userId, key };
  const requestHash = sha256(`${c.req.method} ${new URL(c.req.url).pathname}\n${await c.req.text()}`);
  const claimed = await database.withTenant(k.tenantId, (tx) => repo.claimKey(tx, k, requestHash, clock.now()));
  if (!claimed) {
    const previous = await database.withTenant(k.tenantId, (tx) => repo.findKey(tx, k));
    if (!previous)
      throw new AppError('conflict', 'The earlier request with this Idempotency-Key is finishing; retry in a moment.', {
        reason: 'idempotency_key_in_progress',
      });
    if (previous.requestHash !== requestHash)
      throw new AppError('unprocessable', 'This Idempotency-Key was used with a different request.', { reason: 'idempotency_key_reused' });
    if (previous.status === null)
      throw new AppError('conflict', 'The earlier request with this Idempotency-Key is still running; retry in a moment.', {
        reason: 'idempotency_key_in_progress',
      });
    return new Response(previous.body, { status: previous.status, headers: { ...previous.headers, 'idempotent-replayed': 'true' } });
  }
  try {
    await next();
  } catch (err) {
    await database.withTenant(k.tenantId, (tx) => repo.releaseKey(tx, k));
    throw err;
  }
  const res = c.res;
  // Only successes are remembered: a refused or failed request changed nothing, so a retry may run for real.
  if (res.status >= 400) {
    await database.withTenant(k.tenantId, (tx) => repo.releaseKey(tx, k));
    return;
  }
  const body = await res.clone().text();
  const headers = Object.fromEntries(REPLAYED_HEADERS.flatMap((h) => (res.headers.get(h) ? [[h, res.headers.get(h)!]] : [])));
  await database.withTenant(k.tenantId, (tx) => repo.completeKey(tx, k, res.status, headers, body));
};
