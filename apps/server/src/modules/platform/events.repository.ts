import { and, asc, eq, gt, inArray, isNull, lte, or, sql } from 'drizzle-orm';
import type { Tx } from '../../db/client.js';
import { events } from './platform.tables.js';

export type EventRow = typeof events.$inferSelect;

export type ClaimOptions = {
  now: Date;
  leaseUntil: Date;
  limit: number;
  tenantId?: string;
  /** Only events with a greater `seq` (0: all). */
  afterSeq: number;
};

/**
 * Takes up to `limit` due events, oldest first, counts the attempt and holds them until
 * `leaseUntil`: a dispatcher that dies holding them only delays them until then. `skip locked`
 * lets two server processes claim at the same moment without taking the same rows.
 */
export async function claimDueEvents(tx: Tx, o: ClaimOptions): Promise<EventRow[]> {
  // Walk the pending index in `seq` order and stop after `limit` rows. While an import writes
  // thousands of events a second, the table's statistics lag behind and the planner takes the
  // pending index for tiny: it then picks a bitmap scan that reads every row the index has ever
  // pointed at (dispatched ones too, until vacuum) and sorts them, 0.1 s per claim at 100,000 events.
  await tx.execute(sql`select set_config('enable_bitmapscan', 'off', true), set_config('enable_seqscan', 'off', true)`);
  const due = tx
    .select({ tenantId: events.tenantId, id: events.id })
    .from(events)
    .where(
      and(
        isNull(events.dispatchedAt),
        isNull(events.parkedAt),
        or(isNull(events.nextAttemptAt), lte(events.nextAttemptAt, o.now)),
        o.tenantId ? eq(events.tenantId, o.tenantId) : undefined,
        o.afterSeq > 0 ? gt(events.seq, o.afterSeq) : undefined,
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
