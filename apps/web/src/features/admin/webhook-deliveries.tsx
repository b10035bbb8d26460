import { SendOutlined } from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import { Button, Drawer, Flex, Tag, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';
import { useCursorList } from '../../api/lists';
import type { Webhook, WebhookDelivery } from '../../api/types';
import { formatDateTime } from '../../i18n/format';
import { useIsMobile } from '../shell/use-is-mobile';
import { DataTable } from '../../components/data-table';
import { useAction } from '../../components/use-action';

const STATUS_COLORS: Record<string, string> = { succeeded: 'green', failed: 'red', retrying: 'orange', pending: 'blue' };

/** Recent deliveries of one webhook, and a test event to check the receiver end to end. */
export function WebhookDeliveries({ webhook, onClose }: { webhook: Webhook | undefined; onClose: () => void }) {
  const { t } = useTranslation();
  const mobile = useIsMobile();
  const queryClient = useQueryClient();
  const deliveries = useCursorList<WebhookDelivery>(
    'webhook-deliveries',
    `/v1/webhooks/${webhook?.id}/deliveries`,
    {},
    webhook !== undefined,
  );

  const { run, busy } = useAction();
  const sendTest = (id: string) =>
    run(
      'test',
      async () => {
        await api.post(`/v1/webhooks/${id}/test`);
        // The delivery is queued, not done: show it now and its outcome on the next refresh.
        await queryClient.invalidateQueries({ queryKey: ['webhook-deliveries'] });
      },
      t('webhooks.testSent'),
    );

  const columns: TableColumnsType<WebhookDelivery> = [
    { title: t('webhooks.event'), dataIndex: 'eventType' },
    {
      title: t('webhooks.deliveryStatus'),
      key: 'status',
      render: (_, d) => <Tag color={STATUS_COLORS[d.status]}>{t(`webhooks.statuses.${d.status}`, { defaultValue: d.status })}</Tag>,
    },
    { title: t('webhooks.attempts'), dataIndex: 'attempts' },
    { title: t('webhooks.responseStatus'), key: 'response', render: (_, d) => d.responseStatus ?? '—' },
    {
      title: t('webhooks.error'),
      key: 'error',
      render: (_, d) =>
        d.error ? (
          <Typography.Text type="danger" ellipsis={{ tooltip: d.error }} style={{ maxWidth: 240 }}>
            {d.error}
          </Typography.Text>
        ) : (
          '—'
        ),
    },
    { title: t('common.createdAt'), key: 'created', render: (_, d) => formatDateTime(d.createdAt) },
    { title: t('webhooks.lastAttempt'), key: 'last', render: (_, d) => formatDateTime(d.lastAttemptAt) },
    { title: t('webhooks.nextAttempt'), key: 'next', render: (_, d) => formatDateTime(d.nextAttemptAt) },
  ];

  return (
    <Drawer
      open={webhook !== undefined}
      onClose={onClose}
      size={mobile ? '100%' : 900}
      title={t('webhooks.deliveriesOf', { name: webhook?.name })}
      destroyOnHidden
    >
      <Flex gap={8} wrap style={{ marginBottom: 12 }}>
        <Button
          icon={<SendOutlined />}
          onClick={() => webhook && void sendTest(webhook.id)}
          loading={busy === 'test'}
          data-testid="webhook-test"
        >
          {t('webhooks.sendTest')}
        </Button>
        <Button onClick={() => void deliveries.refetch()} loading={deliveries.isFetching && !deliveries.isFetchingNextPage}>
          {t('common.refresh')}
        </Button>
      </Flex>
      <DataTable source={deliveries} columns={columns} rowKey="id" testId="deliveries-table" />
    </Drawer>
  );
}
