import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Form, Input, Select, Skeleton, Switch } from 'antd';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';
import type { Tenant } from '../../api/types';
import { describeError } from '../../api/use-report-error';
import { requiredRule } from '../../components/form-rules';
import { LocaleSelect } from '../../components/locale-select';
import { useFormSubmit } from '../../components/use-form-submit';
import { ME_KEY } from '../identity/session';
import { AdminPage } from './admin-page';

type TenantFormValues = Pick<Tenant, 'name' | 'defaultLocale' | 'allowPrivateWebhookUrls' | 'defaultPhoneRegion'>;

/** Regions offered first for local phone numbers; any other two-letter code can be typed through the API. */
const PHONE_REGIONS = ['CN', 'TW', 'HK', 'MO', 'SG', 'MY', 'JP', 'KR', 'US', 'GB', 'DE', 'FR', 'AU', 'CA'];

function PhoneRegionSelect(props: { value?: string; onChange?: (value: string) => void }) {
  const { i18n } = useTranslation();
  const names = new Intl.DisplayNames([i18n.language], { type: 'region' });
  return (
    <Select
      {...props}
      showSearch={{ optionFilterProp: 'label' }}
      data-testid="tenant-phone-region"
      options={PHONE_REGIONS.map((code) => ({ value: code, label: `${names.of(code) ?? code} (${code})` }))}
    />
  );
}

function TenantForm({ tenant }: { tenant: Tenant }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<TenantFormValues>();
  const { submit, busy } = useFormSubmit(
    form,
    async (values: TenantFormValues) => {
      await api.patch('/v1/tenant', { ...values, name: values.name.trim() }, tenant.version);
      // The organisation's name and phone region also come with the signed-in user's record.
      await queryClient.invalidateQueries({ queryKey: ['tenant'] });
      await queryClient.invalidateQueries({ queryKey: ME_KEY });
    },
    { success: t('common.saved') },
  );

  return (
    <Form<TenantFormValues> form={form} layout="vertical" initialValues={tenant} onFinish={submit} style={{ maxWidth: 560 }}>
      <Form.Item name="name" label={t('tenant.name')} rules={[requiredRule(t)]}>
        <Input />
      </Form.Item>
      <Form.Item label={t('tenant.slug')} extra={t('tenant.slugHelp')}>
        <Input value={tenant.slug} disabled />
      </Form.Item>
      <Form.Item name="defaultLocale" label={t('tenant.defaultLocale')} extra={t('tenant.defaultLocaleHelp')}>
        <LocaleSelect />
      </Form.Item>
      <Form.Item name="defaultPhoneRegion" label={t('tenant.defaultPhoneRegion')} extra={t('tenant.defaultPhoneRegionHelp')}>
        <PhoneRegionSelect />
      </Form.Item>
      <Form.Item
        name="allowPrivateWebhookUrls"
        label={t('tenant.allowPrivateWebhookUrls')}
        valuePropName="checked"
        extra={t('tenant.allowPrivateWebhookUrlsHelp')}
      >
        <Switch />
      </Form.Item>
      <Button type="primary" htmlType="submit" loading={busy} data-testid="tenant-save">
        {t('common.save')}
      </Button>
    </Form>
  );
}

export function TenantSettingsPage() {
  const { t } = useTranslation();
  const tenant = useQuery({ queryKey: ['tenant'], queryFn: ({ signal }) => api.get<Tenant>('/v1/tenant', undefined, signal) });
  return (
    <AdminPage title={t('settings.pages.organisation')} description={t('tenant.intro')}>
      {tenant.error ? (
        <Alert type="error" showIcon title={describeError(t, tenant.error)} />
      ) : tenant.data ? (
        <TenantForm key={tenant.data.version} tenant={tenant.data} />
      ) : (
        <Skeleton active />
      )}
    </AdminPage>
  );
}
