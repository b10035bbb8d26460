import { Button, Flex, Form, QRCode, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';
import { otpRules } from '../../components/form-rules';
import { OtpInput } from '../../components/otp-input';
import { useFormSubmit } from '../../components/use-form-submit';
import { useIsMobile } from '../shell/use-is-mobile';

export type MfaSecret = { secret: string; otpauthUrl: string };

/** The key in groups of four, as authenticator apps print it, so it can be typed without losing place. */
const grouped = (secret: string) => secret.replace(/(.{4})(?=.)/g, '$1 ');

/** Enrols an authenticator: scan or type the key, then prove it works with a first code. */
export function TwoFactorSetup({ setup, onEnabled }: { setup: MfaSecret; onEnabled: () => Promise<unknown> }) {
  const { t } = useTranslation();
  const mobile = useIsMobile();
  const [form] = Form.useForm<{ code: string }>();
  const { submit, busy } = useFormSubmit(form, async ({ code }: { code: string }) => {
    await api.post('/v1/users/me/mfa/enable', { code });
    await onEnabled();
  });

  return (
    <Flex vertical gap={12}>
      <Typography.Text>{t('twoFactor.scan')}</Typography.Text>
      <Flex justify="center">
        <QRCode value={setup.otpauthUrl} size={180} bordered={false} data-testid="mfa-qr" />
      </Flex>
      {mobile ? (
        // On a phone the authenticator is usually on the same phone: the link opens it directly.
        <Button href={setup.otpauthUrl}>{t('twoFactor.openApp')}</Button>
      ) : null}
      <Typography.Text type="secondary">{t('twoFactor.manual')}</Typography.Text>
      <Typography.Text code copyable={{ text: setup.secret }} style={{ wordBreak: 'break-all' }} data-testid="mfa-secret">
        {grouped(setup.secret)}
      </Typography.Text>
      <Form form={form} layout="vertical" onFinish={submit}>
        <Form.Item name="code" label={t('twoFactor.code')} rules={otpRules(t)} extra={t('twoFactor.codeHelp')}>
          <OtpInput data-testid="mfa-enable-code" />
        </Form.Item>
        <Button type="primary" htmlType="submit" loading={busy} data-testid="mfa-enable-submit">
          {t('twoFactor.enable')}
        </Button>
      </Form>
    </Flex>
  );
}
