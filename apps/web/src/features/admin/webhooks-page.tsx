import { PlusOutlined } from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import { App, Button, Flex, Form, Input, Select, Space, Switch, Tag, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';
import { useCursorList } from '../../api/lists';
import type { Webhook } from '../../api/types';
import { ConfirmLinkButton } from '../../components/confirm-link-button';
import { FormModal } from '../../components/form-modal';
import { requiredRule } from '../../components/form-rules';
import { SecretRevealModal } from '../../components/secret-reveal-modal';
import { AdminPage } from './admin-page';
import { DataTable } from '../../components/data-table';
import { WebhookDeliveries } from './webhook-deliveries';
import { useAction } from '../../components/use-action';

type WebhookFormValues = { name: string; url: string; eventTypes: string[]; active: boolean };

function WebhookFields() {
  const { t } = useTranslation();
  return (
    <>
      <Form.Item name="name" label={t('webhooks.name')} rules={[requiredRule(t)]}>
        <Input />
      </Form.Item>
      <Form.Item
        name="url"
        label={t('webhooks.url')}
        // The server's URL guard judges addresses (intranet names, private ranges) and answers on this field.
        rules={[requiredRule(t)]}
        extra={t('webhooks.urlHelp')}
      >
        <Input type="url" placeholder="https://erp.example.com/rapport-events" />
      </Form.Item>
      <Form.Item
        name="eventTypes"
        label={t('webhooks.eventTypes')}
        rules={[{ required: true, type: 'array', min: 1, message: t('webhooks.eventTypesRequired') }]}
        extra={t('webhooks.eventTypesHelp')}
      >
        <Select mode="tags" tokenSeparators={[',', ' ']} open={false} suffixIcon={null} />
      </Form.Item>
      <Form.Item name="active" label={t('webhooks.active')} valuePropName="checked">
        <Switch />
      </Form.Item>
    </>
  );
}

export function WebhooksPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const webhooks = useCursorList<Webhook>('webhooks', '/v1/webhooks');
  const [creating, setCreating] = useState(false);
  // Read from the list, so a reload after a 412 brings the fresh version into the open form.
  const [editingId, setEditingId] = useState<string>();
  const editing = webhooks.rows.find((w) => w.id === editingId);
  const [watching, setWatching] = useState<Webhook>();
  const [secret, setSecret] = useState<string>();
  const refresh = () => queryClient.invalidateQueries({ queryKey: ['webhooks'] });

  const { run, busy } = useAction();
  const update = async (webhook: Webhook, body: Partial<WebhookFormValues>) => {
    await api.patch(`/v1/webhooks/${webhook.id}`, body, webhook.version);
    await refresh();
  };
  const remove = (webhook: Webhook) =>
    run(
      webhook.id,
      async () => {
        await api.delete(`/v1/webhooks/${webhook.id}`, webhook.version);
        await refresh();
      },
      t('common.deleted'),
    );

  const columns: TableColumnsType<Webhook> = [
    { title: t('webhooks.name'), dataIndex: 'name' },
    {
      title: t('webhooks.url'),
      key: 'url',
      render: (_, w) => (
        <Typography.Text ellipsis={{ tooltip: w.url }} style={{ maxWidth: 280 }}>
          {w.url}
        </Typography.Text>
      ),
    },
    {
      title: t('webhooks.eventTypes'),
      key: 'events',
      render: (_, w) => (
        <Flex gap={4} wrap>
          {w.eventTypes.map((e) => (
            <Tag key={e}>{e === '*' ? t('webhooks.allEvents') : e}</Tag>
          ))}
        </Flex>
      ),
    },
    {
      title: t('webhooks.active'),
      key: 'active',
      render: (_, w) => (
        <Switch
          size="small"
          checked={w.active}
          aria-label={t('webhooks.active')}
          loading={busy === w.id}
          onChange={(active) => void run(w.id, () => update(w, { active }), t('common.saved'))}
        />
      ),
    },
    {
      title: t('common.actions'),
      key: 'actions',
      render: (_, w) => (
        <Space size={0} wrap>
          <Button type="link" size="small" onClick={() => setWatching(w)}>
            {t('webhooks.deliveries')}
          </Button>
          <Button type="link" size="small" onClick={() => setEditingId(w.id)}>
            {t('common.edit')}
          </Button>
          <ConfirmLinkButton
            title={t('webhooks.confirmDelete', { name: w.name })}
            label={t('common.delete')}
            onConfirm={() => void remove(w)}
          />
        </Space>
      ),
    },
  ];

  return (
    <AdminPage
      title={t('settings.pages.webhooks')}
      description={t('webhooks.intro')}
      actions={
        <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)} data-testid="webhook-new">
          {t('webhooks.new')}
        </Button>
      }
    >
      <DataTable source={webhooks} columns={columns} rowKey="id" testId="webhooks-table" />

      <FormModal<WebhookFormValues>
        open={creating}
        title={t('webhooks.new')}
        okText={t('common.create')}
        initialValues={{ eventTypes: ['*'], active: true }}
        onClose={() => setCreating(false)}
        onSubmit={async (values) => {
          const created = await api.post<Webhook & { secret: string }>('/v1/webhooks', { ...values, name: values.name.trim() });
          setSecret(created.secret);
          await refresh();
        }}
      >
        <WebhookFields />
      </FormModal>

      <FormModal<WebhookFormValues>
        key={editing ? `${editing.id}:${editing.version}` : 'edit'}
        open={editing !== undefined}
        title={t('webhooks.edit')}
        initialValues={editing}
        onClose={() => setEditingId(undefined)}
        onSubmit={async (values) => {
          if (!editing) return;
          await update(editing, { ...values, name: values.name.trim() });
          void message.success(t('common.saved'));
        }}
      >
        <WebhookFields />
      </FormModal>

      <SecretRevealModal
        title={t('webhooks.secretTitle')}
        description={t('webhooks.secretShownOnce')}
        secret={secret}
        onClose={() => setSecret(undefined)}
      />
      <WebhookDeliveries webhook={watching} onClose={() => setWatching(undefined)} />
    </AdminPage>
  );
}
