import { SearchOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { AutoComplete, Input, Spin, Typography } from 'antd';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { api } from '../../api/client';
import type { SearchHit } from '../../api/types';
import { useDebouncedValue } from '../../components/use-debounced-value';
import { useFormatPhone } from '../../components/use-format-phone';

/** A result: its title, and under it its details with the phone formatted as the customer pages show it. */
function HitLabel({ hit }: { hit: SearchHit }) {
  const formatPhone = useFormatPhone();
  const details = [hit.subtitle, hit.phone ? formatPhone(hit.phone) : null].filter(Boolean).join(' · ');
  return (
    <div>
      <div>{hit.title}</div>
      {details ? (
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {details}
        </Typography.Text>
      ) : null}
    </div>
  );
}

/** Searches everything the user may see (names, pinyin, phone, codes, email) as they type. */
export function GlobalSearch() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const [text, setText] = useState('');
  const q = useDebouncedValue(text.trim());
  const search = useQuery({
    queryKey: ['search', q],
    queryFn: ({ signal }) => api.get<{ data: SearchHit[] }>('/v1/search', { q }, signal),
    enabled: q.length > 0,
    staleTime: 30_000,
  });

  const options = useMemo(() => {
    const groups = new Map<string, SearchHit[]>();
    for (const hit of search.data?.data ?? []) groups.set(hit.type, [...(groups.get(hit.type) ?? []), hit]);
    return [...groups].map(([type, hits]) => ({
      label: t(`search.types.${type}`, { defaultValue: type }),
      options: hits.map((hit) => ({
        key: `${hit.type}:${hit.id}`,
        value: hit.url,
        label: <HitLabel hit={hit} />,
      })),
    }));
  }, [search.data, t]);

  const waiting = text.trim() !== q || search.isFetching;
  const notFound = !q ? null : waiting ? <Spin size="small" /> : t('search.noResults');

  return (
    <AutoComplete
      value={text}
      options={options}
      onChange={(value: string) => setText(value)}
      onSelect={(url: string) => {
        setText('');
        void navigate(url);
      }}
      notFoundContent={notFound}
      popupMatchSelectWidth={false}
      style={{ width: '100%' }}
      // The server has matched already (pinyin, phone digits); filtering again by the text would hide hits.
      showSearch={{ filterOption: false }}
    >
      <Input
        allowClear
        prefix={<SearchOutlined />}
        placeholder={t('search.placeholder')}
        aria-label={t('search.label')}
        data-testid="global-search"
      />
    </AutoComplete>
  );
}
