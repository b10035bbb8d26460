import {
  CarryOutOutlined,
  ClockCircleOutlined,
  CommentOutlined,
  ContactsOutlined,
  EditOutlined,
  EnvironmentOutlined,
  FileTextOutlined,
  FormOutlined,
  IdcardOutlined,
  MailOutlined,
  MergeCellsOutlined,
  MessageOutlined,
  PhoneOutlined,
  ShareAltOutlined,
  TeamOutlined,
} from '@ant-design/icons';
import type { ReactNode } from 'react';
import { CHANNELS, type Channel, type TimelineEntry } from '../../api/types';

/** Each channel's icon and colour, the same in the log form, the filters and the timeline. */
export const CHANNEL_META: Record<Channel, { icon: ReactNode; color: string }> = {
  call: { icon: <PhoneOutlined />, color: '#1677ff' },
  email: { icon: <MailOutlined />, color: '#13c2c2' },
  meeting: { icon: <TeamOutlined />, color: '#722ed1' },
  visit: { icon: <EnvironmentOutlined />, color: '#52c41a' },
  web_form: { icon: <FormOutlined />, color: '#2f54eb' },
  chat: { icon: <MessageOutlined />, color: '#eb2f96' },
  social: { icon: <ShareAltOutlined />, color: '#fa541c' },
  sms: { icon: <CommentOutlined />, color: '#faad14' },
  letter: { icon: <FileTextOutlined />, color: '#a0d911' },
  note: { icon: <EditOutlined />, color: '#8c8c8c' },
};

export const isChannel = (value: unknown): value is Channel => (CHANNELS as readonly unknown[]).includes(value);

/** The kinds of entry the timeline can be filtered by today; later modules' kinds still show. */
export const TIMELINE_KINDS = ['interaction', 'task', 'customer', 'contact'] as const;

const GREY = '#8c8c8c';

/** An entry's icon and colour: its channel for an interaction, its kind (or event) otherwise. */
export function entryLook(entry: Pick<TimelineEntry, 'kind' | 'type' | 'channel'>): { icon: ReactNode; color: string } {
  if (isChannel(entry.channel)) return CHANNEL_META[entry.channel];
  switch (entry.kind) {
    case 'task':
      return { icon: <CarryOutOutlined />, color: '#fa8c16' };
    case 'contact':
      return { icon: <ContactsOutlined />, color: '#597ef7' };
    case 'customer':
      return entry.type.includes('merge') ? { icon: <MergeCellsOutlined />, color: '#9254de' } : { icon: <IdcardOutlined />, color: GREY };
    default:
      return { icon: <ClockCircleOutlined />, color: GREY };
  }
}

/** A round icon in the entry's colour, as the timeline and the task list draw them. */
export function EntryIcon({ icon, color, size = 28 }: { icon: ReactNode; color: string; size?: number }) {
  return (
    <span
      aria-hidden
      style={{
        display: 'inline-flex',
        alignItems: 'center',
        justifyContent: 'center',
        width: size,
        height: size,
        flex: 'none',
        borderRadius: '50%',
        color,
        background: `${color}1a`,
        fontSize: size / 2,
      }}
    >
      {icon}
    </span>
  );
}
