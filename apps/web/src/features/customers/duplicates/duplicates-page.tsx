import { useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Empty, Flex, Spin, Tabs } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { api } from '../../../api/client';
import { useCursorList } from '../../../api/lists';
import { describeError } from '../../../api/use-report-error';
import { useAction } from '../../../components/use-action';
import { AdminPage } from '../../admin/admin-page';
import { DuplicateGroupCard } from './duplicate-group-card';
import { DUPLICATES_KEY, type DuplicateGroup } from './duplicate-types';
import { MergeDialog } from './merge-dialog';
import { MergeHistory } from './merge-history';
import { ScanButton, ScanStatusLine } from './scan-panel';

/** The groups of likely duplicates, most certain first, each to merge or to set aside. */
function Candidates() {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const groups = useCursorList<DuplicateGroup>(DUPLICATES_KEY, '/v1/duplicates');
  // Read from the list, so the dialog closes when its group goes away (merged or dismissed meanwhile).
  const [mergingId, setMergingId] = useState<string>();
  const merging = groups.rows.find((g) => g.id === mergingId);
  const { run, busy } = useAction();
  const dismiss = (group: DuplicateGroup) =>
    run(
      group.id,
      async () => {
        await api.post(`/v1/duplicates/${group.id}/dismiss`);
        await queryClient.invalidateQueries({ queryKey: [DUPLICATES_KEY] });
      },
      t('duplicates.card.dismissed'),
    );

  let body;
  if (groups.error) {
    body = (
      <Alert
        type="error"
        showIcon
        title={describeError(t, groups.error)}
        action={
          <Button size="small" onClick={() => void groups.refetch()}>
            {t('common.retry')}
          </Button>
        }
      />
    );
  } else if (groups.isPending) {
    body = <Spin style={{ display: 'block', padding: 24 }} />;
  } else if (groups.rows.length === 0) {
    body = <Empty description={t('duplicates.empty')} data-testid="duplicates-empty" />;
  } else {
    body = (
      <Flex vertical gap={12} data-testid="duplicates-list">
        {groups.rows.map((group) => (
          <DuplicateGroupCard
            key={group.id}
            group={group}
            onMerge={() => setMergingId(group.id)}
            onDismiss={() => void dismiss(group)}
            dismissing={busy === group.id}
          />
        ))}
        {groups.hasNextPage ? (
          <Flex justify="center">
            <Button onClick={() => void groups.fetchNextPage()} loading={groups.isFetchingNextPage} data-testid="load-more">
              {t('common.loadMore')}
            </Button>
          </Flex>
        ) : null}
      </Flex>
    );
  }
  return (
    <>
      <ScanStatusLine />
      {body}
      {merging ? <MergeDialog key={merging.id} group={merging} onClose={() => setMergingId(undefined)} /> : null}
    </>
  );
}

/**
 * /customers/duplicates: scan for likely duplicates, merge or dismiss them, and look back at (and
 * undo) the merges made. The tab is in the address, so the history can be linked to.
 */
export function DuplicatesPage() {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const tab = params.get('tab') === 'history' ? 'history' : 'candidates';
  return (
    <AdminPage
      title={t('duplicates.title')}
      description={t('duplicates.intro')}
      actions={tab === 'candidates' ? <ScanButton /> : undefined}
    >
      <Tabs
        activeKey={tab}
        onChange={(key) => setParams(key === 'history' ? { tab: 'history' } : {}, { replace: true })}
        items={[
          { key: 'candidates', label: t('duplicates.tabs.candidates'), children: <Candidates /> },
          { key: 'history', label: t('duplicates.tabs.history'), children: <MergeHistory /> },
        ]}
        destroyOnHidden
      />
    </AdminPage>
  );
}
