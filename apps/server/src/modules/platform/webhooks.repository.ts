import { and, asc, desc, eq, gt, inArray, isNotNull, isNull, lt, lte, or, sql } from 'drizzle-orm';
import type { Tx } from '../../db/client.js';
import { updateVersioned } from '../../db/versioned.js';
import { webhookDeliveries, webhooks } from './platform.tables.js';

export type WebhookRow = typeof webhooks.$inferSelect;
export type DeliveryRow = typeof webhookDeliveries.$inferSelect;
export type DeliveryStatus = DeliveryRow['status'];

const one = <T>(rows: T[]): T | undefined => rows[0];

// --- webhooks ------------------------------------------------------------------------------

export const listWebhooks = (tx: Tx, tenantId: string, f: { afterId?: string; limit: number }) =>
  tx
    .select()
    .from(webhooks)
    .where(and(eq(webhooks.tenantId, tenantId), isNull(webhooks.deletedAt), f.afterId ? gt(webhooks.id, f.afterId) : undefined))
    .orderBy(asc(webhooks.id))
    .limit(f.limit + 1);
export const listDeletedWebhooks = (tx: Tx, tenantId: string) =>
  tx
    .select()
    .from(webhooks)
    .where(and(eq(webhooks.tenantId, tenantId), isNotNull(webhooks.deletedAt)));
export const listActiveWebhooks = (tx: Tx, tenantId: string) =>
  tx
    .select()
    .from(webhooks)
    .where(and(eq(webhooks.tenantId, tenantId), eq(webhooks.active, true), isNull(webhooks.deletedAt)));
export const findWebhook = (tx: Tx, tenantId: string, id: string) =>
  tx
    .select()
    .from(webhooks)
    .where(and(eq(webhooks.tenantId, tenantId), eq(webhooks.id, id)))
    .then(one);
export const insertWebhook = (tx: Tx, row: typeof webhooks.$inferInsert) => tx.insert(webhooks).values(row).returning().then(one);
export const updateWebhook = (
  tx: Tx,
  tenantId: string,
  id: string,
  version: number | undefined,
  patch: Partial<typeof webhooks.$inferInsert>,
) => updateVersioned(tx, webhooks, tenantId, id, version, patch);
/** Deletes for good, in every tenant, webhooks deleted before `before`; their deliveries go with them. */
export const purgeWebhooks = (tx: Tx, before: Date) =>
  tx.delete(webhooks).where(lt(webhooks.deletedAt, before)).returning({ id: webhooks.id });

// --- deliveries ----------------------------------------------------------------------------

/** Skips deliveries that exist already: the same event may come to the fan-out more than once. */
export const insertDeliveries = (tx: Tx, rows: (typeof webhookDeliveries.$inferInsert)[]) =>
  tx.insert(webhookDeliveries).values(rows).onConflictDoNothing();

/** Deliveries of events not yet attempted, whether made just now or by an earlier, interrupted fan-out. */
export const unattemptedDeliveriesOf = (tx: Tx, tenantId: string, eventIds: string[]) =>
  tx
    .select({ id: webhookDeliveries.id })
    .from(webhookDeliveries)
    .where(and(eq(webhookDeliveries.tenantId, tenantId), inArray(webhookDeliveries.eventId, eventIds), eq(webhookDeliveries.attempts, 0)))
    .orderBy(asc(webhookDeliveries.id));

/** Newest first; ids are UUIDv7, so id order is creation order and makes a stable cursor. */
export const listDeliveries = (tx: Tx, tenantId: string, webhookId: string, f: { beforeId?: string; limit: number }) =>
  tx
    .select()
    .from(webhookDeliveries)
    .where(
      and(
        eq(webhookDeliveries.tenantId, tenantId),
        eq(webhookDeliveries.webhookId, webhookId),
        f.beforeId ? lt(webhookDeliveries.id, f.beforeId) : undefined,
      ),
    )
    .orderBy(desc(webhookDeliveries.id))
    .limit(f.limit + 1);

const OPEN: DeliveryStatus[] = ['pending', 'retrying'];
const isOpen = (tenantId: string, id: string) =>
  and(eq(webhookDeliveries.tenantId, tenantId), eq(webhookDeliveries.id, id), inArray(webhookDeliveries.status, OPEN));

export const findOpenDelivery = (tx: Tx, tenantId: string, id: string) =>
  tx.select().from(webhookDeliveries).where(isOpen(tenantId, id)).then(one);

/**
 * Takes a due delivery for one attempt: counts it and holds it until `leaseUntil`, so a second
 * worker leaves it alone, and an attempt whose worker died is taken up again after that.
 */
export const claimDelivery = (tx: Tx, tenantId: string, id: string, now: Date, leaseUntil: Date) =>
  tx
    .update(webhookDeliveries)
    .set({ attempts: sql`${webhookDeliveries.attempts} + 1`, lastAttemptAt: now, nextAttemptAt: leaseUntil })
    .where(and(isOpen(tenantId, id), or(isNull(webhookDeliveries.nextAttemptAt), lte(webhookDeliveries.nextAttemptAt, now))))
    .returning()
    .then(one);

export const recordAttempt = (
  tx: Tx,
  tenantId: string,
  id: string,
  result: { status: DeliveryStatus; responseStatus: number | null; error: string | null; nextAttemptAt: Date | null },
) =>
  tx
    .update(webhookDeliveries)
    .set(result)
    .where(and(eq(webhookDeliveries.tenantId, tenantId), eq(webhookDeliveries.id, id)));
