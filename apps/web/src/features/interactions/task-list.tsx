import { ClockCircleOutlined, DeleteOutlined, EditOutlined, SyncOutlined, UserOutlined } from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Checkbox, Empty, Flex, Popconfirm, Spin, Tag, Tooltip, Typography, theme } from 'antd';
import type { TFunction } from 'i18next';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { api } from '../../api/client';
import type { Recurrence, Task, TaskCompletion, TaskPriority } from '../../api/types';
import { describeError } from '../../api/use-report-error';
import { useAction } from '../../components/use-action';
import { formatDateTime } from '../../i18n/format';
import { can, useMe } from '../identity/session';
import { refreshInteractions } from './interaction-queries';
import { LoadMore } from './load-more';
import { RelativeTime } from './relative-time';
import { TaskModal } from './task-modal';

const PRIORITY_COLORS: Record<TaskPriority, string | undefined> = { low: undefined, normal: undefined, high: 'orange', urgent: 'red' };

export function recurrenceText(t: TFunction, recurrence: Recurrence): string {
  return recurrence.every === 1
    ? t(`interactions.tasks.every.${recurrence.unit}`)
    : t(`interactions.tasks.everyN.${recurrence.unit}`, { count: recurrence.every });
}

type TaskItemProps = {
  task: Task;
  /** Off on a customer's page, where every task is that customer's. */
  showCustomer: boolean;
  showOwner: boolean;
  onEdit: (task: Task) => void;
};

/** One task: a tick to complete it, what and when (red once overdue), for whom, and its actions. */
function TaskItem({ task, showCustomer, showOwner, onEdit }: TaskItemProps) {
  const { t } = useTranslation();
  const me = useMe();
  const { message } = App.useApp();
  const { token } = theme.useToken();
  const queryClient = useQueryClient();
  const { run, busy } = useAction();
  const done = task.status === 'done';
  const overdue = task.overdue && task.status === 'open';
  const mayChange = can(me, 'interactions.update') || task.ownerId === me.id;

  const toggle = () =>
    run(task.id, async () => {
      if (done) {
        await api.patch<Task>(`/v1/tasks/${task.id}`, { status: 'open' }, task.version);
        void message.success(t('interactions.tasks.reopened'));
      } else {
        const { next } = await api.post<TaskCompletion>(`/v1/tasks/${task.id}/complete`);
        void message.success(
          next?.dueAt ? t('interactions.tasks.completedNext', { date: formatDateTime(next.dueAt) }) : t('interactions.tasks.completed'),
        );
      }
      await refreshInteractions(queryClient);
    });

  const remove = () =>
    run(
      `delete:${task.id}`,
      async () => {
        await api.delete(`/v1/tasks/${task.id}`, task.version);
        await refreshInteractions(queryClient);
      },
      t('common.deleted'),
    );

  return (
    <Flex
      gap={12}
      align="start"
      style={{
        padding: '10px 12px',
        borderBottom: `1px solid ${token.colorBorderSecondary}`,
        // Overdue work stands out in red, as people expect of a to-do list.
        background: overdue ? token.colorErrorBg : undefined,
        borderInlineStart: overdue ? `3px solid ${token.colorError}` : '3px solid transparent',
      }}
      data-testid="task-item"
      data-overdue={overdue || undefined}
    >
      <Tooltip title={done ? t('interactions.tasks.reopen') : t('interactions.tasks.complete')}>
        <Checkbox
          checked={done}
          disabled={!mayChange || task.status === 'cancelled' || busy === task.id}
          onChange={() => void toggle()}
          aria-label={done ? t('interactions.tasks.reopen') : t('interactions.tasks.complete')}
          style={{ marginTop: 2 }}
          data-testid="task-item-complete"
        />
      </Tooltip>
      <Flex vertical gap={2} style={{ flex: 1, minWidth: 0 }}>
        <Typography.Text
          strong
          delete={done || task.status === 'cancelled'}
          type={overdue ? 'danger' : done ? 'secondary' : undefined}
          style={{ wordBreak: 'break-word' }}
          data-testid="task-item-title"
        >
          {task.title}
        </Typography.Text>
        <Flex gap={4} wrap align="center" style={{ fontSize: 12 }}>
          {task.dueAt ? (
            <Typography.Text type={overdue ? 'danger' : 'secondary'} style={{ fontSize: 12, whiteSpace: 'nowrap' }}>
              <ClockCircleOutlined /> {formatDateTime(task.dueAt)} (<RelativeTime value={task.dueAt} />)
            </Typography.Text>
          ) : (
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {t('interactions.tasks.noDue')}
            </Typography.Text>
          )}
          {overdue ? (
            <Tag color="error" variant="filled" style={{ marginInlineEnd: 0 }}>
              {t('interactions.tasks.overdue')}
            </Tag>
          ) : null}
          {task.status === 'cancelled' ? <Tag style={{ marginInlineEnd: 0 }}>{t('interactions.tasks.statuses.cancelled')}</Tag> : null}
          {PRIORITY_COLORS[task.priority] ? (
            <Tag color={PRIORITY_COLORS[task.priority]} style={{ marginInlineEnd: 0 }}>
              {t(`interactions.tasks.priorities.${task.priority}`)}
            </Tag>
          ) : null}
          {task.recurrence ? (
            <Tag icon={<SyncOutlined />} style={{ marginInlineEnd: 0 }}>
              {recurrenceText(t, task.recurrence)}
            </Tag>
          ) : null}
          {task.source === 'interaction' ? <Tag style={{ marginInlineEnd: 0 }}>{t('interactions.tasks.followUp')}</Tag> : null}
        </Flex>
        {(showCustomer && task.customerId) || showOwner ? (
          <Flex gap={12} wrap style={{ fontSize: 12 }}>
            {showCustomer && task.customerId ? (
              <Link to={`/customers/${task.customerId}`} style={{ wordBreak: 'break-word' }} data-testid="task-item-customer">
                {task.customerName ?? '—'}
              </Link>
            ) : null}
            {showOwner ? (
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                <UserOutlined /> {task.ownerName ?? '—'}
              </Typography.Text>
            ) : null}
          </Flex>
        ) : null}
        {task.notes ? (
          <Typography.Paragraph
            type="secondary"
            ellipsis={{ rows: 2, expandable: 'collapsible' }}
            style={{ margin: 0, whiteSpace: 'pre-wrap' }}
          >
            {task.notes}
          </Typography.Paragraph>
        ) : null}
      </Flex>
      <Flex gap={0} style={{ flex: 'none' }}>
        {mayChange ? (
          <Button
            type="text"
            size="small"
            icon={<EditOutlined />}
            onClick={() => onEdit(task)}
            aria-label={t('common.edit')}
            data-testid="task-item-edit"
          />
        ) : null}
        {can(me, 'interactions.delete') ? (
          <Popconfirm
            title={t('interactions.tasks.confirmDelete', { title: task.title })}
            okText={t('common.delete')}
            cancelText={t('common.cancel')}
            okButtonProps={{ danger: true }}
            onConfirm={() => void remove()}
          >
            <Button
              type="text"
              size="small"
              danger
              icon={<DeleteOutlined />}
              loading={busy === `delete:${task.id}`}
              aria-label={t('common.delete')}
              data-testid="task-item-delete"
            />
          </Popconfirm>
        ) : null}
      </Flex>
    </Flex>
  );
}

/** What a task list needs from useTasks. */
export type TaskSource = {
  rows: Task[];
  isPending: boolean;
  error: unknown;
  hasNextPage: boolean;
  isFetchingNextPage: boolean;
  fetchNextPage: () => unknown;
};

type TaskListProps = {
  source: TaskSource;
  showCustomer?: boolean;
  showOwner?: boolean;
  empty: string;
  testId?: string;
};

/** Tasks one under another, with more loading as the reader scrolls, and their edit dialog. */
export function TaskList({ source, showCustomer = true, showOwner = false, empty, testId = 'task-list' }: TaskListProps) {
  const { t } = useTranslation();
  const [editingId, setEditingId] = useState<string>();
  // Read from the list, so a reload after a 412 brings the fresh version into the open form.
  const editing = source.rows.find((task) => task.id === editingId);

  if (source.error) return <Alert type="error" showIcon title={describeError(t, source.error)} />;
  if (source.isPending) return <Spin style={{ display: 'block', margin: 16 }} />;
  return (
    <div data-testid={testId}>
      {source.rows.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={empty} />
      ) : (
        source.rows.map((task) => (
          <TaskItem
            key={task.id}
            task={task}
            showCustomer={showCustomer}
            showOwner={showOwner}
            onEdit={(picked) => setEditingId(picked.id)}
          />
        ))
      )}
      <LoadMore
        hasNextPage={source.hasNextPage}
        isFetchingNextPage={source.isFetchingNextPage}
        fetchNextPage={source.fetchNextPage}
        testId={`${testId}-more`}
      />
      <TaskModal open={editing !== undefined} task={editing} onClose={() => setEditingId(undefined)} />
    </div>
  );
}
