import { Alert, Button, Card, Empty, Flex, Spin, Table, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { describeError } from '../api/use-report-error';
import { useIsMobile } from '../features/shell/use-is-mobile';

/** What a table needs from a list query: useCursorList's result, or a whole list with `rows`. */
export type ListSource<T> = {
  rows: T[];
  isPending: boolean;
  error: unknown;
  refetch: () => unknown;
  hasNextPage?: boolean;
  isFetchingNextPage?: boolean;
  fetchNextPage?: () => unknown;
};

type RowKey<T> = (keyof T & string) | ((row: T) => string);

type DataTableProps<T> = {
  source: ListSource<T>;
  columns: TableColumnsType<T>;
  rowKey: RowKey<T>;
  testId?: string;
};

const keyOf = <T,>(rowKey: RowKey<T>, row: T): string => (typeof rowKey === 'function' ? rowKey(row) : String(row[rowKey]));

type Column<T> = TableColumnsType<T>[number];

/** A cell as the table would draw it, for the phone's card list. */
function cell<T extends object>(column: Column<T>, row: T, index: number): ReactNode {
  const dataIndex = 'dataIndex' in column ? column.dataIndex : undefined;
  const value = typeof dataIndex === 'string' ? (row as Record<string, unknown>)[dataIndex] : undefined;
  if (column.render) return column.render(value, row, index) as ReactNode;
  // Columns without a render show plain text or numbers; anything richer brings its own render.
  return typeof value === 'string' || typeof value === 'number' ? value : '—';
}

/**
 * On a phone a row becomes a card: the first column is its title, the actions column its footer,
 * and the rest label–value lines. Nothing has to be scrolled sideways to be found.
 */
function CardList<T extends object>({ rows, columns, rowKey }: { rows: T[]; columns: TableColumnsType<T>; rowKey: RowKey<T> }) {
  const [first, ...rest] = columns;
  const actions = rest.find((c) => c.key === 'actions');
  const fields = rest.filter((c) => c !== actions);
  return (
    <Flex vertical gap={8}>
      {rows.map((row, index) => (
        <Card key={keyOf(rowKey, row)} size="small" title={first ? cell(first, row, index) : null} styles={{ header: { paddingBlock: 8 } }}>
          <Flex vertical gap={6}>
            {fields.map((column, i) => (
              <Flex key={String(column.key ?? i)} gap={12} justify="space-between" align="baseline">
                <Typography.Text type="secondary" style={{ flex: 'none' }}>
                  {column.title as ReactNode}
                </Typography.Text>
                <div style={{ textAlign: 'end', minWidth: 0, wordBreak: 'break-word' }}>{cell(column, row, index)}</div>
              </Flex>
            ))}
            {actions ? <Flex justify="flex-end">{cell(actions, row, index)}</Flex> : null}
          </Flex>
        </Card>
      ))}
    </Flex>
  );
}

/**
 * The one list table of the app. On a desk, a table whose actions stay in view while it scrolls
 * sideways; on a phone, a list of cards. Pages load by cursor with a "load more" button, since a
 * cursor cannot jump to page 7.
 */
export function DataTable<T extends object>({ source, columns, rowKey, testId }: DataTableProps<T>) {
  const { t } = useTranslation();
  const mobile = useIsMobile();
  const loading = source.isPending && !source.error;
  let body: ReactNode;
  if (!mobile) {
    const pinned = columns.map((c) => (c.key === 'actions' ? { ...c, fixed: 'right' as const } : c));
    body = (
      <Table<T>
        size="middle"
        rowKey={(row) => keyOf(rowKey, row)}
        columns={pinned}
        dataSource={source.rows}
        loading={loading}
        pagination={false}
        scroll={{ x: 'max-content' }}
      />
    );
  } else if (loading) {
    body = <Spin style={{ display: 'block', padding: 24 }} />;
  } else {
    body = source.rows.length ? (
      <CardList rows={source.rows} columns={columns} rowKey={rowKey} />
    ) : (
      <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} />
    );
  }
  return (
    <Flex vertical gap={12} data-testid={testId}>
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
