import { CloseOutlined, PhoneFilled } from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, Flex, Tag, Typography, theme } from 'antd';
import dayjs from 'dayjs';
import type { ReactNode } from 'react';
import { useState } from 'react';
import { createPortal } from 'react-dom';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { api } from '../../api/client';
import type { Customer } from '../../api/types';
import { useAction } from '../../components/use-action';
import { formatDate } from '../../i18n/format';
import { refreshCustomers } from '../customers/customer-queries';
import { TierTag } from '../customers/customer-values';
import { can, useMe } from '../identity/session';
import { CHANNEL_META, EntryIcon, isChannel } from '../interactions/channels';
import { CustomerSelect } from '../interactions/customer-select';
import { formatDuration } from '../interactions/duration-input';
import { RelativeTime } from '../interactions/relative-time';
import { useIsMobile } from '../shell/use-is-mobile';
import { isDialable, useCallerNumber } from './notification-words';
import type { CallEndedData, Notification, ScreenPopData } from './types';

/** A call on the agent's screen: its screen pop, and once it has ended, the request for its summary. */
export type Pop = { notification: Notification; data: ScreenPopData; ended?: { notification: Notification; data: CallEndedData } };

/** Where "log this call" goes: the customer's timeline, whose log form takes the call from there. */
const logCallPath = (customerId: string) => `/customers/${customerId}?tab=timeline`;

function Section({ title, children }: { title: string; children: ReactNode }) {
  return (
    <Flex vertical gap={4}>
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        {title}
      </Typography.Text>
      {children}
    </Flex>
  );
}

/** The known caller's card: who they are, who looks after them, what is open and what happened last. */
function CallerCard({ data }: { data: ScreenPopData }) {
  const { t } = useTranslation();
  const customer = data.customer!;
  const tasks = data.openTasks ?? [];
  const interactions = data.lastInteractions ?? [];
  const now = dayjs();
  return (
    <Flex vertical gap={10}>
      <Flex vertical gap={2}>
        <Flex gap={8} align="center" wrap>
          <Typography.Text strong style={{ fontSize: 18, wordBreak: 'break-word' }} data-testid="screen-pop-customer">
            {customer.name}
          </Typography.Text>
          <TierTag tier={customer.tier} />
        </Flex>
        <Typography.Text type="secondary" style={{ fontSize: 13 }}>
          {[
            customer.code,
            customer.ownerName ? t('notifications.pop.owner', { name: customer.ownerName }) : null,
            customer.branchName ? t('notifications.pop.branch', { name: customer.branchName }) : null,
          ]
            .filter(Boolean)
            .join(' · ')}
        </Typography.Text>
      </Flex>
      {tasks.length ? (
        <Section title={t('notifications.pop.openTasks')}>
          {tasks.map((task) => {
            const overdue = task.dueAt !== null && dayjs(task.dueAt).isBefore(now);
            return (
              <Flex key={task.id} gap={6} align="baseline" wrap style={{ fontSize: 13 }}>
                <Typography.Text style={{ wordBreak: 'break-word' }}>{task.title}</Typography.Text>
                {task.dueAt ? (
                  <Typography.Text type={overdue ? 'danger' : 'secondary'} style={{ fontSize: 12 }}>
                    {overdue ? t('notifications.pop.overdue') : t('notifications.pop.due', { date: formatDate(task.dueAt) })}
                  </Typography.Text>
                ) : null}
              </Flex>
            );
          })}
        </Section>
      ) : null}
      <Section title={t('notifications.pop.lastInteractions')}>
        {interactions.length ? (
          interactions.map((interaction) => {
            const look = isChannel(interaction.channel) ? CHANNEL_META[interaction.channel] : CHANNEL_META.note;
            const channel = isChannel(interaction.channel) ? t(`interactions.channels.${interaction.channel}`) : interaction.channel;
            return (
              <Flex key={interaction.id} gap={8} align="center" style={{ fontSize: 13, minWidth: 0 }}>
                <span title={channel} style={{ display: 'inline-flex' }}>
                  <EntryIcon icon={look.icon} color={look.color} size={22} />
                </span>
                <Typography.Text type="secondary" style={{ fontSize: 12, flex: 'none' }}>
                  <RelativeTime value={interaction.occurredAt} />
                </Typography.Text>
                <Typography.Text ellipsis={{ tooltip: true }} style={{ minWidth: 0, flex: 1 }}>
                  {interaction.subject || interaction.summary || channel}
                </Typography.Text>
              </Flex>
            );
          })
        ) : (
          <Typography.Text type="secondary" style={{ fontSize: 13 }}>
            {t('notifications.pop.noInteractions')}
          </Typography.Text>
        )}
      </Section>
    </Flex>
  );
}

/** Adds the caller's number to a customer the agent picks: the customer's phones as they are, and this one. */
function LinkToCustomer({ number, onLinked }: { number: string; onLinked: (customerId: string) => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const callerNumber = useCallerNumber();
  const { run, busy } = useAction();
  const [customerId, setCustomerId] = useState<string | null>(null);

  const link = (id: string) =>
    run('link', async () => {
      // Read afresh: the version must be the latest, and the phones are all kept.
      const customer = await api.get<Customer>(`/v1/customers/${id}`);
      if (customer.phones.some((phone) => phone.number === number)) {
        void message.info(t('notifications.pop.alreadyLinked', { name: customer.name }));
      } else {
        const phones = [...customer.phones.map((phone) => ({ label: phone.label, number: phone.entered || phone.number })), { number }];
        await api.patch<Customer>(`/v1/customers/${id}`, { phones }, customer.version);
        await refreshCustomers(queryClient);
        void message.success(t('notifications.pop.linked', { number: callerNumber(number), name: customer.name }));
      }
      onLinked(id);
    });

  return (
    <Flex vertical gap={6} data-testid="screen-pop-link">
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        {t('notifications.pop.linkTo', { number: callerNumber(number) })}
      </Typography.Text>
      <Flex gap={8}>
        <div style={{ flex: 1, minWidth: 0 }}>
          <CustomerSelect value={customerId} onChange={setCustomerId} testId="screen-pop-link-customer" />
        </div>
        <Button
          type="primary"
          disabled={!customerId}
          loading={busy === 'link'}
          onClick={() => customerId && void link(customerId)}
          data-testid="screen-pop-link-submit"
        >
          {t('notifications.pop.link')}
        </Button>
      </Flex>
    </Flex>
  );
}

/**
 * One call's screen pop (INT-4): the caller's number and, for a known customer, their card and the
 * way to their page; for an unknown number, the way to file them; for a customer the agent may not
 * see, only that. It leaves the page usable: the agent keeps working while it shows.
 */
function ScreenPopCard({ pop, onClose }: { pop: Pop; onClose: (done: string[]) => void }) {
  const { t } = useTranslation();
  const me = useMe();
  const navigate = useNavigate();
  const { token } = theme.useToken();
  const callerNumber = useCallerNumber();
  const [linking, setLinking] = useState(false);
  const { data, ended } = pop;
  const customer = data.customer;
  // Whatever the agent does with the pop settles it; the summary request is settled by going to write it.
  const dismiss = () => onClose([pop.notification.id]);
  const go = (path: string, summary = false) => {
    void navigate(path);
    onClose(summary && ended ? [pop.notification.id, ended.notification.id] : [pop.notification.id]);
  };

  const summaryLink = ended?.notification.link;
  const buttons: ReactNode[] = [];
  if (customer) {
    buttons.push(
      <Button key="open" type="primary" onClick={() => go(`/customers/${customer.id}`)} data-testid="screen-pop-open">
        {t('notifications.pop.openCustomer')}
      </Button>,
    );
    if (ended && summaryLink) {
      buttons.push(
        <Button key="summary" onClick={() => go(summaryLink, true)} data-testid="screen-pop-summary">
          {t('notifications.pop.addSummary')}
        </Button>,
      );
    } else if (can(me, 'interactions.create')) {
      buttons.push(
        <Button key="log" onClick={() => go(logCallPath(customer.id))} data-testid="screen-pop-log">
          {t('notifications.pop.logCall')}
        </Button>,
      );
    }
  } else if (!data.known) {
    if (can(me, 'customers.create')) {
      const path = isDialable(data.number) ? `/customers/new?phone=${encodeURIComponent(data.number)}` : '/customers/new';
      buttons.push(
        <Button key="new" type="primary" onClick={() => go(path)} data-testid="screen-pop-new">
          {t('customers.new')}
        </Button>,
      );
    }
    if (isDialable(data.number) && can(me, 'customers.update') && !linking) {
      buttons.push(
        <Button key="link" onClick={() => setLinking(true)} data-testid="screen-pop-link-start">
          {t('notifications.pop.linkExisting')}
        </Button>,
      );
    }
  }
  buttons.push(
    <Button key="dismiss" onClick={dismiss} data-testid="screen-pop-dismiss">
      {t('notifications.pop.dismiss')}
    </Button>,
  );

  const heading = ended
    ? t('notifications.pop.ended')
    : data.direction === 'outbound'
      ? t('notifications.pop.outgoing')
      : t('notifications.pop.incoming');

  return (
    <Card
      size="small"
      data-testid="screen-pop"
      data-call-id={data.callId}
      style={{ boxShadow: token.boxShadowSecondary, borderColor: ended ? token.colorBorder : token.colorPrimaryBorder }}
      styles={{ header: { background: ended ? token.colorFillQuaternary : token.colorPrimaryBg } }}
      title={
        <Flex gap={8} align="center" style={{ minWidth: 0 }}>
          <PhoneFilled style={{ color: ended ? token.colorTextSecondary : token.colorPrimary }} />
          <span>{heading}</span>
          <Typography.Text strong style={{ fontSize: 15, minWidth: 0 }} ellipsis data-testid="screen-pop-number">
            {callerNumber(data.number)}
          </Typography.Text>
        </Flex>
      }
      extra={<Button type="text" size="small" icon={<CloseOutlined />} onClick={dismiss} aria-label={t('notifications.close')} />}
    >
      <Flex vertical gap={12}>
        {customer ? (
          <CallerCard data={data} />
        ) : data.known ? (
          <Typography.Text data-testid="screen-pop-hidden">{t('notifications.pop.hidden')}</Typography.Text>
        ) : (
          <Flex vertical gap={4} data-testid="screen-pop-unknown">
            <Typography.Text strong style={{ fontSize: 16 }}>
              {t('notifications.unknownCaller')}
            </Typography.Text>
            <Typography.Text type="secondary" style={{ fontSize: 13 }}>
              {isDialable(data.number) ? t('notifications.pop.unknown') : t('notifications.pop.unknownWithheld')}
            </Typography.Text>
          </Flex>
        )}
        {linking ? <LinkToCustomer number={data.number} onLinked={(id) => go(`/customers/${id}`)} /> : null}
        {ended && ended.data.answered === false ? (
          <Tag style={{ alignSelf: 'flex-start' }}>{t('notifications.missed')}</Tag>
        ) : ended && ended.data.durationSeconds > 0 ? (
          <Tag style={{ alignSelf: 'flex-start' }}>
            {t('notifications.talked', { duration: formatDuration(ended.data.durationSeconds) })}
          </Tag>
        ) : null}
        <Flex gap={8} wrap>
          {buttons}
        </Flex>
      </Flex>
    </Card>
  );
}

/**
 * The calls popped on this screen, in a column at the bottom corner (across the bottom on a phone)
 * that leaves the header and the rest of the page to work in, the newest nearest the corner. Above
 * drawers and dialogs (a ringing call does not wait for a form to be closed), below drop-downs, so
 * that the bell's list and a select's options open over it.
 */
export function ScreenPops({ pops, onClose }: { pops: Pop[]; onClose: (pop: Pop, done: string[]) => void }) {
  const { t } = useTranslation();
  const mobile = useIsMobile();
  if (pops.length === 0) return null;
  return createPortal(
    <div
      role="region"
      aria-label={t('notifications.pop.region')}
      aria-live="assertive"
      data-testid="screen-pops"
      style={{
        position: 'fixed',
        zIndex: 1010,
        bottom: mobile ? 8 : 24,
        insetInlineEnd: mobile ? 8 : 24,
        width: mobile ? 'calc(100vw - 16px)' : 400,
        maxHeight: mobile ? '70vh' : 'calc(100vh - 120px)',
        overflowY: 'auto',
        display: 'flex',
        // Newest first in the DOM (read first), drawn nearest the corner; the scroll starts there too.
        flexDirection: 'column-reverse',
        gap: 12,
        // The gaps between the cards let clicks through to the page.
        pointerEvents: 'none',
      }}
    >
      {pops.map((pop) => (
        <div key={pop.data.callId} style={{ pointerEvents: 'auto' }}>
          <ScreenPopCard pop={pop} onClose={(done) => onClose(pop, done)} />
        </div>
      ))}
    </div>,
    document.body,
  );
}
