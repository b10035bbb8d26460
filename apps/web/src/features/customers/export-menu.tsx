import { DownOutlined, ExportOutlined } from '@ant-design/icons';
import { Button, Dropdown, Tooltip } from 'antd';
import { useTranslation } from 'react-i18next';
import { exportHref, type CustomerFilters } from './customer-list-state';

/** Servers and proxies refuse longer request lines; a selection this large is better exported by filter. */
const MAX_URL_LENGTH = 8000;

type ExportMenuProps = {
  columns: string[];
  filters: CustomerFilters;
  /** Only these customers; otherwise every customer the filters match. */
  ids?: string[];
  testId: string;
};

/**
 * Export as plain download links: the browser streams the file to disk itself (a large export
 * never sits in this page's memory) and shows its own progress.
 */
export function ExportMenu({ columns, filters, ids, testId }: ExportMenuProps) {
  const { t } = useTranslation();
  if (exportHref('csv', columns, filters, ids).length > MAX_URL_LENGTH) {
    return (
      <Tooltip title={t('customers.export.tooManySelected')}>
        <Button icon={<ExportOutlined />} disabled data-testid={testId}>
          {t('customers.export.button')}
        </Button>
      </Tooltip>
    );
  }
  const item = (format: 'csv' | 'xlsx') => ({
    key: format,
    label: (
      <a href={exportHref(format, columns, filters, ids)} download data-testid={`${testId}-${format}`}>
        {t(`customers.export.${format}`)}
      </a>
    ),
  });
  return (
    <Dropdown trigger={['click']} menu={{ items: [item('csv'), item('xlsx')] }}>
      <Button icon={<ExportOutlined />} data-testid={testId}>
        {t('customers.export.button')} <DownOutlined />
      </Button>
    </Dropdown>
  );
}
