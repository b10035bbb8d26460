import { useQueryClient } from '@tanstack/react-query';
import { PlusOutlined } from '@ant-design/icons';
import { App, Button, Col, DatePicker, Drawer, Flex, Form, Input, Popconfirm, Radio, Row, Select, Switch, Typography } from 'antd';
import type { TextAreaRef } from 'antd/es/input/TextArea';
import dayjs, { type Dayjs } from 'dayjs';
import { useRef, useState, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';
import { CHANNELS, DIRECTIONS, type Channel, type Direction, type Interaction, type InteractionInput } from '../../api/types';
import { ColleagueSelect } from '../../components/colleague-select';
import { blankToNull, requiredRule } from '../../components/form-rules';
import { useAction } from '../../components/use-action';
import { useFormSubmit } from '../../components/use-form-submit';
import { useContacts } from '../customers/customer-queries';
import { can, useMe } from '../identity/session';
import { useIsMobile } from '../shell/use-is-mobile';
import { CHANNEL_META } from './channels';
import { DurationInput, durationRule } from './duration-input';
import { refreshInteractions } from './interaction-queries';

type FollowUpValues = { title?: string; dueAt?: Dayjs | null; ownerId?: string | null };

type InteractionFormValues = {
  channel: Channel;
  direction?: Direction | null;
  occurredAt?: Dayjs | null;
  durationSeconds?: number | null;
  contactIds?: string[];
  subject?: string | null;
  summary?: string | null;
  outcome?: string | null;
  nextStep?: string | null;
  withFollowUp?: boolean;
  followUp?: FollowUpValues;
};

const DATE_TIME = 'YYYY-MM-DD HH:mm';

/** Tomorrow at nine: when most follow-ups are meant for. */
const tomorrowMorning = () => dayjs().add(1, 'day').hour(9).minute(0).second(0).millisecond(0);

function formValues(interaction: Interaction | undefined): Partial<InteractionFormValues> {
  if (!interaction) return { channel: 'call', direction: 'outbound', occurredAt: dayjs(), contactIds: [], withFollowUp: false };
  return {
    ...interaction,
    occurredAt: dayjs(interaction.occurredAt),
  };
}

/** The fields every interaction has, as the API takes them (both on create and on edit). */
function interactionBody(values: InteractionFormValues) {
  return {
    channel: values.channel,
    // A note is not a contact in either direction.
    direction: values.channel === 'note' ? null : (values.direction ?? null),
    occurredAt: (values.occurredAt ?? dayjs()).format(),
    durationSeconds: values.durationSeconds ?? null,
    contactIds: values.contactIds ?? [],
    subject: blankToNull(values.subject),
    summary: blankToNull(values.summary),
    outcome: blankToNull(values.outcome),
    nextStep: blankToNull(values.nextStep),
  };
}

/** Channels as a row of icon buttons, which wraps on a phone: one tap or one Tab+Space away. */
function ChannelPicker({ value, onChange, id }: { value?: Channel; onChange?: (value: Channel) => void; id?: string }) {
  const { t } = useTranslation();
  return (
    <Flex id={id} gap={6} wrap role="radiogroup" aria-label={t('interactions.log.channel')} data-testid="log-channel">
      {CHANNELS.map((channel) => {
        const selected = value === channel;
        return (
          <Button
            key={channel}
            role="radio"
            aria-checked={selected}
            icon={CHANNEL_META[channel].icon}
            color={selected ? 'primary' : 'default'}
            variant={selected ? 'solid' : 'outlined'}
            onClick={() => onChange?.(channel)}
            data-testid={`log-channel-${channel}`}
          >
            {t(`interactions.channels.${channel}`)}
          </Button>
        );
      })}
    </Flex>
  );
}

type LogInteractionDrawerProps = {
  customer: { id: string; name: string };
  open: boolean;
  onClose: () => void;
  /** The interaction to edit; without it a new one is logged. */
  interaction?: Interaction;
};

/**
 * Logs a contact with a customer (INT-1), quickly, with the keyboard: the cursor starts in the
 * summary, Ctrl+Enter (⌘+Enter) saves. A follow-up task can be scheduled in the same step.
 */
export function LogInteractionDrawer(props: LogInteractionDrawerProps) {
  // Each opening starts a fresh form (now as its time, nothing left from the last one); the drawer
  // that closes keeps its form until it is gone.
  const [session, setSession] = useState(0);
  const [wasOpen, setWasOpen] = useState(props.open);
  if (props.open !== wasOpen) {
    setWasOpen(props.open);
    if (props.open) setSession((n) => n + 1);
  }
  return <InteractionDrawer key={session} {...props} />;
}

function InteractionDrawer({ customer, open, onClose, interaction }: LogInteractionDrawerProps) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const mobile = useIsMobile();
  const [form] = Form.useForm<InteractionFormValues>();
  const summaryRef = useRef<TextAreaRef>(null);
  const contacts = useContacts(customer.id);
  const channel = Form.useWatch('channel', form);
  const withFollowUp = Form.useWatch('withFollowUp', form);
  const editing = interaction !== undefined;
  const me = useMe();
  const { run, busy: deleting } = useAction();

  const remove = (target: Interaction) =>
    run(
      'delete',
      async () => {
        await api.delete(`/v1/interactions/${target.id}`, target.version);
        onClose();
        await refreshInteractions(queryClient);
      },
      t('common.deleted'),
    );

  const { submit, busy } = useFormSubmit(form, async (values: InteractionFormValues) => {
    if (interaction) {
      await api.patch<Interaction>(`/v1/interactions/${interaction.id}`, interactionBody(values), interaction.version);
      void message.success(t('common.saved'));
    } else {
      const followUp = values.withFollowUp && values.followUp;
      const body: InteractionInput = {
        customerId: customer.id,
        ...interactionBody(values),
        followUp: followUp
          ? {
              title: (followUp.title ?? '').trim(),
              dueAt: (followUp.dueAt ?? tomorrowMorning()).format(),
              ownerId: followUp.ownerId ?? undefined,
            }
          : undefined,
      };
      await api.post<Interaction>('/v1/interactions', body);
      void message.success(followUp ? t('interactions.log.savedWithTask') : t('interactions.log.saved'));
    }
    onClose();
    await refreshInteractions(queryClient);
  });

  const onKeyDown = (event: KeyboardEvent) => {
    if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      form.submit();
    }
  };

  const turnOnFollowUp = (on: boolean) => {
    if (!on || form.getFieldValue(['followUp', 'title'])) return;
    const nextStep = blankToNull(form.getFieldValue('nextStep') as string | undefined);
    form.setFieldValue('followUp', {
      title: nextStep ?? t('interactions.log.defaultFollowUpTitle', { name: customer.name }),
      dueAt: tomorrowMorning(),
    });
  };

  return (
    <Drawer
      open={open}
      onClose={onClose}
      size={mobile ? '100%' : 600}
      title={editing ? t('interactions.log.editTitle') : t('interactions.log.title', { name: customer.name })}
      destroyOnHidden
      afterOpenChange={(visible) => {
        if (visible) summaryRef.current?.focus({ cursor: 'end' });
      }}
      footer={
        <Flex justify="space-between" align="center" gap={8} wrap>
          {interaction && can(me, 'interactions.delete') ? (
            <Popconfirm
              title={t('interactions.log.confirmDelete')}
              okText={t('common.delete')}
              cancelText={t('common.cancel')}
              okButtonProps={{ danger: true }}
              onConfirm={() => void remove(interaction)}
            >
              <Button danger loading={deleting === 'delete'} data-testid="log-delete">
                {t('common.delete')}
              </Button>
            </Popconfirm>
          ) : (
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {mobile ? null : t('interactions.log.saveHint')}
            </Typography.Text>
          )}
          <Flex gap={8}>
            <Button onClick={onClose}>{t('common.cancel')}</Button>
            <Button type="primary" loading={busy} onClick={() => form.submit()} data-testid="log-save">
              {t('common.save')}
            </Button>
          </Flex>
        </Flex>
      }
    >
      <div onKeyDown={onKeyDown} data-testid="log-interaction">
        <Form<InteractionFormValues>
          form={form}
          layout="vertical"
          initialValues={formValues(interaction)}
          onFinish={submit}
          onValuesChange={(changed: Partial<InteractionFormValues>) => {
            // A web form only ever comes in.
            if (changed.channel === 'web_form') form.setFieldValue('direction', 'inbound');
          }}
        >
          <Form.Item name="channel" label={t('interactions.log.channel')} rules={[{ required: true, message: t('validation.required') }]}>
            <ChannelPicker />
          </Form.Item>
          <Row gutter={16}>
            {channel === 'note' ? null : (
              <Col xs={24} sm={12}>
                <Form.Item name="direction" label={t('interactions.log.direction')}>
                  <Radio.Group
                    optionType="button"
                    options={DIRECTIONS.map((d) => ({ value: d, label: t(`interactions.directions.${d}`) }))}
                    data-testid="log-direction"
                  />
                </Form.Item>
              </Col>
            )}
            <Col xs={24} sm={12}>
              <Form.Item name="occurredAt" label={t('interactions.log.occurredAt')}>
                <DatePicker
                  showTime={{ format: 'HH:mm' }}
                  format={DATE_TIME}
                  allowClear={false}
                  style={{ width: '100%' }}
                  data-testid="log-occurred-at"
                />
              </Form.Item>
            </Col>
            <Col xs={24} sm={12}>
              <Form.Item name="durationSeconds" label={t('interactions.log.duration')} rules={[durationRule(t)]}>
                <DurationInput placeholder={t('interactions.log.durationPlaceholder')} testId="log-duration" />
              </Form.Item>
            </Col>
            {contacts.rows.length > 0 ? (
              <Col xs={24} sm={12}>
                <Form.Item name="contactIds" label={t('interactions.log.contacts')}>
                  <Select
                    mode="multiple"
                    allowClear
                    placeholder={t('interactions.log.contactsPlaceholder')}
                    options={contacts.rows.map((c) => ({ value: c.id, label: c.title ? `${c.name} · ${c.title}` : c.name }))}
                    optionFilterProp="label"
                    data-testid="log-contacts"
                  />
                </Form.Item>
              </Col>
            ) : null}
          </Row>
          <Form.Item name="subject" label={t('interactions.log.subject')}>
            <Input maxLength={200} autoComplete="off" data-testid="log-subject" />
          </Form.Item>
          <Form.Item name="summary" label={t('interactions.log.summary')}>
            <Input.TextArea
              ref={summaryRef}
              autoSize={{ minRows: 4, maxRows: 12 }}
              maxLength={20_000}
              placeholder={t('interactions.log.summaryPlaceholder')}
              data-testid="log-summary"
            />
          </Form.Item>
          <Row gutter={16}>
            <Col xs={24} sm={12}>
              <Form.Item name="outcome" label={t('interactions.log.outcome')}>
                <Input maxLength={200} placeholder={t('interactions.log.outcomePlaceholder')} data-testid="log-outcome" />
              </Form.Item>
            </Col>
            <Col xs={24} sm={12}>
              <Form.Item name="nextStep" label={t('interactions.log.nextStep')}>
                <Input maxLength={1000} data-testid="log-next-step" />
              </Form.Item>
            </Col>
          </Row>
          {editing ? null : (
            <>
              <Form.Item name="withFollowUp" valuePropName="checked" style={{ marginBottom: withFollowUp ? 12 : undefined }}>
                <Switch
                  checkedChildren={t('interactions.log.followUp')}
                  unCheckedChildren={t('interactions.log.followUp')}
                  onChange={turnOnFollowUp}
                  data-testid="log-follow-up"
                />
              </Form.Item>
              {withFollowUp ? (
                <Row gutter={16} data-testid="log-follow-up-fields">
                  <Col span={24}>
                    <Form.Item name={['followUp', 'title']} label={t('interactions.log.followUpTitle')} rules={[requiredRule(t)]}>
                      <Input maxLength={200} data-testid="log-follow-up-title" />
                    </Form.Item>
                  </Col>
                  <Col xs={24} sm={12}>
                    <Form.Item
                      name={['followUp', 'dueAt']}
                      label={t('interactions.log.followUpDue')}
                      rules={[{ required: true, message: t('validation.required') }]}
                    >
                      <DatePicker
                        showTime={{ format: 'HH:mm' }}
                        format={DATE_TIME}
                        style={{ width: '100%' }}
                        data-testid="log-follow-up-due"
                      />
                    </Form.Item>
                  </Col>
                  <Col xs={24} sm={12}>
                    <Form.Item
                      name={['followUp', 'ownerId']}
                      label={t('interactions.log.followUpOwner')}
                      extra={t('interactions.log.followUpOwnerHelp')}
                    >
                      <ColleagueSelect testId="log-follow-up-owner" />
                    </Form.Item>
                  </Col>
                </Row>
              ) : null}
            </>
          )}
        </Form>
      </div>
    </Drawer>
  );
}

/** The button that opens the log, for the customer page's header and the timeline. */
export function LogInteractionButton({
  customer,
  primary = false,
  testId = 'log-interaction-open',
}: {
  customer: { id: string; name: string };
  primary?: boolean;
  testId?: string;
}) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  return (
    <>
      <Button type={primary ? 'primary' : 'default'} icon={<PlusOutlined />} onClick={() => setOpen(true)} data-testid={testId}>
        {t('interactions.log.button')}
      </Button>
      <LogInteractionDrawer customer={customer} open={open} onClose={() => setOpen(false)} />
    </>
  );
}
