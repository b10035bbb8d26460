import { useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, Form, Input, Modal, Space, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';
import { FormModal } from '../../components/form-modal';
import { otpRules, requiredRule } from '../../components/form-rules';
import { OtpInput } from '../../components/otp-input';
import { ME_KEY, useMe } from './session';
import { type MfaSecret, TwoFactorSetup } from './two-factor-setup';

/** Turns two-factor sign-in on (password, then enrolment) or off (password and a current code). */
export function TwoFactorCard() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const me = useMe();
  const queryClient = useQueryClient();
  const [asking, setAsking] = useState<'setup' | 'disable'>();
  const [setup, setSetup] = useState<MfaSecret>();
  const refreshMe = () => queryClient.invalidateQueries({ queryKey: ME_KEY });

  return (
    <Card
      title={
        <Space>
          {t('account.twoFactor')}
          {me.mfaEnabled ? <Tag color="green">{t('common.on')}</Tag> : <Tag>{t('common.off')}</Tag>}
        </Space>
      }
    >
      <Typography.Paragraph type="secondary">{t('account.twoFactorHelp')}</Typography.Paragraph>
      {me.mfaEnabled ? (
        <Button danger onClick={() => setAsking('disable')} data-testid="mfa-disable">
          {t('account.twoFactorDisable')}
        </Button>
      ) : (
        <Button type="primary" onClick={() => setAsking('setup')} data-testid="mfa-setup">
          {t('account.twoFactorSetUp')}
        </Button>
      )}

      <FormModal<{ currentPassword: string }>
        open={asking === 'setup'}
        title={t('account.twoFactorSetUp')}
        okText={t('common.next')}
        onClose={() => setAsking(undefined)}
        onSubmit={async ({ currentPassword }) => {
          setSetup(await api.post<MfaSecret>('/v1/users/me/mfa/setup', { currentPassword }));
        }}
      >
        <Form.Item name="currentPassword" label={t('account.currentPassword')} rules={[requiredRule(t)]}>
          <Input.Password autoComplete="current-password" autoFocus />
        </Form.Item>
      </FormModal>

      <Modal
        open={setup !== undefined}
        title={t('account.twoFactorSetUp')}
        footer={null}
        onCancel={() => setSetup(undefined)}
        destroyOnHidden
      >
        {setup ? (
          <TwoFactorSetup
            setup={setup}
            onEnabled={async () => {
              setSetup(undefined);
              void message.success(t('twoFactor.enabled'));
              await refreshMe();
            }}
          />
        ) : null}
      </Modal>

      <FormModal<{ currentPassword: string; code: string }>
        open={asking === 'disable'}
        title={t('account.twoFactorDisable')}
        okText={t('account.twoFactorDisable')}
        onClose={() => setAsking(undefined)}
        onSubmit={async (values) => {
          await api.post('/v1/users/me/mfa/disable', values);
          void message.success(t('account.twoFactorDisabled'));
          await refreshMe();
        }}
      >
        <Typography.Paragraph type="warning">{t('account.twoFactorDisableWarning')}</Typography.Paragraph>
        <Form.Item name="currentPassword" label={t('account.currentPassword')} rules={[requiredRule(t)]}>
          <Input.Password autoComplete="current-password" />
        </Form.Item>
        <Form.Item name="code" label={t('twoFactor.code')} rules={otpRules(t)}>
          <OtpInput />
        </Form.Item>
      </FormModal>
    </Card>
  );
}
