import { PlusOutlined, StarFilled } from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import {
  Alert,
  App,
  Button,
  Card,
  Col,
  DatePicker,
  Empty,
  Flex,
  Form,
  Input,
  Row,
  Select,
  Space,
  Spin,
  Switch,
  Tag,
  Typography,
} from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';
import { CONTACT_ROLES, INFLUENCE_LEVELS, type Contact, type ContactRole, type Customer, type Influence } from '../../api/types';
import { describeError } from '../../api/use-report-error';
import { ConfirmLinkButton } from '../../components/confirm-link-button';
import { FormModal } from '../../components/form-modal';
import { blankToNull, requiredRule } from '../../components/form-rules';
import { useAction } from '../../components/use-action';
import { formatDate } from '../../i18n/format';
import { can, useMe } from '../identity/session';
import { ContactPointFields, emailRows, emailsInput, phoneRows, phonesInput, type EmailRow, type PhoneRow } from './contact-point-fields';
import { refreshCustomers, useContacts } from './customer-queries';
import { EmailLinks, PhoneLinks } from './customer-values';

type ContactFormValues = {
  name: string;
  title?: string | null;
  role?: ContactRole | null;
  influence?: Influence | null;
  phones?: PhoneRow[];
  emails?: EmailRow[];
  isPrimary?: boolean;
  birthday?: Dayjs | null;
  notes?: string | null;
};

const INFLUENCE_COLORS: Record<Influence, string> = { high: 'red', medium: 'orange', low: 'default' };

function contactBody(values: ContactFormValues) {
  return {
    name: values.name.trim(),
    title: blankToNull(values.title),
    role: values.role ?? null,
    influence: values.influence ?? null,
    phones: phonesInput(values.phones),
    emails: emailsInput(values.emails),
    isPrimary: values.isPrimary ?? false,
    birthday: values.birthday ? values.birthday.format('YYYY-MM-DD') : null,
    notes: blankToNull(values.notes),
  };
}

function contactValues(contact: Contact): ContactFormValues {
  return {
    ...contact,
    phones: phoneRows(contact.phones),
    emails: emailRows(contact.emails),
    birthday: contact.birthday ? dayjs(contact.birthday) : null,
  };
}

function ContactFields() {
  const { t } = useTranslation();
  return (
    <Row gutter={16}>
      <Col xs={24} md={12}>
        <Form.Item name="name" label={t('customers.contacts.name')} rules={[requiredRule(t)]}>
          <Input maxLength={200} autoComplete="off" data-testid="contact-name" />
        </Form.Item>
      </Col>
      <Col xs={24} md={12}>
        <Form.Item name="title" label={t('customers.contacts.jobTitle')}>
          <Input maxLength={100} data-testid="contact-title" />
        </Form.Item>
      </Col>
      <Col xs={24} md={12}>
        <Form.Item name="role" label={t('customers.contacts.role')}>
          <Select
            allowClear
            options={CONTACT_ROLES.map((r) => ({ value: r, label: t(`customers.contactRoles.${r}`) }))}
            data-testid="contact-role"
          />
        </Form.Item>
      </Col>
      <Col xs={24} md={12}>
        <Form.Item name="influence" label={t('customers.contacts.influence')}>
          <Select allowClear options={INFLUENCE_LEVELS.map((i) => ({ value: i, label: t(`customers.influence.${i}`) }))} />
        </Form.Item>
      </Col>
      <Col span={24}>
        <ContactPointFields kind="phones" testId="contact-phone" />
      </Col>
      <Col span={24}>
        <ContactPointFields kind="emails" testId="contact-email" />
      </Col>
      <Col xs={24} md={12}>
        <Form.Item name="birthday" label={t('customers.fields.birthday')}>
          <DatePicker style={{ width: '100%' }} />
        </Form.Item>
      </Col>
      <Col xs={24} md={12}>
        <Form.Item
          name="isPrimary"
          label={t('customers.contacts.primary')}
          valuePropName="checked"
          extra={t('customers.contacts.primaryHelp')}
        >
          <Switch data-testid="contact-primary" />
        </Form.Item>
      </Col>
      <Col span={24}>
        <Form.Item name="notes" label={t('customers.fields.notes')}>
          <Input.TextArea autoSize={{ minRows: 2, maxRows: 6 }} maxLength={5000} />
        </Form.Item>
      </Col>
    </Row>
  );
}

function ContactCard({
  contact,
  editable,
  onEdit,
  onDelete,
}: {
  contact: Contact;
  editable: boolean;
  onEdit: () => void;
  onDelete: () => void;
}) {
  const { t } = useTranslation();
  return (
    <Card
      size="small"
      data-testid="contact-card"
      title={
        <Flex gap={8} align="center" wrap>
          {contact.isPrimary ? <StarFilled style={{ color: '#faad14' }} aria-label={t('customers.contacts.primary')} /> : null}
          <span>{contact.name}</span>
          {contact.title ? (
            <Typography.Text type="secondary" style={{ fontWeight: 'normal' }}>
              {contact.title}
            </Typography.Text>
          ) : null}
        </Flex>
      }
      actions={
        editable
          ? [
              <Button key="edit" type="link" size="small" onClick={onEdit} data-testid="contact-edit">
                {t('common.edit')}
              </Button>,
              <ConfirmLinkButton
                key="delete"
                title={t('customers.contacts.confirmDelete', { name: contact.name })}
                label={t('common.delete')}
                onConfirm={onDelete}
              />,
            ]
          : undefined
      }
    >
      <Flex vertical gap={6}>
        <Space size={4} wrap>
          {contact.role ? <Tag color="blue">{t(`customers.contactRoles.${contact.role}`)}</Tag> : null}
          {contact.influence ? (
            <Tag color={INFLUENCE_COLORS[contact.influence]}>
              {t('customers.contacts.influenceTag', { level: t(`customers.influence.${contact.influence}`) })}
            </Tag>
          ) : null}
        </Space>
        <PhoneLinks phones={contact.phones} vertical />
        <EmailLinks emails={contact.emails} vertical />
        {contact.birthday ? (
          <Typography.Text type="secondary">
            {t('customers.fields.birthday')}: {formatDate(contact.birthday)}
          </Typography.Text>
        ) : null}
        {contact.notes ? <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', margin: 0 }}>{contact.notes}</Typography.Paragraph> : null}
      </Flex>
    </Card>
  );
}

/** The people at the customer: who decides, who influences, how to reach them. */
export function ContactsTab({ customer }: { customer: Customer }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const me = useMe();
  const queryClient = useQueryClient();
  const contacts = useContacts(customer.id);
  const [creating, setCreating] = useState(false);
  // Read from the list, so a reload after a 412 brings the fresh version into the open form.
  const [editingId, setEditingId] = useState<string>();
  const editing = contacts.rows.find((c) => c.id === editingId);
  const { run } = useAction();
  const mayEdit = can(me, 'customers.update');

  const remove = (contact: Contact) =>
    run(
      contact.id,
      async () => {
        await api.delete(`/v1/contacts/${contact.id}`, contact.version);
        await refreshCustomers(queryClient);
      },
      t('common.deleted'),
    );

  return (
    <Flex vertical gap={12} data-testid="contacts-tab">
      {mayEdit ? (
        <Flex justify="flex-end">
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)} data-testid="contact-new">
            {t('customers.contacts.new')}
          </Button>
        </Flex>
      ) : null}
      {contacts.error ? <Alert type="error" showIcon title={describeError(t, contacts.error)} /> : null}
      {contacts.isPending ? (
        <Spin />
      ) : contacts.rows.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('customers.contacts.none')} />
      ) : (
        <Row gutter={[12, 12]}>
          {contacts.rows.map((contact) => (
            <Col key={contact.id} xs={24} md={12} xl={8}>
              <ContactCard
                contact={contact}
                editable={mayEdit}
                onEdit={() => setEditingId(contact.id)}
                onDelete={() => void remove(contact)}
              />
            </Col>
          ))}
        </Row>
      )}
      {contacts.hasNextPage ? (
        <Flex justify="center">
          <Button onClick={() => void contacts.fetchNextPage()} loading={contacts.isFetchingNextPage} data-testid="load-more">
            {t('common.loadMore')}
          </Button>
        </Flex>
      ) : null}

      <FormModal<ContactFormValues>
        open={creating}
        title={t('customers.contacts.new')}
        okText={t('common.create')}
        initialValues={{ phones: [{ label: 'mobile' }], emails: [{ label: 'work' }], isPrimary: contacts.rows.length === 0 }}
        onClose={() => setCreating(false)}
        onSubmit={async (values) => {
          await api.post(`/v1/customers/${customer.id}/contacts`, contactBody(values));
          void message.success(t('customers.contacts.created'));
          await refreshCustomers(queryClient);
        }}
      >
        <ContactFields />
      </FormModal>
      <FormModal<ContactFormValues>
        key={editing ? `${editing.id}:${editing.version}` : 'edit'}
        open={editing !== undefined}
        title={t('customers.contacts.edit')}
        initialValues={editing ? contactValues(editing) : undefined}
        onClose={() => setEditingId(undefined)}
        onSubmit={async (values) => {
          if (!editing) return;
          await api.patch(`/v1/contacts/${editing.id}`, contactBody(values), editing.version);
          void message.success(t('common.saved'));
          await refreshCustomers(queryClient);
        }}
      >
        <ContactFields />
      </FormModal>
    </Flex>
  );
}
