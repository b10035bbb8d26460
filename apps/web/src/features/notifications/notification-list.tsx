import { Alert, Button, Empty, Flex, Segmented, Skeleton, Typography, theme } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { describeError } from '../../api/use-report-error';
import { EntryIcon } from '../interactions/channels';
import { LoadMore } from '../interactions/load-more';
import { RelativeTime } from '../interactions/relative-time';
import { useNotifications } from './notification-queries';
import { describeNotification, kindLook, useCallerNumber } from './notification-words';
import type { Notification } from './types';

type NotificationListProps = {
  unread: number;
  /** A click on a notification: the caller marks it read and goes where it points. */
  onOpen: (notification: Notification) => void;
  onMarkAllRead: () => void;
  markingAll: boolean;
};

function NotificationItem({ notification, onOpen }: { notification: Notification; onOpen: () => void }) {
  const { t } = useTranslation();
  const { token } = theme.useToken();
  const callerNumber = useCallerNumber();
  const { heading, detail } = describeNotification(t, notification, callerNumber);
  const unread = notification.readAt === null;
  const look = kindLook(notification.kind);
  return (
    <button
      type="button"
      onClick={onOpen}
      data-testid={`notification-${notification.kind}`}
      data-unread={unread || undefined}
      style={{
        display: 'flex',
        gap: 10,
        width: '100%',
        padding: '10px 16px',
        border: 'none',
        borderBottom: `1px solid ${token.colorBorderSecondary}`,
        background: unread ? token.colorPrimaryBg : 'transparent',
        textAlign: 'start',
        cursor: 'pointer',
        font: 'inherit',
        color: 'inherit',
      }}
    >
      <EntryIcon icon={look.icon} color={look.color} />
      <Flex vertical gap={2} style={{ minWidth: 0, flex: 1 }}>
        <Typography.Text strong={unread} style={{ wordBreak: 'break-word' }}>
          {heading}
        </Typography.Text>
        {detail ? (
          <Typography.Text type="secondary" style={{ fontSize: 13, wordBreak: 'break-word' }}>
            {detail}
          </Typography.Text>
        ) : null}
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          <RelativeTime value={notification.createdAt} />
        </Typography.Text>
      </Flex>
      {unread ? (
        <span
          aria-hidden
          style={{ width: 8, height: 8, borderRadius: '50%', background: token.colorPrimary, flex: 'none', marginTop: 8 }}
        />
      ) : null}
    </button>
  );
}

/**
 * The bell's list: newest first, unread ones in bold on a tinted row, more as the reader scrolls;
 * all of them or only the unread, and a button to mark everything read.
 */
export function NotificationList({ unread, onOpen, onMarkAllRead, markingAll }: NotificationListProps) {
  const { t } = useTranslation();
  const { token } = theme.useToken();
  const [show, setShow] = useState<'all' | 'unread'>('all');
  const list = useNotifications(show === 'unread', true);

  return (
    <Flex vertical style={{ minHeight: 0, flex: '1 1 auto' }} data-testid="notification-list">
      <Flex
        justify="space-between"
        align="center"
        gap={8}
        style={{ padding: '8px 16px', borderBottom: `1px solid ${token.colorBorderSecondary}`, flex: 'none' }}
      >
        <Segmented<'all' | 'unread'>
          size="small"
          value={show}
          onChange={(value) => setShow(value)}
          options={[
            { value: 'all', label: t('notifications.all') },
            { value: 'unread', label: t('notifications.unread') },
          ]}
        />
        <Button
          size="small"
          type="link"
          disabled={unread === 0}
          loading={markingAll}
          onClick={onMarkAllRead}
          data-testid="notifications-mark-all-read"
        >
          {t('notifications.markAllRead')}
        </Button>
      </Flex>
      <div style={{ overflowY: 'auto', minHeight: 0, flex: 1 }}>
        {list.error ? (
          <Alert type="error" showIcon title={describeError(t, list.error)} style={{ margin: 16 }} />
        ) : list.isPending ? (
          <Skeleton active style={{ padding: 16 }} />
        ) : list.rows.length === 0 ? (
          <Empty
            image={Empty.PRESENTED_IMAGE_SIMPLE}
            description={show === 'unread' ? t('notifications.noneUnread') : t('notifications.none')}
          />
        ) : (
          <>
            {list.rows.map((n) => (
              <NotificationItem key={n.id} notification={n} onOpen={() => onOpen(n)} />
            ))}
            <LoadMore
              hasNextPage={list.hasNextPage}
              isFetchingNextPage={list.isFetchingNextPage}
              fetchNextPage={list.fetchNextPage}
              testId="notifications-more"
            />
            {list.hasNextPage || (list.data?.pages.length ?? 0) < 2 ? null : (
              <Typography.Paragraph type="secondary" style={{ textAlign: 'center', fontSize: 12, margin: 12 }}>
                {t('notifications.end')}
              </Typography.Paragraph>
            )}
          </>
        )}
      </div>
    </Flex>
  );
}
