import { AutoComplete, DatePicker, Flex, Input, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useCursorList } from '../../api/lists';
import type { AuditEntry } from '../../api/types';
import { FilterBar } from '../../components/filter-bar';
import { useDebouncedValue } from '../../components/use-debounced-value';
import { formatDateTime } from '../../i18n/format';
import { AdminPage } from './admin-page';
import { DataTable } from '../../components/data-table';
import { ENTITY_TYPES, entityTypeLabel } from './entity-types';
import { UserSelect } from './user-select';

const ACTIONS = ['created', 'updated', 'deleted', 'restored', 'revoked', 'signed_in', 'password_changed'];
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const isEmpty = (value: unknown) => value === null || value === undefined || value === '';

/** A value as people read it; objects and lists as compact JSON. */
function showValue(value: unknown): string {
  return typeof value === 'string' ? value : JSON.stringify(value);
}

/** Each changed field: old → new; a field that was only set or only cleared shows just that side. */
function Changes({ changes }: { changes: AuditEntry['changes'] }) {
  const entries = Object.entries(changes ?? {});
  if (entries.length === 0) return <>—</>;
  return (
    <Flex vertical gap={2}>
      {entries.map(([field, change]) => (
        <div key={field} style={{ maxWidth: 420, wordBreak: 'break-word' }}>
          <Typography.Text strong>{field}</Typography.Text>{' '}
          {isEmpty(change.old) ? null : (
            <Typography.Text delete type="secondary">
              {showValue(change.old)}
            </Typography.Text>
          )}
          {isEmpty(change.old) || isEmpty(change.new) ? null : ' → '}
          {isEmpty(change.new) ? null : <Typography.Text>{showValue(change.new)}</Typography.Text>}
        </div>
      ))}
    </Flex>
  );
}

export function AuditLogPage() {
  const { t } = useTranslation();
  const [entityType, setEntityType] = useState('');
  const [entityId, setEntityId] = useState('');
  const [action, setAction] = useState('');
  const [actorId, setActorId] = useState<string | null>(null);
  const [range, setRange] = useState<[Dayjs | null, Dayjs | null] | null>(null);
  // Typed filters wait for a pause in typing; picked ones apply at once.
  const typedEntityType = useDebouncedValue(entityType.trim());
  const typedEntityId = useDebouncedValue(entityId.trim());
  const typedAction = useDebouncedValue(action.trim());
  const entries = useCursorList<AuditEntry>('audit-log', '/v1/audit-log', {
    entityType: typedEntityType,
    // Record ids are exact: a half-typed one would only earn a 400, so it waits until it is whole.
    entityId: UUID.test(typedEntityId) ? typedEntityId : undefined,
    action: typedAction,
    actorId,
    from: range?.[0]?.startOf('day').toISOString(),
    to: range?.[1]?.endOf('day').toISOString(),
  });

  const columns: TableColumnsType<AuditEntry> = [
    { title: t('audit.at'), key: 'at', render: (_, e) => <span style={{ whiteSpace: 'nowrap' }}>{formatDateTime(e.at)}</span> },
    { title: t('audit.actor'), key: 'actor', render: (_, e) => e.actorLabel ?? t('audit.system') },
    {
      title: t('audit.entity'),
      key: 'entity',
      render: (_, e) => (
        <div>
          <div>{entityTypeLabel(t, e.entityType)}</div>
          <Typography.Link
            style={{ fontSize: 12 }}
            title={t('audit.filterByEntity')}
            onClick={() => {
              setEntityType(e.entityType);
              setEntityId(e.entityId);
            }}
          >
            {e.entityId}
          </Typography.Link>
        </div>
      ),
    },
    { title: t('audit.action'), key: 'action', render: (_, e) => t(`audit.actions.${e.action}`, { defaultValue: e.action }) },
    { title: t('audit.changes'), key: 'changes', render: (_, e) => <Changes changes={e.changes} /> },
  ];

  return (
    <AdminPage title={t('settings.pages.audit-log')} description={t('audit.intro')}>
      <FilterBar>
        <AutoComplete
          value={entityType}
          onChange={(v: string) => setEntityType(v ?? '')}
          options={ENTITY_TYPES.map((type) => ({ value: type, label: entityTypeLabel(t, type) }))}
          placeholder={t('audit.entityType')}
          allowClear
          style={{ width: '100%' }}
        />
        <Input
          value={entityId}
          onChange={(e) => setEntityId(e.target.value)}
          placeholder={t('audit.entityId')}
          status={entityId.trim() && !UUID.test(entityId.trim()) ? 'warning' : undefined}
          allowClear
          style={{ width: '100%' }}
        />
        <UserSelect value={actorId} onChange={setActorId} placeholder={t('audit.actor')} />
        <AutoComplete
          value={action}
          onChange={(v: string) => setAction(v ?? '')}
          options={ACTIONS.map((a) => ({ value: a, label: t(`audit.actions.${a}`) }))}
          placeholder={t('audit.action')}
          allowClear
          style={{ width: '100%' }}
        />
        <DatePicker.RangePicker value={range} onChange={(v) => setRange(v)} allowEmpty={[true, true]} style={{ width: '100%' }} />
      </FilterBar>
      <DataTable source={entries} columns={columns} rowKey="id" testId="audit-table" />
    </AdminPage>
  );
}
