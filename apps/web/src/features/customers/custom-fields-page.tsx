import { ArrowDownOutlined, ArrowUpOutlined, PlusOutlined } from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import { App, Button, Flex, Form, Input, Select, Space, Switch, Tag, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';
import { CUSTOM_FIELD_TYPES, type CustomField, type CustomFieldType } from '../../api/types';
import { ConfirmLinkButton } from '../../components/confirm-link-button';
import { DataTable } from '../../components/data-table';
import { FormModal } from '../../components/form-modal';
import { requiredRule } from '../../components/form-rules';
import { useAction } from '../../components/use-action';
import { AdminPage } from '../admin/admin-page';
import { useCustomFields } from './customer-queries';

type CustomFieldValues = { key: string; label: string; type: CustomFieldType; options?: string[]; required: boolean };

const hasOptions = (type: CustomFieldType | undefined) => type === 'choice' || type === 'multi_choice';

/** Key and type are fixed once data may be stored under them, so editing offers only the rest. */
function CustomFieldFields({ editing }: { editing?: CustomField }) {
  const { t } = useTranslation();
  const type = Form.useWatch<CustomFieldType | undefined>('type');
  return (
    <>
      <Form.Item name="label" label={t('customers.customFields.label')} rules={[requiredRule(t)]}>
        <Input maxLength={100} data-testid="custom-field-label" />
      </Form.Item>
      <Form.Item
        name="key"
        label={t('customers.customFields.key')}
        extra={t('customers.customFields.keyHelp')}
        rules={[requiredRule(t), { pattern: /^[a-z][a-z0-9_]{0,39}$/, message: t('customers.customFields.keyRule') }]}
      >
        <Input maxLength={40} disabled={!!editing} data-testid="custom-field-key" />
      </Form.Item>
      <Form.Item name="type" label={t('customers.customFields.type')} rules={[{ required: true, message: t('validation.required') }]}>
        <Select
          disabled={!!editing}
          options={CUSTOM_FIELD_TYPES.map((v) => ({ value: v, label: t(`customers.customFields.types.${v}`) }))}
          data-testid="custom-field-type"
        />
      </Form.Item>
      {hasOptions(type) ? (
        <Form.Item
          name="options"
          label={t('customers.customFields.options')}
          extra={t('customers.customFields.optionsHelp')}
          rules={[{ required: true, type: 'array', min: 1, message: t('customers.customFields.optionsRequired') }]}
        >
          <Select mode="tags" tokenSeparators={[',', '，']} open={false} suffixIcon={null} data-testid="custom-field-options" />
        </Form.Item>
      ) : null}
      <Form.Item
        name="required"
        label={t('customers.customFields.required')}
        valuePropName="checked"
        extra={t('customers.customFields.requiredHelp')}
      >
        <Switch data-testid="custom-field-required" />
      </Form.Item>
    </>
  );
}

/** Settings → custom fields: the fields administrators add to every customer. */
export function CustomFieldsPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const fields = useCustomFields();
  const [creating, setCreating] = useState(false);
  const [editingId, setEditingId] = useState<string>();
  const editing = fields.rows.find((f) => f.id === editingId);
  const { run, busy } = useAction();
  // The list, the customer form and the column catalogue all follow the fields.
  const refresh = () =>
    Promise.all([
      queryClient.invalidateQueries({ queryKey: ['custom-fields'] }),
      queryClient.invalidateQueries({ queryKey: ['customer-fields'] }),
    ]);

  /** Moves a field one place and numbers them all again, so equal positions never leave it stuck. */
  const move = (field: CustomField, by: -1 | 1) =>
    run(`move:${field.id}`, async () => {
      const order = [...fields.rows];
      const from = order.indexOf(field);
      order.splice(from, 1);
      order.splice(from + by, 0, field);
      for (const [position, f] of order.entries()) {
        if (f.position !== position) await api.patch(`/v1/custom-fields/${f.id}`, { position }, f.version);
      }
      await refresh();
    });

  const remove = (field: CustomField) =>
    run(
      field.id,
      async () => {
        await api.delete(`/v1/custom-fields/${field.id}`, field.version);
        await refresh();
      },
      t('common.deleted'),
    );

  const toBody = (values: CustomFieldValues) => ({
    label: values.label.trim(),
    options: hasOptions(values.type) ? (values.options ?? []).map((o) => o.trim()).filter(Boolean) : [],
    required: values.required,
  });

  const columns: TableColumnsType<CustomField> = [
    {
      title: t('customers.customFields.label'),
      key: 'label',
      render: (_, f) => (
        <div>
          <div>{f.label}</div>
          <Typography.Text type="secondary" code style={{ fontSize: 12 }}>
            {f.key}
          </Typography.Text>
        </div>
      ),
    },
    { title: t('customers.customFields.type'), key: 'type', render: (_, f) => t(`customers.customFields.types.${f.type}`) },
    {
      title: t('customers.customFields.options'),
      key: 'options',
      render: (_, f) =>
        f.options.length ? (
          <Flex gap={4} wrap>
            {f.options.map((o) => (
              <Tag key={o}>{o}</Tag>
            ))}
          </Flex>
        ) : (
          '—'
        ),
    },
    {
      title: t('customers.customFields.required'),
      key: 'required',
      render: (_, f) => (f.required ? <Tag color="blue">{t('common.yes')}</Tag> : t('common.no')),
    },
    {
      title: t('common.actions'),
      key: 'actions',
      render: (_, f) => {
        const index = fields.rows.indexOf(f);
        return (
          <Space size={0} wrap>
            <Button
              type="link"
              size="small"
              icon={<ArrowUpOutlined />}
              disabled={index === 0}
              loading={busy === `move:${f.id}`}
              onClick={() => void move(f, -1)}
              aria-label={t('customers.customFields.moveUp')}
              data-testid="custom-field-up"
            />
            <Button
              type="link"
              size="small"
              icon={<ArrowDownOutlined />}
              disabled={index === fields.rows.length - 1}
              onClick={() => void move(f, 1)}
              aria-label={t('customers.customFields.moveDown')}
              data-testid="custom-field-down"
            />
            <Button type="link" size="small" onClick={() => setEditingId(f.id)} data-testid="custom-field-edit">
              {t('common.edit')}
            </Button>
            <ConfirmLinkButton
              title={t('customers.customFields.confirmDelete', { label: f.label })}
              label={t('common.delete')}
              onConfirm={() => void remove(f)}
            />
          </Space>
        );
      },
    },
  ];

  return (
    <AdminPage
      title={t('settings.pages.custom-fields')}
      description={t('customers.customFields.intro')}
      actions={
        <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)} data-testid="custom-field-new">
          {t('customers.customFields.new')}
        </Button>
      }
    >
      <DataTable source={fields} columns={columns} rowKey="id" testId="custom-fields-table" />

      <FormModal<CustomFieldValues>
        open={creating}
        title={t('customers.customFields.new')}
        okText={t('common.create')}
        initialValues={{ type: 'text', required: false, options: [] }}
        onClose={() => setCreating(false)}
        onSubmit={async (values) => {
          await api.post('/v1/custom-fields', {
            ...toBody(values),
            key: values.key.trim(),
            type: values.type,
            position: fields.rows.length,
          });
          void message.success(t('customers.customFields.created'));
          await refresh();
        }}
      >
        <CustomFieldFields />
      </FormModal>
      <FormModal<CustomFieldValues>
        key={editing ? `${editing.id}:${editing.version}` : 'edit'}
        open={editing !== undefined}
        title={t('customers.customFields.edit')}
        initialValues={editing}
        onClose={() => setEditingId(undefined)}
        onSubmit={async (values) => {
          if (!editing) return;
          await api.patch(`/v1/custom-fields/${editing.id}`, toBody({ ...values, type: editing.type }), editing.version);
          void message.success(t('common.saved'));
          await refresh();
        }}
      >
        <CustomFieldFields editing={editing} />
      </FormModal>
    </AdminPage>
  );
}
