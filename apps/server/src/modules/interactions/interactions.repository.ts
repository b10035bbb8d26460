import { and, asc, desc, eq, gte, inArray, isNotNull, isNull, lt, lte, sql } from 'drizzle-orm';
import type { AnyPgColumn } from 'drizzle-orm/pg-core';
import { bulkInsert } from '../../db/bulk-insert.js';
import { queryRows, type Tx } from '../../db/client.js';
import { updateVersioned } from '../../db/versioned.js';
import type { MergeHook } from '../customers/index.js';
import { ctiCalls, customerContacts, followUpPlans, interactions, tasks, timelineEntries } from './interactions.tables.js';

export type InteractionRow = typeof interactions.$inferSelect;
export type TaskRow = typeof tasks.$inferSelect;
export type TimelineRow = typeof timelineEntries.$inferSelect;

const one = <T>(rows: T[]): T | undefined => rows[0];
/** Newest first, by (time, id): rows strictly after the cursor's. */
const olderThan = (at: AnyPgColumn, id: AnyPgColumn, after?: [string, string]) =>
  after ? sql`(${at}, ${id}) < (${after[0]}::timestamptz, ${after[1]}::uuid)` : undefined;

// --- interactions --------------------------------------------------------------------------------

/** Inserts an interaction; answers undefined when one with the same channel and external id exists. */
export const insertInteraction = (tx: Tx, row: typeof interactions.$inferInsert) =>
  tx
    .insert(interactions)
    .values(row)
    .onConflictDoNothing({
      target: [interactions.tenantId, interactions.channel, interactions.externalId],
      where: sql`${interactions.externalId} is not null`,
    })
    .returning()
    .then(one);

export const findInteraction = (tx: Tx, tenantId: string, id: string) =>
  tx
    .select()
    .from(interactions)
    .where(and(eq(interactions.tenantId, tenantId), eq(interactions.id, id)))
    .then(one);

export const findInteractionByExternalId = (tx: Tx, tenantId: string, channel: string, externalId: string) =>
  tx
    .select()
    .from(interactions)
    .where(
      and(
        eq(interactions.tenantId, tenantId),
        eq(interactions.channel, channel as InteractionRow['channel']),
        eq(interactions.externalId, externalId),
      ),
    )
    .then(one);

export const updateInteraction = (
  tx: Tx,
  tenantId: string,
  id: string,
  version: number | undefined,
  patch: Partial<typeof interactions.$inferInsert>,
) => updateVersioned(tx, interactions, tenantId, id, version, patch);

export type InteractionFilter = {
  customerId?: string;
  channels?: string[];
  userId?: string;
  branchId?: string;
  from?: Date;
  to?: Date;
};

export const listInteractions = (tx: Tx, tenantId: string, f: InteractionFilter, after: [string, string] | undefined, limit: number) =>
  tx
    .select()
    .from(interactions)
    .where(
      and(
        eq(interactions.tenantId, tenantId),
        isNull(interactions.deletedAt),
        f.customerId ? eq(interactions.customerId, f.customerId) : undefined,
        f.channels?.length ? inArray(interactions.channel, f.channels as InteractionRow['channel'][]) : undefined,
        f.userId ? eq(interactions.userId, f.userId) : undefined,
        f.branchId ? eq(interactions.branchId, f.branchId) : undefined,
        f.from ? gte(interactions.occurredAt, f.from) : undefined,
        f.to ? lte(interactions.occurredAt, f.to) : undefined,
        olderThan(interactions.occurredAt, interactions.id, after),
      ),
    )
    .orderBy(desc(interactions.occurredAt), desc(interactions.id))
    .limit(limit + 1);

export const listDeletedInteractions = (tx: Tx, tenantId: string, limit = 500) =>
  tx
    .select()
    .from(interactions)
    .where(and(eq(interactions.tenantId, tenantId), isNotNull(interactions.deletedAt)))
    .orderBy(desc(interactions.deletedAt))
    .limit(limit);

export const purgeInteractions = (tx: Tx, before: Date) =>
  tx.delete(interactions).where(lt(interactions.deletedAt, before)).returning({ id: interactions.id });

// --- tasks ---------------------------------------------------------------------------------------

export const insertTask = (tx: Tx, row: typeof tasks.$inferInsert) => tx.insert(tasks).values(row).returning().then(one);

export const findTask = (tx: Tx, tenantId: string, id: string) =>
  tx
    .select()
    .from(tasks)
    .where(and(eq(tasks.tenantId, tenantId), eq(tasks.id, id)))
    .then(one);

export const updateTask = (tx: Tx, tenantId: string, id: string, version: number | undefined, patch: Partial<typeof tasks.$inferInsert>) =>
  updateVersioned(tx, tasks, tenantId, id, version, patch);

export type TaskFilter = {
  /** undefined: anyone's. */
  ownerIds?: string[];
  statuses: string[];
  customerId?: string;
  dueFrom?: Date;
  dueBefore?: Date;
  noDueDate?: boolean;
};

/** Tasks by due date (those without one last), then id. */
const dueOrder = sql`coalesce(${tasks.dueAt}, 'infinity'::timestamptz)`;

export const listTasks = (tx: Tx, tenantId: string, f: TaskFilter, after: [string, string] | undefined, limit: number) =>
  tx
    .select()
    .from(tasks)
    .where(
      and(
        eq(tasks.tenantId, tenantId),
        isNull(tasks.deletedAt),
        f.ownerIds ? inArray(tasks.ownerId, f.ownerIds) : undefined,
        inArray(tasks.status, f.statuses as TaskRow['status'][]),
        f.customerId ? eq(tasks.customerId, f.customerId) : undefined,
        f.dueFrom ? gte(tasks.dueAt, f.dueFrom) : undefined,
        f.dueBefore ? lt(tasks.dueAt, f.dueBefore) : undefined,
        f.noDueDate ? isNull(tasks.dueAt) : undefined,
        after ? sql`(${dueOrder}, ${tasks.id}) > (${after[0]}::timestamptz, ${after[1]}::uuid)` : undefined,
      ),
    )
    .orderBy(asc(dueOrder), asc(tasks.id))
    .limit(limit + 1);

export const listDeletedTasks = (tx: Tx, tenantId: string, limit = 500) =>
  tx
    .select()
    .from(tasks)
    .where(and(eq(tasks.tenantId, tenantId), isNotNull(tasks.deletedAt)))
    .orderBy(desc(tasks.deletedAt))
    .limit(limit);

export const purgeTasks = (tx: Tx, before: Date) => tx.delete(tasks).where(lt(tasks.deletedAt, before)).returning({ id: tasks.id });

// --- the timeline --------------------------------------------------------------------------------

/** One entry per event: an event delivered again adds nothing. */
export const insertChangeEntries = (tx: Tx, rows: (typeof timelineEntries.$inferInsert)[]) =>
  bulkInsert(tx, timelineEntries, rows, sql`on conflict (tenant_id, event_id, customer_id) where record_key is null do nothing`);

/**
 * One entry per record, holding what its latest event says, on the customer that event names: an
 * older event delivered late (a retry) leaves a newer entry alone, wherever it is. `rows` hold each
 * record once.
 */
export const upsertRecordEntries = (tx: Tx, rows: (typeof timelineEntries.$inferInsert)[]) =>
  bulkInsert(
    tx,
    timelineEntries,
    rows,
    sql`on conflict (tenant_id, record_key) where record_key is not null do update set
          customer_id = excluded.customer_id, occurred_at = excluded.occurred_at, kind = excluded.kind, type = excluded.type, event_id = excluded.event_id,
          user_id = excluded.user_id, branch_id = excluded.branch_id, channel = excluded.channel, direction = excluded.direction,
          title = excluded.title, summary = excluded.summary, contact_ids = excluded.contact_ids, data = excluded.data,
          hidden_at = excluded.hidden_at
        where ${timelineEntries}.event_id < excluded.event_id`,
  );

export type TimelineFilter = {
  kinds?: string[];
  channels?: string[];
  userId?: string;
  branchId?: string;
  contactId?: string;
  from?: Date;
  to?: Date;
};

export const listTimeline = (
  tx: Tx,
  tenantId: string,
  customerId: string,
  f: TimelineFilter,
  after: [string, string] | undefined,
  limit: number,
) =>
  tx
    .select()
    .from(timelineEntries)
    .where(
      and(
        eq(timelineEntries.tenantId, tenantId),
        eq(timelineEntries.customerId, customerId),
        isNull(timelineEntries.hiddenAt),
        f.kinds?.length ? inArray(timelineEntries.kind, f.kinds) : undefined,
        f.channels?.length ? inArray(timelineEntries.channel, f.channels) : undefined,
        f.userId ? eq(timelineEntries.userId, f.userId) : undefined,
        f.branchId ? eq(timelineEntries.branchId, f.branchId) : undefined,
        f.contactId ? sql`${timelineEntries.contactIds} @> array[${f.contactId}]::uuid[]` : undefined,
        f.from ? gte(timelineEntries.occurredAt, f.from) : undefined,
        f.to ? lte(timelineEntries.occurredAt, f.to) : undefined,
        olderThan(timelineEntries.occurredAt, timelineEntries.id, after),
      ),
    )
    .orderBy(desc(timelineEntries.occurredAt), desc(timelineEntries.id))
    .limit(limit + 1);

// --- merges: every table here follows its customer ------------------------------------------------

const MOVABLE = { interactions, tasks, timeline: timelineEntries, calls: ctiCalls } as const;
export type Movable = keyof typeof MOVABLE;

/** Moves a table's rows of one customer to another (a merge); answers the ids moved. */
export async function moveToCustomer(tx: Tx, what: Movable, tenantId: string, fromId: string, toId: string): Promise<string[]> {
  const table = MOVABLE[what];
  const rows = await tx
    .update(table)
    .set({ customerId: toId })
    .where(and(eq(table.tenantId, tenantId), eq(table.customerId, fromId)))
    .returning({ id: table.id });
  return rows.map((r) => r.id);
}

/** Moves rows back to the customer they had before a merge (its undo). */
export async function moveBackToCustomer(tx: Tx, what: Movable, tenantId: string, ids: string[], toId: string): Promise<void> {
  if (ids.length === 0) return;
  const table = MOVABLE[what];
  await tx
    .update(table)
    .set({ customerId: toId })
    .where(and(eq(table.tenantId, tenantId), inArray(table.id, ids)));
}

/** The merge hook of a table whose rows belong to a customer: a merge moves them to the survivor, its undo moves them back. */
export const followsItsCustomer = (what: Movable): MergeHook => ({
  name: what,
  move: (tx, tenantId, fromId, toId) => moveToCustomer(tx, what, tenantId, fromId, toId),
  moveBack: (tx, tenantId, ids, toId) => moveBackToCustomer(tx, what, tenantId, ids, toId),
});

// --- calls (CTI) -----------------------------------------------------------------------------------

export type CallRow = typeof ctiCalls.$inferSelect;

/** The call with this id, locked for the event being applied (two events of one call arrive together). */
export const findCallForUpdate = (tx: Tx, tenantId: string, callId: string) =>
  tx
    .select()
    .from(ctiCalls)
    .where(and(eq(ctiCalls.tenantId, tenantId), eq(ctiCalls.callId, callId)))
    .for('update')
    .then(one);

/** Inserts a call; answers undefined when another request inserted the same call id first. */
export const insertCall = (tx: Tx, row: typeof ctiCalls.$inferInsert) =>
  tx
    .insert(ctiCalls)
    .values(row)
    .onConflictDoNothing({ target: [ctiCalls.tenantId, ctiCalls.callId] })
    .returning()
    .then(one);

export const updateCall = (tx: Tx, tenantId: string, id: string, patch: Partial<typeof ctiCalls.$inferInsert>) =>
  tx
    .update(ctiCalls)
    .set({ ...patch, updatedAt: sql`now()` })
    .where(and(eq(ctiCalls.tenantId, tenantId), eq(ctiCalls.id, id)))
    .returning()
    .then(one);

/**
 * Takes the reminders that are due, in all tenants, and marks them sent in the same statement: a
 * run that crashes before committing leaves them for the next run, and two runs never take one twice.
 */
export const claimDueReminders = (tx: Tx, now: Date, limit: number) =>
  queryRows<{ tenant_id: string; id: string; owner_id: string; title: string; customer_id: string | null; due_at: Date | string | null }>(
    tx,
    sql`update ${tasks} set reminded_at = ${now}
         where (tenant_id, id) in (
           select tenant_id, id from ${tasks}
            where remind_at <= ${now} and reminded_at is null and status = 'open' and deleted_at is null
            order by remind_at
            limit ${limit}
            for update skip locked)
        returning tenant_id, id, owner_id, title, customer_id, due_at`,
  );

// --- follow-up plans --------------------------------------------------------------------------------

export const listFollowUpPlans = (tx: Tx, tenantId: string) => tx.select().from(followUpPlans).where(eq(followUpPlans.tenantId, tenantId));

export const findFollowUpPlan = (tx: Tx, tenantId: string, tier: string) =>
  tx
    .select()
    .from(followUpPlans)
    .where(and(eq(followUpPlans.tenantId, tenantId), eq(followUpPlans.tier, tier)))
    .then(one);

export async function replaceFollowUpPlans(tx: Tx, tenantId: string, rows: (typeof followUpPlans.$inferInsert)[]) {
  await tx.delete(followUpPlans).where(eq(followUpPlans.tenantId, tenantId));
  if (rows.length) await tx.insert(followUpPlans).values(rows);
}

/** The customer's open task of a follow-up plan, if any. */
export const findPlannedFollowUp = (tx: Tx, tenantId: string, customerId: string) =>
  tx
    .select()
    .from(tasks)
    .where(
      and(
        eq(tasks.tenantId, tenantId),
        eq(tasks.customerId, customerId),
        eq(tasks.source, 'follow_up_plan'),
        eq(tasks.status, 'open'),
        isNull(tasks.deletedAt),
      ),
    )
    .then(one);

// --- contact reports ----------------------------------------------------------------------------------

/** Records a contact with the customer: its last contact is the latest of those logged, whatever their order. */
export const touchCustomer = (tx: Tx, tenantId: string, customerId: string, at: Date) =>
  tx
    .insert(customerContacts)
    .values({ tenantId, customerId, lastContactAt: at })
    .onConflictDoUpdate({
      target: [customerContacts.tenantId, customerContacts.customerId],
      set: { lastContactAt: sql`greatest(${customerContacts.lastContactAt}, excluded.last_contact_at)` },
    });

export const lastContacts = async (tx: Tx, tenantId: string, customerIds: string[]) =>
  customerIds.length === 0
    ? new Map<string, Date>()
    : new Map(
        (
          await tx
            .select()
            .from(customerContacts)
            .where(and(eq(customerContacts.tenantId, tenantId), inArray(customerContacts.customerId, customerIds)))
        ).map((r) => [r.customerId, r.lastContactAt]),
      );

export type ActivityGroup = 'user' | 'branch' | 'channel' | 'day';

/** Interactions counted and timed per user, branch, channel or day (in `timeZone`) over a period. */
export function contactActivity(
  tx: Tx,
  tenantId: string,
  f: { from: Date; to: Date; userIds?: string[]; channels?: string[]; branchId?: string },
  groupBy: ActivityGroup,
  timeZone: string,
) {
  const key = {
    user: sql`${interactions.userId}::text`,
    branch: sql`${interactions.branchId}::text`,
    channel: sql`${interactions.channel}`,
    day: sql`to_char(${interactions.occurredAt} at time zone ${timeZone}, 'YYYY-MM-DD')`,
  }[groupBy];
  return queryRows<{ key: string | null; count: number; duration_seconds: number; inbound: number; outbound: number }>(
    tx,
    sql`select ${key} as key, count(*)::int as count, coalesce(sum(${interactions.durationSeconds}), 0)::int as duration_seconds,
               (count(*) filter (where ${interactions.direction} = 'inbound'))::int as inbound,
               (count(*) filter (where ${interactions.direction} = 'outbound'))::int as outbound
          from ${interactions}
         where ${and(
           eq(interactions.tenantId, tenantId),
           isNull(interactions.deletedAt),
           gte(interactions.occurredAt, f.from),
           lt(interactions.occurredAt, f.to),
           f.userIds ? inArray(interactions.userId, f.userIds) : undefined,
           f.channels?.length ? inArray(interactions.channel, f.channels as InteractionRow['channel'][]) : undefined,
           f.branchId ? eq(interactions.branchId, f.branchId) : undefined,
         )}
         group by 1
         order by ${groupBy === 'day' ? sql`1` : sql`2 desc, 1`}`,
  );
}

/** Works out the customers' last contacts again from their interactions (after a merge or its undo). */
export async function refreshLastContacts(tx: Tx, tenantId: string, customerIds: string[]) {
  await tx.delete(customerContacts).where(and(eq(customerContacts.tenantId, tenantId), inArray(customerContacts.customerId, customerIds)));
  await tx.execute(
    sql`insert into ${customerContacts} (tenant_id, customer_id, last_contact_at)
        select tenant_id, customer_id, max(occurred_at) from ${interactions}
         where tenant_id = ${tenantId} and customer_id in ${customerIds} and channel <> 'note' and deleted_at is null
         group by tenant_id, customer_id`,
  );
}
