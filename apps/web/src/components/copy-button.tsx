import { CheckOutlined, CopyOutlined } from '@ant-design/icons';
import { Button } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';

/**
 * The Clipboard API exists only in secure contexts, and Rapport often runs on plain http inside a
 * company network, so the old selection-based copy stays as the fallback.
 */
async function copyText(text: string): Promise<void> {
  if (window.isSecureContext && navigator.clipboard) return navigator.clipboard.writeText(text);
  const area = document.createElement('textarea');
  area.value = text;
  area.setAttribute('readonly', '');
  area.style.position = 'fixed';
  area.style.opacity = '0';
  document.body.appendChild(area);
  area.select();
  try {
    if (!document.execCommand('copy')) throw new Error('copy refused');
  } finally {
    area.remove();
  }
}

export function CopyButton({ text, testId }: { text: string; testId?: string }) {
  const { t } = useTranslation();
  const [copied, setCopied] = useState(false);
  const [failed, setFailed] = useState(false);
  return (
    <Button
      icon={copied ? <CheckOutlined /> : <CopyOutlined />}
      data-testid={testId}
      onClick={() => {
        copyText(text).then(
          () => setCopied(true),
          () => setFailed(true),
        );
      }}
    >
      {copied ? t('common.copied') : failed ? t('common.copyFailed') : t('common.copy')}
    </Button>
  );
}
