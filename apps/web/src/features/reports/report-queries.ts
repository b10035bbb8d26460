import { keepPreviousData, useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { api } from '../../api/client';
import type { Tier } from '../../api/types';
import type { ActivityRow, FollowUpPlan, GroupBy, NotContactedPage } from './types';

/** Every cached report starts with this key; logging an interaction may refresh them all. */
export const REPORTS_KEY = 'reports';
export const FOLLOW_UP_PLANS_KEY = ['follow-up-plans'] as const;

const PAGE_SIZE = 50;

export type ActivityFilters = { from: string; to: string; groupBy: GroupBy; channel?: string };

/** Interactions of a period, counted and timed per group. */
export function useContactActivity(filters: ActivityFilters, enabled = true) {
  return useQuery({
    queryKey: [REPORTS_KEY, 'contact-activity', filters],
    queryFn: ({ signal }) => api.get<{ data: ActivityRow[] }>('/v1/reports/contact-activity', filters, signal),
    placeholderData: keepPreviousData,
    enabled,
  });
}

/**
 * Customers of a tier not contacted for `days` (default: the tier's plan), a page at a time. A page
 * may come back short and still carry a cursor: the next one follows on request.
 */
export function useNotContacted(tier: Tier, days: number | undefined, enabled = true) {
  const query = useInfiniteQuery({
    queryKey: [REPORTS_KEY, 'not-contacted', { tier, days }],
    queryFn: ({ pageParam, signal }) =>
      api.get<NotContactedPage>('/v1/reports/not-contacted', { tier, days, limit: PAGE_SIZE, cursor: pageParam }, signal),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    enabled,
  });
  return { ...query, rows: query.data?.pages.flatMap((p) => p.data) ?? [], days: query.data?.pages[0]?.days };
}

export function useFollowUpPlans(enabled = true) {
  return useQuery({
    queryKey: FOLLOW_UP_PLANS_KEY,
    queryFn: ({ signal }) => api.get<{ data: FollowUpPlan[] }>('/v1/follow-up-plans', undefined, signal),
    enabled,
  });
}
