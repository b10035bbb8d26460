import { ScanOutlined } from '@ant-design/icons';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Flex, Progress, Typography } from 'antd';
import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../../api/client';
import { useAction } from '../../../components/use-action';
import { formatDateTime } from '../../../i18n/format';
import { DUPLICATES_KEY, type ScanStatus } from './duplicate-types';

const SCAN_KEY = [DUPLICATES_KEY, 'scan'] as const;

/** How many of the values too common to compare are named; the biggest come first. */
const SKIPPED_SHOWN = 5;

function useScanStatus() {
  return useQuery({
    queryKey: SCAN_KEY,
    queryFn: ({ signal }) => api.get<ScanStatus>('/v1/duplicates/scan', undefined, signal),
    refetchInterval: (query) => (query.state.data?.status === 'running' ? 1000 : false),
  });
}

/** "Scan now", then the scan's progress; when it ends the candidate list is read again. */
export function ScanButton() {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const scan = useScanStatus();
  const { run, busy } = useAction();
  const start = () =>
    run('scan', async () => {
      await api.post('/v1/duplicates/scan');
      await queryClient.invalidateQueries({ queryKey: SCAN_KEY });
    });
  return (
    <Button
      type="primary"
      icon={<ScanOutlined />}
      loading={busy === 'scan' || scan.data?.status === 'running'}
      onClick={() => void start()}
      data-testid="duplicates-scan"
    >
      {scan.data?.status === 'running' ? t('duplicates.scan.running') : t('duplicates.scan.start')}
    </Button>
  );
}

/** Where the last scan stands: running with its progress, failed, or when it last found what. */
export function ScanStatusLine() {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const scan = useScanStatus().data;
  const status = scan?.status;
  const previous = useRef(status);
  useEffect(() => {
    // The groups were recomputed: the list on screen is from before the scan.
    if (previous.current === 'running' && status === 'done') void queryClient.invalidateQueries({ queryKey: [DUPLICATES_KEY] });
    previous.current = status;
  }, [status, queryClient]);

  if (!scan) return null;
  switch (scan.status) {
    case 'running':
      return (
        <Flex vertical gap={4} style={{ marginBottom: 16 }} data-testid="duplicates-scan-progress">
          <Typography.Text>{t('duplicates.scan.progress')}</Typography.Text>
          <Progress percent={Math.floor(scan.progress * 100)} status="active" />
        </Flex>
      );
    case 'failed':
      return <Alert type="error" showIcon title={t('duplicates.scan.failed')} description={scan.error} style={{ marginBottom: 16 }} />;
    case 'done':
      return (
        <Flex vertical gap={8} style={{ marginBottom: 16 }} data-testid="duplicates-scan-done">
          <Typography.Text type="secondary">
            {t('duplicates.scan.done', { at: formatDateTime(scan.finishedAt), customers: scan.customers, count: scan.openGroups ?? 0 })}
          </Typography.Text>
          {scan.skippedBlocks.length ? (
            <Alert
              type="info"
              showIcon
              title={t('duplicates.scan.skipped')}
              description={scan.skippedBlocks
                .slice(0, SKIPPED_SHOWN)
                .map((block) => t('duplicates.scan.skippedValue', { value: block.value, size: block.size }))
                .join(t('duplicates.scan.separator'))}
            />
          ) : null}
        </Flex>
      );
    case 'idle':
      return <Typography.Paragraph type="secondary">{t('duplicates.scan.never')}</Typography.Paragraph>;
  }
}
