import { Flex, Tag, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useCursorList } from '../../../api/lists';
import { ConfirmLinkButton } from '../../../components/confirm-link-button';
import { DataTable } from '../../../components/data-table';
import { useAction } from '../../../components/use-action';
import { formatDateTime } from '../../../i18n/format';
import { AdminPage } from '../../admin/admin-page';
import { useCustomer } from '../customer-queries';
import { MERGES_KEY, type Merge } from './duplicate-types';
import { useUndoMerge } from './use-undo-merge';

/** A customer of a merge by code and name; a merged record that is gone shows as such. */
function CustomerRef({ id }: { id: string }) {
  const { t } = useTranslation();
  const customer = useCustomer(id);
  if (customer.data) {
    return (
      <Link to={`/customers/${id}`} style={{ wordBreak: 'break-word' }}>
        {customer.data.code} · {customer.data.name}
      </Link>
    );
  }
  if (customer.error) return <Typography.Text type="secondary">{t('duplicates.history.gone')}</Typography.Text>;
  return <>…</>;
}

/** What moved to the survivor, by kind: contacts, history, … */
function Moved({ moved }: { moved: Record<string, number> }) {
  const { t } = useTranslation();
  const entries = Object.entries(moved).filter(([, count]) => count > 0);
  if (entries.length === 0) return <>—</>;
  return (
    <Flex gap={4} wrap>
      {entries.map(([kind, count]) => (
        <Tag key={kind}>
          {t(`duplicates.moved.${kind}`, { defaultValue: kind })} {count}
        </Tag>
      ))}
    </Flex>
  );
}

/** The merges made so far, newest first, each undoable once. */
export function MergeHistory() {
  const { t } = useTranslation();
  const merges = useCursorList<Merge>(MERGES_KEY, '/v1/merges');
  const undoMerge = useUndoMerge();
  const { run, busy } = useAction();
  const undo = (merge: Merge) => run(merge.id, () => undoMerge(merge));

  const columns: TableColumnsType<Merge> = [
    {
      title: t('duplicates.history.at'),
      key: 'at',
      render: (_, m) => <span style={{ whiteSpace: 'nowrap' }}>{formatDateTime(m.at)}</span>,
    },
    { title: t('duplicates.history.survivor'), key: 'survivor', render: (_, m) => <CustomerRef id={m.survivorId} /> },
    {
      title: t('duplicates.history.merged'),
      key: 'merged',
      render: (_, m) => (
        <Flex vertical gap={2}>
          {m.mergedIds.map((id) => (
            <CustomerRef key={id} id={id} />
          ))}
        </Flex>
      ),
    },
    { title: t('duplicates.history.moved'), key: 'moved', render: (_, m) => <Moved moved={m.moved} /> },
    { title: t('duplicates.history.by'), key: 'by', render: (_, m) => m.actorLabel ?? '—' },
    {
      title: t('common.actions'),
      key: 'actions',
      render: (_, m) =>
        m.undoneAt ? (
          <Tag>{t('duplicates.history.undoneAt', { at: formatDateTime(m.undoneAt) })}</Tag>
        ) : busy === m.id ? (
          <Typography.Text type="secondary">…</Typography.Text>
        ) : (
          <ConfirmLinkButton
            title={t('duplicates.history.confirmUndo')}
            label={t('duplicates.history.undo')}
            okDanger={false}
            onConfirm={() => void undo(m)}
          />
        ),
    },
  ];
  return <DataTable source={merges} columns={columns} rowKey="id" testId="merges-table" />;
}

/** The merge history as a page of its own (/customers/merges), for links from elsewhere. */
export function MergesPage() {
  const { t } = useTranslation();
  return (
    <AdminPage title={t('duplicates.history.title')} description={t('duplicates.history.intro')}>
      <MergeHistory />
    </AdminPage>
  );
}
