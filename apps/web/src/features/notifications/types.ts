import type { Tier } from '../../api/types';

/**
 * A notification of the bell, as GET /api/v1/notifications and the event stream answer it. `title`
 * and `body` are the server's English words for API users; the UI words each kind itself.
 */
export type Notification = {
  id: string;
  /** screen_pop, call_ended today; reminder, mention, watch later; the UI shows any other kind by its title. */
  kind: string;
  title: string;
  body: string | null;
  /** Where a click goes, such as /customers/<id>; null when there is nowhere to go. */
  link: string | null;
  entityType: string | null;
  entityId: string | null;
  data: Record<string, unknown>;
  createdAt: string;
  readAt: string | null;
};

export type NotificationsPage = { data: Notification[]; nextCursor: string | null; unread: number };

/** A call's caller as the agent may see them. */
export type PopCustomer = {
  id: string;
  code: string;
  name: string;
  tier: Tier | null;
  ownerName: string | null;
  branchName: string | null;
};

/**
 * What a `screen_pop` carries: the number (E.164 when it could be read, else as the PBX sent it),
 * and the customer's card. `customer` is null for an unknown number (`known` false) and for a
 * customer the agent may not see (`known` true).
 */
export type ScreenPopData = {
  callId: string;
  number: string;
  direction: 'inbound' | 'outbound';
  known: boolean;
  contactId?: string | null;
  customer: PopCustomer | null;
  openTasks?: { id: string; title: string; dueAt: string | null }[];
  /** `channel` is one of the interaction channels, or one a newer server added. */
  lastInteractions?: { id: string; channel: string; occurredAt: string; subject: string | null; summary: string | null }[];
};

/** What a `call_ended` carries: the call was logged as `interactionId` on `customerId` (both null for an unknown caller). */
export type CallEndedData = {
  callId: string;
  number: string;
  /** Absent from notifications of servers older than this field. */
  answered?: boolean;
  durationSeconds: number;
  customerId: string | null;
  interactionId: string | null;
};

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null;

export function screenPopData(n: Notification): ScreenPopData | undefined {
  const d = n.data;
  if (n.kind !== 'screen_pop' || typeof d.callId !== 'string' || typeof d.number !== 'string') return undefined;
  return { ...d, customer: isRecord(d.customer) ? d.customer : null } as ScreenPopData;
}

export function callEndedData(n: Notification): CallEndedData | undefined {
  const d = n.data;
  if (n.kind !== 'call_ended' || typeof d.callId !== 'string' || typeof d.number !== 'string') return undefined;
  return { ...d, durationSeconds: typeof d.durationSeconds === 'number' ? d.durationSeconds : 0 } as CallEndedData;
}
