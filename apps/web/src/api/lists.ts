import { useInfiniteQuery } from '@tanstack/react-query';
import { api, type Page } from './client';

type Filters = Record<string, string | number | boolean | null | undefined>;

const PAGE_SIZE = 50;

/**
 * A cursor-paginated list: pages are fetched as the person asks for more. The filters are part of
 * the query key, so changing one starts again from the first page.
 */
export function useCursorList<T>(key: string, path: string, filters: Filters = {}, enabled = true) {
  const query = useInfiniteQuery({
    queryKey: [key, path, filters],
    queryFn: ({ pageParam, signal }) => api.get<Page<T>>(path, { ...filters, limit: PAGE_SIZE, cursor: pageParam }, signal),
    initialPageParam: undefined as string | undefined,
    // Some lists are answered whole ({data} without nextCursor); they simply have no next page.
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    enabled,
  });
  return { ...query, rows: query.data?.pages.flatMap((p) => p.data) ?? [] };
}

/** Every row of a list, following cursors: for the small lookup lists that fill selects and trees. */
export async function fetchAll<T>(path: string, signal?: AbortSignal): Promise<T[]> {
  const rows: T[] = [];
  let cursor: string | undefined;
  do {
    const page = await api.get<Page<T>>(path, { limit: 200, cursor }, signal);
    rows.push(...page.data);
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  return rows;
}
