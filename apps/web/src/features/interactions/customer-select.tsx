import { Select, Typography } from 'antd';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useDebouncedValue } from '../../components/use-debounced-value';
import { useCustomerSearch } from './interaction-queries';

type Known = { id: string; name: string; code?: string };

type CustomerSelectProps = {
  value?: string | null;
  onChange?: (value: string | null) => void;
  /** A customer the caller knows by name (a task's), so it shows by name before any search finds it. */
  known?: { id: string; name: string } | null;
  placeholder?: string;
  id?: string;
  testId?: string;
};

/**
 * Picks a customer by searching on the server (name, pinyin, phone, code, email), as the customer
 * list does: a customer file is far too long to load into a select.
 */
export function CustomerSelect({ value, onChange, known, placeholder, id, testId }: CustomerSelectProps) {
  const { t } = useTranslation();
  const [search, setSearch] = useState('');
  // The one picked keeps its name when the next search no longer lists it.
  const [picked, setPicked] = useState<Known | null>(null);
  const q = useDebouncedValue(search.trim());
  const found = useCustomerSearch(q);
  const options = useMemo(() => {
    const customers = new Map<string, Known>();
    for (const c of [known, picked]) if (c && c.id === value) customers.set(c.id, c);
    for (const c of found.data?.data ?? []) customers.set(c.id, { id: c.id, name: c.name, code: c.code });
    return [...customers.values()].map((c) => ({ value: c.id, label: c.name, title: c.name, code: c.code }));
  }, [value, known, picked, found.data]);

  return (
    <Select
      id={id}
      value={value ?? undefined}
      onChange={(v: string | undefined) => {
        const option = options.find((o) => o.value === v);
        setPicked(option ? { id: option.value, name: option.label, code: option.code } : null);
        onChange?.(v ?? null);
      }}
      options={options}
      optionRender={(option) => (
        <span>
          {option.data.label}{' '}
          {option.data.code ? (
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {option.data.code}
            </Typography.Text>
          ) : null}
        </span>
      )}
      placeholder={placeholder ?? t('interactions.tasks.customerPlaceholder')}
      loading={found.isFetching}
      allowClear
      showSearch={{ filterOption: false, onSearch: setSearch }}
      notFoundContent={found.isFetching ? null : t('common.noMatches')}
      data-testid={testId}
      style={{ width: '100%' }}
    />
  );
}
