import { Alert, Button, Modal, Space, Typography } from 'antd';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { CopyButton } from './copy-button';

/**
 * Shows a secret the server will never show again (an API token, a webhook signing secret). It closes
 * only through its button, so a stray click beside it cannot lose the secret.
 */
export function SecretRevealModal({
  title,
  description,
  secret,
  onClose,
}: {
  title: ReactNode;
  description: ReactNode;
  secret: string | undefined;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  return (
    <Modal
      open={secret !== undefined}
      title={title}
      closable={false}
      mask={{ closable: false }}
      keyboard={false}
      footer={
        <Button type="primary" onClick={onClose} data-testid="secret-done">
          {t('common.secretStored')}
        </Button>
      }
    >
      <Space orientation="vertical" style={{ width: '100%' }}>
        <Alert type="warning" showIcon title={description} />
        <Typography.Paragraph code style={{ wordBreak: 'break-all', marginBottom: 0 }} data-testid="secret-value">
          {secret}
        </Typography.Paragraph>
        <CopyButton text={secret ?? ''} testId="secret-copy" />
      </Space>
    </Modal>
  );
}
