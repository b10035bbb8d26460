import { PlusOutlined } from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import { Button, DatePicker, Form, Input, Select, Tag, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';
import { useCursorList } from '../../api/lists';
import type { ApiToken } from '../../api/types';
import { ConfirmLinkButton } from '../../components/confirm-link-button';
import { FormModal } from '../../components/form-modal';
import { requiredRule } from '../../components/form-rules';
import { SecretRevealModal } from '../../components/secret-reveal-modal';
import { formatDate, formatDateTime } from '../../i18n/format';
import { AdminPage } from './admin-page';
import { roleLabel, useRoles } from './admin-queries';
import { DataTable } from '../../components/data-table';
import { useAction } from '../../components/use-action';

type TokenFormValues = { name: string; roleId: string; expiresAt?: Dayjs | null };

function TokenStatus({ token }: { token: ApiToken }) {
  const { t } = useTranslation();
  if (token.revokedAt) return <Tag>{t('apiTokens.revoked')}</Tag>;
  if (token.expiresAt && dayjs(token.expiresAt).isBefore(dayjs())) return <Tag color="orange">{t('apiTokens.expired')}</Tag>;
  return <Tag color="green">{t('apiTokens.active')}</Tag>;
}

export function ApiTokensPage() {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const tokens = useCursorList<ApiToken>('api-tokens', '/v1/api-tokens');
  const roles = useRoles();
  const roleById = useMemo(() => new Map(roles.rows.map((r) => [r.id, r])), [roles.rows]);
  const [creating, setCreating] = useState(false);
  const [newToken, setNewToken] = useState<string>();
  const refresh = () => queryClient.invalidateQueries({ queryKey: ['api-tokens'] });

  const { run } = useAction();
  const revoke = (token: ApiToken) =>
    run(
      token.id,
      async () => {
        await api.delete(`/v1/api-tokens/${token.id}`);
        await refresh();
      },
      t('apiTokens.revokedMessage'),
    );

  const columns: TableColumnsType<ApiToken> = [
    { title: t('apiTokens.name'), dataIndex: 'name' },
    {
      title: t('apiTokens.prefix'),
      key: 'prefix',
      render: (_, token) => <Typography.Text code>{token.prefix}…</Typography.Text>,
    },
    {
      title: t('apiTokens.role'),
      key: 'role',
      render: (_, token) => {
        const role = roleById.get(token.roleId);
        return role ? roleLabel(t, role) : '…';
      },
    },
    { title: t('apiTokens.status'), key: 'status', render: (_, token) => <TokenStatus token={token} /> },
    {
      title: t('apiTokens.expiresAt'),
      key: 'expires',
      render: (_, token) => (token.expiresAt ? formatDate(token.expiresAt) : t('apiTokens.never')),
    },
    { title: t('apiTokens.lastUsed'), key: 'lastUsed', render: (_, token) => formatDateTime(token.lastUsedAt) },
    { title: t('common.createdAt'), key: 'created', render: (_, token) => formatDateTime(token.createdAt) },
    {
      title: t('common.actions'),
      key: 'actions',
      render: (_, token) =>
        token.revokedAt ? null : (
          <ConfirmLinkButton
            title={t('apiTokens.confirmRevoke', { name: token.name })}
            label={t('apiTokens.revoke')}
            onConfirm={() => void revoke(token)}
          />
        ),
    },
  ];

  return (
    <AdminPage
      title={t('settings.pages.api-tokens')}
      description={t('apiTokens.intro')}
      actions={
        <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)} data-testid="token-new">
          {t('apiTokens.new')}
        </Button>
      }
    >
      <DataTable source={tokens} columns={columns} rowKey="id" testId="tokens-table" />

      <FormModal<TokenFormValues>
        open={creating}
        title={t('apiTokens.new')}
        okText={t('common.create')}
        onClose={() => setCreating(false)}
        onSubmit={async (values) => {
          const created = await api.post<ApiToken & { token: string }>('/v1/api-tokens', {
            name: values.name.trim(),
            roleId: values.roleId,
            // The token stops working at the end of the chosen day.
            ...(values.expiresAt ? { expiresAt: values.expiresAt.endOf('day').toISOString() } : {}),
          });
          setNewToken(created.token);
          await refresh();
        }}
      >
        <Form.Item name="name" label={t('apiTokens.name')} rules={[requiredRule(t)]} extra={t('apiTokens.nameHelp')}>
          <Input />
        </Form.Item>
        <Form.Item
          name="roleId"
          label={t('apiTokens.role')}
          rules={[{ required: true, message: t('validation.required') }]}
          extra={t('apiTokens.roleHelp')}
        >
          <Select loading={roles.isPending} options={roles.rows.map((r) => ({ value: r.id, label: roleLabel(t, r) }))} />
        </Form.Item>
        <Form.Item name="expiresAt" label={t('apiTokens.expiresAt')} extra={t('apiTokens.expiresHelp')}>
          <DatePicker style={{ width: '100%' }} disabledDate={(d) => d.isBefore(dayjs(), 'day')} />
        </Form.Item>
      </FormModal>

      <SecretRevealModal
        title={t('apiTokens.shownOnceTitle')}
        description={t('apiTokens.shownOnce')}
        secret={newToken}
        onClose={() => setNewToken(undefined)}
      />
    </AdminPage>
  );
}
