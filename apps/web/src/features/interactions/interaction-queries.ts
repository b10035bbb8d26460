import { keepPreviousData, useInfiniteQuery, useQuery, type QueryClient } from '@tanstack/react-query';
import { api, type Page } from '../../api/client';
import type { Customer, Task, TimelineEntry } from '../../api/types';
import { CUSTOMERS_KEY } from '../customers/customer-queries';

/** Every cached task query starts with this key: the tasks page, a customer's open tasks, one task. */
export const TASKS_KEY = 'tasks';

/**
 * The timeline lives under the customers key: whatever refreshes a customer (an edit, a hand-over,
 * a merge) refreshes its timeline too.
 */
const TIMELINE_KEY = [CUSTOMERS_KEY, 'timeline'] as const;

/**
 * Entries that the server writes from events (a customer's changed fields, a contact) may reach the
 * timeline up to a second after the change; a second look a little later finds them.
 */
export const LATE_ENTRY_DELAY_MS = 1500;

type Filters = Record<string, string | number | undefined>;

const PAGE_SIZE = 30;

function cursorQuery<T>(key: readonly unknown[], path: string, filters: Filters, refetchOnWindowFocus: boolean) {
  return {
    queryKey: [...key, path, filters],
    queryFn: ({ pageParam, signal }: { pageParam: string | undefined; signal: AbortSignal }) =>
      api.get<Page<T>>(path, { ...filters, limit: PAGE_SIZE, cursor: pageParam }, signal),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last: Page<T>) => last.nextCursor ?? undefined,
    refetchOnWindowFocus,
  };
}

/**
 * A customer's timeline, newest first, a page at a time. It is looked at again when the window
 * regains focus: colleagues in other branches add to it all day.
 */
export function useTimeline(customerId: string, filters: Filters) {
  const query = useInfiniteQuery(cursorQuery<TimelineEntry>(TIMELINE_KEY, `/v1/customers/${customerId}/timeline`, filters, true));
  return { ...query, rows: query.data?.pages.flatMap((p) => p.data) ?? [] };
}

/** Tasks by the list's filters (owner, status, due, customer), by due date. */
export function useTasks(filters: Filters, enabled = true) {
  const query = useInfiniteQuery({ ...cursorQuery<Task>([TASKS_KEY], '/v1/tasks', filters, true), enabled });
  return { ...query, rows: query.data?.pages.flatMap((p) => p.data) ?? [] };
}

export function useTask(id: string | undefined) {
  return useQuery({
    queryKey: [TASKS_KEY, 'one', id],
    queryFn: ({ signal }) => api.get<Task>(`/v1/tasks/${id}`, undefined, signal),
    enabled: !!id,
  });
}

/** Customers found by a search, for pickers (a task's customer). */
export function useCustomerSearch(q: string) {
  return useQuery({
    queryKey: [CUSTOMERS_KEY, 'lookup', q],
    queryFn: ({ signal }) => api.get<Page<Customer>>('/v1/customers', { q: q || undefined, limit: 20 }, signal),
    staleTime: 30_000,
    // The last answer stays while the next is on its way, so the list does not empty at each key.
    placeholderData: keepPreviousData,
  });
}

export function refreshTimeline(queryClient: QueryClient): Promise<void> {
  return queryClient.invalidateQueries({ queryKey: TIMELINE_KEY });
}

/**
 * After the user logged or changed something: tasks and timelines at once, and the timelines again
 * a moment later for the entries the server adds from events.
 */
export async function refreshInteractions(queryClient: QueryClient): Promise<void> {
  setTimeout(() => void refreshTimeline(queryClient), LATE_ENTRY_DELAY_MS);
  await Promise.all([queryClient.invalidateQueries({ queryKey: [TASKS_KEY] }), refreshTimeline(queryClient)]);
}
