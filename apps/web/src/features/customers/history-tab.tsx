import { SwapOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { Alert, Button, Card, Empty, Flex, Spin, Timeline, Typography } from 'antd';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';
import { useCursorList } from '../../api/lists';
import type { Customer, CustomerChange, CustomField, Handover } from '../../api/types';
import { describeError } from '../../api/use-report-error';
import { useFormatPhone } from '../../components/use-format-phone';
import { formatDateTime } from '../../i18n/format';
import { isStoredPhone, type StoredPhoneNumber } from '../../i18n/phone-format';
import { CUSTOMERS_KEY, useCustomFields } from './customer-queries';
import { countryName, fieldLabel } from './customer-values';

const isEmpty = (value: unknown) => value === null || value === undefined || value === '' || (Array.isArray(value) && value.length === 0);

/** A stored value as people read it: phones formatted, addresses by their text, lists joined. */
function valueText(value: unknown, formatPhone: (phone: StoredPhoneNumber) => string): string {
  if (isEmpty(value)) return '—';
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (Array.isArray(value)) return value.map((item) => valueText(item, formatPhone)).join(', ');
  if (isStoredPhone(value)) return formatPhone(value);
  if (typeof value === 'object') {
    const record = value as Record<string, unknown>;
    // An email reads as its address, an address as the line entered.
    for (const key of ['number', 'address', 'entered']) if (typeof record[key] === 'string') return record[key];
    return Object.entries(record)
      .filter(([, v]) => !isEmpty(v))
      .map(([k, v]) => `${k}: ${valueText(v, formatPhone)}`)
      .join(' · ');
  }
  // JSON holds nothing else; anything stranger is not worth showing.
  return '—';
}

/** Values of fields with a fixed vocabulary, and the i18n group that words them. */
const ENUM_FIELDS: Record<string, string> = { kind: 'kinds', tier: 'tiers', purchaseClass: 'purchaseClasses', gender: 'genders' };

/** Bookkeeping a "created" entry may list, which tells people nothing the entry does not say already. */
const HIDDEN_FIELDS = new Set([
  'id',
  'tenantId',
  'version',
  'createdAt',
  'createdBy',
  'updatedAt',
  'updatedBy',
  'deletedAt',
  'nameEntered',
]);

/** Fields holding a set of sub-fields, listed one sub-field at a time (`custom.vip_level`). */
const NESTED_FIELDS = ['custom', 'profile'];

type Change = { old: unknown; new: unknown };

const asRecord = (value: unknown): Record<string, unknown> =>
  value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : {};

/** The changes as people think of them: sub-fields of custom and profile apart, bookkeeping left out. */
function readableChanges(changes: Record<string, Change>): [string, Change][] {
  return Object.entries(changes).flatMap(([field, change]): [string, Change][] => {
    if (HIDDEN_FIELDS.has(field)) return [];
    if (!NESTED_FIELDS.includes(field)) return [[field, change]];
    const before = asRecord(change.old);
    const after = asRecord(change.new);
    return [...new Set([...Object.keys(before), ...Object.keys(after)])]
      .filter((key) => JSON.stringify(before[key] ?? null) !== JSON.stringify(after[key] ?? null))
      .map((key) => [`${field}.${key}`, { old: before[key], new: after[key] }]);
  });
}

/** Ids of people and branches read as names, fixed vocabularies in the reader's language. */
function ChangeValue({ field, value, names }: { field: string; value: unknown; names: Record<string, string> }) {
  const { t } = useTranslation();
  const formatPhone = useFormatPhone();
  if (typeof value === 'string' && (field === 'ownerId' || field === 'branchId')) return <>{names[value] ?? value}</>;
  if (typeof value === 'string' && field === 'country') return <>{countryName(value)}</>;
  const vocabulary = ENUM_FIELDS[field];
  if (typeof value === 'string' && vocabulary) return <>{t(`customers.${vocabulary}.${value}`, { defaultValue: value })}</>;
  return <>{valueText(value, formatPhone)}</>;
}

/** Changed fields as "field: old → new", in the reader's words; the timeline shows a customer's changes with it too. */
export function Changes({ changes, names, customFields }: Pick<CustomerChange, 'changes' | 'names'> & { customFields: CustomField[] }) {
  const { t } = useTranslation();
  const entries = readableChanges(changes);
  if (entries.length === 0) return null;
  return (
    <Flex vertical gap={2}>
      {entries.map(([field, change]) => (
        <div key={field} style={{ wordBreak: 'break-word' }} data-testid="history-change">
          <Typography.Text strong>{fieldLabel(t, field, customFields)}</Typography.Text>{' '}
          {isEmpty(change.old) ? null : (
            <Typography.Text delete type="secondary">
              <ChangeValue field={field} value={change.old} names={names} />
            </Typography.Text>
          )}
          {isEmpty(change.old) || isEmpty(change.new) ? null : ' → '}
          {isEmpty(change.new) ? null : (
            <Typography.Text>
              <ChangeValue field={field} value={change.new} names={names} />
            </Typography.Text>
          )}
        </div>
      ))}
    </Flex>
  );
}

function actionLabel(t: TFunction, action: string): string {
  return t(`customers.history.actions.${action}`, { defaultValue: t(`audit.actions.${action}`, { defaultValue: action }) });
}

function Handovers({ customerId }: { customerId: string }) {
  const { t } = useTranslation();
  const handovers = useQuery({
    queryKey: [CUSTOMERS_KEY, 'handovers', customerId],
    queryFn: ({ signal }) => api.get<{ data: Handover[] }>(`/v1/customers/${customerId}/handovers`, undefined, signal),
  });
  const rows = handovers.data?.data ?? [];
  if (handovers.error) return <Alert type="error" showIcon title={describeError(t, handovers.error)} />;
  if (rows.length === 0) return null;
  const move = (from: string | null, to: string | null) =>
    `${from ?? t('customers.history.nobody')} → ${to ?? t('customers.history.nobody')}`;
  return (
    <Card size="small" title={t('customers.history.handovers')} data-testid="history-handovers">
      <Timeline
        items={rows.map((h) => ({
          key: h.id,
          icon: <SwapOutlined />,
          content: (
            <Flex vertical gap={2}>
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {formatDateTime(h.at)} · {h.actorLabel}
              </Typography.Text>
              {h.fromOwnerName !== h.toOwnerName ? (
                <span>
                  {t('customers.fields.owner')}: {move(h.fromOwnerName, h.toOwnerName)}
                </span>
              ) : null}
              {h.fromBranchName !== h.toBranchName ? (
                <span>
                  {t('customers.fields.branch')}: {move(h.fromBranchName, h.toBranchName)}
                </span>
              ) : null}
              {h.reason ? <Typography.Text italic>{h.reason}</Typography.Text> : null}
            </Flex>
          ),
        }))}
      />
    </Card>
  );
}

/** Who changed what and when (from the audit log), and to whom the customer was handed over. */
export function HistoryTab({ customer }: { customer: Customer }) {
  const { t } = useTranslation();
  const customFields = useCustomFields();
  const history = useCursorList<CustomerChange>(CUSTOMERS_KEY, `/v1/customers/${customer.id}/history`);
  return (
    <Flex vertical gap={12} data-testid="history-tab">
      <Handovers customerId={customer.id} />
      <Card size="small" title={t('customers.history.changes')}>
        {history.error ? <Alert type="error" showIcon title={describeError(t, history.error)} /> : null}
        {history.isPending ? (
          <Spin />
        ) : history.rows.length === 0 ? (
          <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('customers.history.none')} />
        ) : (
          <Timeline
            items={history.rows.map((entry) => ({
              key: entry.id,
              content: (
                <Flex vertical gap={2} data-testid="history-entry">
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    {formatDateTime(entry.at)} · {entry.actorLabel ?? t('audit.system')}
                  </Typography.Text>
                  <Typography.Text strong>{actionLabel(t, entry.action)}</Typography.Text>
                  <Changes changes={entry.changes} names={entry.names} customFields={customFields.rows} />
                </Flex>
              ),
            }))}
          />
        )}
        {history.hasNextPage ? (
          <Flex justify="center">
            <Button onClick={() => void history.fetchNextPage()} loading={history.isFetchingNextPage} data-testid="load-more">
              {t('common.loadMore')}
            </Button>
          </Flex>
        ) : null}
      </Card>
    </Flex>
  );
}
