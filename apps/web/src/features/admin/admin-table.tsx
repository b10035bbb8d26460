import { Alert, Button, Flex, Table } from 'antd';
import type { TableColumnsType, TableProps } from 'antd';
import { useTranslation } from 'react-i18next';
import { describeError } from '../../api/use-report-error';

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

type AdminTableProps<T> = {
  source: ListSource<T>;
  columns: TableColumnsType<T>;
  rowKey: TableProps<T>['rowKey'];
  expandable?: TableProps<T>['expandable'];
  testId?: string;
};

/**
 * The one table of the settings pages. It scrolls sideways on a phone rather than squeezing
 * columns, and pages by cursor with a "load more" button, since cursors cannot jump to page 7.
 */
export function AdminTable<T extends object>({ source, columns, rowKey, expandable, testId }: AdminTableProps<T>) {
  const { t } = useTranslation();
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
      <Table<T>
        data-testid={testId}
        size="middle"
        rowKey={rowKey}
        columns={columns}
        dataSource={source.rows}
        loading={source.isPending && !source.error}
        expandable={expandable}
        pagination={false}
        scroll={{ x: 'max-content' }}
      />
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
