import { PlusOutlined } from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import { Button, Space, Tag, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';
import type { Role } from '../../api/types';
import { AdminPage } from './admin-page';
import { roleLabel, useRoles } from './admin-queries';
import { ConfirmLinkButton } from '../../components/confirm-link-button';
import { DataTable } from '../../components/data-table';
import { RoleEditor } from './role-editor';
import { useAction } from '../../components/use-action';

export function RolesPage() {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const roles = useRoles();
  // undefined: editor closed; null: a new role; an id: editing that role. The role itself is read
  // from the list, so a reload after someone else's change (412) brings the fresh version in.
  const [editingId, setEditingId] = useState<string | null>();
  const editing = roles.rows.find((r) => r.id === editingId);
  const refresh = () => queryClient.invalidateQueries({ queryKey: ['roles'] });

  const { run } = useAction();
  const remove = (role: Role) =>
    run(
      role.id,
      async () => {
        await api.delete(`/v1/roles/${role.id}`, role.version);
        await refresh();
      },
      t('common.deleted'),
    );

  const columns: TableColumnsType<Role> = [
    {
      title: t('roles.name'),
      key: 'name',
      render: (_, role) => (
        <Space wrap>
          {roleLabel(t, role)}
          {role.builtin ? <Tag color="blue">{t('roles.builtin')}</Tag> : null}
        </Space>
      ),
    },
    {
      title: t('roles.description'),
      key: 'description',
      render: (_, role) => <Typography.Text type="secondary">{role.description || '—'}</Typography.Text>,
    },
    { title: t('roles.permissions'), key: 'count', render: (_, role) => t('roles.permissionCount', { count: role.permissions.length }) },
    {
      title: t('roles.requireMfa'),
      key: 'mfa',
      render: (_, role) => (role.requireMfa ? <Tag color="blue">{t('common.yes')}</Tag> : t('common.no')),
    },
    {
      title: t('common.actions'),
      key: 'actions',
      render: (_, role) => (
        <Space size={0}>
          <Button type="link" size="small" onClick={() => setEditingId(role.id)}>
            {role.key === 'admin' ? t('common.view') : t('common.edit')}
          </Button>
          {role.builtin ? null : (
            <ConfirmLinkButton
              title={t('roles.confirmDelete', { name: role.name })}
              label={t('common.delete')}
              onConfirm={() => void remove(role)}
            />
          )}
        </Space>
      ),
    },
  ];

  return (
    <AdminPage
      title={t('settings.pages.roles')}
      description={t('roles.intro')}
      actions={
        <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditingId(null)} data-testid="role-new">
          {t('roles.new')}
        </Button>
      }
    >
      <DataTable source={roles} columns={columns} rowKey="id" testId="roles-table" />
      <RoleEditor
        // A fresh editor per role and version, so the form starts from that role's latest values.
        key={editing ? `${editing.id}:${editing.version}` : 'new'}
        role={editing}
        open={editingId !== undefined}
        onClose={() => setEditingId(undefined)}
        onSaved={refresh}
      />
    </AdminPage>
  );
}
