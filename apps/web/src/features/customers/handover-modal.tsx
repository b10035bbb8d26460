import { useQueryClient } from '@tanstack/react-query';
import { App, Form, Input, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';
import type { Customer } from '../../api/types';
import { FormModal } from '../../components/form-modal';
import { blankToNull } from '../../components/form-rules';
import { OrgUnitSelect } from '../admin/org-unit-select';
import { ColleagueSelect } from '../../components/colleague-select';
import { refreshCustomers } from './customer-queries';

type HandoverValues = { ownerId?: string | null; branchId?: string | null; reason?: string };

/** Gives a customer to another rep or branch; the hand-over is kept in the customer's history. */
export function HandoverModal({ customer, open, onClose }: { customer: Customer; open: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  return (
    <FormModal<HandoverValues>
      open={open}
      title={t('customers.handover.title', { name: customer.name })}
      okText={t('customers.handover.submit')}
      initialValues={{ ownerId: customer.ownerId, branchId: customer.branchId }}
      onClose={onClose}
      onSubmit={async (values) => {
        await api.post(`/v1/customers/${customer.id}/handover`, {
          ownerId: values.ownerId ?? null,
          branchId: values.branchId ?? null,
          reason: blankToNull(values.reason),
        });
        void message.success(t('customers.handover.done'));
        await refreshCustomers(queryClient);
      }}
    >
      <Typography.Paragraph type="secondary">{t('customers.handover.intro')}</Typography.Paragraph>
      <Form.Item
        name="ownerId"
        label={t('customers.handover.toOwner')}
        dependencies={['branchId']}
        rules={[
          ({ getFieldValue }) => ({
            validator: () =>
              (getFieldValue('ownerId') ?? null) !== customer.ownerId || (getFieldValue('branchId') ?? null) !== customer.branchId
                ? Promise.resolve()
                : Promise.reject(new Error(t('customers.handover.nothingChanged'))),
          }),
        ]}
      >
        <ColleagueSelect testId="handover-owner" knownName={customer.ownerName} />
      </Form.Item>
      <Form.Item name="branchId" label={t('customers.handover.toBranch')}>
        <OrgUnitSelect />
      </Form.Item>
      <Form.Item name="reason" label={t('customers.handover.reason')}>
        <Input.TextArea rows={2} maxLength={500} data-testid="handover-reason" />
      </Form.Item>
    </FormModal>
  );
}
