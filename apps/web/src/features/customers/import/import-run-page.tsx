import { DownloadOutlined, HistoryOutlined } from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Flex, Pagination, Popconfirm, Progress, Result, Spin, Statistic, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { api } from '../../../api/client';
import { describeError } from '../../../api/use-report-error';
import { DataTable } from '../../../components/data-table';
import { useAction } from '../../../components/use-action';
import { formatDateTime } from '../../../i18n/format';
import { AdminPage } from '../../admin/admin-page';
import { formatCount, formatDuration, ImportStatusTag, rowReasonText } from './import-format';
import { ERRORS_SHOWN, errorReportUrl, importKey, useImport, useImportErrors } from './import-queries';
import { ImportSteps } from './import-steps';
import { isImportActive, type Import, type ImportRowError } from './import-types';

/** Created, updated and refused rows; a dry run says what would have happened. */
function Counts({ imp }: { imp: Import }) {
  const { t } = useTranslation();
  const label = (count: 'created' | 'updated' | 'failed') => t(imp.dryRun ? `imports.run.wouldBe.${count}` : `imports.run.counts.${count}`);
  return (
    <Flex gap="12px 32px" wrap data-testid="import-counts">
      <Statistic title={label('created')} value={formatCount(imp.created)} styles={{ content: { color: '#389e0d' } }} />
      <Statistic title={label('updated')} value={formatCount(imp.updated)} styles={{ content: { color: '#0958d9' } }} />
      <Statistic
        title={label('failed')}
        value={formatCount(imp.failed)}
        styles={{ content: imp.failed ? { color: '#cf1322' } : undefined }}
      />
    </Flex>
  );
}

/** The running import: how far, how fast, how long still; and the way to stop it. */
function Running({ imp }: { imp: Import }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const { run, busy } = useAction();
  const cancel = () =>
    run(
      'cancel',
      async () => {
        queryClient.setQueryData(importKey(imp.id), await api.post<Import>(`/v1/imports/${imp.id}/cancel`));
      },
      t('imports.run.cancelled'),
    );
  // The total is an estimate from the file size until the import ends, and unknown for Excel files.
  const total = imp.totalRows;
  const percent = total ? Math.min(99, Math.floor((imp.processedRows / total) * 100)) : null;
  return (
    <Flex vertical gap={16} data-testid="import-running">
      {imp.status === 'queued' ? (
        <Flex gap={8} align="center">
          <Spin size="small" />
          <Typography.Text>{t('imports.run.queued')}</Typography.Text>
        </Flex>
      ) : null}
      {percent === null ? (
        <Progress percent={100} showInfo={false} status="active" data-testid="import-progress" />
      ) : (
        <Progress percent={percent} status="active" data-testid="import-progress" />
      )}
      <Flex gap="12px 32px" wrap>
        <Statistic
          title={t('imports.run.processed')}
          value={
            total
              ? t('imports.run.ofTotal', { done: formatCount(imp.processedRows), total: formatCount(total) })
              : formatCount(imp.processedRows)
          }
        />
        <Statistic
          title={t('imports.run.rate')}
          value={imp.rate === null ? '—' : t('imports.run.perSecond', { rate: formatCount(Math.round(imp.rate)) })}
        />
        <Statistic title={t('imports.run.timeLeft')} value={imp.etaSeconds === null ? '—' : formatDuration(t, imp.etaSeconds)} />
      </Flex>
      <Counts imp={imp} />
      <Typography.Text type="secondary">{t('imports.run.leaveHint')}</Typography.Text>
      <Flex justify="flex-end">
        <Popconfirm
          title={t('imports.run.confirmCancel')}
          description={imp.dryRun ? undefined : t('imports.run.confirmCancelKeeps')}
          okText={t('imports.run.cancel')}
          okButtonProps={{ danger: true }}
          cancelText={t('common.no')}
          onConfirm={() => void cancel()}
        >
          <Button danger loading={busy === 'cancel'} data-testid="import-cancel">
            {t('imports.run.cancel')}
          </Button>
        </Popconfirm>
      </Flex>
    </Flex>
  );
}

/** The rows the import refused, the first hundred on screen and all of them as a CSV report. */
/** Refused rows per page: a hundred at once would make a phone scroll for ever. */
const ERRORS_PER_PAGE = 10;

function RefusedRows({ imp }: { imp: Import }) {
  const { t } = useTranslation();
  const errors = useImportErrors(imp.id, imp.failed > 0);
  const [page, setPage] = useState(1);
  if (imp.failed === 0) return null;
  const columns: TableColumnsType<ImportRowError> = [
    { title: t('imports.errors.row'), key: 'row', render: (_, e) => e.rowNumber },
    { title: t('imports.errors.column'), key: 'column', render: (_, e) => e.column ?? '—' },
    {
      title: t('imports.errors.value'),
      key: 'value',
      render: (_, e) => (
        <Typography.Text code={!!e.value} style={{ wordBreak: 'break-all' }}>
          {e.value || '—'}
        </Typography.Text>
      ),
    },
    { title: t('imports.errors.reason'), key: 'reason', render: (_, e) => rowReasonText(t, e) },
  ];
  const all = errors.data?.data ?? [];
  const rows = all.slice((page - 1) * ERRORS_PER_PAGE, page * ERRORS_PER_PAGE);
  const source = { rows, isPending: errors.isPending, error: errors.error, refetch: () => errors.refetch() };
  return (
    <Flex vertical gap={12} style={{ marginTop: 24 }}>
      <Flex justify="space-between" align="center" gap={8} wrap>
        <Typography.Title level={5} style={{ margin: 0 }}>
          {t('imports.errors.title')}
        </Typography.Title>
        <Button icon={<DownloadOutlined />} href={errorReportUrl(imp.id)} download data-testid="import-error-report">
          {t('imports.errors.download')}
        </Button>
      </Flex>
      {errors.data?.nextCursor ? (
        <Typography.Text type="secondary">{t('imports.errors.firstOnly', { shown: ERRORS_SHOWN })}</Typography.Text>
      ) : null}
      <DataTable source={source} columns={columns} rowKey={(e) => `${e.rowNumber}:${e.column ?? ''}:${e.reason}`} testId="import-errors" />
      {all.length > ERRORS_PER_PAGE ? (
        <Flex justify="center">
          <Pagination
            simple
            current={page}
            pageSize={ERRORS_PER_PAGE}
            total={all.length}
            onChange={setPage}
            showSizeChanger={false}
            data-testid="import-errors-pages"
          />
        </Flex>
      ) : null}
    </Flex>
  );
}

/** How the import ended, with what came of it. */
function Finished({ imp }: { imp: Import }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const { run, busy } = useAction();
  // A dry run wrote nothing and may run again for real; a failed import resumes after its last saved batch.
  const runAgain = (dryRun?: boolean) =>
    run('start', async () => {
      try {
        if (dryRun !== undefined) await api.patch<Import>(`/v1/imports/${imp.id}`, { dryRun });
        queryClient.setQueryData(importKey(imp.id), await api.post<Import>(`/v1/imports/${imp.id}/start`));
      } finally {
        // Whether it started or not, the page shows where the import now stands.
        void queryClient.invalidateQueries({ queryKey: importKey(imp.id) });
      }
    });
  let status: 'success' | 'info' | 'error' | 'warning' = 'success';
  let title = t('imports.run.completed');
  if (imp.status === 'failed') {
    status = 'error';
    title = t('imports.run.failed');
  } else if (imp.status === 'cancelled') {
    status = 'warning';
    title = t('imports.run.cancelledTitle');
  } else if (imp.dryRun) {
    status = 'info';
    title = t('imports.run.dryRunCompleted');
  }
  const next = imp.dryRun ? (
    <>
      <Button type="primary" loading={busy === 'start'} onClick={() => void runAgain(false)} data-testid="import-for-real">
        {t('imports.run.forReal')}
      </Button>
      <Link to={`/customers/import?id=${imp.id}`}>
        <Button data-testid="import-change-settings">{t('imports.run.changeSettings')}</Button>
      </Link>
    </>
  ) : (
    <>
      {imp.status === 'failed' ? (
        <Button type="primary" loading={busy === 'start'} onClick={() => void runAgain()} data-testid="import-resume">
          {t('imports.run.resume')}
        </Button>
      ) : null}
      <Link to="/customers">
        <Button type={imp.status === 'failed' ? 'default' : 'primary'} data-testid="import-to-customers">
          {t('imports.run.toCustomers')}
        </Button>
      </Link>
    </>
  );
  return (
    <div data-testid="import-finished">
      <Result
        status={status}
        title={title}
        subTitle={t('imports.run.finishedAt', { at: formatDateTime(imp.finishedAt), rows: formatCount(imp.processedRows) })}
        extra={
          <Flex gap={8} wrap justify="center">
            {next}
            <Link to="/customers/import">
              <Button>{t('imports.start.another')}</Button>
            </Link>
          </Flex>
        }
        style={{ padding: '16px 0' }}
      >
        {imp.error ? (
          // The server words why an import stopped in English only; it is shown as it is.
          <Alert
            type="error"
            showIcon
            title={imp.error}
            description={imp.dryRun ? undefined : t('imports.run.resumeHint')}
            style={{ marginBottom: 16 }}
          />
        ) : null}
        <Flex justify="center">
          <Counts imp={imp} />
        </Flex>
      </Result>
      <RefusedRows imp={imp} />
    </div>
  );
}

/**
 * /customers/imports/:id: an import's live progress and then its result. The import runs on the
 * server, so the person may leave and come back; the page picks up wherever it has got to.
 */
export function ImportRunPage() {
  const { t } = useTranslation();
  const { id = '' } = useParams();
  const imp = useImport(id);
  let body;
  if (imp.error) {
    body = <Alert type="error" showIcon title={describeError(t, imp.error)} />;
  } else if (!imp.data) {
    body = <Spin style={{ display: 'block', padding: 24 }} />;
  } else if (imp.data.status === 'uploaded') {
    body = (
      <Alert
        type="info"
        showIcon
        title={t('imports.run.notStarted')}
        action={
          <Link to={`/customers/import?id=${id}`}>
            <Button size="small">{t('imports.run.continueMapping')}</Button>
          </Link>
        }
      />
    );
  } else {
    body = isImportActive(imp.data.status) ? <Running imp={imp.data} /> : <Finished imp={imp.data} />;
  }
  return (
    <AdminPage
      title={t('imports.run.title')}
      actions={
        <Link to="/customers/imports">
          <Button icon={<HistoryOutlined />}>{t('imports.list.title')}</Button>
        </Link>
      }
    >
      <ImportSteps current={2} />
      {imp.data ? (
        <Flex gap={8} align="center" wrap style={{ marginBottom: 16 }}>
          <Typography.Text strong style={{ wordBreak: 'break-all' }}>
            {imp.data.fileName}
          </Typography.Text>
          <ImportStatusTag status={imp.data.status} dryRun={imp.data.dryRun} />
        </Flex>
      ) : null}
      {body}
    </AdminPage>
  );
}
