import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import {
  Alert,
  App,
  AutoComplete,
  Button,
  Card,
  Col,
  Collapse,
  DatePicker,
  Flex,
  Form,
  Input,
  Row,
  Segmented,
  Select,
  Skeleton,
  theme,
  Typography,
} from 'antd';
import type { ReactNode } from 'react';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useParams, useSearchParams } from 'react-router';
import { api, ApiError, request } from '../../api/client';
import {
  CUSTOMER_KINDS,
  GENDERS,
  PURCHASE_CLASSES,
  TIERS,
  type Address,
  type Customer,
  type DuplicateCandidate,
  type ProfileKey,
} from '../../api/types';
import { describeError, useReportError } from '../../api/use-report-error';
import { requiredRule } from '../../components/form-rules';
import { useFormatPhone } from '../../components/use-format-phone';
import { useFormSubmit } from '../../components/use-form-submit';
import { OrgUnitSelect } from '../admin/org-unit-select';
import { ColleagueSelect } from '../../components/colleague-select';
import { can, useMe } from '../identity/session';
import { useIsMobile } from '../shell/use-is-mobile';
import { ContactPointFields } from './contact-point-fields';
import { CustomFieldItem } from './custom-field-input';
import {
  changedFields,
  customerInput,
  duplicateCheckBody,
  formValuesOf,
  IDENTITY_FIELDS,
  type CustomerFormValues,
  type CustomerInput,
} from './customer-form-values';
import { refreshCustomers, useCustomer, useCustomFields } from './customer-queries';
import { AddressParts } from './customer-values';
import { DuplicateWarning, duplicatesOf } from './duplicate-warning';

const CURRENCIES = ['CNY', 'TWD', 'HKD', 'MOP', 'USD', 'EUR', 'JPY', 'SGD', 'GBP'];

/** The profile fields in the three groups SPEC CUST-3 names; the long ones get a text area. */
const PROFILE_GROUPS: { key: string; fields: ProfileKey[] }[] = [
  { key: 'demographics', fields: ['ageBand', 'incomeBand', 'household', 'occupation', 'education'] },
  { key: 'attitudes', fields: ['lifestyle', 'preferences', 'opinions', 'attitude'] },
  { key: 'relationship', fields: ['needs', 'potential', 'competitors', 'contractNotes', 'relationshipNotes'] },
];
const SHORT_PROFILE_FIELDS: ProfileKey[] = ['ageBand', 'incomeBand', 'household', 'occupation', 'education'];

function Section({ title, children, testId }: { title: ReactNode; children: ReactNode; testId: string }) {
  return (
    <Card size="small" title={title} data-testid={testId}>
      <Row gutter={16}>{children}</Row>
    </Card>
  );
}

/** A field half a row wide on a desk, full width on a phone. */
function Half({ children }: { children: ReactNode }) {
  return (
    <Col xs={24} md={12}>
      {children}
    </Col>
  );
}

function Full({ children }: { children: ReactNode }) {
  return <Col span={24}>{children}</Col>;
}

function ExternalCodeFields() {
  const { t } = useTranslation();
  return (
    <Form.Item label={t('customers.fields.externalCodes')} tooltip={t('customers.form.externalCodesHelp')} style={{ marginBottom: 0 }}>
      <Form.List name="externalCodes">
        {(rows, { add, remove }) => (
          <Flex vertical>
            {rows.map((row) => (
              <Flex key={row.key} gap={8} align="start">
                <Form.Item
                  name={[row.name, 'system']}
                  style={{ width: 140, flex: 'none' }}
                  rules={[{ pattern: /^[a-z][a-z0-9_]{0,29}$/, message: t('customers.form.systemKeyRule') }]}
                >
                  <AutoComplete
                    options={['erp', 'ecommerce', 'pos', 'wechat'].map((v) => ({ value: v }))}
                    placeholder={t('customers.form.codeSystem')}
                  />
                </Form.Item>
                <Form.Item name={[row.name, 'code']} style={{ flex: 1, minWidth: 0 }}>
                  <Input placeholder={t('customers.form.codeValue')} maxLength={100} />
                </Form.Item>
                <Button type="text" icon={<DeleteOutlined />} onClick={() => remove(row.name)} aria-label={t('common.delete')} />
              </Flex>
            ))}
            <Form.Item>
              <Button type="dashed" icon={<PlusOutlined />} onClick={() => add({})} data-testid="customer-code-add">
                {t('customers.form.addCode')}
              </Button>
            </Form.Item>
          </Flex>
        )}
      </Form.List>
    </Form.Item>
  );
}

function AddressItem({ name, saved }: { name: 'address' | 'deliveryAddress' | 'invoiceAddress'; saved: Address | null | undefined }) {
  const { t } = useTranslation();
  return (
    <Form.Item
      name={name}
      label={t(`customers.fields.${name}`)}
      extra={
        saved ? (
          <Flex vertical gap={2} style={{ marginTop: 4 }}>
            <span>{t('customers.form.addressReadAs')}</span>
            <AddressParts address={saved} />
          </Flex>
        ) : name === 'address' ? (
          t('customers.form.addressHelp')
        ) : null
      }
    >
      <Input.TextArea autoSize={{ minRows: 1, maxRows: 3 }} maxLength={500} data-testid={`customer-${name}`} />
    </Form.Item>
  );
}

function CustomerForm({ customer, phone }: { customer?: Customer; phone?: string }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const me = useMe();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const report = useReportError();
  const customFields = useCustomFields();
  const [form] = Form.useForm<CustomerFormValues>();
  const kind = Form.useWatch('kind', form) ?? customer?.kind ?? 'organisation';
  const sensitive = can(me, 'customers.sensitive');
  const { token } = theme.useToken();
  const mobile = useIsMobile();
  const formatPhone = useFormatPhone();

  const initialValues = useMemo<CustomerFormValues>(
    () =>
      customer
        ? formValuesOf(customer, customFields.rows)
        : {
            kind: 'organisation',
            name: '',
            ownerId: me.id,
            branchId: me.orgUnitId,
            // The number as people here write it, so that it reads like the others they type.
            phones: [
              { label: 'mobile', ...(phone && { number: formatPhone({ number: phone, entered: phone, valid: phone.startsWith('+') }) }) },
            ],
            emails: [{ label: 'work' }],
            tags: [],
          },
    [customer, customFields.rows, me.id, me.orgUnitId, phone, formatPhone],
  );
  // Saving waits here while the person decides about look-alikes.
  const [pending, setPending] = useState<{ body: CustomerInput; candidates: DuplicateCandidate[] }>();
  const [forcing, setForcing] = useState(false);

  const save = async (body: CustomerInput, force: boolean) => {
    const saved = customer
      ? await api.patch<Customer>(`/v1/customers/${customer.id}`, body, customer.version)
      : await request<Customer>('POST', '/v1/customers', { body, query: force ? { force: true } : undefined });
    await refreshCustomers(queryClient);
    void message.success(customer ? t('common.saved') : t('customers.form.created', { code: saved.code }));
    void navigate(`/customers/${saved.id}`);
  };

  /** Look-alikes already on file; a check that fails leaves the decision to the save itself. */
  const findDuplicates = async (input: CustomerInput) => {
    try {
      const body = { ...duplicateCheckBody(input), ...(customer ? { excludeId: customer.id } : {}) };
      return (await api.post<{ data: DuplicateCandidate[] }>('/v1/customers/duplicate-check', body)).data;
    } catch {
      return [];
    }
  };

  /** The server's field errors may sit far down a long form; the first one is brought into view. */
  const showFirstError = (err: unknown) => {
    if (!(err instanceof ApiError) || err.fieldErrors.length === 0) return;
    // After useFormSubmit has put the errors on their fields.
    window.setTimeout(() => {
      const first = form.getFieldsError().find((field) => field.errors.length > 0);
      if (first) form.scrollToField(first.name, { block: 'center' });
    });
  };

  const saveValues = async (values: CustomerFormValues) => {
    const input = customerInput(values, customFields.rows, sensitive);
    const body = customer ? changedFields(input, customerInput(initialValues, customFields.rows, sensitive)) : input;
    if (customer && Object.keys(body).length === 0) {
      void navigate(`/customers/${customer.id}`);
      return;
    }
    if (!customer || IDENTITY_FIELDS.some((key) => key in body)) {
      const candidates = await findDuplicates(input);
      if (candidates.length) {
        setPending({ body, candidates });
        return;
      }
    }
    try {
      await save(body, false);
    } catch (err) {
      const candidates = duplicatesOf(err);
      if (!candidates) throw err;
      setPending({ body, candidates });
    }
  };

  const { submit, busy } = useFormSubmit(form, (values: CustomerFormValues) =>
    saveValues(values).catch((err: unknown) => {
      showFirstError(err);
      throw err;
    }),
  );

  const saveAnyway = () => {
    if (!pending) return;
    setForcing(true);
    save(pending.body, true)
      .catch((err: unknown) => {
        report(err, form);
        showFirstError(err);
      })
      .finally(() => {
        setForcing(false);
        setPending(undefined);
      });
  };

  const text = (name: keyof CustomerFormValues, max = 200) => (
    <Form.Item name={name} label={t(`customers.fields.${name}`)}>
      <Input maxLength={max} data-testid={`customer-${name}`} />
    </Form.Item>
  );
  const area = (name: keyof CustomerFormValues, max = 2000) => (
    <Form.Item name={name} label={t(`customers.fields.${name}`)}>
      <Input.TextArea autoSize={{ minRows: 2, maxRows: 6 }} maxLength={max} data-testid={`customer-${name}`} />
    </Form.Item>
  );

  return (
    <Form<CustomerFormValues> form={form} layout="vertical" initialValues={initialValues} onFinish={submit} scrollToFirstError>
      <Flex vertical gap={16}>
        <Section title={t('customers.groups.basic')} testId="customer-section-basic">
          <Full>
            <Form.Item name="kind" label={t('customers.fields.kind')}>
              <Segmented
                options={CUSTOMER_KINDS.map((k) => ({ value: k, label: t(`customers.kinds.${k}`) }))}
                data-testid="customer-kind"
              />
            </Form.Item>
          </Full>
          <Half>
            <Form.Item
              name="name"
              label={kind === 'organisation' ? t('customers.form.organisationName') : t('customers.form.personName')}
              rules={[requiredRule(t)]}
            >
              <Input maxLength={200} autoComplete="off" data-testid="customer-name" />
            </Form.Item>
          </Half>
          <Half>{text('website', 300)}</Half>
          {kind === 'person' ? (
            <>
              <Half>
                <Form.Item name="gender" label={t('customers.fields.gender')}>
                  <Select allowClear options={GENDERS.map((g) => ({ value: g, label: t(`customers.genders.${g}`) }))} />
                </Form.Item>
              </Half>
              <Half>
                <Form.Item name="birthday" label={t('customers.fields.birthday')}>
                  <DatePicker style={{ width: '100%' }} />
                </Form.Item>
              </Half>
            </>
          ) : null}
          <Half>
            <ContactPointFields kind="phones" testId="customer-phone" />
          </Half>
          <Half>
            <ContactPointFields kind="emails" testId="customer-email" />
          </Half>
          <Half>
            <ExternalCodeFields />
          </Half>
          <Full>{area('notes', 5000)}</Full>
        </Section>

        <Section title={t('customers.groups.addresses')} testId="customer-section-addresses">
          <Full>
            <AddressItem name="address" saved={customer?.address} />
          </Full>
          <Half>
            <AddressItem name="deliveryAddress" saved={customer?.deliveryAddress} />
          </Half>
          <Half>
            <AddressItem name="invoiceAddress" saved={customer?.invoiceAddress} />
          </Half>
        </Section>

        <Section title={t('customers.groups.sales')} testId="customer-section-sales">
          <Half>
            <Form.Item name="ownerId" label={t('customers.fields.owner')}>
              <ColleagueSelect testId="customer-owner" knownName={customer?.ownerName} />
            </Form.Item>
          </Half>
          <Half>
            <Form.Item name="branchId" label={t('customers.fields.branch')}>
              <OrgUnitSelect />
            </Form.Item>
          </Half>
        </Section>

        <Section title={t('customers.groups.classification')} testId="customer-section-classification">
          <Half>
            <Form.Item name="tier" label={t('customers.fields.tier')}>
              <Select allowClear options={TIERS.map((v) => ({ value: v, label: t(`customers.tiers.${v}`) }))} data-testid="customer-tier" />
            </Form.Item>
          </Half>
          <Half>
            <Form.Item name="purchaseClass" label={t('customers.fields.purchaseClass')}>
              <Select allowClear options={PURCHASE_CLASSES.map((v) => ({ value: v, label: t(`customers.purchaseClasses.${v}`) }))} />
            </Form.Item>
          </Half>
          <Half>{text('industry', 100)}</Half>
          <Half>{text('customerType', 100)}</Half>
          <Half>{text('source', 100)}</Half>
          <Half>
            <Form.Item name="tags" label={t('customers.fields.tags')}>
              <Select mode="tags" tokenSeparators={[',', '，']} open={false} suffixIcon={null} data-testid="customer-tags" />
            </Form.Item>
          </Half>
        </Section>

        <Section title={t('customers.groups.finance')} testId="customer-section-finance">
          <Half>
            <Form.Item
              name="currency"
              label={t('customers.fields.currency')}
              normalize={(v: string | undefined) => v?.toUpperCase()}
              rules={[{ pattern: /^[A-Z]{3}$/, message: t('customers.form.currencyRule') }]}
            >
              <AutoComplete options={CURRENCIES.map((c) => ({ value: c }))} allowClear />
            </Form.Item>
          </Half>
          <Half>{text('paymentTerms')}</Half>
          <Half>{text('discountTerms')}</Half>
          <Half>{text('taxRule')}</Half>
          <Half>{text('commissionCode', 50)}</Half>
          <Full>{area('quotationNotes')}</Full>
          {sensitive ? (
            <>
              <Full>
                <Typography.Text type="secondary">{t('customers.form.sensitiveNote')}</Typography.Text>
              </Full>
              <Half>{text('bankAccount', 100)}</Half>
              <Half>
                <Form.Item
                  name="creditLimit"
                  label={t('customers.fields.creditLimit')}
                  rules={[{ pattern: /^-?\d{1,16}(\.\d{1,2})?$/, message: t('customers.form.moneyRule') }]}
                >
                  <Input inputMode="decimal" data-testid="customer-creditLimit" />
                </Form.Item>
              </Half>
              <Full>{area('paymentRecord')}</Full>
            </>
          ) : null}
        </Section>

        <Card size="small" styles={{ body: { padding: 0 } }}>
          <Collapse
            ghost
            items={[
              {
                key: 'profile',
                label: <Typography.Text strong>{t('customers.groups.profile')}</Typography.Text>,
                // Rendered while folded, so its values stay part of the form.
                forceRender: true,
                children: PROFILE_GROUPS.map((group) => (
                  <div key={group.key}>
                    <Typography.Title level={5}>{t(`customers.profileGroups.${group.key}`)}</Typography.Title>
                    <Row gutter={16}>
                      {group.fields.map((key) => {
                        const short = SHORT_PROFILE_FIELDS.includes(key);
                        const item = (
                          <Form.Item name={['profile', key]} label={t(`customers.profile.${key}`)}>
                            {short ? <Input maxLength={2000} /> : <Input.TextArea autoSize={{ minRows: 2, maxRows: 6 }} maxLength={2000} />}
                          </Form.Item>
                        );
                        return short ? <Half key={key}>{item}</Half> : <Full key={key}>{item}</Full>;
                      })}
                    </Row>
                  </div>
                )),
              },
            ]}
            data-testid="customer-section-profile"
          />
        </Card>

        {customFields.rows.length ? (
          <Section title={t('customers.groups.custom')} testId="customer-section-custom">
            {customFields.rows.map((field) => (
              <Half key={field.id}>
                <CustomFieldItem field={field} />
              </Half>
            ))}
          </Section>
        ) : null}

        {/* The form is long: its buttons stay in reach at the bottom of the screen. */}
        <Flex
          gap={8}
          justify="flex-end"
          wrap
          // On a desk the page's padding would leave a strip of form showing under the bar.
          style={{
            position: 'sticky',
            bottom: mobile ? 0 : -24,
            padding: mobile ? '12px 0' : '12px 0 36px',
            background: token.colorBgLayout,
            zIndex: 2,
          }}
        >
          <Button onClick={() => void navigate(customer ? `/customers/${customer.id}` : '/customers')}>{t('common.cancel')}</Button>
          <Button type="primary" htmlType="submit" loading={busy} data-testid="customer-save">
            {customer ? t('common.save') : t('common.create')}
          </Button>
        </Flex>
      </Flex>
      <DuplicateWarning candidates={pending?.candidates} saving={forcing} onSaveAnyway={saveAnyway} onClose={() => setPending(undefined)} />
    </Form>
  );
}

/** /customers/new and /customers/:id/edit. */
export function CustomerFormPage() {
  const { t } = useTranslation();
  const { id } = useParams();
  const customer = useCustomer(id);
  const customFields = useCustomFields();
  // A call-centre agent files an unknown caller from the screen pop (/customers/new?phone=…).
  const [params] = useSearchParams();
  const phone = id ? undefined : params.get('phone')?.trim() || undefined;
  // The form's initial values need the custom fields (their dates); a failure to load them leaves none.
  const ready = (!id || customer.data) && !customFields.isPending;

  return (
    <Flex vertical gap={16} style={{ maxWidth: 960 }}>
      <Typography.Title level={4} style={{ margin: 0 }}>
        {id ? t('customers.edit') : t('customers.new')}
        {customer.data ? (
          <Typography.Text type="secondary" style={{ fontSize: 14, fontWeight: 'normal', marginInlineStart: 8 }}>
            {customer.data.code} · {customer.data.name}
          </Typography.Text>
        ) : null}
      </Typography.Title>
      {customer.error ? (
        <Alert type="error" showIcon title={describeError(t, customer.error)} />
      ) : ready ? (
        <CustomerForm
          key={customer.data ? `${customer.data.id}:${customer.data.version}` : `new:${phone ?? ''}`}
          customer={customer.data}
          phone={phone}
        />
      ) : (
        <Skeleton active />
      )}
    </Flex>
  );
}
