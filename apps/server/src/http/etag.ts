import type { Context } from 'hono';
import { AppError } from './errors.js';

/** ETags are the row's version: cheap to compute, and exactly what optimistic concurrency compares. */
export function withEtag<T extends { version: number }>(c: Context, resource: T): T {
  c.header('ETag', `"${resource.version}"`);
  return resource;
}

/**
 * The version the caller last saw, from `If-Match`; undefined when the header is absent
 * (the write then applies to the current version). A malformed header is refused.
 */
export function ifMatchVersion(c: Context): number | undefined {
  const header = c.req.header('if-match');
  if (!header || header.trim() === '*') return undefined;
  const m = /^\s*(?:W\/)?"(\d{1,9})"\s*$/.exec(header);
  if (!m)
    throw new AppError('precondition_failed', 'If-Match must be the ETag of the resource, such as "3".', {
      reason: 'if_match_invalid',
    });
  return Number(m[1]);
}
