import { Alert, DatePicker, Empty, Flex, Segmented, Select, Skeleton, Table, type TableColumnsType } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { CHANNELS, type Channel } from '../../api/types';
import { describeError } from '../../api/use-report-error';
import { isChannel } from '../interactions/channels';
import { useIsMobile } from '../shell/use-is-mobile';
import { ActivityChart, type ActivityBar } from './activity-chart';
import { formatDuration } from './duration';
import { useContactActivity } from './report-queries';
import { GROUP_BYS, type ActivityRow, type GroupBy } from './types';

type Range = [Dayjs, Dayjs];

const lastDays = (n: number): Range => [
  dayjs()
    .subtract(n - 1, 'day')
    .startOf('day'),
  dayjs().endOf('day'),
];

/** Every day of the period, with the server's rows where there are some (up to about a year). */
function fillDays(rows: ActivityRow[], [start, end]: Range): ActivityRow[] {
  const days = end.startOf('day').diff(start.startOf('day'), 'day') + 1;
  if (days > 400) return rows;
  const byDay = new Map(rows.map((row) => [row.key, row]));
  return Array.from({ length: days }, (_, i) => {
    const key = start.add(i, 'day').format('YYYY-MM-DD');
    return byDay.get(key) ?? { key, label: null, count: 0, durationSeconds: 0, inbound: 0, outbound: 0 };
  });
}

/** Contact activity: interactions of a period per user, branch, channel or day, as bars and a table. */
export function ContactActivity() {
  const { t } = useTranslation();
  const mobile = useIsMobile();
  const [range, setRange] = useState<Range>(() => lastDays(30));
  const [groupBy, setGroupBy] = useState<GroupBy>('user');
  const [channels, setChannels] = useState<Channel[]>([]);
  const filters = {
    from: range[0].startOf('day').toISOString(),
    to: range[1].endOf('day').toISOString(),
    groupBy,
    channel: channels.length ? channels.join(',') : undefined,
  };
  const activity = useContactActivity(filters);

  const nameOf = (row: ActivityRow): string => {
    if (row.key === null) return t('reports.activity.none');
    if (groupBy === 'channel') return isChannel(row.key) ? t(`interactions.channels.${row.key}`) : row.key;
    if (groupBy === 'day') return row.key;
    return row.label ?? row.key;
  };

  const rows = useMemo(() => {
    const data = activity.data?.data ?? [];
    // Days in calendar order; everything else biggest first, as people compare them.
    return groupBy === 'day'
      ? [...data].sort((a, b) => (a.key ?? '').localeCompare(b.key ?? ''))
      : [...data].sort((a, b) => b.count - a.count || b.durationSeconds - a.durationSeconds);
  }, [activity.data, groupBy]);

  const toBar = (row: ActivityRow): ActivityBar => ({
    name: nameOf(row),
    count: row.count,
    hours: Math.round((row.durationSeconds / 3600) * 10) / 10,
  });
  // By day, the quiet days show too (as nothing), so the bars keep the calendar's rhythm.
  const bars: ActivityBar[] = groupBy === 'day' ? fillDays(rows, range).map(toBar) : rows.map(toBar);

  const total = rows.reduce(
    (sum, row) => ({
      count: sum.count + row.count,
      durationSeconds: sum.durationSeconds + row.durationSeconds,
      inbound: sum.inbound + row.inbound,
      outbound: sum.outbound + row.outbound,
    }),
    { count: 0, durationSeconds: 0, inbound: 0, outbound: 0 },
  );

  const columns: TableColumnsType<ActivityRow> = [
    { key: 'name', title: t(`reports.activity.group.${groupBy}`), render: (_, row) => nameOf(row), ellipsis: true },
    { key: 'count', title: t('reports.activity.count'), dataIndex: 'count', align: 'right', width: mobile ? 84 : 120 },
    ...(mobile
      ? []
      : ([
          { key: 'inbound', title: t('interactions.directions.inbound'), dataIndex: 'inbound', align: 'right', width: 120 },
          { key: 'outbound', title: t('interactions.directions.outbound'), dataIndex: 'outbound', align: 'right', width: 120 },
        ] as TableColumnsType<ActivityRow>)),
    {
      key: 'duration',
      title: t('reports.activity.duration'),
      align: 'right',
      width: mobile ? 104 : 140,
      render: (_, row) => formatDuration(t, row.durationSeconds),
    },
  ];

  const presets = [
    { label: t('interactions.timeline.last7'), value: lastDays(7) },
    { label: t('interactions.timeline.last30'), value: lastDays(30) },
    { label: t('interactions.timeline.last90'), value: lastDays(90) },
    { label: t('interactions.timeline.lastYear'), value: [dayjs().subtract(1, 'year').startOf('day'), dayjs().endOf('day')] as Range },
  ];

  return (
    <>
      <Flex gap={8} wrap align="center" style={{ marginBottom: 16 }}>
        <DatePicker.RangePicker
          value={range}
          onChange={(value) => {
            if (value?.[0] && value[1]) setRange([value[0], value[1]]);
          }}
          allowClear={false}
          presets={presets}
          aria-label={t('reports.activity.period')}
          style={{ width: mobile ? '100%' : 280 }}
          data-testid="activity-period"
        />
        <Segmented<GroupBy>
          value={groupBy}
          onChange={setGroupBy}
          // On a phone the four choices share one line: the short names.
          options={GROUP_BYS.map((g) => ({ value: g, label: t(mobile ? `reports.activity.group.${g}` : `reports.activity.groupBy.${g}`) }))}
          block={mobile}
          style={mobile ? { width: '100%' } : undefined}
          data-testid="activity-group-by"
        />
        <Select<Channel[]>
          mode="multiple"
          allowClear
          value={channels}
          onChange={setChannels}
          options={CHANNELS.map((c) => ({ value: c, label: t(`interactions.channels.${c}`) }))}
          placeholder={t('reports.activity.allChannels')}
          maxTagCount="responsive"
          style={{ width: mobile ? '100%' : 240 }}
          data-testid="activity-channel"
        />
      </Flex>
      {activity.error ? <Alert type="error" showIcon title={describeError(t, activity.error)} style={{ marginBottom: 12 }} /> : null}
      {activity.isPending ? (
        <Skeleton active />
      ) : rows.length === 0 ? (
        <Empty description={t('reports.activity.empty')} data-testid="activity-empty" />
      ) : (
        <>
          <ActivityChart
            bars={bars}
            horizontal={groupBy !== 'day'}
            countLabel={t('reports.activity.count')}
            hoursLabel={t('reports.activity.durationHours')}
          />
          <Table<ActivityRow>
            size="small"
            style={{ marginTop: 16 }}
            rowKey={(row) => row.key ?? ''}
            columns={columns}
            dataSource={rows}
            loading={activity.isFetching && activity.isPlaceholderData}
            pagination={rows.length > 50 ? { pageSize: 50, showSizeChanger: false } : false}
            data-testid="activity-table"
            summary={() => (
              <Table.Summary.Row>
                <Table.Summary.Cell index={0}>
                  <strong>{t('reports.activity.total')}</strong>
                </Table.Summary.Cell>
                <Table.Summary.Cell index={1} align="right">
                  <strong>{total.count}</strong>
                </Table.Summary.Cell>
                {mobile ? null : (
                  <>
                    <Table.Summary.Cell index={2} align="right">
                      {total.inbound}
                    </Table.Summary.Cell>
                    <Table.Summary.Cell index={3} align="right">
                      {total.outbound}
                    </Table.Summary.Cell>
                  </>
                )}
                <Table.Summary.Cell index={mobile ? 2 : 4} align="right">
                  {formatDuration(t, total.durationSeconds)}
                </Table.Summary.Cell>
              </Table.Summary.Row>
            )}
          />
        </>
      )}
    </>
  );
}
