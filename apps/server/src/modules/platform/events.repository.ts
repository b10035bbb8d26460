import { and, asc, eq, inArray, isNull, lte, or, sql } from 'drizzle-orm';
import type { Tx } from '../../db/client.js';
import { events } from './platform.tables.js';

export type EventRow = typeof events.$inferSelect;

export type ClaimOptions = { now: Date; leaseUntil: Date; limit: number; tenantId?: string };

/**
 * Takes up to `limit` due events, oldest first, counts the attempt and holds them until
 * `leaseUntil`: a dispatcher that dies holding them only delays them until then. `skip locked`
 * lets two server processes claim at the same moment without taking the same rows.
 */
export function claimDueEvents(tx: Tx, o: ClaimOptions): Promise<EventRow[]> {
  const due = tx
    .select({ tenantId: events.tenantId, id: events.id })
    .from(events)
    .where(
      and(
        isNull(events.dispatchedAt),
        isNull(events.parkedAt),
        or(isNull(events.nextAttemptAt), lte(events.nextAttemptAt, o.now)),
        o.tenantId ? eq(events.tenantId, o.tenantId) : undefined,
      ),
    )
    .orderBy(asc(events.seq))
    .limit(o.limit)
    .for('update', { skipLocked: true });
  return tx
    .update(events)
    .set({ attempts: sql`${events.attempts} + 1`, nextAttemptAt: o.leaseUntil })
    .where(sql`(${events.tenantId}, ${events.id}) in (${due})`)
    .returning();
}

const stillPending = (tenantId: string, ids: string[]) =>
  and(eq(events.tenantId, tenantId), inArray(events.id, ids), isNull(events.dispatchedAt));

export const markDispatched = (tx: Tx, tenantId: string, ids: string[], at: Date) =>
  tx.update(events).set({ dispatchedAt: at, nextAttemptAt: null }).where(stillPending(tenantId, ids));

/** Records a failed attempt: retried from `nextAttemptAt`, or parked when that is null. */
export const markFailed = (
  tx: Tx,
  tenantId: string,
  id: string,
  f: { lastError: string; nextAttemptAt: Date | null; parkedAt: Date | null },
) =>
  tx
    .update(events)
    .set(f)
    .where(stillPending(tenantId, [id]));

export const findEvent = (tx: Tx, tenantId: string, id: string) =>
  tx
    .select()
    .from(events)
    .where(and(eq(events.tenantId, tenantId), eq(events.id, id)))
    .then((rows) => rows[0]);
