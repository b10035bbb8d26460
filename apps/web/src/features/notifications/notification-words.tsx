import { BellOutlined, ClockCircleOutlined, EyeOutlined, FormOutlined, PhoneOutlined, UserOutlined } from '@ant-design/icons';
import type { TFunction } from 'i18next';
import type { ReactNode } from 'react';
import { useCallback } from 'react';
import { useTranslation } from 'react-i18next';
import { useFormatPhone } from '../../components/use-format-phone';
import { formatDuration } from '../interactions/duration-input';
import { callEndedData, type Notification, screenPopData } from './types';

/** A number a PBX sent: E.164 when the server could read it, otherwise as it came ("anonymous"). */
export const isDialable = (number: string) => /^\+\d{5,}/.test(number);

/**
 * The caller's number as people read it (national format for the organisation's own region), as
 * the PBX sent it when it could not be read, or "withheld" when there is no number at all.
 */
export function useCallerNumber(): (number: string) => string {
  const { t } = useTranslation();
  const formatPhone = useFormatPhone();
  return useCallback(
    (number: string) => {
      if (isDialable(number)) return formatPhone({ number, entered: number, valid: true });
      return /\d/.test(number) ? number : t('notifications.withheld');
    },
    [formatPhone, t],
  );
}

const KIND_ICONS: Record<string, { icon: ReactNode; color: string }> = {
  screen_pop: { icon: <PhoneOutlined />, color: '#1677ff' },
  call_ended: { icon: <FormOutlined />, color: '#fa8c16' },
  reminder: { icon: <ClockCircleOutlined />, color: '#faad14' },
  mention: { icon: <UserOutlined />, color: '#722ed1' },
  watch: { icon: <EyeOutlined />, color: '#13c2c2' },
};

export const kindLook = (kind: string) => KIND_ICONS[kind] ?? { icon: <BellOutlined />, color: '#8c8c8c' };

/**
 * A notification in the reader's words: its first line says what it is (the UI's own text per
 * kind; the server's English title only for a kind this UI does not know), the second what about.
 */
export function describeNotification(
  t: TFunction,
  n: Notification,
  callerNumber: (number: string) => string,
): { heading: string; detail: string | null } {
  const pop = screenPopData(n);
  if (pop) {
    const who = pop.customer?.name ?? (pop.known ? t('notifications.hiddenCaller') : t('notifications.unknownCaller'));
    const heading = pop.direction === 'outbound' ? t('notifications.pop.outgoing') : t('notifications.kinds.screen_pop');
    return { heading: `${heading} · ${who}`, detail: callerNumber(pop.number) };
  }
  const ended = callEndedData(n);
  if (ended) {
    const talked =
      ended.answered === false
        ? t('notifications.missed')
        : ended.durationSeconds > 0
          ? t('notifications.talked', { duration: formatDuration(ended.durationSeconds) })
          : null;
    return { heading: t('notifications.kinds.call_ended'), detail: [callerNumber(ended.number), talked].filter(Boolean).join(' · ') };
  }
  const kind = t(`notifications.kinds.${n.kind}`, { defaultValue: '' });
  if (!kind) return { heading: n.title, detail: n.body };
  // A later kind's title names its subject (a task, a customer) in the words of whoever wrote it.
  return { heading: kind, detail: [n.title, n.body].filter(Boolean).join(' · ') || null };
}
