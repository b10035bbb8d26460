import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Button, Card, Popconfirm, Space, Tag, Tooltip } from 'antd';
import type { TableColumnsType } from 'antd';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';
import type { Session } from '../../api/types';
import { formatDateTime } from '../../i18n/format';
import { DataTable } from '../../components/data-table';
import { describeUserAgent } from './user-agent';
import { useAction } from '../../components/use-action';

const SESSIONS_KEY = ['sessions'];

/** Where the user is signed in, so that a lost phone or a shared computer can be signed out. */
export function SessionsCard() {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const sessions = useQuery({
    queryKey: SESSIONS_KEY,
    queryFn: ({ signal }) => api.get<{ data: Session[] }>('/v1/users/me/sessions', undefined, signal),
  });
  const rows = sessions.data?.data ?? [];

  const { run, busy } = useAction();
  const end = (path: string) =>
    run(
      path,
      async () => {
        await api.delete(path);
        await queryClient.invalidateQueries({ queryKey: SESSIONS_KEY });
      },
      t('account.sessionsEnded'),
    );

  const columns: TableColumnsType<Session> = [
    {
      title: t('account.device'),
      key: 'device',
      render: (_, s) => (
        <Space size={4} wrap>
          <Tooltip title={s.userAgent}>{describeUserAgent(s.userAgent) ?? t('account.unknownDevice')}</Tooltip>
          {s.current ? <Tag color="green">{t('account.thisDevice')}</Tag> : null}
        </Space>
      ),
    },
    { title: t('account.ip'), key: 'ip', render: (_, s) => s.ip ?? '—' },
    { title: t('common.createdAt'), key: 'created', render: (_, s) => formatDateTime(s.createdAt) },
    { title: t('account.lastSeen'), key: 'lastSeen', render: (_, s) => formatDateTime(s.lastSeenAt) },
    {
      title: t('common.actions'),
      key: 'actions',
      render: (_, s) =>
        s.current ? null : (
          <Button
            type="link"
            size="small"
            danger
            loading={busy === `/v1/users/me/sessions/${s.id}`}
            onClick={() => void end(`/v1/users/me/sessions/${s.id}`)}
          >
            {t('account.signOutSession')}
          </Button>
        ),
    },
  ];

  return (
    <Card
      title={t('account.sessions')}
      extra={
        rows.some((s) => !s.current) ? (
          <Popconfirm
            title={t('account.confirmSignOutOthers')}
            okText={t('account.signOutOthers')}
            cancelText={t('common.cancel')}
            onConfirm={() => void end('/v1/users/me/sessions')}
          >
            <Button size="small" data-testid="sessions-sign-out-others">
              {t('account.signOutOthers')}
            </Button>
          </Popconfirm>
        ) : null
      }
    >
      <DataTable source={{ ...sessions, rows }} columns={columns} rowKey="id" testId="sessions-table" />
    </Card>
  );
}
