import { Alert, Button, Empty, Flex, InputNumber, Segmented, Skeleton, Table, Typography, type TableColumnsType } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { TIERS, type Tier } from '../../api/types';
import { describeError } from '../../api/use-report-error';
import { useDebouncedValue } from '../../components/use-debounced-value';
import { formatDate } from '../../i18n/format';
import { useIsMobile } from '../shell/use-is-mobile';
import { useNotContacted } from './report-queries';
import type { NotContactedRow } from './types';

/**
 * Customers of a tier nobody has contacted for N days (by default the tier's follow-up plan), or
 * ever, longest first. Pages may come back short with a cursor: "load more" keeps going.
 */
export function NotContacted() {
  const { t } = useTranslation();
  const mobile = useIsMobile();
  const [tier, setTier] = useState<Tier>('key');
  const [days, setDays] = useState<number | null>(null);
  const settledDays = useDebouncedValue(days, 400);
  const list = useNotContacted(tier, settledDays ?? undefined);

  const customer = (row: NotContactedRow) => (
    <Link to={`/customers/${row.id}`} data-testid="not-contacted-link">
      {row.name}
    </Link>
  );
  const lastContact = (row: NotContactedRow) =>
    row.lastContactAt ? formatDate(row.lastContactAt) : <Typography.Text type="warning">{t('reports.notContacted.never')}</Typography.Text>;

  const columns: TableColumnsType<NotContactedRow> = mobile
    ? [
        {
          key: 'customer',
          title: t('reports.notContacted.customer'),
          render: (_, row) => (
            <Flex vertical>
              {customer(row)}
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {[row.code, row.ownerName].filter(Boolean).join(' · ')}
              </Typography.Text>
            </Flex>
          ),
        },
        { key: 'last', title: t('reports.notContacted.lastContact'), width: 104, render: (_, row) => lastContact(row) },
      ]
    : [
        { key: 'code', title: t('customers.fields.code'), dataIndex: 'code', width: 140 },
        { key: 'customer', title: t('reports.notContacted.customer'), render: (_, row) => customer(row), ellipsis: true },
        { key: 'owner', title: t('reports.notContacted.owner'), render: (_, row) => row.ownerName ?? '—', width: 200, ellipsis: true },
        { key: 'last', title: t('reports.notContacted.lastContact'), width: 140, render: (_, row) => lastContact(row) },
      ];

  return (
    <>
      <Flex gap={8} wrap align="center" style={{ marginBottom: 12 }}>
        <Segmented<Tier>
          value={tier}
          onChange={setTier}
          options={TIERS.map((value) => ({ value, label: t(`customers.tiers.${value}`) }))}
          aria-label={t('reports.notContacted.tier')}
          data-testid="not-contacted-tier"
        />
        <InputNumber<number>
          min={1}
          max={3650}
          precision={0}
          value={days}
          onChange={(value) => setDays(value)}
          placeholder={list.days ? t('reports.notContacted.daysPlaceholder', { days: list.days }) : undefined}
          prefix={mobile ? undefined : t('reports.notContacted.days')}
          suffix={t('reports.notContacted.daysUnit')}
          aria-label={t('reports.notContacted.days')}
          style={{ width: mobile ? 160 : 260 }}
          data-testid="not-contacted-days"
        />
      </Flex>
      {list.days ? (
        <Typography.Paragraph type="secondary" style={{ marginBottom: 12 }} data-testid="not-contacted-summary">
          {t('reports.notContacted.summary', { tier: t(`customers.tiers.${tier}`), days: list.days })}
        </Typography.Paragraph>
      ) : null}
      {list.error ? <Alert type="error" showIcon title={describeError(t, list.error)} style={{ marginBottom: 12 }} /> : null}
      {list.isPending ? (
        <Skeleton active />
      ) : list.rows.length === 0 && !list.hasNextPage ? (
        <Empty description={t('reports.notContacted.empty')} data-testid="not-contacted-empty" />
      ) : (
        <Table<NotContactedRow>
          size="small"
          rowKey="id"
          columns={columns}
          dataSource={list.rows}
          pagination={false}
          data-testid="not-contacted-table"
        />
      )}
      {list.hasNextPage ? (
        <Flex justify="center" style={{ paddingBlock: 12 }}>
          <Button onClick={() => void list.fetchNextPage()} loading={list.isFetchingNextPage} data-testid="not-contacted-more">
            {t('common.loadMore')}
          </Button>
        </Flex>
      ) : null}
    </>
  );
}
