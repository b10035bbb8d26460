import { Card, Flex, Layout, Typography, theme } from 'antd';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { LanguageSwitch } from '../shell/language-switch';

/** The frame of the pages seen before sign-in: the product, the language switch, one card. */
export function AuthLayout({ title, children }: { title: ReactNode; children: ReactNode }) {
  const { t } = useTranslation();
  const { token } = theme.useToken();
  return (
    <Layout style={{ minHeight: '100vh', background: token.colorBgLayout }}>
      <Flex justify="space-between" align="center" style={{ padding: '12px 16px' }}>
        <Typography.Text strong style={{ fontSize: 18 }}>
          Rapport
        </Typography.Text>
        <LanguageSwitch />
      </Flex>
      <Flex vertical align="center" style={{ padding: '16px 12px 48px' }}>
        <Card style={{ width: '100%', maxWidth: 440 }}>
          <Typography.Title level={3} style={{ marginTop: 0 }}>
            {title}
          </Typography.Title>
          {children}
        </Card>
        <Typography.Paragraph type="secondary" style={{ maxWidth: 440, marginTop: 16, textAlign: 'center', fontSize: 12 }}>
          {t('auth.tagline')}
        </Typography.Paragraph>
      </Flex>
    </Layout>
  );
}
