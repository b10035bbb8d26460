import { Card, Descriptions, Flex, Typography } from 'antd';
import type { DescriptionsProps } from 'antd';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { Address, Customer, ProfileKey } from '../../api/types';
import { PROFILE_KEYS } from '../../api/types';
import { formatDate, formatDateTime } from '../../i18n/format';
import { useCustomFields } from './customer-queries';
import { AddressParts, customValueText, EmailLinks, PhoneLinks, renderCustomerField } from './customer-values';

type Item = NonNullable<DescriptionsProps['items']>[number];

/** Long texts keep the person's line breaks. */
const multiline = (value: string | null | undefined): ReactNode =>
  value ? <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', margin: 0 }}>{value}</Typography.Paragraph> : '—';

function AddressValue({ address }: { address: Address | null }) {
  if (!address) return <>—</>;
  return (
    <Flex vertical gap={4}>
      <span>{address.entered ?? '—'}</span>
      <AddressParts address={address} />
    </Flex>
  );
}

function Group({ title, items, testId }: { title: string; items: Item[]; testId: string }) {
  return (
    <Card size="small" title={title} data-testid={testId}>
      <Descriptions size="small" column={{ xs: 1, md: 2 }} items={items} />
    </Card>
  );
}

/** Every field of the customer, by the same groups as the form. */
export function CustomerDetailsTab({ customer }: { customer: Customer }) {
  const { t } = useTranslation();
  const customFields = useCustomFields();
  const field = (key: string, span?: number): Item => ({
    key,
    label: t(`customers.fields.${key}`),
    children: renderCustomerField(t, key, customer),
    span,
  });
  const long = (key: 'notes' | 'quotationNotes' | 'paymentRecord'): Item => ({
    key,
    label: t(`customers.fields.${key}`),
    children: multiline(customer[key]),
    span: 'filled',
  });

  const basic: Item[] = [
    field('code'),
    field('kind'),
    {
      key: 'name',
      label: t('customers.fields.name'),
      // The stored name is normalised (widths, spaces); what was typed is shown when it differs.
      children:
        customer.nameEntered && customer.nameEntered !== customer.name ? (
          <Flex vertical>
            <span>{customer.name}</span>
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {t('customers.details.enteredAs', { value: customer.nameEntered })}
            </Typography.Text>
          </Flex>
        ) : (
          customer.name
        ),
    },
    ...(customer.kind === 'person'
      ? [
          field('gender'),
          { key: 'birthday', label: t('customers.fields.birthday'), children: customer.birthday ? formatDate(customer.birthday) : '—' },
        ]
      : []),
    field('website'),
    { key: 'phones', label: t('customers.fields.phones'), children: <PhoneLinks phones={customer.phones} vertical /> },
    { key: 'emails', label: t('customers.fields.emails'), children: <EmailLinks emails={customer.emails} vertical /> },
    field('externalCodes'),
    long('notes'),
  ];
  const addresses: Item[] = (['address', 'deliveryAddress', 'invoiceAddress'] as const).map((key) => ({
    key,
    label: t(`customers.fields.${key}`),
    children: <AddressValue address={customer[key]} />,
    span: 'filled',
  }));
  const sales: Item[] = [field('owner'), field('branch')];
  const classification: Item[] = ['tier', 'purchaseClass', 'industry', 'customerType', 'source', 'tags'].map((key) => field(key));
  const finance: Item[] = [
    ...['currency', 'paymentTerms', 'discountTerms', 'taxRule', 'commissionCode'].map((key) => field(key)),
    long('quotationNotes'),
    // Present only for readers allowed to see them; absent keys are not "empty", so they stay hidden.
    ...('bankAccount' in customer ? [field('bankAccount')] : []),
    ...('creditLimit' in customer ? [field('creditLimit')] : []),
    ...('paymentRecord' in customer ? [long('paymentRecord')] : []),
  ];
  const profile: Item[] = PROFILE_KEYS.map((key: ProfileKey) => ({
    key,
    label: t(`customers.profile.${key}`),
    children: multiline(customer.profile[key]),
  }));
  const custom: Item[] = customFields.rows.map((f) => ({
    key: f.key,
    label: f.label,
    children: customValueText(customer.custom[f.key]),
  }));
  const record: Item[] = [
    { key: 'createdAt', label: t('customers.fields.createdAt'), children: formatDateTime(customer.createdAt) },
    { key: 'updatedAt', label: t('customers.fields.updatedAt'), children: formatDateTime(customer.updatedAt) },
  ];

  return (
    <Flex vertical gap={12} data-testid="customer-details">
      <Group title={t('customers.groups.basic')} items={basic} testId="details-basic" />
      <Group title={t('customers.groups.addresses')} items={addresses} testId="details-addresses" />
      <Group title={t('customers.groups.sales')} items={sales} testId="details-sales" />
      <Group title={t('customers.groups.classification')} items={classification} testId="details-classification" />
      <Group title={t('customers.groups.finance')} items={finance} testId="details-finance" />
      <Group title={t('customers.groups.profile')} items={profile} testId="details-profile" />
      {custom.length ? <Group title={t('customers.groups.custom')} items={custom} testId="details-custom" /> : null}
      <Group title={t('customers.groups.record')} items={record} testId="details-record" />
    </Flex>
  );
}
