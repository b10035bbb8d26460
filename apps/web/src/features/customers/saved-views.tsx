import { DeleteOutlined, EyeOutlined, SaveOutlined } from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import { App, Button, Divider, Flex, Form, Input, Popconfirm, Popover, Switch, Tag, Tooltip, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';
import type { CustomerView } from '../../api/types';
import { FormModal } from '../../components/form-modal';
import { requiredRule } from '../../components/form-rules';
import { useAction } from '../../components/use-action';
import { useCustomerViews, VIEWS_KEY } from './customer-queries';

export type ViewDefinition = CustomerView['definition'];

/** Two definitions show the same list: same filters, sort and columns, whatever the key order. */
function sameDefinition(a: ViewDefinition, b: ViewDefinition): boolean {
  const canonical = (d: ViewDefinition) => JSON.stringify([Object.entries(d.filters).sort(), d.sort ?? null, d.columns]);
  return canonical(a) === canonical(b);
}

type SavedViewsProps = {
  /** What the list shows now: what "save" stores. */
  current: ViewDefinition;
  onApply: (definition: ViewDefinition) => void;
};

/**
 * Named lists: the person's own views and those colleagues shared. The view whose definition the
 * list shows right now names the button, so people can see where they are.
 */
export function SavedViews({ current, onApply }: SavedViewsProps) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const views = useCustomerViews();
  const [open, setOpen] = useState(false);
  const [saving, setSaving] = useState(false);
  const { run, busy } = useAction();
  const active = views.rows.find((v) => sameDefinition(v.definition, current));
  const refresh = () => queryClient.invalidateQueries({ queryKey: VIEWS_KEY });

  const remove = (view: CustomerView) =>
    run(
      view.id,
      async () => {
        await api.delete(`/v1/customer-views/${view.id}`, view.version);
        await refresh();
      },
      t('common.deleted'),
    );
  const overwrite = (view: CustomerView) =>
    run(
      view.id,
      async () => {
        await api.patch(`/v1/customer-views/${view.id}`, { definition: current }, view.version);
        await refresh();
      },
      t('customers.views.updated', { name: view.name }),
    );

  const row = (view: CustomerView) => (
    <Flex key={view.id} align="center" gap={4} justify="space-between">
      <Button
        type="text"
        size="small"
        icon={<EyeOutlined />}
        onClick={() => {
          onApply(view.definition);
          setOpen(false);
        }}
        style={{ fontWeight: view === active ? 600 : undefined, maxWidth: 220, overflow: 'hidden', textOverflow: 'ellipsis' }}
        data-testid="customers-view-apply"
      >
        {view.name}
      </Button>
      <Flex gap={2} align="center">
        {view.shared ? <Tag variant="filled">{t('customers.views.sharedTag')}</Tag> : null}
        {view.mine ? (
          <>
            <Tooltip title={t('customers.views.overwrite')}>
              <Button
                type="text"
                size="small"
                icon={<SaveOutlined />}
                loading={busy === view.id}
                onClick={() => void overwrite(view)}
                aria-label={t('customers.views.overwrite')}
              />
            </Tooltip>
            <Popconfirm
              title={t('customers.views.confirmDelete', { name: view.name })}
              okText={t('common.delete')}
              cancelText={t('common.cancel')}
              okButtonProps={{ danger: true }}
              onConfirm={() => void remove(view)}
            >
              <Button
                type="text"
                size="small"
                danger
                icon={<DeleteOutlined />}
                aria-label={t('common.delete')}
                data-testid="customers-view-delete"
              />
            </Popconfirm>
          </>
        ) : null}
      </Flex>
    </Flex>
  );

  const mine = views.rows.filter((v) => v.mine);
  const shared = views.rows.filter((v) => !v.mine);
  const content = (
    <Flex
      vertical
      gap={4}
      style={{ minWidth: 260, maxWidth: 340, maxHeight: '60vh', overflow: 'auto' }}
      data-testid="customers-views-panel"
    >
      <Typography.Text type="secondary" strong style={{ fontSize: 12 }}>
        {t('customers.views.mine')}
      </Typography.Text>
      {mine.length ? mine.map(row) : <Typography.Text type="secondary">{t('customers.views.noneMine')}</Typography.Text>}
      {shared.length ? (
        <>
          <Typography.Text type="secondary" strong style={{ fontSize: 12, marginTop: 8 }}>
            {t('customers.views.shared')}
          </Typography.Text>
          {shared.map(row)}
        </>
      ) : null}
      <Divider style={{ margin: '8px 0' }} />
      <Button
        icon={<SaveOutlined />}
        onClick={() => {
          setOpen(false);
          setSaving(true);
        }}
        data-testid="customers-view-save"
      >
        {t('customers.views.saveCurrent')}
      </Button>
    </Flex>
  );

  return (
    <>
      <Popover trigger="click" placement="bottomLeft" open={open} onOpenChange={setOpen} content={content}>
        <Button icon={<EyeOutlined />} loading={views.isPending} data-testid="customers-views">
          <span style={{ maxWidth: 180, overflow: 'hidden', textOverflow: 'ellipsis' }}>
            {active ? active.name : t('customers.views.button')}
          </span>
        </Button>
      </Popover>
      <FormModal<{ name: string; shared: boolean }>
        open={saving}
        title={t('customers.views.saveTitle')}
        initialValues={{ shared: false }}
        onClose={() => setSaving(false)}
        onSubmit={async ({ name, shared: isShared }) => {
          await api.post('/v1/customer-views', { name: name.trim(), shared: isShared, definition: current });
          void message.success(t('customers.views.saved'));
          await refresh();
        }}
      >
        <Form.Item name="name" label={t('customers.views.name')} rules={[requiredRule(t)]}>
          <Input maxLength={100} data-testid="customers-view-name" />
        </Form.Item>
        <Form.Item name="shared" label={t('customers.views.shareLabel')} valuePropName="checked" extra={t('customers.views.shareHelp')}>
          <Switch data-testid="customers-view-shared" />
        </Form.Item>
      </FormModal>
    </>
  );
}
