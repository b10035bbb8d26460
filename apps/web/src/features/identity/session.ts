import { type QueryClient, useQuery, useQueryClient } from '@tanstack/react-query';
import { useCallback } from 'react';
import { ApiError, api, request } from '../../api/client';
import type { Me } from '../../api/types';

export const ME_KEY = ['me'] as const;
export const SETUP_KEY = ['setup'] as const;

/** The signed-in user, or null when nobody is signed in. */
async function fetchMe(signal: AbortSignal): Promise<Me | null> {
  try {
    return await request<Me>('GET', '/v1/users/me', { signal, authProbe: true });
  } catch (err) {
    if (err instanceof ApiError && err.status === 401) return null;
    throw err;
  }
}

export function useMeQuery() {
  return useQuery({ queryKey: ME_KEY, queryFn: ({ signal }) => fetchMe(signal), retry: false, staleTime: 60_000 });
}

export function useSetupQuery() {
  return useQuery({
    queryKey: SETUP_KEY,
    queryFn: ({ signal }) => api.get<{ needed: boolean }>('/v1/setup', undefined, signal),
    staleTime: Infinity,
  });
}

/** For pages that are only ever shown signed in: the gate in app.tsx guarantees the user is there. */
export function useMe(): Me {
  const { data } = useMeQuery();
  if (!data) throw new Error('useMe() used outside the signed-in part of the app');
  return data;
}

export function can(me: Me, permission: string): boolean {
  return permission in me.permissions;
}

/** Takes the user the server answered with; the router then leaves the sign-in pages by itself. */
export function useSignedIn() {
  const queryClient = useQueryClient();
  return useCallback(
    (user: Me) => {
      queryClient.setQueryData(SETUP_KEY, { needed: false });
      queryClient.setQueryData(ME_KEY, user);
    },
    [queryClient],
  );
}

/** Nothing of the last user may stay in memory for the next one at this browser. */
export function forgetUserData(queryClient: QueryClient): void {
  queryClient.removeQueries({ predicate: (q) => q.queryKey[0] !== SETUP_KEY[0] && q.queryKey[0] !== ME_KEY[0] });
}

/** Signs out; whatever the server answers, this browser is signed out afterwards. */
export async function signOut(): Promise<void> {
  try {
    await api.post('/v1/auth/logout');
  } finally {
    // A fresh page load leaves nothing of this user in memory, and the next person to sign in at
    // this browser starts at home rather than on the page the last one had open.
    window.location.assign('/sign-in');
  }
}
