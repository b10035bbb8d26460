import { Alert, Button, Flex, Spin, Tag, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import { DataTable } from '../../../components/data-table';
import { useFormatPhone } from '../../../components/use-format-phone';
import { isStoredPhone, type StoredPhoneNumber } from '../../../i18n/phone-format';
import { useCustomFields } from '../customer-queries';
import { fieldLabel } from './import-fields';
import { describeImportError, rowReasonText } from './import-format';
import { useImportPreview } from './import-queries';
import type { PreviewRow } from './import-types';

const ACTION_COLORS = { create: 'green', update: 'blue', error: 'red' } as const;

/** The customer's fields named as the mapping names them, where the two differ. */
const FIELD_OF_KEY: Record<string, string> = { phones: 'phone', emails: 'email', ownerName: 'owner', branchName: 'branch' };

/**
 * Keys of a would-be customer that mean nothing to someone checking their file: internal, ids, or
 * derived (country, province and city are read from the address, which is shown).
 */
const HIDDEN_KEYS = new Set([
  'id',
  'tenantId',
  'name',
  'nameEntered',
  'ownerId',
  'branchId',
  'country',
  'province',
  'city',
  'mergedInto',
  'importId',
  'createdBy',
  'version',
  'createdAt',
  'updatedAt',
  'deletedAt',
]);

/** Keys whose value is a set of named fields, each shown on a line of its own (`profile.needs`). */
const NESTED_KEYS = new Set(['externalCodes', 'profile', 'custom']);

/** Fields whose values are codes, worded by the customer screens' texts (`customers.tiers.key`). */
const VALUE_TEXTS: Record<string, string> = { kind: 'kinds', tier: 'tiers', purchaseClass: 'purchaseClasses', gender: 'genders' };

const isBlank = (value: unknown) =>
  value === null ||
  value === undefined ||
  value === '' ||
  (Array.isArray(value) && value.length === 0) ||
  (typeof value === 'object' && Object.keys(value).length === 0);

type FormatPhone = (phone: StoredPhoneNumber) => string;

/** A value of the would-be customer as a line of text: phones formatted as the customer pages show them, addresses as entered. */
function showValue(t: TFunction, formatPhone: FormatPhone, key: string, value: unknown): string {
  if (typeof value === 'string') {
    const values = VALUE_TEXTS[key];
    return values ? t(`customers.${values}.${value}`, { defaultValue: value }) : value;
  }
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (Array.isArray(value)) return value.map((item) => showValue(t, formatPhone, key, item)).join(', ');
  if (isStoredPhone(value)) return formatPhone(value);
  if (value && typeof value === 'object') {
    const record = value as Record<string, unknown>;
    if (typeof record.number === 'string') return record.number;
    if (typeof record.address === 'string') return record.address;
    if (typeof record.entered === 'string') return record.entered;
    if (typeof record.name === 'string') return record.name;
    return Object.entries(record)
      .filter(([, v]) => !isBlank(v))
      .map(([k, v]) => `${k}: ${showValue(t, formatPhone, k, v)}`)
      .join('; ');
  }
  return '';
}

/** The lines of a would-be customer: [field key, value], nested sets flattened. */
function linesOf(customer: Record<string, unknown>): [string, unknown][] {
  const lines: [string, unknown][] = [];
  for (const [key, value] of Object.entries(customer)) {
    if (HIDDEN_KEYS.has(key) || isBlank(value)) continue;
    if (NESTED_KEYS.has(key) && typeof value === 'object' && !Array.isArray(value)) {
      for (const [sub, subValue] of Object.entries(value as Record<string, unknown>)) {
        if (!isBlank(subValue)) lines.push([`${key}.${sub}`, subValue]);
      }
    } else {
      lines.push([FIELD_OF_KEY[key] ?? key, value]);
    }
  }
  return lines;
}

function CustomerSummary({ customer }: { customer: Record<string, unknown> }) {
  const { t } = useTranslation();
  const formatPhone = useFormatPhone();
  const customFields = useCustomFields().rows;
  return (
    <Flex vertical gap={2} style={{ maxWidth: 420, wordBreak: 'break-word' }}>
      {typeof customer.name === 'string' ? <Typography.Text strong>{customer.name}</Typography.Text> : null}
      {linesOf(customer).map(([key, value]) => (
        <Typography.Text key={key} style={{ fontSize: 12 }}>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {fieldLabel(t, key, customFields)}:
          </Typography.Text>{' '}
          {showValue(t, formatPhone, key, value)}
        </Typography.Text>
      ))}
    </Flex>
  );
}

/** What the first rows of the file become under the current settings: created, updated or refused, and why. */
export function ImportPreview({
  importId,
  version,
  encoding,
  busy,
}: {
  importId: string;
  version: number;
  encoding: string | null;
  busy: boolean;
}) {
  const { t } = useTranslation();
  const preview = useImportPreview(importId, version, encoding);
  const columns: TableColumnsType<PreviewRow> = [
    {
      title: t('imports.preview.row'),
      key: 'row',
      render: (_, row) => (
        <Flex gap={8} align="center" style={{ whiteSpace: 'nowrap' }}>
          <span>{row.rowNumber}</span>
          <Tag color={ACTION_COLORS[row.result.action]}>{t(`imports.preview.actions.${row.result.action}`)}</Tag>
        </Flex>
      ),
    },
    {
      title: t('imports.preview.becomes'),
      key: 'customer',
      render: (_, row) => (row.result.customer ? <CustomerSummary customer={row.result.customer} /> : '—'),
    },
    {
      title: t('imports.preview.problems'),
      key: 'problems',
      render: (_, row) =>
        row.result.errors?.length ? (
          <Flex vertical gap={2} style={{ maxWidth: 360 }}>
            {row.result.errors.map((error, i) => (
              <Typography.Text key={i} type="danger" style={{ fontSize: 12 }}>
                {error.column ? `${error.column}: ` : ''}
                {rowReasonText(t, error)}
              </Typography.Text>
            ))}
          </Flex>
        ) : (
          '—'
        ),
    },
  ];
  if (preview.error) {
    // An unreadable file is worded as such (wrong encoding, unclosed quote), not as a failed call.
    return (
      <Alert
        type="error"
        showIcon
        title={describeImportError(t, preview.error)}
        action={
          <Button size="small" onClick={() => void preview.refetch()}>
            {t('common.retry')}
          </Button>
        }
        data-testid="import-preview-error"
      />
    );
  }
  const source = { rows: preview.data?.rows ?? [], isPending: preview.isPending, error: null, refetch: () => preview.refetch() };
  return (
    <Spin spinning={busy || (preview.isFetching && !preview.isPending)}>
      <DataTable source={source} columns={columns} rowKey={(row) => String(row.rowNumber)} testId="import-preview" />
    </Spin>
  );
}

/** The first values of a column in the preview, for recognising what the column holds. */
export function useColumnSamples(importId: string, version: number, encoding: string | null): (index: number) => string[] {
  const preview = useImportPreview(importId, version, encoding);
  const rows = preview.data?.rows ?? [];
  return (index) =>
    rows
      .map((row) => row.cells[index] ?? '')
      .filter((cell) => cell !== '')
      .slice(0, 3);
}
