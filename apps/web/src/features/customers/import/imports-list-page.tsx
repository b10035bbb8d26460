import { UploadOutlined } from '@ant-design/icons';
import { Button, Progress, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useCursorList } from '../../../api/lists';
import { DataTable } from '../../../components/data-table';
import { formatDateTime } from '../../../i18n/format';
import { AdminPage } from '../../admin/admin-page';
import { formatCount, ImportStatusTag } from './import-format';
import { useImport } from './import-queries';
import { isImportActive, type Import } from './import-types';

/** Where an import is looked at: its mapping while not started, its progress or result after. */
const importUrl = (imp: Import) => (imp.status === 'uploaded' ? `/customers/import?id=${imp.id}` : `/customers/imports/${imp.id}`);

/** A running import's progress, kept moving by polling that one import rather than the whole list. */
function LiveProgress({ listed }: { listed: Import }) {
  const imp = useImport(listed.id).data ?? listed;
  if (!isImportActive(imp.status)) return <ImportStatusTag status={imp.status} dryRun={imp.dryRun} />;
  const percent = imp.totalRows ? Math.floor((imp.processedRows / imp.totalRows) * 100) : 0;
  return <Progress percent={percent} size="small" status="active" style={{ minWidth: 120 }} />;
}

/** /customers/imports: the imports made so far, newest first. */
export function ImportsListPage() {
  const { t } = useTranslation();
  const imports = useCursorList<Import>('imports', '/v1/imports');
  const columns: TableColumnsType<Import> = [
    {
      title: t('imports.list.file'),
      key: 'file',
      render: (_, imp) => (
        <Link to={importUrl(imp)} style={{ wordBreak: 'break-all' }}>
          {imp.fileName}
        </Link>
      ),
    },
    {
      title: t('imports.list.status'),
      key: 'status',
      render: (_, imp) =>
        isImportActive(imp.status) ? <LiveProgress listed={imp} /> : <ImportStatusTag status={imp.status} dryRun={imp.dryRun} />,
    },
    { title: t('imports.list.rows'), key: 'rows', render: (_, imp) => (imp.totalRows === null ? '—' : formatCount(imp.totalRows)) },
    { title: t('imports.run.counts.created'), key: 'created', render: (_, imp) => formatCount(imp.created) },
    { title: t('imports.run.counts.updated'), key: 'updated', render: (_, imp) => formatCount(imp.updated) },
    {
      title: t('imports.run.counts.failed'),
      key: 'failed',
      render: (_, imp) => (imp.failed ? <Typography.Text type="danger">{formatCount(imp.failed)}</Typography.Text> : '0'),
    },
    { title: t('imports.list.uploadedAt'), key: 'uploadedAt', render: (_, imp) => formatDateTime(imp.createdAt) },
    { title: t('imports.list.finishedAt'), key: 'finishedAt', render: (_, imp) => formatDateTime(imp.finishedAt) },
  ];
  return (
    <AdminPage
      title={t('imports.list.title')}
      description={t('imports.list.intro')}
      actions={
        <Link to="/customers/import">
          <Button type="primary" icon={<UploadOutlined />} data-testid="import-new">
            {t('imports.list.new')}
          </Button>
        </Link>
      }
    >
      <DataTable source={imports} columns={columns} rowKey="id" testId="imports-table" />
    </AdminPage>
  );
}
