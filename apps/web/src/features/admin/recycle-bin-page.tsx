import { useQueryClient } from '@tanstack/react-query';
import { Button, Select } from 'antd';
import type { TableColumnsType } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';
import { useCursorList } from '../../api/lists';
import type { TrashItem } from '../../api/types';
import { FilterBar } from '../../components/filter-bar';
import { formatDateTime } from '../../i18n/format';
import { AdminPage } from './admin-page';
import { DataTable } from '../../components/data-table';
import { ENTITY_TYPES, entityTypeLabel } from './entity-types';
import { useAction } from '../../components/use-action';

export function RecycleBinPage() {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [entityType, setEntityType] = useState<string>();
  const items = useCursorList<TrashItem>('recycle-bin', '/v1/recycle-bin', { entityType });
  const { run, busy } = useAction();

  const restore = (item: TrashItem) =>
    run(
      item.id,
      async () => {
        await api.post(`/v1/recycle-bin/${item.entityType}/${item.id}/restore`);
        // The restored record reappears in its own list, whichever that is.
        await queryClient.invalidateQueries();
      },
      t('recycleBin.restored', { name: item.label }),
    );

  const columns: TableColumnsType<TrashItem> = [
    { title: t('recycleBin.type'), key: 'type', render: (_, item) => entityTypeLabel(t, item.entityType) },
    { title: t('recycleBin.name'), dataIndex: 'label' },
    { title: t('recycleBin.deletedAt'), key: 'deletedAt', render: (_, item) => formatDateTime(item.deletedAt) },
    {
      title: t('common.actions'),
      key: 'actions',
      render: (_, item) => (
        <Button size="small" onClick={() => void restore(item)} loading={busy === item.id}>
          {t('recycleBin.restore')}
        </Button>
      ),
    },
  ];

  return (
    <AdminPage title={t('settings.pages.recycle-bin')} description={t('recycleBin.intro')}>
      <FilterBar>
        <Select
          allowClear
          value={entityType}
          onChange={setEntityType}
          placeholder={t('recycleBin.allTypes')}
          style={{ width: '100%' }}
          options={ENTITY_TYPES.map((type) => ({ value: type, label: entityTypeLabel(t, type) }))}
        />
      </FilterBar>
      <DataTable source={items} columns={columns} rowKey={(item) => `${item.entityType}:${item.id}`} testId="trash-table" />
    </AdminPage>
  );
}
