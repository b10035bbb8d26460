import { useQueries, useQueryClient } from '@tanstack/react-query';
import type { TFunction } from 'i18next';
import { Alert, App, Button, Checkbox, Empty, Flex, Modal, Radio, Table, Tag, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, api, type Page } from '../../../api/client';
import type { Contact, Customer, CustomField, CustomValue } from '../../../api/types';
import { useReportError } from '../../../api/use-report-error';
import { formatDate } from '../../../i18n/format';
import { useIsMobile } from '../../shell/use-is-mobile';
import { CUSTOMERS_KEY, useCustomFields } from '../customer-queries';
import { customValueText, fieldLabel, renderCustomerField } from '../customer-values';
import { DUPLICATES_KEY, MERGES_KEY, type DuplicateGroup, type Merge, type MergeBody } from './duplicate-types';
import { ALL, UNION_FIELDS, byAge, comparable, defaultSource, differingFields, filledCount, valueOf } from './merge-fields';
import { useUndoMerge } from './use-undo-merge';

const isBlank = (value: unknown) => value === null || value === undefined || value === '' || (Array.isArray(value) && value.length === 0);

/** The profile or the custom fields of a customer, one labelled line each; they move as one set. */
function FieldSet({ field, customer }: { field: 'profile' | 'custom'; customer: Customer }) {
  const { t } = useTranslation();
  const customFields = useCustomFields().rows;
  const entries = Object.entries(customer[field] as Record<string, CustomValue>).filter(([, value]) => !isBlank(value));
  return (
    <Flex vertical gap={2}>
      {entries.map(([key, value]) => (
        <span key={key}>
          <Typography.Text type="secondary">{fieldLabel(t, `${field}.${key}`, customFields)}:</Typography.Text> {customValueText(value)}
        </span>
      ))}
    </Flex>
  );
}

/** A field's value as the customer pages show it. */
function FieldValue({ field, customer }: { field: string; customer: Customer }) {
  const { t } = useTranslation();
  const value = valueOf(customer, field);
  if (comparable(value) === '') return <Typography.Text type="secondary">{t('duplicates.merge.empty')}</Typography.Text>;
  if (field === 'profile' || field === 'custom') return <FieldSet field={field} customer={customer} />;
  return <>{renderCustomerField(t, field, customer)}</>;
}

/** A merge field's name; the profile and the custom fields are named as their groups on the customer page. */
function mergeFieldLabel(t: TFunction, field: string, customFields: CustomField[]): string {
  return field === 'profile' || field === 'custom' ? t(`customers.groups.${field}`) : fieldLabel(t, field, customFields);
}

const customerTitle = (c: Customer) => `${c.code} · ${c.name}`;

/** How many contacts the merged customers bring along; a page's worth or more reads "200+". */
function useContactCount(customerIds: string[]): string | undefined {
  const counts = useQueries({
    queries: customerIds.map((id) => ({
      queryKey: [CUSTOMERS_KEY, 'one', id, 'contacts', 'count'],
      queryFn: ({ signal }: { signal: AbortSignal }) => api.get<Page<Contact>>(`/v1/customers/${id}/contacts`, { limit: 200 }, signal),
    })),
  });
  if (counts.some((c) => !c.data)) return undefined;
  const total = counts.reduce((sum, c) => sum + (c.data?.data.length ?? 0), 0);
  return counts.some((c) => c.data?.nextCursor) ? `${total}+` : String(total);
}

type FieldChoiceProps = {
  fields: string[];
  participants: Customer[];
  choiceOf: (field: string) => string;
  onChoose: (field: string, customerId: string) => void;
};

/** Field by field, whose value survives: a table of the records side by side at a desk, a list on a phone. */
function FieldChoices({ fields, participants, choiceOf, onChoose }: FieldChoiceProps) {
  const { t } = useTranslation();
  const mobile = useIsMobile();
  const customFields = useCustomFields().rows;
  if (fields.length === 0) return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('duplicates.merge.noDifferences')} />;

  if (mobile) {
    return (
      <Flex vertical gap={16} data-testid="merge-fields">
        {fields.map((field) => (
          <div key={field}>
            <Typography.Text strong>{mergeFieldLabel(t, field, customFields)}</Typography.Text>
            <Radio.Group
              value={choiceOf(field)}
              onChange={(e) => onChoose(field, e.target.value as string)}
              orientation="vertical"
              style={{ display: 'flex', marginTop: 4 }}
              data-testid={`merge-field-${field}`}
            >
              {participants.map((c) => (
                <Radio key={c.id} value={c.id} style={{ alignItems: 'flex-start' }}>
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    {c.code}
                  </Typography.Text>{' '}
                  <span style={{ wordBreak: 'break-word' }}>
                    <FieldValue field={field} customer={c} />
                  </span>
                </Radio>
              ))}
              {UNION_FIELDS.has(field) ? <Radio value={ALL}>{t('duplicates.merge.combine')}</Radio> : null}
            </Radio.Group>
          </div>
        ))}
      </Flex>
    );
  }

  const columns: TableColumnsType<string> = [
    {
      title: t('duplicates.merge.field'),
      key: 'field',
      width: 160,
      // "Keep all" sits under the field's name, where it is seen however far the records scroll sideways.
      render: (_, field) => (
        <Flex vertical gap={4} align="flex-start">
          <Typography.Text strong>{mergeFieldLabel(t, field, customFields)}</Typography.Text>
          {UNION_FIELDS.has(field) ? (
            <Radio checked={choiceOf(field) === ALL} onChange={() => onChoose(field, ALL)} data-testid={`merge-field-${field}-all`}>
              {t('duplicates.merge.combine')}
            </Radio>
          ) : null}
        </Flex>
      ),
    },
    ...participants.map((c) => ({
      title: customerTitle(c),
      key: c.id,
      render: (_: unknown, field: string) => (
        <Radio
          checked={choiceOf(field) === c.id}
          onChange={() => onChoose(field, c.id)}
          style={{ alignItems: 'flex-start', wordBreak: 'break-word', maxWidth: 320 }}
          data-testid={`merge-field-${field}-${c.id}`}
        >
          <FieldValue field={field} customer={c} />
        </Radio>
      ),
    })),
  ];
  return (
    <Table<string>
      size="small"
      rowKey={(field) => field}
      columns={columns}
      dataSource={fields}
      pagination={false}
      scroll={{ x: 'max-content', y: 420 }}
      data-testid="merge-fields"
    />
  );
}

/**
 * Merging a group of likely duplicates: which record remains, whose value each differing field
 * keeps, and what moves. The versions read here go with the request, so if anyone changed one of
 * these customers meanwhile the server refuses (412) and the person reloads and decides again.
 */
export function MergeDialog({ group, onClose }: { group: DuplicateGroup; onClose: () => void }) {
  const { t } = useTranslation();
  const mobile = useIsMobile();
  const { notification } = App.useApp();
  const queryClient = useQueryClient();
  const report = useReportError();
  const undoMerge = useUndoMerge();
  const [customers, setCustomers] = useState(() => byAge(group.customers));
  const [survivorId, setSurvivorId] = useState(() => customers[0]!.id);
  // With three or more records, one of them may turn out not to belong; it can be left out.
  const [leftOut, setLeftOut] = useState<Set<string>>(() => new Set());
  const [overrides, setOverrides] = useState<Record<string, string>>({});
  const [stale, setStale] = useState(false);
  const [busy, setBusy] = useState(false);

  const survivor = customers.find((c) => c.id === survivorId) ?? customers[0]!;
  const others = customers.filter((c) => c.id !== survivor.id && !leftOut.has(c.id));
  const participants = customers.filter((c) => c.id === survivor.id || others.includes(c));
  const fields = differingFields(participants);
  const choiceOf = (field: string) => {
    const chosen = overrides[field];
    const stillThere = chosen === ALL || participants.some((c) => c.id === chosen);
    return chosen && stillThere ? chosen : defaultSource(field, survivor, others);
  };
  const contactCount = useContactCount(others.map((c) => c.id));

  const refresh = () =>
    Promise.all([
      queryClient.invalidateQueries({ queryKey: [DUPLICATES_KEY] }),
      queryClient.invalidateQueries({ queryKey: [MERGES_KEY] }),
      queryClient.invalidateQueries({ queryKey: [CUSTOMERS_KEY] }),
    ]);

  const reload = async () => {
    setBusy(true);
    try {
      const fresh = await Promise.all(customers.map((c) => api.get<Customer>(`/v1/customers/${c.id}`)));
      setCustomers(byAge(fresh));
      setStale(false);
      void queryClient.invalidateQueries({ queryKey: [DUPLICATES_KEY] });
    } catch (err) {
      // A customer that is gone (merged or deleted elsewhere) ends this merge: the group is out of date.
      report(err);
      void refresh();
      onClose();
    } finally {
      setBusy(false);
    }
  };

  const merge = async () => {
    setBusy(true);
    const body: MergeBody = {
      survivorId: survivor.id,
      mergedIds: others.map((c) => c.id),
      fields: Object.fromEntries(fields.map((field) => [field, choiceOf(field)])),
      versions: Object.fromEntries(participants.map((c) => [c.id, c.version])),
    };
    try {
      const done = await api.post<Merge>('/v1/merges', body);
      onClose();
      notification.success({
        key: done.id,
        title: t('duplicates.merge.done', { name: survivor.name }),
        description: t('duplicates.merge.doneHint'),
        actions: (
          <Button
            size="small"
            onClick={() => {
              notification.destroy(done.id);
              void undoMerge(done);
            }}
            data-testid="merge-undo-now"
          >
            {t('duplicates.history.undo')}
          </Button>
        ),
        duration: 10,
      });
      await refresh();
    } catch (err) {
      if (err instanceof ApiError && err.status === 412) setStale(true);
      else report(err);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal
      open
      title={t('duplicates.merge.title')}
      onCancel={onClose}
      width={mobile ? '100%' : 1000}
      style={mobile ? { top: 0, maxWidth: '100vw', margin: 0, paddingBottom: 0 } : undefined}
      footer={
        <Flex gap={8} justify="flex-end" wrap>
          <Button onClick={onClose}>{t('common.cancel')}</Button>
          <Button
            type="primary"
            danger
            loading={busy}
            disabled={stale || others.length === 0}
            onClick={() => void merge()}
            data-testid="merge-confirm"
          >
            {t('duplicates.merge.confirm', { count: others.length + 1 })}
          </Button>
        </Flex>
      }
    >
      <Flex vertical gap={16} data-testid="merge-dialog">
        <div>
          <Typography.Title level={5}>{t('duplicates.merge.survivor')}</Typography.Title>
          <Typography.Paragraph type="secondary">{t('duplicates.merge.survivorHelp')}</Typography.Paragraph>
          <Radio.Group
            value={survivor.id}
            onChange={(e) => {
              setSurvivorId(e.target.value as string);
              // Choices made for the old survivor no longer mean what the person meant.
              setOverrides({});
              setLeftOut(new Set());
            }}
            orientation="vertical"
            style={{ display: 'flex' }}
            data-testid="merge-survivor"
          >
            {customers.map((c) => (
              <Flex key={c.id} gap={8} align="flex-start" wrap style={{ paddingBlock: 4 }}>
                <Radio value={c.id} style={{ alignItems: 'flex-start' }}>
                  <Typography.Text strong style={{ wordBreak: 'break-word' }}>
                    {customerTitle(c)}
                  </Typography.Text>
                  <br />
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    {t('duplicates.merge.recordFacts', { created: formatDate(c.createdAt), filled: filledCount(c) })}
                  </Typography.Text>
                </Radio>
                {customers.length > 2 && c.id !== survivor.id ? (
                  <Checkbox
                    checked={!leftOut.has(c.id)}
                    onChange={(e) =>
                      setLeftOut((current) => {
                        const next = new Set(current);
                        if (e.target.checked) next.delete(c.id);
                        else next.add(c.id);
                        return next;
                      })
                    }
                    data-testid={`merge-include-${c.id}`}
                  >
                    {t('duplicates.merge.include')}
                  </Checkbox>
                ) : null}
                {c.id === survivor.id ? <Tag color="green">{t('duplicates.merge.remains')}</Tag> : null}
              </Flex>
            ))}
          </Radio.Group>
        </div>

        <div>
          <Typography.Title level={5}>{t('duplicates.merge.values')}</Typography.Title>
          <Typography.Paragraph type="secondary">{t('duplicates.merge.valuesHelp')}</Typography.Paragraph>
          <FieldChoices
            fields={fields}
            participants={participants}
            choiceOf={choiceOf}
            onChoose={(field, customerId) => setOverrides((current) => ({ ...current, [field]: customerId }))}
          />
        </div>

        {others.length ? (
          <Alert
            type="info"
            showIcon
            data-testid="merge-summary"
            title={t('duplicates.merge.summary', {
              contacts: contactCount ?? '…',
              count: others.length,
              name: customerTitle(survivor),
            })}
            description={t('duplicates.merge.summaryUndo')}
          />
        ) : (
          <Alert type="warning" showIcon title={t('duplicates.merge.nothingToMerge')} />
        )}
        {/* Last, beside the button just pressed: on a phone the top of the dialog is out of view by then. */}
        {stale ? (
          <Alert
            type="warning"
            showIcon
            title={t('duplicates.merge.staleTitle')}
            description={
              // The button goes under the text rather than beside it, where a phone would squeeze the text thin.
              <Flex vertical gap={8} align="flex-start">
                {t('duplicates.merge.staleText')}
                <Button type="primary" loading={busy} onClick={() => void reload()} data-testid="merge-reload">
                  {t('duplicates.merge.reload')}
                </Button>
              </Flex>
            }
          />
        ) : null}
      </Flex>
    </Modal>
  );
}
