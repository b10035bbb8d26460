import { useQueryClient } from '@tanstack/react-query';
import { Button, Card, Col, Form, Input, Row, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';
import type { Me } from '../../api/types';
import { emailRules, otpRules, requiredRule } from '../../components/form-rules';
import { LocaleSelect } from '../../components/locale-select';
import { NewPasswordFields } from '../../components/new-password-fields';
import { OtpInput } from '../../components/otp-input';
import { useFormSubmit } from '../../components/use-form-submit';
import { isLocale } from '../../i18n';
import { SessionsCard } from './sessions-card';
import { ME_KEY, useMe } from './session';
import { TwoFactorCard } from './two-factor-card';
import { useChangeLocale } from './use-locale';

/** With two-factor on, changing the password or email also asks for a current code. */
function CodeField() {
  const { t } = useTranslation();
  const me = useMe();
  if (!me.mfaEnabled) return null;
  return (
    <Form.Item name="code" label={t('twoFactor.code')} rules={otpRules(t)}>
      <OtpInput />
    </Form.Item>
  );
}

function ProfileCard() {
  const { t } = useTranslation();
  const me = useMe();
  const queryClient = useQueryClient();
  const changeLocale = useChangeLocale();
  const [form] = Form.useForm<{ name: string; locale: string | null }>();
  const { submit, busy } = useFormSubmit(
    form,
    async (values: { name: string; locale: string | null }) => {
      queryClient.setQueryData(
        ME_KEY,
        await api.patch<Me>('/v1/users/me', { name: values.name.trim(), locale: values.locale }, me.version),
      );
      if (isLocale(values.locale)) await changeLocale(values.locale);
    },
    { success: t('common.saved') },
  );
  return (
    <Card title={t('account.profile')}>
      <Form form={form} layout="vertical" initialValues={{ name: me.name, locale: me.locale }} onFinish={submit}>
        <Form.Item name="name" label={t('account.name')} rules={[requiredRule(t)]}>
          <Input autoComplete="name" />
        </Form.Item>
        <Form.Item name="locale" label={t('account.locale')} extra={t('account.localeHelp')}>
          <LocaleSelect placeholder={t('account.localeBrowser')} />
        </Form.Item>
        <Button type="primary" htmlType="submit" loading={busy}>
          {t('common.save')}
        </Button>
      </Form>
    </Card>
  );
}

type EmailValues = { email: string; currentPassword: string; code?: string };

function EmailCard() {
  const { t } = useTranslation();
  const me = useMe();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<EmailValues>();
  const { submit, busy } = useFormSubmit(
    form,
    async (values: EmailValues) => {
      queryClient.setQueryData(ME_KEY, await api.post<Me>('/v1/users/me/email', { ...values, email: values.email.trim() }));
    },
    { success: t('account.emailChanged'), reset: true },
  );
  return (
    <Card title={t('account.email')}>
      <Typography.Paragraph>
        {t('account.currentEmail')} <Typography.Text strong>{me.email}</Typography.Text>
      </Typography.Paragraph>
      <Form form={form} layout="vertical" onFinish={submit}>
        <Form.Item name="email" label={t('account.newEmail')} rules={emailRules(t)}>
          <Input type="email" autoComplete="email" />
        </Form.Item>
        <Form.Item name="currentPassword" label={t('account.currentPassword')} rules={[requiredRule(t)]}>
          <Input.Password autoComplete="current-password" />
        </Form.Item>
        <CodeField />
        <Button type="primary" htmlType="submit" loading={busy}>
          {t('account.changeEmail')}
        </Button>
      </Form>
    </Card>
  );
}

type PasswordValues = { currentPassword: string; newPassword: string; confirm: string; code?: string };

function PasswordCard() {
  const { t } = useTranslation();
  const [form] = Form.useForm<PasswordValues>();
  const { submit, busy } = useFormSubmit(
    form,
    (values: PasswordValues) =>
      api.post('/v1/users/me/password', { currentPassword: values.currentPassword, newPassword: values.newPassword, code: values.code }),
    { success: t('account.passwordChanged'), reset: true },
  );
  return (
    <Card title={t('account.password')}>
      <Form form={form} layout="vertical" onFinish={submit}>
        <Form.Item name="currentPassword" label={t('account.currentPassword')} rules={[requiredRule(t)]}>
          <Input.Password autoComplete="current-password" />
        </Form.Item>
        <NewPasswordFields />
        <CodeField />
        <Button type="primary" htmlType="submit" loading={busy}>
          {t('account.changePassword')}
        </Button>
      </Form>
    </Card>
  );
}

export function AccountPage() {
  const { t } = useTranslation();
  return (
    <div style={{ maxWidth: 1100 }}>
      <Typography.Title level={3} style={{ marginTop: 0 }}>
        {t('account.title')}
      </Typography.Title>
      <Row gutter={[16, 16]}>
        <Col xs={24} lg={12}>
          <ProfileCard />
        </Col>
        <Col xs={24} lg={12}>
          <TwoFactorCard />
        </Col>
        <Col xs={24} lg={12}>
          <EmailCard />
        </Col>
        <Col xs={24} lg={12}>
          <PasswordCard />
        </Col>
        <Col xs={24}>
          <SessionsCard />
        </Col>
      </Row>
    </div>
  );
}
