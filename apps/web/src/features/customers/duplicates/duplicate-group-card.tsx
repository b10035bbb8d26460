import { Button, Card, Flex, Popconfirm, Tag, Typography } from 'antd';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { Customer } from '../../../api/types';
import { formatDate } from '../../../i18n/format';
import { EmailLinks, PhoneLinks } from '../customer-values';
import type { DuplicateGroup } from './duplicate-types';
import { byAge } from './merge-fields';

/** Red for near-certain matches, orange for likely ones: the order people should work through them. */
const scoreColor = (score: number) => (score >= 90 ? 'red' : score >= 70 ? 'orange' : 'gold');

function Line({ label, children }: { label: string; children: ReactNode }) {
  return (
    <Flex gap={8} align="baseline">
      <Typography.Text type="secondary" style={{ flex: 'none', fontSize: 12, minWidth: 56 }}>
        {label}
      </Typography.Text>
      <div style={{ minWidth: 0, wordBreak: 'break-word' }}>{children}</div>
    </Flex>
  );
}

/** One record of the group, with what people compare to tell whether two records are one customer. */
function CustomerColumn({ customer }: { customer: Customer }) {
  const { t } = useTranslation();
  return (
    <Flex
      vertical
      gap={4}
      style={{ flex: '1 1 240px', minWidth: 0, padding: 12, border: '1px solid rgba(5, 5, 5, 0.06)', borderRadius: 8 }}
      data-testid="duplicate-customer"
    >
      <Flex gap={8} align="baseline" wrap>
        <Tag>{customer.code}</Tag>
        <Link to={`/customers/${customer.id}`} style={{ fontWeight: 600, wordBreak: 'break-word' }}>
          {customer.name}
        </Link>
      </Flex>
      <Line label={t('duplicates.card.phones')}>
        <PhoneLinks phones={customer.phones} vertical />
      </Line>
      <Line label={t('duplicates.card.emails')}>
        <EmailLinks emails={customer.emails} vertical />
      </Line>
      <Line label={t('duplicates.card.city')}>{customer.address?.city ?? '—'}</Line>
      <Line label={t('duplicates.card.owner')}>{customer.ownerName ?? '—'}</Line>
      <Line label={t('duplicates.card.created')}>{formatDate(customer.createdAt)}</Line>
    </Flex>
  );
}

type GroupCardProps = {
  group: DuplicateGroup;
  onMerge: () => void;
  onDismiss: () => void;
  dismissing: boolean;
};

/** A group of likely duplicates: how sure, why, the records side by side, and what to do about it. */
export function DuplicateGroupCard({ group, onMerge, onDismiss, dismissing }: GroupCardProps) {
  const { t } = useTranslation();
  return (
    <Card size="small" data-testid="duplicate-group">
      <Flex vertical gap={12}>
        <Flex gap={8} align="center" wrap>
          <Tag color={scoreColor(group.score)} style={{ fontWeight: 600 }}>
            {t('duplicates.card.score', { score: Math.round(group.score) })}
          </Tag>
          {group.reasons.map((reason) => (
            <Tag key={reason}>{t(`customers.duplicateReasons.${reason}`, { defaultValue: reason })}</Tag>
          ))}
        </Flex>
        <Flex gap={12} wrap>
          {byAge(group.customers).map((customer) => (
            <CustomerColumn key={customer.id} customer={customer} />
          ))}
        </Flex>
        {group.capped ? <Typography.Text type="secondary">{t('duplicates.card.capped')}</Typography.Text> : null}
        <Flex gap={8} wrap justify="flex-end">
          <Popconfirm
            title={t('duplicates.card.confirmDismiss')}
            description={t('duplicates.card.confirmDismissText')}
            okText={t('duplicates.card.dismiss')}
            cancelText={t('common.cancel')}
            onConfirm={onDismiss}
          >
            <Button loading={dismissing} data-testid="duplicate-dismiss">
              {t('duplicates.card.dismiss')}
            </Button>
          </Popconfirm>
          <Button type="primary" onClick={onMerge} data-testid="duplicate-merge">
            {t('duplicates.card.merge')}
          </Button>
        </Flex>
      </Flex>
    </Card>
  );
}
