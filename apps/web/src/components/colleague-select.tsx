import { useQuery } from '@tanstack/react-query';
import { Select } from 'antd';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, type Page } from '../api/client';
import { useDebouncedValue } from './use-debounced-value';

type Colleague = { id: string; name: string; orgUnitId: string | null };

type ColleagueSelectProps = {
  value?: string | null;
  onChange?: (value: string | null) => void;
  /** The chosen person's name when the caller knows it (a customer's ownerName), shown before any search. */
  knownName?: string | null;
  testId?: string;
};

/**
 * Picks a colleague through the user directory, which every signed-in user may search: a sales rep
 * handing a customer over needs to find people without being a user administrator.
 */
export function ColleagueSelect({ value, onChange, knownName, testId }: ColleagueSelectProps) {
  const { t } = useTranslation();
  const [search, setSearch] = useState('');
  const q = useDebouncedValue(search.trim());
  const found = useQuery({
    queryKey: ['user-directory', q],
    queryFn: ({ signal }) => api.get<Page<Colleague>>('/v1/user-directory', { q, limit: 20 }, signal),
  });
  const options = useMemo(() => {
    const people = new Map<string, string>();
    if (value && knownName) people.set(value, knownName);
    for (const c of found.data?.data ?? []) people.set(c.id, c.name);
    return [...people].map(([id, name]) => ({ value: id, label: name }));
  }, [value, knownName, found.data]);

  return (
    <Select
      value={value ?? undefined}
      onChange={(v: string | undefined) => onChange?.(v ?? null)}
      options={options}
      placeholder={t('common.searchUser')}
      loading={found.isFetching}
      allowClear
      showSearch={{ filterOption: false, onSearch: setSearch }}
      notFoundContent={found.isFetching ? null : t('common.noMatches')}
      data-testid={testId}
      style={{ width: '100%' }}
    />
  );
}
