import { Alert, Button, Form, Input, Select, Space, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, ApiError, request } from '../../api/client';
import type { LoginAnswer, Me } from '../../api/types';
import { describeError } from '../../api/use-report-error';
import { emailRules, otpRules, requiredRule } from '../../components/form-rules';
import { OtpInput } from '../../components/otp-input';
import { useAction } from '../../components/use-action';
import { useFormSubmit } from '../../components/use-form-submit';
import { AuthLayout } from './auth-layout';
import { useSignedIn } from './session';
import { type MfaSecret, TwoFactorSetup } from './two-factor-setup';

type Credentials = { email: string; password: string; tenant?: string };

/**
 * Sign-in moves through up to three steps: credentials; then either the authenticator code, or
 * (when the user's role demands two-factor and they have none yet) enrolling an authenticator.
 * The password stays in memory for the enrolment step only, which needs it to start.
 */
type Step = { step: 'credentials' } | { step: 'code' } | { step: 'enrol'; credentials: Credentials };

function CredentialsStep({ onAnswer }: { onAnswer: (answer: LoginAnswer, credentials: Credentials) => void }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<Credentials>();
  const [failure, setFailure] = useState<string>();
  // Set when the same email and password open accounts in several organisations.
  const [tenants, setTenants] = useState<string[]>();
  const { submit, busy } = useFormSubmit(form, async (credentials: Credentials) => {
    setFailure(undefined);
    try {
      onAnswer(await api.post<LoginAnswer>('/v1/auth/login', credentials), credentials);
    } catch (err) {
      if (!(err instanceof ApiError)) throw err;
      const choices = err.problem.tenants;
      if (err.status === 409 && Array.isArray(choices)) setTenants(choices.map(String));
      else if (err.status !== 401 && err.status !== 429) throw err;
      // Wrong credentials, throttling and the choice of organisation are answers to keep beside the form, not passing toasts.
      setFailure(describeError(t, err));
    }
  });

  return (
    <Form<Credentials> form={form} layout="vertical" onFinish={submit} requiredMark={false}>
      {failure ? <Alert type="error" showIcon title={failure} style={{ marginBottom: 16 }} data-testid="login-error" /> : null}
      <Form.Item name="email" label={t('auth.email')} rules={emailRules(t)}>
        <Input type="email" autoComplete="username" autoFocus data-testid="login-email" />
      </Form.Item>
      <Form.Item name="password" label={t('auth.password')} rules={[requiredRule(t)]}>
        <Input.Password autoComplete="current-password" data-testid="login-password" />
      </Form.Item>
      {tenants ? (
        <Form.Item name="tenant" label={t('auth.tenant')} rules={[{ required: true, message: t('validation.required') }]}>
          <Select options={tenants.map((slug) => ({ value: slug, label: slug }))} data-testid="login-tenant" />
        </Form.Item>
      ) : null}
      <Button type="primary" htmlType="submit" block loading={busy} data-testid="login-submit">
        {t('auth.signIn')}
      </Button>
    </Form>
  );
}

function CodeStep({ onSignedIn, onBack }: { onSignedIn: (user: Me) => void; onBack: () => void }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<{ code: string }>();
  const { submit, busy } = useFormSubmit(form, async ({ code }: { code: string }) => {
    try {
      onSignedIn((await api.post<{ user: Me }>('/v1/auth/mfa', { code })).user);
    } catch (err) {
      // A code is good for half a minute; a wrong one is typed again, not corrected.
      form.resetFields();
      throw err;
    }
  });

  return (
    <Form form={form} layout="vertical" onFinish={submit} requiredMark={false}>
      <Typography.Paragraph type="secondary">{t('auth.codeHelp')}</Typography.Paragraph>
      <Form.Item name="code" label={t('twoFactor.code')} rules={otpRules(t)}>
        <OtpInput autoFocus data-testid="login-code" />
      </Form.Item>
      <Space>
        <Button type="primary" htmlType="submit" loading={busy} data-testid="login-code-submit">
          {t('auth.verify')}
        </Button>
        <Button onClick={onBack}>{t('common.back')}</Button>
      </Space>
    </Form>
  );
}

function EnrolStep({ credentials, onDone, onBack }: { credentials: Credentials; onDone: () => Promise<void>; onBack: () => void }) {
  const { t } = useTranslation();
  const [setup, setSetup] = useState<MfaSecret>();
  const { run, busy } = useAction();
  const start = () =>
    run('setup', async () => setSetup(await api.post<MfaSecret>('/v1/users/me/mfa/setup', { currentPassword: credentials.password })));

  if (setup) return <TwoFactorSetup setup={setup} onEnabled={onDone} />;
  return (
    <Space orientation="vertical" size="middle">
      <Typography.Paragraph>{t('auth.enrolIntro')}</Typography.Paragraph>
      <Space>
        <Button type="primary" onClick={() => void start()} loading={busy === 'setup'} data-testid="mfa-enrol-start">
          {t('auth.enrolStart')}
        </Button>
        <Button onClick={onBack}>{t('common.back')}</Button>
      </Space>
    </Space>
  );
}

export function SignInPage() {
  const { t } = useTranslation();
  const signedIn = useSignedIn();
  const [state, setState] = useState<Step>({ step: 'credentials' });
  const back = () => setState({ step: 'credentials' });

  const onAnswer = (answer: LoginAnswer, credentials: Credentials) => {
    if (answer.user) signedIn(answer.user);
    else if (answer.mfaRequired) setState({ step: 'code' });
    else if (answer.mfaSetupRequired) setState({ step: 'enrol', credentials });
  };

  /**
   * After enrolment the session may already be complete, or the server may want a fresh sign-in
   * with the new second factor; asking for the user tells which.
   */
  const afterEnrol = async (credentials: Credentials) => {
    try {
      signedIn(await request<Me>('GET', '/v1/users/me', { authProbe: true }));
    } catch {
      onAnswer(await api.post<LoginAnswer>('/v1/auth/login', credentials), credentials);
    }
  };

  const titles = { credentials: t('auth.signInTitle'), code: t('auth.codeTitle'), enrol: t('auth.enrolTitle') };
  return (
    <AuthLayout title={titles[state.step]}>
      {state.step === 'credentials' ? <CredentialsStep onAnswer={onAnswer} /> : null}
      {state.step === 'code' ? <CodeStep onSignedIn={signedIn} onBack={back} /> : null}
      {state.step === 'enrol' ? (
        <EnrolStep credentials={state.credentials} onDone={() => afterEnrol(state.credentials)} onBack={back} />
      ) : null}
    </AuthLayout>
  );
}
