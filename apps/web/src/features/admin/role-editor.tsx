import { Alert, Button, Checkbox, Drawer, Flex, Form, Input, Select, Skeleton, Switch, Tag, theme, Typography } from 'antd';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';
import { SCOPES, type Grant, type PermissionInfo, type Role, type Scope } from '../../api/types';
import { describeError } from '../../api/use-report-error';
import { blankToNull, requiredRule } from '../../components/form-rules';
import { useFormSubmit } from '../../components/use-form-submit';
import { useIsMobile } from '../shell/use-is-mobile';
import { usePermissionCatalogue } from './admin-queries';

/** A scoped permission holds its scope; an all-or-nothing one holds true; no access is absent. */
type GrantValue = Scope | boolean | undefined;
type RoleFormValues = { name: string; description?: string; requireMfa: boolean; grants: Record<string, GrantValue> };

/** The catalogue grouped by module, in the catalogue's order. */
function byModule(catalogue: PermissionInfo[]): [string, PermissionInfo[]][] {
  const groups = new Map<string, PermissionInfo[]>();
  for (const p of catalogue) groups.set(p.module, [...(groups.get(p.module) ?? []), p]);
  return [...groups];
}

function toFormValues(role: Role | undefined, catalogue: PermissionInfo[]): RoleFormValues {
  const scopedness = new Map(catalogue.map((p) => [p.permission, p.scoped]));
  const grants: Record<string, GrantValue> = {};
  for (const grant of role?.permissions ?? []) grants[grant.permission] = scopedness.get(grant.permission) ? grant.scope : true;
  return { name: role?.name ?? '', description: role?.description ?? '', requireMfa: role?.requireMfa ?? false, grants };
}

function toGrants(grants: Record<string, GrantValue>): Grant[] {
  return Object.entries(grants).flatMap(([permission, value]): Grant[] => {
    if (value === true) return [{ permission, scope: 'all' }];
    return typeof value === 'string' ? [{ permission, scope: value }] : [];
  });
}

type RoleEditorProps = {
  /** The role to edit; undefined to create one. */
  role: Role | undefined;
  open: boolean;
  onClose: () => void;
  onSaved: () => Promise<unknown>;
};

/** Name, two-factor rule and the permission matrix of a role. The administrator role is shown read-only. */
export function RoleEditor({ role, open, onClose, onSaved }: RoleEditorProps) {
  const { t } = useTranslation();
  const mobile = useIsMobile();
  const { token } = theme.useToken();
  const [form] = Form.useForm<RoleFormValues>();
  const catalogue = usePermissionCatalogue();
  const modules = useMemo(() => byModule(catalogue.data?.data ?? []), [catalogue.data]);
  const locked = role?.key === 'admin';

  const { submit, busy } = useFormSubmit(
    form,
    async (values: RoleFormValues) => {
      const body = {
        name: values.name.trim(),
        description: blankToNull(values.description),
        requireMfa: values.requireMfa,
        permissions: toGrants(values.grants ?? {}),
      };
      if (role) await api.patch(`/v1/roles/${role.id}`, body, role.version);
      else await api.post('/v1/roles', body);
      await onSaved();
      onClose();
    },
    { success: t('common.saved') },
  );

  const scopeOptions = [{ value: '', label: t('roles.noAccess') }, ...SCOPES.map((s) => ({ value: s, label: t(`roles.scopes.${s}`) }))];

  /** A scoped permission picks its scope (or none); an all-or-nothing one is a checkbox. */
  const control = (p: PermissionInfo) =>
    p.scoped ? (
      <Form.Item
        name={['grants', p.permission]}
        noStyle
        // "No access" is the empty option; the form keeps it as undefined.
        getValueProps={(value: GrantValue) => ({ value: typeof value === 'string' ? value : '' })}
        normalize={(value: string) => (value === '' ? undefined : value)}
      >
        <Select options={scopeOptions} style={{ width: 130 }} aria-label={p.permission} />
      </Form.Item>
    ) : (
      <Form.Item name={['grants', p.permission]} valuePropName="checked" noStyle>
        <Checkbox aria-label={p.permission} />
      </Form.Item>
    );

  return (
    <Drawer
      open={open}
      onClose={onClose}
      size={mobile ? '100%' : 760}
      title={role ? (locked ? t('roles.view') : t('roles.edit')) : t('roles.new')}
      destroyOnHidden
      footer={
        locked ? null : (
          <Flex justify="flex-end" gap={8}>
            <Button onClick={onClose}>{t('common.cancel')}</Button>
            <Button type="primary" loading={busy} onClick={() => form.submit()} data-testid="role-save">
              {t('common.save')}
            </Button>
          </Flex>
        )
      }
    >
      {catalogue.error ? (
        <Alert type="error" showIcon title={describeError(t, catalogue.error)} />
      ) : catalogue.data ? (
        <Form<RoleFormValues>
          form={form}
          layout="vertical"
          initialValues={toFormValues(role, catalogue.data.data)}
          onFinish={submit}
          disabled={locked}
        >
          {locked ? <Alert type="info" showIcon title={t('roles.adminLocked')} style={{ marginBottom: 16 }} /> : null}
          <Form.Item
            name="name"
            label={t('roles.name')}
            rules={[requiredRule(t)]}
            extra={role?.builtin ? t('roles.builtinNameFixed') : undefined}
          >
            <Input disabled={role?.builtin} />
          </Form.Item>
          <Form.Item name="description" label={t('roles.description')}>
            <Input.TextArea autoSize={{ minRows: 1, maxRows: 4 }} />
          </Form.Item>
          <Form.Item name="requireMfa" label={t('roles.requireMfa')} valuePropName="checked" extra={t('roles.requireMfaHelp')}>
            <Switch />
          </Form.Item>
          <Form.Item label={t('roles.permissions')} extra={t('roles.scopesHelp')}>
            <Flex vertical gap={16} data-testid="permission-matrix">
              {modules.map(([module, permissions]) => (
                <div key={module}>
                  <Typography.Text strong>{t(`roles.modules.${module}`, { defaultValue: module })}</Typography.Text>
                  {permissions.map((p) => (
                    <Flex
                      key={p.permission}
                      justify="space-between"
                      align="center"
                      gap={8}
                      style={{ padding: '6px 0', borderBottom: `1px solid ${token.colorBorderSecondary}` }}
                    >
                      <span>
                        {t(`roles.actions.${p.action}`, { defaultValue: p.action })}{' '}
                        {p.sensitive ? <Tag color="orange">{t('roles.sensitive')}</Tag> : null}
                      </span>
                      {control(p)}
                    </Flex>
                  ))}
                </div>
              ))}
            </Flex>
          </Form.Item>
        </Form>
      ) : (
        <Skeleton active />
      )}
    </Drawer>
  );
}
