import { sql } from 'drizzle-orm';
import { bigserial, boolean, foreignKey, index, integer, jsonb, pgTable, primaryKey, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { bigSeq, deletedAt, id, tenantId, timestamps, tstz, version } from '../../db/columns.js';
import { tenants } from '../identity/identity.tables.js';

export type FieldChanges = Record<string, { old: unknown; new: unknown }>;

export const auditLog = pgTable(
  'audit_log',
  {
    tenantId: tenantId(),
    id: id(),
    at: tstz('at').notNull().defaultNow(),
    actorUserId: uuid('actor_user_id'),
    actorTokenId: uuid('actor_token_id'),
    actorLabel: text('actor_label'),
    entityType: text('entity_type').notNull(),
    entityId: uuid('entity_id').notNull(),
    action: text('action').notNull(),
    changes: jsonb('changes').$type<FieldChanges>().notNull().default({}),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    foreignKey({ columns: [t.tenantId], foreignColumns: [tenants.id] }),
    index('audit_entity_idx').on(t.tenantId, t.entityType, t.entityId, t.id),
    index('audit_actor_idx').on(t.tenantId, t.actorUserId, t.id),
  ],
);

/**
 * The outbox: written in the same transaction as the change it describes, then handed to the
 * in-process subscribers by the dispatcher (events.ts), at least once.
 */
export const events = pgTable(
  'events',
  {
    tenantId: tenantId(),
    id: id(),
    seq: bigserial('seq', { mode: 'number' }).notNull(),
    type: text('type').notNull(),
    entityType: text('entity_type').notNull(),
    entityId: uuid('entity_id').notNull(),
    actorUserId: uuid('actor_user_id'),
    payload: jsonb('payload').notNull().default({}),
    occurredAt: tstz('occurred_at').notNull().defaultNow(),
    dispatchedAt: tstz('dispatched_at'),
    attempts: integer('attempts').notNull().default(0),
    lastError: text('last_error'),
    /** Not before then: while a dispatcher holds the event (its lease), or after a failure (backoff). */
    nextAttemptAt: tstz('next_attempt_at'),
    /** Set when the event failed too often: it stays here to be looked at, and no longer holds anything up. */
    parkedAt: tstz('parked_at'),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    foreignKey({ columns: [t.tenantId], foreignColumns: [tenants.id] }),
    index('events_pending_idx')
      .on(t.seq)
      .where(sql`${t.dispatchedAt} is null and ${t.parkedAt} is null`),
    index('events_seq_idx').on(t.tenantId, t.seq),
  ],
);

export const webhooks = pgTable(
  'webhooks',
  {
    tenantId: tenantId(),
    id: id(),
    name: text('name').notNull(),
    url: text('url').notNull(),
    /** Event types to deliver; ['*'] for all. */
    eventTypes: jsonb('event_types').$type<string[]>().notNull(),
    secret: text('secret').notNull(),
    active: boolean('active').notNull().default(true),
    ...timestamps(),
    version: version(),
    deletedAt: deletedAt(),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.id] }), foreignKey({ columns: [t.tenantId], foreignColumns: [tenants.id] })],
);

export const webhookDeliveries = pgTable(
  'webhook_deliveries',
  {
    tenantId: tenantId(),
    id: id(),
    webhookId: uuid('webhook_id').notNull(),
    eventId: uuid('event_id').notNull(),
    eventType: text('event_type').notNull(),
    status: text('status').notNull().$type<'pending' | 'succeeded' | 'failed' | 'retrying'>(),
    attempts: integer('attempts').notNull().default(0),
    responseStatus: integer('response_status'),
    /** Why the last attempt failed, with a short excerpt of the response; bodies are never kept whole. */
    error: text('error'),
    createdAt: tstz('created_at').notNull().defaultNow(),
    lastAttemptAt: tstz('last_attempt_at'),
    nextAttemptAt: tstz('next_attempt_at'),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    foreignKey({ columns: [t.tenantId, t.webhookId], foreignColumns: [webhooks.tenantId, webhooks.id] }).onDelete('cascade'),
    foreignKey({ columns: [t.tenantId, t.eventId], foreignColumns: [events.tenantId, events.id] }).onDelete('cascade'),
    index('webhook_deliveries_hook_idx').on(t.tenantId, t.webhookId, t.id),
    // An event redelivered to the fan-out (at least once) must not be sent to a webhook twice; also finds an event's deliveries.
    uniqueIndex('webhook_deliveries_event_uq').on(t.tenantId, t.eventId, t.webhookId),
  ],
);

/** Responses remembered for `Idempotency-Key` replays. */
export const idempotencyKeys = pgTable(
  'idempotency_keys',
  {
    tenantId: tenantId(),
    principalId: uuid('principal_id').notNull(),
    key: text('key').notNull(),
    requestHash: text('request_hash').notNull(),
    status: integer('status'),
    headers: jsonb('headers').$type<Record<string, string>>(),
    body: text('body'),
    createdAt: tstz('created_at').notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.principalId, t.key] }), foreignKey({ columns: [t.tenantId], foreignColumns: [tenants.id] })],
);

/** Per-tenant counters behind human codes (C000123, T000045): handed out, never reused. */
export const counters = pgTable(
  'counters',
  {
    tenantId: tenantId(),
    name: text('name').notNull(),
    value: bigSeq('value').notNull(),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.name] }), foreignKey({ columns: [t.tenantId], foreignColumns: [tenants.id] })],
);

/**
 * A user's notifications: mentions, reminders, call screen pops, watched customers' news. Kept until
 * read (and after), so that what happened while the user was away waits for them; those for a
 * connected browser are pushed to it as well.
 */
export const notifications = pgTable(
  'notifications',
  {
    tenantId: tenantId(),
    id: id(),
    userId: uuid('user_id').notNull(),
    /** mention, reminder, screen_pop, call_ended, watch, assignment… */
    kind: text('kind').notNull(),
    title: text('title').notNull(),
    body: text('body'),
    /** Where the web UI takes the user: a path such as /customers/<id>. */
    link: text('link'),
    entityType: text('entity_type'),
    entityId: uuid('entity_id'),
    data: jsonb('data').$type<Record<string, unknown>>().notNull().default({}),
    createdAt: tstz('created_at').notNull(),
    readAt: tstz('read_at'),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    foreignKey({ columns: [t.tenantId], foreignColumns: [tenants.id] }),
    // Ascending: newest first reads it backwards.
    index('notifications_user_idx').on(t.tenantId, t.userId, t.createdAt, t.id),
    index('notifications_unread_idx')
      .on(t.tenantId, t.userId)
      .where(sql`${t.readAt} is null`),
  ],
);
