import { BellOutlined } from '@ant-design/icons';
import { Badge, Button, Drawer, Popover } from 'antd';
import { useCallback, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { useAction } from '../../components/use-action';
import { useIsMobile } from '../shell/use-is-mobile';
import { NotificationList } from './notification-list';
import { useMarkRead, useUnreadCount } from './notification-queries';
import { type Pop, ScreenPops } from './screen-pop';
import { callEndedData, type Notification, screenPopData } from './types';
import { useNotificationStream } from './use-notification-stream';

/** More calls than this at once is a queue, not a screen: the oldest pops make way. */
const MAX_POPS = 5;

/**
 * The header's bell: the unread count, and the list of notifications in a drop-down (a full-width
 * drawer on a phone). It also listens to the notification stream for the whole signed-in app, so
 * that a call ringing at this agent pops up wherever they are: the header is always there.
 */
export function NotificationBell() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const mobile = useIsMobile();
  const unread = useUnreadCount().data ?? 0;
  const markRead = useMarkRead();
  const { run, busy } = useAction();
  const [open, setOpen] = useState(false);
  const [pops, setPops] = useState<Pop[]>([]);

  const onNotification = useCallback((notification: Notification) => {
    const pop = screenPopData(notification);
    if (pop) {
      setPops((list) => [{ notification, data: pop }, ...list.filter((p) => p.data.callId !== pop.callId)].slice(0, MAX_POPS));
      return;
    }
    const ended = callEndedData(notification);
    if (ended) {
      // The call's pop stays for the agent to finish with, now asking for the summary.
      setPops((list) => list.map((p) => (p.data.callId === ended.callId ? { ...p, ended: { notification, data: ended } } : p)));
    }
  }, []);
  useNotificationStream(onNotification);

  // Marking read is bookkeeping: if it fails, the notification simply stays unread in the bell.
  const markQuietly = (ids: string[]) => void markRead(ids).catch(() => undefined);

  const closePop = (pop: Pop, done: string[]) => {
    setPops((list) => list.filter((p) => p !== pop));
    markQuietly(done);
  };

  const openNotification = (notification: Notification) => {
    setOpen(false);
    if (notification.readAt === null) markQuietly([notification.id]);
    if (notification.link) void navigate(notification.link);
  };

  const list = (
    <NotificationList
      unread={unread}
      onOpen={openNotification}
      onMarkAllRead={() => void run('all', () => markRead())}
      markingAll={busy === 'all'}
    />
  );

  const bell = (
    <Button
      type="text"
      onClick={mobile ? () => setOpen(true) : undefined}
      aria-label={unread ? t('notifications.bellUnread', { count: unread }) : t('notifications.bell')}
      data-testid="notification-bell"
      data-unread={unread}
      style={{ paddingInline: 6 }}
    >
      <Badge count={unread} overflowCount={99} size="small">
        <BellOutlined style={{ fontSize: 18 }} />
      </Badge>
    </Button>
  );

  return (
    <>
      {mobile ? (
        <>
          {bell}
          <Drawer
            placement="right"
            size="100%"
            open={open}
            onClose={() => setOpen(false)}
            title={t('notifications.title')}
            styles={{ body: { padding: 0, display: 'flex', flexDirection: 'column' } }}
          >
            {open ? list : null}
          </Drawer>
        </>
      ) : (
        <Popover
          trigger="click"
          placement="bottomRight"
          open={open}
          onOpenChange={setOpen}
          title={<div style={{ padding: '12px 16px 0' }}>{t('notifications.title')}</div>}
          styles={{ container: { padding: 0 } }}
          content={
            open ? <div style={{ width: 380, maxHeight: 'min(520px, 70vh)', display: 'flex', flexDirection: 'column' }}>{list}</div> : null
          }
        >
          {bell}
        </Popover>
      )}
      <ScreenPops pops={pops} onClose={closePop} />
    </>
  );
}
