import { useQuery } from '@tanstack/react-query';
import { Select } from 'antd';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, type Page } from '../../api/client';
import type { User } from '../../api/types';
import { useDebouncedValue } from '../../components/use-debounced-value';
import { useUser } from '../admin/user-select';

/**
 * The owner filter: "mine" and "no owner" first, since those are what people ask most, then any
 * user found by searching on the server.
 */
export function OwnerFilter({ value, onChange }: { value: string | undefined; onChange: (value: string | undefined) => void }) {
  const { t } = useTranslation();
  const [search, setSearch] = useState('');
  const q = useDebouncedValue(search.trim());
  const found = useQuery({
    queryKey: ['users', 'lookup', q],
    queryFn: ({ signal }) => api.get<Page<User>>('/v1/users', { q, limit: 20 }, signal),
  });
  const isUserId = value !== undefined && value !== 'me' && value !== 'none';
  const current = useUser(isUserId ? value : undefined);

  const options = useMemo(() => {
    const users = new Map<string, User>();
    if (current.data) users.set(current.data.id, current.data);
    for (const user of found.data?.data ?? []) users.set(user.id, user);
    return [
      { value: 'me', label: t('customers.filters.ownerMe') },
      { value: 'none', label: t('customers.filters.ownerNone') },
      ...[...users.values()].map((u) => ({ value: u.id, label: u.name })),
    ];
  }, [current.data, found.data, t]);

  return (
    <Select
      value={value}
      onChange={(v: string | undefined) => onChange(v)}
      options={options}
      placeholder={t('customers.filters.owner')}
      loading={found.isFetching}
      allowClear
      showSearch={{ filterOption: false, onSearch: setSearch }}
      notFoundContent={found.isFetching ? null : t('common.noMatches')}
      style={{ width: '100%' }}
      data-testid="customers-filter-owner"
    />
  );
}
