import { bulkInsert } from '../../db/bulk-insert.js';
import type { Tx } from '../../db/client.js';
import { newId } from '../../ids.js';
import type { Actor } from '../identity/actor.js';
import type { DomainEvent } from './events.js';
import { auditLog, events, type FieldChanges } from './platform.tables.js';

/** Fields never copied into the audit log or events, whatever table they come from. */
const SECRET_FIELDS = new Set(['passwordHash', 'totpSecret', 'tokenHash', 'secret', 'csrfToken', 'version', 'updatedAt', 'createdAt']);

export function diffFields(before: Record<string, unknown> | null, after: Record<string, unknown> | null): FieldChanges {
  const changes: FieldChanges = {};
  // A creation changes every field it fills; no need to compare (imports create a million at a time).
  if (before === null) {
    for (const [key, value] of Object.entries(after ?? {})) {
      if (value !== null && value !== undefined && !SECRET_FIELDS.has(key) && key !== 'tenantId') changes[key] = { old: null, new: value };
    }
    return changes;
  }
  const keys = new Set([...Object.keys(before ?? {}), ...Object.keys(after ?? {})]);
  for (const key of keys) {
    if (SECRET_FIELDS.has(key) || key === 'tenantId') continue;
    const oldValue = before?.[key] ?? null;
    const newValue = after?.[key] ?? null;
    if (JSON.stringify(oldValue) !== JSON.stringify(newValue)) changes[key] = { old: oldValue, new: newValue };
  }
  return changes;
}

/**
 * What an event says about the customer timeline (INT-2), read by the interactions module's
 * projection; the module publishing it need not know the timeline. Customer events and events whose
 * payload names a `customerId` appear there without one, as a plain change.
 */
export type TimelineRef = {
  customerIds: string[];
  /** Default: the event's entity type. */
  kind?: string;
  /** One entry per record, replaced by its later events (an interaction, a task), instead of one per event. */
  record?: boolean;
  /** When it happened, if not when the event did (a call logged an hour later); a string once read from the outbox. */
  occurredAt?: Date | string;
  title?: string | null;
  summary?: string | null;
  channel?: string | null;
  direction?: string | null;
  userId?: string | null;
  branchId?: string | null;
  contactIds?: string[];
  data?: Record<string, unknown>;
  /** The record was deleted: its entry is hidden until it is restored. */
  hidden?: boolean;
};

export type Change = {
  entityType: string;
  entityId: string;
  /** created, updated, deleted, restored, or a domain verb (merged, disabled, signed_in…). */
  action: string;
  before?: Record<string, unknown> | null;
  after?: Record<string, unknown> | null;
  /** Extra data for subscribers; the changed fields are always included. */
  payload?: Record<string, unknown>;
  /** Secret-bearing changes (a password) are audited without values. */
  redact?: boolean;
  /** How it shows on a customer's timeline, when it belongs there as more than a plain change. */
  timeline?: TimelineRef;
};

/**
 * Records a change in the audit log and publishes its event in the caller's transaction, so
 * that the change, its history and its notification commit or roll back together.
 * The event type is `<entityType>.<action>`, e.g. `user.updated`.
 */
export async function recordChange(tx: Tx, tenantId: string, actor: Actor | null, change: Change, at: Date): Promise<DomainEvent[]> {
  return recordChanges(tx, tenantId, actor, [change], at);
}

/**
 * Many changes in two statements (imports, bulk actions): the same rows as one `recordChange` each.
 * Answers the events published, for a module that projects its own at once (the timeline).
 */
export async function recordChanges(tx: Tx, tenantId: string, actor: Actor | null, changes: Change[], at: Date): Promise<DomainEvent[]> {
  const audits: (typeof auditLog.$inferInsert)[] = [];
  const published: (typeof events.$inferInsert)[] = [];
  for (const change of changes) {
    let fields = diffFields(change.before ?? null, change.after ?? null);
    if (change.redact) fields = Object.fromEntries(Object.keys(fields).map((k) => [k, { old: '***', new: '***' }]));
    if (change.action === 'updated' && Object.keys(fields).length === 0) continue;
    audits.push({
      tenantId,
      id: newId(),
      at,
      actorUserId: actor?.userId ?? null,
      actorTokenId: actor?.tokenId ?? null,
      actorLabel: actor?.label ?? 'system',
      entityType: change.entityType,
      entityId: change.entityId,
      action: change.action,
      changes: fields,
    });
    published.push({
      tenantId,
      id: newId(),
      type: `${change.entityType}.${change.action}`,
      entityType: change.entityType,
      entityId: change.entityId,
      actorUserId: actor?.userId ?? null,
      payload: { changes: fields, ...change.payload, ...(change.timeline && { timeline: change.timeline }) },
      occurredAt: at,
    });
  }
  if (audits.length === 0) return [];
  await bulkInsert(tx, auditLog, audits);
  await bulkInsert(tx, events, published);
  // Payloads as written, not as read back: dates in them are still Date objects.
  return published.map((e) => ({
    id: e.id,
    tenantId,
    type: e.type,
    entityType: e.entityType,
    entityId: e.entityId,
    actorUserId: e.actorUserId ?? null,
    payload: e.payload as Record<string, unknown>,
    occurredAt: at,
  }));
}
