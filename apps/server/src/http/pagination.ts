import { z } from '@hono/zod-openapi';
import { fieldError } from './errors.js';

export const DEFAULT_PAGE = 50;
export const MAX_PAGE = 200;

/** Query parameters every list accepts. */
export const PageQuery = z.object({
  limit: z.coerce.number().int().min(1).max(MAX_PAGE).default(DEFAULT_PAGE).openapi({ example: 50 }),
  cursor: z.string().max(500).optional().openapi({ description: 'The nextCursor of the previous page' }),
});
export type PageQuery = z.infer<typeof PageQuery>;

/** An opaque cursor: the sort key of the last row of the previous page. */
export function encodeCursor(key: readonly (string | number | null)[]): string {
  return Buffer.from(JSON.stringify(key)).toString('base64url');
}

export function decodeCursor(cursor: string | undefined, arity: number): (string | number | null)[] | undefined {
  if (!cursor) return undefined;
  try {
    const key = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown;
    if (Array.isArray(key) && key.length === arity && key.every((v) => v === null || ['string', 'number'].includes(typeof v))) {
      return key as (string | number | null)[];
    }
  } catch {
    // fall through to the error below
  }
  throw fieldError('cursor', 'cursor_invalid', 'The cursor is not valid; start again from the first page.');
}

export type Page<T> = { data: T[]; nextCursor: string | null };

/**
 * Builds a page from `limit + 1` fetched rows: the extra row only tells that another page exists,
 * so no count of the whole set is ever needed.
 */
export function toPage<T>(rows: T[], limit: number, keyOf: (row: T) => (string | number | null)[]): Page<T> {
  const hasMore = rows.length > limit;
  const data = hasMore ? rows.slice(0, limit) : rows;
  const last = data.at(-1);
  return { data, nextCursor: hasMore && last ? encodeCursor(keyOf(last)) : null };
}

export const pageSchema = <T extends z.ZodType>(item: T) => z.object({ data: z.array(item), nextCursor: z.string().nullable() });
