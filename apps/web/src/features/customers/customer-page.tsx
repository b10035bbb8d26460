import { DeleteOutlined, EditOutlined, StarFilled, SwapOutlined } from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Col, Flex, Popconfirm, Result, Row, Skeleton, Tabs, Tag, Typography } from 'antd';
import type { ReactNode } from 'react';
import { Fragment, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams, useSearchParams } from 'react-router';
import { api, ApiError } from '../../api/client';
import type { Customer } from '../../api/types';
import { describeError } from '../../api/use-report-error';
import { useAction } from '../../components/use-action';
import { can, useMe } from '../identity/session';
import { CUSTOMERS_KEY, refreshCustomers, useContacts, useCustomer } from './customer-queries';
import { CUSTOMER_ACTIONS, CUSTOMER_TABS } from './customer-tabs';
import { EmailLinks, PhoneLinks, TierTag } from './customer-values';
import { HandoverModal } from './handover-modal';

/** How many contacts the header shows; the rest are a click away on the contacts tab. */
const KEY_CONTACTS = 3;

function Fact({ label, children }: { label: string; children: ReactNode }) {
  return (
    <Flex vertical gap={2} style={{ minWidth: 0 }}>
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        {label}
      </Typography.Text>
      <div style={{ wordBreak: 'break-word' }}>{children}</div>
    </Flex>
  );
}

function KeyContacts({ customerId }: { customerId: string }) {
  const { t } = useTranslation();
  const contacts = useContacts(customerId);
  const shown = contacts.rows.slice(0, KEY_CONTACTS);
  if (shown.length === 0) return <Typography.Text type="secondary">{contacts.isPending ? '…' : '—'}</Typography.Text>;
  return (
    <Flex vertical gap={4} data-testid="customer-key-contacts">
      {shown.map((contact) => (
        <Flex key={contact.id} gap={6} wrap align="baseline">
          {contact.isPrimary ? <StarFilled style={{ color: '#faad14' }} aria-label={t('customers.contacts.primary')} /> : null}
          <Typography.Text strong>{contact.name}</Typography.Text>
          {contact.title ? <Typography.Text type="secondary">{contact.title}</Typography.Text> : null}
          {contact.phones.length ? (
            <PhoneLinks phones={contact.phones.slice(0, 1)} />
          ) : contact.emails.length ? (
            <EmailLinks emails={contact.emails.slice(0, 1)} />
          ) : null}
        </Flex>
      ))}
    </Flex>
  );
}

function CustomerHeader({ customer }: { customer: Customer }) {
  const { t } = useTranslation();
  const me = useMe();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const { message } = App.useApp();
  const { run, busy } = useAction();
  const [handingOver, setHandingOver] = useState(false);

  const remove = () =>
    run('delete', async () => {
      await api.delete(`/v1/customers/${customer.id}`, customer.version);
      void message.success(t('customers.page.deleted', { name: customer.name }));
      await navigate('/customers');
      // The deleted customer's own queries would only answer 404 now.
      queryClient.removeQueries({ queryKey: [CUSTOMERS_KEY, 'one', customer.id] });
      await refreshCustomers(queryClient);
    });

  return (
    <Card data-testid="customer-header">
      <Flex justify="space-between" gap={12} wrap align="start">
        <Flex vertical gap={4} style={{ minWidth: 0 }}>
          <Flex gap={8} wrap align="center">
            <Typography.Title level={3} style={{ margin: 0, wordBreak: 'break-word' }} data-testid="customer-title">
              {customer.name}
            </Typography.Title>
            <TierTag tier={customer.tier} />
          </Flex>
          <Flex gap={8} wrap>
            <Tag>{customer.code}</Tag>
            <Tag color={customer.kind === 'organisation' ? 'geekblue' : 'cyan'}>{t(`customers.kinds.${customer.kind}`)}</Tag>
            {customer.tags.map((tag) => (
              <Tag key={tag}>{tag}</Tag>
            ))}
          </Flex>
        </Flex>
        <Flex gap={8} wrap>
          {CUSTOMER_ACTIONS.filter((action) => can(me, action.permission)).map((action) => (
            <Fragment key={action.key}>{action.render(customer)}</Fragment>
          ))}
          {can(me, 'customers.update') ? (
            <>
              <Link to={`/customers/${customer.id}/edit`}>
                <Button icon={<EditOutlined />} data-testid="customer-edit">
                  {t('common.edit')}
                </Button>
              </Link>
              <Button icon={<SwapOutlined />} onClick={() => setHandingOver(true)} data-testid="customer-handover">
                {t('customers.handover.button')}
              </Button>
            </>
          ) : null}
          {can(me, 'customers.delete') ? (
            <Popconfirm
              title={t('customers.page.confirmDelete', { name: customer.name })}
              okText={t('common.delete')}
              cancelText={t('common.cancel')}
              okButtonProps={{ danger: true }}
              onConfirm={() => void remove()}
            >
              <Button danger icon={<DeleteOutlined />} loading={busy === 'delete'} data-testid="customer-delete">
                {t('common.delete')}
              </Button>
            </Popconfirm>
          ) : null}
        </Flex>
      </Flex>
      <Row gutter={[24, 16]} style={{ marginTop: 16 }}>
        <Col xs={12} lg={6}>
          <Fact label={t('customers.fields.owner')}>{customer.ownerName ?? '—'}</Fact>
        </Col>
        <Col xs={12} lg={6}>
          <Fact label={t('customers.fields.branch')}>{customer.branchName ?? '—'}</Fact>
        </Col>
        <Col xs={24} sm={12} lg={6}>
          <Fact label={t('customers.fields.phones')}>
            <PhoneLinks phones={customer.phones} vertical />
          </Fact>
        </Col>
        <Col xs={24} sm={12} lg={6}>
          <Fact label={t('customers.fields.emails')}>
            <EmailLinks emails={customer.emails} vertical />
          </Fact>
        </Col>
        <Col span={24}>
          <Fact label={t('customers.page.keyContacts')}>
            <KeyContacts customerId={customer.id} />
          </Fact>
        </Col>
      </Row>
      <HandoverModal customer={customer} open={handingOver} onClose={() => setHandingOver(false)} />
    </Card>
  );
}

/** /customers/:id: the header card with the customer's essentials, then the tabs. */
export function CustomerPage() {
  const { t } = useTranslation();
  const { id } = useParams();
  const me = useMe();
  const customer = useCustomer(id);
  const [params, setParams] = useSearchParams();
  const tabs = CUSTOMER_TABS.filter((tab) => !tab.permission || can(me, tab.permission));
  const activeTab = tabs.find((tab) => tab.key === params.get('tab'))?.key ?? tabs[0]?.key;

  if (customer.error) {
    // A mistyped address (not an id at all) answers 400; to the reader it is a customer not found as well.
    const missing = customer.error instanceof ApiError && (customer.error.status === 404 || customer.error.status === 400);
    return missing ? (
      <Result
        status="404"
        title={t('customers.page.notFound')}
        subTitle={t('errors.customer_not_found')}
        extra={
          <Link to="/customers">
            <Button type="primary">{t('customers.page.backToList')}</Button>
          </Link>
        }
      />
    ) : (
      <Alert type="error" showIcon title={describeError(t, customer.error)} />
    );
  }
  const data = customer.data;
  if (!data) return <Skeleton active />;

  return (
    <Flex vertical gap={16}>
      <CustomerHeader customer={data} />
      <Tabs
        activeKey={activeTab}
        onChange={(key) => setParams({ tab: key }, { replace: true })}
        items={tabs.map((tab) => ({
          key: tab.key,
          label: <span data-testid={`customer-tab-${tab.key}`}>{t(tab.labelKey)}</span>,
          children: tab.render(data),
        }))}
      />
    </Flex>
  );
}
