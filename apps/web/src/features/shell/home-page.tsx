import { SettingOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { Card, Col, Row, Space, Tag, Typography } from 'antd';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { api } from '../../api/client';
import type { Health } from '../../api/types';
import { visibleSettingsPages } from '../admin/settings-pages';
import { useMe } from '../identity/session';
import { DOMAIN_ICONS, DOMAINS, READY_DOMAINS } from './domains';

function SectionCard(props: { to: string; icon: ReactNode; title: string; tag: ReactNode; description: string }) {
  return (
    <Col xs={24} sm={12} xl={8}>
      <Link to={props.to}>
        <Card hoverable style={{ height: '100%' }}>
          <Card.Meta
            avatar={<span style={{ fontSize: 24, color: '#1677ff' }}>{props.icon}</span>}
            title={
              <Space wrap>
                {props.title}
                {props.tag}
              </Space>
            }
            description={props.description}
          />
        </Card>
      </Link>
    </Col>
  );
}

/** Where people land after sign-in: what each domain holds, and what is ready today. */
export function HomePage() {
  const { t } = useTranslation();
  const me = useMe();
  const health = useQuery({ queryKey: ['health'], queryFn: ({ signal }) => api.get<Health>('/health', undefined, signal) });

  return (
    <Space orientation="vertical" size="large" style={{ width: '100%' }}>
      <div>
        <Typography.Title level={3} style={{ marginTop: 0 }}>
          {t('home.welcome', { name: me.name })}
        </Typography.Title>
        <Typography.Text type="secondary">{t('home.intro', { organisation: me.tenant.name })}</Typography.Text>
      </div>
      <Row gutter={[16, 16]}>
        {DOMAINS.map((domain) => (
          <SectionCard
            key={domain}
            to={`/${domain}`}
            icon={DOMAIN_ICONS[domain]}
            title={t(`nav.${domain}`)}
            tag={READY_DOMAINS.has(domain) ? <Tag color="green">{t('home.available')}</Tag> : <Tag>{t('home.coming')}</Tag>}
            description={t(`coming.${domain}.summary`)}
          />
        ))}
        {visibleSettingsPages(me).length > 0 ? (
          <SectionCard
            to="/settings"
            icon={<SettingOutlined />}
            title={t('nav.settings')}
            tag={<Tag color="green">{t('home.available')}</Tag>}
            description={t('home.settingsSummary')}
          />
        ) : null}
      </Row>
      {health.data ? (
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {t('home.server', {
            version: health.data.version,
            database: health.data.database === 'pglite' ? t('home.embeddedDatabase') : 'PostgreSQL',
          })}
        </Typography.Text>
      ) : null}
    </Space>
  );
}
