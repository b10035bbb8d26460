import { DeleteOutlined, DownOutlined, TagsOutlined, UserSwitchOutlined } from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Dropdown, Flex, Form, Input, Popconfirm, Select, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';
import { TIERS } from '../../api/types';
import { FormModal } from '../../components/form-modal';
import { useAction } from '../../components/use-action';
import { OrgUnitSelect } from '../admin/org-unit-select';
import { ColleagueSelect } from '../../components/colleague-select';
import { can, useMe } from '../identity/session';
import { refreshCustomers } from './customer-queries';
import type { CustomerFilters } from './customer-list-state';
import { ExportMenu } from './export-menu';

/** The customers an action applies to: the ticked rows, or every customer the filters match. */
export type BulkTarget = { ids: string[]; allMatching: boolean };

type FormAction = 'assign' | 'add_tags' | 'remove_tags' | 'set_tier';
type BulkValues = { ownerId?: string | null; branchId?: string | null; reason?: string; tags?: string[]; tier?: string };

/** The message key of each action's title. */
const ACTION_TITLES: Record<FormAction, string> = { assign: 'assign', add_tags: 'addTags', remove_tags: 'removeTags', set_tier: 'setTier' };

const NO_TIER = 'none';

function BulkFields({ action }: { action: FormAction }) {
  const { t } = useTranslation();
  switch (action) {
    case 'assign':
      return (
        <>
          <Typography.Paragraph type="secondary">{t('customers.bulk.assignHelp')}</Typography.Paragraph>
          <Form.Item name="ownerId" label={t('customers.fields.owner')}>
            <ColleagueSelect testId="bulk-owner" />
          </Form.Item>
          <Form.Item name="branchId" label={t('customers.fields.branch')}>
            <OrgUnitSelect />
          </Form.Item>
          <Form.Item name="reason" label={t('customers.handover.reason')}>
            <Input.TextArea rows={2} maxLength={500} />
          </Form.Item>
        </>
      );
    case 'add_tags':
    case 'remove_tags':
      return (
        <Form.Item
          name="tags"
          label={t('customers.fields.tags')}
          rules={[{ required: true, type: 'array', min: 1, message: t('validation.required') }]}
        >
          <Select mode="tags" tokenSeparators={[',', '，']} open={false} suffixIcon={null} data-testid="bulk-tags" />
        </Form.Item>
      );
    case 'set_tier':
      return (
        <Form.Item name="tier" label={t('customers.fields.tier')} rules={[{ required: true, message: t('validation.required') }]}>
          <Select
            options={[
              ...TIERS.map((tier) => ({ value: tier, label: t(`customers.tiers.${tier}`) })),
              { value: NO_TIER, label: t('customers.bulk.noTier') },
            ]}
            data-testid="bulk-tier"
          />
        </Form.Item>
      );
  }
}

type BulkActionsProps = {
  target: BulkTarget;
  /** The list's filters: what "all matching" means. */
  filters: CustomerFilters;
  columns: string[];
  onSelectAllMatching: () => void;
  onClear: () => void;
};

/**
 * The bar over the list while rows are ticked: what is selected, a step up to every matching
 * customer (the server answers lists without counting them, so the bar says "all matching"), and
 * the actions that apply to either.
 */
export function BulkActions({ target, filters, columns, onSelectAllMatching, onClear }: BulkActionsProps) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const me = useMe();
  const queryClient = useQueryClient();
  const [action, setAction] = useState<FormAction>();
  const { run, busy } = useAction();

  const scope = target.allMatching ? { filter: filters } : { ids: target.ids };
  const send = async (body: Record<string, unknown>) => {
    const { affected } = await api.post<{ affected: number }>('/v1/customers/bulk', { ...body, ...scope });
    await refreshCustomers(queryClient);
    onClear();
    return affected;
  };

  const remove = () =>
    run('delete', async () => {
      const affected = await send({ action: 'delete' });
      void message.success(t('customers.bulk.deleted', { count: affected }));
    });

  const items = (Object.keys(ACTION_TITLES) as FormAction[]).map((key) => ({
    key,
    icon: key === 'assign' ? <UserSwitchOutlined /> : <TagsOutlined />,
    label: <span data-testid={`customers-bulk-${key}`}>{t(`customers.bulk.${ACTION_TITLES[key]}`)}</span>,
  }));

  return (
    <>
      <Alert
        type="info"
        style={{ marginBottom: 12 }}
        data-testid="customers-bulk-bar"
        title={
          <Flex gap={8} wrap align="center" justify="space-between">
            <Flex gap={8} wrap align="center">
              <Typography.Text strong data-testid="customers-bulk-count">
                {target.allMatching ? t('customers.bulk.allMatching') : t('customers.bulk.selected', { count: target.ids.length })}
              </Typography.Text>
              {target.allMatching ? null : (
                <Button type="link" size="small" onClick={onSelectAllMatching} data-testid="customers-select-all-matching">
                  {t('customers.bulk.selectAllMatching')}
                </Button>
              )}
              <Button type="link" size="small" onClick={onClear} data-testid="customers-clear-selection">
                {t('customers.bulk.clear')}
              </Button>
            </Flex>
            <Flex gap={8} wrap>
              {can(me, 'customers.update') ? (
                <Dropdown trigger={['click']} menu={{ items, onClick: ({ key }) => setAction(key as FormAction) }}>
                  <Button data-testid="customers-bulk-actions">
                    {t('customers.bulk.change')} <DownOutlined />
                  </Button>
                </Dropdown>
              ) : null}
              {can(me, 'customers.export') ? (
                <ExportMenu
                  columns={columns}
                  filters={filters}
                  ids={target.allMatching ? undefined : target.ids}
                  testId="customers-bulk-export"
                />
              ) : null}
              {can(me, 'customers.delete') ? (
                <Popconfirm
                  title={
                    target.allMatching
                      ? t('customers.bulk.confirmDeleteAll')
                      : t('customers.bulk.confirmDelete', { count: target.ids.length })
                  }
                  okText={t('common.delete')}
                  cancelText={t('common.cancel')}
                  okButtonProps={{ danger: true }}
                  onConfirm={() => void remove()}
                >
                  <Button danger icon={<DeleteOutlined />} loading={busy === 'delete'} data-testid="customers-bulk-delete">
                    {t('common.delete')}
                  </Button>
                </Popconfirm>
              ) : null}
            </Flex>
          </Flex>
        }
      />
      <FormModal<BulkValues>
        key={action}
        open={action !== undefined}
        title={action ? t(`customers.bulk.${ACTION_TITLES[action]}`) : null}
        okText={t('customers.bulk.apply')}
        onClose={() => setAction(undefined)}
        onSubmit={async (values) => {
          if (!action) return;
          const affected = await send({ action, ...bodyOf(action, values) });
          void message.success(t('customers.bulk.updated', { count: affected }));
        }}
      >
        {target.allMatching ? (
          <Alert type="warning" showIcon title={t('customers.bulk.allMatchingWarning')} style={{ marginBottom: 16 }} />
        ) : null}
        {action ? <BulkFields action={action} /> : null}
      </FormModal>
    </>
  );
}

/** The fields an action sends: assignment changes only what was chosen, "no tier" clears the tier. */
function bodyOf(action: FormAction, values: BulkValues): Record<string, unknown> {
  switch (action) {
    case 'assign':
      return {
        ...(values.ownerId ? { ownerId: values.ownerId } : {}),
        ...(values.branchId ? { branchId: values.branchId } : {}),
        ...(values.reason?.trim() ? { reason: values.reason.trim() } : {}),
      };
    case 'add_tags':
    case 'remove_tags':
      return { tags: (values.tags ?? []).map((tag) => tag.trim()).filter(Boolean) };
    case 'set_tier':
      return { tier: values.tier === NO_TIER ? null : values.tier };
  }
}
