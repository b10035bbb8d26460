import { BankOutlined, UserOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Checkbox, Empty, Flex, Spin, Table, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import type { SorterResult, SortOrder } from 'antd/es/table/interface';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { Customer, CustomerFieldInfo, CustomField } from '../../api/types';
import { describeError } from '../../api/use-report-error';
import type { ListSource } from '../../components/data-table';
import { useIsMobile } from '../shell/use-is-mobile';
import { isSortable } from './customer-list-state';
import { fieldLabel, renderCustomerField, TierTag } from './customer-values';

export function CustomerName({ customer }: { customer: Pick<Customer, 'id' | 'name' | 'kind'> }) {
  const { t } = useTranslation();
  return (
    <Link to={`/customers/${customer.id}`} data-testid="customer-link">
      {customer.kind === 'organisation' ? (
        <BankOutlined aria-label={t('customers.kinds.organisation')} />
      ) : (
        <UserOutlined aria-label={t('customers.kinds.person')} />
      )}{' '}
      {customer.name}
    </Link>
  );
}

type CustomerTableProps = {
  source: ListSource<Customer>;
  columns: string[];
  catalogue: CustomerFieldInfo[];
  customFields: CustomField[];
  /** `name`, `-name`…; null while the server ranks by relevance. */
  sort: string | null;
  onSort: (sort: string | null) => void;
  sortable: boolean;
  selected: string[];
  onSelect: (ids: string[]) => void;
  /** Every matching customer is selected, so single rows cannot be unticked. */
  allMatching: boolean;
  selectable: boolean;
};

const orderOf = (sort: string | null, key: string): SortOrder => (sort === key ? 'ascend' : sort === `-${key}` ? 'descend' : null);

/**
 * The customer list: a table with sortable columns and ticks on a desk, cards with ticks on a
 * phone. Pages come by cursor, one "load more" at a time.
 */
export function CustomerTable(props: CustomerTableProps) {
  const { t } = useTranslation();
  const mobile = useIsMobile();
  const { source, catalogue, customFields } = props;
  const labelOf = (key: string) => fieldLabel(t, key, customFields, catalogue.find((f) => f.key === key)?.label);
  const loading = source.isPending && !source.error;

  const tableColumns: TableColumnsType<Customer> = [
    {
      title: t('customers.fields.name'),
      key: 'name',
      render: (_, c) => <CustomerName customer={c} />,
      sorter: props.sortable,
      sortOrder: props.sortable ? orderOf(props.sort, 'name') : null,
    },
    ...props.columns.map((key) => ({
      title: labelOf(key),
      key,
      render: (_: unknown, c: Customer) => renderCustomerField(t, key, c),
      sorter: props.sortable && isSortable(key),
      sortOrder: props.sortable && isSortable(key) ? orderOf(props.sort, key) : null,
    })),
  ];

  const toggle = (id: string, on: boolean) => props.onSelect(on ? [...props.selected, id] : props.selected.filter((s) => s !== id));

  let body;
  if (!mobile) {
    body = (
      <Table<Customer>
        size="middle"
        rowKey="id"
        columns={tableColumns}
        dataSource={source.rows}
        loading={loading}
        pagination={false}
        scroll={{ x: 'max-content' }}
        showSorterTooltip={false}
        rowSelection={
          props.selectable
            ? {
                selectedRowKeys: props.allMatching ? source.rows.map((c) => c.id) : props.selected,
                onChange: (keys) => props.onSelect(keys.map(String)),
                getCheckboxProps: () => ({ disabled: props.allMatching }),
                preserveSelectedRowKeys: true,
              }
            : undefined
        }
        onChange={(_pagination, _filters, sorter) => {
          const { columnKey, order } = sorter as SorterResult<Customer>;
          props.onSort(order && typeof columnKey === 'string' ? `${order === 'descend' ? '-' : ''}${columnKey}` : null);
        }}
        data-testid="customers-table"
      />
    );
  } else if (loading) {
    body = <Spin style={{ display: 'block', padding: 24 }} />;
  } else if (source.rows.length === 0) {
    body = <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} />;
  } else {
    body = (
      <Flex vertical gap={8} data-testid="customers-cards">
        {source.rows.map((c) => (
          <Card
            key={c.id}
            size="small"
            styles={{ header: { paddingBlock: 8 } }}
            title={
              <Flex gap={8} align="center" style={{ minWidth: 0 }}>
                {props.selectable ? (
                  <Checkbox
                    checked={props.allMatching || props.selected.includes(c.id)}
                    disabled={props.allMatching}
                    onChange={(e) => toggle(c.id, e.target.checked)}
                    aria-label={c.name}
                  />
                ) : null}
                <span style={{ minWidth: 0, overflow: 'hidden', textOverflow: 'ellipsis' }}>
                  <CustomerName customer={c} />
                </span>
                <TierTag tier={c.tier} />
              </Flex>
            }
          >
            <Flex vertical gap={6}>
              {props.columns
                .filter((key) => key !== 'tier')
                .map((key) => (
                  <Flex key={key} gap={12} justify="space-between" align="baseline">
                    <Typography.Text type="secondary" style={{ flex: 'none' }}>
                      {labelOf(key)}
                    </Typography.Text>
                    <div style={{ textAlign: 'end', minWidth: 0, wordBreak: 'break-word' }}>{renderCustomerField(t, key, c)}</div>
                  </Flex>
                ))}
            </Flex>
          </Card>
        ))}
      </Flex>
    );
  }

  return (
    <Flex vertical gap={12}>
      {source.error ? (
        <Alert
          type="error"
          showIcon
          title={describeError(t, source.error)}
          action={
            <Button size="small" onClick={() => void source.refetch()}>
              {t('common.retry')}
            </Button>
          }
        />
      ) : null}
      {body}
      {source.hasNextPage ? (
        <Flex justify="center">
          <Button onClick={() => void source.fetchNextPage?.()} loading={source.isFetchingNextPage} data-testid="load-more">
            {t('common.loadMore')}
          </Button>
        </Flex>
      ) : null}
    </Flex>
  );
}
