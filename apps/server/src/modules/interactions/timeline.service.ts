import type { Tx } from '../../db/client.js';
import { decodeCursor, toPage } from '../../http/pagination.js';
import { newId } from '../../ids.js';
import type { ServiceDeps } from '../../services.js';
import {
  covers,
  customerRefs,
  type CustomersService,
  type MergeHookRegistry,
  SENSITIVE_FIELDS,
  visibilityFor,
} from '../customers/index.js';
import { type Actor, branchesOf, namesByIds, scopeOf } from '../identity/index.js';
import type { DomainEvent, EventDispatcher, TimelineRef } from '../platform/index.js';
import * as repo from './interactions.repository.js';
import type { TimelineQuery } from './interactions.schemas.js';

type Entry = Parameters<typeof repo.insertChangeEntries>[1][number];

/** The customers an event belongs on the timeline of, before merges are followed. */
function customersOf(event: DomainEvent, ref: TimelineRef | undefined): string[] {
  if (ref) return ref.customerIds;
  if (event.entityType === 'customer') return [event.entityId];
  const { customerId } = event.payload;
  return typeof customerId === 'string' ? [customerId] : [];
}

const timelineRef = (event: DomainEvent) => event.payload.timeline as TimelineRef | undefined;

/** What a plain change shows: the fields it changed (a creation's are the record itself, shown elsewhere) and what else it said. */
function changeData(event: DomainEvent): Record<string, unknown> {
  const { changes, timeline: _timeline, customerId: _customerId, title: _title, ...rest } = event.payload;
  return event.type.endsWith('.created') ? rest : { changes, ...rest };
}

const SENSITIVE = new Set<string>(SENSITIVE_FIELDS);
/** A change's data with the values of sensitive fields hidden, for readers without the sensitive permission. */
function maskSensitive(data: Record<string, unknown>): Record<string, unknown> {
  const changes = data.changes as Record<string, unknown> | undefined;
  if (!changes || !Object.keys(changes).some((k) => SENSITIVE.has(k))) return data;
  return {
    ...data,
    changes: Object.fromEntries(Object.entries(changes).map(([k, c]) => [k, SENSITIVE.has(k) ? { old: '***', new: '***' } : c])),
  };
}

/** Owners and branches a change moved a customer between: stored as ids, shown by name. */
const PEOPLE_FIELDS = ['ownerId', 'branchId'];
function peopleChanged(entry: { data: Record<string, unknown> }): string[] {
  const changes = entry.data.changes as Record<string, { old: unknown; new: unknown }> | undefined;
  if (!changes) return [];
  return PEOPLE_FIELDS.flatMap((f) => [changes[f]?.old, changes[f]?.new]).filter((v): v is string => typeof v === 'string');
}
function withNames(data: Record<string, unknown>, ids: string[], names: Map<string, string>): Record<string, unknown> {
  return ids.length === 0 ? data : { ...data, names: Object.fromEntries(ids.map((id) => [id, names.get(id) ?? id])) };
}

/**
 * The 360° timeline (INT-2): a projection of the outbox. Every event that names a customer becomes
 * an entry on that customer's timeline, so modules appear on it by publishing events, without the
 * timeline knowing them. Interactions and tasks project their own events in their transaction as
 * well, so a user sees what they logged at once; the outbox delivering them again changes nothing.
 */
export class TimelineService {
  constructor(
    private readonly deps: ServiceDeps,
    private readonly collaborators: { customers: CustomersService; events: EventDispatcher; mergeHooks: MergeHookRegistry },
  ) {
    collaborators.events.subscribeBatch('*', (events) => this.projectDelivered(events));
    collaborators.mergeHooks.register(repo.followsItsCustomer('timeline'));
  }

  private async projectDelivered(events: DomainEvent[]): Promise<void> {
    const relevant = events.filter((e) => customersOf(e, timelineRef(e)).length > 0);
    if (relevant.length === 0) return;
    const tenantId = relevant[0]!.tenantId;
    await this.deps.database.withTenant(tenantId, (tx) => this.project(tx, tenantId, relevant));
  }

  /**
   * Writes the timeline entries of `events` (one tenant's, in the order written); writing them twice
   * changes nothing. `live`: customers the caller has just read in this transaction, live and not
   * merged away, so they need no lookup.
   */
  async project(tx: Tx, tenantId: string, events: DomainEvent[], live: string[] = []): Promise<void> {
    const named = events.map((event) => ({ event, ref: timelineRef(event) })).filter((e) => customersOf(e.event, e.ref).length > 0);
    if (named.length === 0) return;
    const unknown = [...new Set(named.flatMap((e) => customersOf(e.event, e.ref)))].filter((id) => !live.includes(id));
    const survivor = await this.survivors(tx, tenantId, unknown);
    for (const id of live) survivor.set(id, id);
    const actorsWithoutBranch = named.filter((e) => e.ref?.branchId === undefined && e.event.actorUserId).map((e) => e.event.actorUserId!);
    const branches = await branchesOf(tx, tenantId, [...new Set(actorsWithoutBranch)]);

    const changes: Entry[] = [];
    const records = new Map<string, Entry>();
    for (const { event, ref } of named) {
      const kind = ref?.kind ?? event.entityType;
      const occurredAt = ref?.occurredAt ? new Date(ref.occurredAt) : event.occurredAt;
      const userId = ref?.userId !== undefined ? ref.userId : event.actorUserId;
      const customers = customersOf(event, ref);
      for (const named of customers) {
        // A customer's own events stay with it; anything else follows it into the customer it was merged into.
        const customerId = event.entityType === 'customer' && event.entityId === named ? named : survivor.get(named);
        if (!customerId) continue;
        const entry: Entry = {
          tenantId,
          id: newId(),
          customerId,
          occurredAt,
          kind,
          type: event.type,
          entityId: event.entityId,
          // A record on several timelines (an order of two customers) has an entry on each.
          recordKey: ref?.record ? `${kind}:${event.entityId}${customers.length > 1 ? `@${named}` : ''}` : null,
          eventId: event.id,
          userId: userId ?? null,
          branchId: ref?.branchId ?? (event.actorUserId ? (branches.get(event.actorUserId) ?? null) : null),
          channel: ref?.channel ?? null,
          direction: ref?.direction ?? null,
          // A plain change may name what changed (a contact's name) in its payload's `title`.
          title: ref?.title ?? (typeof event.payload.title === 'string' ? event.payload.title : null),
          summary: ref?.summary ?? null,
          contactIds: ref?.contactIds ?? (event.entityType === 'contact' ? [event.entityId] : []),
          data: ref?.data ?? changeData(event),
          hiddenAt: ref?.hidden ? occurredAt : null,
        };
        if (entry.recordKey) records.set(entry.recordKey, entry);
        else changes.push(entry);
      }
    }
    await repo.insertChangeEntries(tx, changes);
    await repo.upsertRecordEntries(tx, [...records.values()]);
  }

  /**
   * Rewrites a record's entry from its current state, without an event of its own: for a record
   * restored from the recycle bin, whose restore the recycle bin audits.
   */
  async refresh(tx: Tx, tenantId: string, entityType: string, entityId: string, ref: TimelineRef): Promise<void> {
    const at = this.deps.clock.now();
    const type = `${entityType}.restored`;
    await this.project(tx, tenantId, [
      { id: newId(), tenantId, type, entityType, entityId, actorUserId: null, payload: { timeline: ref }, occurredAt: at },
    ]);
  }

  /** Each customer id mapped to the live customer it is now (itself, or whom it was merged into); unknown ids are left out. */
  private async survivors(tx: Tx, tenantId: string, ids: string[]): Promise<Map<string, string>> {
    const result = new Map<string, string>();
    if (ids.length === 0) return result;
    let pending = ids.map((id) => ({ id, now: id }));
    // Merges chain (A into B, later B into C): follow a few hops.
    for (let hop = 0; hop < 5 && pending.length > 0; hop++) {
      const refs = new Map((await customerRefs(tx, tenantId, [...new Set(pending.map((p) => p.now))])).map((r) => [r.id, r]));
      const next: typeof pending = [];
      for (const p of pending) {
        const ref = refs.get(p.now);
        if (!ref) continue;
        if (ref.mergedInto) next.push({ id: p.id, now: ref.mergedInto });
        else result.set(p.id, p.now);
      }
      pending = next;
    }
    return result;
  }

  /** One customer's timeline, newest first, for readers of the customer's interactions. */
  async list(actor: Actor, customerId: string, q: TimelineQuery) {
    return this.deps.database.withTenant(actor.tenantId, async (tx) => {
      const customer = await this.collaborators.customers.getRow(tx, actor, customerId, 'interactions.read');
      const after = decodeCursor(q.cursor, 2) as [string, string] | undefined;
      const list = (s?: string) => s?.split(',').filter(Boolean);
      const rows = await repo.listTimeline(
        tx,
        actor.tenantId,
        customerId,
        {
          kinds: list(q.kind),
          channels: list(q.channel),
          userId: q.userId,
          branchId: q.branchId,
          contactId: q.contactId,
          from: q.from ? new Date(q.from) : undefined,
          to: q.to ? new Date(q.to) : undefined,
        },
        after,
        q.limit,
      );
      const sensitive =
        scopeOf(actor, 'customers.sensitive') !== undefined && covers(await visibilityFor(tx, actor, 'customers.sensitive'), customer);
      const names = await namesByIds(tx, actor.tenantId, [
        ...new Set(
          [...rows.flatMap((r) => [r.userId, r.branchId]), ...rows.flatMap(peopleChanged)].filter((id): id is string => id !== null),
        ),
      ]);
      const page = toPage(rows, q.limit, (r) => [r.occurredAt.toISOString(), r.id]);
      return {
        data: page.data.map((r) => ({
          id: r.id,
          customerId: r.customerId,
          kind: r.kind,
          type: r.type,
          entityId: r.entityId,
          occurredAt: r.occurredAt.toISOString(),
          userId: r.userId,
          userName: r.userId ? (names.get(r.userId) ?? null) : null,
          branchId: r.branchId,
          branchName: r.branchId ? (names.get(r.branchId) ?? null) : null,
          channel: r.channel,
          direction: r.direction,
          title: r.title,
          summary: r.summary,
          contactIds: r.contactIds,
          data: withNames(sensitive ? r.data : maskSensitive(r.data), peopleChanged(r), names),
        })),
        nextCursor: page.nextCursor,
      };
    });
  }
}
