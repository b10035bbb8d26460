import { EditOutlined } from '@ant-design/icons';
import { Button, Flex, Tag, Typography, theme } from 'antd';
import type { TFunction } from 'i18next';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { CustomField, TimelineEntry } from '../../api/types';
import { TASK_PRIORITIES, TASK_STATUSES } from '../../api/types';
import { formatDateTime } from '../../i18n/format';
import { Changes } from '../customers/history-tab';
import { EntryIcon, entryLook, isChannel } from './channels';
import { formatDuration } from './duration-input';
import { RelativeTime } from './relative-time';

const text = (value: unknown): string | null => (typeof value === 'string' && value.trim() ? value : null);

const asRecord = (value: unknown): Record<string, unknown> =>
  value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : {};

type Change = { old: unknown; new: unknown };

/** `data.changes` of an update as the history tab reads it; anything not shaped like a change is left out. */
function changesOf(data: Record<string, unknown>): Record<string, Change> {
  return Object.fromEntries(
    Object.entries(asRecord(data.changes)).filter(([, change]) => {
      const c = asRecord(change);
      return 'old' in c || 'new' in c;
    }),
  ) as Record<string, Change>;
}

const isOneOf = <T extends string>(list: readonly T[], value: unknown): value is T => (list as readonly unknown[]).includes(value);

/** The entry's first line: what happened, in the reader's words where the UI knows the kind. */
function heading(t: TFunction, entry: TimelineEntry, contactNames: Map<string, string>): string {
  const subject = text(entry.data.subject) ?? text(entry.title);
  switch (entry.kind) {
    case 'interaction': {
      const channel = isChannel(entry.channel)
        ? t(`interactions.channels.${entry.channel}`)
        : (entry.channel ?? t('interactions.kinds.interaction'));
      return subject ? `${channel} · ${subject}` : channel;
    }
    case 'task':
      return text(entry.title) ?? t('interactions.kinds.task');
    case 'customer':
    case 'contact': {
      const event = t(`interactions.events.${entry.type}`, { defaultValue: '' });
      // A contact's entry names the contact; a customer's is about the customer on whose page it is.
      const name = entry.kind === 'contact' ? (text(entry.title) ?? contactNames.get(entry.entityId) ?? null) : null;
      if (!event) return text(entry.title) ?? entry.type;
      return name ? `${event}: ${name}` : event;
    }
    default:
      // A kind from a module this UI does not know yet (orders, tickets, campaigns…): its own words.
      return text(entry.title) ?? entry.type;
  }
}

function Detail({ label, children }: { label: string; children: ReactNode }) {
  const { t } = useTranslation();
  return (
    <div style={{ wordBreak: 'break-word' }}>
      <Typography.Text type="secondary">{t('interactions.timeline.labelled', { label })}</Typography.Text>
      {children}
    </div>
  );
}

type TimelineItemProps = {
  entry: TimelineEntry;
  last: boolean;
  contactNames: Map<string, string>;
  customFields: CustomField[];
  /** Offered on interactions the reader may change. */
  onEdit?: (entry: TimelineEntry) => void;
};

/** One entry: an icon for its channel or kind, what happened, when, who and from which branch, and the details. */
export function TimelineItem({ entry, last, contactNames, customFields, onEdit }: TimelineItemProps) {
  const { t } = useTranslation();
  const { token } = theme.useToken();
  const look = entryLook(entry);
  const data = entry.data;
  const known = ['interaction', 'task', 'customer', 'contact'].includes(entry.kind);
  const direction =
    entry.kind === 'interaction' && (entry.direction === 'inbound' || entry.direction === 'outbound') ? entry.direction : null;
  const status = entry.kind === 'task' && isOneOf(TASK_STATUSES, data.status) ? data.status : null;
  const priority = entry.kind === 'task' && isOneOf(TASK_PRIORITIES, data.priority) ? data.priority : null;
  const changes = entry.kind === 'customer' ? changesOf(data) : {};
  // A contact's own entry names the contact in its heading already.
  const contacts =
    entry.kind === 'contact' ? [] : entry.contactIds.map((id) => contactNames.get(id)).filter((name): name is string => !!name);
  const who = [entry.userName ?? t('audit.system'), entry.branchName].filter(Boolean).join(' · ');

  return (
    <Flex gap={12} data-testid="timeline-entry" data-kind={entry.kind}>
      <Flex vertical align="center" style={{ flex: 'none' }}>
        <EntryIcon icon={look.icon} color={look.color} />
        {last ? null : <div style={{ width: 2, flex: 1, minHeight: 12, marginBlock: 4, background: token.colorSplit }} />}
      </Flex>
      <Flex vertical gap={4} style={{ flex: 1, minWidth: 0, paddingBottom: last ? 0 : 20 }}>
        <Flex justify="space-between" align="start" gap={8}>
          <Flex gap={6} wrap align="center" style={{ minWidth: 0, paddingTop: 3 }}>
            <Typography.Text strong style={{ wordBreak: 'break-word' }} data-testid="timeline-entry-title">
              {heading(t, entry, contactNames)}
            </Typography.Text>
            {direction ? <Tag style={{ marginInlineEnd: 0 }}>{t(`interactions.directions.${direction}`)}</Tag> : null}
            {status ? (
              <Tag color={status === 'done' ? 'success' : status === 'open' ? 'processing' : 'default'} style={{ marginInlineEnd: 0 }}>
                {t(`interactions.tasks.statuses.${status}`)}
              </Tag>
            ) : null}
            {priority === 'high' || priority === 'urgent' ? (
              <Tag color={priority === 'urgent' ? 'red' : 'orange'} style={{ marginInlineEnd: 0 }}>
                {t(`interactions.tasks.priorities.${priority}`)}
              </Tag>
            ) : null}
            {known ? null : <Tag style={{ marginInlineEnd: 0 }}>{t(`interactions.kinds.${entry.kind}`, { defaultValue: entry.kind })}</Tag>}
          </Flex>
          {onEdit ? (
            <Button
              type="text"
              size="small"
              icon={<EditOutlined />}
              onClick={() => onEdit(entry)}
              aria-label={t('common.edit')}
              data-testid="timeline-entry-edit"
            />
          ) : null}
        </Flex>
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          <RelativeTime value={entry.occurredAt} /> · {who}
        </Typography.Text>
        {entry.summary ? (
          <Typography.Paragraph
            ellipsis={{ rows: 4, expandable: 'collapsible' }}
            style={{ margin: 0, whiteSpace: 'pre-wrap', wordBreak: 'break-word' }}
            data-testid="timeline-entry-summary"
          >
            {entry.summary}
          </Typography.Paragraph>
        ) : null}
        {entry.kind === 'interaction' ? (
          <>
            {typeof data.durationSeconds === 'number' && data.durationSeconds > 0 ? (
              <Detail label={t('interactions.timeline.duration')}>{formatDuration(data.durationSeconds)}</Detail>
            ) : null}
            {text(data.outcome) ? <Detail label={t('interactions.timeline.outcome')}>{text(data.outcome)}</Detail> : null}
            {text(data.nextStep) ? <Detail label={t('interactions.timeline.nextStep')}>{text(data.nextStep)}</Detail> : null}
          </>
        ) : null}
        {entry.kind === 'task' && text(data.dueAt) ? (
          <Typography.Text type="secondary">{t('interactions.timeline.due', { date: formatDateTime(text(data.dueAt)) })}</Typography.Text>
        ) : null}
        {contacts.length ? <Detail label={t('interactions.timeline.with')}>{contacts.join(', ')}</Detail> : null}
        {Object.keys(changes).length ? (
          <Changes changes={changes} names={asRecord(data.names) as Record<string, string>} customFields={customFields} />
        ) : null}
        {known ? null : (
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {entry.type}
          </Typography.Text>
        )}
      </Flex>
    </Flex>
  );
}
