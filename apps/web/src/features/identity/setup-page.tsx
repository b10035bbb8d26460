import { Button, Form, Input, Typography } from 'antd';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';
import type { Locale, Me } from '../../api/types';
import { emailRules, PASSWORD_MIN, requiredRule } from '../../components/form-rules';
import { LocaleSelect } from '../../components/locale-select';
import { NewPasswordFields } from '../../components/new-password-fields';
import { useFormSubmit } from '../../components/use-form-submit';
import { currentLocale, isLocale } from '../../i18n';
import { useChangeLocale } from './use-locale';
import { AuthLayout } from './auth-layout';
import { useSignedIn } from './session';

type SetupValues = {
  organisationName: string;
  name: string;
  email: string;
  password: string;
  password2: string;
  locale: Locale;
};

/** First run: the organisation and its first administrator, created together, once. */
export function SetupPage() {
  const { t, i18n } = useTranslation();
  const [form] = Form.useForm<SetupValues>();
  const signedIn = useSignedIn();
  const changeLocale = useChangeLocale();

  // The header's language switch and this form's language field are one choice.
  useEffect(() => form.setFieldValue('locale', currentLocale()), [form, i18n.language]);

  const { submit, busy } = useFormSubmit(form, async (values: SetupValues) => {
    const answer = await api.post<{ user: Me }>('/v1/setup', {
      organisationName: values.organisationName.trim(),
      name: values.name.trim(),
      email: values.email.trim(),
      password: values.password,
      locale: values.locale,
    });
    signedIn(answer.user);
  });

  return (
    <AuthLayout title={t('setup.title')}>
      <Typography.Paragraph type="secondary">{t('setup.intro')}</Typography.Paragraph>
      <Form<SetupValues>
        form={form}
        layout="vertical"
        requiredMark={false}
        initialValues={{ locale: currentLocale() }}
        onFinish={submit}
        // The organisation's language is also the one to read this form in.
        onValuesChange={(changed: Partial<SetupValues>) => {
          if (isLocale(changed.locale)) void changeLocale(changed.locale);
        }}
      >
        <Form.Item name="organisationName" label={t('setup.organisationName')} rules={[requiredRule(t)]}>
          <Input autoFocus autoComplete="organization" data-testid="setup-org" />
        </Form.Item>
        <Form.Item name="name" label={t('setup.yourName')} rules={[requiredRule(t)]}>
          <Input autoComplete="name" data-testid="setup-name" />
        </Form.Item>
        <Form.Item name="email" label={t('auth.email')} rules={emailRules(t)}>
          <Input type="email" autoComplete="username" data-testid="setup-email" />
        </Form.Item>
        <NewPasswordFields
          name="password"
          confirmName="password2"
          label={t('auth.password')}
          confirmLabel={t('setup.confirmPassword')}
          extra={t('setup.passwordHelp', { min: PASSWORD_MIN })}
          testId="setup-password"
          confirmTestId="setup-password2"
        />
        <Form.Item name="locale" label={t('setup.language')} extra={t('setup.languageHelp')}>
          <LocaleSelect testId="setup-locale" />
        </Form.Item>
        <Button type="primary" htmlType="submit" block loading={busy} data-testid="setup-submit">
          {t('setup.submit')}
        </Button>
      </Form>
    </AuthLayout>
  );
}
