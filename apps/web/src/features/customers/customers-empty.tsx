import { ExperimentOutlined, ImportOutlined, PlusOutlined } from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, Empty, Flex, Spin, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { api } from '../../api/client';
import { useReportError } from '../../api/use-report-error';
import { can, useMe } from '../identity/session';
import { refreshCustomers } from './customer-queries';

const DEMO_COUNT = 1000;

/** The list of a tenant with no customers yet: what goes here, and the three ways to fill it. */
export function CustomersEmpty() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const me = useMe();
  const queryClient = useQueryClient();
  const report = useReportError();
  const [filling, setFilling] = useState(false);

  const fillWithDemo = async () => {
    setFilling(true);
    try {
      const { created } = await api.post<{ created: number }>('/v1/demo/customers', { count: DEMO_COUNT });
      void message.success(t('customers.empty.demoDone', { count: created }));
      await refreshCustomers(queryClient);
    } catch (err) {
      report(err);
    } finally {
      setFilling(false);
    }
  };

  return (
    <Card data-testid="customers-empty">
      <Spin spinning={filling} description={t('customers.empty.demoRunning', { count: DEMO_COUNT })}>
        <Empty
          image={Empty.PRESENTED_IMAGE_SIMPLE}
          description={
            <Flex vertical gap={4} style={{ maxWidth: 520, margin: '0 auto' }}>
              <Typography.Title level={4} style={{ margin: 0 }}>
                {t('customers.empty.title')}
              </Typography.Title>
              <Typography.Text type="secondary">{t('customers.empty.description')}</Typography.Text>
            </Flex>
          }
        >
          <Flex gap={8} wrap justify="center">
            {can(me, 'customers.create') ? (
              <Link to="/customers/new">
                <Button type="primary" icon={<PlusOutlined />} data-testid="customers-empty-new">
                  {t('customers.new')}
                </Button>
              </Link>
            ) : null}
            {can(me, 'customers.import') ? (
              <Link to="/customers/import">
                <Button icon={<ImportOutlined />} data-testid="customers-empty-import">
                  {t('customers.import')}
                </Button>
              </Link>
            ) : null}
            {can(me, 'admin.settings') ? (
              <Button icon={<ExperimentOutlined />} loading={filling} onClick={() => void fillWithDemo()} data-testid="customers-demo">
                {t('customers.empty.demo', { count: DEMO_COUNT })}
              </Button>
            ) : null}
          </Flex>
        </Empty>
      </Spin>
    </Card>
  );
}
