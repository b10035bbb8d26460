import { useQuery } from '@tanstack/react-query';
import { Select } from 'antd';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, type Page } from '../../api/client';
import type { User } from '../../api/types';
import { useDebouncedValue } from '../../components/use-debounced-value';

export function useUser(id: string | null | undefined) {
  return useQuery({
    queryKey: ['users', 'one', id],
    queryFn: ({ signal }) => api.get<User>(`/v1/users/${id}`, undefined, signal),
    enabled: !!id,
    staleTime: 60_000,
  });
}

/** A user's name from their id, for tables that hold only ids. */
export function UserName({ id }: { id: string | null }) {
  const user = useUser(id);
  return <>{id ? (user.data?.name ?? '…') : '—'}</>;
}

type UserSelectProps = {
  value?: string | null;
  onChange?: (value: string | null) => void;
  placeholder?: string;
  /** A user cannot be their own manager. */
  excludeId?: string;
  testId?: string;
};

/** Picks a user by searching on the server: a company's staff list is too long to load whole. */
export function UserSelect({ value, onChange, placeholder, excludeId, testId }: UserSelectProps) {
  const { t } = useTranslation();
  const [search, setSearch] = useState('');
  const q = useDebouncedValue(search.trim());
  const found = useQuery({
    queryKey: ['users', 'lookup', q],
    queryFn: ({ signal }) => api.get<Page<User>>('/v1/users', { q, limit: 20 }, signal),
  });
  const current = useUser(value);

  const options = useMemo(() => {
    const users = new Map<string, User>();
    if (current.data) users.set(current.data.id, current.data);
    for (const user of found.data?.data ?? []) users.set(user.id, user);
    return [...users.values()].filter((u) => u.id !== excludeId).map((u) => ({ value: u.id, label: `${u.name} <${u.email}>` }));
  }, [current.data, found.data, excludeId]);

  return (
    <Select
      value={value ?? undefined}
      onChange={(v: string | undefined) => onChange?.(v ?? null)}
      options={options}
      placeholder={placeholder ?? t('common.searchUser')}
      loading={found.isFetching}
      allowClear
      showSearch={{ filterOption: false, onSearch: setSearch }}
      notFoundContent={found.isFetching ? null : t('common.noMatches')}
      data-testid={testId}
      style={{ width: '100%' }}
    />
  );
}
