import { type InfiniteData, type QueryClient, useInfiniteQuery, useQuery, useQueryClient } from '@tanstack/react-query';
import { useCallback } from 'react';
import { api } from '../../api/client';
import type { Notification, NotificationsPage } from './types';

/** Every cached notifications query starts with this key. */
export const NOTIFICATIONS_KEY = 'notifications';
const UNREAD_KEY = [NOTIFICATIONS_KEY, 'unread'] as const;
const LISTS_KEY = [NOTIFICATIONS_KEY, 'list'] as const;

const PAGE_SIZE = 20;

type Lists = InfiniteData<NotificationsPage, string | undefined>;

export function setUnread(queryClient: QueryClient, unread: number): void {
  queryClient.setQueryData<number>(UNREAD_KEY, unread);
}

/**
 * How many notifications the user has not read. The event stream keeps it current (its `ready`
 * says it on every connect, each new notification adds one); this read is for the first paint.
 */
export function useUnreadCount() {
  return useQuery({
    queryKey: UNREAD_KEY,
    queryFn: async ({ signal }) => (await api.get<NotificationsPage>('/v1/notifications', { limit: 1 }, signal)).unread,
    staleTime: Infinity,
  });
}

/** The bell's list, newest first, a page at a time; `unreadOnly` lists only what is still unread. */
export function useNotifications(unreadOnly: boolean, enabled: boolean) {
  const queryClient = useQueryClient();
  const query = useInfiniteQuery({
    queryKey: [...LISTS_KEY, { unreadOnly }],
    queryFn: async ({ pageParam, signal }) => {
      const page = await api.get<NotificationsPage>(
        '/v1/notifications',
        { limit: PAGE_SIZE, cursor: pageParam, unread: unreadOnly || undefined },
        signal,
      );
      setUnread(queryClient, page.unread);
      return page;
    },
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    enabled,
  });
  return { ...query, rows: query.data?.pages.flatMap((p) => p.data) ?? [] };
}

/** A notification the stream brought: on top of the lists already loaded, and one more unread. */
export function addNotification(queryClient: QueryClient, notification: Notification): void {
  let listed = false;
  queryClient.setQueriesData<Lists>({ queryKey: LISTS_KEY }, (lists) => {
    if (!lists?.pages.length) return lists;
    if (lists.pages.some((p) => p.data.some((n) => n.id === notification.id))) {
      listed = true;
      return lists;
    }
    const [first, ...rest] = lists.pages;
    return { ...lists, pages: [{ ...first!, data: [notification, ...first!.data] }, ...rest] };
  });
  // A notification a list already had was read after it came, and counted then.
  if (notification.readAt === null && !listed) {
    queryClient.setQueryData<number>(UNREAD_KEY, (count) => (count === undefined ? undefined : count + 1));
  }
}

/** After the stream reconnected: what came while it was away is read again when next shown. */
export function refreshNotificationLists(queryClient: QueryClient): Promise<void> {
  return queryClient.invalidateQueries({ queryKey: LISTS_KEY });
}

/**
 * Marks notifications read on the server (these ids, or all of them) and in the lists on screen;
 * the server answers how many are still unread.
 */
export function useMarkRead() {
  const queryClient = useQueryClient();
  return useCallback(
    async (ids?: string[]) => {
      if (ids && ids.length === 0) return;
      const { unread } = await api.post<{ unread: number }>('/v1/notifications/read', ids ? { ids } : {});
      const readAt = new Date().toISOString();
      const marked = ids ? new Set(ids) : undefined;
      queryClient.setQueriesData<Lists>({ queryKey: LISTS_KEY }, (lists) =>
        lists
          ? {
              ...lists,
              pages: lists.pages.map((p) => ({
                ...p,
                data: p.data.map((n) => (n.readAt === null && (!marked || marked.has(n.id)) ? { ...n, readAt } : n)),
              })),
            }
          : lists,
      );
      setUnread(queryClient, unread);
    },
    [queryClient],
  );
}
