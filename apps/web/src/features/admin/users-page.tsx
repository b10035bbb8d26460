import { PlusOutlined } from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import { App, Button, Flex, Form, Input, Select, Space, Tag, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';
import { useCursorList } from '../../api/lists';
import type { User, UserStatus } from '../../api/types';
import { FilterBar } from '../../components/filter-bar';
import { FormModal } from '../../components/form-modal';
import { ConfirmLinkButton } from '../../components/confirm-link-button';
import { blankToNull, dropNulls, emailRules, newPasswordRules, requiredRule } from '../../components/form-rules';
import { LocaleSelect } from '../../components/locale-select';
import { NewPasswordFields } from '../../components/new-password-fields';
import { useDebouncedValue } from '../../components/use-debounced-value';
import { formatDateTime } from '../../i18n/format';
import { AdminPage } from './admin-page';
import { roleLabel, useOrgUnits, useRoles } from './admin-queries';
import { DataTable } from '../../components/data-table';
import { OrgUnitSelect } from './org-unit-select';
import { UserName, UserSelect } from './user-select';
import { useAction } from '../../components/use-action';

type UserFormValues = {
  name: string;
  email: string;
  password?: string;
  roleIds: string[];
  orgUnitId?: string | null;
  managerId?: string | null;
  locale?: string | null;
  phone?: string | null;
  extension?: string | null;
};

/** The fields of a user, shared by "new user" and "edit user"; only a new user gets a password here. */
function UserFields({ editing }: { editing?: User }) {
  const { t } = useTranslation();
  const roles = useRoles();
  return (
    <>
      <Form.Item name="name" label={t('users.name')} rules={[requiredRule(t)]}>
        <Input autoComplete="off" />
      </Form.Item>
      <Form.Item name="email" label={t('users.email')} rules={emailRules(t)}>
        <Input type="email" autoComplete="off" />
      </Form.Item>
      {editing ? null : (
        <Form.Item name="password" label={t('users.initialPassword')} rules={newPasswordRules(t)} extra={t('users.initialPasswordHelp')}>
          <Input.Password autoComplete="new-password" />
        </Form.Item>
      )}
      <Form.Item name="roleIds" label={t('users.roles')}>
        <Select
          mode="multiple"
          loading={roles.isPending}
          options={roles.rows.map((r) => ({ value: r.id, label: roleLabel(t, r) }))}
          showSearch={{ optionFilterProp: 'label' }}
        />
      </Form.Item>
      <Form.Item name="orgUnitId" label={t('users.orgUnit')}>
        <OrgUnitSelect />
      </Form.Item>
      <Form.Item name="managerId" label={t('users.manager')}>
        <UserSelect excludeId={editing?.id} />
      </Form.Item>
      <Form.Item name="locale" label={t('users.locale')}>
        <LocaleSelect placeholder={t('users.localeDefault')} />
      </Form.Item>
      <Form.Item name="phone" label={t('users.phone')}>
        <Input type="tel" autoComplete="off" />
      </Form.Item>
      <Form.Item name="extension" label={t('users.extension')} extra={t('users.extensionHelp')}>
        <Input autoComplete="off" />
      </Form.Item>
    </>
  );
}

function toBody(values: UserFormValues) {
  return {
    name: values.name.trim(),
    email: values.email.trim(),
    roleIds: values.roleIds ?? [],
    orgUnitId: values.orgUnitId ?? null,
    managerId: values.managerId ?? null,
    locale: values.locale ?? null,
    phone: blankToNull(values.phone),
    extension: blankToNull(values.extension),
  };
}

export function UsersPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [search, setSearch] = useState('');
  const [status, setStatus] = useState<UserStatus | undefined>();
  const [roleId, setRoleId] = useState<string | undefined>();
  const [orgUnitId, setOrgUnitId] = useState<string | null>(null);
  const q = useDebouncedValue(search.trim());
  const list = useCursorList<User>('users', '/v1/users', { q, status, roleId, orgUnitId });
  const roles = useRoles();
  const units = useOrgUnits();
  const [creating, setCreating] = useState(false);
  // The user being edited is read from the list, so a reload after a 412 brings the fresh version in.
  const [editingId, setEditingId] = useState<string>();
  const editing = list.rows.find((u) => u.id === editingId);
  const [resetting, setResetting] = useState<User>();

  const roleById = useMemo(() => new Map(roles.rows.map((r) => [r.id, r])), [roles.rows]);
  const unitById = useMemo(() => new Map(units.rows.map((u) => [u.id, u])), [units.rows]);
  const refresh = () => queryClient.invalidateQueries({ queryKey: ['users'] });

  const { run } = useAction();
  const setUserStatus = (user: User, next: UserStatus) =>
    run(
      user.id,
      async () => {
        await api.patch(`/v1/users/${user.id}`, { status: next }, user.version);
        await refresh();
      },
      next === 'active' ? t('users.enabled') : t('users.disabled'),
    );

  const columns: TableColumnsType<User> = [
    {
      title: t('users.name'),
      key: 'name',
      render: (_, u) => (
        <div>
          <div>{u.name}</div>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {u.email}
          </Typography.Text>
        </div>
      ),
    },
    {
      title: t('users.roles'),
      key: 'roles',
      render: (_, u) => (
        <Flex gap={4} wrap>
          {u.roleIds.map((id) => {
            const role = roleById.get(id);
            return <Tag key={id}>{role ? roleLabel(t, role) : '…'}</Tag>;
          })}
        </Flex>
      ),
    },
    { title: t('users.orgUnit'), key: 'orgUnit', render: (_, u) => (u.orgUnitId ? (unitById.get(u.orgUnitId)?.name ?? '…') : '—') },
    { title: t('users.manager'), key: 'manager', render: (_, u) => <UserName id={u.managerId} /> },
    {
      title: t('users.status'),
      key: 'status',
      render: (_, u) =>
        u.status === 'active' ? <Tag color="green">{t('users.statusActive')}</Tag> : <Tag>{t('users.statusDisabled')}</Tag>,
    },
    {
      title: t('users.mfa'),
      key: 'mfa',
      render: (_, u) => (u.mfaEnabled ? <Tag color="blue">{t('common.on')}</Tag> : <Tag>{t('common.off')}</Tag>),
    },
    { title: t('users.lastLogin'), key: 'lastLogin', render: (_, u) => formatDateTime(u.lastLoginAt) },
    {
      title: t('common.actions'),
      key: 'actions',
      render: (_, u) => (
        <Space size={0} wrap>
          <Button type="link" size="small" onClick={() => setEditingId(u.id)}>
            {t('common.edit')}
          </Button>
          <Button type="link" size="small" onClick={() => setResetting(u)}>
            {t('users.resetPassword')}
          </Button>
          {u.status === 'active' ? (
            <ConfirmLinkButton
              title={t('users.confirmDisable', { name: u.name })}
              label={t('users.disable')}
              okDanger={false}
              onConfirm={() => void setUserStatus(u, 'disabled')}
            />
          ) : (
            <Button type="link" size="small" onClick={() => void setUserStatus(u, 'active')}>
              {t('users.enable')}
            </Button>
          )}
        </Space>
      ),
    },
  ];

  return (
    <AdminPage
      title={t('settings.pages.users')}
      description={t('users.intro')}
      actions={
        <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)} data-testid="user-new">
          {t('users.new')}
        </Button>
      }
    >
      <FilterBar>
        <Input.Search
          allowClear
          value={search}
          onChange={(e) => setSearch(e.target.value)}
          placeholder={t('users.searchPlaceholder')}
          data-testid="user-search"
        />
        <Select
          allowClear
          value={status}
          onChange={setStatus}
          placeholder={t('users.filterStatus')}
          style={{ width: '100%' }}
          options={[
            { value: 'active', label: t('users.statusActive') },
            { value: 'disabled', label: t('users.statusDisabled') },
          ]}
        />
        <Select
          allowClear
          value={roleId}
          onChange={setRoleId}
          placeholder={t('users.filterRole')}
          style={{ width: '100%' }}
          options={roles.rows.map((r) => ({ value: r.id, label: roleLabel(t, r) }))}
        />
        <OrgUnitSelect value={orgUnitId} onChange={setOrgUnitId} placeholder={t('users.filterOrgUnit')} />
      </FilterBar>
      <DataTable source={list} columns={columns} rowKey="id" testId="users-table" />

      <FormModal<UserFormValues>
        open={creating}
        title={t('users.new')}
        okText={t('common.create')}
        initialValues={{ roleIds: [] }}
        onClose={() => setCreating(false)}
        onSubmit={async (values) => {
          await api.post('/v1/users', { ...dropNulls(toBody(values)), password: values.password });
          void message.success(t('users.created'));
          await refresh();
        }}
      >
        <UserFields />
      </FormModal>

      <FormModal<UserFormValues>
        key={editing ? `${editing.id}:${editing.version}` : 'edit'}
        open={editing !== undefined}
        title={t('users.edit')}
        initialValues={editing}
        onClose={() => setEditingId(undefined)}
        onSubmit={async (values) => {
          if (!editing) return;
          await api.patch(`/v1/users/${editing.id}`, toBody(values), editing.version);
          void message.success(t('common.saved'));
          await refresh();
        }}
      >
        <UserFields editing={editing} />
      </FormModal>

      <FormModal<{ newPassword: string; confirm: string }>
        open={resetting !== undefined}
        title={t('users.resetPasswordFor', { name: resetting?.name })}
        okText={t('users.resetPassword')}
        onClose={() => setResetting(undefined)}
        onSubmit={async ({ newPassword }) => {
          if (!resetting) return;
          await api.post(`/v1/users/${resetting.id}/password`, { newPassword });
          void message.success(t('users.passwordReset'));
        }}
      >
        <Typography.Paragraph type="secondary">{t('users.resetPasswordHelp')}</Typography.Paragraph>
        <NewPasswordFields />
      </FormModal>
    </AdminPage>
  );
}
