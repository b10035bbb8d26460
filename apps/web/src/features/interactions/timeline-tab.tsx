import { FilterOutlined, PlusOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { Alert, Badge, Button, Card, DatePicker, Empty, Flex, Select, Spin, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useEffect, useMemo, useRef, useState } from 'react';
import { useSearchParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';
import { CHANNELS, type Channel, type Customer, type Interaction, type TimelineEntry } from '../../api/types';
import { describeError } from '../../api/use-report-error';
import { ColleagueSelect } from '../../components/colleague-select';
import { FilterBar } from '../../components/filter-bar';
import { useContacts, useCustomFields } from '../customers/customer-queries';
import { can, useMe } from '../identity/session';
import { useIsMobile } from '../shell/use-is-mobile';
import { CHANNEL_META, TIMELINE_KINDS } from './channels';
import { LATE_ENTRY_DELAY_MS, useTasks, useTimeline } from './interaction-queries';
import { LoadMore } from './load-more';
import { LogInteractionButton, LogInteractionDrawer } from './log-interaction-drawer';
import { TaskList } from './task-list';
import { TaskModal } from './task-modal';
import { TimelineItem } from './timeline-entry';

type Range = [Dayjs | null, Dayjs | null] | null;

/** The customer's open tasks, everyone's, above the timeline: what is still to be done for them. */
function OpenTasks({ customer }: { customer: Customer }) {
  const { t } = useTranslation();
  const tasks = useTasks({ customerId: customer.id, owner: 'team', status: 'open' });
  if (tasks.isPending || (tasks.rows.length === 0 && !tasks.error)) return null;
  return (
    <Card size="small" title={t('interactions.tasks.openTasks')} styles={{ body: { padding: 0 } }} data-testid="customer-open-tasks">
      <TaskList source={tasks} showCustomer={false} showOwner empty={t('interactions.tasks.noneOpen')} testId="customer-tasks" />
    </Card>
  );
}

/** Opens an interaction of the timeline for editing, once it has been read whole. */
function EditInteraction({ id, customer, onClose }: { id: string; customer: Customer; onClose: () => void }) {
  const { t } = useTranslation();
  const interaction = useQuery({
    queryKey: ['interactions', 'one', id],
    queryFn: ({ signal }) => api.get<Interaction>(`/v1/interactions/${id}`, undefined, signal),
    // Read afresh each time it is opened: the version must be the latest to save it.
    gcTime: 0,
  });
  if (interaction.error) return <Alert type="error" showIcon closable={{ onClose }} title={describeError(t, interaction.error)} />;
  if (!interaction.data) return null;
  return (
    <LogInteractionDrawer
      key={`${interaction.data.id}:${interaction.data.version}`}
      customer={customer}
      interaction={interaction.data}
      open
      onClose={onClose}
    />
  );
}

/**
 * The 360° view of a customer (INT-2): every contact, task and change, from every branch, newest
 * first, with more coming as the reader scrolls. Its own changes show at once; entries the server
 * writes from events (changed fields, contacts) are looked for again a moment later.
 */
export function TimelineTab({ customer }: { customer: Customer }) {
  const { t } = useTranslation();
  const me = useMe();
  const [kinds, setKinds] = useState<string[]>([]);
  const [channels, setChannels] = useState<Channel[]>([]);
  const [userId, setUserId] = useState<string | null>(null);
  const [range, setRange] = useState<Range>(null);
  const [creatingTask, setCreatingTask] = useState(false);
  // `?interaction=<id>` opens that interaction to edit: where a finished call's notification leads, for its summary.
  const [params, setParams] = useSearchParams();
  const [editingId, setEditingId] = useState<string | undefined>(params.get('interaction') ?? undefined);
  const stopEditing = () => {
    setEditingId(undefined);
    if (params.has('interaction')) {
      const rest = new URLSearchParams(params);
      rest.delete('interaction');
      setParams(rest, { replace: true });
    }
  };
  // On a phone the filters fold away behind a button, so the timeline starts on the first screen.
  const mobile = useIsMobile();
  const [showFilters, setShowFilters] = useState(false);
  const filters = useMemo(
    () => ({
      kind: kinds.join(',') || undefined,
      channel: channels.join(',') || undefined,
      userId: userId ?? undefined,
      from: range?.[0]?.startOf('day').format(),
      to: range?.[1]?.endOf('day').format(),
    }),
    [kinds, channels, userId, range],
  );
  const filterCount = [kinds.length > 0, channels.length > 0, userId !== null, range !== null].filter(Boolean).length;
  const filtered = filterCount > 0;
  const timeline = useTimeline(customer.id, filters);
  const contacts = useContacts(customer.id);
  const customFields = useCustomFields();
  const contactNames = useMemo(() => new Map(contacts.rows.map((c) => [c.id, c.name])), [contacts.rows]);

  // A change of the customer or of its contacts (from the header, another tab, or a refresh)
  // reaches the timeline through an event: it is looked for again a moment after.
  const { refetch } = timeline;
  const changeMark = `${customer.version}:${contacts.dataUpdatedAt}`;
  const firstMark = useRef(changeMark);
  useEffect(() => {
    if (changeMark === firstMark.current) return;
    const timer = setTimeout(() => void refetch(), LATE_ENTRY_DELAY_MS);
    return () => clearTimeout(timer);
  }, [changeMark, refetch]);

  const presets = [
    { label: t('interactions.timeline.last7'), value: [dayjs().subtract(6, 'day'), dayjs()] as [Dayjs, Dayjs] },
    { label: t('interactions.timeline.last30'), value: [dayjs().subtract(29, 'day'), dayjs()] as [Dayjs, Dayjs] },
    { label: t('interactions.timeline.last90'), value: [dayjs().subtract(89, 'day'), dayjs()] as [Dayjs, Dayjs] },
    { label: t('interactions.timeline.lastYear'), value: [dayjs().subtract(1, 'year'), dayjs()] as [Dayjs, Dayjs] },
  ];
  const clear = () => {
    setKinds([]);
    setChannels([]);
    setUserId(null);
    setRange(null);
  };
  const mayEdit = can(me, 'interactions.update');

  return (
    <Flex vertical gap={12} data-testid="timeline-tab">
      {can(me, 'interactions.create') ? (
        <Flex gap={8} wrap justify="flex-end">
          <Button icon={<PlusOutlined />} onClick={() => setCreatingTask(true)} data-testid="timeline-new-task">
            {t('interactions.tasks.new')}
          </Button>
          <LogInteractionButton customer={customer} primary testId="timeline-log" />
        </Flex>
      ) : null}
      <OpenTasks customer={customer} />
      <Card
        size="small"
        title={t('interactions.timeline.tab')}
        extra={
          mobile ? (
            <Badge count={filterCount} size="small">
              <Button
                size="small"
                type={showFilters ? 'primary' : 'default'}
                icon={<FilterOutlined />}
                onClick={() => setShowFilters((on) => !on)}
                aria-expanded={showFilters}
                data-testid="timeline-filters-toggle"
              >
                {t('interactions.timeline.filters')}
              </Button>
            </Badge>
          ) : null
        }
      >
        {mobile && !showFilters ? null : (
          <FilterBar>
            <Select
              mode="multiple"
              allowClear
              value={kinds}
              onChange={setKinds}
              options={TIMELINE_KINDS.map((kind) => ({ value: kind, label: t(`interactions.kinds.${kind}`) }))}
              placeholder={t('interactions.timeline.kind')}
              maxTagCount="responsive"
              style={{ width: '100%' }}
              data-testid="timeline-filter-kind"
            />
            <Select
              mode="multiple"
              allowClear
              value={channels}
              onChange={setChannels}
              options={CHANNELS.map((channel) => ({
                value: channel,
                label: (
                  <span>
                    {CHANNEL_META[channel].icon} {t(`interactions.channels.${channel}`)}
                  </span>
                ),
                text: t(`interactions.channels.${channel}`),
              }))}
              optionFilterProp="text"
              placeholder={t('interactions.timeline.channel')}
              maxTagCount="responsive"
              style={{ width: '100%' }}
              data-testid="timeline-filter-channel"
            />
            <ColleagueSelect value={userId} onChange={setUserId} testId="timeline-filter-user" />
            <DatePicker.RangePicker
              value={range}
              onChange={(v) => setRange(v)}
              allowEmpty={[true, true]}
              presets={presets}
              placeholder={[t('interactions.timeline.periodFrom'), t('interactions.timeline.periodTo')]}
              style={{ width: '100%' }}
              data-testid="timeline-filter-period"
            />
          </FilterBar>
        )}
        {filtered ? (
          <Flex justify="flex-end" style={{ marginTop: -4, marginBottom: 8 }}>
            <Button type="link" size="small" onClick={clear} data-testid="timeline-filter-clear">
              {t('interactions.timeline.clear')}
            </Button>
          </Flex>
        ) : null}
        {timeline.error ? <Alert type="error" showIcon title={describeError(t, timeline.error)} style={{ marginBottom: 12 }} /> : null}
        {timeline.isPending ? (
          <Spin style={{ display: 'block', margin: 16 }} />
        ) : timeline.rows.length === 0 ? (
          <Empty
            image={Empty.PRESENTED_IMAGE_SIMPLE}
            description={filtered ? t('interactions.timeline.noneFiltered') : t('interactions.timeline.none')}
          />
        ) : (
          <div data-testid="timeline">
            {timeline.rows.map((entry: TimelineEntry, index) => (
              <TimelineItem
                key={entry.id}
                entry={entry}
                last={index === timeline.rows.length - 1}
                contactNames={contactNames}
                customFields={customFields.rows}
                onEdit={mayEdit && entry.kind === 'interaction' ? (e) => setEditingId(e.entityId) : undefined}
              />
            ))}
          </div>
        )}
        <LoadMore
          hasNextPage={timeline.hasNextPage}
          isFetchingNextPage={timeline.isFetchingNextPage}
          fetchNextPage={timeline.fetchNextPage}
          testId="timeline-more"
        />
        {!timeline.hasNextPage && timeline.rows.length > 0 && timeline.data && timeline.data.pages.length > 1 ? (
          <Typography.Paragraph type="secondary" style={{ textAlign: 'center', margin: '8px 0 0' }}>
            {t('interactions.timeline.end')}
          </Typography.Paragraph>
        ) : null}
      </Card>
      <TaskModal open={creatingTask} customer={customer} onClose={() => setCreatingTask(false)} />
      {editingId ? <EditInteraction id={editingId} customer={customer} onClose={stopEditing} /> : null}
    </Flex>
  );
}
