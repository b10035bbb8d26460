import { sql } from 'drizzle-orm';
import { boolean, foreignKey, index, integer, jsonb, pgTable, primaryKey, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { deletedAt, id, tenantId, timestamps, tstz, version } from '../../db/columns.js';
import { tenants, users } from '../identity/identity.tables.js';

export const CHANNELS = ['call', 'email', 'meeting', 'visit', 'web_form', 'chat', 'social', 'sms', 'letter', 'note'] as const;
export const DIRECTIONS = ['inbound', 'outbound'] as const;
export const TASK_PRIORITIES = ['low', 'normal', 'high', 'urgent'] as const;
export const TASK_STATUSES = ['open', 'done', 'cancelled'] as const;
export const RECURRENCE_UNITS = ['day', 'week', 'month', 'year'] as const;
export type Channel = (typeof CHANNELS)[number];
export type Direction = (typeof DIRECTIONS)[number];
export type TaskPriority = (typeof TASK_PRIORITIES)[number];
export type TaskStatus = (typeof TASK_STATUSES)[number];
export type Recurrence = { every: number; unit: (typeof RECURRENCE_UNITS)[number] };
export type GeoLocation = { latitude: number; longitude: number; accuracyMeters?: number | null };

/**
 * Contact points (INT-1): a call, a visit, a mail… with a customer. The customer's id is not a
 * foreign key to the customers table: modules own their tables, and merges move these rows through
 * the interactions module's merge hook.
 */
export const interactions = pgTable(
  'interactions',
  {
    tenantId: tenantId(),
    id: id(),
    customerId: uuid('customer_id').notNull(),
    contactIds: uuid('contact_ids')
      .array()
      .notNull()
      .default(sql`'{}'::uuid[]`),
    channel: text('channel').$type<Channel>().notNull(),
    direction: text('direction').$type<Direction>(),
    occurredAt: tstz('occurred_at').notNull(),
    durationSeconds: integer('duration_seconds'),
    subject: text('subject'),
    summary: text('summary'),
    outcome: text('outcome'),
    nextStep: text('next_step'),
    location: jsonb('location').$type<GeoLocation>(),
    externalId: text('external_id'),
    userId: uuid('user_id'),
    /** The branch the user worked for when it happened: the timeline says which branch did what. */
    branchId: uuid('branch_id'),
    followUpTaskId: uuid('follow_up_task_id'),
    /** Colleagues @mentioned in it (INT-5): those who may see the customer are notified. */
    mentionedUserIds: uuid('mentioned_user_ids')
      .array()
      .notNull()
      .default(sql`'{}'::uuid[]`),
    createdBy: uuid('created_by'),
    ...timestamps(),
    version: version(),
    deletedAt: deletedAt(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    foreignKey({ columns: [t.tenantId], foreignColumns: [tenants.id] }),
    foreignKey({ columns: [t.tenantId, t.userId], foreignColumns: [users.tenantId, users.id] }),
    index('interactions_customer_idx').on(t.tenantId, t.customerId, t.occurredAt, t.id),
    index('interactions_user_idx').on(t.tenantId, t.userId, t.occurredAt),
    index('interactions_occurred_idx').on(t.tenantId, t.occurredAt, t.id),
    uniqueIndex('interactions_external_uq')
      .on(t.tenantId, t.channel, t.externalId)
      .where(sql`${t.externalId} is not null`),
  ],
);

/** Tasks and follow-ups (INT-3): owned by a user, perhaps about a customer, perhaps recurring. */
export const tasks = pgTable(
  'tasks',
  {
    tenantId: tenantId(),
    id: id(),
    title: text('title').notNull(),
    notes: text('notes'),
    customerId: uuid('customer_id'),
    ownerId: uuid('owner_id').notNull(),
    dueAt: tstz('due_at'),
    priority: text('priority').$type<TaskPriority>().notNull().default('normal'),
    status: text('status').$type<TaskStatus>().notNull().default('open'),
    remindAt: tstz('remind_at'),
    remindedAt: tstz('reminded_at'),
    recurrence: jsonb('recurrence').$type<Recurrence>(),
    /** What made it (null: a person): interaction, follow_up_plan, special_date… */
    source: text('source'),
    sourceId: uuid('source_id'),
    completedAt: tstz('completed_at'),
    createdBy: uuid('created_by'),
    ...timestamps(),
    version: version(),
    deletedAt: deletedAt(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    foreignKey({ columns: [t.tenantId], foreignColumns: [tenants.id] }),
    foreignKey({ columns: [t.tenantId, t.ownerId], foreignColumns: [users.tenantId, users.id] }),
    index('tasks_owner_idx').on(t.tenantId, t.ownerId, t.status, t.dueAt),
    index('tasks_customer_idx').on(t.tenantId, t.customerId, t.status),
    index('tasks_remind_idx')
      .on(t.remindAt)
      .where(sql`${t.remindedAt} is null and ${t.status} = 'open' and ${t.deletedAt} is null`),
  ],
);

/**
 * The 360° timeline (INT-2), one row per thing shown, written by the outbox subscriber from events
 * that name a customer (their payload's `timeline`). A record (an interaction, a task) has one entry
 * that follows its latest event; a change (fields edited, a merge) has one entry per event.
 */
export const timelineEntries = pgTable(
  'timeline_entries',
  {
    tenantId: tenantId(),
    id: id(),
    customerId: uuid('customer_id').notNull(),
    occurredAt: tstz('occurred_at').notNull(),
    kind: text('kind').notNull(),
    type: text('type').notNull(),
    entityId: uuid('entity_id').notNull(),
    /**
     * For a record's entry: its key (`interaction:<id>`), so later events replace it wherever the
     * record has moved (a merge, its undo, a task given another customer); null for a change's entry.
     */
    recordKey: text('record_key'),
    /** The event last written into the entry; an older event arriving late does not overwrite it. */
    eventId: uuid('event_id').notNull(),
    userId: uuid('user_id'),
    branchId: uuid('branch_id'),
    channel: text('channel'),
    direction: text('direction'),
    title: text('title'),
    summary: text('summary'),
    contactIds: uuid('contact_ids')
      .array()
      .notNull()
      .default(sql`'{}'::uuid[]`),
    data: jsonb('data').$type<Record<string, unknown>>().notNull().default({}),
    hiddenAt: tstz('hidden_at'),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    foreignKey({ columns: [t.tenantId], foreignColumns: [tenants.id] }),
    // Partial, and read backwards (newest first is `desc nulls first`, the exact reverse), so that a page
    // comes in order from the index and stops at its end, even for a customer with 10,000 entries.
    index('timeline_customer_idx')
      .on(t.tenantId, t.customerId, t.occurredAt, t.id)
      .where(sql`${t.hiddenAt} is null`),
    uniqueIndex('timeline_event_uq')
      .on(t.tenantId, t.eventId, t.customerId)
      .where(sql`${t.recordKey} is null`),
    uniqueIndex('timeline_record_uq')
      .on(t.tenantId, t.recordKey)
      .where(sql`${t.recordKey} is not null`),
  ],
);

export const CALL_EVENTS = ['ringing', 'answered', 'ended'] as const;
export type CallEvent = (typeof CALL_EVENTS)[number];

/**
 * Calls reported by the PBX (INT-4), one row per call id: who called whom, which agent, the
 * customer the number matched, and the interaction logged when it ended.
 */
export const ctiCalls = pgTable(
  'cti_calls',
  {
    tenantId: tenantId(),
    id: id(),
    callId: text('call_id').notNull(),
    direction: text('direction').$type<Direction>().notNull(),
    fromNumber: text('from_number').notNull(),
    toNumber: text('to_number'),
    /** The customer's side of the call, normalised (E.164 when valid). */
    customerNumber: text('customer_number').notNull(),
    agentUserId: uuid('agent_user_id'),
    customerId: uuid('customer_id'),
    contactId: uuid('contact_id'),
    state: text('state').$type<CallEvent>().notNull(),
    ringingAt: tstz('ringing_at'),
    answeredAt: tstz('answered_at'),
    endedAt: tstz('ended_at'),
    interactionId: uuid('interaction_id'),
    ...timestamps(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    foreignKey({ columns: [t.tenantId], foreignColumns: [tenants.id] }),
    uniqueIndex('cti_calls_call_uq').on(t.tenantId, t.callId),
    index('cti_calls_agent_idx').on(t.tenantId, t.agentUserId, t.createdAt),
  ],
);

/**
 * Follow-up plans (定期回访, INT-3): a customer of a value tier should be contacted every so many
 * days; each contact moves the customer's next planned follow-up task to that many days after it.
 */
export const followUpPlans = pgTable(
  'follow_up_plans',
  {
    tenantId: tenantId(),
    tier: text('tier').notNull(),
    intervalDays: integer('interval_days').notNull(),
    active: boolean('active').notNull().default(true),
    /** The planned task's title; by default one in the tenant's language. */
    title: text('title'),
    ...timestamps(),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.tier] }), foreignKey({ columns: [t.tenantId], foreignColumns: [tenants.id] })],
);

/** When each customer was last contacted (an interaction other than a note): what "not contacted for N days" reads. */
export const customerContacts = pgTable(
  'customer_contacts',
  {
    tenantId: tenantId(),
    customerId: uuid('customer_id').notNull(),
    lastContactAt: tstz('last_contact_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.customerId] }), foreignKey({ columns: [t.tenantId], foreignColumns: [tenants.id] })],
);
