import { PlusOutlined } from '@ant-design/icons';
import { Button, Flex, Result, Segmented, Select, theme } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { AdminPage } from '../admin/admin-page';
import { can, useMe } from '../identity/session';
import { useIsMobile } from '../shell/use-is-mobile';
import { useTasks } from './interaction-queries';
import { TaskList } from './task-list';
import { TaskModal } from './task-modal';

const OWNERS = ['me', 'team'] as const;
const STATUSES = ['open', 'done'] as const;
const DUES = ['all', 'overdue', 'today', 'week', 'none'] as const;
type Owner = (typeof OWNERS)[number];
type Status = (typeof STATUSES)[number];
type Due = (typeof DUES)[number];

const pick = <T extends string>(list: readonly T[], value: string | null, fallback: T): T =>
  (list as readonly string[]).includes(value ?? '') ? (value as T) : fallback;

/** "Today" and "this week" are the reader's, wherever the organisation is. */
const timeZone = (() => {
  try {
    return Intl.DateTimeFormat().resolvedOptions().timeZone;
  } catch {
    return undefined;
  }
})();

/**
 * /tasks: the follow-ups and to-dos (INT-3), mine or my team's, open or done, by due date. The
 * choices live in the address, so a bookmark or a link to a colleague opens the same list.
 */
export function TasksPage() {
  const { t } = useTranslation();
  const me = useMe();
  const mobile = useIsMobile();
  const { token } = theme.useToken();
  const [params, setParams] = useSearchParams();
  const owner = pick<Owner>(OWNERS, params.get('owner'), 'me');
  const status = pick<Status>(STATUSES, params.get('status'), 'open');
  const due = pick<Due>(DUES, params.get('due'), 'all');
  const [creating, setCreating] = useState(false);
  const tasks = useTasks({ owner, status, due: due === 'all' ? undefined : due, tz: timeZone }, can(me, 'interactions.read'));

  const choose = (key: string, value: string, fallback: string) =>
    setParams(
      (current) => {
        const next = new URLSearchParams(current);
        if (value === fallback) next.delete(key);
        else next.set(key, value);
        return next;
      },
      { replace: true },
    );

  if (!can(me, 'interactions.read')) {
    return <Result status="403" title={t('interactions.tasks.title')} subTitle={t('errors.permission_denied')} />;
  }

  return (
    <AdminPage
      title={t('interactions.tasks.title')}
      description={t('interactions.tasks.intro')}
      actions={
        can(me, 'interactions.create') ? (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)} data-testid="task-new">
            {t('interactions.tasks.new')}
          </Button>
        ) : null
      }
    >
      <Flex gap={8} wrap align="center" style={{ marginBottom: 12 }}>
        <Segmented<Owner>
          value={owner}
          onChange={(v) => choose('owner', v, 'me')}
          options={OWNERS.map((o) => ({ value: o, label: t(`interactions.tasks.owners.${o}`) }))}
          data-testid="tasks-owner"
        />
        <Segmented<Status>
          value={status}
          onChange={(v) => choose('status', v, 'open')}
          options={STATUSES.map((s) => ({ value: s, label: t(`interactions.tasks.statuses.${s}`) }))}
          data-testid="tasks-status"
        />
        <Select<Due>
          value={due}
          onChange={(v) => choose('due', v, 'all')}
          options={DUES.map((d) => ({ value: d, label: t(`interactions.tasks.due.${d}`) }))}
          style={{ width: mobile ? '100%' : 160 }}
          data-testid="tasks-due"
        />
      </Flex>
      <div style={{ borderTop: `1px solid ${token.colorBorderSecondary}`, marginInline: mobile ? -12 : undefined }}>
        <TaskList
          source={tasks}
          showOwner={owner === 'team'}
          empty={status === 'open' && due === 'all' ? t('interactions.tasks.noneOpen') : t('interactions.tasks.none')}
          testId="tasks"
        />
      </div>
      <TaskModal open={creating} onClose={() => setCreating(false)} />
    </AdminPage>
  );
}
