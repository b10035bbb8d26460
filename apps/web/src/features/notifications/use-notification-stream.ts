import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef } from 'react';
import { ME_KEY } from '../identity/session';
import { addNotification, refreshNotificationLists, setUnread } from './notification-queries';
import type { Notification } from './types';

const STREAM_URL = '/api/v1/notifications/stream';
/** After the server refused the stream, the next try waits this long, doubling up to the maximum. */
const RETRY_FIRST_MS = 2_000;
const RETRY_MAX_MS = 60_000;

function parse<T>(event: Event): T | undefined {
  try {
    return JSON.parse((event as MessageEvent<string>).data) as T;
  } catch {
    return undefined;
  }
}

/**
 * The signed-in user's notifications as they happen, over one EventSource (same origin, so the
 * session cookie goes along). It keeps the unread count and the loaded lists current and hands each
 * new notification to `onNotification` (the screen pops). Mount it once, in the signed-in frame.
 *
 * The browser reconnects by itself after a dropped connection; every (re)connect's `ready` brings
 * the unread count and has the lists read again, since notifications may have come in between. A
 * stream the server refused (an ended session answers 401, a proxy 502) is closed for good by the
 * browser: then the session is checked (the app goes to sign-in if it ended) and the stream retried.
 */
export function useNotificationStream(onNotification: (notification: Notification) => void): void {
  const queryClient = useQueryClient();
  const handler = useRef(onNotification);
  useEffect(() => {
    handler.current = onNotification;
  }, [onNotification]);

  useEffect(() => {
    if (typeof EventSource === 'undefined') return;
    let source: EventSource | undefined;
    let retry: number | undefined;
    let delay = RETRY_FIRST_MS;

    const connect = () => {
      const stream = new EventSource(STREAM_URL);
      source = stream;
      stream.addEventListener('ready', (event) => {
        delay = RETRY_FIRST_MS;
        const ready = parse<{ unread: number }>(event);
        if (ready) setUnread(queryClient, ready.unread);
        void refreshNotificationLists(queryClient);
      });
      stream.addEventListener('notification', (event) => {
        const notification = parse<Notification>(event);
        if (!notification) return;
        addNotification(queryClient, notification);
        handler.current(notification);
      });
      stream.onerror = () => {
        if (stream.readyState !== EventSource.CLOSED) return;
        void queryClient.refetchQueries({ queryKey: ME_KEY });
        retry = window.setTimeout(connect, delay);
        delay = Math.min(delay * 2, RETRY_MAX_MS);
      };
    };
    connect();
    return () => {
      window.clearTimeout(retry);
      source?.close();
    };
  }, [queryClient]);
}
